"""A large JSON Lines file in byte ranges that end on line boundaries, linted apart.

Each range knows the file line it starts on (lines counted as the streaming reader counts
them: a newline, and a lone CR inside a line), so its records keep their true line numbers,
record numbers and raw offsets.  What only the whole file can say (the first undecodable byte
is the one reported; the warning when no record of the file has text) is left to whoever joins
the ranges' results: each range tallies its part of it (``Tally``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Optional

READ_BLOCK = 1 << 20


@dataclass
class Tally:
    """What a range saw that only the whole file decides."""

    with_text: int = 0  # records with text
    without: int = 0  # records without text
    seen: list = field(default_factory=list)  # fields seen in its first 5 records without text
    # its first undecodable byte: (documents read before the one reporting it, its line)
    undecodable: Optional[tuple] = None


@dataclass
class ByteRange:
    """``[start, end)`` of a file, whole lines, starting on file line ``lineno``."""

    start: int
    end: int
    lineno: int
    tally: Tally = field(default_factory=Tally)

    @property
    def size(self) -> int:
        return self.end - self.start


def line_ranges(path: str, piece: int) -> Optional[list]:
    """The file at ``path`` in ranges of about ``piece`` bytes, each ending after a newline;
    None when it is no larger than a piece, binary (a NUL in its first 64 KiB, as the reader
    sees it) or cannot be read (the reader reports it, read whole)."""
    try:
        size = os.path.getsize(path)
        if size <= piece * 3 // 2:
            return None
        out, start, lineno = [], 0, 1
        with open(path, "rb") as fh:
            if b"\x00" in fh.read(65536):
                return None
            while start < size:
                end = _line_end(fh, min(start + piece, size), size)
                if size - end < piece // 2:  # a short tail joins the range before it
                    end = size
                out.append(ByteRange(start, end, lineno))
                if end < size:
                    lineno += _lines_in(fh, start, end)
                start = end
    except OSError:
        return None
    return out if len(out) > 1 else None


def _line_end(fh, at: int, size: int) -> int:
    """The offset just after the first newline at or after ``at`` (the end of the file if
    none)."""
    if at >= size:
        return size
    fh.seek(at)
    pos = at
    while True:
        block = fh.read(READ_BLOCK)
        if not block:
            return size
        nl = block.find(b"\n")
        if nl != -1:
            return pos + nl + 1
        pos += len(block)


def _lines_in(fh, start: int, end: int) -> int:
    """Lines the streaming reader counts in ``[start, end)`` (whole lines): one a newline, and
    one more for each CR not followed by a newline."""
    fh.seek(start)
    left, count, carry = end - start, 0, b""
    while left > 0:
        block = fh.read(min(left, READ_BLOCK))
        if not block:
            break
        left -= len(block)
        joined = carry + block
        # a CR at the end of a block is counted with the next block, which says what follows
        body, carry = (joined[:-1], b"\r") if joined.endswith(b"\r") and left > 0 else (joined, b"")
        count += body.count(b"\n") + body.count(b"\r") - body.count(b"\r\n")
    return count
