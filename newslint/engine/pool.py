"""Many files: linted in this process, or by a pool of worker processes.

Workers inherit the parent's Linter where processes fork (its registry, rules and loaded data
are not rebuilt); elsewhere each worker builds one from the picklable Settings.
"""

from __future__ import annotations

import os
from typing import Callable, Optional

from newslint.engine.lint import Linter
from newslint.engine.settings import FileResult, Settings

_WORKER: Optional[Linter] = None  # the Linter of this process when it is a pool worker
_INHERITED: Optional[Linter] = None  # set in the parent just before forking its workers


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = _INHERITED if _INHERITED is not None else Linter(settings)


def _lint_one(linter: Linter, fs_path: str, display: str) -> FileResult:
    try:
        return linter.lint_file(fs_path, display)
    except Exception as exc:  # an internal error in one file must not lose the run
        return FileResult(display, error=f"{display}: internal error: {type(exc).__name__}: {exc}")


def _work(item) -> FileResult:
    return _lint_one(_WORKER, *item)


def run(
    linter: Linter,
    files: list,
    jobs: int = 1,
    progress: Optional[Callable[[FileResult], None]] = None,
) -> list:
    """Lint (fs_path, display) pairs, in parallel when it pays; results in input order.
    ``progress`` is called with each result as it arrives."""
    global _INHERITED
    results = []
    jobs = min(jobs, len(files), 4 * (os.cpu_count() or 1))  # more workers than that buy nothing
    if jobs <= 1 or len(files) < 4:
        for fs_path, display in files:
            res = _lint_one(linter, fs_path, display)
            results.append(res)
            if progress:
                progress(res)
        return results
    import multiprocessing

    forking = hasattr(os, "fork")
    ctx = multiprocessing.get_context("fork") if forking else multiprocessing.get_context()
    chunk = max(1, min(64, len(files) // (jobs * 8)))
    _INHERITED = linter if forking else None
    try:
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(linter.settings,)) as pool:
            for res in pool.imap(_work, files, chunksize=chunk):
                results.append(res)
                if progress:
                    progress(res)
    finally:
        _INHERITED = None
    return results
