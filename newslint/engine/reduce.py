"""The corpus phase of a Dask run as a tree reduction of keys and a shuffle by key
(``--executor dask``).

The corpus rules and report filters with the incremental protocol (``CorpusRule.corpus_keys``,
``check_named``, ``filter_named``) need not send every document's summary to the client: each
batch of files turns its summaries into a partial aggregate (key -> holders in corpus order,
rank -> the document's value), split by a stable hash into ``parts`` partitions, and notes
the keys its documents ask about (``Rule.keys_asked``: by default their own keys), split the
same way (``Part``).  The partials are merged pairwise up a tree on the workers, per partition
(``merge``); at the root of a partition a key held by one document only is dropped where the
rule allows it (``prune``), and the documents' values are kept only where a key kept names
them (``named_ranks``, ``keep_values``: the ranks go from each root to each partition).  No
aggregate goes to every worker: per partition and group of batches, a task picks from the
root the entries of the keys those batches ask about (``select``), a key held only by the
asking batch's own documents left out (the batch answers it); the group's selections are put together (``unite``), the documents' values of the
holders selected are picked from the roots by rank (``select_values``, ``attach``), and each
batch runs ``check_named`` / ``filter_named`` over its own documents against its selection and
its own keys (``check``), returning reports only.  A worker holds its batches, its share of
the partitions' roots and the selections of the batches it checks: no longer the whole.

What is asked of a key decides what is sent of it: ``"holders"``, its holders in corpus order
(a list of ``Holder``); ``("first", n)``, the first n of them and their count (``First``:
NL601's first copy, NL603's holders up to ``max-documents``); ``"values"``, a ``Tally`` (the
count, and each value with how many holders give it, in order of first appearance: NL203's
forms of a word, NL313's compounds, NL702's stories); ``"count"``, an int (NL101/102's words,
NL203's lower-case forms).

Why a pruned root answers as the whole one: a key the root lost is held by one document; a
batch answers a key it was not sent from its own documents, so a document asking about a key
it holds itself gets exactly the whole corpus's answer.  Each rule says whether it asks only
about such keys (``Rule.asks_own_keys``); one that asks about keys its document does not hold
would get "nobody" where one other document holds it: of the built-in rules only NL203 does,
and says so only where a count of 0 for 1 changes nothing.  The roots of the others (plugins
that do not say) keep every key: exact, and larger.

Ranks here are (the item's place in the run, the document's place in the item): the order of
the run's results, which is the corpus order of a run without the corpus index.  This module
knows nothing of Dask: ``dask_executor`` submits these functions; tests run them in-process
(``shuffle_here``).
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from typing import NamedTuple, Optional

from newslint.corpus_index import MemoryKeys, Named
from newslint.corpus_index.keys import Holder, keys_of, pick
from newslint.corpus_index.keys import tally as tally_values
from newslint.rule import Rule
from newslint.sources.urls import is_url

SWITCH = "NEWSLINT_DASK_TREE"  # "0": every summary to the client; "1": the tree, at any size
# Where the tree pays for its tasks: a cluster of its own (a LocalCluster on this machine)
# takes it from this many bytes of input, where the client would otherwise hold some five
# times that in summaries (BBC: 10.7 kB of objects a 2.3 kB document); below, the summaries
# fit and the tree's tasks cost more than they save (BBC x4, 20 MB: +29 % wall, median of 3).  A cluster
# named by its address, or inputs named by URLs, take it at any size: the client is another
# machine, and a corpus on shared storage is large.
TREE_BYTES = 64 * 2**20
# what a rule asks of a key (``Rule.keys_asked``): n > 0 is its first n holders
HOLDERS, COUNT, VALUES = 0, -1, -2
ASKS = {"count": COUNT, "values": VALUES, "holders": HOLDERS}
# groups of batches a selection task serves: about 4 a partition, no more than 64 (a group's
# selections, 1/64 of a run's, are small; tasks: some 3 x partitions x groups)
GROUPS_A_PART, GROUPS_AT_MOST = 4, 64


@dataclass(frozen=True)
class Tree:
    """What a run reduces on the cluster: the codes of the corpus rules and report filters
    decided from keys (the others' summaries come to the client, as ever), and of those whose
    roots lose the keys of one document."""

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
    protocol (it may drop any report), nothing to reduce, a small run on a cluster of its own
    (``TREE_BYTES``), or ``NEWSLINT_DASK_TREE=0``."""
    settings = linter.settings
    switch = os.environ.get(SWITCH, "").strip()
    if settings.fix or settings.diff or not files or switch == "0":
        return None
    if switch != "1" and not settings.scheduler and not _large(files):
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


def _large(files: list) -> bool:
    """At least ``TREE_BYTES`` of input (a byte range counts its length), or a URL among the
    inputs; sizes are asked only until the sum is reached."""
    total = 0
    for item in files:
        if is_url(item[0]):
            return True
        span = item[5] if len(item) > 5 else None
        try:
            total += span.end - span.start if span else os.path.getsize(item[0])
        except (OSError, AttributeError):
            continue
        if total >= TREE_BYTES:
            return True
    return False


# --- on a worker: one batch --------------------------------------------------------------------
@dataclass
class Part:
    """A batch's share of one partition: its partial aggregate ({code: (held, values)}), the
    keys its documents ask of the partition ({code: {key: what}}: ``asked_of``; None: the
    keys of its own aggregate, for their holders), and
    the run's items it covers (``first`` to ``end``, not included)."""

    aggregate: dict
    asked: dict
    first: int
    end: int


@dataclass
class Batch:
    """What a batch keeps on its worker: its documents (per code), the reports the report
    filters decide, its Parts (one per partition), and its own keys."""

    named: dict  # code -> [Named] in corpus order
    reports: dict  # filter code -> [Report]
    parts: list  # [Part] per partition
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
    parts = [Part({}, {}, first, first + len(results)) for _ in range(tree.parts)]
    documents, own = {}, {}
    for code, docs in named.items():
        held, values = own[code] = keys_of(rules[code], docs)
        documents[code] = len(values)
        for p in parts:
            p.aggregate[code] = ({}, {})
            p.asked[code] = {}
        for key, holders in held.items():
            parts[key_part(key, tree.parts)].aggregate[code][0][key] = holders
        for rank, value in values.items():
            parts[rank[0] % tree.parts].aggregate[code][1][rank] = value
        asked = asked_of(rules[code], docs)
        if asked is None:  # its own keys, for their holders: the parts' own lists
            for p in parts:
                p.asked[code] = None
        for key, what in (asked or {}).items():
            parts[key_part(key, tree.parts)].asked[code][key] = what
    return Batch(named, reports, parts, documents, own)


def asked_of(rule, docs: list) -> Optional[dict]:
    """{key: what} the documents ``docs`` ask of the aggregate (``Rule.keys_asked``); None
    where the rule keeps the default, their own keys for their holders."""
    if type(rule).keys_asked is Rule.keys_asked:
        return None
    out: dict = {}
    for n in docs:
        asked = rule.keys_asked(n.summary)
        if asked is None:
            asked = [(key, "holders") for key, _ in rule.corpus_keys(n.summary)[1]]
        for key, what in asked:
            w = ASKS[what] if isinstance(what, str) else max(1, int(what[1]))
            out[key] = both(out[key], w) if key in out else w
    return out


def both(a: int, b: int) -> int:
    """What answers two askings of a key: a count is in every answer, the first m and n
    holders in the first max(m, n); anything else, every holder."""
    if a == b or b == COUNT:
        return a
    if a == COUNT:
        return b
    return max(a, b) if a > 0 and b > 0 else HOLDERS


def key_part(key: bytes, parts: int) -> int:
    """A key's partition: the same in every process (``hash`` of bytes is salted)."""
    return zlib.crc32(key) % parts


def part(b: Batch, p: int) -> Part:
    return b.parts[p]


def ask(b: Batch, p: int) -> Part:
    """What a selection task is sent of a batch: the keys it asks of partition ``p``, without
    its partial aggregate (the default's own keys as a list, each asked for its holders)."""
    x = b.parts[p]
    asked = {c: list(x.aggregate[c][0]) if w is None else w for c, w in x.asked.items()}
    return Part({}, asked, x.first, x.end)


def _aggregate(x) -> dict:
    return x.aggregate if isinstance(x, Part) else x


# --- on the workers: the tree --------------------------------------------------------------------
def merge(a, b) -> dict:
    """Two partial aggregates of one partition (or Parts), ``a``'s documents all before
    ``b``'s: holders stay in corpus order.  The inputs are left as they are (Dask may hand
    them out again)."""
    a, b = _aggregate(a), _aggregate(b)
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


def prune(root, pruned: frozenset) -> dict:
    """The root of a partition less the keys one document holds, for the codes of
    ``pruned``.  Holders are in corpus order: one document holds a key when its first and
    last holders are the same document."""
    out = {}
    for code, (held, values) in _aggregate(root).items():
        if code in pruned:
            held = {k: hs for k, hs in held.items() if hs[0].rank != hs[-1].rank}
        out[code] = (held, values)
    return out


def named_ranks(root: dict, parts: int, codes: frozenset) -> list:
    """[{code: the ranks the root's keys name}] per partition of the ranks (``rank[0] %
    parts``), of ``codes`` (those whose documents have values): the only values a batch may
    ask are of the holders it is sent."""
    out: list = [{} for _ in range(parts)]
    for code, (held, _) in root.items():
        if code in codes:
            for hs in held.values():
                for h in hs:
                    out[h.rank[0] % parts].setdefault(code, set()).add(h.rank)
    return out


def ranks_in(named: list, p: int) -> dict:
    return named[p]


def keep_values(root: dict, *named: dict) -> dict:
    """The root with only the values of documents some partition's keys name (``named``:
    ``ranks_in`` this partition from every root): a value is asked of a holder sent."""
    out = {}
    for code, (held, values) in root.items():
        if values:  # a code without values here has none named here either
            wanted = set().union(*(n.get(code, ()) for n in named))
            values = {r: v for r, v in values.items() if r in wanted}
        out[code] = (held, values)
    return out


# --- on the workers: the shuffle -----------------------------------------------------------------
class First(NamedTuple):
    """What a key asked for its first n holders is sent as: those, and how many there are."""

    holders: list
    count: int


class Tally(NamedTuple):
    """What a key asked for its values is sent as: how many documents hold it, and each value
    with how many of them give it, in order of first appearance."""

    count: int
    values: tuple  # ((value, holders), ...)


def tally(holders: list) -> Tally:
    return Tally(len(holders), tally_values(holders))


def groups(batches: int, parts: int) -> list:
    """The batches (their places) a selection task serves together: consecutive, about
    ``GROUPS_A_PART`` groups a partition (tasks: partitions x groups, not x batches)."""
    n = max(1, min(batches, GROUPS_A_PART * parts, GROUPS_AT_MOST))
    size = -(-batches // n)
    return [list(range(i, min(batches, i + size))) for i in range(0, batches, size)]


def select(root: dict, *asking: Part) -> list:
    """[(first, end, {code: {key: holders | First | Tally | count}})] of each batch
    ``asking`` (``ask``: what it asks of this partition): the entries of the keys it asks about, from the partition's
    ``root``; a key nobody holds, or only the batch's own documents, is left to the batch."""
    out = []
    made: dict = {}  # (code, key, what) -> a Tally or First, made once for the group
    for a in asking:
        chosen = {}
        for code, wanted in a.asked.items():
            held = root.get(code, ({}, {}))[0]
            if wanted is None:  # a Part as the batch keeps it
                wanted = list(a.aggregate[code][0])
            got = {}
            for key, what in wanted.items() if isinstance(wanted, dict) else _holders(wanted):
                hs = held.get(key)
                if hs is None or (hs[0].rank[0] >= a.first and hs[-1].rank[0] < a.end):
                    continue
                if what == HOLDERS or 0 < len(hs) <= what:
                    got[key] = hs
                elif what == COUNT:
                    got[key] = len(hs)
                else:
                    entry = made.get((code, key, what))
                    if entry is None:
                        entry = First(hs[:what], len(hs)) if what > 0 else tally(hs)
                        made[code, key, what] = entry
                    got[key] = entry
            if got:
                chosen[code] = got
        out.append((a.first, a.end, chosen))
    return out


def _holders(keys: list):
    return ((key, HOLDERS) for key in keys)


def unite(parts: int, *selections: list) -> tuple:
    """(each batch's selections from every partition as one: [(first, end, {code: {key:
    entry}})], and per partition the ranks of the holders sent whose values the batch may
    ask: [[{code: {rank}}] per batch] per partition)."""
    group = []
    for found in zip(*selections):
        chosen: dict = {}
        for _, _, sel in found:
            for code, got in sel.items():
                chosen.setdefault(code, {}).update(got)
        group.append((found[0][0], found[0][1], chosen))
    ranks = [[{} for _ in group] for _ in range(parts)]
    for j, (first, end, chosen) in enumerate(group):
        for code, got in chosen.items():
            for entry in got.values():
                if isinstance(entry, (list, First)):
                    for h in entry if isinstance(entry, list) else entry.holders:
                        if not first <= h.rank[0] < end:
                            ranks[h.rank[0] % parts][j].setdefault(code, set()).add(h.rank)
    return group, ranks


def ranks_for(united: tuple, p: int) -> list:
    return united[1][p]


def select_values(root: dict, wanted: list) -> list:
    """[{code: {rank: value}}] of each batch of a group: the values this partition's root
    holds of the ranks it asks (``wanted``, from ``ranks_for``)."""
    out = []
    for asked in wanted:
        found = {}
        for code, ranks in asked.items():
            values = root.get(code, ({}, {}))[1]
            got = {r: values[r] for r in ranks if r in values}
            if got:
                found[code] = got
        out.append(found)
    return out


def attach(united: tuple, *values: list) -> list:
    """[({code: {key: entry}}, {code: {rank: value}})] of each batch of a group: what its
    check reads besides its own keys."""
    out = []
    for j, (_, _, chosen) in enumerate(united[0]):
        joined: dict = {}
        for found in values:
            for code, got in found[j].items():
                joined.setdefault(code, {}).update(got)
        out.append((chosen, joined))
    return out


def piece(found: list, j: int) -> tuple:
    return found[j]


def valued(documents: dict) -> frozenset:
    """The codes whose documents have values (``documents_of``)."""
    return frozenset(code for code, n in documents.items() if n)


def shuffle_here(tree: Tree, batches: list) -> tuple:
    """(the partitions' roots, each batch's selection) of ``batches`` made in this process by
    the steps a Dask run submits to its workers: for tests and benchmarks."""
    roots = []
    for p in range(tree.parts):
        level = [part(b, p) for b in batches]
        while len(level) > 1:
            pairs = [merge(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
            level = pairs + level[len(pairs) * 2 :]
        roots.append(prune(level[0], tree.pruned))
    codes = valued(documents_of([b.documents for b in batches]))
    named = [named_ranks(r, tree.parts, codes) for r in roots]
    roots = [keep_values(r, *[ranks_in(n, p) for n in named]) for p, r in enumerate(roots)]
    pieces = []
    for g in groups(len(batches), tree.parts):
        sel = [select(roots[p], *[ask(batches[i], p) for i in g]) for p in range(tree.parts)]
        united = unite(tree.parts, *sel)
        vals = [select_values(roots[p], ranks_for(united, p)) for p in range(tree.parts)]
        found = attach(united, *vals)
        pieces.extend(piece(found, j) for j in range(len(g)))
    return roots, pieces


def documents_of(batches_documents: list) -> dict:
    """code -> documents of the whole run with a value (``keys.documents()``)."""
    out: dict = {}
    for documents in batches_documents:
        for code, n in documents.items():
            out[code] = out.get(code, 0) + n
    return out


# --- on a worker: one batch's reports --------------------------------------------------------------
class BatchKeys(MemoryKeys):
    """The aggregate as ``check_named`` reads it: the entries the batch was sent (``chosen``:
    key -> holders, Tally or count; ``others``: rank -> value), else the batch's own (a key
    only its own documents hold, or nobody)."""

    def __init__(self, code: str, own: tuple, chosen: dict, others: dict, documents: int):
        self.held, self.values = own
        self.code, self.chosen, self.others, self.total = code, chosen, others, documents

    def holders(self, key: bytes, limit: Optional[int] = None, before=None) -> list:
        entry = self.chosen.get(key)
        if entry is None:
            return super().holders(key, limit, before)
        if isinstance(entry, list):
            return pick(entry, limit, before)
        if isinstance(entry, First) and before is None and limit and limit <= len(entry.holders):
            return entry.holders[:limit]
        if isinstance(entry, Tally) and before is None:
            found = [Holder(None, "", v) for v, n in entry.values for _ in range(n)]
            return pick(found, limit)
        said = {int: "a count", Tally: "its values", First: "its first holders"}[type(entry)]
        raise LookupError(
            f"{self.code} asked for the holders of a key it said it asks only for {said} "
            "(Rule.keys_asked)"
        )

    def tally(self, key: bytes) -> tuple:
        entry = self.chosen.get(key)
        if isinstance(entry, Tally):
            return entry.values
        return tally_values(self.holders(key))  # the holders sent, or the batch's own

    def count(self, key: bytes) -> int:
        entry = self.chosen.get(key)
        if entry is None:
            return super().count(key)
        if isinstance(entry, list):
            return len(entry)
        return entry if isinstance(entry, int) else entry.count

    def documents(self) -> int:
        return self.total

    def value(self, rank: tuple) -> Optional[bytes]:
        found = self.others.get(rank)
        return found if found is not None else self.values.get(rank)


def check(linter, tree: Tree, b: Batch, found: tuple, documents: dict) -> tuple:
    """({rule code: its reports of the batch's documents}, {filter code: the batch's reports
    it keeps}) from the batch's selection ``found`` (``attach``) and the run's ``documents``."""
    rules = {r.code: r for r in linter.corpus_rules + linter.report_filters}
    chosen, others = found
    reports, kept = {}, {}
    for code in tree.codes:
        rule, named = rules[code], b.named.get(code, [])
        keys = BatchKeys(
            code,
            b.own.get(code, ({}, {})),
            chosen.get(code, {}),
            others.get(code, {}),
            documents.get(code, 0),
        )
        if code in tree.filters:
            kept[code] = list(rule.filter_named(b.reports[code], named, keys))
        else:
            reports[code] = list(rule.check_named(named, keys))
    return reports, kept
