"""Applying fixes: choosing non-overlapping edits, and writing the fixed chunks of a file.

A rule's fix is applied once where its own rule wrote the text in an earlier pass
(``Written``): a swap whose replacement holds its own match ('a' -> 'aa') converges instead of
growing the text on every pass.  A file whose fixes wait for the run's decision (report
filters) is not written at all in the first pass (``FixedFile.defer``) but in the second.

A file's chunks are written into a temporary file beside it (started at the first chunk that
changes, with the bytes before it copied) that replaces the file in one rename at the end, so
a file is never left half-written; a symbolic link is written through to its target, never
replaced.  With ``--diff`` nothing is written: the changes become a diff of the bytes ``--fix``
would write, which ``patch -p0`` and ``git apply -p0`` apply (any encoding, any newlines).

What the user owns stays theirs:

- a file is replaced only if it is still what was read: its size, times and inode as when the
  run looked at it first, and its bytes (hashed as they were read, and again just before the
  rename); otherwise it is left alone and the run reports NL008;
- with ``roots`` (the paths given on the command line, resolved), a file whose real path lies
  outside them (a link leading out of the linted tree) is not written: NL008;
- the fixed file keeps the mode and, where the process may, the owner and group of the file;
  a file with several hard links is written in place (after the same checks, from a complete
  temporary copy, signals held off while it is copied) so every link sees the fix, where
  replacing it would split the links.  A SIGKILL, a full disk or a power cut in that copy can
  leave such a file half-written, which the rename avoids for every other file;
- temporary files are named ``.newslint-<pid>-XXXXXXXX.tmp``.  When SIGINT, SIGTERM or SIGHUP
  stops a run (the command line's handlers), it unwinds, dropping the file being written, and
  then removes its own and those of its workers, which end at once (``remove_temporaries``,
  ``remove_stale_temporaries(again=True)``); the next run removes those of any process no
  longer alive (SIGKILL, the OOM killer).
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import os
import re
import shutil
import signal
import tempfile
import time
from collections import deque
from typing import Optional

from newslint.sources import Chunk

TEMP_PREFIX = ".newslint-"
STALE_TEMP = re.compile(r"\.newslint-(?:(\d+)-)?[A-Za-z0-9_]+\.tmp")
STALE_AFTER = 24 * 3600  # a temporary file untouched for a day is stale, whoever made it
CONTEXT = 3  # lines of context around a change in a diff, as diff -u gives
CHANGED = "the file changed while it was being fixed: fixes not written"

_LIVE: set = set()  # this process's temporary files, removed if a signal stops it
_SWEPT: set = set()  # directories already cleared of stale temporary files by this process


class NotWritten(Exception):
    """A file's fixes are not written, for the reason given (the run reports NL008)."""


def apply_edits(raw: str, groups: list) -> tuple[str, int]:
    """Apply each report's edits all-or-nothing, skipping any that overlap one already taken.

    ``groups`` holds (key, edits) pairs; the order (start, end, key) makes the choice
    deterministic.  Returns the new text and the number of reports fixed.
    """
    chosen = choose_edits(groups)
    new = splice(raw, [e for _, edits in chosen for e in edits])
    return new, (len(chosen) if new != raw else 0)


def choose_edits(groups: list) -> list:
    """The (key, edits) groups ``apply_edits`` applies, in the order it takes them."""
    ordered = sorted(
        groups, key=lambda g: (min(e.start for e in g[1]), max(e.end for e in g[1]), g[0])
    )
    chosen, last_end, last_insert = [], -1, None
    for group in ordered:
        edits = group[1]
        start, end = min(e.start for e in edits), max(e.end for e in edits)
        if start < last_end or (start == end and start == last_insert):
            continue
        chosen.append(group)
        last_end = end
        last_insert = start if start == end else None
    return chosen


def splice(raw: str, edits: list) -> str:
    """``raw`` with non-overlapping edits (start, end, content) applied."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(raw[pos : e.start])
        out.append(e.content)
        pos = e.end
    out.append(raw[pos:])
    return "".join(out)


class Written:
    """Where each rule's fixes have put their text in a chunk over the passes so far (offsets
    in the current text).  A fix falling wholly inside text its own rule wrote is not applied
    again unless it shortens the text: a fix that its rule would fix again (a swap whose
    replacement holds its own match, 'a' -> 'aa') would otherwise grow the text on every
    pass; this way it converges.  A shortening fix (a control character its rule left next to
    what it wrote, now removed) converges by itself and is applied."""

    def __init__(self):
        self.spans: dict = {}  # code -> sorted, disjoint [start, end] lists
        self.passes = 0  # passes that changed the text
        self.kept_pass = False  # whether one applied the fixes a second pass was for

    def holds(self, code: str, edits) -> bool:
        spans = self.spans.get(code)
        if not spans or sum(len(e.content) - (e.end - e.start) for e in edits) < 0:
            return False  # a fix that shortens the text cannot grow it: it converges alone
        for e in edits:
            i = bisect.bisect_right(spans, [e.start, float("inf")]) - 1
            if i < 0 or e.end > spans[i][1]:
                return False
        return True

    def add_pass(self, taken: list) -> None:
        """After a pass that applied ``taken``, (code, edits) pairs: the spans moved to where
        the text now stands, and the text each edit wrote added."""
        edits = sorted((e for _, group in taken for e in group), key=lambda e: (e.start, e.end))
        starts, shifts, shift = [], [], 0  # shift before each edit
        for e in edits:
            starts.append(e.start)
            shifts.append(shift)
            shift += len(e.content) - (e.end - e.start)

        def moved(p: int, end: bool) -> int:
            i = bisect.bisect_right(starts, p) - 1
            if i < 0:
                return p
            e = edits[i]
            if p == e.start:
                return p + shifts[i]
            if p < e.end:  # inside a replaced piece: its whole replacement
                return e.start + shifts[i] + (len(e.content) if end else 0)
            return p + shifts[i] + len(e.content) - (e.end - e.start)

        new: dict = {}
        for code, spans in self.spans.items():
            new[code] = [[moved(s, False), moved(t, True)] for s, t in spans]
        index = {id(e): i for i, e in enumerate(edits)}
        for code, group in taken:
            for e in group:
                at = e.start + shifts[index[id(e)]]
                new.setdefault(code, []).append([at, at + len(e.content)])
        self.spans = {code: _merged(spans) for code, spans in new.items()}
        self.passes += 1


def _merged(spans: list) -> list:
    out: list = []
    for s, t in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], t)
        else:
            out.append([s, t])
    return out


# --- diffs ----------------------------------------------------------------------------------
def _bytes(value) -> bytes:
    return value.encode("utf-8", "surrogateescape") if isinstance(value, str) else value


def _lines(data: bytes) -> list:
    """Lines as ``patch`` and ``git apply`` see them: ended by LF only (a CR is a byte of the
    line), the last one without its LF when the data does not end with one."""
    parts = data.split(b"\n")
    lines = [p + b"\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _text(diff: bytes) -> str:
    """A diff's bytes as text: bytes that are not UTF-8 (a Latin-1 or UTF-16 file) become
    surrogate escapes, written back as the same bytes."""
    return diff.decode("utf-8", "surrogateescape")


def _marked(line: bytes) -> bytes:
    return line if line.endswith(b"\n") else line + b"\n\\ No newline at end of file\n"


def unified_diff(before, after, path: str) -> str:
    """A unified diff of a file's bytes (or text, as UTF-8) that ``patch -p0`` applies."""
    name = _bytes(path)
    lines = difflib.diff_bytes(
        difflib.unified_diff, _lines(_bytes(before)), _lines(_bytes(after)), name, name
    )
    return _text(b"".join(_marked(line) for line in lines))


class StreamedDiff:
    """The diff of a file read as a stream of chunks, each whole lines (JSON Lines), built as
    the chunks pass with ``CONTEXT`` lines around each change: memory is the changed lines."""

    def __init__(self):
        self.old_line = 1  # the file's line number of the next chunk's first line
        self.shift = 0  # new line number - old line number after the hunks so far
        self.before: deque = deque(maxlen=CONTEXT)  # unchanged lines since the last change
        self.hunk: Optional[list] = None  # [old start, new start, old count, new count, lines]
        self.trailing = 0  # unchanged lines at the end of the open hunk
        self.hunks: list = []

    def add(self, old: bytes, new: Optional[bytes]) -> None:
        old_lines = _lines(old)
        if new is None:
            for line in old_lines:
                self.before.append(line)
                if self.hunk is not None:
                    self._extend(b" ", line, 1, 1)
                    self.trailing += 1
                    if self.trailing == 2 * CONTEXT:  # too far for the next change: close it
                        self._close()
            self.old_line += len(old_lines)
            return
        new_lines = _lines(new)
        if self.hunk is None:
            lead = list(self.before)
            start = self.old_line - len(lead)
            self.hunk = [start, start + self.shift, 0, 0, []]
            for line in lead:
                self._extend(b" ", line, 1, 1)
        for line in old_lines:
            self._extend(b"-", line, 1, 0)
        for line in new_lines:
            self._extend(b"+", line, 0, 1)
        self.before.clear()
        self.trailing = 0
        self.old_line += len(old_lines)
        self.shift += len(new_lines) - len(old_lines)

    def _extend(self, mark: bytes, line: bytes, old: int, new: int) -> None:
        self.hunk[2] += old
        self.hunk[3] += new
        self.hunk[4].append(mark + line)

    def _close(self) -> None:
        old_start, new_start, old_n, new_n, lines = self.hunk
        extra = max(0, self.trailing - CONTEXT)  # keep CONTEXT lines after the last change
        if extra:
            lines = lines[:-extra]
            old_n, new_n = old_n - extra, new_n - extra
        body = b"".join(_marked(line) for line in lines)
        self.hunks.append(b"@@ -%d,%d +%d,%d @@\n" % (old_start, old_n, new_start, new_n) + body)
        self.hunk, self.trailing = None, 0

    def finish(self, path: str) -> str:
        if self.hunk is not None:
            self._close()
        if not self.hunks:
            return ""
        name = _bytes(path)
        return _text(b"--- %s\n+++ %s\n" % (name, name) + b"".join(self.hunks))


# --- temporary files ------------------------------------------------------------------------
def remove_temporaries() -> None:
    """Remove the temporary files this process is writing (a signal is stopping it)."""
    for path in list(_LIVE):
        try:
            os.unlink(path)
        except OSError:
            pass
    _LIVE.clear()


def remove_stale_temporaries(directories, again: bool = False) -> None:
    """Remove our temporary files that no live process is writing: named for a process that is
    gone, or untouched for ``STALE_AFTER`` seconds (a process killed with SIGKILL leaves them).
    Each directory once per process, unless ``again``: this process is stopping, and its own
    are stale too (a signal between creating one and noting it)."""
    for directory in directories:
        if directory in _SWEPT and not again:
            continue
        _SWEPT.add(directory)
        try:
            names = [n for n in os.listdir(directory) if n.startswith(TEMP_PREFIX)]
        except OSError:
            continue
        for name in names:
            m = STALE_TEMP.fullmatch(name)
            if m is None:
                continue
            path = os.path.join(directory, name)
            try:
                age = time.time() - os.lstat(path).st_mtime
                pid = int(m.group(1)) if m.group(1) else None
                if (
                    age > STALE_AFTER
                    or (pid is None and age > 60)
                    or (pid and (not _alive(pid) or (again and pid == os.getpid())))
                ):
                    os.unlink(path)
            except (OSError, ValueError):
                continue


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process (EPERM), or a number we cannot ask about
    try:  # a zombie (killed, its parent gone, not yet reaped) answers too
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _inside(path: str, roots: tuple) -> bool:
    for root in roots:
        if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
            return True
    return False


def _identity(st: os.stat_result) -> tuple:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


class FixedFile:
    """Where one file's fixed chunks go: a temporary copy that replaces the file, a diff, or,
    for stdin, nothing (the caller prints the fixed text).

    ``fixing`` says whether fixes may come (the file is then watched: its state when first
    looked at, and the hash of every byte read); ``roots`` are the real paths fixes may be
    written under (empty: anywhere)."""

    def __init__(
        self,
        fs_path: str,
        display: str,
        diff: bool,
        stdin: bool,
        fixing: bool = False,
        roots: tuple = (),
    ):
        self.fs_path, self.display = fs_path, display
        self.diff, self.stdin = diff, stdin
        self.roots = roots
        self.placed = False  # whether its real path was checked against ``roots``
        self.hunks: list = []
        self.streamed: Optional[StreamedDiff] = None
        self.out = None
        self.tmp = ""
        self.target = ""
        self.refused = ""  # why the fixes will not be written, once known
        self.deferred = False  # nothing written: a second pass fixes the file (``defer``)
        self.seen: Optional[os.stat_result] = None
        self.digest = None  # the hash of the bytes read so far
        self.read = 0
        if fixing and not stdin and not diff:
            try:
                self.seen = os.stat(fs_path)
            except OSError:
                pass  # the reader reports what it cannot read
            self.digest = hashlib.blake2b(digest_size=20)

    def defer(self) -> None:
        """Write nothing, not even a diff: the file is fixed in a second pass, once the run
        has decided which of its withheld fixes stand."""
        self.deferred = True
        self.abort()

    def add(self, chunk: Chunk, new_raw: Optional[str]) -> None:
        """The chunk as linted: ``new_raw`` is its fixed text, or None when unchanged."""
        if self.stdin or self.deferred:
            return
        if new_raw is not None and self.roots and not self.placed:
            self._check_inside()
        if self.diff:
            self._add_diff(chunk, new_raw)
            return
        if self.refused:
            return
        if new_raw is not None and self.out is None:
            self._start(chunk.offset)
        if self.out is not None:
            self.out.write(chunk.encode(new_raw) if new_raw is not None else chunk.data)
        if self.digest is not None:
            self.digest.update(chunk.data)
            self.read += len(chunk.data)

    def _add_diff(self, chunk: Chunk, new_raw: Optional[str]) -> None:
        new = None if new_raw is None or self.refused else chunk.encode(new_raw)
        if chunk.whole:
            if new is not None:
                self.hunks.append(unified_diff(chunk.data, new, self.display))
            return
        if self.streamed is None:
            self.streamed = StreamedDiff()
        self.streamed.add(chunk.data, new)

    def _check_inside(self) -> None:
        """At the first change: a file whose real path is outside ``roots`` is not fixed."""
        self.placed = True
        target = os.path.realpath(self.fs_path)
        if not _inside(target, self.roots):
            self._refuse(f"the file links outside the linted paths (to {target}): not fixed")

    def _refuse(self, reason: str) -> None:
        """The fixes will not be written; the rest of the file is still linted."""
        self.refused = reason
        self.abort()

    def _start(self, length: int) -> None:
        """A temporary file beside the file (through a link, its target) holding the first
        ``length`` bytes of the file, which must be the bytes read."""
        self.target = os.path.realpath(self.fs_path)
        if not os.stat(self.target).st_mode & 0o222:  # read-only: its owner meant it (root too)
            raise PermissionError(13, "the file is read-only: not rewritten", self.display)
        directory = os.path.dirname(self.target)
        remove_stale_temporaries([directory])
        fd, self.tmp = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=directory
        )
        _LIVE.add(self.tmp)
        self.out = os.fdopen(fd, "wb")
        copied = hashlib.blake2b(digest_size=20)
        with open(self.target, "rb") as src:
            while length > 0:
                block = src.read(min(length, 1 << 20))
                if not block:
                    break
                copied.update(block)
                self.out.write(block)
                length -= len(block)
        if self.digest is not None and copied.digest() != self.digest.digest():
            self._refuse(CHANGED)

    def finish(self) -> str:
        """Replace the file with its fixed copy, keeping its permissions; the diff, if any.
        Raises NotWritten when the fixes cannot be written (the file is left as it was)."""
        if self.deferred:
            return ""
        if self.refused:
            raise NotWritten(self.refused)
        if self.out is not None:
            self.out.close()
            self._keep_owner_and_mode()
            st = self._unchanged()
            if st.st_nlink > 1:
                self._write_in_place()
            else:
                os.replace(self.tmp, self.target)
            _LIVE.discard(self.tmp)
            self.out = None
        if self.streamed is not None:
            return self.streamed.finish(self.display)
        if not self.hunks:
            return ""
        if len(self.hunks) == 1 and self.hunks[0].startswith("--- "):
            return self.hunks[0]
        return f"--- {self.display}\n+++ {self.display}\n" + "".join(self.hunks)

    def _keep_owner_and_mode(self) -> None:
        st = os.stat(self.target)
        if hasattr(os, "chown"):
            try:
                os.chown(self.tmp, st.st_uid, st.st_gid)  # as root, or to a group of ours
            except PermissionError:
                pass
        shutil.copymode(self.target, self.tmp)  # after chown, which clears set-id bits

    def _unchanged(self) -> os.stat_result:
        """The file's stat, when it is still what was read: the same bytes (hashed again
        now) and, checked last, the same size, times and inode as when first looked at."""
        if self.digest is not None:
            now = hashlib.blake2b(digest_size=20)
            size = 0
            with open(self.target, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    now.update(block)
                    size += len(block)
            if size != self.read or now.digest() != self.digest.digest():
                raise NotWritten(CHANGED)
        st = os.stat(self.target)
        if self.seen is not None and _identity(st) != _identity(self.seen):
            raise NotWritten(CHANGED)
        return st

    def _write_in_place(self) -> None:
        """Copy the complete fixed file over the file's own bytes (its other hard links see
        the fix), with SIGINT, SIGTERM and SIGHUP held off until it is copied."""
        held = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}
        mask = hasattr(signal, "pthread_sigmask")
        before = signal.pthread_sigmask(signal.SIG_BLOCK, held) if mask else None
        try:
            with open(self.tmp, "rb") as src, open(self.target, "r+b") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
                dst.truncate()
            os.unlink(self.tmp)
        finally:
            if mask:
                signal.pthread_sigmask(signal.SIG_SETMASK, before)

    def abort(self) -> None:
        """Drop the temporary copy: the file stays as it was."""
        if self.out is not None:
            self.out.close()
            self.out = None
        if self.tmp in _LIVE:
            _LIVE.discard(self.tmp)
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
