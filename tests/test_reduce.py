"""Issue 21: the tree reduction of a Dask run's corpus phase (``engine.reduce``), in-process.

Batches of an invented corpus are turned into partial aggregates, merged pairwise per
partition, pruned at the roots (keys one document holds), combined, and every batch checked
against the pruned aggregate: each incremental rule's reports, and each report filter's
decisions, equal those of ``check_corpus`` / ``filter_reports`` over every summary, for
several batch sizes and partition counts.  The run through Dask is in tests/test_dask.py.
"""

from __future__ import annotations

import json

import pytest
from test_corpus_keys import INCREMENTAL, invented_corpus, linted

from newslint.engine import corpus as corpus_phase
from newslint.engine import reduce

SETTINGS = {  # lower bars, so that every rule reports something here
    "NL102": {"vocabulary-documents": 3},
    "NL101": {"vocabulary-documents": 3},
    "NL603": {"min-words": 10},
    "NL702": {"min-documents": 3},
    "NL203": {"min-documents": 2},
}


def files_of(seed: int) -> dict:
    """The invented corpus, with some of its stories also in a JSON Lines file (several
    documents in one file: ranks within a file)."""
    files = invented_corpus(seed, 40)
    texts = list(files.values())
    records = [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts[::5] + texts[:3])]
    files["feed/all.jsonl"] = "\n".join(records) + "\n"
    return files


def reduced(linter, tree: reduce.Tree, results: list, size: int) -> tuple:
    """(found, kept) as DaskRun._reduce gives them, every step run here."""
    batches, first = [], 0
    for i in range(0, len(results), size):
        batches.append(reduce.batch(linter, tree, results[i : i + size], first))
        first += len(results[i : i + size])
    documents = reduce.documents_of([b.documents for b in batches])
    whole = reduce.aggregate_here(tree, batches)[1]
    checked = [reduce.check(linter, tree, b, whole, documents) for b in batches]
    return checked, whole


@pytest.mark.parametrize("seed, size, parts", [(21, 1, 3), (22, 7, 4), (23, 50, 1)])
def test_the_pruned_tree_gives_every_rule_the_reports_of_the_whole_corpus(seed, size, parts):
    linter, results = linted(INCREMENTAL, files_of(seed), SETTINGS)
    candidates = [rep for res in results for rep in res.reports]
    whole_found = {
        r.code: set(r.check_corpus(corpus_phase.summaries(results, r.code)))
        for r in linter.corpus_rules
    }
    whole_kept = {
        r.code: {
            rep
            for rep in r.filter_reports(candidates, corpus_phase.summaries(results, r.code))
            if rep.code == r.code
        }
        for r in linter.report_filters
    }
    tree = reduce.Tree(
        tuple(r.code for r in linter.corpus_rules),
        tuple(r.code for r in linter.report_filters),
        frozenset(INCREMENTAL),
        parts,
    )
    checked, whole = reduced(linter, tree, results, size)
    for code in tree.rules:
        got = [rep for found, _ in checked for rep in found[code]]
        assert len(got) == len(set(got)) and set(got) == whole_found[code], code
    for code in tree.filters:
        got = {rep for _, kept in checked for rep in kept[code]}
        assert got == whole_kept[code], code
    assert sum(len(v) for v in whole_found.values()) > 20
    assert any(len(whole_kept[c]) < sum(r.code == c for r in candidates) for c in tree.filters)
    # pruned: no key one document holds, no value of a document no kept key names
    for code, (held, values) in whole.items():
        assert all(hs[0].rank != hs[-1].rank for hs in held.values()), code
        named = {h.rank for hs in held.values() for h in hs}
        assert set(values) <= named, code


def test_which_runs_and_rules_take_the_tree():
    from newslint import engine

    def plan(settings=None, extra=None, files=(("a.txt", "a.txt"),)):
        linter = engine.Linter(
            engine.Settings(
                select=tuple(INCREMENTAL),
                plugins=False,
                rule_settings=settings or {},
                extra=extra or {},
            )
        )
        return reduce.plan(linter, list(files), 2)

    tree = plan()
    assert tree is not None and set(tree.codes) == set(INCREMENTAL) == set(tree.pruned)
    assert tree.parts == 2
    # NL203 asks how many documents capitalise a word its document does not: with
    # min-documents 1 and a lower-case share of 0.5 allowed, one other document decides
    assert "NL203" in plan({"NL203": {"min-documents": 1}}).pruned
    lenient = {"NL203": {"min-documents": 1, "max-lowercase-share": 0.6}}
    assert "NL203" not in plan(lenient).pruned
    assert plan(extra={"cache": True}) is None  # the corpus index keeps every summary
    assert plan(extra={"cache": True}, files=[("s3://b/a.txt", "s3://b/a.txt")]) is not None


def test_nl203_keeps_the_keys_one_document_holds_where_one_decides():
    files = {
        "a.txt": "Storm news\n\nThe mayor said Zorvath would open the bridge on Monday.\n",
        "b.txt": "River news\n\nThe council said zorvath had asked for more money this year.\n",
    }
    lenient = {"NL203": {"min-documents": 1, "max-lowercase-share": 0.6}}
    linter, results = linted(["NL203"], files, lenient)
    whole = set(linter.corpus_rules[0].check_corpus(corpus_phase.summaries(results, "NL203")))
    assert len(whole) == 1
    for pruned, same in ((frozenset(), True), (frozenset({"NL203"}), False)):
        tree = reduce.Tree(("NL203",), (), pruned, 2)
        checked, _ = reduced(linter, tree, results, 1)
        assert ({rep for found, _ in checked for rep in found["NL203"]} == whole) is same
