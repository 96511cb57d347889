"""Large JSON Lines files linted in byte ranges by several workers, joined into one result.

``plan`` turns a run's (fs_path, display) items into tasks: a local JSON Lines file much
larger than a fair share of the run becomes several items, one a byte range ending on a line
boundary (``sources.ranges``); ``Joiner`` takes the results of those items in order and gives
each file's one FileResult, as linting it whole gives, before anything else sees it (the
progress line, the corpus phase, the corpus index).  Runs that fix (``--fix``, ``--diff``) lint
files whole: one file is written once, through one temporary file.
"""

from __future__ import annotations

import os
from typing import Callable, Optional

from newslint import sources, suppress
from newslint.engine.lint import Linter, PieceResult, _notes, document_stats
from newslint.engine.settings import FileResult
from newslint.sources import Chunk
from newslint.sources.ranges import line_ranges
from newslint.sources.records import no_text_document
from newslint.sources.urls import is_url

MIN_PIECE = 256 * 1024  # smaller ranges cost more in tasks than they give back in balance
MAX_PIECE = 16 * 1024 * 1024  # memory of a task's results, and the loss when a worker dies
SHARES = 8  # ranges a worker: a slow range or a lost worker costs little


def piece_size(total: int, workers: int) -> int:
    """Bytes a range: ``NEWSLINT_SPLIT_BYTES`` when set (0: files are never split; tests and
    benchmarks), else a fair share of the run's bytes within MIN_PIECE and MAX_PIECE."""
    forced = os.environ.get("NEWSLINT_SPLIT_BYTES", "").strip()
    if forced.isdigit():
        return int(forced)
    return max(MIN_PIECE, min(MAX_PIECE, total // max(1, workers * SHARES)))


def plan(linter: Linter, files: list, workers: int):
    """(items, groups): the items to lint (a file's, or one per byte range of it) and, per
    file, how many consecutive items are its; None when no file is split (a run that fixes,
    one worker, no JSON Lines file large enough)."""
    if workers <= 1 or linter.settings.fix or not files:
        return None
    sizes = [_size(item[0]) for item in files]
    piece = piece_size(sum(sizes), workers)
    if piece <= 0:
        return None
    items, groups, split = [], [], False
    options = linter.settings.source
    for item, size in zip(files, sizes):
        ranges = None
        if len(item) == 2 and size > piece and sources.splittable(item[0], item[1], options):
            ranges = line_ranges(item[0], piece)
        if ranges is None:
            items.append(item)
            groups.append(1)
            continue
        split = True
        items.extend((item[0], item[1], None, None, None, r) for r in ranges)
        groups.append(len(ranges))
    return (items, groups) if split else None


def _size(path: str) -> int:
    """A local file's size; 0 for a URL (never split: no request per file to ask)."""
    try:
        return 0 if is_url(path) else os.path.getsize(path)
    except OSError:
        return 0


class Joiner:
    """Results of the planned items, in order -> each file's one result, in order; handed to
    ``progress`` as soon as a file's last range is in."""

    def __init__(self, linter: Linter, groups: list, progress: Optional[Callable] = None):
        self.linter, self.groups, self.progress = linter, groups, progress
        self.results: list = []
        self.pending: list = []

    def add(self, result: FileResult) -> None:
        self.pending.append(result)
        if len(self.pending) < self.groups[len(self.results)]:
            return
        pieces, self.pending = self.pending, []
        joined = pieces[0] if len(pieces) == 1 else join(self.linter, pieces)
        self.results.append(joined)
        if self.progress:
            self.results[-1] = self.progress(joined) or joined


def join(linter: Linter, pieces: list) -> FileResult:
    """The FileResult of a file linted in ranges: what linting it whole gives."""
    first = pieces[0]
    out = FileResult(first.path, suppressions=suppress.Suppressions(), fs_path=first.fs_path)
    out.summaries = {code: [] for code in first.summaries}
    undecodable = False  # only the file's first undecodable byte is reported
    with_text, without, seen = 0, 0, []
    for piece in pieces:
        tally = piece.tally if isinstance(piece, PieceResult) else None
        reports, documents = piece.reports, piece.documents
        if tally is not None and tally.undecodable is not None:
            if undecodable:
                reports, documents = _without_undecodable(piece, tally.undecodable)
            undecodable = True
        out.reports.extend(reports)
        out.documents.extend(documents)
        out.notes.extend(piece.notes)
        if piece.suppressions is not None:
            out.suppressions.merge(piece.suppressions)
        for code, summaries in piece.summaries.items():
            out.summaries.setdefault(code, []).extend(summaries)
        out.size += piece.size
        out.error = out.error or piece.error
        if tally is not None:
            with_text, without = with_text + tally.with_text, without + tally.without
            seen.extend(tally.seen[: max(0, 5 - len(seen))])
    if without and not with_text:  # the reader's warning: no record of the file has text
        doc = no_text_document(without, seen, linter.settings.source, first.path)
        if linter.settings.document_stats:
            out.documents.extend(document_stats(Chunk([doc])))
        if linter.settings.verbose:
            out.notes.extend(_notes([doc]))
    return out


def _without_undecodable(piece: FileResult, where: tuple) -> tuple:
    """A range's reports and document stats less its NL001 (an earlier range reported the
    file's first undecodable byte)."""
    documents_before, line = where
    reports = list(piece.reports)
    for i, r in enumerate(reports):
        if r.code == "NL001" and r.line == line:
            del reports[i]
            break
    documents = list(piece.documents)
    if documents_before < len(documents):
        del documents[documents_before]
    return reports, documents
