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
ASCII_WORD_SPLIT = re.compile(
    r"([A-Za-z]++(?:['\u2019][A-Za-z]++)*+)"
    if sys.version_info >= (3, 11)
    else r"([A-Za-z]+(?:['\u2019][A-Za-z]+)*)"
)


def word_tokens(text: str, protected: list) -> list[Token]:
    """Tokens of the ``WORD``s of ``text`` that start outside the sorted, disjoint ``protected``
    spans."""
    parts = (ASCII_WORD_SPLIT if ascii_letters_only(text) else _WORD_SPLIT).split(text)
    ends = list(itertools.accumulate(map(len, parts)))  # where each part ends
    starts = ends[0:-1:2]  # a word starts where the part before it ends
    tokens = list(map(tuple.__new__, itertools.repeat(Token), zip(starts, ends[1::2], parts[1::2])))
    inside = starting_inside(protected, starts) if tokens else []
    return without(tokens, inside) if inside else tokens


def starting_inside(spans: list, starts: list) -> list:
    """The (lo, hi) index ranges of the sorted ``starts`` that lie inside one of the sorted,
    disjoint ``spans``: found by bisection, a span at a time."""
    out, prev = [], 0
    for s, e in spans:
        lo = bisect.bisect_left(starts, s, prev)
        hi = bisect.bisect_left(starts, e, lo)
        if lo < hi:
            out.append((lo, hi))
            prev = hi
    return out


def without(items: list, ranges: list) -> list:
    """``items`` without those of the sorted, disjoint index ``ranges``, a slice at a time."""
    kept, prev = [], 0
    for lo, hi in ranges:
        kept += items[prev:lo]
        prev = hi
    kept += items[prev:]
    return kept
