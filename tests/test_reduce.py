"""Issue 21: the tree reduction of a Dask run's corpus phase (``engine.reduce``), in-process.

Batches of an invented corpus are turned into partial aggregates, merged pairwise per
partition, pruned at the roots (keys one document holds); each batch is sent from the roots
only the keys its documents ask about (``Rule.keys_asked``) and checked against them: each
incremental rule's reports, and each report filter's decisions, equal those of
``check_corpus`` / ``filter_reports`` over every summary, for several batch sizes and
partition counts.  The run through Dask is in tests/test_dask.py.
"""

from __future__ import annotations

import json

import pytest
from test_corpus_keys import INCREMENTAL, LOWER_BARS, invented_corpus, linted

from newslint.corpus_index.keys import Holder, MemoryKeys, tally
from newslint.engine import corpus as corpus_phase
from newslint.engine import reduce


def files_of(seed: int) -> dict:
    """The invented corpus, with some of its stories also in a JSON Lines file (several
    documents in one file: ranks within a file)."""
    files = invented_corpus(seed, 40)
    texts = list(files.values())
    records = [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts[::5] + texts[:3])]
    files["feed/all.jsonl"] = "\n".join(records) + "\n"
    return files


def reduced(linter, tree: reduce.Tree, results: list, size: int) -> tuple:
    """([(found, kept)] as DaskRun._reduce gives them, every step run here; the partitions'
    roots; the Batches; what each batch was sent)."""
    batches, first = [], 0
    for i in range(0, len(results), size):
        batches.append(reduce.batch(linter, tree, results[i : i + size], first))
        first += len(results[i : i + size])
    documents = reduce.documents_of([b.documents for b in batches])
    roots, pieces = reduce.shuffle_here(tree, batches)
    checked = [reduce.check(linter, tree, b, found, documents) for b, found in zip(batches, pieces)]
    return checked, roots, batches, pieces


@pytest.mark.parametrize("seed, size, parts", [(21, 1, 3), (22, 7, 4), (23, 50, 1)])
def test_the_pruned_tree_gives_every_rule_the_reports_of_the_whole_corpus(seed, size, parts):
    linter, results = linted(INCREMENTAL, files_of(seed), LOWER_BARS)
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
    checked, roots, batches, pieces = reduced(linter, tree, results, size)
    for code in tree.rules:
        got = [rep for found, _ in checked for rep in found[code]]
        assert len(got) == len(set(got)) and set(got) == whole_found[code], code
    for code in tree.filters:
        got = {rep for _, kept in checked for rep in kept[code]}
        assert got == whole_kept[code], code
    assert sum(len(v) for v in whole_found.values()) > 20
    assert any(len(whole_kept[c]) < sum(r.code == c for r in candidates) for c in tree.filters)
    # pruned: no key one document holds, no value of a document no key kept names
    for root in roots:
        for code, (held, values) in root.items():
            assert all(hs[0].rank != hs[-1].rank for hs in held.values()), code
            named = {h.rank for r in roots for hs in r[code][0].values() for h in hs}
            assert set(values) <= named, code
    # a batch is sent only keys it asks about, none that only its own documents hold
    for b, (chosen, others) in zip(batches, pieces):
        first, end = b.parts[0].first, b.parts[0].end
        for code, got in chosen.items():
            asked = {k for p in b.parts for k in p.asked[code] or p.aggregate[code][0]}
            assert set(got) <= asked, code
            for entry in got.values():
                if isinstance(entry, list):
                    assert not all(first <= h.rank[0] < end for h in entry), code
        for code, values in others.items():
            assert not any(first <= r[0] < end for r in values), code
    if size == 1:  # a batch of one file is sent a small share of the roots' keys
        whole = sum(len(root[c][0]) for root in roots for c in root)
        sent = sorted(sum(map(len, chosen.values())) for chosen, _ in pieces)
        assert sent[len(sent) // 2] < whole / 4


def test_which_runs_and_rules_take_the_tree(monkeypatch):
    from newslint import engine

    monkeypatch.setenv(reduce.SWITCH, "1")  # at any size (a small run: the test below)

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


def test_a_small_run_on_a_cluster_of_its_own_keeps_the_summaries_on_the_client(
    tmp_path, monkeypatch
):
    """The tree pays for its tasks from TREE_BYTES of input on a LocalCluster; a cluster named
    by its address, or URLs, take it at any size; NEWSLINT_DASK_TREE forces either way."""
    from newslint import engine

    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text("The council met.\n")
    with open(large, "wb") as fh:
        fh.truncate(reduce.TREE_BYTES)  # sparse: its size is what counts

    def plan(path, scheduler=None):
        settings = engine.Settings(select=tuple(INCREMENTAL), plugins=False, scheduler=scheduler)
        return reduce.plan(engine.Linter(settings), [(str(path), path.name)], 2)

    monkeypatch.delenv(reduce.SWITCH, raising=False)
    assert plan(small) is None
    assert plan(large) is not None
    assert plan(small, scheduler="tcp://10.0.0.1:8786") is not None
    monkeypatch.setenv(reduce.SWITCH, "1")
    assert plan(small) is not None
    monkeypatch.setenv(reduce.SWITCH, "0")
    assert plan(large, scheduler="tcp://10.0.0.1:8786") is None


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
        checked = reduced(linter, tree, results, 1)[0]
        assert ({rep for found, _ in checked for rep in found["NL203"]} == whole) is same


def test_what_a_rule_asks_of_a_key_decides_what_a_batch_is_sent():
    """Keys asked only for a count travel as ints (NL101/102's words, NL203's lower-case
    forms), keys asked for their values as Tallies (NL203's capitalised forms, NL702's lines),
    keys asked for their first holders as those where there are more (NL601, NL603), the
    others as holders (NL602: the default, a document's own keys); a rule that asks more of a
    key than it said is stopped with a message naming it."""
    linter, results = linted(INCREMENTAL, files_of(24), LOWER_BARS)
    tree = reduce.Tree(
        tuple(r.code for r in linter.corpus_rules),
        tuple(r.code for r in linter.report_filters),
        frozenset(INCREMENTAL),
        2,
    )
    batches = [reduce.batch(linter, tree, results[i : i + 3], i) for i in range(0, len(results), 3)]
    kinds: dict = {}
    for chosen, _ in reduce.shuffle_here(tree, batches)[1]:
        for code, got in chosen.items():
            for key, entry in got.items():
                kinds.setdefault((code, key[:1] if code == "NL203" else b""), set()).add(
                    type(entry).__name__
                )
    assert kinds[("NL101", b"")] == kinds[("NL102", b"")] == {"int"}
    assert kinds[("NL203", b"c")] == kinds[("NL702", b"")] == {"Tally"}
    assert kinds[("NL203", b"l")] == {"int"}
    assert kinds[("NL602", b"")] == {"list"}
    assert kinds[("NL601", b"")] | kinds[("NL603", b"")] == {"list", "First"}
    # the default: a document's own keys, for their holders
    nl602 = next(r for r in linter.corpus_rules if r.code == "NL602")
    assert all(p.asked["NL602"] is None for p in batches[0].parts)
    assert nl602.keys_asked(batches[0].named["NL602"][0].summary) is None
    assert reduce.both(reduce.COUNT, 3) == reduce.both(2, 3) == 3
    assert reduce.both(reduce.VALUES, 3) == reduce.both(reduce.COUNT, reduce.HOLDERS) == 0
    # a Tally answers holders() with the values, grouped, in order of first appearance
    holders = [Holder((i, 0), f"d{i}", v) for i, v in enumerate([b"B", b"A", b"B", b"A", b"C"])]
    keys = reduce.BatchKeys("NL999", ({}, {}), {b"k": reduce.tally(holders), b"n": 5}, {}, 9)
    assert [h.value for h in keys.holders(b"k")] == [b"B", b"B", b"A", b"A", b"C"]
    assert keys.tally(b"k") == ((b"B", 2), (b"A", 2), (b"C", 1))  # as the holders in memory
    assert MemoryKeys(None, []).tally(b"k") == () and tally(holders) == keys.tally(b"k")
    assert keys.count(b"k") == keys.count(b"n") == 5 and keys.count(b"x") == 0
    with pytest.raises(LookupError, match="NL999 asked for the holders of a key it said"):
        keys.holders(b"n")
    keys.chosen[b"f"] = reduce.First(holders[:2], 5)
    assert keys.holders(b"f", limit=1) == holders[:1] and keys.count(b"f") == 5
    with pytest.raises(LookupError, match="only for its first holders"):
        keys.holders(b"f", limit=3)
