"""Many files on a Dask cluster (``--executor dask``): the FileResults the local pool gives.

Without a scheduler address the run starts a ``LocalCluster`` of ``--jobs`` worker processes;
with one it joins that cluster.  A task is a batch of files (a large file is a batch of its
own; a large JSON Lines file is several, one a byte range, joined again in order: ``split``);
each worker builds one Linter from the picklable Settings and keeps it for every task of the
run (a LocalCluster's workers are forked, as the local pool's are, and inherit the client's).  The results come back in input order, so the
corpus phase, the output, --fix and the exit status are those of a local run.

Without the corpus index (and not fixing), the summaries of the corpus rules and report filters
with the incremental protocol stay on the cluster: each batch keeps its ``reduce.Batch`` there,
the batches' keys are merged up a tree per partition and pruned; each batch is sent from the
partitions' roots only the keys its documents ask about (a shuffle by key, no aggregate sent
to every worker) and checked against them (``engine.reduce``), and only reports come back;
the results carry the decisions (``Reduced.corpus``) to ``corpus.finish``.

Every worker must run what this process runs: before the first task, and again in each task
(a worker may join, or be restarted, later), the worker's ``fingerprint`` (newslint and its
dependencies, every rule's code and data, the options in use, the shipped word lists) must
equal this process's; else the run stops with exit 2 naming the worker and what differs.  A
worker lost mid-run (killed, out of memory) loses nothing: Dask runs its tasks again on
another.  A batch that kills its workers again and again (``KilledWorker``) is tried a file a
task, and the file that does is a result with an error, as in the local pool.

Dask is an optional dependency (``pip install 'newslint[dask]'``), imported only here and only
when a run asks for it.
"""

from __future__ import annotations

import hashlib
import logging
import operator
import os
import pickle
import sys
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Callable, Optional

import newslint
from newslint.engine import corpus, reduce, split
from newslint.engine.lint import Linter
from newslint.engine.settings import ExecutorError, FileResult, Settings
from newslint.sources.urls import is_url

CONNECT_TIMEOUT = 5  # seconds to reach a scheduler before the run gives up (exit 2)
# the distributions whose versions change what a rule reports
DEPENDENCIES = ("regex", "ftfy", "numpy", "wordfreq", "rapidfuzz", "jellyfish", "justext")
DATA = os.path.join(os.path.dirname(newslint.__file__), "data")
LOST_AGAIN = (
    "not linted: the Dask worker linting it was lost every time it was tried (killed by a "
    "signal, or out of memory?)"
)

_LINTERS: dict = {}  # in a worker: settings key -> (Linter, fingerprint)

# a LocalCluster's housekeeping, for a run of a few minutes: without it the nannies and each
# worker sample memory every 100 ms and the system every 500 ms, and the scheduler weighs
# stealing work every second, though a run's batches are handed out as workers free up (the
# scheduler's queue).  The event loop's 20 ms tick is left alone: a longer one looked slower.
QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.scheduler.work-stealing": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.disk": False,
}


# --- the client: one cluster a run ----------------------------------------------------------
class DaskRun:
    """A connection to a cluster, and the settings every task of the run shares."""

    def __init__(self, client, linter: Linter):
        self.client, self.linter = client, linter
        self.key = settings_key(linter.settings)
        self.expected = fingerprint(linter)
        self.digest = fingerprint_digest(self.expected)  # what each task checks its worker by
        # sent with each task (a few kB): a worker restarted mid-run needs nothing else
        self.settings = linter.settings
        self.check_workers()

    def check_workers(self) -> None:
        """Every worker's fingerprint equals this process's (building each worker's Linter
        now, all at once, rather than in its first task)."""
        try:
            found = self.client.run(_worker_fingerprint, self.settings, self.key)
        except Exception as exc:  # a worker lost while it answers, a broken install
            raise ExecutorError(f"the Dask workers cannot be checked: {exc}") from None
        if not found:
            raise ExecutorError("the Dask cluster has no worker")
        for worker in sorted(found):
            problem = differences(self.expected, found[worker])
            if problem:
                raise ExecutorError(f"Dask worker {worker} differs from this newslint: {problem}")

    def lint_all(self, files: list, progress: Optional[Callable] = None) -> list:
        """Lint (fs_path, display, ...) items on the cluster; results in input order, and
        ``progress`` called with each, in input order, as soon as those before it are in."""
        if not files:
            return []
        # a worker's working directory is its own: paths relative to ours are made absolute
        here = os.getcwd()
        files = [
            item if is_url(item[0]) else (os.path.join(here, item[0]), *item[1:]) for item in files
        ]
        planned = split.plan(self.linter, files, self.workers())
        items = planned[0] if planned is not None else files
        tree = reduce.plan(self.linter, items, self.workers())
        if planned is not None:  # large JSON Lines files in byte ranges, joined in order
            joiner = split.Joiner(self.linter, planned[1], progress)
            kept = self._lint_items(items, joiner.add, tree)
            results = joiner.results
        else:
            results = kept = self._lint_items(files, progress, tree)
        if tree is None:
            return results
        return self._corpus_phase(tree, results, kept.batches, kept.documents)

    def _lint_items(
        self, files: list, progress: Optional[Callable] = None, tree: Optional[reduce.Tree] = None
    ) -> list:
        """The items' results in order; with ``tree``, without the tree's summaries, which
        stay on the cluster: ``batches`` (futures of reduce.Batch), and ``documents``."""
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        batches = make_batches(files, self.workers())
        firsts = [sum(len(b) for b in batches[:i]) for i in range(len(batches))]
        futures, held = {}, []
        for i, batch in enumerate(batches):
            if tree is None:
                future = self.client.submit(
                    _lint_batch, self.settings, self.key, self.digest, batch, pure=False
                )
            else:  # the results come back; the Batch stays where it was made
                both = self.client.submit(
                    _lint_tree_batch, self.settings, self.key, self.digest, batch, tree,
                    firsts[i], pure=False,
                )  # fmt: skip
                future = self.client.submit(_front, both)
                held.append(self.client.submit(operator.itemgetter(2), both))
            futures[future] = i
        done: list = [None] * len(batches)
        documents: list = [{}] * len(batches)
        shown = 0
        for future in as_completed(list(futures), loop=self.client.loop):
            i = futures.pop(future)  # its result here: the worker may drop it
            try:
                if tree is None:
                    done[i] = future.result()
                else:
                    done[i], documents[i] = future.result()
            except KilledWorker:
                done[i] = self._one_by_one(batches[i])
                if tree is not None:  # its Batch made here and sent to the cluster
                    b = reduce.batch(self.linter, tree, done[i], firsts[i])
                    documents[i] = b.documents
                    held[i] = self.client.scatter(b, hash=False)
            except Mismatch as exc:
                self.client.cancel(list(futures))
                worker, theirs = exc.args
                problem = differences(self.expected, theirs)
                raise ExecutorError(
                    f"Dask worker {worker} differs from this newslint: {problem}"
                ) from None
            except Exception as exc:  # the scheduler lost, a task cancelled
                self.client.cancel(list(futures))
                raise ExecutorError(
                    f"the Dask cluster failed: {type(exc).__name__}: {exc}"
                ) from None
            while shown < len(done) and done[shown] is not None:
                if progress:
                    for res in done[shown]:
                        progress(res)
                shown += 1
        out = Reduced(res for batch in done for res in batch)
        out.batches, out.documents = held, reduce.documents_of(documents)
        return out

    def _corpus_phase(self, tree: reduce.Tree, results: list, held: list, documents: dict):
        """``results`` with the corpus phase decided (``Reduced.corpus``): the tree's codes on
        the cluster (``engine.reduce``), the other corpus rules here over their summaries."""
        found, kept = self._reduce(tree, held, documents)
        recalled = []
        for rule in self.linter.corpus_rules:
            if rule.code in tree.rules:
                recalled.extend(rep for f in found for rep in f[rule.code])
            else:
                recalled.extend(rule.check_corpus(corpus.summaries(results, rule.code)))
        filtered = {code: {rep for k in kept for rep in k[code]} for code in tree.filters}
        out = Reduced(results)
        out.corpus = corpus.Corpus([], recalled=recalled, filtered=filtered)
        return out

    def _reduce(self, tree: reduce.Tree, held: list, documents: dict) -> tuple:
        """([{rule code: reports}], [{filter code: reports kept}]) of each batch: partial
        aggregates merged pairwise per partition and pruned at the roots, which stay on the
        cluster; each group of batches is sent from each root only the keys its documents ask
        about (and the values of their holders), and each batch is checked against its share,
        all on the cluster (``engine.reduce``)."""
        submit = self.client.submit
        parts = tree.parts
        try:
            leaves = [[submit(reduce.part, b, p) for b in held] for p in range(parts)]
            roots = []
            for p in range(parts):
                level = list(leaves[p])
                while len(level) > 1:
                    pairs = [
                        submit(reduce.merge, level[i], level[i + 1])
                        for i in range(0, len(level) - 1, 2)
                    ]
                    level = pairs + level[len(pairs) * 2 :]
                roots.append(submit(reduce.prune, level[0], tree.pruned))
            codes = reduce.valued(documents)
            named = [submit(reduce.named_ranks, r, parts, codes) for r in roots]
            roots = [
                submit(reduce.keep_values, r, *[submit(reduce.ranks_in, n, p) for n in named])
                for p, r in enumerate(roots)
            ]
            pieces = []
            for group in reduce.groups(len(held), parts):
                asking = [[submit(reduce.ask, held[i], p) for i in group] for p in range(parts)]
                pieces.extend(self._select(parts, roots, asking))
            shared = (self.settings, self.key, self.digest, tree)
            checks = [
                submit(_check_batch, *shared, b, found, documents, pure=False)
                for b, found in zip(held, pieces)
            ]
            # the roots, selections and pieces are held by the tasks that need them until
            # they are done, and released on the cluster after: never gathered here
            del leaves, roots, pieces, level, named
            out = self.client.gather(checks)
        except Mismatch as exc:
            worker, theirs = exc.args
            problem = differences(self.expected, theirs)
            raise ExecutorError(
                f"Dask worker {worker} differs from this newslint: {problem}"
            ) from None
        except Exception as exc:  # the scheduler lost, a task cancelled, a batch lost too often
            raise ExecutorError(f"the Dask cluster failed: {type(exc).__name__}: {exc}") from None
        return [f for f, _ in out], [k for _, k in out]

    def _select(self, parts: int, roots: list, asking: list) -> list:
        """Futures of what each batch of a group is sent (``reduce.attach``'s pieces): from
        each partition's root the entries of the keys the group asks (``asking``: per
        partition, the keys each batch of the group asks: ``reduce.ask``), then the values of
        the holders selected."""
        submit = self.client.submit
        chosen = [submit(reduce.select, roots[p], *asking[p]) for p in range(parts)]
        united = submit(reduce.unite, parts, *chosen)
        values = [
            submit(reduce.select_values, roots[p], submit(reduce.ranks_for, united, p))
            for p in range(parts)
        ]
        found = submit(reduce.attach, united, *values)
        return [submit(reduce.piece, found, j) for j in range(len(asking[0]))]

    def _one_by_one(self, batch: list) -> list:
        """A batch whose workers kept dying: each file a task; one that still kills its
        worker is a result with an error naming it, the others are linted."""
        from distributed.scheduler import KilledWorker

        futures = [
            self.client.submit(
                _lint_batch, self.settings, self.key, self.digest, [item], pure=False
            )
            for item in batch
        ]
        out = []
        for item, future in zip(batch, futures):
            try:
                out.extend(future.result())
            except KilledWorker:
                out.append(FileResult(item[1], error=f"{item[1]}: {LOST_AGAIN}"))
        return out

    def workers(self) -> int:
        return max(1, len(self.client.nthreads()))


@contextmanager
def connected(linter: Linter, jobs: int, preload: Optional[Callable] = None) -> Iterator[DaskRun]:
    """A DaskRun on the scheduler of the run's settings, or on a LocalCluster of ``jobs``
    worker processes started for the run (and stopped after it).  Where processes fork, the
    local workers are forked, after ``preload(linter)``: they inherit the Linter and its data
    as the local pool's workers do, instead of each building its own."""
    try:
        import dask
        from distributed import Client, LocalCluster
        from distributed.comm.addressing import resolve_address
    except ImportError:
        raise ExecutorError("--executor dask needs Dask: pip install 'newslint[dask]'") from None
    address = linter.settings.scheduler
    cluster = None
    if address:
        try:  # a bad address or host first: a Client that cannot start lingers at exit
            resolve_address(address)
            client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except Exception as exc:  # OSError (timed out, refused, no such host), ValueError
            why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ExecutorError(f"cannot reach the Dask scheduler at {address}: {why}") from None
    else:
        config = dict(QUIET)
        if hasattr(os, "fork"):
            if preload is not None:
                preload(linter)
            _LINTERS.clear()
            _LINTERS[settings_key(linter.settings)] = (linter, fingerprint(linter))
            config["distributed.worker.multiprocessing-method"] = "fork"
        try:
            with dask.config.set(config), warnings.catch_warnings():
                # Python 3.12 warns of fork() in a process with threads (the cluster's loop)
                warnings.simplefilter("ignore", DeprecationWarning)
                cluster = LocalCluster(
                    n_workers=max(1, jobs),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.CRITICAL,  # a worker heartbeat lost as the run ends
                )
                client = Client(cluster, set_as_default=False)
        except Exception as exc:
            _LINTERS.clear()
            if cluster is not None:
                cluster.close()
            raise ExecutorError(f"cannot start a local Dask cluster: {exc}") from None
    try:
        yield DaskRun(client, linter)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        _LINTERS.clear()  # kept until now for the workers restarted mid-run (forked again)


def make_batches(files: list, workers: int) -> list:
    """Consecutive files in batches of about the same bytes: some 16 a worker, so that a
    slow batch or a lost worker costs little, and no more than 256 files a batch."""
    sizes = [item[5].size if len(item) > 5 and item[5] else _size(item[0]) for item in files]
    target = max(1, sum(sizes) // (16 * workers))
    batches, batch, held = [], [], 0
    for item, size in zip(files, sizes):
        if batch and (held + size > target or len(batch) >= 256):
            batches.append(batch)
            batch, held = [], 0
        batch.append(item)
        held += size
    if batch:
        batches.append(batch)
    return batches


def _size(path: str) -> int:
    try:
        return max(1, os.path.getsize(path)) if not is_url(path) else 1
    except OSError:
        return 1


class Reduced(list):
    """FileResults in order.  With their corpus phase decided on the cluster, ``corpus`` is
    what ``corpus.finish`` takes (the corpus rules' reports, the reports each filter keeps)."""

    corpus: Optional[corpus.Corpus] = None
    batches: list = []
    documents: dict = {}


# --- the workers ----------------------------------------------------------------------------
class Mismatch(Exception):
    """A task ran on a worker that differs from the client (raised in the worker, with its
    address and fingerprint)."""


def settings_key(settings: Settings) -> str:
    return hashlib.blake2b(pickle.dumps(settings), digest_size=16).hexdigest()


def _worker_linter(settings: Settings, key: str) -> tuple:
    entry = _LINTERS.get(key)
    if entry is None:
        linter = Linter(settings)
        _LINTERS.clear()  # one run's Linter at a time
        entry = _LINTERS[key] = (linter, fingerprint(linter))
    return entry


def _worker_fingerprint(settings: Settings, key: str) -> dict:
    """On a worker (``Client.run``): its fingerprint, or why it cannot lint the run."""
    try:
        return _worker_linter(settings, key)[1]
    except Exception as exc:  # a pack or plugin missing on the worker, a broken install
        return {"error": f"cannot build the rules: {type(exc).__name__}: {exc}"}


def _lint_batch(settings: Settings, key: str, expected: str, batch: list) -> list:
    """On a worker: a batch's FileResults, once its fingerprint's digest is ``expected``."""
    from distributed import get_worker

    linter, mine = _worker_linter(settings, key)
    if fingerprint_digest(mine) != expected:  # a worker that joined (or restarted) since
        raise Mismatch(get_worker().address, mine)
    out = []
    for item in batch:
        try:
            out.append(linter.lint_file(*item))
        except Exception as exc:  # as the local pool: one file's internal error, not the run's
            display = item[1]
            out.append(
                FileResult(display, error=f"{display}: internal error: {type(exc).__name__}: {exc}")
            )
    return out


def _lint_tree_batch(
    settings: Settings, key: str, expected: str, batch: list, tree: reduce.Tree, first: int
) -> tuple:
    """On a worker: (the batch's FileResults less the tree's summaries, the documents each
    code counts, the reduce.Batch of those summaries)."""
    out = _lint_batch(settings, key, expected, batch)
    b = reduce.batch(_worker_linter(settings, key)[0], tree, out, first)
    return out, b.documents, b


def _front(both: tuple) -> tuple:
    return both[0], both[1]


def _check_batch(
    settings: Settings, key: str, expected: str, tree, b, found: tuple, documents: dict
) -> tuple:
    """On a worker: a batch's corpus reports and the reports its filters keep."""
    from distributed import get_worker

    linter, mine = _worker_linter(settings, key)
    if fingerprint_digest(mine) != expected:
        raise Mismatch(get_worker().address, mine)
    return reduce.check(linter, tree, b, found, documents)


# --- what must be the same everywhere -------------------------------------------------------
def fingerprint(linter: Linter) -> dict:
    """What decides a run's reports besides its input: name -> a short value."""
    from importlib import metadata  # not paid for by local runs

    fp = {
        "newslint": newslint.__version__,
        "python": "{}.{}".format(*sys.version_info[:2]),
        "unicode": unicodedata.unidata_version,
        "word lists": _data_digest(),
    }
    for dist in DEPENDENCIES:
        try:
            fp[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            fp[dist] = "absent"
    for rule in linter.registry:
        fp[f"rule {rule.code}"] = f"{rule.origin}: {_rule_digest(rule)}"
    for rule in linter.document_rules + linter.corpus_rules:
        fp[f"options of {rule.code}"] = _digest(repr(_stable(rule.settings)).encode())
    return fp


def fingerprint_digest(fp: dict) -> str:
    return _digest(repr(sorted(fp.items())).encode())


def differences(expected: dict, found: dict) -> str:
    """What differs between this process's fingerprint and a worker's, said in a line."""
    if "error" in found:
        return found["error"]
    out = []
    for name in sorted(set(expected) | set(found)):
        here, there = expected.get(name), found.get(name)
        if here == there:
            continue
        if there is None:
            out.append(f"{name} ({here.split(':')[0]}) missing on the worker")
        elif here is None:
            out.append(f"{name} ({there.split(':')[0]}) only on the worker")
        elif name.startswith("rule "):
            out.append(f"{name} differs (its code or data)")
        else:
            out.append(f"{name} {there} on the worker, {here} here")
    if len(out) > 5:
        out = out[:5] + [f"and {len(out) - 5} more"]
    return "; ".join(out)


_FILE_DIGESTS: dict = {}


def _file_digest(path: Optional[str]) -> str:
    if not path:
        return ""
    if path not in _FILE_DIGESTS:
        try:
            with open(path, "rb") as fh:
                _FILE_DIGESTS[path] = _digest(fh.read())
        except OSError:
            _FILE_DIGESTS[path] = "unreadable"
    return _FILE_DIGESTS[path]


def _data_digest() -> str:
    try:
        names = sorted(os.listdir(DATA))
    except OSError:
        return "absent"
    return _digest("".join(n + _file_digest(os.path.join(DATA, n)) for n in names).encode())


def _rule_digest(rule) -> str:
    """A rule class: its module's source and its own data (a pack rule's words, patterns)."""
    module = sys.modules.get(rule.__module__)
    source = _file_digest(getattr(module, "__file__", None))
    data = {k: v for k, v in vars(rule).items() if not k.startswith("__") and _plain(v)}
    return _digest((source + repr(_stable(data))).encode())


def _plain(value) -> bool:
    return isinstance(value, (str, int, float, bool, tuple, list, dict, set, frozenset))


def _stable(value):
    """``value`` with sets sorted and dicts in key order: the same repr in every process."""
    if isinstance(value, dict):
        return [(repr(k), _stable(v)) for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_stable(v)) for v in value)
    if isinstance(value, (list, tuple)):
        return [_stable(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else type(value).__name__


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=8).hexdigest()
