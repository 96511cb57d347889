"""Applying fixes: choosing non-overlapping edits, and writing the fixed chunks of a file.

A file's chunks are written into a temporary file beside it (started at the first chunk that
changes, with the bytes before it copied) that replaces the file in one rename at the end, so
a file is never left half-written; a symbolic link is written through to its target, never
replaced.  With ``--diff`` nothing is written: the changes become a diff.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from typing import Optional

from newslint.sources import Chunk


def apply_edits(raw: str, groups: list) -> tuple[str, int]:
    """Apply each report's edits all-or-nothing, skipping any that overlap one already taken.

    ``groups`` holds (key, edits) pairs; the order (start, end, key) makes the choice
    deterministic.  Returns the new text and the number of reports fixed.
    """
    ordered = sorted(
        groups, key=lambda g: (min(e.start for e in g[1]), max(e.end for e in g[1]), g[0])
    )
    chosen, last_end, last_insert = [], -1, None
    for _, edits in ordered:
        start, end = min(e.start for e in edits), max(e.end for e in edits)
        if start < last_end or (start == end and start == last_insert):
            continue
        chosen.append(edits)
        last_end = end
        last_insert = start if start == end else None
    out, pos = [], 0
    for e in sorted((e for g in chosen for e in g), key=lambda e: (e.start, e.end)):
        out.append(raw[pos : e.start])
        out.append(e.content)
        pos = e.end
    out.append(raw[pos:])
    new = "".join(out)
    return new, (len(chosen) if new != raw else 0)


def unified_diff(before: str, after: str, path: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=path,
        tofile=path,
    )
    return "".join(
        line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        for line in lines
    )


class FixedFile:
    """Where one file's fixed chunks go: a temporary copy that replaces the file, a diff, or,
    for stdin, nothing (the caller prints the fixed text)."""

    def __init__(self, fs_path: str, display: str, diff: bool, stdin: bool):
        self.fs_path, self.display = fs_path, display
        self.diff, self.stdin = diff, stdin
        self.hunks: list = []
        self.out = None
        self.tmp = ""
        self.target = ""

    def add(self, chunk: Chunk, new_raw: Optional[str]) -> None:
        """The chunk as linted: ``new_raw`` is its fixed text, or None when unchanged."""
        if self.stdin:
            return
        if new_raw is not None and self.diff:
            if chunk.whole:
                self.hunks.append(unified_diff(chunk.raw, new_raw, self.display))
            else:
                self.hunks.append(
                    f"@@ -{chunk.lineno},1 +{chunk.lineno},1 @@\n-{chunk.raw}\n+{new_raw}\n"
                )
            return
        if new_raw is not None and self.out is None:
            self._start(chunk.offset)
        if self.out is not None:
            self.out.write(chunk.encode(new_raw) if new_raw is not None else chunk.data)

    def _start(self, length: int) -> None:
        """A temporary file beside the file (through a link, its target) holding the first
        ``length`` bytes of the file."""
        self.target = os.path.realpath(self.fs_path)
        if not os.stat(self.target).st_mode & 0o222:  # read-only: its owner meant it (root too)
            raise PermissionError(13, "the file is read-only: not rewritten", self.display)
        fd, self.tmp = tempfile.mkstemp(
            prefix=".newslint-", suffix=".tmp", dir=os.path.dirname(self.target)
        )
        self.out = os.fdopen(fd, "wb")
        with open(self.target, "rb") as src:
            while length > 0:
                block = src.read(min(length, 1 << 20))
                if not block:
                    break
                self.out.write(block)
                length -= len(block)

    def finish(self) -> str:
        """Replace the file with its fixed copy, keeping its permissions; the diff, if any."""
        if self.out is not None:
            self.out.close()
            shutil.copymode(self.target, self.tmp)
            os.replace(self.tmp, self.target)
            self.out = None
        if not self.hunks:
            return ""
        if len(self.hunks) == 1 and self.hunks[0].startswith("--- "):
            return self.hunks[0]
        return f"--- {self.display}\n+++ {self.display}\n" + "".join(self.hunks)

    def abort(self) -> None:
        """Drop the temporary copy: the file stays as it was."""
        if self.out is not None:
            self.out.close()
            self.out = None
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)
