"""Many files: linted in this process, or by a pool of worker processes.

Workers inherit the parent's Linter where processes fork (its registry, rules and loaded data
are not rebuilt); elsewhere each worker builds one from the picklable Settings.  What every
worker would load for itself (``PRELOAD``) is loaded before the fork and shared; a full run over
a new corpus index forks its pool before it builds anything per file (``fork_early``), and its
workers pack what the index keeps of a result (``packing``: ``engine.streaming.Packer``).

A worker can die (the OOM killer, a stray SIGKILL).  ``multiprocessing.Pool`` then waits for
its lost task forever; ``concurrent.futures`` breaks the pool instead, and the files that were
not done are linted again in a fresh pool (one file a task); a file whose worker dies again
is a result with an error (exit 2) naming it, and the others are linted.

With ``--executor dask`` the files go to a Dask cluster instead (``dask_executor``).
"""

from __future__ import annotations

import functools
import gc
import os
import threading
import time
from typing import Callable, Optional

from newslint import lexicon, word_usage
from newslint.engine import split
from newslint.engine.lint import Linter
from newslint.engine.settings import FileResult, Settings

_WORKER: Optional[Linter] = None  # the Linter of this process when it is a pool worker
_INHERITED: Optional[Linter] = None  # set in the parent just before forking its workers

# Data rules load on first use, loaded by the parent just before it forks its workers, which
# then share it (copy on write) instead of each paying for it: the families of rules that use
# it, the files a pool lints from which it pays, and its loader.  A run whose rules use none of
# it (or with no pool) never loads it.  Issue 19: what every worker loaded for itself (about
# 100 MB each, such as the lexicon's frequencies and cased forms, and wordfreq's lists) was
# counted once per worker.
LEXICON_FAMILIES = frozenset({"spelling", "capitalisation", "spacing", "residue"})
LARGE = 1000  # files: a run this large loads what only some documents ask for, in each worker
PRELOAD = (
    (LEXICON_FAMILIES, 0, lambda _: lexicon.get_lexicon()),
    # its counts and cased forms (tries mapped from their files on first use: their pages
    # shared by every process)
    (LEXICON_FAMILIES, 64, lambda _: _ask(lexicon.get_lexicon())),
    # wordfreq (import and English list: about 0.4 s a process) weighs spelling suggestions
    (frozenset({"spelling"}), 0, lambda _: lexicon.in_use("the", "the")),
    # what a document of news asks for: the lexicon's frequencies and cased forms, the rules'
    # patterns and tables built on first use (``_WARM_UP``, linted in memory)
    (None, 64, lambda linter: linter.lint_file("warm-up.txt", "warm-up.txt", _WARM_UP)),
    # wordfreq's tokenizer (a word that is not plain lower case) and every list it is asked,
    # each in its trie: 1 MB, where the lists as read take 20 MB (``word_usage._Table``)
    (frozenset({"spelling"}), LARGE, lambda _: word_usage.prepare()),
    # numpy: the corpus rules' MinHash signatures once a process has made a few of them
    (frozenset({"corpus-duplicates"}), LARGE, lambda _: __import__("numpy")),
)
# invented: plain and capitalised words, a name, a quotation, figures, a slip or two
_WARM_UP = (
    "Council approves new bus lanes\n\n"
    "The city council in Northbridge voted on Tuesday to build 12 km of new bus lanes, "
    'despite objections from shopkeepers on the high street. "We have waited too long," '
    "said councillor Maria Okafor, who chairs the transport comittee. Work starts in May "
    "and will cost about £4.5m, according to the council's own estimates.\n\n"
    "Opponents say the plan was rushed. A petition signed by 3,000 residents asked for a "
    "delay, but the vote passed by 31 to 9.\n"
).encode()

# A worker killed while it sends a result leaves the pool reading the rest of that result
# forever (the pipe stays open: the other workers write to it, and block on the lock the dead
# one held).  A dead worker the pool has not noticed after STALL_GRACE seconds is taken for
# that: the pool is unstuck (``_unstick``) and its batches are linted again.
STALL_CHECK = 1.0  # seconds between looks at the workers while a batch's result is awaited
STALL_GRACE = 5.0

LOST_AGAIN = (
    "not linted: the worker process linting it was lost twice (killed by a signal, or out "
    "of memory?)"
)


def _init_worker(settings: Settings, parent: int) -> None:
    """``parent``: the pid of the process that started the pool, taken before the fork (a
    worker asking ``getppid`` here, after its parent was killed, would watch its new one)."""
    global _WORKER
    _WORKER = _INHERITED if _INHERITED is not None else Linter(settings)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


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
    results = [_lint_one(_WORKER, *item) for item in batch]
    for pack in _PACK:
        for res in results:
            pack(res)
    return results


_PACK: list = []  # with the parent's packer when forked: what a worker does to its results


def packing(packer: Optional[Callable]) -> None:
    """``packer(result)`` in the workers forked from now on, on each result they send: the
    summaries the corpus index takes, packed there (``streaming.Packer``); None: no more."""
    _PACK[:] = [packer] if packer is not None else []


def run(
    linter: Linter,
    files: list,
    jobs: int = 1,
    progress: Optional[Callable[[FileResult], None]] = None,
    corpus_of: Optional[Callable] = None,
) -> list:
    """Lint (fs_path, display) pairs, in parallel when it pays; results in input order.
    ``progress`` is called with each result, in input order, as soon as it and those before
    it have arrived; what it returns, if not None, is kept in the result's place (the corpus
    index's compact ``Settled`` result: the parent does not hold 100,000 FileResults).  With
    --fix, the fixes the run keeps of those withheld (report-filtering rules, decided once
    every file is linted, over ``corpus_of(results)``: the whole corpus, else these files) are
    applied in a second pass over their files."""
    if linter.settings.executor == "dask" and files:  # a cluster: one for both passes
        from newslint.engine import dask_executor  # (and what it imports) only when asked for

        # a cluster of the run's own forks its workers after the same loads as the local pool
        preload = functools.partial(_preload, files=len(files))
        with dask_executor.connected(linter, jobs, preload) as cluster:
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
    jobs = _workers(jobs, len(files))  # more workers than 4 a core buy nothing
    if jobs <= 1 or len(files) < 4:
        results = []
        for item in files:
            res = _lint_one(linter, *item)
            results.append(res)
            if progress:
                results[-1] = progress(res) or res
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
                batch = self.done[self.next]
                for i, res in enumerate(batch):
                    batch[i] = self.progress(res) or res
            self.next += 1


def _ask(lex) -> None:
    lex.frequency("the"), lex.has_lowercase_form("the")


def _preload(linter: Linter, files: int = 0) -> None:
    """What the workers of a pool linting ``files`` files would each load, loaded here before
    they are forked, then kept out of the cycle collector's sight: a worker's collections
    would otherwise write to every inherited object, and copy its page (``gc.freeze``)."""
    families = {r.family for r in linter.document_rules + linter.corpus_rules}
    for users, least, load in PRELOAD:
        if files < least or (users is not None and not families & users):
            continue
        try:
            load(linter)
        except Exception:  # a warm-up only: the workers load it themselves, or say why
            pass
    gc.freeze()


def _workers(jobs: int, files: int) -> int:
    """The workers a pool lints ``files`` files with (``_lint_items``)."""
    return min(jobs, files, 4 * (os.cpu_count() or 1))


def _executor(linter: Linter, workers: int, files: int):
    """A pool of ``workers`` processes, forked now (the parent's data loaded first)."""
    # imported here: a run of a few files (most runs of one) never starts a pool
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _INHERITED
    forking = hasattr(os, "fork")
    ctx = multiprocessing.get_context("fork") if forking else multiprocessing.get_context()
    _INHERITED = linter if forking else None
    try:
        if forking:
            _preload(linter, files)
        pool = ProcessPoolExecutor(
            workers, ctx, initializer=_init_worker, initargs=(linter.settings, os.getpid())
        )
        try:  # the workers start (fork) at the first task: with ``_INHERITED`` set
            _result(pool, pool.submit(int))
        except BrokenProcessPool:  # a worker died at once: its batches are lost, and redone
            pass
    finally:
        _INHERITED = None
    return pool


def _result(pool, future):
    """``future.result()``, or ``BrokenProcessPool`` once a worker has died, even one that
    died while it sent a result (``STALL_GRACE``)."""
    from concurrent.futures import TimeoutError as Timeout  # not the builtin before 3.11

    dead_since = None
    while True:
        try:
            return future.result(timeout=STALL_CHECK)
        except Timeout:
            pass
        procs = list((pool._processes or {}).values())  # no public way to ask
        if not any(p.exitcode is not None for p in procs):
            continue
        dead_since = dead_since or time.monotonic()
        if time.monotonic() - dead_since >= STALL_GRACE:
            _unstick(pool, procs)


def _unstick(pool, procs: list) -> None:
    """The pool reads the end of its result pipe, and finds itself broken: every worker
    stopped (the living wait on a lock the dead one held), the parent's own end for writing
    closed."""
    for p in procs:
        if p.exitcode is None:
            p.kill()
    for p in procs:
        p.join(STALL_CHECK)
    pool._result_queue._writer.close()


_EARLY: list = []  # (linter, workers, pool): started by ``fork_early``, not yet used


def fork_early(linter: Linter, jobs: int, files: int) -> None:
    """Start the pool that will lint ``files`` files now, while this process holds nothing
    per file: forked workers hold a copy of the parent as it was (its pages count in each
    one's RSS), and a run over 100,000 files builds ~1.5 kB a file (names, stamps, hashes)
    before it lints them.  ``release_early`` stops it should it not be used."""
    workers = _workers(jobs, files)
    if _EARLY or workers <= 1 or files < 4 or not hasattr(os, "fork"):
        return
    if linter.settings.executor != "local":
        return
    _EARLY.append((linter, workers, _executor(linter, workers, files)))


def release_early() -> None:
    """The pool ``fork_early`` started and no run used, stopped."""
    while _EARLY:
        _EARLY.pop()[2].shutdown(wait=True, cancel_futures=True)


def _take_early(linter: Linter, workers: int):
    if _EARLY and _EARLY[0][0] is linter and _EARLY[0][1] == workers:
        return _EARLY.pop()[2]
    release_early()
    return None


def _in_pool(linter, jobs, batches, wanted, done, shown) -> list:
    """Lint ``batches[i]`` for each ``i`` of ``wanted`` in a pool of ``jobs`` workers into
    ``done[i]``; the indices of the batches lost with a worker that died, in order."""
    from concurrent.futures.process import BrokenProcessPool

    workers = min(jobs, len(wanted))
    pool = _take_early(linter, workers)
    stopped = True
    try:
        if pool is None:
            pool = _executor(linter, workers, sum(len(batches[i]) for i in wanted))
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
                done[i] = _result(pool, future)
                # kept until the corpus phase, and acyclic: out of the cycle collector's
                # sight, which at each full collection went over every result received so
                # far and found nothing (1.1 s of the parent's 2.5 s CPU on BBC x4); freed
                # as ever when dropped
                gc.freeze()
            except BrokenProcessPool:
                lost.append(i)
                continue
            if shown is not None:
                shown.flush()
        stopped = False
        return lost
    finally:
        if pool is not None:
            if stopped:  # interrupted (Ctrl-C, SIGTERM): the workers stop too, now
                for proc in list((pool._processes or {}).values()):  # no public way before 3.14
                    proc.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
