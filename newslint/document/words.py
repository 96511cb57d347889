"""Word tokens: runs of Unicode letters and marks, with inner apostrophes."""

from __future__ import annotations

import regex

from newslint.document.spans import Token

WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['\u2019]\p{L}[\p{L}\p{M}]*)*")


def word_tokens(text: str, protected: list) -> list[Token]:
    """Tokens of the ``WORD``s of ``text`` that start outside the sorted, disjoint ``protected``
    spans."""
    out = []
    append = out.append
    n, k = len(protected), 0
    for m in WORD.finditer(text):
        start = m.start()
        while k < n and protected[k][1] <= start:  # walk the sorted protected spans alongside
            k += 1
        if k < n and protected[k][0] <= start:
            continue
        append(Token(start, m.end(), m.group()))
    return out
