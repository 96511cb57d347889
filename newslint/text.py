"""Small character-level helpers that several families share (no newslint imports)."""

from __future__ import annotations

import re
from functools import lru_cache

import regex

NON_ASCII = re.compile(r"[^\x00-\x7f]")
LETTER_OR_MARK = regex.compile(r"[\p{L}\p{M}]")


@lru_cache(maxsize=4096)
def inert(char: str) -> bool:
    """Neither a letter nor a mark (£, ’, “, —): a separator to a word pattern, whatever its case."""
    return LETTER_OR_MARK.match(char) is None


def ascii_letters_only(text: str) -> bool:
    """Whether every letter and mark of ``text`` is ASCII, so that the stdlib's ``[A-Za-z]``
    splits it into the same words as ``\\p{L}[\\p{L}\\p{M}]*`` (and several times faster)."""
    return text.isascii() or all(map(inert, set(NON_ASCII.findall(text))))
