"""The per-document analysis NL101-NL103 and their summaries share: computed once per
document and user dictionary (``Document.memo``).

Its distinct words come from one C-level translate + split; a set difference with the
lexicon leaves the few unknown ones, judged once per process (``candidates.verdict``).
Capitalised words are only looked at where a sentence starts: elsewhere they are names.
Only for the few unknown words is each occurrence's context looked at, and before their
candidates are worked out (once per process, and the costliest step): a word skipped
wherever it stands (a unit, a quoted or foreign word) needs none."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Optional

import regex

from newslint.checks.spelling.candidates import APOSTROPHES, Verdict, strip_possessive, verdict
from newslint.checks.spelling.foreign import CLAUSE_WORD, PARTICLES, foreign_context
from newslint.checks.spelling.starts import sentence_starts
from newslint.document import ABBREVIATIONS, WORD, Document
from newslint.lazy import LazyPattern
from newslint.lexicon import get_lexicon

# A document with at least this many lower-case words, of which at least this share are
# unknown, is not English: one NL103 report instead of hundreds of typos.
NON_ENGLISH_MIN_WORDS = 20
NON_ENGLISH_UNKNOWN_SHARE = 0.30
MIN_LENGTH = 3  # shorter words are abbreviations, interjections, foreign particles
# A slip of the keys is not made the same way twice in a document; a term (a project name,
# a word of the field, a loanword) is used again.  Listed misspellings are reported however
# often they are made, and so is a slip a writer repeats (_repeatable_slip).
TERM_USES = 2

SIC = LazyPattern(r"[\"'\u201d\u2019),.]*\s*[\[(]sic[\])]", regex.IGNORECASE)
SIC_REACH = 100  # characters after a word in which its "[sic]" may stand
OPENERS = " \t\u00a0\"'\u201c\u2018\u201e([{*\u2022\u2013\u2014-_>"
ENDERS = ".!?\u2026:"
QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


class Finding:
    __slots__ = ("start", "end", "word", "verdict")

    def __init__(self, start, end, word, verdict):
        self.start, self.end, self.word, self.verdict = start, end, word, verdict


class Analysis:
    def __init__(self, findings, checked, unknown, unknown_words, words=frozenset()):
        self.findings = findings  # occurrences with a listed misspelling or candidates
        self.words = words  # the document's distinct words: the corrections it already uses
        self.checked = checked  # distinct lower-case words (the language test)
        self.unknown = unknown  # ... of which unknown
        self.unknown_words = unknown_words  # lower-case unknown forms, for corpus vocabulary

    @property
    def non_english(self) -> bool:
        return _foreign_share(self.checked, self.unknown)


def _foreign_share(checked: int, unknown: int) -> bool:
    return checked >= NON_ENGLISH_MIN_WORDS and unknown >= NON_ENGLISH_UNKNOWN_SHARE * checked


def _outside_protected(doc: Document, unknown_words: set) -> tuple:
    """(distinct lower-case words, of which unknown) in the text outside URLs, addresses,
    handles, code and lines of a single token (a list of names: ``01. leo-gan``): a page of
    links (arxiv.org/search?searchtype=author) or of contributors is still in English.
    Asked only of a document that otherwise looks foreign."""
    text, parts, at = doc.text, [], 0
    listed = [m.span() for m in SINGLE_TOKEN_LINE.finditer(text)]
    for s, e in sorted([*doc.protected, *listed]):
        parts.append(text[at:s])
        at = max(at, e)
    parts.append(text[at:])
    tokens = (
        " ".join(parts)
        .encode("utf-8", "surrogatepass")
        .translate(SEPARATORS)
        .decode("utf-8", "surrogatepass")
        .split()
    )
    lower = set()
    for token in tokens:
        if token.islower():
            lower.update((token,) if token.isalpha() else WORD.findall(token))
    return len(lower), len(lower & unknown_words)


# a line of one token, maybe after a list marker: a name in a list, not a sentence
SINGLE_TOKEN_LINE = LazyPattern(r"(?m)^[ \t]*(?:[-*+\u2022]|\d+[.)])?[ \t]*\S+[ \t]*$")

ANALYSIS = "spelling.analysis"


def analyse(doc: Document, user: frozenset) -> Analysis:
    """The document's analysis with ``user``'s words allowed: one pass per document and
    dictionary, shared by NL101-NL103 and their summaries (the key holds the word set, so
    rules configured with other words get their own)."""
    return doc.memo((ANALYSIS, user), lambda: _analyse(doc, user))


# ASCII punctuation, digits and symbols become spaces (a byte-level translate, the fastest
# pass Python has): a split then gives a document's distinct words, and a set difference
# with the lexicon leaves the few unknown ones.  Tokens still holding other characters
# (curly quotes, dashes) are split properly by WORD later.
SEPARATORS = bytes(
    32 if c < 128 and not chr(c).isalpha() and chr(c) != "'" else c for c in range(256)
)


# Words found starting a sentence that are not worth a verdict (most are the same few known
# words: The, But, Officials), and those that are: asked once per process
_DISMISSED_STARTS: set = set()
_UNKNOWN_STARTS: set = set()
_STARTS_KEPT = 100_000  # words remembered, at most (a corpus's names are many)


def _unknown_starts(starts: set) -> list:
    """The capitalised words at sentence starts that the lexicon lacks, of checkable case."""
    found = []
    for word in starts - _DISMISSED_STARTS:  # a set difference: no Python step per word
        if word in _UNKNOWN_STARTS:
            found.append(word)
            continue
        if len(_DISMISSED_STARTS) + len(_UNKNOWN_STARTS) >= _STARTS_KEPT:
            _DISMISSED_STARTS.clear()
            _UNKNOWN_STARTS.clear()
        if (
            len(word) >= MIN_LENGTH
            and word.lower() not in get_lexicon().words
            and _checkable_case(word)
            and verdict(word) is not None
        ):
            _UNKNOWN_STARTS.add(word)
            found.append(word)
        else:
            _DISMISSED_STARTS.add(word)
    return found


def _checkable_case(word: str) -> bool:
    """lower, Capitalised; not ALL CAPS, iPhone or McDonald."""
    rest = word[1:]
    return rest.islower() or (
        not rest.isupper() and rest.replace("'", "").replace("\u2019", "").islower()
    )


# Words as written whose verdict has neither a listed correction nor a candidate: whatever
# their context, never a finding (kept for the process, as their verdicts are)
_NO_CANDIDATES: set = set()


def _analyse(doc: Document, user: frozenset) -> Analysis:
    text = doc.text
    words = set(
        text.encode("utf-8", "surrogatepass")
        .translate(SEPARATORS)
        .decode("utf-8", "surrogatepass")
        .split()
    )
    unknown_words, suspects = set(), set()
    # names and other capitalised words: see the sentence starts below
    for token in get_lexicon().words.lacking_lower(words):
        if len(token) < MIN_LENGTH:
            continue
        for word in (token,) if token.isalpha() else WORD.findall(token):
            if len(word) >= MIN_LENGTH and word.islower() and verdict(word) is not None:
                unknown_words.add(word)
    # the language test needs the distinct lower-case words only when many are unknown
    few = len(unknown_words) < NON_ENGLISH_MIN_WORDS * NON_ENGLISH_UNKNOWN_SHARE
    checked = len(words) if few else sum(map(str.islower, words))
    unknown = len(unknown_words)
    if _foreign_share(checked, unknown):
        # links, handles, code and lines of one name each (a list of contributors' user
        # names) are not the document's language: count without them
        checked, unknown = _outside_protected(doc, unknown_words)
        if _foreign_share(checked, unknown):
            # not in English (NL103 says so): no finding of it is reported, so none is worked
            # out; its unknown words still count towards the corpus's vocabulary
            return Analysis([], checked, unknown, frozenset(unknown_words))
    suspects.update(unknown_words)
    # capitalised words: only where a sentence starts (elsewhere they are names)
    # (each distinct word once; most are known words capitalised: The, But, Officials)
    suspects.update(_unknown_starts(sentence_starts(text)))
    # a writer who drops the g of -ing twice (purgin, turnin) does it on purpose: speech
    lex = get_lexicon()
    dropped_g = {w for w in suspects if w.endswith("in") and lex.known(w + "g")}
    if len(dropped_g) >= 2:
        suspects -= dropped_g
    # words an earlier document found to have no candidates are never reported: one set
    # difference instead of a look at each (most sentence starts left are such names)
    suspects -= _NO_CANDIDATES
    findings = []
    # inline code or a comment: every word's protection must be asked (see _protected)
    code = bool(suspects) and ("`" in text or "<!--" in text)
    for word in sorted(suspects):
        if word in user or word.lower() in user or strip_possessive(word).lower() in user:
            continue
        if word[0].isupper() and _capitalised_mid_sentence(doc, word):
            continue
        v = verdict(word)
        # the document's own evidence first: a word's candidates cost far more to work out
        if not word[0].isupper() and _capitalised_mid_sentence(doc, word[0].upper() + word[1:]):
            continue  # written capitalised elsewhere: a name spelt lower-case here
        starts = list(_occurrences(text, word))
        if not v.listed and not word.isascii():
            continue  # a loanword or a name with accents (naïve)
        if not v.listed and len(starts) >= TERM_USES and not _repeatable_slip(v.base):
            continue  # a term of the document
        if any(USER_NAME.search(text, max(0, s - 40), s) for s in starts):
            continue  # "Reddit user lerde": named as a user, a name all through the document
        if v.judged and not v.suspect:
            _NO_CANDIDATES.add(word)
            continue  # no candidates, as an earlier document found
        # the occurrences' context before the word's candidates, which cost far more to
        # work out once (a name, a quoted or a foreign word needs none)
        n = len(word)
        kept = [s for s in starts if not _skip_occurrence(doc, text, s, s + n, word, code)]
        if not kept:
            continue
        if not v.suspect:
            _NO_CANDIDATES.add(word)
            continue
        kept = [s for s in kept if not _skip_protected(doc, text, s, s + n, word, code)]
        findings.extend(Finding(s, s + n, word, v) for s in kept)
    findings.sort(key=lambda f: f.start)
    return Analysis(
        findings,
        checked,
        unknown,
        frozenset(w.lower() for w in unknown_words),
        words if findings else frozenset(),
    )


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Starts of ``word`` as a whole word in ``text``."""
    n, size = len(word), len(text)
    i = text.find(word)
    while i != -1:
        j = i + n
        if not (
            i
            and (
                _word_char(text[i - 1])
                or (text[i - 1] in APOSTROPHES and i > 1 and text[i - 2].isalpha())
            )
        ):
            if not (
                j < size
                and (
                    _word_char(text[j])
                    or (text[j] in APOSTROPHES and j + 1 < size and text[j + 1].isalpha())
                )
            ):
                yield i
        i = text.find(word, j)


def used_alone(text: str, words) -> set:
    """Those of ``words`` the text uses as words of their own at least once, not only
    joined by a hyphen to other letters (nots of have-nots; gpt of gpt-4 is used alone):
    what counts towards the corpus's vocabulary."""
    out = set()
    for word in words:
        n = len(word)
        for s in _occurrences(text, word):
            joined = (s > 1 and text[s - 1] in HYPHENS and text[s - 2].isalpha()) or (
                text[s + n : s + n + 1] in HYPHENS and text[s + n + 1 : s + n + 2].isalpha()
            )
            if not joined:
                out.add(word)
                break
    return out


HYPHENS = frozenset("-\u2010\u2011")


def _word_char(c: str) -> bool:
    return c.isalpha() or (c > "\u02ff" and unicodedata.category(c).startswith("M"))


def _capitalised_mid_sentence(doc: Document, word: str) -> bool:
    text = doc.text
    return any(not _sentence_initial(text, s) for s in _occurrences(text, word))


def _sentence_initial(text: str, start: int) -> bool:
    """The word at ``start`` begins a sentence, a line, a heading or a quotation."""
    i = start - 1
    while i >= 0 and text[i] in OPENERS:
        i -= 1
    if i < 0 or text[i] == "\n":
        return True
    if text[i] not in ENDERS:
        return False
    if text[i] == ".":
        j = i
        while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
            j -= 1
        before = text[j:i].lower().strip(".")
        if len(before) == 1 or before in ABBREVIATIONS:
            return False  # "Dr. Kim", "J. Smith": a name follows
    return True


# "Reddit user lerde", "Twitter handle dr_x": a platform's user named
USER_NAME = LazyPattern(r"\b\p{Lu}\p{L}+[ \t]+(?:user|username|handle)[ \t]+$")
# A TeX command with its argument (\frac{, \text{) or an invisible operator of rendered
# maths (U+2061-U+2064: the function application between log and n)
MATHS = LazyPattern(r"\\[a-zA-Z]{2,}\{|[\u2061-\u2064]")
MATHS_REACH = 60


def _in_maths(text: str, start: int, end: int) -> bool:
    """log n \\log n logn: maths rendered as text, its letters not words."""
    return MATHS.search(text, max(0, start - MATHS_REACH), end + MATHS_REACH) is not None


# hyphens and dashes join the parts of a compound: papier\u2013m\u00e2ch\u00e9
NEXT_CAPITALISED = LazyPattern(r"[ \t]+\p{Lu}")
# isn 't, hadn' t: a contraction broken by a space before or after its apostrophe
BROKEN_CONTRACTION = LazyPattern(
    r"(?:[ \t]+['\u2018\u2019]|['\u2018\u2019][ \t]+)(?:t|s|re|ll|ve|d|m)(?![\p{L}\p{M}])"
)
# [s]howing, [T]hey: a quotation's letters changed by the editor, in brackets before the rest
EDITED = LazyPattern(r"\[\p{L}{1,3}\]$")
# kuffs (infidels): a word glossed at once in brackets, another language's or a field's term
GLOSS = LazyPattern(
    r"[ \t]*(?:\((?:[\p{L}'\u2019]+[ \t]?){1,10}\)|\[(?:[\p{L}'\u2019]+[ \t]?){1,10}\])"
)
# a short quotation (up to MENTION_WORDS words) after words that name or quote a form: the
# quoted words are mentioned, spelt as someone else spelt or said them, not used
MENTION = LazyPattern(
    r"(?i)(?:\b(?:(?<!so-)called|dubbed|named|nicknamed|termed|known as|referred to as|refers? to|"
    r"the (?:word|term|phrase|name|words)|sound(?:s|ed|ing)? like|spel(?:t|led)(?: it)?)"
    r"[ \t,:]*)[\"'\u201c\u2018]$"
)
MENTION_WORDS = 6
# (Carcinus maenas): a genus and its species in brackets, a scientific name
BINOMIAL = LazyPattern(r"\(\p{Lu}\p{Ll}+[ \t]+$")
# a clock time just before a word: 11:06am, 10 a.m., 15:24 (a time zone may follow: ist, est)
CLOCK_BEFORE = LazyPattern(
    r"\d(?:[:.]\d\d[ \t]?(?:[ap]\.?m\.?)?|[ \t]?[ap]\.?m\.?)[ \t]+$", regex.I
)
# "**R** etrieval", "R etrieval": a word whose first letter the page set apart (a drop cap)
DROP_CAP = LazyPattern(r"(?<![\p{L}\p{M}])(\p{L})[*_]*[ \t]+$")


def _skip_occurrence(doc: Document, text: str, start: int, end: int, word: str, code: bool) -> bool:
    if word[0].isupper() and not _sentence_initial(text, start):
        return True  # a name
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if "\x80" <= after <= "\x9f" or after == "\ufffd" or "\x80" <= before <= "\x9f":
        return True  # doesn\x92t: a word cut by a character the decoding lost (NL8's)
    if before.isdigit() or after.isdigit() or before in "_@#/\\&" or after in "_/\\@&":
        return True  # 4thes, file_name, a/b, clich&#233;
    if before == "*" and start > 1 and (text[start - 2].isalpha() or text[start - 2] == "*"):
        return True  # F*cking, f**king: a word censored with asterisks, not misspelt
    if before == "]" and EDITED.search(text, max(0, start - 6), start):
        return True  # "[s]howing": a quotation's letters changed by the editor, in brackets
    if before == "." or (after == "." and text[end + 1 : end + 2].isalpha()):
        return True  # .png, util.promisify, a sentence glued to the last (NL301's business)
    if word.lower() in PARTICLES:
        return True  # Mohammed ibn Salman
    closing = after in QUOTES or (
        after in ",.!?" and text[end + 1 : end + 2] in QUOTES and end + 1 < len(text)
    )
    if (
        before in QUOTES
        and closing
        and (not _unmistakable(verdict(word)) or text[end + 1 : end + 2] == ":")
    ):
        return True  # a word quoted alone is mentioned, not used ("liberati"), or a key: 'args':
    if _mentioned(text, start, end):
        return True  # sounding like 'hoh lok': a form named or quoted as a form, not used
    if BROKEN_CONTRACTION.match(text, end):
        return True  # isn 't: a contraction broken by a space (the spacing rules' business)
    if word[0].isupper() and len(word) <= 6 and NEXT_CAPITALISED.match(text, end):
        return True  # Groupe LAPS, Tre Harbison: a name that starts a sentence
    if after in APOSTROPHES and word.endswith("in"):
        return True  # lovin', nothin'
    if before in APOSTROPHES and verdict("h" + word) is None:
        return True  # 'orrible, 'appy: a dropped h, written on purpose
    if _in_maths(text, start, end):
        return True  # c ln(parent.visits), \\log n logn: maths, not prose
    if _slug_line(text, start, end):
        return True  # profile-r-copy alone on a line: an image's or a page's file name
    if word.islower() and _listed_alone(text, start, end):
        return True  # "07. timothyasp": a user name or a label in a list, not prose
    if after == "(" and not text.startswith(("(s)", "(es)"), end):
        return True  # sqrt(rows), len(x): a function called, in code or maths (typo(s) is not)
    if _glossed(text, end) or _credited(text, start) or _drop_cap(text, start, word):
        return True
    if after == ")" and BINOMIAL.search(text, max(0, start - 40), start):
        return True  # (Carcinus maenas): a species' name
    if len(word) <= 4 and word[-1] in "tT" and CLOCK_BEFORE.search(text, max(0, start - 12), start):
        return True  # 11:06am ist, 10 a.m. est: a time zone after a clock time
    if word.islower() and _name_line(text, start, end):
        return True  # M Bharat lal: a name alone on its line, its last part in lower case
    if word[0].isupper() and _brand_shaped(word):
        return True  # Inquisitr, Tumblr: a name that dropped the vowel of its -er/-or
    if foreign_context(text, start, end, MIN_LENGTH):
        return True
    if before == "-" or (after == "-" and end + 1 < len(text) and text[end + 1].isalpha()):
        if _hyphen_part_is_fine(text, start, end, word):
            return True
    # bounded: unbounded, the engine first looks for "sic" in all the rest of the text
    return SIC.match(text, end, end + SIC_REACH) is not None


def _skip_protected(doc: Document, text: str, start: int, end: int, word: str, code: bool) -> bool:
    """In a URL, an address, code or a hidden span, or named in an address: asked last, of a
    word with candidates (the document's protected spans cost a pass of eight patterns)."""
    return _protected(doc, text, start, end, code) or _named_in_addresses(doc, word)


def _glossed(text: str, end: int) -> bool:
    """kuffs (infidels): the word is explained at once in brackets by known words, the way a
    writer brings in a word of another language or a field; a typo is not explained."""
    m = GLOSS.match(text, end)
    if not m:
        return False
    known = get_lexicon().known
    return all(known(w) for w in CLAUSE_WORD.findall(m.group()))


def _credited(text: str, start: int) -> bool:
    """Depositphotos.com/ bazil, Getty/ name: the word follows a slash across a space, the
    name in a photo credit or a path the scraper broke, not prose."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and i < start - 1 and text[i] == "/"


def _drop_cap(text: str, start: int, word: str) -> bool:
    """**R** etrieval: the word lost its first letter to a drop cap or bold initial set apart
    before it (an extraction defect of spacing, not a typo)."""
    m = DROP_CAP.search(text, max(0, start - 8), start)
    return bool(m) and get_lexicon().known(m.group(1).lower() + word.lower())


def _named_in_addresses(doc: Document, word: str) -> bool:
    """The word is part of an address the document gives (a URL, a domain, a handle): the
    name of a site, a product or a user (`transfonter` beside transfonter.org, `gtorious`
    beside @vgtorious), not a misspelling.  Asked only for words about to be reported."""
    low = word.lower()
    text = doc.text
    if len(word) < 4 or text.count(low) + (text.count(word) if word != low else 0) < 2:
        return False  # the text holds it once, as this word: no address of the document does
    return low in doc.memo("spelling.addresses", lambda: _addresses(doc))


def _addresses(doc: Document) -> str:
    text = doc.text
    return "\n".join(
        text[s:e].lower() for s, e in doc.protected if e - s >= 4 and not text[s:e].isdigit()
    )


_CHUNK_TAIL = ".,;:!?)]}\"'\u201d\u2019"
_URLISH = frozenset("@/\\#`_.:0123456789")


def _protected(doc: Document, text: str, start: int, end: int, code: bool) -> bool:
    """In a URL, e-mail address, handle, number, code or hidden span.  The document's
    protected spans cost a pass of eight patterns: ask only when the word's
    whitespace-delimited chunk looks like one of them (or the text has ``code`` or hidden
    parts)."""
    if doc.hidden or code:
        return doc.is_protected(start)
    s, e, size = start, end, len(text)
    while s > 0 and not text[s - 1].isspace():
        s -= 1
    while e < size and not text[e].isspace():
        e += 1
    chunk = text[s:e].rstrip(_CHUNK_TAIL)
    if _URLISH.isdisjoint(chunk):
        return False
    return doc.is_protected(start)


def _unmistakable(v: Optional[Verdict]) -> bool:
    """Listed, or its best candidate is two letters swapped or one doubled: ratteld, folllow."""
    return bool(v and (v.listed or (v.candidates and v.candidates[0][3] in ("swap", "double"))))


def _repeatable_slip(word: str) -> bool:
    """A slip a writer makes every time, not a term of the document: two letters swapped or
    one doubled (graffitti), or a British -our where the word has -or (honourary), of a word
    in use (pyspellchecker counts it: not a rare form, lered).  Asked of the one-edit
    neighbours only: the word's candidates (a two-edit search) cost far more; once per
    word and process (a term is used again in the documents of its field)."""
    found = _REPEATABLE.get(word)
    if found is None:
        lex = get_lexicon()
        found = _REPEATABLE[word] = (
            "our" in word and lex.frequency(word.replace("our", "or")) > 0
        ) or any(edit in ("swap", "double") for _, edit, _ in lex.neighbours(word))
    return found


_REPEATABLE: dict = {}  # word -> _repeatable_slip's answer


def _slug_line(text: str, start: int, end: int) -> bool:
    """The word is part of a hyphenated token that is a whole line by itself: a slug or a
    file name (photo-ofthe-day, profilel-r-copy) left by the scraper, not prose."""
    if "-" not in text[max(0, start - 1) : end + 1]:
        return False
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    line = text[lo : hi if hi != -1 else len(text)].strip()
    return "-" in line and not any(c.isspace() for c in line)


def _listed_alone(text: str, start: int, end: int) -> bool:
    """The lower-case word is a line's only token, maybe after a list marker (``olgavrou``,
    ``12. fpingham``): a name or a label in a list (a page's contributors), not a sentence."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return SINGLE_TOKEN_LINE.fullmatch(text, lo, hi if hi != -1 else len(text)) is not None


def _mentioned(text: str, start: int, end: int) -> bool:
    """The word stands in a short quotation after words that name or quote a form
    (sounding like 'hoh lok', the query refers to "goodle's theory")."""
    lo = max(0, start - 60)
    opening = max(text.rfind(q, lo, start) for q in "\"'\u201c\u2018")
    if opening < 0 or len(text[opening + 1 : start].split()) >= MENTION_WORDS:
        return False
    return MENTION.search(text, max(0, opening - 40), opening + 1) is not None


def _name_line(text: str, start: int, end: int) -> bool:
    """The word ends a short line whose other words are all capitalised (a byline or a
    credit: ``M Bharat lal``): a name written in lower case, not a typo."""
    m = LINE_END.match(text, end)
    if m is None:
        return False
    lo = text.rfind("\n", max(0, start - NAME_LINE_REACH), start) + 1
    if lo == 0 and start > NAME_LINE_REACH:
        return False  # a long line (or a text without lines) is no byline
    others = text[lo:start].split()
    return 1 <= len(others) <= NAME_LINE_WORDS and all(
        w[0].isupper() and w.replace(".", "").isalpha() for w in others
    )


LINE_END = LazyPattern(r"[ \t]*(?:\n|\Z)")
NAME_LINE_REACH = 80  # characters before the word a byline's other parts may take
NAME_LINE_WORDS = 3  # a name's other parts: first names, initials


def _brand_shaped(word: str) -> bool:
    """Inquisitr, Flickr, Tumblr: a capitalised name whose only correction puts back the
    vowel of a final -er or -or, a brand's spelling rather than a slip."""
    if len(word) < 5 or word[-1] != "r" or word[-2] in "aeiouyr" or not word[-2].isalpha():
        return False
    v = verdict(word)
    corrections = v.listed or tuple(c[0] for c in v.candidates[:1])
    low = word.lower()
    return bool(corrections) and all(c in (low[:-1] + "er", low[:-1] + "or") for c in corrections)


_COMPOUND = LazyPattern(r"[\p{L}\p{M}'\u2019]+(?:-[\p{L}\p{M}'\u2019]+)+")


def _hyphen_part_is_fine(text: str, start: int, end: int, word: str) -> bool:
    """Min-woo, Jong-un, co-ordinator, year-olds: a part of a hyphenated compound."""
    s = start
    while s > 0 and (text[s - 1].isalpha() or text[s - 1] in "-'\u2019"):
        s -= 1
    m = _COMPOUND.match(text, s)
    compound = m.group() if m else word
    parts = compound.split("-")
    if any(p[:1].isupper() for p in parts):
        return True  # a name: Kim Jong-un, Min-woo
    if any(p != word and len(p) >= MIN_LENGTH and verdict(p) is not None for p in parts):
        return True  # laissez-faire: the other part is foreign too
    if len(word) < 6 or get_lexicon().known(compound.replace("-", "")):
        return True
    return False
