#!/usr/bin/env python3
"""CPU seconds per rule on one corpus, in this process (one core): where the default set's time goes.

    python benchmarks/rule_costs.py ../shared/corpora/bbc            # default rules, in run order
    python benchmarks/rule_costs.py CORPUS --select NL7 --top 15     # a family
    python benchmarks/rule_costs.py CORPUS --alone                   # each rule on fresh documents
    python benchmarks/rule_costs.py CORPUS --repeat 3                # best of three passes

In run order, the first rule that asks for a view of the Document (sentences, paragraphs,
protected spans) pays for it, as in a real run. ``--alone`` gives each rule documents of its own,
so that it pays for every view it uses: what the rule would cost if it ran by itself. Reading
(decoding, building the Documents) is timed apart. Corpus rules count their ``summarize``.
The cycle collector is off during a pass (its cost falls on whichever rule it interrupts).
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from newslint import sources
from newslint.engine.settings import Settings
from newslint.registry import build_registry
from newslint.rule import CorpusRule
from newslint.sources import SourceOptions


def documents(paths: list) -> tuple:
    """Every Document of the files (their reading time apart)."""
    started = time.process_time()
    docs = []
    options = SourceOptions()
    for path in paths:
        for chunk in sources.read(str(path), str(path), options, None):
            docs.extend(d for d in chunk.documents if d.text)
    return docs, time.process_time() - started


def run_rule(rule, doc) -> int:
    if isinstance(rule, CorpusRule):
        rule.summarize(doc)
        return 0
    found = sum(1 for _ in rule.check(doc))
    if rule.filters_reports:  # report filters summarize too
        rule.summarize(doc)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--select", action="append", help="code prefixes (default: the defaults)")
    parser.add_argument("--alone", action="store_true", help="fresh documents for every rule")
    parser.add_argument("--top", type=int, default=0, help="print only the N costliest rules")
    parser.add_argument("--repeat", type=int, default=1, help="passes; the best counts per rule")
    args = parser.parse_args()
    registry = build_registry(plugins=False)
    codes = registry.select(args.select)
    context = Settings(select=tuple(codes)).context()
    rules = [registry.rules[c](None, context) for c in codes]
    include = sources.default_include()
    paths = sorted(
        p
        for p in (args.corpus.rglob("*") if args.corpus.is_dir() else [args.corpus])
        if p.is_file() and any(p.match(g) for g in include)
    )
    costs: dict = {}
    firsts = []
    for _ in range(args.repeat):
        docs, reading = documents(paths)
        gc.collect()
        gc.disable()  # what the rules cost, not where the cycle collector happened to run
        try:
            cost, found = one_pass(rules, paths, docs, args.alone)
        finally:
            gc.enable()
        firsts.append(sum(cost.values()))
        costs = {c: min(t, costs.get(c, t)) for c, t in cost.items()}
    total = sum(costs.values())
    print(f"{len(paths)} files, {len(docs)} documents; reading {reading:.2f} s CPU")
    ranked = sorted(rules, key=lambda r: -costs[r.code])
    for rule in ranked[: args.top or None]:
        print(f"{rule.code}  {costs[rule.code]:6.2f} s  {found[rule.code]:6d}  {rule.name}")
    print(f"rules {total:.2f} s CPU" + (" (each alone)" if args.alone else ""), end="")
    if args.repeat > 1:  # the first pass loads data and compiles patterns: once per run
        print(
            f"; the best of {args.repeat} passes per rule; passes: "
            + ", ".join(f"{t:.2f}" for t in firsts),
            end="",
        )
    print()


def one_pass(rules: list, paths: list, docs: list, alone: bool) -> tuple:
    """(CPU seconds, reports) per rule code, in one pass over the documents."""
    costs = {r.code: 0.0 for r in rules}
    found = {r.code: 0 for r in rules}
    if alone:
        for rule in rules:
            fresh, _ = documents(paths)
            started = time.process_time()
            for doc in fresh:
                found[rule.code] += run_rule(rule, doc)
            costs[rule.code] = time.process_time() - started
    else:
        for doc in docs:
            for rule in rules:
                started = time.process_time()
                found[rule.code] += run_rule(rule, doc)
                costs[rule.code] += time.process_time() - started
    return costs, found


if __name__ == "__main__":
    main()
