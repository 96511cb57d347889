"""The result cache and the complete corpus.

A run names some files; the corpus rules (and the report filters: corpus vocabulary) must see
every document of the corpus, whichever files were named.  ``CorpusRun`` finds the corpus
root and its files (the run's include/exclude), takes each file's result from the corpus
index when the file is unchanged (stamp: size, mtime, ctime, inode; else its content hash)
and the run's configuration is the one the result was made with (``fingerprint``), lints
the others (named or not: a missing index is built, a stale one refreshed), and stores what
it linted.  Reports are printed only for the files named; the corpus phase sees the
summaries of all, in the order of their paths under the root (``Corpus``).

The index also keeps each corpus rule's keys (``CorpusRule.corpus_keys``) of every file of the
corpus's folder tree, and marks the configuration complete when a run has seen every file: a
run naming a few files then asks the index only about their keys (``engine.incremental``)
instead of stat'ing every file and reading every summary.  A run over the whole corpus writes
each result with its keys as it arrives and keeps no summaries in memory (``engine.streaming``).

``--fix`` lints the files it names (a fixing run never serves a cached result), ``--diff``
and stdin runs read the index but never write it; a cached blob is unpickled only into the
classes a result is made of (``load``), and one that does not load is dropped and re-linted.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Callable, Optional

from newslint import corpus_index, discover
from newslint.engine import folders, incremental, pool, streaming
from newslint.engine.configuration import fingerprint
from newslint.engine.corpus import Corpus
from newslint.engine.folders import folder_tree
from newslint.engine.lint import Linter
from newslint.engine.settings import NO_SUMMARIES, FileResult, Settled
from newslint.rule import Report

READ_BLOCK = 1 << 20
MEMO = "corpus-reports"  # meta key: the corpus rules' reports over the corpus last compared


def _stamp(path: str, ctime: bool = True) -> Optional[tuple]:
    """(size, mtime_ns, ctime_ns, inode) of a regular file; None for anything else."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns if ctime else 0, st.st_ino)


def content_hash(path: str, stamp: tuple) -> Optional[bytes]:
    """blake2b of a file's bytes; None when it cannot be read or changed while it was read."""
    h = hashlib.blake2b(digest_size=corpus_index.HASH_SIZE)
    read = 0
    try:
        with open(path, "rb") as fh:
            while True:
                block = fh.read(READ_BLOCK)
                if not block:
                    break
                read += len(block)
                h.update(block)
    except OSError:
        return None
    return h.digest() if read == stamp[0] and _stamp(path) == stamp else None


# --- blobs: only the classes a result is made of ------------------------------------------------

_ALLOWED = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("collections", "Counter"),
    ("collections", "OrderedDict"),
    ("newslint.engine.settings", "FileResult"),
    ("newslint.rule", "_report"),  # a Report (``Report.__reduce__``)
    ("newslint.rule", "RawEdit"),
    ("newslint.suppress", "Suppressions"),
    ("newslint.suppress", "Directive"),
    ("newslint.suppress", "Region"),
    ("newslint.checks.corpus_duplicates.corpus_rule", "DocSummary"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in _ALLOWED or (module == "copyreg" and name == "_reconstructor"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a result")


def dump(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def load(blob: bytes, kind: type):
    """A cached value, or None when the blob is not one newslint wrote."""
    try:
        value = _Unpickler(io.BytesIO(blob)).load()
    except Exception:  # any malformed pickle: the entry is dropped, never trusted
        return None
    return value if isinstance(value, kind) else None


# --- one run over the corpus -----------------------------------------------------------------


class _File:
    __slots__ = ("rel", "fs_path", "display", "named", "hash")  # (100,000s of files)

    def __init__(self, rel: Optional[str], fs_path: str, display: str, named: bool):
        # rel: root-relative, '/' separated, None outside it; the display's own string if equal
        self.rel = display if rel == display else rel
        self.fs_path, self.display, self.named = fs_path, display, named
        self.hash: Optional[bytes] = None


class CorpusRun:
    load = staticmethod(load)  # a cached blob, for ``engine.incremental``

    def __init__(self, linter: Linter, root: Path, db, run: corpus_index.IndexRun):
        self.linter, self.root, self.db, self.run = linter, root, db, run
        self.config = fingerprint(linter) if db is not None else ""
        # corpus rules and report filters see the whole corpus; without them only the cache
        self.complete = bool(linter.summarizing)
        self.writable = db is not None and db.writable
        self.walk = True  # the corpus is found by walking the root; else the index's files
        self.meta: dict = {}  # what the index remembers besides results: the folder tree
        # every corpus rule and report filter keeps its keys in the index (``incremental``)
        self.keyed_rules = list(linter.corpus_rules) + list(linter.report_filters)
        self.streams = True  # a full run's summaries may live in the index alone (``streaming``)
        self.incremental = self.complete and all(
            getattr(r, "incremental", False) for r in self.keyed_rules
        )
        self.tree_files: Optional[set] = None  # the files of the corpus's folder tree ...
        self.tree_key: Optional[str] = None  # ... and the key the index keeps it under

    @classmethod
    def open(cls, linter: Linter, paths: list, folders: bool = True) -> Optional[CorpusRun]:
        """The run over the corpus of ``paths`` (as named), or None when the cache is off
        (``--no-cache``, ``cache = false``, no corpus root): the files named alone, as read.

        Outside a git repository (and without ``corpus-root``) the corpus is the folder
        holding the files named: walked when a folder was named (``folders``), else its index
        knows its files (a run naming single files outside git makes no index)."""
        context = linter.settings.context()
        run = corpus_index.IndexRun()
        root, kind = corpus_index.find_root(context, paths, run)
        if root is None:
            if run.messages:
                return cls(linter, Path("."), None, run)  # says why: no corpus, the files alone
            return None
        known = (root / corpus_index.CACHE_DIR / corpus_index.DB_NAME).is_file()
        if kind == "folder" and not folders and not known:
            return None
        db = corpus_index.Database.open(root, context.index_writable, run)
        plan = cls(linter, root, db, run)
        plan.walk = kind != "folder" or folders
        return plan

    def relative(self, fs_path: str) -> Optional[str]:
        full = os.path.abspath(fs_path)
        top = str(self.root).rstrip(os.sep) + os.sep
        if not full.startswith(top):
            return None
        rel = full[len(top) :].replace(os.sep, "/")
        try:
            rel.encode("utf-8")  # a name that is not UTF-8 is not indexed (SQLite keeps UTF-8)
        except UnicodeError:
            return None
        return rel

    def lint(
        self,
        files: list,
        discovery,
        lint_many: Callable,
        jobs: int,
        progress=None,
        stdin: Optional[str] = None,
        walked: tuple = (),
    ):
        """(results of ``files`` in order, Corpus or None).  ``lint_many(linter, files, jobs,
        progress)`` lints (fs_path, display) pairs (``engine.run``); ``stdin``: the display name
        of a text given on stdin, which stands in for the corpus file of that name; ``walked``:
        the folders ``files`` were found in (the root among them: no need to walk it again)."""
        if self.db is None and not self.complete:
            return lint_many(self.linter, files, jobs, progress), None
        whole = any(os.path.realpath(w) == os.path.realpath(self.root) for w in walked)
        fixing = bool(self.linter.settings.fix)
        if (
            whole
            and lint_many is pool.run
            and self.db
            and self._packer(fixing, stdin)
            and self.db.empty()
        ):
            pool.packing(self._packer(fixing, stdin))  # the workers are forked with it
            pool.fork_early(self.linter, jobs, len(files))  # a new index: every file is linted
        named = [_File(self.relative(f) if self.db else None, f, d, True) for f, d in files]
        if (
            self.db is not None
            and self.incremental
            and self.walk
            and not whole
            and not fixing
            and stdin is None
            and len(named) <= incremental.MAX_NAMED
            and all(f.rel is not None for f in named)
        ):
            done = incremental.lint_named(self, named, discovery, lint_many, jobs, progress)
            if done is not None:
                self.db.close()
                return done
        stamps = self.db.stamps() if self.db else {}
        if not self.db or whole:
            corpus = []
            if self.db is not None and self.incremental and self.walk:
                self._tree(discovery, named)  # what a later run naming a few files compares with
        elif self.walk:
            corpus = self._discover(discovery, {f.rel for f in named}, stdin)
        else:
            corpus = self._indexed(stamps, {f.rel for f in named}, stdin)
        files_seen: dict = {}
        for f in named + corpus:
            self._hash(f, stamps, files_seen)
        spool = self._spool(named + corpus, fixing, stdin, files_seen)
        known = self.db.summaries(self.config) if self.db and corpus else {}
        results: dict = {}  # index in ``named`` -> FileResult
        summaries: dict = {}  # rel -> summaries of an unnamed corpus file
        keyed: dict = {}  # rel -> whether the index holds its keys, of the results reused
        drop = set()
        for i, f in enumerate(named):
            if i % streaming.CHUNK == 0:  # a chunk of cached results at a time
                part = named[i : i + streaming.CHUNK]
                cached = self.db.results(self.config, [f.rel for f in part if f.rel]) if self.db else {}  # fmt: skip
            if fixing or f.hash is None or f.rel not in cached:
                continue
            h, display, blob, sums, keyed[f.rel] = cached[f.rel]
            if h != f.hash or display != f.display:
                continue
            res, sums = load(blob, FileResult), load(sums, dict)
            if res is None or sums is None:
                drop.add(f.rel)
                continue
            res.fs_path, res.summaries = f.fs_path, sums
            results[i] = res
            if spool is not None and keyed[f.rel]:  # the index holds its keys: its summaries
                res.summaries = NO_SUMMARIES
                results[i] = Settled.of(res, f.display, f.fs_path) or res
                spool.dropped.add(f.rel)
        for f in corpus:
            entry = known.get(f.rel)
            if f.hash is not None and entry is not None and entry[0] == f.hash:
                sums = load(entry[1], dict)
                if sums is not None:
                    summaries[f.rel] = sums
                    keyed[f.rel] = entry[2]
                    if spool is not None and entry[2]:  # as above
                        summaries[f.rel] = {}
                        spool.dropped.add(f.rel)
                else:
                    drop.add(f.rel)
        del known
        if drop:
            self.run.warn(
                ("dropped", self.db.path),
                f"corpus index at {self.db.path}: {len(drop)} damaged entr"
                f"{'y' if len(drop) == 1 else 'ies'} (such as {sorted(drop)[0]!r}): "
                + ("dropped; their files are linted again" if self.writable else "ignored"),
            )
        for i in results:
            if progress:
                progress(results[i])
        reused = {named[i].rel for i in results} | set(summaries)
        todo = [i for i in range(len(named)) if i not in results]
        missing = [f for f in corpus if f.rel not in summaries]
        fresh = self._lint_missing(
            named, todo, missing, lint_many, jobs, progress,
            (corpus, summaries) if fixing else None, spool and spool.expect([named[i] for i in todo] + missing),
        )  # fmt: skip
        written = spool.flush() if spool is not None else set()
        position = {id(f): i for i, f in enumerate(named)}
        stored = []  # (file, result) to store
        for f, res in fresh:
            if f.named:
                results[position[id(f)]] = res
            else:
                summaries[f.rel] = res.summaries
            if (
                f.rel is not None
                and f.rel not in written
                and f.hash is not None
                and not res.error
                and not (f.named and fixing)
            ):
                stored.append((f, res))
        ordered = [results[i] for i in range(len(named))]
        del results, position, fresh, todo  # (one a file: the corpus phase needs none)
        if self.db is not None:
            gone = set(stamps) - {f.rel for f in named + corpus} if self.complete else set()
            sums_of = {
                f.rel: r.summaries for f, r in zip(named, ordered) if f.rel and f.rel not in written
            }
            sums_of.update(summaries)
            keys, complete = self._keys_to_write(
                named + corpus, stored, reused | written, keyed, sums_of, written
            )
            rows = (self._row(f, res) for f, res in stored)  # pickled as written
            if not self.writable:
                if stored or files_seen:
                    self.run.note(
                        "unwritten",
                        f"corpus index at {self.db.path} read, not updated: this run writes nothing",
                    )
            elif not self.db.write(  # (a damaged entry ``streaming`` wrote again is kept)
                self.config, files_seen, rows, gone, drop - written, self.meta, keys, complete
            ):
                if spool is not None:
                    spool.ok = False  # the index is not this run's corpus: summaries in memory
                self.run.note(
                    "unwritten",
                    f"corpus index at {self.db.path} not updated: locked by another run, or the disk is full",
                )
        found = None
        if spool is not None and spool.dropped:  # the corpus phase in chunks, from the index
            found = self._streamed(named + corpus, ordered) if spool.ok else None
            if found is None:
                relint = lambda files: lint_many(self.linter, _pairs(files), jobs, None)  # noqa: E731
                streaming.restore(self, named + corpus, ordered, summaries, spool.dropped, relint)
        if found is None and self.complete:
            found = self._corpus(named, ordered, corpus, summaries)
            if self.db is not None and stdin is None and not fixing:
                self._recall(found, named + corpus)
        if self.db is not None:
            self.db.close()
        return ordered, found

    def _spool(self, files: list, fixing, stdin, seen: dict) -> Optional[streaming.Spool]:
        """A ``streaming.Spool`` when the summaries of this run may live in the index alone:
        it is written, every corpus rule and report filter is incremental, and every file of
        the corpus is one of its folder tree, which keeps keys."""
        if fixing or stdin is not None or not (self.streams and self.writable and self.incremental):
            return None
        inside = self.tree_files is not None and all(f.rel in self.tree_files for f in files)
        return streaming.Spool(self, seen) if inside else None

    def _streamed(self, files: list, results: list) -> Optional[Corpus]:
        """The corpus phase of a run whose summaries are in the index: its reports (and the
        report filters' decisions) found a chunk of files at a time; None when the index fails."""
        found = Corpus([])
        self._recall(found, files)
        candidates = [rep for res in results for rep in res.reports]
        files = sorted(files, key=lambda f: f.rel)
        decided = streaming.decide(self, files, candidates, found.recalled is None)
        if decided is None:
            return None
        reports, found.filtered = decided
        if found.recalled is None:
            found.recalled = reports
            if found.remember is not None:
                found.remember(reports)
        found.remember = None
        return found

    def _keys_to_write(self, files, stored, reused: set, keyed: dict, sums: dict, written=()):
        """(the corpus rules' keys to write: (path, held) pairs made as they are written,
        the corpus the index is then complete for, or None).  Every file of the folder tree
        holds its keys (a result reused without them gets them now), a file outside it
        (named, but not one discovery lists) none, so that a run naming a few files sees in
        the keys the corpus this run saw (``written``: files ``streaming`` wrote with keys)."""
        if not self.incremental or self.tree_files is None:
            return None, None
        settled = {f.rel for f, _ in stored} | reused
        todo = []
        for f in files:
            if f.rel is None or f.rel in written:
                continue
            inside = f.rel in self.tree_files
            if f.rel in settled and inside and (f.rel not in reused or not keyed.get(f.rel)):
                todo.append((f.rel, True))
            elif f.rel in settled and not inside and (f.rel not in reused or keyed.get(f.rel)):
                todo.append((f.rel, False))
        complete = self.tree_key if self.tree_files <= settled else None
        pairs = ((rel, self.keys_of(sums[rel]) if inside else None) for rel, inside in todo)
        return pairs, complete

    def keys_of(self, summaries: dict) -> tuple:
        """What one file's documents add to the corpus rules' aggregates (``streaming.keys_of``)."""
        return streaming.keys_of(self.keyed_rules, summaries)

    def _tree(self, discovery, named: list = ()) -> Optional[dict]:
        """The corpus's folder tree (``folders.folder_tree``), remembered for the next run; sets
        ``tree_files`` (in ``named``'s strings) and ``tree_key``.  None when a folder is a link."""
        key = self.tree_key_of(discovery)
        try:
            old = json.loads(self.db.meta(key) or "{}")
        except ValueError:
            old = {}
        old = old if isinstance(old, dict) else {}
        tree = folder_tree(self.top(), discovery, old)
        if tree is not None:
            if old.keys() != tree.keys() or any(old[rd] is not tree[rd] for rd in tree):
                self.meta[key] = json.dumps(tree, separators=(",", ":"))
            self.tree_files, self.tree_key = folders.files_of(tree, [f.rel for f in named]), key
        return tree

    def tree_key_of(self, discovery) -> str:
        """The meta key of the corpus's folder tree as ``discovery`` finds its files."""
        try:  # relative to the root: a clone elsewhere (CI, a restored index) is the same
            where = os.path.relpath(os.path.abspath(discovery.root), self.root)
        except ValueError:
            where = os.path.abspath(discovery.root)
        return "tree:" + _digest(repr((discovery.include, discovery.exclude, where,
                                       discovery.respect_gitignore, discovery.force_exclude)))  # fmt: skip

    def top(self) -> str:
        """The corpus root as discovery names it: relative to the working folder."""
        try:
            return os.path.relpath(self.root)
        except ValueError:
            return str(self.root)

    def _discover(self, discovery, named_rels: set, stdin) -> list:
        """The corpus files under the root not named, in root-relative path order: folders
        whose mtime is unchanged since the last run are not listed again (``folder_tree``)."""
        if not self.complete:
            return []
        top = self.top()
        tree = self._tree(discovery)
        if tree is not None:
            pairs = [
                (os.path.join(top, *rd.split("/"), name) if rd else os.path.join(top, name))
                for rd, (_, names, _, _) in tree.items()
                for name in names
            ]
            found = [(p, discover.shown(p)) for p in pairs]
        else:  # a folder link: the walk follows it as discovery does
            found = discover.collect([top], discovery).files
        out = []
        for fs_path, display in found:
            rel = self.relative(fs_path)
            if rel is None or rel in named_rels or (stdin is not None and display == stdin):
                continue
            out.append(_File(rel, fs_path, display, False))
        return sorted(out, key=lambda f: f.rel)

    def _indexed(self, stamps: dict, named_rels: set, stdin) -> list:
        """The corpus files the index knows (outside git: what was linted there before)."""
        out = []
        for rel in sorted(set(stamps) - named_rels):
            fs_path = os.path.join(str(self.root), *rel.split("/"))
            display = discover.shown(os.path.relpath(fs_path))
            if os.path.isfile(fs_path) and display != stdin:
                out.append(_File(rel, fs_path, display, False))
        return out

    def _hash(self, f: _File, stamps: dict, seen: dict) -> None:
        if f.rel is None:
            return
        stamp = _stamp(f.fs_path)  # (not kept: 170 bytes a file)
        if stamp is None:
            return
        known = stamps.get(f.rel)
        if known is not None and tuple(known[:4]) == stamp:
            f.hash = known[4]
            return
        f.hash = content_hash(f.fs_path, stamp)
        if f.hash is not None:
            seen[f.rel] = (*stamp, f.hash)

    def _lint_missing(self, named, todo, missing, lint_many, jobs, progress, fixing, spool=None):
        """[(file, result)] of the named files to lint and the corpus files not cached
        (``spool``: called with every result as it arrives, ``streaming.Spool``).
        ``fixing``: (the corpus files, the summaries known of them) of a --fix run, whose
        fixes the corpus filter decides over the whole corpus: the corpus files are linted
        first (never fixed), then the named ones."""

        def forward(res):  # -> what ``lint_many`` keeps in the result's place (``pool.run``)
            kept = None
            if spool is not None:
                kept = spool(res)  # (summaries the index does not take are unpacked)
            else:
                streaming.unpack(res, load)
            if progress and (names is None or res.path in names):
                progress(res)
            return kept

        names = {named[i].display for i in todo} if missing else None  # None: all are named
        if missing and _terminal():
            print(
                f"newslint: indexing {len(missing)} file{'s' if len(missing) != 1 else ''} of "
                f"the corpus under {self.root} (later runs reuse them)",
                file=sys.stderr,
                flush=True,
            )
        if fixing:
            plain = Linter(
                dataclasses.replace(self.linter.settings, fix=None, diff=False, fix_roots=()),
                self.linter.registry,
            )
            others = list(zip(missing, lint_many(plain, _pairs(missing), jobs, None)))
            corpus, known = fixing
            known = {**known, **{f.rel: res.summaries for f, res in others}}
            first = [named[i] for i in todo]  # every named file: a fixing run caches none

            def corpus_of(results: list) -> Corpus:
                return self._corpus(first, results, corpus, known)

            found = lint_many(self.linter, _pairs(first), jobs, forward, corpus_of=corpus_of)
            return list(zip(first, found)) + others
        batch = [named[i] for i in todo] + missing
        if spool is not None and lint_many is pool.run:
            pool.packing(self._packer(fixing, None))
        try:
            found = lint_many(self.linter, _pairs(batch), jobs, forward)
        finally:
            pool.release_early()  # (started by ``lint`` for a pool it did not need)
            pool.packing(None)
        return list(zip(batch, found))

    def _packer(self, fixing, stdin) -> Optional[streaming.Packer]:
        """What the workers do to a result the index takes as it arrives (``streaming.Spool``)."""
        if fixing or stdin is not None or not (self.streams and self.writable and self.incremental):
            return None
        return streaming.Packer(self.keyed_rules, dump)

    def _row(self, f: _File, res) -> tuple:
        full = res.result() if isinstance(res, Settled) else res  # (a write the lock refused)
        kept = dataclasses.replace(full, summaries={}, fs_path="", data=None)
        sums = res.summaries
        return (f.rel, f.hash, f.display, dump(kept), getattr(sums, "blob", None) or dump(sums))

    @staticmethod
    def _corpus(named, results, corpus, summaries) -> Corpus:
        entries = [(f.rel, f.display, summaries[f.rel]) for f in corpus if f.rel in summaries]
        inside = [(f.rel, f.display, r.summaries) for f, r in zip(named, results) if f.rel]
        outside = [(f.display, r.summaries) for f, r in zip(named, results) if not f.rel]
        ordered = [(d, s) for _, d, s in sorted(entries + inside, key=lambda e: e[0])]
        return Corpus(ordered + outside)

    def _recall(self, found: Corpus, files: list) -> None:
        """The corpus rules' reports, when the corpus is the one they were last found over:
        the same files, contents, names as shown and configuration; else a way to remember
        them for the next run (an index this run may write)."""
        if any(f.rel is None or f.hash is None for f in files):
            return  # a file outside the root, or unread: its content is not known by hash
        h = hashlib.blake2b(self.config.encode(), digest_size=16)
        for f in sorted(files, key=lambda f: f.rel):
            h.update(repr((f.rel, f.display, f.hash.hex())).encode("utf-8", "surrogateescape"))
        key = h.hexdigest()
        held = self.db.meta(MEMO) or ""
        if held.startswith(key + ":"):
            try:
                reports = load(base64.b64decode(held[len(key) + 1 :]), list)
            except ValueError:  # not base64: not ours
                reports = None
            if reports is not None and all(isinstance(r, Report) for r in reports):
                found.recalled = reports
                return
        if self.writable:
            found.remember = lambda reports: self._remember(key, reports)

    def _remember(self, key: str, reports: list) -> None:
        """Keep the corpus rules' reports for the next run over the same corpus (a run that
        cannot get the lock keeps nothing: the next run compares again)."""
        db = corpus_index.Database.open(self.root, True, self.run)
        if db is not None:
            memo = {MEMO: key + ":" + base64.b64encode(dump(reports)).decode("ascii")}
            db.write(self.config, {}, [], set(), set(), memo)
            db.close()

    def messages(self) -> tuple:
        """(warnings, notes said with --verbose) of the index in this run."""
        return self.run.warnings(), list(self.run.notes.values())


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


def _pairs(files: list) -> list:
    return [(f.fs_path, f.display) for f in files]


def _terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
