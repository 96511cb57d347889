"""The corpus index: every document's compact summary, kept in SQLite under the corpus root.

Corpus rules (NL6xx) compare the documents of a run with each other and with the documents
indexed by earlier runs, so that ``newslint new-article.txt`` finds the article it copies
without re-reading the corpus.  A summary is stored per (rule, path, document index) with
the lookup keys that find it (content hashes, LSH band keys, paragraph hashes).

Trust rules: an entry is used only while its file still has the size and modification time
it had when indexed (otherwise it is dropped); a rule whose parameters changed drops all its
entries; a database that cannot be read, or has another schema version, is deleted and
rebuilt.  SQLite's locking (WAL, busy timeout) keeps concurrent runs safe; a run that cannot
get the write lock in time simply does not update the index.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple, Optional

CACHE_DIR = ".newslint_cache"
DB_NAME = "corpus.sqlite"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    rule TEXT NOT NULL, path TEXT NOT NULL, idx INTEGER NOT NULL,
    mtime INTEGER NOT NULL, size INTEGER NOT NULL,
    label TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL,
    digest INTEGER NOT NULL, words INTEGER NOT NULL, payload BLOB NOT NULL,
    PRIMARY KEY (rule, path, idx)
);
CREATE TABLE IF NOT EXISTS keys (rule TEXT NOT NULL, key INTEGER NOT NULL, path TEXT NOT NULL, idx INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS keys_by_key ON keys (rule, key);
CREATE INDEX IF NOT EXISTS keys_by_path ON keys (rule, path);
"""


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
    keys: tuple = ()


def find_root(settings) -> Optional[Path]:  # settings: a rule.Context
    """The corpus root of a run, or None when the index is off.

    ``corpus-root`` from the configuration (relative to the configuration's directory), else
    the git repository holding the run's root directory.  Off unless the run asked for the
    cache (the CLI does unless ``--no-cache`` or ``cache = false``).
    """
    if settings is None or not settings.cache:
        return None
    base = Path(settings.root or ".").resolve()
    configured = settings.corpus_root
    if configured:
        root = Path(configured)
        return (root if root.is_absolute() else base / root).resolve()
    for d in (base, *base.parents):
        if (d / ".git").exists():
            return d
    return None


def signed(key: int) -> int:
    """An unsigned 64-bit key as SQLite's signed INTEGER."""
    return key - (1 << 64) if key >= (1 << 63) else key


class CorpusIndex:
    def __init__(self, root: Path, conn: sqlite3.Connection):
        self.root = root
        self.conn = conn

    # --- opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, root: Path) -> Optional[CorpusIndex]:
        """Open (creating or rebuilding as needed) the index of ``root``; None if impossible."""
        directory = root / CACHE_DIR
        try:
            directory.mkdir(parents=True, exist_ok=True)
            ignore = directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by newslint\n*\n", encoding="utf-8")
        except OSError:
            return None
        path = directory / DB_NAME
        for attempt in (1, 2):
            conn = None
            try:
                conn = _connect(path)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version not in (0, SCHEMA_VERSION):
                    raise sqlite3.DatabaseError(f"schema version {version}")
                if version == 0:
                    with conn:
                        conn.executescript(_SCHEMA)
                        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("SELECT count(*) FROM meta").fetchone()
                return cls(root, conn)
            except sqlite3.OperationalError as exc:
                if conn is not None:
                    conn.close()
                if "locked" in str(exc) or "busy" in str(exc):
                    return None  # another run holds it: lint without the index this time
                if attempt == 2:
                    return None
                _remove(path)
            except sqlite3.DatabaseError:  # corrupt, or not ours: rebuild, never trust
                if conn is not None:
                    conn.close()
                if attempt == 2:
                    return None
                _remove(path)
        return None

    def close(self) -> None:
        self.conn.close()

    # --- paths ----------------------------------------------------------------------------
    def relative(self, display: str) -> Optional[str]:
        """The index key of a file in the run, or None when it is not a file under the root."""
        if not display or display == "-" or not os.path.isfile(display):
            return None
        full = Path(os.path.abspath(display))
        try:
            return full.relative_to(self.root).as_posix()
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
        try:
            st = os.stat(self.root / relative)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    # --- a rule's entries -------------------------------------------------------------------
    def use_params(self, rule: str, params: str) -> None:
        """Drop a rule's entries when they were made with other parameters."""
        key = f"params:{rule}"
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            if row and row[0] == params:
                return
            with self.conn:
                self.conn.execute("DELETE FROM docs WHERE rule = ?", (rule,))
                self.conn.execute("DELETE FROM keys WHERE rule = ?", (rule,))
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, params))
        except sqlite3.Error:
            pass

    def lookup(self, rule: str, keys: Iterable[int], exclude: set, limit_per_key: int = 0) -> list:
        """Valid entries of ``rule`` holding any of ``keys``, other than the paths in ``exclude``.

        With ``limit_per_key``, at most that many documents are fetched per key (callers that
        treat very common keys as boilerplate need only know that the limit was reached).
        """
        keys = list({signed(k) for k in keys})
        if not keys:
            return []
        try:
            conn = self.conn
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key INTEGER PRIMARY KEY)")
            conn.execute("DELETE FROM wanted")
            conn.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((k,) for k in keys))
            if limit_per_key:
                rows = conn.execute(
                    "SELECT DISTINCT path, idx FROM (SELECT k.key, k.path, k.idx, row_number() OVER "
                    "(PARTITION BY k.key ORDER BY k.path, k.idx) AS n FROM wanted w JOIN keys k "
                    "ON k.rule = ? AND k.key = w.key) WHERE n <= ?",
                    (rule, limit_per_key),
                ).fetchall()
            else:
                rows = conn.execute(
                    "SELECT DISTINCT k.path, k.idx FROM wanted w JOIN keys k ON k.rule = ? AND k.key = w.key",
                    (rule,),
                ).fetchall()
            found, stale = [], set()
            for path, idx in rows:
                if path in exclude or path in stale:
                    continue
                row = conn.execute(
                    "SELECT path, idx, mtime, size, label, line, col, digest, words, payload FROM docs "
                    "WHERE rule = ? AND path = ? AND idx = ?",
                    (rule, path, idx),
                ).fetchone()
                if row is None:
                    continue
                entry = Entry(*row)
                if self.stamp(path) != (entry.mtime, entry.size):
                    stale.add(path)  # changed or deleted since it was indexed
                    continue
                found.append(entry)
            if stale:
                self._forget(rule, stale)
            return found
        except sqlite3.Error:
            return []

    def store(self, rule: str, entries: list, paths: set) -> None:
        """Replace the entries of ``paths`` by ``entries``, skipping files already up to date."""
        if not paths:
            return
        try:
            conn = self.conn
            current = {}
            if len(paths) < 200:
                rows = (
                    row
                    for p in paths
                    for row in conn.execute(
                        "SELECT path, idx, mtime, size, digest FROM docs WHERE rule = ? AND path = ?",
                        (rule, p),
                    )
                )
            else:
                rows = conn.execute(
                    "SELECT path, idx, mtime, size, digest FROM docs WHERE rule = ?", (rule,)
                )
            for path, idx, mtime, size, digest in rows:
                if path in paths:
                    current.setdefault(path, set()).add((idx, mtime, size, digest))
            by_path: dict = {}
            for e in entries:
                by_path.setdefault(e.path, []).append(e)
            changed = [
                p
                for p in paths
                if current.get(p, set())
                != {(e.idx, e.mtime, e.size, e.digest) for e in by_path.get(p, ())}
            ]
            if not changed:
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                for p in changed:
                    conn.execute("DELETE FROM docs WHERE rule = ? AND path = ?", (rule, p))
                    conn.execute("DELETE FROM keys WHERE rule = ? AND path = ?", (rule, p))
                    for e in by_path.get(p, ()):
                        conn.execute(
                            "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (
                                rule,
                                e.path,
                                e.idx,
                                e.mtime,
                                e.size,
                                e.label,
                                e.line,
                                e.col,
                                signed(e.digest),
                                e.words,
                                e.payload,
                            ),
                        )
                        conn.executemany(
                            "INSERT INTO keys VALUES (?, ?, ?, ?)",
                            ((rule, signed(k), e.path, e.idx) for k in set(e.keys)),
                        )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            pass  # locked by a concurrent run, or disk full: the index just stays as it was

    def _forget(self, rule: str, paths: set) -> None:
        try:
            with self.conn:
                for p in paths:
                    self.conn.execute("DELETE FROM docs WHERE rule = ? AND path = ?", (rule, p))
                    self.conn.execute("DELETE FROM keys WHERE rule = ? AND path = ?", (rule, p))
        except sqlite3.Error:
            pass


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        try:
            p.unlink()
        except OSError:
            pass
