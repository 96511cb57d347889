"""What is known about each unique unknown word form, memoised per process: a listed
misspelling and its corrections, or the frequent words one slip away (worked out only when
a document needs them); and the user's dictionary."""

from __future__ import annotations

import os
from typing import Optional

from newslint.checks.spelling.far import two_edit_candidates
from newslint.lazy import once
from newslint.lexicon import DATA, get_lexicon, pairs, rank, read_data, suggestions
from newslint.rule import Context

MISSPELLINGS_FILE = os.path.join(DATA, "misspellings-en.txt.gz")
APOSTROPHES = "'\u2019"
CONTRACTED = frozenset(("d", "ll", "ve", "re", "m"))  # what'd, there'll; 's is a possessive


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


def user_words(context: Context) -> frozenset:
    """The user's dictionary: ``words`` and ``dictionary-files`` (one word per line); the same
    frozenset object for the same settings, all run long."""
    key = (tuple(context.words), tuple(context.dictionary_files))
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
        """((word, count, score, edit, strong), ...) best first; () for a derived word or no
        neighbour."""
        if self._candidates is None:
            # two edits from a word is too far to tell a capitalised word from a name
            far = two_edit_candidates if self.word.islower() else None
            self._candidates = () if self.listed else suggestions(self.base, far)
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


def _judge(word: str) -> Optional[Verdict]:
    lex = get_lexicon()
    if lex.known(word):
        return None
    base = strip_possessive(word).lower().replace("\u2019", "'")
    if base != word.lower() and lex.known(base):
        return None
    head, _, tail = base.rpartition("'")
    if tail in CONTRACTED and lex.known(head):
        return None  # what'd, there'd, they'll: a known word contracted
    listed = listed_corrections(base)
    if listed:
        corrections, certain = listed
        if len(corrections) > 1:  # the likeliest slip first: "thes" -> these, the, this
            order = {c: i for i, (c, *_) in enumerate(rank(base, lex.neighbours(base)))}
            corrections = tuple(sorted(corrections, key=lambda c: order.get(c, len(order))))
        return Verdict(word, base, corrections, certain)
    return Verdict(word, base)


def strip_possessive(word: str) -> str:
    if len(word) > 2 and word[-2] in APOSTROPHES and word[-1] in "sS":
        return word[:-2]
    return word


def restore(word: str, suggestion: str) -> str:
    """The suggestion in the writer's case and apostrophe, with the possessive put back."""
    base = strip_possessive(word)
    if base[:1].isupper():
        suggestion = suggestion[:1].upper() + suggestion[1:]
    if "\u2019" in word:
        suggestion = suggestion.replace("'", "\u2019")
    return suggestion + word[len(base) :]
