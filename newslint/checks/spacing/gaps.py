"""NL301-NL305: spaces missing after punctuation, and stray spaces."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import regex

from newslint.checks.spacing.base import SpacingRule
from newslint.document import Document
from newslint.lazy import LazyPattern
from newslint.rule import Fix, Violation

# --- missing spaces ---------------------------------------------------------------------------

# Each pattern starts at the rare junction (punctuation directly followed by a letter), so the
# engine scans fast; the word before it is checked afterwards.
# from the start of a run of stops only, taken whole (a long run of dots was quadratic)
GLUED_SENTENCE = LazyPattern(r"(?<![.!?])[.!?]++(?=\p{Lu}\p{Ll})")
WORD_BEFORE_SENTENCE = LazyPattern(
    r"(?<![\p{L}\p{N}_@/\\.-])\p{L}*\p{Ll}\p{Ll}[)\]\"\u201d\u2019]?$"
)
# a sentence run into one opening with an acronym: `for us.ISR is vital` (a lower-case word
# before: `Socket.IO`, `ASP.NET`, `U.S.A` are names; a lower-case word after: not a file's type)
GLUED_ACRONYM = LazyPattern(r"\.(?=\p{Lu}{2,}(?![\p{L}\p{N}.])[ \t]+\p{Ll})")
LOWER_WORD_BEFORE = LazyPattern(r"(?<![\p{L}\p{N}_@/\\.-])\p{Ll}{2,}$")
# GLUED_SENTENCE's junctions, and those across a quotation mark (`years."It`, `said.”You`,
# `so.“We`), in one pass; the junctions after a figure are among them (`in 2015.The`, `the
# iPhone 6.Beyond`, `was 7-4.Councillors`; not a version or an address: `2.0.Beta`, `v2.Final`)
# (any capital after it: NL505 starts a sentence at each; NL301 wants a word, a lower-case
# letter after the capital)
JUNCTION = LazyPattern(r"(?<![.!?])[.!?]++(?P<mark>[\"\u201c\u201d\u2018\u2019])?(?=\p{Lu})")
FIGURE_BEFORE = LazyPattern(r"(?<![\p{L}\p{N}_@/\\.:,-])(?:\d+[-\u2013])?\d[\d,]*$")
GLUED_COMMA = LazyPattern(r"[,;:](?=[\p{Lu}\p{Ll}\p{Lt}\p{Lo}])")  # not ,ₛ (a formula's subscript)
WORD_BEFORE_COMMA = LazyPattern(r"(?<![\p{L}\p{N}_&#@/\\.-])\p{L}{2,}$")
SCHEMES = frozenset(
    "javascript mailto urn tel file data irc news ftp http https sms callto skype"
    # wiki namespaces: Wikipedia:Lists, Category:Politics
    " wikipedia category template talk user help portal image special wp".split()
)
ENTITIES = frozenset("amp quot lt gt nbsp apos mdash ndash hellip rsquo lsquo ldquo rdquo".split())


def junctions(doc: Document) -> list:
    """JUNCTION's matches in the document, found once (NL301 reads them, and NL505 starts
    sentences at them: a sentence glued to the last starts there)."""
    return doc.memo("spacing.junctions", lambda: list(JUNCTION.finditer(doc.text)))


def glued_stops(text: str, start: int, end: int) -> Iterator:
    """The stops between ``start`` and ``end`` that end a sentence glued to the next, as NL301
    reads them (`injured.Your`): after a word in lower case, not an ellipsis (NL707 splits
    flattened lines' sentences there too)."""
    for m in GLUED_SENTENCE.finditer(text, start, end):
        if _glued_stop(text, m.start()):
            yield m


def _glued_stop(text: str, at: int) -> bool:
    """The stops at ``at`` (before a capital and a lower-case letter) end a sentence glued to
    the next: after a word in lower case, not an ellipsis."""
    if at and text[at - 1] in ".!?":
        return False  # inside a longer run, seen from its start
    if text.startswith("..", at):
        return False  # an ellipsis written without a space (wages...And): a style
    return WORD_BEFORE_SENTENCE.search(text, max(0, at - 40), at) is not None


class MissingSpaceAfterSentence(SpacingRule):
    """A sentence ends and the next starts without a space: `injured.Your`, `years."It`, `in 2015.The`.

    Scrapers join paragraphs and spinners drop spaces; a reader sees one long garbled word,
    and sentence splitters, search indexes and text-to-speech all get it wrong. Domains
    (`bbc.co.uk`, `X.com`), URLs, e-mail addresses, numbers (`3.5`), abbreviations and
    initials (`U.S.`, `J.K. Rowling`) and ellipses written without a space (`wages...And`, a
    style of wire copy) are left alone. A sentence opening with an acronym counts after a word
    in lower case, before a word in lower case (`for us.NATO is`): `Socket.IO` is a name.
    Across a quotation mark the space goes after a closing mark (`challenge." Earlier`) and
    before an opening one (`years. "It`); a straight mark closes when its line has opened a
    quotation before it. After a figure, the next word must have three letters or more, and
    the figure must stand alone (`2.0.Beta`, `v2.Final` and times are left alone).
    """

    code, name = "NL301", "missing-space-after-sentence"
    fixable = "safe"
    bad = [
        (
            "They were found injured⟦.⟧Your government has lied.",
            "They were found injured. Your government has lied.",
        ),
        "It was promised aid in return⟦.⟧What is clear is the risk.",
        "Thank you for your insights⟦.⟧This is a complex situation.",
        "He said it was \u201cover\u201d⟦.⟧Then he left.",
        "It was a win for us⟦.⟧NATO is said to agree.",
        (
            '"I am up for the challenge⟦."⟧Earlier, he said so.',
            '"I am up for the challenge." Earlier, he said so.',
        ),
        (
            '"We are sad," she said of her 40 years⟦."⟧It is the heart of the town."',
            '"We are sad," she said of her 40 years. "It is the heart of the town."',
        ),
        (
            "It was over, he said⟦.\u201d⟧You can see why.",
            "It was over, he said.\u201d You can see why.",
        ),
        (
            "The vote was 7-4⟦.⟧Councillors will meet in May.",
            "The vote was 7-4. Councillors will meet in May.",
        ),
        "It was taken at a rally in 2015⟦.⟧Image copyright Getty",
    ]
    good = [
        "It cost $3.5m, up from 10.30 last year.",
        "See bbc.co.uk or X.com for more.",
        "The U.S. economy grew, said J.K. Rowling.",
        "Write to news@example.org today.",
        "Visit https://example.com/Page.Html now.",
        "He paused... Then he spoke.",
        "Farmers said wages...And prices were rising.",
        "Built with Socket.IO and ASP.NET in the U.S.A today.",
        "Open the file readme.TXT now.",
        "Install version 2.0.Beta or v2.Final today, from example.com/v2.Main.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        # one pass over the junctions: a stop (maybe with a quotation mark) before a word
        for m in junctions(doc):
            at, end = m.start(), m.end()
            if not text[end + 1 : end + 2].islower():
                continue  # an initial, an acronym (`U.S.A`, `for us.NATO`: GLUED_ACRONYM's)
            if m.group("mark"):
                found = self._at_quote(text, at, end)
            elif _glued_stop(text, at):
                found = end, f"missing space after '{m.group()}'"
            else:
                found = self._after_figure(text, at, end)
            if found is None or doc.is_protected(at) or doc.is_protected(end):
                continue
            where, message = found
            yield self.violation(at, end, message, Fix.insert(where, " ", title="insert a space"))
        for m in GLUED_ACRONYM.finditer(text):
            at = m.start()
            if not LOWER_WORD_BEFORE.search(text, max(0, at - 40), at):
                continue
            if doc.is_protected(at) or doc.is_protected(at + 1):
                continue
            yield self.violation(
                at,
                at + 1,
                "missing space after '.'",
                Fix.insert(at + 1, " ", title="insert a space"),
            )

    @staticmethod
    def _at_quote(text: str, at: int, end: int) -> Optional[tuple]:
        """`years."It`: the space goes after a closing mark and before an opening one; a
        straight mark closes when its line has an odd number of them before it."""
        if not WORD_BEFORE_SENTENCE.search(text, max(0, at - 40), at):
            return None
        mark = text[end - 1]
        if mark == '"':  # closing when the line has opened a quotation before it
            line = text.rfind("\n", 0, at) + 1
            closes = text.count('"', line, end - 1) % 2 == 1
        else:
            closes = mark in "\u201d\u2019"
        if closes:
            return end, f"missing space after '{text[at:end]}'"
        return end - 1, f"missing space after '{text[at : end - 1]}'"

    @staticmethod
    def _after_figure(text: str, at: int, end: int) -> Optional[tuple]:
        """`in 2015.The`: one stop after a figure standing alone, before a word of three
        letters or more."""
        if end - at != 1 or not text[at - 1 : at].isdigit():
            return None
        after = text[end + 1 : end + 3]
        if len(after) < 2 or not all(c.islower() for c in after):
            return None
        if not FIGURE_BEFORE.search(text, max(0, at - 30), at):
            return None
        return end, f"missing space after '{text[at:end]}'"


class MissingSpaceAfterComma(SpacingRule):
    """A comma, semicolon or colon between two words has no space after it: `Korea,stay`.

    Numbers (`10,000`, `10:30`), URLs, e-mail addresses, HTML entities and URI schemes
    (`mailto:`) are left alone.
    """

    code, name = "NL302", "missing-space-after-comma"
    fixable = "safe"
    bad = [
        (
            "They can return to North Korea⟦,⟧stay in Ukraine or leave.",
            "They can return to North Korea, stay in Ukraine or leave.",
        ),
        "It is a profound tragedy⟦,⟧both politically and humanly.",
        "Thank you⟦,⟧Emma.",
        "The plan had one flaw⟦;⟧nobody read it.",
    ]
    good = [
        "Over 10,000 soldiers arrived at 10:30 on 1,2 March.",
        "Write to mailto:desk@example.com or see http://example.com/a,b.",
        "Tom &amp;quot;Jerry&amp;quot; said so.",
        "Scores: 3-1, 2-2; a draw.",
        "The show CSI:NY and the chart CD:UK.",
        "Here is the TL;DR version.",
        "See Wikipedia:Lists and Category:Politics.",
        "Score = max(Score\u2098,\u209b - 1)",
        "How do we know the user meant company:Apple AND product:iPhone here?",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for m in GLUED_COMMA.finditer(text):
            at, punct = m.start(), m.group()
            before = WORD_BEFORE_COMMA.search(text, max(0, at - 40), at)
            if not before or doc.is_protected(at) or doc.is_protected(before.start()):
                continue
            word = before.group().lower()
            if word in ENTITIES or (punct == ":" and word in SCHEMES):
                continue
            if punct == ":" and text[at + 1 : at + 2] == ":":
                continue  # std::move
            if punct in ":;" and _caps_pair(text, before.start(), at):
                continue  # CSI:NY, CD:UK, TL;DR
            if punct == ":" and _query(text, at):
                continue  # search syntax: company:Apple AND product:iPhone
            yield self.violation(
                at,
                at + 1,
                f"missing space after '{punct}'",
                Fix.insert(at + 1, " ", title="insert a space"),
            )


CAPS_AFTER = LazyPattern(r"\p{Lu}{2,}\b")
FIELD_VALUE = LazyPattern(r"(?<![\w:/])\p{Ll}+:[\p{L}\d\"']")


def _query(text: str, mark: int) -> bool:
    """The line holds two field:value terms or more: a search query written out, whose
    colons take no space (`company:Apple AND product:iPhone`)."""
    start = text.rfind("\n", 0, mark) + 1
    end = text.find("\n", mark)
    return len(FIELD_VALUE.findall(text, start, end if end >= 0 else len(text))) >= 2


def _caps_pair(text: str, word_start: int, mark: int) -> bool:
    """Capitals on both sides of the mark: an acronym or a title (CD:UK, TL;DR)."""
    return text[word_start:mark].isupper() and bool(CAPS_AFTER.match(text, mark + 1))


# --- stray spaces -----------------------------------------------------------------------------

SPACE_BEFORE = LazyPattern(
    r"(?<=[\p{L}\p{N}\u201d\"\u2019)])([ \t]+)([,;:!?]|\.(?!\.)(?! \. ?\.))(?=\s|[\"\u201d\u2019)]|$)"
)
# in Markdown the mark may be set in emphasis of its own, after a link or a bold word:
# `[**ISR**](url) **:** Pages ...`, `... [for Python](url) **. Your feedback**`
# (found from the emphasis, a rare character; the spaces and the word before are read after)
EMPHASISED_MARK = LazyPattern(r"(\*{1,2}|_{1,2})([,;:!?]|\.(?!\.))\1?(?=[ \t\n]|$)")
WORD_BEFORE_SPACES = LazyPattern(r"(?:[\p{L}\p{N})\u201d\"\u2019]|[\p{L}\p{N}.!?][*_]{1,2})[ \t]+$")
LOWER_WORD_AFTER = LazyPattern(r" [\p{Ll}@(]")
MULTI_SPACE = LazyPattern(r"(?<=\S)( {2,})(?=\S)")
# The lookbehind starts a match only where a run of blanks starts: without it a long run of
# spaces inside a line is rescanned from each of its characters (quadratic, minutes).
TRAILING = LazyPattern(r"(?<![ \t\u00a0\u3000])[ \t\u00a0\u3000]+$", regex.MULTILINE)


# a mark after a space, found first (the full pattern opens with a lookbehind, which the engine
# tries at every character: five times slower on BBC); the full pattern is then tried once
# at the start of that run of spaces
SPACED_MARK = LazyPattern(r"[ \t][,;:!?.]")
JSON_VALUE = LazyPattern(r'[ \t]+(?:["{\[]|true\b|false\b|null\b|-?\d)')


def _spaced_marks(text: str) -> Iterator:
    """SPACE_BEFORE's matches in ``text``, as ``SPACE_BEFORE.finditer`` gives them."""
    for c in SPACED_MARK.finditer(text):
        run = c.start()
        while run and text[run - 1] in " \t":
            run -= 1
        m = SPACE_BEFORE.match(text, run)
        if m is not None and m.start(2) == c.end() - 1:
            yield m


class SpaceBeforePunctuation(SpacingRule):
    """A space stands before a comma, full stop, colon, semicolon, `?` or `!`: `said ,`.

    In English typography punctuation attaches to the word before it; a space there is a
    leftover from a join or a spinner. Spaced ellipses (`. . .`), code (`\\"key\\" : 1`) and a
    `?` standing between spaces before a lower-case word (a dash the encoding lost) are left
    alone. A mark set in Markdown emphasis of its own after a link or a bold word
    (`[**ISR**](url) **:** ...`, `[for Python](url) **. Tell us**`) is one a converter spaced
    off: the page shows `ISR :`.
    """

    code, name = "NL303", "space-before-punctuation"
    fixable = "safe"
    bad = [
        (
            "\u201cWe will stay,\u201d he said⟦ ,⟧ and left.",
            "\u201cWe will stay,\u201d he said, and left.",
        ),
        "Is this the end⟦ ?⟧ Nobody knows.",
        (
            "- [**Pages**](https://example.com/pages)⟦ **:**⟧ they build at once.",
            "- [**Pages**](https://example.com/pages)**:** they build at once.",
        ),
        "Read the guide [**for Python**](https://example.com/py)⟦ **.⟧ Tell us** what you think.",
    ]
    good = [
        "He paused ... and went on.",
        "Prices rose 3 % last year? No, 3%.",
        "A list: one, two.",
        "It was a strange match . . . momentum swings.",
        'The page held {\\"interval\\" : \\"10000\\"} and {"id" : "5", "live" : false} in its text.',
        "I am no Roy Cohn ? neither as aggressive nor as rich. Donald J. Trump ? @realDonaldTrump",
        "- [**Pages**](https://example.com/pages)**:** they build at once.",
        "A footnote *\n\n* **:** a list item opening with a bold colon.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for m in _spaced_marks(text):
            if doc.is_protected(m.start(2)) or doc.line_index(m.start()) in doc.table_lines:
                continue
            if text[m.start() - 1 : m.start()] == '"' and (
                text[m.start() - 2 : m.start() - 1] == "\\" or JSON_VALUE.match(text, m.end(2))
            ):
                continue  # code: a JSON key, "interval" : "10", "reverse" : false
            if m.group(2) in "?!" and LOWER_WORD_AFTER.match(text, m.end(2)):
                continue  # Cohn ? neither: a dash the encoding lost, not a question
            yield self.violation(
                m.start(1),
                m.end(2),
                f"space before '{m.group(2)}'",
                Fix.delete(m.start(1), m.end(1), title="remove the space"),
            )
        if "*" in text or "_" in text:
            yield from self._emphasised(doc)

    def _emphasised(self, doc: Document) -> Iterator[Violation]:
        """A space before a mark set in emphasis of its own: `[**ISR**](url) **:** Pages`."""
        text = doc.text
        for m in EMPHASISED_MARK.finditer(text):
            gap = WORD_BEFORE_SPACES.search(text, max(0, m.start() - 40), m.start())
            if (
                gap is None
                or doc.in_hidden(m.start(2))
                or doc.line_index(gap.end()) in doc.table_lines
            ):
                continue
            space = gap.start() + len(gap.group().rstrip(" \t"))
            yield self.violation(
                space,
                m.end(),
                f"space before '{m.group(2)}'",
                Fix.delete(space, m.start(), title="remove the space"),
            )


class MultipleSpaces(SpacingRule):
    """Two or more spaces inside a line between words.

    Usually a join or a deleted word. Opinionated (some writers put two spaces after a full
    stop), so off by default. Tables and space-aligned columns are left alone.
    """

    code, name = "NL304", "multiple-spaces"
    fixable = "safe"
    default_enabled = False
    bad = [("The troops⟦  ⟧were sent.", "The troops were sent.")]
    good = ["One space only.", "Team      P   W\nArsenal   3   2\n"]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for i, (s, e) in enumerate(doc.lines):
            if i in doc.table_lines or doc.in_hidden(s):
                continue
            runs = list(MULTI_SPACE.finditer(text, s, e))
            if len(runs) >= 2 or any(len(r.group(1)) >= 3 for r in runs):
                continue  # space-aligned columns
            for m in runs:
                yield self.violation(
                    m.start(1),
                    m.end(1),
                    f"{len(m.group(1))} spaces in a row",
                    Fix.replace(m.start(1), m.end(1), " ", title="use one space"),
                )


class TrailingWhitespace(SpacingRule):
    """A line ends with spaces or tabs.

    Invisible, but it breaks diffs, exact-match deduplication and some renderers. In Markdown,
    exactly two trailing spaces before a following line are a hard line break and are kept.
    Off by default: a reader of the text sees nothing wrong (select it for repository hygiene).
    """

    code, name = "NL305", "trailing-whitespace"
    fixable = "safe"
    default_enabled = False
    bad = [
        (
            "A line with spaces at the end.⟦   ⟧\nNext line.",
            "A line with spaces at the end.\nNext line.",
        )
    ]
    good = ["A clean line.\nAnother.\n"]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for m in TRAILING.finditer(text):
            if doc.in_hidden(m.start()):
                continue
            if doc.kind == "markdown" and m.group() == "  " and _next_line_has_text(text, m.end()):
                continue
            yield self.violation(
                m.start(),
                m.end(),
                "trailing whitespace",
                Fix.delete(m.start(), m.end(), title="remove it"),
            )


def _next_line_has_text(text: str, end: int) -> bool:
    nxt = text.find("\n", end + 1)
    return bool(text[end + 1 : nxt if nxt != -1 else len(text)].strip())
