"""NL8xx encoding and invisible characters: mojibake, replacement characters, invisible and
control characters, unusual spaces."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from newslint.document import Document
from newslint.lazy import LazyPattern
from newslint.rule import Edit, Fix, Rule, Violation
from newslint.text import latin1_without


class EncodingRule(Rule):
    family = "encoding"


def _ftfy():
    import ftfy  # heavy: imported on first use only

    return ftfy


def _snippet(text: str, limit: int = 30) -> str:
    """The text for a message: cut to ``limit``, and every character a terminal would not
    show (controls, format characters such as U+200B) written as an escape, `\\x9d`."""
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


# --- NL801 mojibake -----------------------------------------------------------------------------


# A necessary condition for mojibake, checked before ftfy is imported: UTF-8 read as a
# single-byte encoding (Windows-1252/1250/1251, Latin-1, MacRoman, CP437) turns each multi-byte
# character into a lead character (bytes C2-F4) followed by a continuation (bytes 80-BF), or
# leaves C1 control characters. Plain accented text (café, Zürich) never matches.
_LEAD = (
    "\u00c0-\u024f\u02c6\u02dc\u0370-\u04ff\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026"
    "\u2030\u2039\u203a\u2044\u20ac\u2122\u2206\u221a\u2248\u2500-\u25ff\ufb01\ufb02"
)
_CONTINUATION = (
    "\u00a0-\u024f\u02c6-\u02dd\u0370-\u04ff\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026"
    "\u2030\u2039\u203a\u20ac\u2122\u2202\u220f\u2211\u221e\u222b\u2260\u2264\u2265"
    "\u2500-\u25ff"
)
MAYBE_MOJIBAKE = LazyPattern(f"[{_LEAD}][{_CONTINUATION}]|[\u00c2\u00c3] |[\u0080-\u009f]")
# the Latin-1 characters a match of it needs one of (a lead, or a C1 control)
MOJIBAKE_LATIN1 = "".join(map(chr, range(0x80, 0xA0))) + "".join(map(chr, range(0xC0, 0x100)))


class Mojibake(EncodingRule):
    """Mojibake: text decoded with the wrong encoding, `Itâ€™s` for `It’s`.

    A line is reported when ftfy's `fix_encoding` would change it; the report starts at the
    first mangled character (ftfy's badness pattern, without the ASCII context it matches
    around it), and the fix is ftfy's. ftfy is built never to change text
    that is not mojibake, so the fix is safe. Pure-ASCII lines are skipped at no cost.
    """

    code, name = "NL801", "mojibake"
    yields_to = ("NL805",)  # lone Windows-1252 controls are reported one by one there
    fixable = "safe"
    bad = [
        ("It⟦â€™s⟧ a deal, he said.", "It’s a deal, he said."),
        (
            "The café served cr⟦Ã¨me brÃ»lÃ©e⟧ to everyone.",
            "The café served crème brûlée to everyone.",
        ),
        "Le Schtroumpf conseille g⟦√¢teaux et baies schtroumpfantes pour un r√©gime √©quilibr√©⟧.",
    ]
    good = [
        "It’s a deal, said the café owner in Zürich.",
        "The price rose to £5 — or €6 — on Monday.",
        "Η ¨ανατροφή¨ δυστυχώς από τους προπονητές",
        "He won 3×2 in “the final” on Saturday.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        if text.isascii() or latin1_without(text, MOJIBAKE_LATIN1):
            return
        if not MAYBE_MOJIBAKE.search(text):
            return
        ftfy = _ftfy()
        bad_pattern = ftfy.badness.BADNESS_RE
        for s, e in doc.lines:
            line = text[s:e]
            if line.isascii() or doc.in_hidden(s) or not MAYBE_MOJIBAKE.search(line):
                continue
            fixed = ftfy.fix_encoding(line)
            if fixed == line:
                continue
            p = _common_prefix(line, fixed)
            q = _common_suffix(line[p:], fixed[p:])
            old, new = line[p : len(line) - q], fixed[p : len(fixed) - q]
            at = _first_bad(bad_pattern, line, p, len(line) - q)
            yield self.violation(
                s + at,
                e - q,
                f"mojibake: '{_snippet(old)}' should read '{_snippet(new)}'",
                Fix.replace(s + p, e - q, new, title=f"replace with '{_snippet(new)}'"),
            )


def _first_bad(pattern, line: str, start: int, end: int) -> int:
    """Where the mojibake starts: the first changed character, or the first character of
    ftfy's badness match over it when that match starts with a non-ASCII character."""
    for m in pattern.finditer(line, max(0, start - 3), end):
        at = m.start()
        while at < start and line[at].isascii():
            at += 1
        return min(at, start)
    return start


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


# --- NL802 replacement characters --------------------------------------------------------------

REPLACEMENT_RUN = LazyPattern("\ufffd+")


class ReplacementCharacter(EncodingRule):
    """A U+FFFD replacement character (`�`): a decoder already threw the original text away.

    Nothing can be recovered from the text itself, so there is no fix; go back to the source.
    Files that are not valid UTF-8 are reported once by NL001 instead, not at every `�`.
    """

    code, name = "NL802", "replacement-character"
    bad = ["The caf⟦\ufffd⟧ opened in M\ufffdnchen."]
    good = ["The café opened in München."]

    def check(self, doc: Document) -> Iterator[Violation]:
        if "\ufffd" not in doc.text or any(p.code == "NL001" for p in doc.problems):
            return
        for m in REPLACEMENT_RUN.finditer(doc.text):
            if doc.in_hidden(m.start()):
                continue
            n = len(m.group())
            what = "a replacement character" if n == 1 else f"{n} replacement characters"
            yield self.violation(
                m.start(),
                m.end(),
                f"{what} (U+FFFD): the original characters were lost in decoding",
            )


# --- NL803 invisible and control characters -------------------------------------------------------

# always out of place in prose: zero-width space, word joiner, BOM, invisible operators, soft
# hyphen, object replacement, C0 controls but tab and newline, DEL, C1 controls
INVISIBLE = LazyPattern(
    "[\u200b\u2060\ufeff\u2061-\u2064\u00ad\ufffc\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+"
    # joiners are needed in emoji and some scripts: only between Latin letters
    r"|(?<=\p{Latin}\p{M}*)[\u200c\u200d]+(?=\p{Latin})"
    # direction marks and overrides: only in lines without right-to-left letters
    "|[\u200e\u200f\u202a-\u202e\u2066-\u2069]+"
)
# the Latin-1 characters of INVISIBLE (every other it matches is above U+00FF)
INVISIBLE_LATIN1 = "".join(
    map(chr, (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xAD))
)
RTL = LazyPattern(r"[\p{Hebrew}\p{Arabic}\p{Syriac}\p{Thaana}\p{Nko}]")
C1 = LazyPattern("[\x80-\x9f]")
NAMES = {"\ufeff": "byte order mark", "\x00": "NUL", "\x7f": "DEL"}


def char_name(c: str) -> str:
    name = NAMES.get(c) or unicodedata.name(c, "")
    if not name:
        name = "C1 control" if "\x80" <= c <= "\x9f" else "control character"
    return f"{name.lower()} (U+{ord(c):04X})"


class InvisibleCharacter(EncodingRule):
    """An invisible or control character in the text: zero-width space, word joiner, a BOM inside the text, a soft hyphen, a C0 or C1 control.

    They break search, word counts and deduplication, and display as boxes in some places.
    Zero-width joiners and non-joiners are reported only between Latin letters (emoji and
    several scripts need them), direction marks only in lines without right-to-left letters,
    and C1 controls only when they are not part of mojibake (NL801 reports those). One report
    per line names them all; the fix removes them.
    """

    code, name = "NL803", "invisible-character"
    fixable = "safe"
    bad = [
        ("Kim⟦\u200b⟧Jong-un", "KimJong-un"),
        ("The inter⟦\u00ad⟧national summit", "The international summit"),
        ("A bell⟦\x07⟧ rang.", "A bell rang."),
        ("Wor⟦\u200d⟧d", "Word"),
        ("Mid-text ⟦\ufeff⟧BOM", "Mid-text BOM"),
    ]
    good = [
        "A family: 👨\u200d👩\u200d👧 at the park.",
        "Tabs\tare fine.",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 in Persian needs a non-joiner.",
        "\u05e9\u05dc\u05d5\u05dd \u200fHebrew with a mark.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        if latin1_without(text, INVISIBLE_LATIN1):
            return  # none of the characters INVISIBLE matches stands in the text
        by_line: dict = {}  # one report per line: a hyphenating CMS leaves dozens of soft hyphens
        mojibake_lines: dict = {}  # line index -> whether ftfy would change it: asked once a line
        for m in INVISIBLE.finditer(text):
            first = m.group()[0]
            if doc.in_hidden(m.start()):
                continue
            if first in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
                line = doc.lines[doc.line_index(m.start())]
                if RTL.search(text, line.start, line.end):
                    continue
            if C1.match(first):
                index = doc.line_index(m.start())
                if index not in mojibake_lines:
                    mojibake_lines[index] = _is_mojibake(doc, index)
                if mojibake_lines[index]:
                    continue
            by_line.setdefault(doc.line_index(m.start()), []).append(m)
        for found in by_line.values():
            chars = "".join(m.group() for m in found)
            names = ", ".join(dict.fromkeys(char_name(c) for c in chars))
            what = (
                "invisible character" if len(chars) == 1 else f"{len(chars)} invisible characters"
            )
            edits = tuple(Edit(m.start(), m.end(), "") for m in found)
            yield self.violation(
                found[0].start(),
                found[-1].end(),
                f"{what}: {names}",
                Fix(edits, "safe", "remove them"),
            )


def _is_mojibake(doc: Document, index: int) -> bool:
    s, e = doc.lines[index]
    line = doc.text[s:e]
    return _ftfy().fix_encoding(line) != line


# --- NL805 C1 controls standing for Windows-1252 punctuation -----------------------------------

# Windows-1252 puts quotes, dashes, the ellipsis, the bullet, the euro and trade mark signs at
# bytes 0x80-0x9F; text read as Latin-1 keeps them as C1 controls.  Each is taken for its mark
# only where that mark can stand (the letters and rarer signs there are left to NL801: Mac
# Roman puts accented letters at the same bytes, `conf\x92an` is `confían`)
CP1252_MARKS = {
    "\x80": "\u20ac",
    "\x84": "\u201e",
    "\x85": "\u2026",
    "\x91": "\u2018",
    "\x92": "\u2019",
    "\x93": "\u201c",
    "\x94": "\u201d",
    "\x95": "\u2022",
    "\x96": "\u2013",
    "\x97": "\u2014",
    "\x99": "\u2122",
}
C1_MARKS = "\x80\x84\x85\x91\x92\x93\x94\x95\x96\x97\x99"
C1_MARK = LazyPattern(f"[{C1_MARKS}]")
C1_RUN = LazyPattern("[\x80-\xff]+")
OUTSIDE_LATIN1 = LazyPattern("[^\x00-\xff]")
CONTRACTION_END = LazyPattern(r"(?:s|t|re|ll|ve|d|m)(?![\p{L}\p{M}])")


class C1Punctuation(EncodingRule):
    r"""A C1 control character stands for a Windows-1252 quote, apostrophe, dash or ellipsis: `I\x92m`, `\x93Yes\x94`.

    Windows-1252 text was read as Latin-1, so its curly quotes and apostrophes (U+0091 to
    U+0094), dashes, ellipsis, bullet, euro and trade mark signs became invisible control
    characters. Every one is reported, with a safe fix to the mark Windows-1252 meant, where
    that mark can stand: a quote at a word's edge, an apostrophe in a contraction or at a
    word's edge, an ellipsis or bullet outside words, the euro sign by a figure. The line must hold nothing
    but Latin-1 (Windows-1252 read as Latin-1 gives nothing else), and C1 controls that are
    UTF-8 bytes read one by one (`â\x80\x99`) are NL801's, as are the letters and rarer signs
    at those bytes (Mac Roman puts `í` where Windows-1252 puts `’`). NL801 leaves a line to
    this rule where such a control is its first mangled character.
    """

    code, name = "NL805", "c1-punctuation"
    fixable = "safe"
    bad = [
        ("I⟦\x92⟧m sure it\x92s fine.", "I\u2019m sure it\u2019s fine."),
        ("He said ⟦\x93⟧yes\x94 \x96 twice\x85", "He said \u201cyes\u201d \u2013 twice\u2026"),
        (
            "Tickets cost ⟦\x80⟧20 at caf\u00e9s\x92 doors.",
            "Tickets cost \u20ac20 at caf\u00e9s\u2019 doors.",
        ),
    ]
    good = [
        "I\u2019m sure it\u2019s fine.",
        "It\u00e2\x80\x99s a UTF-8 apostrophe misread.",
        "Habitantes conf\x92an en el proyecto.",
        "\u0420\x98\u0420\u00b7 is Cyrillic read as Windows-1251.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        if text.isascii() or latin1_without(text, C1_MARKS) or not C1_MARK.search(text):
            return
        latin1_lines: dict = {}
        for run in C1_RUN.finditer(text):
            if not C1_MARK.search(run.group()) or _utf8_misread(run.group()):
                continue
            index = doc.line_index(run.start())
            if index not in latin1_lines:
                s, e = doc.lines[index]
                latin1_lines[index] = not OUTSIDE_LATIN1.search(text, s, e)
            if not latin1_lines[index] or doc.in_hidden(run.start()):
                continue
            for m in C1_MARK.finditer(text, run.start(), run.end()):
                i, c = m.start(), m.group()
                if not _mark_fits(text, i, c):
                    continue
                meant = CP1252_MARKS[c]
                yield self.violation(
                    i,
                    i + 1,
                    f"C1 control U+{ord(c):04X} stands for '{meant}' (Windows-1252 read as "
                    "Latin-1)",
                    Fix.replace(i, i + 1, meant, title=f"replace with '{meant}'"),
                )


def _utf8_misread(run: str) -> bool:
    """The Latin-1 characters are UTF-8 bytes read one by one: mojibake, not Windows-1252."""
    try:
        return not run.encode("latin-1").decode("utf-8").isascii()
    except UnicodeError:
        return False


def _mark_fits(text: str, i: int, c: str) -> bool:
    """Whether the mark Windows-1252 puts at ``c`` can stand at ``i``."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    word_before, word_after = before.isalnum(), after.isalnum()
    # (str.isspace takes U+0085 for a line break: only real spaces count)
    blank_before, blank_after = before in BLANKS, after in BLANKS
    if c in "\x84\x91\x93\x94":  # quotes, opening or closing (German closes with “)
        return not (word_before and word_after) and not (blank_before and blank_after)
    if c == "\x92":  # an apostrophe in a contraction, after a word, or opening ('90s)
        if word_before and word_after:
            return CONTRACTION_END.match(text, i + 1) is not None
        return word_before or (word_after and not before.isalpha())
    if c == "\x85":  # an ellipsis: not inside a word
        return not (word_before and word_after)
    if c == "\x80":  # the euro sign: by a figure
        return before.isdigit() or after.isdigit() or text[i + 2 : i + 3].isdigit()
    if c == "\x95":  # a bullet: opening a line or between spaces
        return not word_before and not word_after
    if c == "\x99":  # the trade mark sign: after a word
        return word_before and not word_after
    return True  # dashes stand anywhere


BLANKS = frozenset(" \t\n\r\u00a0")


# --- NL804 unusual spaces ----------------------------------------------------------------------------

UNUSUAL_SPACE = LazyPattern(
    r"(?<=[\p{Latin}\p{P}])[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+(?=[\p{Latin}\p{P}])"
)
FRENCH_BEFORE = frozenset(";:!?»\u203a")
FRENCH_AFTER = frozenset("«\u2039")


class UnusualSpace(EncodingRule):
    """An unusual space (non-breaking, thin, en/em, ideographic) between Latin words.

    Copied from word processors and CMS fields, they look like spaces but do not match one in
    search, tokenisers or deduplication. Spaces next to digits (`10 000`, `5 km`) and French
    spacing before `; : ! ?` and inside `« »` are left alone. Opinionated: off by default.
    The fix puts a plain space.
    """

    code, name = "NL804", "unusual-space"
    fixable = "safe"
    default_enabled = False
    bad = [
        ("The prime⟦\u00a0⟧minister spoke.", "The prime minister spoke."),
        "Tokyo⟦\u3000⟧and Osaka",
    ]
    good = [
        "It weighs 5\u00a0kg and costs 10\u202f000 euros.",
        "Il a dit\u202f: « oui\u00a0».",
        "A plain space.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        if text.isascii():
            return
        for m in UNUSUAL_SPACE.finditer(text):
            before, after = text[m.start() - 1], text[m.end()]
            if after in FRENCH_BEFORE or before in FRENCH_AFTER or doc.in_hidden(m.start()):
                continue
            names = ", ".join(
                dict.fromkeys(unicodedata.name(c, "space").lower() for c in m.group())
            )
            yield self.violation(
                m.start(),
                m.end(),
                f"unusual space: {names}",
                Fix.replace(m.start(), m.end(), " ", title="use a plain space"),
            )
