"""Offsets in a Document's text mapped to the raw file's lines, columns and newline style."""

from __future__ import annotations

import bisect
from typing import Optional

import regex

NEWLINE = regex.compile(r"\r\n|\r|\n")


class SourceMap:
    """Maps offsets in a Document's text to raw-file positions.

    The default is a text file whose only difference from the Document text is its newline
    style: lines and columns are those of the text.  Readers of other formats (JSON) supply
    their own map so that reports point at the raw file's characters.
    """

    def __init__(self, text: str, raw: Optional[str] = None):
        self.text = text
        self.raw = text if raw is None else raw
        self._starts = line_starts(text)
        self._raw_starts = self._starts if raw is None else raw_line_starts(self.raw)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def raw_offset(self, offset: int) -> int:
        line, col = self.position(offset)
        return self._raw_starts[line - 1] + col - 1

    def escape(self, replacement: str, raw_start: int) -> str:
        """How a replacement string is written into the raw file at ``raw_start``."""
        if "\n" not in replacement:
            return replacement  # nothing to write in the file's own newline style
        newline = newline_at(self.raw, raw_start)
        return replacement.replace("\n", newline) if newline != "\n" else replacement


def line_starts(text: str) -> list[int]:
    """Offsets of the lines of a text whose newlines are ``\\n``."""
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def raw_line_starts(raw: str) -> list[int]:
    """Offsets of the lines of a raw file, whatever its newline style."""
    return [0] + [m.end() for m in NEWLINE.finditer(raw)]


def newline_at(raw: str, offset: int) -> str:
    """The newline ending the line at ``offset`` (or the file's first): the style to write."""
    m = NEWLINE.search(raw, offset) or NEWLINE.search(raw)
    return m.group() if m else "\n"
