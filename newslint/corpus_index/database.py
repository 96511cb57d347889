"""The corpus index's SQLite file: each corpus file's stamp and content hash, and per run
configuration the cached result of linting it (reports, summaries), as opaque blobs.

Trust: a database that is unreadable, truncated, of another schema or holding tables that are
not ours is rebuilt (writable) or not used (read-only), said once on stderr; a row of the
wrong shape is dropped.  SQLite's locking (WAL, busy timeout) keeps concurrent runs safe; a
run that cannot get the write lock in time writes nothing (said with ``--verbose``).
"""

from __future__ import annotations

import sqlite3
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

from newslint.corpus_index.keys import IndexKeys, stale_rows
from newslint.corpus_index.root import IndexRun

CACHE_DIR = ".newslint_cache"
DB_NAME = "corpus.sqlite"
SCHEMA_VERSION = 4  # 3: a result cache of every corpus file; 4: the corpus rules' keys
BUSY_TIMEOUT_MS = 10_000
WAL_PAGES = 16_384  # pages (4 KiB) the write-ahead log grows to before a checkpoint: 64 MiB
HASH_SIZE = 16  # bytes of blake2b per file
KEEP_CONFIGS = 8  # run configurations whose results are kept (the most recently used)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
    ctime INTEGER NOT NULL, inode INTEGER NOT NULL, hash BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS configs (
    id INTEGER PRIMARY KEY, config TEXT UNIQUE NOT NULL, used REAL NOT NULL, complete TEXT
);
CREATE TABLE IF NOT EXISTS results (
    config TEXT NOT NULL, path TEXT NOT NULL, hash BLOB NOT NULL, display TEXT NOT NULL,
    result BLOB NOT NULL, summaries BLOB NOT NULL, keyed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (config, path)
);
CREATE TABLE IF NOT EXISTS doc_keys (
    cfg INTEGER NOT NULL, code TEXT NOT NULL, key BLOB NOT NULL, path TEXT NOT NULL,
    doc INTEGER NOT NULL, value BLOB NOT NULL, PRIMARY KEY (cfg, code, key, path, doc, value)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_keys_path ON doc_keys (cfg, path);
CREATE TABLE IF NOT EXISTS doc_values (
    cfg INTEGER NOT NULL, code TEXT NOT NULL, path TEXT NOT NULL, doc INTEGER NOT NULL,
    value BLOB NOT NULL, PRIMARY KEY (cfg, code, path, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_values_path ON doc_values (cfg, path);
"""
TABLES = ("meta", "files", "configs", "results", "doc_keys", "doc_values")
AFTER_REBUILD = "its files are linted again as runs need them"
# sqlite3 errors that say nothing of the file (another run holds it, the disk is full ...)
_TRANSIENT = ("locked", "busy", "readonly", "read-only", "full", "unable to open", "i/o error", "schema has changed", "interrupted", "out of memory")  # fmt: skip
_NEW = "new"  # _problem(): an empty database, ours to create
_ERRORS = (sqlite3.Error, UnicodeError)


class Database:
    """One open index.  Every method turns a damaged database into a warning and a rebuild
    (writable) or an index no longer used; a busy one into its ``default``."""

    def __init__(self, root: Path, path: Path, writable: bool, run: IndexRun):
        self.root, self.path, self.writable, self.run = root, path, writable, run
        self.conn: Optional[sqlite3.Connection] = None

    @classmethod
    def open(cls, root: Path, writable: bool, run: IndexRun) -> Optional[Database]:
        """The index of ``root``; None if impossible.  Writable, it is created (its folder
        inside the existing root) or rebuilt when unsound, with a warning; read-only
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
        db = cls(root, path, writable, run)
        return db if db._connect() else None

    def _connect(self, attempts: int = 2) -> bool:
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
        if not self.writable:
            then = "not used by this run, which writes nothing (the next run that does rebuilds it)"
        self.run.warn(("unsound", self.path), f"corpus index at {self.path} {problem}: {then}")

    def _guarded(self, work: Callable, default, attempts: int = 2):
        for _ in range(attempts):
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
            self.conn = None

    # --- reading --------------------------------------------------------------------------
    def empty(self) -> bool:
        """Whether the index knows no file (new, or emptied): a run lints every file."""
        work = lambda: self.conn.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None  # noqa: E731
        return self._guarded(work, False)

    def stamps(self) -> dict:
        """path -> (size, mtime_ns, ctime_ns, inode, hash) of every file known."""

        def work():
            out = {}
            for row in self.conn.execute("SELECT path, size, mtime, ctime, inode, hash FROM files"):
                if _well_formed_file(row):
                    out[row[0]] = row[1:]
            return out

        return self._guarded(work, {})

    def summaries(self, config: str) -> dict:
        """path -> (hash, summaries blob, keyed) of every result of ``config`` (keyed: whether
        the corpus rules' keys of it are in the index)."""

        def work():
            sql = "SELECT path, hash, summaries, keyed FROM results WHERE config = ?"
            return {
                r[0]: r[1:]
                for r in self.conn.execute(sql, (config,))
                if isinstance(r[0], str) and isinstance(r[1], bytes) and isinstance(r[2], bytes)
            }

        return self._guarded(work, {})

    def meta(self, key: str) -> Optional[str]:
        def work():
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            return row[0] if row and isinstance(row[0], str) else None

        return self._guarded(work, None)

    def results(self, config: str, paths: list) -> dict:
        """path -> (hash, display, result blob, summaries blob, keyed) of the results of
        ``config`` for ``paths``."""

        def work():
            sql = (
                "SELECT hash, display, result, summaries, keyed FROM results "
                "WHERE config = ? AND path = ?"
            )
            out = {}
            for p in paths:
                row = self.conn.execute(sql, (config, p)).fetchone()
                if row and isinstance(row[1], str) and isinstance(row[2], bytes):
                    if isinstance(row[3], bytes):
                        out[p] = row
            return out

        return self._guarded(work, {})

    def stamps_of(self, paths: list) -> dict:
        """``stamps`` of ``paths`` only."""

        def work():
            sql = "SELECT path, size, mtime, ctime, inode, hash FROM files WHERE path = ?"
            out = {}
            for p in paths:
                row = self.conn.execute(sql, (p,)).fetchone()
                if row and _well_formed_file(row):
                    out[row[0]] = row[1:]
            return out

        return self._guarded(work, {})

    def complete(self, config: str) -> Optional[tuple]:
        """(id, the corpus it is complete for) of ``config`` when the index holds a result and
        the corpus rules' keys of every file of that corpus (``write``'s ``complete``)."""

        def work():
            sql = "SELECT id, complete FROM configs WHERE config = ?"
            row = self.conn.execute(sql, (config,)).fetchone()
            ok = row and type(row[0]) is int and isinstance(row[1], str)
            return tuple(row) if ok else None

        return self._guarded(work, None)

    def read_keys(self, cfg: int, rules: list, work: Callable, default):
        """``work({code: keys.IndexKeys})`` over the aggregates of ``rules`` (``rules``:
        [(rule, named documents, paths named, display)]), in one read transaction: every
        rule of a run sees the same corpus; ``default`` when the index fails."""

        def views(conn):
            stale = stale_rows(conn, cfg, set().union(*(rest[1] for _, *rest in rules)))
            return work({r.code: IndexKeys(conn, cfg, r, *rest, stale) for r, *rest in rules})

        return self.snapshot(views, default)

    def snapshot(self, work: Callable, default):
        """``work(connection)`` in one read transaction (the corpus phase reads one corpus:
        ``read_keys``, ``engine.streaming``); ``default`` when the index fails (once: a rebuilt
        index is empty)."""

        def guarded():
            conn = self.conn
            conn.execute("BEGIN")
            try:
                return work(conn)
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")

        return self._guarded(guarded, default, attempts=1)

    @staticmethod
    def summaries_in(conn, config: str, paths: list) -> dict:
        """path -> summaries blob of the results of ``config`` for ``paths`` (inside
        ``snapshot``)."""
        out = {}
        for some in in_slices(paths):
            sql = (
                f"SELECT path, summaries FROM results WHERE config = ? AND path IN ({marks(some)})"
            )
            for path, blob in conn.execute(sql, (config, *some)):
                if isinstance(path, str) and isinstance(blob, bytes):
                    out[path] = blob
        return out

    # --- writing --------------------------------------------------------------------------
    def forget_keys(self, config: str) -> None:
        """Drop the corpus rules' keys of ``config`` (damaged): the next run that sees the
        whole corpus writes them again."""
        if not self.writable:
            return

        def work():
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                row = self.conn.execute("SELECT id FROM configs WHERE config = ?", (config,))
                for (cfg,) in row.fetchall():
                    self.conn.execute("DELETE FROM doc_keys WHERE cfg = ?", (cfg,))
                    self.conn.execute("DELETE FROM doc_values WHERE cfg = ?", (cfg,))
                    self.conn.execute("UPDATE configs SET complete = NULL WHERE id = ?", (cfg,))
                self.conn.execute("UPDATE results SET keyed = 0 WHERE config = ?", (config,))

        self._guarded(work, None, attempts=1)

    def write(
        self,
        config: str,
        files: dict,
        results,
        gone: set,
        drop: set,
        meta: dict,
        keys=None,
        complete: Optional[str] = None,
    ) -> bool:
        """In one transaction: the stamps of ``files`` (path -> (size, mtime, ctime, inode,
        hash)), the ``results`` ((path, hash, display, result, summaries)), the paths ``gone``
        from the corpus forgotten, the damaged results ``drop`` dropped; ``config`` marked used
        and the results of configurations long unused deleted; the ``meta`` (key -> text)
        written; ``keys`` ((path, ([(code, key, doc, value)], [(code, doc, value)]) or None
        to hold none) pairs): the corpus rules' keys and document values of those paths' results
        (written before), in place of what they had.
        ``complete``: the corpus (a key of its files) for which the index now holds every
        file's result and keys of ``config``; else a write that changes anything leaves
        ``config`` incomplete, and one that changes files leaves every other one so.  False
        when it could not be written (another run holds the lock, the disk is full, the run
        writes nothing)."""
        if not self.writable:
            return False
        written = []  # rows of results and keys: iterables, made as they are written

        def counted(rows, each=lambda row: row):
            for row in rows:
                written.append(1)
                yield each(row)

        def work():
            conn = self.conn
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(
                    "INSERT INTO configs (config, used) VALUES (?, ?) "
                    "ON CONFLICT (config) DO UPDATE SET used = excluded.used",
                    (config, time.time()),
                )
                cfg = conn.execute("SELECT id FROM configs WHERE config = ?", (config,)).fetchone()[
                    0
                ]
                for p in gone:  # (each table's index leads with its configuration)
                    conn.execute("DELETE FROM files WHERE path = ?", (p,))
                    conn.execute(
                        "DELETE FROM results WHERE config IN (SELECT config FROM configs) "
                        "AND path = ?",
                        (p,),
                    )
                    for table in ("doc_keys", "doc_values"):
                        conn.execute(
                            f"DELETE FROM {table} WHERE cfg IN (SELECT id FROM configs) AND path = ?",
                            (p,),
                        )
                for p in drop:
                    conn.execute("DELETE FROM results WHERE config = ? AND path = ?", (config, p))
                    conn.execute("DELETE FROM doc_keys WHERE cfg = ? AND path = ?", (cfg, p))
                    conn.execute("DELETE FROM doc_values WHERE cfg = ? AND path = ?", (cfg, p))
                conn.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                    ((p, *v) for p, v in files.items()),
                )
                conn.executemany(
                    "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, 0)",
                    counted(results, lambda r: (config, *r)),
                )
                held_by = {}  # path -> its keys and values (a path given twice: the last)
                for p, held in counted(keys or ()):
                    conn.execute("DELETE FROM doc_keys WHERE cfg = ? AND path = ?", (cfg, p))
                    conn.execute("DELETE FROM doc_values WHERE cfg = ? AND path = ?", (cfg, p))
                    conn.execute(
                        "UPDATE results SET keyed = ? WHERE config = ? AND path = ?",
                        (int(held is not None), config, p),
                    )
                    held_by[p] = held
                key_rows, value_rows = [], []
                for p, held in held_by.items():
                    if held is None:
                        continue
                    rows, values = held
                    key_rows.extend((cfg, code, key, p, doc, v) for code, key, doc, v in rows)
                    value_rows.extend((cfg, code, p, doc, v) for code, doc, v in values)
                # in the order of the tables' keys: a rule's keys are hashes, and inserted as
                # they come each lands on a page of its own, one the page cache has seldom
                # kept once the table is large (100k documents: 255 -> 201 s in all)
                conn.executemany(
                    "INSERT OR REPLACE INTO doc_keys VALUES (?, ?, ?, ?, ?, ?)", _ordered(key_rows)
                )
                conn.executemany(
                    "INSERT OR REPLACE INTO doc_values VALUES (?, ?, ?, ?, ?)", _ordered(value_rows)
                )
                conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
                if files or gone:
                    conn.execute("UPDATE configs SET complete = NULL WHERE id != ?", (cfg,))
                if complete is not None or files or gone or drop or written:
                    conn.execute("UPDATE configs SET complete = ? WHERE id = ?", (complete, cfg))
                old = conn.execute(
                    "SELECT id, config FROM configs ORDER BY used DESC LIMIT -1 OFFSET ?",
                    (KEEP_CONFIGS,),
                ).fetchall()
                for i, c in old:
                    conn.execute("DELETE FROM results WHERE config = ?", (c,))
                    conn.execute("DELETE FROM doc_keys WHERE cfg = ?", (i,))
                    conn.execute("DELETE FROM doc_values WHERE cfg = ?", (i,))
                    conn.execute("DELETE FROM configs WHERE id = ?", (i,))
            return True

        # once: ``results`` and ``keys`` are made as they are written, so a damaged index is
        # rebuilt empty and filled by the next run, not written again from a half-read iterable
        return self._guarded(work, False, attempts=1)


def _ordered(rows: list) -> list:
    """``rows`` sorted, where their values compare (a plugin's keys of mixed types are written
    as they came: the order only saves time)."""
    try:
        rows.sort()
    except TypeError:
        pass
    return rows


def in_slices(items: list, size: int = 500) -> list:
    """``items`` in slices a statement takes as its parameters (SQLite bounds their number)."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def marks(items: list) -> str:
    """The placeholders of ``items`` in a statement: ``?, ?, ?``."""
    return ", ".join("?" * len(items))


def _well_formed_file(row: tuple) -> bool:
    path, *ints, content = row
    return (
        isinstance(path, str)
        and bool(path)
        and not path.startswith("/")
        and ".." not in path.split("/")
        and all(type(v) is int for v in ints)
        and isinstance(content, bytes)
        and len(content) == HASH_SIZE
    )


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
            # a checkpoint (the log copied into the database, and synced) once the log holds
            # WAL_PAGES pages, not SQLite's 1,000: a full run's batches each rewrite thousands
            # of the keys' pages, and the checkpoints after them grew with the corpus (50k
            # documents: commits 11.4 -> 6.8 s)
            conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_PAGES}")
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
    for table in TABLES:  # every table's first page is readable
        conn.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()
    return ""


def _create(conn: sqlite3.Connection) -> str:
    """Make an empty or unsound database a new index, in one transaction (a concurrent run
    sees the old database or the new one); what was wrong with it ("" if it was empty)."""
    with conn:
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
    if isinstance(exc, UnicodeDecodeError):
        return "was damaged (its schema is not UTF-8)"
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.ProgrammingError):
        return None
    text = str(exc) or type(exc).__name__
    if any(t in text.lower() for t in _TRANSIENT):
        return None
    return f"was damaged ({text})"


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        try:
            p.unlink()
        except OSError:
            pass
