"""One corpus rule's aggregate over the whole corpus, as its incremental protocol reads it
(``CorpusRule.corpus_keys`` / ``check_named``): which documents hold a key, in corpus order.

``IndexKeys`` asks the corpus index (the ``doc_keys`` and ``doc_values`` tables) and puts the
named documents' current summaries in place of what the index holds for their files;
``MemoryKeys`` builds the same from summaries in memory (tests compare the two paths with it).
A document's rank orders the corpus: (path under the corpus root, index in its file).
"""

from __future__ import annotations

import heapq
import itertools
from typing import Callable, NamedTuple, Optional


class Holder(NamedTuple):
    """A document holding a key: its rank in corpus order, its name as reports give it, and
    the value its summary gave the key."""

    rank: tuple
    display: str
    value: bytes


class Named(NamedTuple):
    """A document of a file the run names: what ``check_named`` decides for."""

    rank: tuple
    display: str
    summary: object


def keys_of(rule, named: list) -> tuple:
    """({key: [Holder]} of the named documents, {rank: value}) from ``rule.corpus_keys``."""
    held: dict = {}
    values: dict = {}
    for n in named:
        value, keys = rule.corpus_keys(n.summary)
        if value is not None:
            values[n.rank] = value
        for key, v in keys:
            held.setdefault(key, []).append(Holder(n.rank, n.display, v))
    return held, values


def tally(holders) -> tuple:
    """((value, how many of ``holders`` give it), ...): each value once, in order of its first
    holder."""
    return value_counts(h.value for h in holders)


def value_counts(values) -> tuple:
    """((value, how many times it comes), ...): each value once, in order of first coming."""
    seen: dict = {}
    for v in values:
        seen[v] = seen.get(v, 0) + 1
    return tuple(seen.items())


def pick(found: list, limit: Optional[int] = None, before=None) -> list:
    """What ``holders`` answers from every holder of a key (``found``, in corpus order): the
    first ``limit`` of them, or with ``before`` (a rank) the last ``limit`` of those before it."""
    if before is None:
        return found[:limit] if limit is not None else list(found)
    found = [h for h in found if h.rank < before]
    return found[-limit:] if limit is not None else found


class MemoryKeys:
    """The aggregate of every document given ([Named] in corpus order), in memory."""

    def __init__(self, rule, documents: list):
        self.held, self.values = keys_of(rule, documents)

    def holders(self, key: bytes, limit: Optional[int] = None, before=None) -> list:
        return pick(self.held.get(key, []), limit, before)

    def count(self, key: bytes) -> int:
        return len(self.held.get(key, ()))

    def tally(self, key: bytes) -> tuple:
        return tally(self.held.get(key, ()))

    def documents(self) -> int:
        return len(self.values)

    def value(self, rank: tuple) -> Optional[bytes]:
        return self.values.get(rank)


class IndexKeys:
    """The aggregate of one rule (``code``) of one configuration (``cfg``) in the index, with
    the named documents' keys (``named``: [Named]) in place of their files' rows
    (``paths``: every path named).  ``display(path)`` names an indexed file as reports do;
    ``stale``: ``stale_rows`` of the paths named, when known."""

    def __init__(
        self, conn, cfg: int, rule, named: list, paths: set, display: Callable, stale=None
    ):
        self.conn, self.cfg, self.code, self.display = conn, cfg, rule.code, display
        self.paths = paths
        self.held, self.values = keys_of(rule, named)
        self._shown: dict = {}
        self._asked: dict = {}  # (key, limit, before) -> holders
        self._counted: dict = {}  # key -> count
        # the rows the index holds of the named files (an edited file): left out of counts
        stale = stale_rows(conn, cfg, paths) if stale is None else stale
        self.stale = stale[0].get(self.code, {})  # key -> rows of named files holding it
        self.stale_documents = stale[1].get(self.code, 0)

    def _one(self, sql: str, args: tuple) -> int:
        return self.conn.execute(sql, args).fetchone()[0]

    def _name(self, path: str) -> str:
        if path not in self._shown:
            self._shown[path] = self.display(path)
        return self._shown[path]

    def _rows(self, sql: str, args: tuple, limit: Optional[int]):
        """Holders of the index's rows (path, doc, value), the named files' left out."""
        rows = (r for r in self.conn.execute(sql, args) if r[0] not in self.paths)
        for path, doc, value in itertools.islice(rows, limit):
            yield Holder((path, doc), self._name(path), value)

    def holders(self, key: bytes, limit: Optional[int] = None, before=None) -> list:
        """The documents holding ``key`` in corpus order: the first ``limit`` of them, or with
        ``before`` (a rank) the last ``limit`` of those before it (asked once per run: many
        named documents share a boilerplate line's key)."""
        asked = (key, limit, before)
        if asked not in self._asked:
            self._asked[asked] = self._holders(key, limit, before)
        return list(self._asked[asked])

    def _holders(self, key: bytes, limit: Optional[int], before) -> list:
        named = self.held.get(key, [])
        base = "SELECT path, doc, value FROM doc_keys WHERE cfg = ? AND code = ? AND key = ?"
        if before is None:
            found = self._rows(base + " ORDER BY path, doc", (self.cfg, self.code, key), limit)
            merged = list(heapq.merge(found, named, key=lambda h: h.rank))
            return merged[:limit] if limit is not None else merged
        sql = base + " AND (path, doc) < (?, ?) ORDER BY path DESC, doc DESC"
        found = list(self._rows(sql, (self.cfg, self.code, key, *before), limit))[::-1]
        merged = list(
            heapq.merge(found, [h for h in named if h.rank < before], key=lambda h: h.rank)
        )
        return merged[-limit:] if limit is not None else merged

    def tally(self, key: bytes) -> tuple:
        """Each value the key's holders give with how many give it, in order of first
        appearance (``keys.tally``): what a rule that asks a key for its values reads."""
        return tally(self.holders(key))

    def count(self, key: bytes) -> int:
        if key not in self._counted:
            self._counted[key] = self._count(key)
        return self._counted[key]

    def _count(self, key: bytes) -> int:
        sql = "SELECT COUNT(*) FROM doc_keys WHERE cfg = ? AND code = ? AND key = ?"
        n = self._one(sql, (self.cfg, self.code, key)) - self.stale.get(key, 0)
        return n + len(self.held.get(key, ()))

    def documents(self) -> int:
        sql = "SELECT COUNT(*) FROM doc_values WHERE cfg = ? AND code = ?"
        n = self._one(sql, (self.cfg, self.code)) - self.stale_documents
        return n + len(self.values)

    def value(self, rank: tuple) -> Optional[bytes]:
        if rank[0] in self.paths:
            return self.values.get(rank)
        sql = "SELECT value FROM doc_values WHERE cfg = ? AND code = ? AND path = ? AND doc = ?"
        row = self.conn.execute(sql, (self.cfg, self.code, *rank)).fetchone()
        return row[0] if row else None


def stale_rows(conn, cfg: int, paths: set) -> tuple:
    """({code: {key: rows}}, {code: document values}) the index holds of ``paths``."""
    keys: dict = {}
    documents: dict = {}
    for p in sorted(paths):
        for code, key in conn.execute(
            "SELECT code, key FROM doc_keys WHERE cfg = ? AND path = ?", (cfg, p)
        ):
            held = keys.setdefault(code, {})
            held[key] = held.get(key, 0) + 1
        for code, n in conn.execute(
            "SELECT code, COUNT(*) FROM doc_values WHERE cfg = ? AND path = ? GROUP BY code",
            (cfg, p),
        ):
            documents[code] = documents.get(code, 0) + n
    return keys, documents
