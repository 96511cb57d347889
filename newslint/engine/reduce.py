"""The corpus phase of a Dask run as a tree reduction of keys (``--executor dask``).

The corpus rules and report filters with the incremental protocol (``CorpusRule.corpus_keys``,
``check_named``, ``filter_named``) need not send every document's summary to the client: each
batch of files turns its summaries into a partial aggregate (key -> holders in corpus order,
rank -> the document's value), split by a stable hash into ``parts`` partitions; the partials
are merged pairwise up a tree on the workers, per partition (``merge``); at the root of a
partition a key held by one document only is dropped (``prune``), and the documents' values
are kept only where a key kept names them (``keep_values``); the pruned aggregate
(``combine``) goes to every batch, which runs ``check_named`` / ``filter_named`` over its own
documents (``check``) and returns reports only.

Why a pruned aggregate answers as the whole one: a key the aggregate lost is held by one
document; ``BatchKeys`` answers a key it lacks from the batch's own documents, so a document
asking about a key it holds itself gets exactly the whole corpus's answer.  Each rule says
whether it asks only about such keys (``Rule.asks_own_keys``); one that asks about keys its
document does not hold would get "nobody" where one other document holds it: of the built-in
rules only NL203 does (``count`` of the capitalised form of a word the document writes in
lower case), and says so only where a count of 0 for 1 changes nothing.  The aggregates of
the others (plugins that do not say) keep every key: exact, and larger.

Ranks here are (the item's place in the run, the document's place in the item): the order of
the run's results, which is the corpus order of a run without the corpus index.  This module
knows nothing of Dask: ``dask_executor`` submits these functions; tests run them in-process.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from typing import Optional

from newslint.corpus_index import MemoryKeys, Named
from newslint.corpus_index.keys import keys_of
from newslint.sources.urls import is_url

SWITCH = "NEWSLINT_DASK_TREE"  # "0": every summary to the client (benchmarks: before/after)


@dataclass(frozen=True)
class Tree:
    """What a run reduces on the cluster: the codes of the corpus rules and report filters
    decided from keys (the others' summaries come to the client, as ever), and of those whose
    aggregates lose the keys of one document."""

    rules: tuple
    filters: tuple
    pruned: frozenset
    parts: int

    @property
    def codes(self) -> tuple:
        return self.rules + self.filters


def plan(linter, files: list, workers: int) -> Optional[Tree]:
    """The Tree of a run, or None where the corpus phase stays on the client: a run that
    fixes, a run with the corpus index (it keeps every summary), a report filter without the
    protocol (it may drop any report), nothing to reduce, or ``NEWSLINT_DASK_TREE=0``."""
    settings = linter.settings
    if settings.fix or settings.diff or not files or os.environ.get(SWITCH, "").strip() == "0":
        return None
    if settings.context().cache and not any(is_url(item[0]) for item in files):
        return None  # the index: engine.cache stores every file's summaries
    if not all(getattr(r, "incremental", False) for r in linter.report_filters):
        return None
    rules = tuple(r.code for r in linter.corpus_rules if getattr(r, "incremental", False))
    filters = tuple(r.code for r in linter.report_filters)
    if not rules and not filters:
        return None
    pruned = frozenset(
        r.code for r in linter.corpus_rules + linter.report_filters if r.asks_own_keys()
    )
    return Tree(rules, filters, pruned, max(1, workers))


# --- on a worker: one batch --------------------------------------------------------------------
@dataclass
class Batch:
    """What a batch keeps on its worker: its documents (per code), the reports the report
    filters decide, and its partial aggregates, one per partition."""

    named: dict  # code -> [Named] in corpus order
    reports: dict  # filter code -> [Report]
    parts: list  # [ {code: (held, values)} ] per partition
    documents: dict  # code -> documents with a value (``documents()``)
    own: dict  # code -> (held, values) of the batch's documents (the parts' lists, shared)


def batch(linter, tree: Tree, results: list, first: int) -> Batch:
    """The Batch of ``results`` (the run's items ``first``, ``first + 1``, ...), and their
    summaries of the tree's codes taken out of them (what goes to the client)."""
    rules = {r.code: r for r in linter.corpus_rules + linter.report_filters}
    named: dict = {}
    for i, res in enumerate(results):
        sums = res.summaries
        for code in tree.codes:
            docs = named.setdefault(code, [])
            for d, s in enumerate(sums.pop(code, ())):
                if s is not None:
                    docs.append(Named((first + i, d), res.path, s))
    reports = {code: [] for code in tree.filters}
    for res in results:
        for rep in res.reports:
            if rep.code in reports:
                reports[rep.code].append(rep)
    parts: list = [{} for _ in range(tree.parts)]
    documents, own = {}, {}
    for code, docs in named.items():
        held, values = own[code] = keys_of(rules[code], docs)
        documents[code] = len(values)
        for p in parts:
            p[code] = ({}, {})
        for key, holders in held.items():
            parts[key_part(key, tree.parts)][code][0][key] = holders
        for rank, value in values.items():
            parts[rank[0] % tree.parts][code][1][rank] = value
    return Batch(named, reports, parts, documents, own)


def key_part(key: bytes, parts: int) -> int:
    """A key's partition: the same in every process (``hash`` of bytes is salted)."""
    return zlib.crc32(key) % parts


def part(b: Batch, p: int) -> dict:
    return b.parts[p]


# --- on the workers: the tree --------------------------------------------------------------------
def merge(a: dict, b: dict) -> dict:
    """Two partial aggregates of one partition, ``a``'s documents all before ``b``'s: holders
    stay in corpus order.  The inputs are left as they are (Dask may hand them out again)."""
    out = {}
    for code in a.keys() | b.keys():
        held_a, values_a = a.get(code, ({}, {}))
        held_b, values_b = b.get(code, ({}, {}))
        if len(held_a) < len(held_b):  # the new lists are the smaller side's
            held = dict(held_b)
            for key, hs in held_a.items():
                held[key] = hs + held[key] if key in held else hs
        else:
            held = dict(held_a)
            for key, hs in held_b.items():
                held[key] = held[key] + hs if key in held else hs
        out[code] = (held, {**values_a, **values_b})
    return out


def prune(root: dict, pruned: frozenset) -> tuple:
    """(the partition's aggregate less the keys one document holds, for the codes of
    ``pruned``; {code: the ranks holding a key kept}).  Holders are in corpus order: one
    document holds a key when its first and last holders are the same document."""
    out, ranks = {}, {}
    for code, (held, values) in root.items():
        if code in pruned:
            held = {k: hs for k, hs in held.items() if hs[0].rank != hs[-1].rank}
            ranks[code] = {h.rank for hs in held.values() for h in hs}
        out[code] = (held, values)
    return out, ranks


def union_ranks(*found: tuple) -> dict:
    out: dict = {}
    for _, ranks in found:
        for code, rs in ranks.items():
            out.setdefault(code, set()).update(rs)
    return out


def keep_values(found: tuple, ranks: dict) -> dict:
    """A pruned partition with the values of the documents no key kept names left out."""
    root, _ = found
    return {
        code: (held, {r: v for r, v in values.items() if r in ranks[code]})
        if code in ranks
        else (held, values)
        for code, (held, values) in root.items()
    }


def combine(*parts: dict) -> dict:
    """The pruned partitions as one aggregate: code -> (held, values)."""
    out: dict = {}
    for p in parts:
        for code, (held, values) in p.items():
            h, v = out.setdefault(code, ({}, {}))
            h.update(held)
            v.update(values)
    return out


def aggregate_here(tree: Tree, batches: list) -> tuple:
    """(the partitions' roots, the pruned aggregate) of ``batches`` made in this process, by
    the steps a Dask run submits to its workers (partitions merged pairwise, pruned,
    combined): for tests and benchmarks."""
    roots = []
    for p in range(tree.parts):
        level = [part(b, p) for b in batches]
        while len(level) > 1:
            pairs = [merge(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
            level = pairs + level[len(pairs) * 2 :]
        roots.append(level[0])
    found = [prune(r, tree.pruned) for r in roots]
    ranks = union_ranks(*found)
    return roots, combine(*[keep_values(f, ranks) for f in found])


def documents_of(batches_documents: list) -> dict:
    """code -> documents of the whole run with a value (``keys.documents()``)."""
    out: dict = {}
    for documents in batches_documents:
        for code, n in documents.items():
            out[code] = out.get(code, 0) + n
    return out


# --- on a worker: one batch's reports --------------------------------------------------------------
class HeldKeys(MemoryKeys):
    """MemoryKeys over an aggregate already made: (held, values)."""

    def __init__(self, held: dict, values: dict):
        self.held, self.values = held, values


class BatchKeys(HeldKeys):
    """The aggregate as ``check_named`` reads it: the pruned whole's holders of a key it kept,
    else the batch's own (a key one document holds: that document's holders)."""

    def __init__(self, whole: tuple, own: tuple, documents: int):
        super().__init__(*whole)
        self.own, self.total = HeldKeys(*own), documents

    def holders(self, key: bytes, limit: Optional[int] = None, before=None) -> list:
        if key in self.held:
            return super().holders(key, limit, before)
        return self.own.holders(key, limit, before)

    def count(self, key: bytes) -> int:
        return super().count(key) if key in self.held else self.own.count(key)

    def documents(self) -> int:
        return self.total

    def value(self, rank: tuple) -> Optional[bytes]:
        found = self.values.get(rank)
        return found if found is not None else self.own.value(rank)


def check(linter, tree: Tree, b: Batch, whole: dict, documents: dict) -> tuple:
    """({rule code: its reports of the batch's documents}, {filter code: the batch's reports
    it keeps}) from the pruned aggregate ``whole`` and the run's ``documents`` counts."""
    rules = {r.code: r for r in linter.corpus_rules + linter.report_filters}
    found, kept = {}, {}
    for code in tree.codes:
        rule, named = rules[code], b.named.get(code, [])
        empty = ({}, {})
        keys = BatchKeys(whole.get(code, empty), b.own.get(code, empty), documents.get(code, 0))
        if code in tree.filters:
            kept[code] = list(rule.filter_named(b.reports[code], named, keys))
        else:
            found[code] = list(rule.check_named(named, keys))
    return found, kept
