"""Issue 18: the corpus rules' incremental protocol gives a named document exactly the
reports the whole-corpus path gives it.

Every incremental corpus rule and report filter is run both ways over corpora of our own
(each rule's examples, and an invented corpus with exact and near copies, shared paragraphs,
boilerplate lines, names in lower case, repeated unknown words and glued labels): the reports
``check_named`` (``filter_named``) gives a document from the aggregate of the whole corpus
(``corpus_index.MemoryKeys``) equal those ``check_corpus`` (``filter_reports``) gives it over
every summary.  The index's own aggregate (SQL) is checked through the CLI in
tests/test_corpus_cache.py.
"""

import random

import pytest

from newslint import engine
from newslint.corpus_index import MemoryKeys, Named
from newslint.engine import corpus as corpus_phase
from newslint.examples import parse_example
from newslint.registry import build_registry

REGISTRY = build_registry((), False)
INCREMENTAL = sorted(
    code
    for code, cls in REGISTRY.rules.items()
    if getattr(cls, "incremental", False) and (cls.scope == "corpus" or cls.filters_reports)
)

TOWNS = ["Vexlund", "Orrick", "Tamsby", "Quellin", "Brandor", "Ystrel"]
PEOPLE = ["Lena Varga", "Oskar Brenn", "Mira Toll", "Jonas Feld"]
CLAUSES = [
    "the council met on {day} to decide the future of the old market hall in {town}",
    "traders in {town} said the roof would cost more than the whole budget for the year",
    "{person} told reporters that the plan would be put to the public before winter",
    "the library in {town} will open late on Thursdays after readers asked for it",
    "builders reached {low} on Friday to look at the bridge over the river",
    "police in {town} said nobody had been hurt when the wall came down in the storm",
    "a petition signed by two thousand people asks for the ferry to run on Sundays",
    "the school in {town} will close for a week while the heating is repaired",
    "{person} said the grant was late because the forms had been sent to the wrong office",
    "farmers near {town} want the road widened before the harvest begins in August",
]
BLURB = "Get the best of our journalism delivered to your inbox every weekday morning."
SHARED = (
    "The minister said the new rules would come into force next spring and would apply to "
    "every company with more than fifty employees, including charities and small shops."
)


def sentence(rng) -> str:
    text = rng.choice(CLAUSES).format(
        day=rng.choice(["Monday", "Tuesday", "Friday"]),
        town=rng.choice(TOWNS),
        low=rng.choice(TOWNS).lower(),
        person=rng.choice(PEOPLE),
    )
    if rng.random() < 0.06:  # a slip some documents share (vocabulary), and one of their own
        text = text.replace(" the ", rng.choice([" teh ", " thier "]), 1)
    return text[0].upper() + text[1:] + "."


def invented_corpus(seed: int, n: int = 48) -> dict:
    """name -> text: stories of 4-8 sentences, with planted copies of several kinds."""
    rng = random.Random(seed)
    docs = {}
    for i in range(n):
        name = f"{rng.choice(['a', 'b', 'c'])}/{i:03d}.txt"
        roll = rng.random()
        if docs and roll < 0.1:  # an exact copy of an earlier story
            docs[name] = rng.choice(list(docs.values()))
            continue
        if docs and roll < 0.2:  # a near copy: a new headline, one word changed
            title, _, body = rng.choice(list(docs.values())).partition("\n\n")
            docs[name] = f"Update: {title}\n\n" + body.replace(" the ", " a ", 1)
            continue
        paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(2)]
        if rng.random() < 0.15:
            paragraphs.insert(1, SHARED)
        if rng.random() < 0.3:
            paragraphs.append(BLURB)
        if rng.random() < 0.15:
            paragraphs.insert(0, rng.choice(["TownNews", "RiverNews", "TownSport"]))
        title = " ".join(sentence(rng).split()[:5]).rstrip(".,")
        docs[name] = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return docs


LOWER_BARS = {  # lower bars, so that every rule reports something in an invented corpus
    "NL102": {"vocabulary-documents": 3},
    "NL101": {"vocabulary-documents": 3},
    "NL603": {"min-words": 10},
    "NL702": {"min-documents": 3},
    "NL203": {"min-documents": 2},
}


def linted(codes: list, files: dict, settings: dict, registry=REGISTRY) -> tuple:
    linter = engine.Linter(
        engine.Settings(select=tuple(codes), plugins=False, rule_settings=settings), registry
    )
    names = sorted(files)
    results = [linter.lint_file(n, n, data=files[n].encode("utf-8")) for n in names]
    return linter, results


def named_of(code: str, results: list) -> list:
    return [
        Named((i, doc), res.path, s)
        for i, res in enumerate(results)
        for doc, s in enumerate(res.summaries.get(code, ()))
        if s is not None
    ]


def assert_both_ways(
    codes: list, files: dict, subsets: int = 6, settings=None, registry=REGISTRY
) -> int:
    """Compare the two paths for each rule of ``codes`` on ``files``, naming every file alone
    and ``subsets`` random sets of files; the number of reports compared."""
    linter, results = linted(codes, files, settings or {}, registry)
    rng = random.Random(len(files))
    names = [res.path for res in results]
    chosen = [[n] for n in names] + [
        rng.sample(names, rng.randint(2, len(names))) for _ in range(subsets)
    ]
    compared = 0
    for rule in linter.corpus_rules:
        pairs = corpus_phase.summaries(results, rule.code)
        whole = set(rule.check_corpus(pairs))
        everything = named_of(rule.code, results)
        keys = MemoryKeys(rule, everything)
        for subset in chosen:
            wanted = {r for r in whole if r.path in subset}
            named = [n for n in everything if n.display in subset]
            got = list(rule.check_named(named, keys))
            assert len(got) == len(set(got)) and set(got) == wanted, (rule.code, subset)
            compared += len(wanted)
    for rule in linter.report_filters:
        if not getattr(rule, "incremental", False):
            continue
        candidates = [rep for res in results for rep in res.reports]
        pairs = corpus_phase.summaries(results, rule.code)
        whole = set(rule.filter_reports(candidates, pairs))
        everything = named_of(rule.code, results)
        keys = MemoryKeys(rule, everything)
        for subset in chosen:
            mine = [r for r in candidates if r.path in subset]
            named = [n for n in everything if n.display in subset]
            got = rule.filter_named(mine, named, keys)
            assert set(got) == {r for r in whole if r.path in subset}, (rule.code, subset)
            compared += len(got)
    return compared


def test_every_builtin_corpus_rule_and_filter_is_incremental():
    assert {"NL101", "NL102", "NL203", "NL313", "NL601", "NL602", "NL603", "NL702"} <= set(
        INCREMENTAL
    )


@pytest.mark.parametrize("code", INCREMENTAL)
def test_a_rules_examples_give_the_same_reports_both_ways(code):
    cls = REGISTRY.rules[code]
    examples = [*cls.bad, *cls.good]
    for entry in examples if cls.scope == "corpus" else examples[:3]:
        if cls.scope == "corpus":
            texts = [parse_example(t).text for t in entry]
        else:  # a filter's examples are single documents: a corpus of three copies and it
            text = parse_example(entry).text
            texts = [text, text, text, "Another story.\n"]
        files = {f"doc{i}.txt": t for i, t in enumerate(texts)}
        assert_both_ways([code], files, subsets=2)


@pytest.mark.parametrize("seed", [18, 19, 20])
def test_an_invented_corpus_gives_the_same_reports_both_ways(seed):
    files = invented_corpus(seed)
    compared = assert_both_ways(INCREMENTAL, files, settings=LOWER_BARS)
    assert compared > 50


def test_contributings_incremental_example_gives_the_same_reports_both_ways():
    import re
    from pathlib import Path

    from newslint.examples import registry_of

    page = (Path(__file__).parent.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = page.split("\n## A corpus check\n", 1)[1].split("\n## ", 1)[0]
    first, second = re.findall(r"```python\n(.*?)```", section, re.DOTALL)[:2]
    namespace: dict = {"__name__": "contributing_incremental"}
    exec(compile(first + second, "CONTRIBUTING.md (A corpus check)", "exec"), namespace)
    rule = namespace["IncrementalHeadline"]
    files = {f"{i}.txt": f"Storm {i % 3} hits coast\n\nIt rained {i}.\n" for i in range(7)}
    assert assert_both_ways([rule.code], files, registry=registry_of([rule])) >= 4
