"""Small character-level helpers that several families share (no newslint imports)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

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


def offsets_of(text: str, chars: str) -> list[int]:
    """The sorted offsets of every occurrence in ``text`` of any of ``chars`` (single
    characters), found by ``str.find`` one character at a time: a search for a character runs
    at memory speed, where a pattern's character class is tried at every character of the text
    (for three quote marks on BBC: ~40 times the instructions of the finds)."""
    out: list[int] = []
    append, find = out.append, text.find
    for ch in chars:
        i = find(ch)
        while i != -1:
            append(i)
            i = find(ch, i + 1)
    if len(chars) > 1:
        out.sort()
    return out


def latin1_without(text: str, chars: str) -> bool:
    """Whether every character of ``text`` is Latin-1 (below U+0100) and none is one of
    ``chars``: asked of its Latin-1 bytes, encoded and filtered at memory speed, where a
    pattern's class is tried at every character (~30 instructions a character).  A screen for
    the rare characters a rule looks for: in a text of Latin-1 (ASCII and a pound sign, as
    most of BBC's are) that holds none of them, the rule's pattern cannot match."""
    data = _latin1(text)
    return data is not None and not data.translate(None, _bytes_but(chars))


def _latin1(text: str) -> Optional[bytes]:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return None


@lru_cache(maxsize=16)
def _bytes_but(chars: str) -> bytes:
    """The 256 byte values but those of ``chars``' Latin-1 characters: the ones to delete."""
    return bytes(b for b in range(256) if chr(b) not in chars)
