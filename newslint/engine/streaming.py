"""A run over the whole corpus whose summaries live in the corpus index, not in memory.

With the index on and every corpus rule and report filter incremental (``CorpusRule.
corpus_keys``), each file's result and keys go to the index as the result arrives, in batches
(``Spool``), and its summaries are dropped: the parent keeps the reports and names.  The
corpus phase (``decide``) then walks the corpus in chunks of files in corpus order, loads
their summaries from the index and asks each rule's ``check_named`` / ``filter_named`` about
them with the index's aggregates (``corpus_index.IndexKeys``): memory proportional to a
chunk, not to the corpus.  The reports are those of ``check_corpus`` over every summary (the
protocol's promise, ``tests/test_corpus_keys.py``).  Whatever goes wrong (a write the lock
refused, a summary that does not load, an index another run changed meanwhile) sends the run
back to the summaries in memory (``restore``), read again from the index.
"""

from __future__ import annotations

import itertools
import pickle
from typing import Optional

from newslint import corpus_index
from newslint.corpus_index.database import in_slices, marks
from newslint.corpus_index.keys import pick, value_counts
from newslint.engine.settings import NO_SUMMARIES, FileResult, Settled

CHUNK = 500  # files a write holds, and a step of the corpus phase reads
FEW_HOLDERS = 64  # a key held by no more documents is read with the chunk's others
SHARED_HOLDERS = 100_000  # holders kept across the chunks (all rules): a line many documents share
SHARED_ANSWERS = 100_000  # counts and tallies kept across the chunks (all rules)
SHARED_MIN = 32  # holders of a key whose answers are kept across the chunks, at least


def keys_of(rules: list, summaries: dict) -> tuple:
    """([(code, key, doc, value)], [(code, doc, value)]) of one file's summaries: what
    its documents add to the corpus rules' aggregates (``CorpusRule.corpus_keys``)."""
    rows, values = [], []
    for rule in rules:
        for doc, s in enumerate(summaries.get(rule.code, ())):
            if s is None:
                continue
            value, keys = rule.corpus_keys(s)
            if value is not None:
                values.append((rule.code, doc, value))
            rows.extend((rule.code, key, doc, v) for key, v in keys)
    return rows, values


class Packed:
    """A result's summaries as the index keeps them, made in the worker (``Packer``): their
    pickle and the pickle of their keys.  The parent writes them as they are, instead of
    unpickling thousands of small objects a file only to pickle them again (issue 19: the
    parent's memory per file, and its time)."""

    __slots__ = ("blob", "keys")

    def __init__(self, blob: bytes, keys: bytes):
        self.blob, self.keys = blob, keys

    def __reduce__(self):
        return Packed, (self.blob, self.keys)


class Packer:
    """Called in a worker with each result whose summaries the run writes to the index."""

    def __init__(self, rules: list, dump):
        self.rules, self.dump = rules, dump

    def __call__(self, res) -> None:
        if res.summaries and not res.error and type(res) is FileResult:  # not a piece (``split``)
            keys = pickle.dumps(keys_of(self.rules, res.summaries), pickle.HIGHEST_PROTOCOL)
            res.summaries = Packed(self.dump(res.summaries), keys)


def unpack(res, load) -> None:
    """A result's summaries as objects again (a result the index does not take)."""
    if isinstance(res.summaries, Packed):
        res.summaries = load(res.summaries.blob, dict) or {}


class Spool:
    """Called with each result as it arrives: the results of the files it ``expect``s
    (``engine.cache._File``) are written to the index in batches with their keys and stamps
    (taken from ``seen``), then forget their summaries (``dropped``).  ``ok`` turns False when
    a write fails: later results keep their summaries."""

    def __init__(self, plan, seen: dict):
        self.plan, self.seen = plan, seen
        self.pending: dict = {}  # display -> the _File not yet arrived (a list: several)
        self.batch: list = []  # (file, result, its Settled or None) to write
        self.dropped: set = set()  # rel of every result whose summaries are in the index only
        self.ok = True

    def expect(self, files: list) -> Spool:
        for f in files:  # a list only for a name given twice: not one a file
            held = self.pending.setdefault(f.display, f)
            if held is not f:
                if not isinstance(held, list):
                    held = self.pending[f.display] = [held]
                held.append(f)
        return self

    def __call__(self, res) -> Optional[Settled]:
        """What the run may keep of ``res`` in its place: a ``Settled`` result when the index
        takes its summaries, else None."""
        f = self.pending.pop(res.path, None)
        if f is None:
            unpack(res, self.plan.load)
            return None
        if isinstance(f, list):
            f, *more = f
            if more:
                self.pending[res.path] = more if len(more) > 1 else more[0]
        if not self.pending:  # (an emptied dict keeps its table: 40 bytes a file)
            self.pending.clear()
        if not (self.ok and f.hash is not None and not res.error):
            unpack(res, self.plan.load)
            return None
        kept = Settled.of(res, f.display, f.fs_path)
        self.batch.append((f, res, kept))
        if len(self.batch) >= CHUNK:
            self.flush()
        return kept

    def flush(self) -> set:
        """Writes the batch; the files whose summaries are in the index only."""
        if not self.batch or not self.ok:
            return self.dropped
        plan, batch = self.plan, self.batch
        self.batch = []
        stamps = {f.rel: self.seen[f.rel] for f, _, _ in batch if f.rel in self.seen}
        rows = (plan._row(f, res) for f, res, _ in batch)
        keys = ((f.rel, _keys(plan, res.summaries)) for f, res, _ in batch)
        if not plan.db.write(plan.config, stamps, rows, set(), set(), {}, keys, None):
            self.ok = False
            for _, res, kept in batch:
                unpack(res, plan.load)
                if kept is not None:
                    kept.summaries = res.summaries
            return self.dropped
        for rel in stamps:
            del self.seen[rel]
        if not self.seen:  # every file written: its table freed (an emptied dict keeps it)
            self.seen.clear()
        for f, res, kept in batch:  # (the FileResult, kept by a caller that keeps no Settled)
            res.summaries = NO_SUMMARIES
            res.path, res.fs_path = f.display, f.fs_path  # the same names: held once
            if not res.suppressions:  # an empty one reads as none: kept by every result
                res.suppressions = None
            if kept is not None:  # (its names and suppressions set as it was made)
                kept.summaries = NO_SUMMARIES
            self.dropped.add(f.rel)
        return self.dropped


def _keys(plan, summaries) -> tuple:
    if isinstance(summaries, Packed):
        return pickle.loads(summaries.keys)  # made by this run's own worker
    return plan.keys_of(summaries)


def restore(plan, files: list, results: list, summaries: dict, dropped: set, relint) -> None:
    """The summaries ``dropped`` read again from the index, for the corpus phase in memory:
    of ``results`` (those of the first ``files``) and of the unnamed files (``summaries``:
    rel -> summaries); a file whose summaries do not load is linted again (``relint``)."""
    blobs = plan.db.summaries(plan.config) if plan.db.conn is not None else {}
    found = {}
    for rel in dropped:
        entry = blobs.get(rel)
        sums = plan.load(entry[1], dict) if entry is not None else None
        if sums is not None:
            found[rel] = sums
    del blobs
    lost = [f for f in files if f.rel in dropped and f.rel not in found]
    if lost:
        found.update((f.rel, res.summaries) for f, res in zip(lost, relint(lost)))
    for f, res in zip(files, results):
        if f.rel in found:
            res.summaries = found[f.rel]
    for rel in summaries:
        if rel in found:
            summaries[rel] = found[rel]
    dropped.clear()


def decide(plan, files: list, candidates: list, rules: bool = True) -> Optional[tuple]:
    """(the corpus rules' reports, {filter's code: the reports it keeps}) over the corpus
    ``files`` (every one's result and keys in the index, in corpus order), a chunk of files at
    a time; None when the index is not the one this run wrote, or fails.  ``candidates``: the
    document reports the report filters decide about; ``rules``: False when the corpus rules'
    reports are known (recalled): the report filters alone."""
    db, linter = plan.db, plan.linter
    state = db.complete(plan.config)
    if state is None or state[1] != plan.tree_key:
        return None
    cfg = state[0]
    shown = {f.rel: f.display for f in files}
    corpus_rules = list(linter.corpus_rules) if rules else []
    filters = list(linter.report_filters)
    if not corpus_rules and not filters:
        return [], {}
    mine: dict = {r.code: {} for r in filters}  # code -> display -> its reports
    for rep in candidates:
        if rep.code in mine:
            mine[rep.code].setdefault(rep.path, []).append(rep)

    def work(conn) -> Optional[tuple]:
        row = conn.execute("SELECT complete FROM configs WHERE id = ?", (cfg,)).fetchone()
        if not row or row[0] != plan.tree_key:
            return None  # another run changed the index meanwhile
        found: list = []
        kept: dict = {r.code: set() for r in filters}
        shared = SharedHolders()
        for start in range(0, len(files), CHUNK):
            chunk = files[start : start + CHUNK]
            blobs = db.summaries_in(conn, plan.config, [f.rel for f in chunk])
            sums = {}
            for f in chunk:
                s = plan.load(blobs[f.rel], dict) if f.rel in blobs else None
                if s is None:
                    return None
                sums[f.rel] = s
            for rule in corpus_rules + filters:
                named = [
                    corpus_index.Named((f.rel, doc), f.display, s)
                    for f in chunk
                    for doc, s in enumerate(sums[f.rel].get(rule.code, ()))
                    if s is not None
                ]
                view = ChunkKeys(conn, cfg, rule, shown.get, shared)
                view.prefetch([f.rel for f in chunk], asked_of(rule, named))
                if rule.code in kept:
                    reps = [r for f in chunk for r in mine[rule.code].get(f.display, ())]
                    kept[rule.code].update(rule.filter_named(reps, named, view))
                else:
                    found.extend(rule.check_named(named, view))
        return found, kept

    return db.snapshot(work, None)


def asked_of(rule, named: list) -> Optional[set]:
    """The keys a rule says it asks about for the documents ``named`` (``keys_asked``), or
    None: their own."""
    asked: set = set()
    for n in named:
        keys = rule.keys_asked(n.summary)
        if keys is None:
            return None
        asked.update(key for key, _ in keys)
    return asked


class SharedHolders:
    """The answers about keys many documents hold (a line or word many documents share), kept
    across the chunks: every chunk of a large corpus asks about them again, and each answer
    costs as many index rows as the key has holders.  Holders up to ``SHARED_HOLDERS`` in
    all, the first ones asked staying; counts and tallies (``keys.tally``: a few values)
    up to ``SHARED_ANSWERS``."""

    def __init__(self):
        self.answers: dict = {}
        self.size = 0
        self.small: dict = {}  # (code, "count" | "tally", key) -> the answer
        self.crowded: dict = {}  # code -> keys more than FEW_HOLDERS documents hold
        self.crowded_size = 0

    def get(self, asked):
        return self.answers.get(asked)

    def put(self, asked, found: list) -> None:
        if len(found) >= SHARED_MIN and self.size + len(found) <= SHARED_HOLDERS:
            self.answers[asked] = found
            self.size += len(found)

    def crowd(self, code: str, keys: set) -> None:
        """Keeps keys found held by more than ``FEW_HOLDERS`` documents: a later chunk does
        not read all their holders again only to leave them out (``ChunkKeys.prefetch``)."""
        room = SHARED_ANSWERS - self.crowded_size
        if keys and room > 0:
            keys = set(itertools.islice(keys, room)) if len(keys) > room else keys
            self.crowded.setdefault(code, set()).update(keys)
            self.crowded_size += len(keys)

    def keep(self, asked: tuple, answer, holders: int) -> None:
        """Keeps a count or tally of a key that ``holders`` documents hold."""
        if holders >= SHARED_MIN and len(self.small) < SHARED_ANSWERS:
            self.small[asked] = answer


class ChunkKeys(corpus_index.IndexKeys):
    """``IndexKeys`` over an index holding every document of the corpus, the named ones
    among them: nothing is put in place of a file's rows.  ``prefetch`` reads the holders of
    a chunk's keys at once (a key few documents hold: a band bucket, a digest), which
    ``holders`` and ``count`` then answer without asking the index one key at a time."""

    def __init__(self, conn, cfg: int, rule, display, shared: SharedHolders):
        super().__init__(conn, cfg, rule, [], set(), display, ({}, {}))
        self.shared = shared
        self.fetched: dict = {}  # key -> every holder, in corpus order
        self.paths_named: list = []  # the chunk's files, whose keys are read at the first ask
        self.asked: Optional[set] = None  # the keys their rule asks about, when it says

    def prefetch(self, paths: list, asked: Optional[set] = None) -> None:
        """The holders of every key the documents of ``paths`` hold, or of the keys their
        rule says it asks about (``asked``: ``Rule.keys_asked``), where at most
        ``FEW_HOLDERS`` documents hold it, read when ``holders`` or ``tally`` is first
        asked (a rule that only counts, such as a report filter's vocabulary, asks for few
        keys).  A key held by more is counted (``count`` then needs no query) and left out
        of every later chunk's read (``SharedHolders.crowd``): each would count all its
        holders again only to leave them out."""
        self.paths_named, self.asked = paths, asked

    def _fetch(self) -> None:
        paths, self.paths_named = self.paths_named, []
        if self.asked is not None:
            keys = set(self.asked)
        else:  # the documents' own keys
            keys = set()
            for some in in_slices(paths):
                sql = (
                    f"SELECT key FROM doc_keys WHERE cfg = ? AND path IN ({marks(some)}) "
                    "AND code = ?"
                )
                keys.update(k for (k,) in self.conn.execute(sql, (self.cfg, *some, self.code)))
        keys -= self.shared.crowded.get(self.code, set())
        crowded = set()
        for some in in_slices(sorted(keys)):
            # every holder of a key few documents hold; of another, the first, with its count
            sql = (
                "SELECT key, path, doc, value, n FROM (SELECT key, path, doc, value, "
                "COUNT(*) OVER (PARTITION BY key) AS n, ROW_NUMBER() OVER (PARTITION BY key "
                "ORDER BY path, doc, value) AS r FROM doc_keys WHERE cfg = ? AND code = ? "
                f"AND key IN ({marks(some)})) WHERE n <= ? OR r = 1 "
                "ORDER BY key, path, doc, value"
            )
            args = (self.cfg, self.code, *some, FEW_HOLDERS)
            for key, path, doc, value, n in self.conn.execute(sql, args):
                if n > FEW_HOLDERS:
                    crowded.add(key)
                    self.shared.keep((self.code, "count", key), n, n)
                    self._counted[key] = n
                else:
                    holder = corpus_index.Holder((path, doc), self._name(path), value)
                    self.fetched.setdefault(key, []).append(holder)
        self.shared.crowd(self.code, crowded)

    def _holders(self, key: bytes, limit, before) -> list:
        if self.paths_named:
            self._fetch()
        found = self.fetched.get(key)
        if found is not None:
            return pick(found, limit, before)
        asked = (self.code, key, limit, before)
        found = self.shared.get(asked)
        if found is None:
            found = super()._holders(key, limit, before)
            self.shared.put(asked, found)
        return found

    def _count(self, key: bytes) -> int:
        found = self.fetched.get(key)
        if found is not None:
            return len(found)
        asked = (self.code, "count", key)
        n = self.shared.small.get(asked)
        if n is None:
            n = super()._count(key)
            self.shared.keep(asked, n, n)
        return n

    def tally(self, key: bytes) -> tuple:
        """``keys.tally`` read from the index's values column alone (no holder objects), and
        kept across the chunks (NL203 asks each chunk for the forms of a word that thousands
        of documents capitalise)."""
        if self.paths_named:
            self._fetch()
        found = self.fetched.get(key)
        if found is not None:
            return corpus_index.tally(found)
        asked = (self.code, "tally", key)
        answer = self.shared.small.get(asked)
        if answer is None:
            sql = (
                "SELECT value FROM doc_keys WHERE cfg = ? AND code = ? AND key = ? "
                "ORDER BY path, doc"
            )
            values = [v for (v,) in self.conn.execute(sql, (self.cfg, self.code, key))]
            answer = value_counts(values)
            self.shared.keep(asked, answer, len(values))
        return answer
