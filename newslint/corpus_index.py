"""The corpus index: every document's compact summary, kept in SQLite under the corpus root.

Corpus rules (NL6xx) compare the documents of a run with each other and with the documents
indexed by earlier runs, so that ``newslint new-article.txt`` finds the article it copies
without re-reading the corpus.  A summary is stored per (rule, path, document index) with
the lookup keys that find it (content hashes, LSH band keys, paragraph hashes).

It lives in ``corpus-root`` (an existing folder) or at the root of the git repository holding
the run's files; ``--diff`` and stdin runs read it but never create or change it.  Trust: an
entry is used only while its file keeps the size, modification time and (checked when a lookup
finds it) content hash it was indexed with; a rule whose parameters changed drops its entries;
an entry newslint could not have written is dropped, and a database that is unreadable,
truncated or of another schema is rebuilt, each said once on stderr (``IndexRun``).  SQLite's
locking (WAL, busy timeout) keeps concurrent runs safe; a run that cannot get the write lock
in time simply does not update the index.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable, NamedTuple, Optional

CACHE_DIR = ".newslint_cache"
DB_NAME = "corpus.sqlite"
SCHEMA_VERSION = 2  # 2: a content hash per entry
BUSY_TIMEOUT_MS = 10_000
HASH_SIZE = 16  # bytes of blake2b per indexed file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    rule TEXT NOT NULL, path TEXT NOT NULL, idx INTEGER NOT NULL,
    mtime INTEGER NOT NULL, size INTEGER NOT NULL,
    label TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL,
    digest INTEGER NOT NULL, words INTEGER NOT NULL, payload BLOB NOT NULL, hash BLOB NOT NULL,
    PRIMARY KEY (rule, path, idx)
);
CREATE TABLE IF NOT EXISTS keys (rule TEXT NOT NULL, key INTEGER NOT NULL, path TEXT NOT NULL, idx INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS keys_by_key ON keys (rule, key);
CREATE INDEX IF NOT EXISTS keys_by_path ON keys (rule, path);
"""
_COLUMNS = "path, idx, mtime, size, label, line, col, digest, words, payload, hash"

AFTER_REBUILD = "duplicates of files not in this run are not found until they are linted again"
# sqlite3 errors that say nothing of the file (another run holds it, the disk is full ...)
_TRANSIENT = ("locked", "busy", "readonly", "read-only", "full", "unable to open", "i/o error", "schema has changed", "interrupted", "out of memory")  # fmt: skip
_NEW = "new"  # _problem(): an empty database, ours to create
_ERRORS = (sqlite3.Error, UnicodeError)  # what a query raises (a path not UTF-8: encoding)


class Entry(NamedTuple):
    """One indexed document of one rule: where it is, its stamp, its summary fields, its keys."""

    path: str  # relative to the corpus root, '/' separated
    idx: int
    mtime: int
    size: int
    label: str
    line: int
    col: int
    digest: int
    words: int
    payload: bytes
    hash: bytes = b""  # blake2b of the file's bytes (filled in by ``store``)
    keys: tuple = ()


# --- one run: its warnings and the hashes it computed -------------------------------------------


class IndexRun:
    """What the index says and remembers during one run: warnings (each said once) and the
    content hashes it computed (a file consulted by several rules is read once)."""

    def __init__(self):
        self.messages: dict = {}  # key -> message, in the order first said
        self.dropped: dict = {}  # database -> [entries dropped, an example]
        self.hashes: dict = {}  # absolute path -> (mtime_ns, size, hash) or None
        self.repos: dict = {}  # folder -> its git repository root, or None

    def warn(self, key, message: str) -> None:  # said once a run, whoever says it again
        self.messages.setdefault(key, message)

    def drop(self, database: Path, count: int, example: str, writable: bool) -> None:
        self.dropped.setdefault((database, writable), [0, example])[0] += count

    def warnings(self) -> list:
        out = list(self.messages.values())
        for (database, writable), (n, example) in self.dropped.items():
            what = f"{n} damaged entr{'y' if n == 1 else 'ies'} (such as {example})"
            then = "dropped; they are indexed again when their files are next linted"
            out.append(f"corpus index at {database}: {what}: {then if writable else 'ignored'}")
        return out


_RUNS: list = []  # the active runs, innermost last


@contextmanager
def run_scope() -> Iterator[IndexRun]:
    """One run of the corpus rules: the index's warnings are gathered here, to be said once."""
    run = IndexRun()
    _RUNS.append(run)
    try:
        yield run
    finally:
        _RUNS.remove(run)


def _run() -> IndexRun:
    return _RUNS[-1] if _RUNS else IndexRun()


# --- where the index lives ----------------------------------------------------------------------


def find_root(context, paths: Iterable[str] = ()) -> Optional[Path]:  # context: a rule.Context
    """The corpus root of a run, or None when the index is off.

    ``corpus-root`` from the configuration (relative to the configuration's directory; it
    must exist), else the git repository holding the run's files (``paths``, display paths;
    ``-`` is stdin, in the working directory; of nested repositories, the outermost).
    Files in separate repositories, or in none: no index.  Off unless the run asked for the
    cache (the CLI does unless ``--no-cache`` or ``cache = false``).
    """
    if context is None or not context.cache:
        return None
    run = _run()
    configured = context.corpus_root
    if configured:
        root = Path(os.path.abspath(os.path.join(context.root or ".", configured)))
        if not root.is_dir():
            run.warn(
                ("corpus-root", str(root)),
                f"key 'corpus-root': {root} is not an existing folder: the corpus index is not "
                "used (create the folder, or correct the key)",
            )
            return None
        return root
    folders = {os.getcwd() if p == "-" else os.path.dirname(os.path.abspath(p)) for p in paths}
    repos = {r for r in (_repository(Path(f), run.repos) for f in folders) if r is not None}
    top = [r for r in repos if all(r == o or r in o.parents for o in repos)]  # holds the others
    if repos and not top:
        names = ", ".join(sorted(map(str, repos)))
        run.warn(
            ("repos", names),
            f"the files of this run lie in separate git repositories ({names}): the corpus "
            "index is not used",
        )
    return top[0] if top else None


def _repository(folder: Path, known: dict) -> Optional[Path]:
    """The git repository holding ``folder`` (a .git folder or file) and an index, else the
    nearest one holding it (a repository nested in an indexed one uses that index); None."""
    if folder not in known:
        repos = [d for d in (folder, *folder.parents) if (d / ".git").exists()]
        indexed = [d for d in repos if (d / CACHE_DIR / DB_NAME).is_file()]
        known[folder] = (indexed or repos or [None])[0]
    return known[folder]


def signed(key: int) -> int:
    """An unsigned 64-bit key as SQLite's signed INTEGER."""
    return key - (1 << 64) if key >= (1 << 63) else key


# --- the index ----------------------------------------------------------------------------------


class CorpusIndex:
    def __init__(self, root: Path, path: Path, conn, writable: bool, run: IndexRun):
        self.root = root
        self.path = path  # the database file
        self.conn: Optional[sqlite3.Connection] = conn  # None once found damaged and not rebuilt
        self.writable = writable
        self.run = run

    # --- opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, root: Path, writable: bool = True) -> Optional[CorpusIndex]:
        """Open the index of ``root``; None if impossible.  Writable, it is created (its
        folder inside the existing root) or rebuilt when unsound, with a warning; read-only
        (``--diff``, stdin), a missing or unsound index is not used and nothing is written."""
        path = root / CACHE_DIR / DB_NAME
        if writable:
            try:
                path.parent.mkdir(exist_ok=True)  # never its parents: the root exists
                ignore = path.parent / ".gitignore"
                if not ignore.exists():
                    ignore.write_text("# created by newslint\n*\n", encoding="utf-8")
            except OSError:
                return None
        elif not path.is_file():
            return None
        index = cls(root, path, None, writable, _run())
        return index if index._connect() else None

    def _connect(self, attempts: int = 2) -> bool:
        """Connect, creating or rebuilding the database as needed; False if impossible."""
        for attempt in range(attempts):
            conn = None
            try:
                conn = _connect(self.path, self.writable)
                problem = _problem(conn)
                if problem and not self.writable:
                    conn.close()
                    if problem != _NEW:
                        self._unsound(problem)
                    return False
                problem = _create(conn) if problem else ""
                if problem:
                    self._unsound(problem)
                self.conn = conn
                return True
            except _ERRORS as exc:
                if conn is not None:
                    conn.close()
                problem = _damage(exc)
                if problem is None:
                    return False  # busy, full, read-only: lint without the index this time
                if not self.writable or attempt == attempts - 1:
                    self._unsound(problem, rebuilt=False)
                    return False
                _remove(self.path)
                self._unsound(problem)
        return False

    def _unsound(self, problem: str, rebuilt: bool = True) -> None:
        then = f"rebuilt; {AFTER_REBUILD}" if rebuilt else "could not be rebuilt: not used"
        if not self.writable:  # --diff, stdin
            then = "not used by this run, which writes nothing (the next run that does rebuilds it)"
        self.run.warn(("unsound", self.path), f"corpus index at {self.path} {problem}: {then}")

    def _guarded(self, work: Callable, default):
        """``work()`` on the database; when the database turns out damaged it is rebuilt empty
        (writable) and ``work`` tried once more, or no longer used; busy or full: ``default``."""
        for _ in range(2):
            if self.conn is None:
                return default
            try:
                return work()
            except _ERRORS as exc:
                problem = _damage(exc)
                if problem is None:
                    return default
                self.conn.close()
                self.conn = None
                if not self.writable:
                    self._unsound(problem, rebuilt=False)
                    return default
                _remove(self.path)
                self._unsound(problem)
                self._connect(attempts=1)
        return default

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    # --- paths ----------------------------------------------------------------------------
    def relative(self, display: str) -> Optional[str]:
        """The index key of a file in the run, or None when it is not a file under the root."""
        if not display or display == "-" or not os.path.isfile(display):
            return None
        full = Path(os.path.abspath(display))
        try:
            rel = full.relative_to(self.root).as_posix()
            rel.encode("utf-8")  # a name that is not UTF-8 is not indexed (SQLite keeps UTF-8)
            return rel
        except ValueError:
            return None

    def display(self, relative: str) -> str:
        """How the run names an indexed file: relative to the working directory when possible."""
        full = self.root / relative
        try:
            return os.path.relpath(full)
        except ValueError:
            return str(full)

    def stamp(self, relative: str) -> Optional[tuple]:
        """(mtime_ns, size) of a regular file under the root; None for anything else."""
        try:
            st = os.stat(self.root / relative)
        except (OSError, ValueError):
            return None
        return (st.st_mtime_ns, st.st_size) if stat.S_ISREG(st.st_mode) else None

    def fingerprint(self, relative: str) -> Optional[tuple]:
        """(mtime_ns, size, content hash) of a file under the root, computed once a run; None
        when it is missing, not a regular file, or changed while it was read."""
        full = self.root / relative
        known = self.run.hashes
        if full not in known:
            known[full] = None
            before = self.stamp(relative)
            if before is not None:
                h = hashlib.blake2b(digest_size=HASH_SIZE)
                read = 0
                try:
                    with open(full, "rb") as fh:
                        while read <= before[1]:
                            block = fh.read(1 << 20)
                            if not block:
                                break
                            read += len(block)
                            h.update(block)
                except OSError:
                    read = -1
                if read == before[1] and self.stamp(relative) == before:
                    known[full] = (*before, h.digest())
        return known[full]

    # --- a rule's entries -------------------------------------------------------------------
    def use_params(self, rule: str, params: str) -> bool:
        """Whether a rule's entries may be used: made with these parameters (a writable index
        drops them and records the new ones; a read-only one just says no)."""
        key = f"params:{rule}"

        def work():
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            if row and row[0] == params:
                return True
            if not self.writable:
                return False
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                self.conn.execute("DELETE FROM docs WHERE rule = ?", (rule,))
                self.conn.execute("DELETE FROM keys WHERE rule = ?", (rule,))
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, params))
            return True

        return self._guarded(work, False)

    def lookup(
        self,
        rule: str,
        keys: Iterable[int],
        exclude: set,
        limit_per_key: int = 0,
        check: Optional[Callable[[bytes], str]] = None,
    ) -> list:
        """Valid entries of ``rule`` holding any of ``keys``, other than the paths in ``exclude``.

        With ``limit_per_key``, at most that many documents are fetched per key (callers that
        treat very common keys as boilerplate need only know that the limit was reached).
        ``check(payload)`` names what is wrong with a payload ("" when it is well formed).
        An entry is valid when its fields have the types newslint writes and its file still
        has the stamp and content hash it was indexed with; the others are dropped.
        """
        keys = list({signed(k) for k in keys})
        if not keys:
            return []
        return self._guarded(lambda: self._lookup(rule, keys, exclude, limit_per_key, check), [])

    def _lookup(self, rule, keys, exclude, limit_per_key, check) -> list:
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM wanted")
        conn.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((k,) for k in keys))
        conn.execute("BEGIN")  # one snapshot: keys and entries as one run wrote them
        try:
            if limit_per_key:
                rows = conn.execute(
                    "SELECT DISTINCT path, idx FROM (SELECT k.key, k.path, k.idx, row_number() "
                    "OVER (PARTITION BY k.key ORDER BY k.path, k.idx) AS n FROM wanted w JOIN "
                    "keys k ON k.rule = ? AND k.key = w.key) WHERE n <= ?",
                    (rule, limit_per_key),
                ).fetchall()
            else:
                rows = conn.execute(
                    "SELECT DISTINCT k.path, k.idx FROM wanted w JOIN keys k ON k.rule = ? AND k.key = w.key",
                    (rule,),
                ).fetchall()
            sql = f"SELECT {_COLUMNS} FROM docs WHERE rule = ? AND path = ? AND idx = ?"
            rows = [
                (path, conn.execute(sql, (rule, path, idx)).fetchone())
                for path, idx in rows
                if path not in exclude
            ]
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")
        found, stale, damaged = [], set(), {}
        for path, row in rows:
            if path in stale or path in damaged:
                continue
            problem = _entry_problem(row) if row else "a lookup key without its entry"
            problem = problem or (check(row[9]) if check else "")
            if problem:
                damaged[path] = problem
                continue
            entry = Entry(*row)
            now = self.stamp(path)
            if now != (entry.mtime, entry.size) or self.fingerprint(path) != (*now, entry.hash):
                stale.add(path)  # changed or deleted since it was indexed
                continue
            found.append(entry)
        if damaged:
            path, problem = next(iter(damaged.items()))
            self.run.drop(self.path, len(damaged), f"{rule} {path!r}: {problem}", self.writable)
        if self.writable and (stale or damaged):
            self._forget(rule, stale | set(damaged))
        return [e for e in found if e.path not in stale and e.path not in damaged]

    def store(self, rule: str, entries: list, paths: set) -> None:
        """Replace the entries of ``paths`` by ``entries``, skipping files already up to date.

        An entry is stored with its file's content hash, taken now; a file whose stamp is no
        longer the one its entries were made with loses its entries (it changed since).
        """
        if paths and self.writable:  # locked by a concurrent run, disk full: left as it was
            self._guarded(lambda: self._store(rule, entries, paths), None)

    def _store(self, rule: str, entries: list, paths: set) -> None:
        conn = self.conn
        current: dict = {}
        sql = "SELECT path, idx, mtime, size, digest FROM docs WHERE rule = ?"
        if len(paths) < 200:
            rows = [r for p in paths for r in conn.execute(f"{sql} AND path = ?", (rule, p))]
        else:
            rows = conn.execute(sql, (rule,)).fetchall()
        for path, idx, mtime, size, digest in rows:
            if path in paths:
                current.setdefault(path, set()).add((idx, mtime, size, digest))
        by_path: dict = {}
        for e in entries:
            by_path.setdefault(e.path, []).append(e)
        changed = [
            p
            for p in sorted(paths)
            if current.get(p, set())
            != {(e.idx, e.mtime, e.size, signed(e.digest)) for e in by_path.get(p, ())}
        ]
        if not changed:
            return
        rows, keys = [], []
        for p in changed:
            mine = by_path.get(p, ())
            found = self.fingerprint(p) if mine else None
            if found is None or any(found[:2] != (e.mtime, e.size) for e in mine):
                continue  # changed since it was linted: its entries would describe other text
            for e in mine:
                rows.append((rule, *e[:7], signed(e.digest), e.words, e.payload, found[2]))
                keys.extend((rule, signed(k), e.path, e.idx) for k in set(e.keys))
        with conn:  # one transaction: committed, or rolled back on any error
            conn.execute("BEGIN IMMEDIATE")
            for p in changed:
                conn.execute("DELETE FROM docs WHERE rule = ? AND path = ?", (rule, p))
                conn.execute("DELETE FROM keys WHERE rule = ? AND path = ?", (rule, p))
            conn.executemany(
                "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
            conn.executemany("INSERT INTO keys VALUES (?, ?, ?, ?)", keys)

    def _forget(self, rule: str, paths: set) -> None:
        try:
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                for p in paths:  # a path that is not UTF-8 came back as bytes
                    match = "CAST(? AS TEXT)" if isinstance(p, bytes) else "?"
                    for table in ("docs", "keys"):
                        self.conn.execute(
                            f"DELETE FROM {table} WHERE rule = ? AND path = {match}", (rule, p)
                        )
        except sqlite3.Error:
            pass  # busy: they are dropped by a later run (a damaged database fails again there)


# --- the database file --------------------------------------------------------------------------


def _connect(path: Path, writable: bool) -> sqlite3.Connection:
    if writable:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    else:  # an existing database only: never create one
        uri = path.absolute().as_uri() + "?mode=rw"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.text_factory = _text
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if writable:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _text(data: bytes):
    """A TEXT value; its bytes when they are not UTF-8 (not newslint's: the row is dropped)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


@lru_cache(maxsize=1)
def _expected() -> frozenset:
    """The schema objects of a newslint index: (type, name, table, sql) from sqlite_master."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(_SCHEMA)
        return frozenset(_objects(conn))
    finally:
        conn.close()


def _objects(conn: sqlite3.Connection) -> list:
    return conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite%'"
    ).fetchall()


def _problem(conn: sqlite3.Connection) -> str:
    """What is wrong with an open database: "" when it is a sound index, _NEW when empty."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    objects = set(_objects(conn))
    if version == 0 and not objects:
        return _NEW
    if version == 0:
        return "was not a newslint index"
    if version != SCHEMA_VERSION:
        return f"was made by another newslint (schema {version}, this one writes {SCHEMA_VERSION})"
    if objects != _expected():
        return "had tables that are not newslint's"
    for table in ("meta", "docs", "keys"):  # every table's first page is readable
        conn.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()
    return ""


def _create(conn: sqlite3.Connection) -> str:
    """Make an empty or unsound database a new index, in one transaction (a concurrent run
    sees the old database or the new one); what was wrong with it ("" if it was empty)."""
    with conn:  # one transaction: committed, or rolled back on any error
        conn.execute("BEGIN IMMEDIATE")
        problem = _problem(conn)  # again: another run may have made it meanwhile
        if problem:
            order = {"trigger": 0, "view": 1, "index": 2, "table": 3}
            for kind, name, _, _ in sorted(_objects(conn), key=lambda o: order.get(o[0], 4)):
                if not isinstance(name, str):  # not UTF-8: the file goes, not the table
                    raise sqlite3.DatabaseError("a table named in bytes that are not UTF-8")
                if kind in order:
                    quoted = name.replace('"', '""')
                    conn.execute(f'DROP {kind.upper()} IF EXISTS "{quoted}"')
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return "" if problem == _NEW else problem


def _damage(exc: Exception) -> Optional[str]:
    """Why a database is unusable as it stands, or None when the error is passing (busy,
    locked, full, read-only) or ours (a closed connection)."""
    if isinstance(exc, UnicodeDecodeError):  # SQLite's message quotes bytes that are not UTF-8
        return "was damaged (its schema is not UTF-8)"
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.ProgrammingError):
        return None
    text = str(exc) or type(exc).__name__
    if any(t in text.lower() for t in _TRANSIENT):
        return None
    return f"was damaged ({text})"


_INTS = (1, 2, 3, 5, 6, 7, 8)  # idx, mtime, size, line, col, digest, words


def _entry_problem(row: tuple) -> str:
    """What in a docs row is not what newslint writes ("" when nothing)."""
    path, idx, _, size, label, line, col, _, words, payload, content = row
    if not isinstance(path, str) or not path or path.startswith("/") or ".." in path.split("/"):
        return "not a path under the corpus root"
    if not all(type(row[i]) is int for i in _INTS) or not isinstance(label, str):
        return "a field of the wrong type"
    if idx < 0 or size < 0 or line < 1 or col < 1 or words < 0:
        return "a negative position or count"
    if not isinstance(payload, bytes):
        return f"a payload of type {type(payload).__name__}"
    if not isinstance(content, bytes) or len(content) != HASH_SIZE:
        return "no content hash"
    return ""


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        try:
            p.unlink()
        except OSError:
            pass
