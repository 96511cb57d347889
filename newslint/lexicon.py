"""The English lexicon the spelling and capitalisation rules share.

Two shipped lists (built by scripts/build_lexicon.py; sources and licences in
newslint/data/LEXICON-SOURCES.md):

* SCOWL (Kevin Atkinson's Spell Checker Oriented Word Lists, the Debian wamerican-large and
  wbritish-large word lists): American and British spellings with their inflections, case
  preserved -- ``Seoul`` and ``Monday`` are listed capitalised only, ``turkey`` both ways.
* pyspellchecker's English word frequencies (lower case; they include names).

Loaded on the first ``get_lexicon()`` call and cached per process; importing this module
costs nothing.  The two word lists are read as marisa-tries (``*.marisa``, written beside their
``*.txt.gz`` source lists by scripts/build_lexicon.py; ``newslint.word_lists``): mapped from
their files (1.6 MB) in well under a millisecond, where Python sets of their 614,000 words
took 0.16 s and 73 MB.  The counts too (a RecordTrie, 0.7 MB): as a dict of strings they took
0.13 s and 29 MB in every process, the pages of a pool's workers copied as their lookups
wrote reference counts.

Also what the lexicon says about a word it lacks: whether it derives from known words by
the spelling rules (``derived``, ``regular``), and the known words one likely slip away
from it, best first, with the rules' own form of a misderived word (``suggestions``): the
spelling rules and scripts/build_lexicon.py share them.  How often English and other
languages write a form (wordfreq) is ``newslint.word_usage``'s, re-exported here.
"""

from __future__ import annotations

import gzip
import math
import os
from typing import Optional

from newslint.inflections import irregular_past, regularised
from newslint.lazy import once
from newslint.word_lists import (  # noqa: F401 (re-exported)
    COUNT_FORMAT,
    WILDCARD,
    Counts,
    Fills,
    WordList,
)
from newslint.word_usage import (  # noqa: F401 (re-exported)
    FOREIGN_LEAN,
    OTHER_LANGUAGES,
    USAGE_GAP,
    WORD_ZIPF,
    english_leaning,
    english_zipf,
    foreign_leaning,
    in_use,
    loanword,
    other_language_zipf,
)

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
WORDS_FILE = os.path.join(DATA, "lexicon-words.txt.gz")  # the source lists of the tries
CASED_FILE = os.path.join(DATA, "lexicon-cased.txt.gz")
WORDS_TRIE = os.path.join(DATA, "lexicon-words.marisa")
CASED_TRIE = os.path.join(DATA, "lexicon-cased.marisa")
FREQUENCY_FILE = os.path.join(DATA, "lexicon-frequency.txt.gz")  # the source list of ...
FREQUENCY_TRIE = os.path.join(DATA, "lexicon-frequency.marisa")  # ... word -> (count,)
NEIGHBOURS_TRIE = os.path.join(DATA, "lexicon-neighbours.marisa")  # "pl?n" -> "ae", of its words


def read_data(path: str) -> str:
    with gzip.open(path, "rb") as fh:
        return fh.read().decode("utf-8")


def pairs(text: str) -> dict:
    parts = text.split()
    return dict(zip(parts[0::2], parts[1::2]))


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_POSSESSIVE = ("'s", "'")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Longer than any dictionary word (45 letters): a run of letters glued by a scraper, not a typo
MAX_WORD = 60


class Lexicon:
    """English words, American and British, in any case, with their frequencies."""

    def __init__(self, words, frequencies: Optional[dict] = None, cased=None):
        self._words = words if isinstance(words, WordList) else WordList(words)  # lower case
        # lower-case form -> count (a dict given: tests, scripts); mapped on first use
        self._frequencies = Counts.of(frequencies) if frequencies is not None else None
        self._cased = cased  # SCOWL, case preserved; read on first use
        # the counted words with a letter as "?": the shipped file's for the shipped counts
        self._fills: Optional[Fills] = None
        if self._frequencies is not None:
            self._fills = Fills.of(self._frequencies.trie.keys(), LETTERS)

    @classmethod
    def load(cls) -> Lexicon:
        return cls(WordList.read(WORDS_TRIE))

    @property
    def _freq(self) -> Counts:
        if self._frequencies is None:
            self._frequencies = Counts.read(FREQUENCY_TRIE)
        return self._frequencies

    @property
    def fills(self) -> Fills:
        """The counted words with a letter as "?" -> the letters that fill it (the shipped
        counts' mapped from their file on first use)."""
        if self._fills is None:
            self._fills = Fills.read(NEIGHBOURS_TRIE)
        return self._fills

    @property
    def frequencies(self) -> Counts:
        """lower-case form -> its count (read only)."""
        return self._freq

    @property
    def words(self) -> WordList:
        """Every known lower-case form."""
        return self._words

    @property
    def cased(self) -> WordList:
        if self._cased is None:
            self._cased = WordList.read(CASED_TRIE)
        elif not isinstance(self._cased, WordList):
            self._cased = WordList(self._cased)
        return self._cased

    def known(self, word: str) -> bool:
        """A known English word in any case or inflection, American or British."""
        words = self._words.listed
        if word in words:
            return True
        lower = word.translate(_APOSTROPHES).lower()
        if lower in words:
            return True
        for ending in _POSSESSIVE:
            if lower.endswith(ending) and lower[: -len(ending)] in words:
                return True
        return False

    def frequency(self, word: str) -> int:
        """How common the lower-case form is (pyspellchecker's counts); 0 if unknown."""
        count = self._freq.get(word)
        if count is None:
            count = self._freq.get(word.translate(_APOSTROPHES).lower())
        return count or 0

    def has_lowercase_form(self, word: str) -> bool:
        """The word is listed as an ordinary lower-case word (turkey, march, may, reading).

        False for words the word list writes only with a capital (seoul, kursk, russian,
        monday) and for words it does not list at all.
        """
        return word.translate(_APOSTROPHES).lower() in self.cased

    def has_capitalised_form(self, word: str) -> bool:
        """The word list writes this word with a capital (Seoul, Monday, Turkey, Polish)."""
        lower = word.translate(_APOSTROPHES).lower()
        cased = self.cased
        return (lower[:1].upper() + lower[1:]) in cased or lower.upper() in cased

    def __contains__(self, word: str) -> bool:
        return self.known(word)

    def neighbours(self, word: str) -> list:
        """Known lower-case words one edit (Damerau) from ``word``: (candidate, edit, count),
        those the frequency list counts (every caller ranks by the count): its ~4 n strings
        asked of the counts and of their fills (``fills``: ~30 us a word, where asking the
        counts for each of its ~50 n one-edit strings took ~250).

        ``edit`` says what the writer did: "swap" (transposed two letters), "drop" (left a
        letter out), "double" (typed a letter twice), "add" (typed an extra letter) or
        "replace" (hit another key).  Never edit distance 2.
        """
        w = word.translate(_APOSTROPHES).lower()
        n = len(w)
        if n > MAX_WORD:  # no word is this long; the edits below are quadratic in length
            return []
        counts, fill = self._freq.trie, self.fills.get
        found: dict = {}
        for i in range(n - 1):
            if w[i] != w[i + 1]:
                cand = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
                if cand in counts:
                    found[cand] = "swap"
        for i in range(n + 1):  # a letter left out: "?" put in
            before, after = w[:i], w[i:]
            for letter in fill(before + WILDCARD + after):
                found.setdefault(before + letter + after, "drop")
        for i in range(n):  # a letter typed twice or too many
            cand = w[:i] + w[i + 1 :]
            if cand not in found and cand in counts:
                doubled = (i and w[i - 1] == w[i]) or (i + 1 < n and w[i + 1] == w[i])
                found[cand] = "double" if doubled else "add"
        for i in range(n):  # another key hit: the letter as "?"
            before, typed, after = w[:i], w[i], w[i + 1 :]
            for letter in fill(before + WILDCARD + after):
                if letter != typed:
                    found.setdefault(before + letter + after, "replace")
        found.pop(w, None)
        return [(c, e, self.frequency(c)) for c, e in found.items()]


@once
def get_lexicon() -> Lexicon:
    """The process-wide lexicon, loaded on first use."""
    return Lexicon.load()


# --- words the lexicon lacks: derivations --------------------------------------------------

# Derived words the word list may lack: prefix + known word, known word + suffix.
PREFIXES = tuple(
    "re un de dis non pre co over under mis out anti counter inter sub super semi multi mega "
    "micro mini cyber eco euro tele post self ex mid bio geo hyper ultra e i k x".split()
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
    ("ery", ""),  # freakery, trickery
    ("ery", "e"),  # bravery
    ("ment", ""),
    ("ism", ""),
    ("ist", ""),
    ("ists", ""),
    ("ship", ""),
    # -ize / -ise on a noun: vectorize, tokenizer, memoization
    ("ize", ""),
    ("izes", ""),
    ("ized", ""),
    ("izing", ""),
    ("izer", ""),
    ("izers", ""),
    ("ization", ""),
    ("ise", ""),
    ("ised", ""),
    ("ising", ""),
    ("isation", ""),
    # -able on a verb (composable, deployable), its silent e dropped; -ish (hookish, bluish)
    ("able", "e"),
    ("able", ""),
    ("ably", "e"),
    ("ably", ""),
    ("ish", ""),
    ("ish", "e"),
    ("ative", "ate"),  # an -ate verb's adjective: generate, generative; automate, automative
)
MIN_BASE = 4  # "thes" is not "the" + "s"
# a suffix of three letters or more is no accident of spelling: key + ers (keyers) is a
# derivation, where "the" + "s" (thes) is a typo
MIN_BASE_LONG_SUFFIX = 3
MIN_BASE_COUNT = 100
# two everyday words written solid (hardcode, shoutout) are a compound, not a one-letter slip
# from a rarer word (hardcore, shootout)
EVERYDAY_COUNT = 20000
DERIVED_RIVAL_COUNT = 1000


def derived(word: str) -> Optional[str]:
    """How the word derives from known words: "prefix" (demerged), "suffix" (strugglers,
    probably), "everyday compound" (hardcode: two everyday words), "compound" (gameplay);
    None if it does not."""
    if len(word) > MAX_WORD:  # no word is this long; the splits below are quadratic in length
        return None
    if _prefixed(word):
        return "prefix"
    if _suffixed(word):
        return "suffix"
    frequency = get_lexicon().frequency
    found = None
    for i in range(3, len(word) - 2):  # compounds of two common words: gameplay, conmen
        head, tail = word[:i], word[i:]
        least = 1000 if len(head) >= 4 and len(tail) >= 4 else 10000
        if frequency(head) >= least and frequency(tail) >= least and regular(head, tail):
            if min(frequency(head), frequency(tail)) >= EVERYDAY_COUNT:
                return "everyday compound"
            found = "compound"
    return found


def _prefixed(word: str) -> bool:
    """A prefix + a common word, or a common word regularly inflected (debiasing: de + bias
    + ing); bases must be common words, not rare ones or names: co+sumer."""
    common = get_lexicon().frequency
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_BASE:
            rest = word[len(prefix) :]
            if common(rest) >= MIN_BASE_COUNT or _inflected(rest):
                return True
    return False


INFLECTIONS = ("s", "ed", "ing", "er", "ers")


def _inflected(word: str) -> bool:
    """A common word with an inflection simply added (bias + ing), for a prefixed word:
    not a rarer derivation (chant + ly), nor one that changes the stem (belie + r)."""
    common = get_lexicon().frequency
    return any(
        word.endswith(ending)
        and len(word) - len(ending) >= MIN_BASE
        and common(word[: -len(ending)]) >= MIN_BASE_COUNT
        and regular(word[: -len(ending)], ending)
        for ending in INFLECTIONS
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
            if (
                len(base) >= (MIN_BASE if len(suffix) < 3 else MIN_BASE_LONG_SUFFIX)
                and common(base) >= MIN_BASE_COUNT
                and regular(word[: -len(suffix)], suffix, restore)
            ):
                return True
    return False


VOWELS = frozenset("aeiou")
_E_KEEPERS = ("ee", "oe", "ye")  # seeing, canoeing, dyeing keep their e
# suffixes after which a consonant + y becomes i: replied, babies, happily, merriment
_Y_TO_I = frozenset(("s", "es", "ed", "er", "ers", "est", "ly", "ness", "ful", "less", "ment"))


def regular(stem: str, suffix: str, restore: str = "") -> bool:
    """Whether ``stem`` + ``suffix`` follows English spelling rules, for a form the word list
    lacks: a silent e drops before a vowel (racing, notable; not raceing, noteable), a
    consonant + y becomes i (replied, babies), a one-syllable word doubles its last consonant
    (stopped, putting) and so does a word whose doubled form the lexicon lists (referred),
    -es follows s, x, z, ch, sh or a consonant + o (claims, tattoos), -ly drops the e of -ue
    and -le (truly, simply); an irregular verb takes no -ed (heared, drived, teached)."""
    if restore or not stem:
        return True
    if suffix in ("ed", "d"):
        words = get_lexicon().words
        if irregular_past(stem, words) and stem + suffix not in words:
            return False
    last = stem[-1]
    first = suffix[0]
    if first in "aeiy" and last == "e" and not stem.endswith(_E_KEEPERS):
        # manageable, noticeable keep the e that keeps c and g soft
        return suffix.startswith(("able", "ous")) and stem.endswith(("ce", "ge"))
    if last == "y" and len(stem) > 2 and stem[-2] not in VOWELS and suffix in _Y_TO_I:
        return False
    if suffix == "es" and not (
        stem.endswith(("s", "x", "z", "ch", "sh")) or (last == "o" and stem[-2:-1] not in VOWELS)
    ):
        return False
    if suffix == "ly" and (
        stem.endswith(("ue", "ic")) or (stem.endswith("le") and stem[-3:-2] not in VOWELS)
    ):
        return False  # truly, simply, basically
    if first in "aeiy" and _doubles(stem, suffix):
        return False
    return True


def rederived(word: str) -> list:
    """The form the spelling rules give a misderived word, where the lexicon knows it:
    raceing -> racing, noteable -> notable, puting -> putting, replyed -> replied, babyes ->
    babies, truely -> truly, claimes -> claims, heared -> heard, drived -> drove, driven:
    (candidate, "rule", count)."""
    lex = get_lexicon()
    found = set()
    for verb in regularised(word):
        found.update(irregular_past(verb, lex.words))
    for suffix in _RULED_SUFFIXES:
        stem = word[: -len(suffix)]
        if not word.endswith(suffix) or len(stem) < 2 or regular(stem, suffix):
            continue
        last = stem[-1]
        if last == "e":  # a silent e kept (racing), -le + -ly (simply)
            found.add(stem[:-1] + ("y" if suffix == "ly" and stem.endswith("le") else suffix))
        if last == "y":
            found.add(stem[:-1] + ("ies" if suffix == "s" else "i" + suffix))
        if suffix == "es":
            found.add(stem + "s")
        if last == "c" and suffix == "ly":
            found.add(stem + "ally")
        found.add(stem + last + suffix)  # a consonant left single
    found.discard(word)
    return [(c, "rule", lex.frequency(c)) for c in found if c in lex.words]


_RULED_SUFFIXES = ("s", "es", "ed", "er", "ers", "est", "ing", "ings", "able", "ly", "ness", "ful")


def _doubles(stem: str, suffix: str) -> bool:
    """The stem's last consonant should be doubled before ``suffix``: one syllable ending in
    one vowel and one consonant (stop, put), or a longer word whose doubled form is listed."""
    if len(stem) < 3 or stem[-1] in VOWELS or stem[-1] in "wxy" or stem[-2] not in VOWELS:
        return False
    if stem[-3] in VOWELS:
        return False  # heard, rained: two vowels
    if (
        sum(1 for i, c in enumerate(stem) if c in VOWELS and (i == 0 or stem[i - 1] not in VOWELS))
        == 1
    ):
        return True
    return stem + stem[-1] + suffix in get_lexicon().words


# --- words the lexicon lacks: one-edit suggestions -----------------------------------------

# How plausible each kind of slip is, added to log10(frequency) when ranking candidates:
# transposed letters and a dropped letter are the commonest typing errors.
EDIT_BONUS = {
    "rule": 5.0,  # a derivation against the spelling rules: raceing for racing
    "swap": 4.0,
    "apostrophe": 3.0,
    "drop": 2.5,
    "double": 2.0,
    "vowel": 1.5,  # a vowel for a vowel: a replacement as likely as a neighbouring key
    "replace": 0.5,
    "add": 0.0,
}
STRONG_EDITS = frozenset({"rule", "swap", "drop", "double", "apostrophe", "vowel"})
KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_POS = {c: (r, i) for r, row in enumerate(KEYBOARD) for i, c in enumerate(row)}
CONTRACTIONS = ("t", "s", "re", "ll", "ve", "d", "m")


def suggestions(word: str, far=None) -> tuple:
    """Known words one slip from the lower-case ``word``, ranked as ``rank`` does; () for a
    derived word that no common slip explains better, or for no neighbour at all.

    ``far(word, everyday)`` adds words further away (the spelling rules' two-edit search,
    ``newslint.checks.spelling.far``), everyday ones only for a derived word: candidates
    shaped as ``rank``'s, their edit "two"."""
    if len(word) > MAX_WORD:  # a glued run of letters: the searches below are quadratic in it
        return ()
    ranked = rank(
        word,
        get_lexicon().neighbours(word) + _apostrophe_neighbours(word) + rederived(word),
    )
    how = derived(word) or _rare_derivation(word)
    if far and word.isalpha():
        # gobernement, seperete: real misspellings are often two edits away, even where a
        # common word is one slip away (frute: flute, fruit); the error model that ranks
        # them (``channel.reweigh``) weighs one edit against two.  Adding candidates to a
        # word that has some never changes whether it is reported.  A derivation (car+full)
        # yields only to an everyday word
        ranked = sorted(ranked + far(word, bool(how)), key=lambda c: (-c[2], c[0]))
    if how:
        # demerged, strugglers: a derivation, unless a common slip explains it better
        # (carefuly, foreing, developdent are typos, not careful+y, fore+ing, develop+dent)
        ranked = [
            c
            for c in ranked
            if c[1] >= DERIVED_RIVAL_COUNT
            and (
                c[3] in STRONG_EDITS
                or (how == "compound" and c[3] == "replace" and len(c[0]) >= 8)
                # carfull, billding, exsample: a speller's error of an everyday word, not
                # car+full or ex+sample (a regular suffix is likelier: financials)
                or (c[1] >= EVERYDAY_COUNT and how != "suffix" and (c[3] != "two" or c[4]))
            )
        ]
    return tuple(ranked)


def _rare_derivation(word: str) -> Optional[str]:
    """ "suffix" for an inflection simply added to a long word the word list has, however
    rare (catcall + er): the word a writer meant, not a slip of its sibling (catcalled)."""
    words = get_lexicon().words
    for suffix in (*INFLECTIONS, "d"):
        stem = word[: -len(suffix)]
        if not word.endswith(suffix) or len(stem) < RARE_BASE_LENGTH:
            continue
        if (suffix == "s" and stem.endswith(("s", "'"))) or (
            suffix == "d" and not stem.endswith("e")
        ):
            continue  # inline + d, not remainder + d
        if stem in words and regular(stem, suffix):
            return "suffix"
    return None


RARE_BASE_LENGTH = 6


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
    (swapped, dropped or doubled letters, a lost apostrophe, a neighbouring key, a vowel for
    a vowel, a derivation against the spelling rules)."""
    scored = []
    for cand, edit, count in neighbours:
        if count <= 0:
            continue
        if edit == "replace" and len(word) > 4 and vowel_for_vowel(word, cand):
            edit = "vowel"  # cheet for cheat: a speller's error (shu, jank: names, slang)
        bonus = EDIT_BONUS[edit]
        adjacent = edit == "replace" and adjacent_keys(word, cand)
        if adjacent:
            bonus += 1.0
        scored.append(
            (cand, count, math.log10(count) + bonus, edit, adjacent or edit in STRONG_EDITS)
        )
    scored.sort(key=lambda c: (-c[2], c[0]))
    seen = set()  # a word reached two ways (a rule and an edit) counts once, at its best
    return [c for c in scored if not (c[0] in seen or seen.add(c[0]))]


def vowel_for_vowel(typo: str, cand: str) -> bool:
    """The first letter that differs is a vowel for a vowel: cheet, cheat."""
    for a, b in zip(typo, cand):
        if a != b:
            return a in VOWELS and b in VOWELS
    return False


def adjacent_keys(typo: str, cand: str) -> bool:
    for a, b in zip(typo, cand):
        if a != b:
            pa, pb = _KEY_POS.get(a), _KEY_POS.get(b)
            return bool(pa and pb and abs(pa[0] - pb[0]) <= 1 and abs(pa[1] - pb[1]) <= 1)
    return False
