"""NL1xx spelling: listed misspellings, probable one-edit typos, non-English documents.

How a document is checked (once per document, shared by the rules of this family):

1. Its distinct words come from one C-level translate + split; a set difference with the
   lexicon leaves the few unknown ones.  Per *unique* word, memoised per process: is it a
   listed misspelling, a regular derivation, one edit from a frequent word (candidates are
   worked out only when a document needs them; never edit distance 2).  Capitalised words
   are only looked at where a sentence starts: elsewhere they are names.
2. Only for the few words with a finding, look at each occurrence's context: mid-sentence
   capitals, ALL CAPS, digits, URLs and handles (protected spans), hyphenated name parts,
   quotes, foreign phrases, ``[sic]``, the user's dictionary.
3. Across the corpus (the engine's report filter): a word found in many documents is
   vocabulary, not a typo.
"""

from __future__ import annotations

import collections
import itertools
import math
import os
import unicodedata
import weakref
from collections.abc import Iterator
from typing import Optional

import regex

from newslint.document import ABBREVIATIONS, WORD, Document
from newslint.lazy import once
from newslint.lexicon import DATA, MAX_WORD, get_lexicon, pairs, read_data
from newslint.rule import Fix, Rule, Violation

MISSPELLINGS_FILE = os.path.join(DATA, "misspellings-en.txt.gz")

SIC = regex.compile(r"[\"'\u201d\u2019),.]*\s*[\[(]sic[\])]", regex.IGNORECASE)
SIC_REACH = 100  # characters after a word in which its "[sic]" may stand
OPENERS = " \t\u00a0\"'\u201c\u2018\u201e([{*\u2022\u2013\u2014-_>"
ENDERS = ".!?\u2026:"
APOSTROPHES = "'\u2019"

# How plausible each kind of slip is, added to log10(frequency) when ranking candidates:
# transposed letters and a dropped letter are the commonest typing errors.
EDIT_BONUS = {
    "swap": 4.0,
    "apostrophe": 3.0,
    "drop": 2.5,
    "double": 2.0,
    "replace": 0.5,
    "add": 0.0,
}
KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_POS = {c: (r, i) for r, row in enumerate(KEYBOARD) for i, c in enumerate(row)}

# A document with at least this many lower-case words, of which at least this share are
# unknown, is not English: one NL103 report instead of hundreds of typos.
NON_ENGLISH_MIN_WORDS = 20
NON_ENGLISH_UNKNOWN_SHARE = 0.30
MIN_LENGTH = 3  # shorter words are abbreviations, interjections, foreign particles


# --- data ---------------------------------------------------------------------------------


@once
def get_misspellings() -> dict:
    """typo -> "[!]correction[,correction...]", loaded on first use.

    "!" marks a certain correction (a safe fix); "+" stands for a space ("a+lot").
    """
    return pairs(read_data(MISSPELLINGS_FILE))


def listed_corrections(word: str):
    """(corrections, certain) from the misspelling list, or None."""
    entry = get_misspellings().get(word)
    if entry is None:
        return None
    return tuple(c.replace("+", " ") for c in entry.lstrip("!").split(",")), entry.startswith("!")


_USER_WORDS: dict = {}


def user_words(rule: Rule) -> frozenset:
    """The user's dictionary: ``words`` and ``dictionary-files`` (one word per line)."""
    key = (tuple(rule.context.words), tuple(rule.context.dictionary_files))
    if key not in _USER_WORDS:
        words = set(key[0])
        for path in key[1]:
            try:
                with open(path, encoding="utf-8-sig") as fh:
                    words.update(
                        line.strip() for line in fh if line.strip() and not line.startswith("#")
                    )
            except OSError:
                pass  # a missing dictionary file is the configuration's business, not a crash
        words |= {w.lower() for w in words}
        _USER_WORDS[key] = frozenset(words)
    return _USER_WORDS[key]


# --- verdicts per unique word ---------------------------------------------------------------


class Verdict:
    """What the lexicon says about one unknown word form.  Candidates are worked out only
    when a document needs them (most unknown words are names, never checked)."""

    __slots__ = ("word", "base", "listed", "certain", "_candidates")

    def __init__(self, word, base, listed=(), certain=False):
        self.word, self.base = word, base
        self.listed = listed  # corrections from the misspelling list
        self.certain = certain
        self._candidates = None

    @property
    def candidates(self) -> tuple:
        """((word, count, score), ...) best first; () for a derived word or no neighbour."""
        if self._candidates is None:
            self._candidates = () if self.listed else _candidates(self.word, self.base)
        return self._candidates

    @property
    def suspect(self) -> bool:
        return bool(self.listed or self.candidates)


_VERDICTS: dict = {}  # word as written -> Verdict | None (known)
_MISSING = object()


def verdict(word: str) -> Optional[Verdict]:
    """None when the word is known; else what is known about it.  Memoised per process."""
    v = _VERDICTS.get(word, _MISSING)
    if v is _MISSING:
        v = _VERDICTS[word] = _judge(word)
    return v


# Derived words the word list may lack: prefix + known word, known word + suffix.
PREFIXES = tuple(
    "re un de dis non pre co over under mis out anti counter inter sub super semi multi mega "
    "micro mini cyber eco euro tele post self ex mid bio geo hyper ultra".split()
)
SUFFIXES = (
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
    ("ers", ""),
    ("ers", "e"),
    ("er", ""),
    ("er", "e"),
    ("ings", ""),
    ("ings", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("d", ""),
    ("ee", ""),
    ("ee", "e"),
    ("y", ""),
    ("y", "e"),
    ("ey", "e"),
    ("ly", ""),
    ("ily", "y"),
    ("bly", "ble"),
    ("ful", ""),
    ("less", ""),
    ("iness", "y"),
    ("ier", "y"),
    ("iest", "y"),
    ("ied", "y"),
    ("ness", ""),
    ("ment", ""),
    ("ism", ""),
    ("ist", ""),
    ("ists", ""),
    ("ship", ""),
)
MIN_BASE = 4  # "thes" is not "the" + "s"
MIN_BASE_COUNT = 100
DERIVED_RIVAL_COUNT = 1000


def derived(word: str) -> Optional[str]:
    """How the word derives from known words: "prefix" (demerged), "suffix" (strugglers,
    probably), "compound" (gameplay); None if it does not."""
    if _prefixed(word):
        return "prefix"
    if _suffixed(word):
        return "suffix"
    frequency = get_lexicon().frequency
    for i in range(3, len(word) - 2):  # compounds of two common words: gameplay, conmen
        head, tail = word[:i], word[i:]
        least = 1000 if len(head) >= 4 and len(tail) >= 4 else 10000
        if frequency(head) >= least and frequency(tail) >= least:
            return "compound"
    return None


def _prefixed(word: str) -> bool:
    """A prefix + a common word (bases must be common words, not rare ones or names: co+sumer)."""
    common = get_lexicon().frequency
    return any(
        word.startswith(prefix)
        and len(word) - len(prefix) >= MIN_BASE
        and common(word[len(prefix) :]) >= MIN_BASE_COUNT
        for prefix in PREFIXES
    )


def _suffixed(word: str) -> bool:
    """A common word + a regular suffix."""
    common = get_lexicon().frequency
    for suffix, restore in SUFFIXES:
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            if suffix in ("s", "d") and base.endswith(("s", "'")):
                continue
            if suffix == "d" and not base.endswith("e"):
                continue
            base += restore
            if len(base) >= MIN_BASE and common(base) >= MIN_BASE_COUNT:
                return True
    return False


def _judge(word: str) -> Optional[Verdict]:
    lex = get_lexicon()
    if lex.known(word):
        return None
    base = _strip_possessive(word).lower().replace("\u2019", "'")
    if base != word.lower() and lex.known(base):
        return None
    listed = listed_corrections(base)
    if listed:
        corrections, certain = listed
        if len(corrections) > 1:  # the likeliest slip first: "thes" -> these, the, this
            order = {c: i for i, (c, *_) in enumerate(rank(base, lex.neighbours(base)))}
            corrections = tuple(sorted(corrections, key=lambda c: order.get(c, len(order))))
        return Verdict(word, base, corrections, certain)
    return Verdict(word, base)


def _candidates(word: str, base: str) -> tuple:
    if len(base) > MAX_WORD:  # a glued run of letters: the searches below are quadratic in it
        return ()
    ranked = rank(base, get_lexicon().neighbours(base) + _apostrophe_neighbours(base))
    how = derived(base)
    if how:
        # demerged, strugglers: a derivation, unless a common slip explains it better
        # (carefuly, foreing, developdent are typos, not careful+y, fore+ing, develop+dent)
        ranked = [
            c
            for c in ranked
            if c[1] >= DERIVED_RIVAL_COUNT
            and (
                c[3] in STRONG_EDITS or (how == "compound" and c[3] == "replace" and len(c[0]) >= 8)
            )
        ]
    return tuple(ranked)


STRONG_EDITS = frozenset({"swap", "drop", "double", "apostrophe"})
CONTRACTIONS = ("t", "s", "re", "ll", "ve", "d", "m")


def _apostrophe_neighbours(word: str) -> list:
    """dont -> don't, thats -> that's, youre -> you're."""
    lex = get_lexicon()
    out = []
    for ending in CONTRACTIONS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            cand = word[: -len(ending)] + "'" + ending
            count = lex.frequency(cand)
            if count:
                out.append((cand, "apostrophe", count))
    return out


def rank(word: str, neighbours: list) -> list:
    """Candidates best first: the likelier slip and the commoner word win.

    Each is (word, count, score, edit, strong): ``strong`` for the commonest slips
    (swapped, dropped or doubled letters, a lost apostrophe, a neighbouring key)."""
    scored = []
    for cand, edit, count in neighbours:
        if count <= 0:
            continue
        bonus = EDIT_BONUS[edit]
        adjacent = edit == "replace" and _adjacent_keys(word, cand)
        if adjacent:
            bonus += 1.0
        scored.append(
            (cand, count, math.log10(count) + bonus, edit, adjacent or edit in STRONG_EDITS)
        )
    scored.sort(key=lambda c: (-c[2], c[0]))
    return scored


def _adjacent_keys(typo: str, cand: str) -> bool:
    for a, b in zip(typo, cand):
        if a != b:
            pa, pb = _KEY_POS.get(a), _KEY_POS.get(b)
            return bool(pa and pb and abs(pa[0] - pb[0]) <= 1 and abs(pa[1] - pb[1]) <= 1)
    return False


def _strip_possessive(word: str) -> str:
    if len(word) > 2 and word[-2] in APOSTROPHES and word[-1] in "sS":
        return word[:-2]
    return word


def _restore(word: str, suggestion: str) -> str:
    """The suggestion in the writer's case and apostrophe, with the possessive put back."""
    base = _strip_possessive(word)
    if base[:1].isupper():
        suggestion = suggestion[:1].upper() + suggestion[1:]
    if "\u2019" in word:
        suggestion = suggestion.replace("'", "\u2019")
    return suggestion + word[len(base) :]


# --- per-document analysis (shared by NL101-NL103) -----------------------------------------


class Finding:
    __slots__ = ("start", "end", "word", "verdict")

    def __init__(self, start, end, word, verdict):
        self.start, self.end, self.word, self.verdict = start, end, word, verdict


class Analysis:
    def __init__(self, findings, checked, unknown, unknown_words):
        self.findings = findings  # occurrences with a listed misspelling or candidates
        self.checked = checked  # distinct lower-case words (the language test)
        self.unknown = unknown  # ... of which unknown
        self.unknown_words = unknown_words  # lower-case unknown forms, for corpus vocabulary

    @property
    def non_english(self) -> bool:
        return (
            self.checked >= NON_ENGLISH_MIN_WORDS
            and self.unknown >= NON_ENGLISH_UNKNOWN_SHARE * self.checked
        )


# id(document) -> (weak reference, user words, analysis): NL101-NL103 and their summaries
# share one pass per document (a file's summaries are taken after all its documents).
_ANALYSES: dict = {}
MAX_ANALYSES = 4096


def analyse(doc: Document, words: frozenset) -> Analysis:
    hit = _ANALYSES.get(id(doc))
    if hit is not None and hit[0]() is doc and hit[1] is words:
        return hit[2]
    result = _analyse(doc, words)
    if len(_ANALYSES) >= MAX_ANALYSES:
        for key in list(_ANALYSES)[: MAX_ANALYSES // 2]:
            del _ANALYSES[key]
    _ANALYSES[id(doc)] = (weakref.ref(doc), words, result)
    return result


SENTENCE_START = regex.compile(
    r"[.!?:\u2026\n][ \t\u00a0\"'\u201c\u2018\u201e(\[{*\u2022\u2013\u2014>_-]*(\p{Lu}[\p{Ll}\p{M}'\u2019]+)(?![\p{L}\p{M}])"
)
TEXT_START = regex.compile(SENTENCE_START.pattern.replace("[.!?:\\u2026\\n]", "^", 1))
# ASCII punctuation, digits and symbols become spaces (a byte-level translate, the fastest
# pass Python has): a split then gives a document's distinct words, and a set difference
# with the lexicon leaves the few unknown ones.  Tokens still holding other characters
# (curly quotes, dashes) are split properly by WORD later.
SEPARATORS = bytes(
    32 if c < 128 and not chr(c).isalpha() and chr(c) != "'" else c for c in range(256)
)


def _checkable_case(word: str) -> bool:
    """lower, Capitalised; not ALL CAPS, iPhone or McDonald."""
    rest = word[1:]
    return rest.islower() or (
        not rest.isupper() and rest.replace("'", "").replace("\u2019", "").islower()
    )


def _analyse(doc: Document, user: frozenset) -> Analysis:
    text = doc.text
    words = set(
        text.encode("utf-8", "surrogatepass")
        .translate(SEPARATORS)
        .decode("utf-8", "surrogatepass")
        .split()
    )
    unknown_words, suspects = set(), set()
    for token in words - get_lexicon().words:
        if not token.islower() or len(token) < MIN_LENGTH:
            continue  # names and other capitalised words: see the sentence starts below
        for word in (token,) if token.isalpha() else WORD.findall(token):
            if len(word) >= MIN_LENGTH and word.islower() and verdict(word) is not None:
                unknown_words.add(word)
    # the language test needs the distinct lower-case words only when many are unknown
    few = len(unknown_words) < NON_ENGLISH_MIN_WORDS * NON_ENGLISH_UNKNOWN_SHARE
    checked = len(words) if few else sum(map(str.islower, words))
    suspects.update(unknown_words)
    # capitalised words: only where a sentence starts (elsewhere they are names)
    for m in itertools.chain(TEXT_START.finditer(text, 0, 200), SENTENCE_START.finditer(text)):
        word = m.group(1)
        if len(word) >= MIN_LENGTH and _checkable_case(word) and verdict(word) is not None:
            suspects.add(word)
    findings = []
    for word in sorted(suspects):
        if word in user or word.lower() in user or _strip_possessive(word).lower() in user:
            continue
        if word[0].isupper() and _capitalised_mid_sentence(doc, word):
            continue
        v = verdict(word)
        if not v.suspect:
            continue
        if not word[0].isupper() and _capitalised_mid_sentence(doc, word[0].upper() + word[1:]):
            continue  # written capitalised elsewhere: a name spelt lower-case here
        for start in _occurrences(text, word):
            end = start + len(word)
            if not _skip_occurrence(doc, text, start, end, word):
                findings.append(Finding(start, end, word, v))
    findings.sort(key=lambda f: f.start)
    return Analysis(
        findings, checked, len(unknown_words), frozenset(w.lower() for w in unknown_words)
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


def _skip_occurrence(doc: Document, text: str, start: int, end: int, word: str) -> bool:
    if word[0].isupper() and not _sentence_initial(text, start):
        return True  # a name
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isdigit() or after.isdigit() or before in "_@#/\\&" or after in "_/\\@&":
        return True  # 4thes, file_name, a/b, clich&#233;
    if before == ".":
        return True  # .png, example.com, a sentence glued to the last (NL301's business)
    closing = after in QUOTES or (
        after in ",.!?" and text[end + 1 : end + 2] in QUOTES and end + 1 < len(text)
    )
    if before in QUOTES and closing and not _unmistakable(verdict(word)):
        return True  # a word quoted alone is mentioned, not used: the phrase "liberati"
    if BROKEN_CONTRACTION.match(text, end):
        return True  # isn 't: a contraction broken by a space (the spacing rules' business)
    if word[0].isupper() and len(word) <= 6 and NEXT_CAPITALISED.match(text, end):
        return True  # Groupe LAPS, Tre Harbison: a name that starts a sentence
    if after in APOSTROPHES and word.endswith("in"):
        return True  # lovin', nothin'
    if before in APOSTROPHES and verdict("h" + word) is None:
        return True  # 'orrible, 'appy: a dropped h, written on purpose
    if _foreign_context(text, start, end):
        return True
    if before == "-" or (after == "-" and end + 1 < len(text) and text[end + 1].isalpha()):
        if _hyphen_part_is_fine(text, start, end, word):
            return True
    # bounded: unbounded, the engine first looks for "sic" in all the rest of the text
    if SIC.match(text, end, end + SIC_REACH):
        return True
    return _protected(doc, text, start, end)


def _has_code(doc: Document) -> bool:
    """The text holds inline code or a comment (looked for once per document, not per word)."""
    found = doc.__dict__.get("_has_code")
    if found is None:
        found = doc.__dict__["_has_code"] = "`" in doc.text or "<!--" in doc.text
    return found


_CHUNK_TAIL = ".,;:!?)]}\"'\u201d\u2019"
_URLISH = frozenset("@/\\#`_.:0123456789")


def _protected(doc: Document, text: str, start: int, end: int) -> bool:
    """In a URL, e-mail address, handle, number, code or hidden span.  The document's
    protected spans cost a pass of eight patterns: ask only when the word's
    whitespace-delimited chunk looks like one of them (or the text has code or hidden parts)."""
    if doc.hidden or _has_code(doc):
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


QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
PARTICLES = frozenset(
    "de du des la le les en et au aux une von van der das und di da del della dei el los las il "
    "al bin ibn".split()
)
PREVIOUS_WORD = regex.compile(r"([\p{L}\p{M}'\u2019]+)[\s-]+$")
NEXT_CAPITALISED = regex.compile(r"[ \t]+\p{Lu}")
BROKEN_CONTRACTION = regex.compile(r"[ \t]+['\u2018\u2019](?:t|s|re|ll|ve|d|m)(?![\p{L}\p{M}])")
NEXT_WORD = regex.compile(r"[\s-]+([\p{L}\p{M}'\u2019]+)")


def _unmistakable(v: Optional[Verdict]) -> bool:
    """Listed, or its best candidate is two letters swapped or one doubled: ratteld, folllow."""
    return bool(v and (v.listed or (v.candidates and v.candidates[0][3] in ("swap", "double"))))


def _foreign_context(text: str, start: int, end: int) -> bool:
    """au fait, en masse, joie de vivre, laissez-faire: a foreign phrase, not a typo."""
    m = PREVIOUS_WORD.search(text, max(0, start - 30), start)
    n = NEXT_WORD.match(text, end)
    for near in (m and m.group(1), n and n.group(1)):
        if not near:
            continue
        if near.lower() in PARTICLES:
            return True
        if near[0].islower() and len(near) >= MIN_LENGTH and verdict(near) is not None:
            return True  # two unknown words in a row
    return False


_COMPOUND = regex.compile(r"[\p{L}\p{M}'\u2019]+(?:-[\p{L}\p{M}'\u2019]+)+")


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


# --- the rules ----------------------------------------------------------------------------


class SpellingRule(Rule):
    family = "spelling"

    def analysis(self, doc: Document) -> Analysis:
        return analyse(doc, user_words(self))


class CorpusAwareRule(SpellingRule):
    """A spelling rule whose reports the corpus can overrule: the engine hands every
    document's summary to ``filter_reports`` once all documents are linted."""

    filters_reports = True

    def summarize(self, doc: Document):
        a = self.analysis(doc)
        if not a.findings and not a.unknown_words:
            return _NOTHING  # still a document: the share threshold counts it
        return {
            "words": a.unknown_words | {f.word.lower() for f in a.findings},
            "flagged": {doc.position(f.start): f.word.lower() for f in a.findings},
        }

    def filter_reports(self, reports: list, summaries: list) -> list:
        """Drop reports of words found in many documents of the corpus: its vocabulary."""
        least = int(self.settings.get("vocabulary-documents", 0) or 0)
        if least <= 0:
            return reports
        threshold = max(
            least, float(self.settings.get("vocabulary-share", 0) or 0) * len(summaries)
        )
        documents = collections.Counter()
        for _, s in summaries:
            documents.update(s["words"])
        vocabulary = {w for w, n in documents.items() if n >= threshold}
        if not vocabulary:
            return reports
        flagged = {}
        for path, s in summaries:
            for pos, w in s["flagged"].items():
                flagged[(path, *pos)] = w
        return [
            r
            for r in reports
            if r.code != self.code or flagged.get((r.path, r.line, r.column)) not in vocabulary
        ]


# a word is corpus vocabulary when found in this many documents, and in this share of them
VOCABULARY_OPTION = {"vocabulary-documents": 3, "vocabulary-share": 0.01}
_NOTHING = {"words": frozenset(), "flagged": {}}


class KnownMisspelling(CorpusAwareRule):
    """A word is a known misspelling: `accomodate`, `definately`, `recieve`.

    ## What it does
    Looks every unknown word up in a curated list of common misspellings (crate-ci/typos'
    list, MIT; entries that are words in any English dialect or common names removed) and
    reports the correction.

    ## Why is this bad?
    A misspelling in published news costs the reader's trust; a listed one is almost always
    a real typo.

    ## Never flagged
    Capitalised words mid-sentence (names), ALL CAPS, words with digits, URLs, e-mail
    addresses, @handles, #hashtags, hyphenated name parts, words written capitalised
    elsewhere in the document, a word followed by `[sic]`, quoted words, foreign phrases
    (`au fait`, `laissez-faire`) and the user's dictionary.

    ## Fix safety
    Unsafe (a person confirms it), unless the list marks the correction as certain.

    ## Options
    `vocabulary-documents` (default 0: off, since a listed misspelling stays one however
    often it occurs) and `vocabulary-share`: as in NL102.
    """

    code, name = "NL101", "known-misspelling"
    fixable = "sometimes"
    options = {**VOCABULARY_OPTION, "vocabulary-documents": 0}  # a listed typo stays a typo
    bad = [
        ("⟦Thes⟧ troops were sent.", "These troops were sent."),
        ("They were equipped ⟦wiht⟧ rifles.", "They were equipped with rifles."),
        "It is ⟦onyl⟧ a matter of time.",
        "This ⟦coudl⟧ backfire.",
        "It will work if ⟦peopel⟧ ask.",
        ("We will ⟦accomodate⟧ everyone.", "We will accommodate everyone."),
        "It was ⟦definately⟧ over by then.",
        "They did not ⟦recieve⟧ the letter.",
        "The ⟦goverment⟧ said so.",
    ]
    good = [
        "We will accommodate everyone.",
        "The colour of the programme's centre, organised by the defence ministry.",
        'He wrote that it was "definately" [sic] over.',
        "Mr Recieve spoke for the Goverment Party.",
        "Dr. Thes spoke. Thes was right, said Mr Thes.",
        "Kim Jong-un met Chun In-bum and Min-woo Kim.",
        "It was a hit. Groupe LAPS produces films.",
        "Call ACCOMODATE or see goverment.example.org.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        a = self.analysis(doc)
        if a.non_english:
            return
        for f in a.findings:
            if not f.verdict.listed:
                continue
            corrections = [_restore(f.word, c) for c in f.verdict.listed]
            message = f"'{f.word}' is a misspelling of '{corrections[0]}'"
            if len(corrections) > 1:
                message += " (or " + ", ".join(f"'{c}'" for c in corrections[1:]) + ")"
            safety = "safe" if f.verdict.certain and len(corrections) == 1 else "unsafe"
            yield self.violation(
                f.start,
                f.end,
                message,
                Fix.replace(
                    f.start, f.end, corrections[0], safety, f"replace with '{corrections[0]}'"
                ),
            )


class ProbableTypo(CorpusAwareRule):
    """An unknown word is one edit from a frequent word: `wiht` for `with`, `Thes` for `These`.

    ## What it does
    A lower-case word (or a capitalised word starting a sentence) that no English dialect,
    inflection or name in the lexicon knows, and that one insertion, deletion, substitution
    or transposition turns into a frequent word. The suggestion is the likeliest slip:
    transposed letters and dropped letters first, then the commoner word.

    ## Why is this bad?
    Scrapers and hurried writers leave typos that a list of known misspellings never
    catches; a dictionary alone would flag every name. One edit from a frequent word is the
    shape of a typo.

    ## Never flagged
    The same as NL101: names (capitalised mid-sentence, or written capitalised anywhere in
    the document), ALL CAPS, digits, URLs, e-mail addresses, handles, hyphenated name
    parts, `[sic]`, quoted words, foreign phrases, regular derivations and compounds of
    known words (`demerged`, `gameplay`), the user's dictionary (`words`,
    `dictionary-files`) and corpus vocabulary.

    ## Fix safety
    Unsafe: a person confirms the suggestion.

    ## Options
    `min-frequency` (default 1000): how common (pyspellchecker's counts) a candidate for a
    five-letter word must be; longer words need less (any known word from eight letters),
    shorter ones far more and a likelier slip (three letters: a swap, or one of the ~150
    commonest words). `min-frequency-sentence-start` (default 200000): the same for a
    capitalised word at the start of a sentence, which may be a name; only the commonest
    slips count there. `vocabulary-documents` (default 3; 0 turns it
    off) and `vocabulary-share` (default 0.01): a word found in at least this many documents
    of the corpus being linted, and in at least this share of them, is vocabulary (wire
    abbreviations, jargon, house style), not a typo.
    """

    code, name = "NL102", "probable-typo"
    fixable = "unsafe"
    options = {"min-frequency": 1000, "min-frequency-sentence-start": 200000, **VOCABULARY_OPTION}
    bad = [
        ("One soldier stayed while the ⟦othre⟧ left.", "One soldier stayed while the other left."),
        "The ⟦milatary⟧ said so.",
        "They kept troops in ⟦reserev⟧.",
        "They came to ⟦fihgt⟧ a war.",
        "The ⟦troosp⟧ were sent.",
        "He said: \u201c⟦Fihgt⟧ them.\u201d",
    ]
    good = [
        "These troops were sent with rifles.",
        "Kim Jong-un met Chun In-bum and Min-woo Kim.",
        "Toshimitsu Shigemura teaches at Waseda University in Kyiv.",
        "The colour of the programme's centre was organised by the labour defence team.",
        "Visit https://example.com/fihgt or mail fihgt@example.com, @fihgt and #fihgt.",
        "The unit 4fihgt and the word MILATARY in capitals.",
        "He wrote \u201cfihgt\u201d [sic] in the note.",
        "Dr. Fihgt spoke. Fihgt was right, said Mr Fihgt.",
        "She is a lieutenant general in the Korean Army.",
        "The year-olds met the co-ordinator.",
        "The front trunk, or \u201cfrunk,\u201d holds two bags. It isn \u2018t over.",
        "He was sacked. Tre Harbison rushed for 112 yards.",
        "People were au fait with it; they left en masse, in a laissez-faire way.",
        "The strugglers were demerged and the gameplay was touchy-feely.",
        "Prices are quoted in the ariary and the somoni.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        a = self.analysis(doc)
        if a.non_english:
            return
        floor = int(self.settings["min-frequency"])
        start_floor = int(self.settings["min-frequency-sentence-start"])
        for f in a.findings:
            if f.verdict.listed:
                continue  # NL101's
            best = [
                c for c in f.verdict.candidates if c[1] >= _floor(f.word, c, floor, start_floor)
            ]
            if not best:
                continue
            suggestions = [_restore(f.word, c[0]) for c in best[:3]]
            message = f"'{f.word}' is probably a typo of '{suggestions[0]}'"
            if len(suggestions) > 1:
                message += " (or " + ", ".join(f"'{s}'" for s in suggestions[1:]) + ")"
            yield self.violation(
                f.start,
                f.end,
                message,
                Fix.replace(
                    f.start, f.end, suggestions[0], "unsafe", f"replace with '{suggestions[0]}'"
                ),
            )


def _floor(word: str, candidate: tuple, floor: int, start_floor: int) -> float:
    """How common a candidate must be to call ``word`` its typo.

    Long unknown words are rarely one edit from a real word by chance, short ones often
    (abbreviations, foreign words, slang): the shorter the word, the commoner the candidate
    and the likelier the slip must be."""
    strong = candidate[4]
    if word[0].isupper():  # a name at a sentence start?
        if len(word) <= 3:
            return start_floor if candidate[3] == "swap" else math.inf
        return start_floor if strong else math.inf
    n = len(word)
    if n >= 8:
        return 1
    if n >= 6:
        return floor / 10
    if n == 5:
        return floor
    if n == 4:
        return floor * 5 if strong else floor * 200
    if candidate[3] in ("swap", "apostrophe"):
        return floor * 2
    if word in PARTICLES:
        return math.inf  # des, von, auf
    # two letters and one more (we -> weh) are interjections and abbreviations more often
    return floor * 300 if candidate[3] != "add" else math.inf


class NonEnglishDocument(SpellingRule):
    """The document is not in English, so its spelling is not checked.

    ## What it does
    When most of a document's (or JSON record's) lower-case words are unknown to the English
    lexicon, the spelling rules skip it and this one informational report says so, instead
    of hundreds of false typos.

    ## Why report it?
    A news corpus that should be English may hold records in another language, or text so
    garbled that no word survives; either is worth knowing about.
    """

    code, name = "NL103", "non-english-document"
    severity = "info"
    bad = [
        "⟦Die⟧ Regierung hat gestern angekündigt, dass die Steuern im kommenden Jahr nicht "
        "steigen werden. Der Minister sagte, die Wirtschaft wachse schneller als erwartet und "
        "die Arbeitslosigkeit sei gesunken. Kritiker halten das für verfrüht.",
        "⟦Le⟧ gouvernement a annoncé hier que les impôts ne augmenteront pas l'année prochaine. "
        "Le ministre a déclaré que l'économie progresse plus vite que prévu et que le chômage "
        "a baissé. Les critiques jugent cette annonce prématurée.",
    ]
    good = [
        "The government said yesterday that taxes would not rise next year. The minister said "
        "the economy was growing faster than expected and unemployment had fallen. Critics "
        "called the announcement premature, and the opposition demanded a vote.",
        "Kyiv, Seoul and Washington said Zelensky, Shigemura and Toshimitsu met in Pyongyang.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        a = self.analysis(doc)
        if not a.non_english:
            return
        first = WORD.search(doc.text)
        start = first.start() if first else 0
        share = round(100 * a.unknown / max(1, a.checked))
        yield self.violation(
            start,
            first.end() if first else 0,
            f"not English ({share}% of its {a.checked} distinct lower-case words are unknown): spelling not checked",
        )
