"""Many files: linted in this process, or by a pool of worker processes.

Workers inherit the parent's Linter where processes fork (its registry, rules and loaded data
are not rebuilt); elsewhere each worker builds one from the picklable Settings.

A worker can die (the OOM killer, a stray SIGKILL).  ``multiprocessing.Pool`` then waits for
its lost task forever; ``concurrent.futures`` breaks the pool instead, and the files that were
not done are linted again in a fresh pool (one file a task); a file whose worker dies again
is a result with an error (exit 2) naming it, and the others are linted.

With ``--executor dask`` the files go to a Dask cluster instead (``dask_executor``).
"""

from __future__ import annotations

import os
import threading
import time
from typing import Callable, Optional

from newslint import lexicon
from newslint.engine import dask_executor, split
from newslint.engine.lint import Linter
from newslint.engine.settings import FileResult, Settings

_WORKER: Optional[Linter] = None  # the Linter of this process when it is a pool worker
_INHERITED: Optional[Linter] = None  # set in the parent just before forking its workers

# Data rules load on first use, loaded by the parent just before it forks its workers, which
# then share it (copy on write) instead of each paying for it: the families of rules that use
# it, and its loader.  A run whose rules use none of it (or with no pool) never loads it.
PRELOAD = (
    (frozenset({"spelling", "capitalisation", "spacing", "residue"}), lexicon.get_lexicon),
    # wordfreq (import and English list: about 0.4 s a process) weighs spelling suggestions
    (frozenset({"spelling"}), lambda: lexicon.in_use("the", "the")),
)

LOST_AGAIN = (
    "not linted: the worker process linting it was lost twice (killed by a signal, or out "
    "of memory?)"
)


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = _INHERITED if _INHERITED is not None else Linter(settings)
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    """A worker whose parent died (SIGKILL, SIGTERM) ends too, instead of waiting for work
    forever: its siblings hold the queues' pipes open, so it would never read an end."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _lint_one(linter: Linter, fs_path: str, display: str, *more) -> FileResult:
    try:
        return linter.lint_file(fs_path, display, *more)  # more: a second pass's
    except Exception as exc:  # an internal error in one file must not lose the run
        return FileResult(display, error=f"{display}: internal error: {type(exc).__name__}: {exc}")


def _work(batch: list) -> list:
    return [_lint_one(_WORKER, *item) for item in batch]


def run(
    linter: Linter,
    files: list,
    jobs: int = 1,
    progress: Optional[Callable[[FileResult], None]] = None,
    corpus_of: Optional[Callable] = None,
) -> list:
    """Lint (fs_path, display) pairs, in parallel when it pays; results in input order.
    ``progress`` is called with each result, in input order, as soon as it and those before
    it have arrived.  With --fix, the fixes the run keeps of those withheld (report-filtering
    rules, decided once every file is linted, over ``corpus_of(results)``: the whole corpus,
    else these files) are applied in a second pass over their files."""
    if linter.settings.executor == "dask" and files:  # a cluster: one for both passes
        with dask_executor.connected(linter, jobs, _preload) as cluster:
            results = cluster.lint_all(files, progress)
            if linter.settings.fix:
                linter.fix_kept(results, cluster.lint_all, corpus_of)
        return results
    results = _lint_all(linter, files, jobs, progress)
    if linter.settings.fix:
        linter.fix_kept(results, lambda items: _lint_all(linter, items, jobs), corpus_of)
    return results


def _lint_all(linter: Linter, files: list, jobs: int, progress=None) -> list:
    """Lint (fs_path, display, ...) items: arguments of ``Linter.lint_file``.  A large JSON
    Lines file is linted in byte ranges by several workers, and joined (``split``)."""
    planned = split.plan(linter, files, min(jobs, 4 * (os.cpu_count() or 1)))
    if planned is None:
        return _lint_items(linter, files, jobs, progress)
    items, groups = planned
    joiner = split.Joiner(linter, groups, progress)
    _lint_items(linter, items, jobs, joiner.add)
    return joiner.results


def _lint_items(linter: Linter, files: list, jobs: int, progress=None) -> list:
    jobs = min(jobs, len(files), 4 * (os.cpu_count() or 1))  # more workers than that buy nothing
    if jobs <= 1 or len(files) < 4:
        results = []
        for item in files:
            res = _lint_one(linter, *item)
            results.append(res)
            if progress:
                progress(res)
        return results
    chunk = max(1, min(64, len(files) // (jobs * 8)))
    batches = [files[i : i + chunk] for i in range(0, len(files), chunk)]
    done: list = [None] * len(batches)  # per batch: its results, once they are in
    shown = _Shown(done, progress)
    lost = _in_pool(linter, jobs, batches, range(len(batches)), done, shown)
    if lost:
        files_lost = [item for b in lost for item in batches[b]]
        redone = _again(linter, jobs, files_lost)
        redone[0].notes.insert(
            0,
            "warning: a worker process was lost (killed by a signal, or out of memory?): "
            f"{len(files_lost)} file{'s' if len(files_lost) != 1 else ''} linted again",
        )
        it = iter(redone)
        for b in lost:
            done[b] = [next(it) for _ in batches[b]]
        shown.flush()
    return [res for batch in done for res in batch]


def _again(linter, jobs: int, files: list) -> list:
    """The results of files whose worker died: linted again in a fresh pool, a file a task.
    Should a worker die again, the rest go through one worker, so that the file it dies on is
    known: that one is a result with an error (exit 2), and the others are linted."""
    singles = [[f] for f in files]
    again: list = [None] * len(files)
    pending = _in_pool(linter, jobs, singles, range(len(files)), again, None)
    while pending:
        pending = _in_pool(linter, 1, singles, pending, again, None)
        if pending:
            culprit = pending.pop(0)  # the one worker was linting it when it died
            display = files[culprit][1]
            again[culprit] = [FileResult(display, error=f"{display}: {LOST_AGAIN}")]
    return [res for (res,) in again]


class _Shown:
    """Calls ``progress`` in input order: each batch once it and all before it are done."""

    def __init__(self, done: list, progress):
        self.done, self.progress, self.next = done, progress, 0

    def flush(self) -> None:
        while self.next < len(self.done) and self.done[self.next] is not None:
            if self.progress:
                for res in self.done[self.next]:
                    self.progress(res)
            self.next += 1


def _preload(linter: Linter) -> None:
    families = {r.family for r in linter.document_rules}
    for users, load in PRELOAD:
        if families & users:
            load()


def _in_pool(linter, jobs, batches, wanted, done, shown) -> list:
    """Lint ``batches[i]`` for each ``i`` of ``wanted`` in a pool of ``jobs`` workers into
    ``done[i]``; the indices of the batches lost with a worker that died, in order."""
    # imported here: a run of a few files (most runs of one) never starts a pool
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _INHERITED
    forking = hasattr(os, "fork")
    ctx = multiprocessing.get_context("fork") if forking else multiprocessing.get_context()
    _INHERITED = linter if forking else None
    if forking:
        _preload(linter)
    pool = ProcessPoolExecutor(
        min(jobs, len(wanted)), ctx, initializer=_init_worker, initargs=(linter.settings,)
    )
    stopped = True
    try:
        futures = []
        for i in wanted:
            try:
                futures.append((i, pool.submit(_work, batches[i])))
            except BrokenProcessPool:  # a worker died before all was handed out
                futures.append((i, None))
        lost = []
        for i, future in futures:
            try:
                if future is None:
                    raise BrokenProcessPool
                done[i] = future.result()
            except BrokenProcessPool:
                lost.append(i)
                continue
            if shown is not None:
                shown.flush()
        stopped = False
        return lost
    finally:
        _INHERITED = None
        if stopped:  # interrupted (Ctrl-C, SIGTERM): the workers stop too, now
            for proc in list((pool._processes or {}).values()):  # no public way before 3.14
                proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
