"""A run naming a few files of an indexed corpus: the corpus rules ask the index only what
the named documents need (their keys' holders and counts: ``CorpusRule.check_named``) instead
of reading every document's summary.

Taken when the index holds every corpus file's result and keys for the run's configuration
(``complete``, set by a run that saw the whole corpus), and every corpus rule and report
filter is incremental.  The files not named are not read or stat'ed: the folders are (their
mtimes, as ``folder_tree`` keeps them), so a file added, deleted or renamed sends the run the
whole way (``engine.cache``); an edit of a file not named is seen when that file is named or
by the next run over the whole corpus, which checks every file's stamp (README, "The corpus
index").  Reports and blame are those of the whole run over the same corpus.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Callable, Optional

from newslint import corpus_index, discover
from newslint.engine import folders
from newslint.engine.corpus import Corpus
from newslint.engine.folders import folder_tree
from newslint.engine.settings import FileResult

# files named: more go the whole way (which then costs little more than asking about each)
MAX_NAMED = 5000
# what a rule's check_named raises on a key or value the index holds in the wrong shape
MALFORMED = (struct.error, ValueError, IndexError, TypeError, UnicodeError)


def lint_named(plan, named: list, discovery, lint_many: Callable, jobs: int, progress):
    """(results of ``named`` in order, Corpus) of a run naming some files (``plan``: the
    ``engine.cache.CorpusRun``), or None when the corpus or the index says the whole way."""
    db = plan.db
    state = db.complete(plan.config)
    if state is None:
        return None
    cfg, complete = state
    old = _old_tree(plan, discovery, complete)
    if old is None:
        return None
    tree = folder_tree(plan.top(), discovery, old)
    if tree is None:
        return None
    added, removed = folders.changes(old, tree)
    rels = {f.rel for f in named}
    if removed or added - rels:
        return None  # a file not named came or went: the whole corpus is looked at again
    if old.keys() != tree.keys() or any(old[rd] is not tree[rd] for rd in tree):
        plan.meta[complete] = json.dumps(tree, separators=(",", ":"))
    inside = {f.rel for f in named if _in_tree(tree, f.rel)}
    stamps = db.stamps_of(sorted(rels))
    seen: dict = {}
    for f in named:
        plan._hash(f, stamps, seen)
    cached = db.results(plan.config, sorted(rels))
    results: dict = {}
    keys: dict = {}  # rel -> the keys to write (None: to hold none)
    for i, f in enumerate(named):
        entry = cached.get(f.rel)
        if f.hash is None or entry is None or entry[0] != f.hash or entry[1] != f.display:
            continue
        res, sums = plan.load(entry[2], FileResult), plan.load(entry[3], dict)
        if res is None or sums is None:
            return None  # damaged: the whole way drops it
        res.fs_path, res.summaries = f.fs_path, sums
        results[i] = res
        if (f.rel in inside) != bool(entry[4]):
            keys[f.rel] = plan.keys_of(sums) if f.rel in inside else None
        if progress:
            progress(res)
    todo = [i for i in range(len(named)) if i not in results]
    fresh = plan._lint_missing(named, todo, [], lint_many, jobs, progress, None)
    position = {id(f): i for i, f in enumerate(named)}
    stored = []
    settled = True
    for f, res in fresh:
        results[position[id(f)]] = res
        if f.hash is not None and not res.error:
            stored.append(plan._row(f, res))
            keys[f.rel] = plan.keys_of(res.summaries) if f.rel in inside else None
        elif f.rel in inside:
            settled = False
    ordered = [results[i] for i in range(len(named))]
    found = _decide(plan, cfg, named, ordered)
    if found is None:
        return None
    reports, kept = found
    if plan.writable and (seen or stored or keys or plan.meta):
        written = db.write(
            plan.config, seen, stored, set(), set(), plan.meta, keys.items(),
            complete if settled else None,
        )  # fmt: skip
        if not written:
            plan.run.note(
                "unwritten",
                f"corpus index at {db.path} not updated: locked by another run, or the disk is full",
            )
    elif seen or stored:
        plan.run.note(
            "unwritten", f"corpus index at {db.path} read, not updated: this run writes nothing"
        )
    order = sorted(range(len(named)), key=lambda i: named[i].rel)
    entries = [(named[i].display, ordered[i].summaries) for i in order]
    return ordered, Corpus(entries, recalled=reports, filtered=kept)


def _decide(plan, cfg: int, named: list, results: list) -> Optional[tuple]:
    """(the corpus rules' reports of the named files, {filter's code: the reports it keeps})
    from the index's aggregates; None when the index fails."""
    top = plan.top()
    order = sorted(range(len(named)), key=lambda i: named[i].rel)
    rels = {f.rel for f in named}

    def display(rel: str) -> str:
        return discover.shown(os.path.join(top, *rel.split("/")))

    def documents(code: str) -> list:
        return [
            corpus_index.Named((named[i].rel, doc), named[i].display, s)
            for i in order
            for doc, s in enumerate(results[i].summaries.get(code, ()))
            if s is not None
        ]

    linter = plan.linter
    wanted = [(r, documents(r.code), rels, display) for r in plan.keyed_rules]
    candidates = [rep for res in results for rep in res.reports]

    def work(views: dict) -> tuple:
        found = [
            rep for r, docs, *_ in wanted[: len(linter.corpus_rules)]
            for rep in r.check_named(docs, views[r.code])
        ]  # fmt: skip
        kept = {}
        for r, docs, *_ in wanted[len(linter.corpus_rules) :]:
            mine = [rep for rep in candidates if rep.code == r.code]
            kept[r.code] = set(r.filter_named(mine, docs, views[r.code]))
        return found, kept

    try:
        return plan.db.read_keys(cfg, wanted, work, None)
    except MALFORMED:  # a value of the wrong shape: not newslint's; the keys are made again
        plan.run.warn(
            ("keys", plan.db.path),
            f"corpus index at {plan.db.path}: damaged corpus rule keys: dropped; the whole "
            "corpus is read this time",
        )
        plan.db.forget_keys(plan.config)
        return None


def _old_tree(plan, discovery, complete: str) -> Optional[dict]:
    """The folder tree the index is complete for, when it is this run's (its discovery)."""
    key = plan.tree_key_of(discovery)
    if key != complete:
        return None
    try:
        old = json.loads(plan.db.meta(key) or "")
    except ValueError:
        return None
    return old if isinstance(old, dict) else None


def _in_tree(tree: dict, rel: str) -> bool:
    folder, _, name = rel.rpartition("/")
    entry = tree.get(folder)
    return entry is not None and name in entry[1]
