"""Spans of a Document's text, and the few operations every view shares on them."""

from __future__ import annotations

import bisect
from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int


class Token(NamedTuple):
    start: int
    end: int
    text: str


def covered(spans: list, starts: list, offset: int) -> bool:
    """Whether ``offset`` lies in one of the sorted, disjoint ``spans`` (``starts`` their starts)."""
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and offset < spans[i].end


def merge(spans: list[Span]) -> list[Span]:
    """The union of ``spans`` (sorted in place) as sorted, disjoint spans; touching ones join."""
    spans.sort()
    out: list[Span] = []
    for s, e in spans:
        if out and s <= out[-1].end:
            if e > out[-1].end:
                out[-1] = Span(out[-1].start, e)
        else:
            out.append(Span(s, e))
    return out


def strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    """text[s:e] without its leading and trailing whitespace, as offsets."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
