"""The English lexicon the spelling and capitalisation rules share.

Two shipped lists (built by scripts/build_lexicon.py; sources and licences in
newslint/data/LEXICON-SOURCES.md):

* SCOWL (Kevin Atkinson's Spell Checker Oriented Word Lists, the Debian wamerican-large and
  wbritish-large word lists): American and British spellings with their inflections, case
  preserved -- ``Seoul`` and ``Monday`` are listed capitalised only, ``turkey`` both ways.
* pyspellchecker's English word frequencies (lower case; they include names).

Loaded on the first ``get_lexicon()`` call and cached per process; importing this module
costs nothing.
"""

from __future__ import annotations

import gzip
import os
from typing import Optional

from newslint.lazy import once

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
WORDS_FILE = os.path.join(DATA, "lexicon-words.txt.gz")
FREQUENCY_FILE = os.path.join(DATA, "lexicon-frequency.txt.gz")
CASED_FILE = os.path.join(DATA, "lexicon-cased.txt.gz")


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

    def __init__(self, words: set, frequencies: Optional[dict] = None, cased: Optional[set] = None):
        self._words = words  # every known lower-case form
        self._frequencies = frequencies  # lower-case form -> count as a string; loaded on first use
        self._cased = cased  # SCOWL, case preserved; loaded on first use

    @classmethod
    def load(cls) -> Lexicon:
        return cls(set(read_data(WORDS_FILE).split("\n")))

    @property
    def _freq(self) -> dict:
        if self._frequencies is None:
            self._frequencies = pairs(read_data(FREQUENCY_FILE))
        return self._frequencies

    @property
    def words(self) -> set:
        """Every known lower-case form (read only)."""
        return self._words

    @property
    def cased(self) -> set:
        if self._cased is None:
            self._cased = set(read_data(CASED_FILE).split("\n"))
        return self._cased

    def known(self, word: str) -> bool:
        """A known English word in any case or inflection, American or British."""
        words = self._words
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
        return int(count) if count else 0

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
        """Known lower-case words one edit (Damerau) from ``word``: (candidate, edit, count).

        ``edit`` says what the writer did: "swap" (transposed two letters), "drop" (left a
        letter out), "double" (typed a letter twice), "add" (typed an extra letter) or
        "replace" (hit another key).  Never edit distance 2.
        """
        w = word.translate(_APOSTROPHES).lower()
        if len(w) > MAX_WORD:  # no word is this long; the edits below are quadratic in length
            return []
        words = self._words
        splits = [(w[:i], w[i:]) for i in range(len(w) + 1)]
        swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1 and b[0] != b[1]} & words
        inserts = {a + c + b for a, b in splits for c in LETTERS} & words
        deletes = {a + b[1:] for a, b in splits if b} & words
        replaces = {a + c + b[1:] for a, b in splits if b for c in LETTERS if c != b[0]} & words
        found: dict = {}
        for cand in swaps:
            found[cand] = "swap"
        for cand in inserts:
            found.setdefault(cand, "drop")
        for cand in deletes:
            i = next(i for i in range(len(w)) if cand[:i] + w[i] + cand[i:] == w)
            doubled = (i and w[i - 1] == w[i]) or (i + 1 < len(w) and w[i + 1] == w[i])
            found.setdefault(cand, "double" if doubled else "add")
        for cand in replaces:
            found.setdefault(cand, "replace")
        found.pop(w, None)
        return [(c, e, self.frequency(c)) for c, e in found.items()]


@once
def get_lexicon() -> Lexicon:
    """The process-wide lexicon, loaded on first use."""
    return Lexicon.load()
