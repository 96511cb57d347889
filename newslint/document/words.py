"""Word tokens: runs of Unicode letters and marks, with inner apostrophes."""

from __future__ import annotations

import bisect
import itertools
import re
import sys

import regex

from newslint.document.spans import Token
from newslint.text import ascii_letters_only

WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['\u2019]\p{L}[\p{L}\p{M}]*)*")
# The same words as WORD's matches, as the odd items of a split: the split, the offsets summed
# from the parts' lengths and the Tokens made by ``tuple.__new__`` all run in C, where a loop
# over WORD.finditer made a match object and called Token in Python for every word (2.4x
# slower on BBC).  Where a text's letters are all ASCII (``ascii_letters_only``), \p{L} is
# [A-Za-z] and \p{M} matches nothing, and the stdlib splits faster still; its possessive
# quantifiers (Python 3.11+) match the same words, nothing following a group to backtrack for.
_WORD_SPLIT = regex.compile(f"({WORD.pattern})")
_ASCII_WORD_SPLIT = re.compile(
    r"([A-Za-z]++(?:['\u2019][A-Za-z]++)*+)"
    if sys.version_info >= (3, 11)
    else r"([A-Za-z]+(?:['\u2019][A-Za-z]+)*)"
)


def word_tokens(text: str, protected: list) -> list[Token]:
    """Tokens of the ``WORD``s of ``text`` that start outside the sorted, disjoint ``protected``
    spans."""
    parts = (_ASCII_WORD_SPLIT if ascii_letters_only(text) else _WORD_SPLIT).split(text)
    ends = list(itertools.accumulate(map(len, parts)))  # where each part ends
    starts = ends[0:-1:2]  # a word starts where the part before it ends
    tokens = list(map(tuple.__new__, itertools.repeat(Token), zip(starts, ends[1::2], parts[1::2])))
    if not protected or not tokens:
        return tokens
    kept, prev = [], 0
    for s, e in protected:  # drop the words that start inside a span, a slice at a time
        lo = bisect.bisect_left(starts, s, prev)
        hi = bisect.bisect_left(starts, e, lo)
        if lo < hi:
            kept += tokens[prev:lo]
            prev = hi
    if not prev:
        return tokens
    kept += tokens[prev:]
    return kept
