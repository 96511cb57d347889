"""NL7xx (scraper residue) on the scrapinghub article-extraction benchmark.

Usage: python benchmarks/residue_scrapinghub.py [../shared/corpora/scrapinghub] [--all] [--show CODE] [--kept]

For the ground truth and every extractor's output (``{id: {"articleBody": ..., "url": ...}}``)
(newer files wrap it: ``{"version": ..., "output": {id: ...}}``)
it builds one Document per article body itself (no JSON reader involved), runs the NL7xx
rules that are on by default (``--all``: every NL7xx rule) through engine.Linter, corpus rule
included (each extractor's output is one corpus), counts the reports a user is shown (a rule's
report yielded to another's at the same place is dropped, as the engine drops it), and prints NL7xx reports per 1,000 words next
to the extractor's published precision (README.rst, latest evaluation first), with Spearman's
rank correlation between the two. Less precise extractors keep more page furniture, so the
rate should fall as precision rises: the correlation should be strongly negative.

``--kept`` also scores lines, per extractor and in all: a line of an extractor's output whose
text (letters and digits, in lower case) is not in the human ground truth of the same page (a
line of three words or fewer: is not one of its lines) is a line the extractor kept and a person left out (page furniture, mostly: menus, captions,
prompts, related links); the share of those lines the rules report is a recall of furniture,
and the lines reported that the ground truth does hold are the rules' reports on article text
(or on furniture the annotators kept: embedded posts, credits). Pages the spelling analysis
finds not in English (NL103) are left out.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import regex

from newslint import engine
from newslint.checks.spelling import analyse
from newslint.document import WORD, Document
from newslint.engine.lint import without_yielded
from newslint.registry import build_registry

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "scrapinghub"
ROW = regex.compile(r"^\s+(\S+)\s+.*?\s([01]\.\d{3}) ± \d\.\d{3}\s+([01]\.\d{3}) ± ")
ALIASES = {"newspaper": "newspaper4k", "readability": "readability-lxml"}


def published_precision(readme: str) -> dict:
    """Extractor -> precision, from the README's tables, the most recent figure first."""
    out: dict = {}
    for line in readme.splitlines():
        m = ROW.match(line)
        if m and m.group(1) not in out:
            out[m.group(1)] = float(m.group(3))
    return out


def spearman(xs: list, ys: list) -> float:
    def ranks(values):
        order = sorted(range(len(values)), key=lambda i: values[i])
        r = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return r

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def _body(record) -> str:
    """A record's article text (a record may be the text itself), its line ends made ``\n``."""
    text = record if isinstance(record, str) else (record or {}).get("articleBody") or ""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def lint_corpus(lint: engine.Linter, name: str, records: dict) -> tuple:
    """(words, median lines per article, Counter of reports by code, [(path, line, col, code, message)])."""
    words, counts, shown, lines = 0, Counter(), [], []
    summaries = {rule.code: [] for rule in lint.corpus_rules}
    for key, record in records.items():
        text = _body(record)
        if not text:
            continue
        doc = Document(text, path=f"{name}/{key[:12]}")
        words += sum(1 for _ in WORD.finditer(doc.text))
        lines.append(len(doc.lines))
        found = [v for rule in lint.document_rules for v in rule.check(doc)]
        for v in without_yielded(found):  # as the engine drops them
            counts[v.rule.code] += 1
            line, col = doc.position(v.start)
            shown.append((doc.path, line, col, v.rule.code, v.message))
        for rule in lint.corpus_rules:
            summaries[rule.code].append((doc.path, rule.summarize(doc)))
    for rule in lint.corpus_rules:
        for r in rule.check_corpus(summaries[rule.code]):
            counts[r.code] += 1
            shown.append((r.path, r.line, r.column, r.code, r.message))
    return words, (statistics.median(lines) if lines else 0), counts, shown


NOT_WORD = regex.compile(r"[\W_]+")
SHORT_LINE_WORDS = 3


def _normal(text: str) -> str:
    return " " + NOT_WORD.sub(" ", text).strip().lower() + " "


def kept_lines(name: str, records: dict, truth: dict, shown: list) -> Counter:
    """Lines of an extractor's output by (kept or in the ground truth, reported or not)."""
    reported = {(path, line) for path, line, *_ in shown}
    out: Counter = Counter()
    for key, record in records.items():
        text = _body(record)
        if not text or key not in truth:
            continue
        if analyse(Document(text), frozenset()).non_english:
            continue
        page = _body(truth[key])
        held = _normal(page)
        held_lines = {_normal(x) for x in page.split("\n")}
        for n, line in enumerate(text.split("\n"), 1):
            words = _normal(line)
            if len(words) < 5:  # 3 characters or fewer
                continue
            # a line of a word or three (`Close`, `Sign In`) is in the truth only as a line of
            # its own: its words turn up inside any article's sentences
            short = words.count(" ") <= SHORT_LINE_WORDS
            where = "truth" if (words in held_lines if short else words in held) else "kept"
            out[where, (f"{name}/{key[:12]}", n) in reported] += 1
    return out


def main(argv: list) -> int:
    everything = "--all" in argv
    kept = "--kept" in argv
    show = argv[argv.index("--show") + 1] if "--show" in argv else None
    args = [
        a
        for i, a in enumerate(argv)
        if not a.startswith("--") and (i == 0 or argv[i - 1] != "--show")
    ]
    root = Path(args[0]) if args else DEFAULT
    registry = build_registry(plugins=False)
    codes = tuple(
        sorted(
            c
            for c, r in registry.rules.items()
            if c.startswith("NL7") and (everything or r.default_enabled)
        )
    )
    lint = engine.Linter(engine.Settings(select=codes, plugins=False), registry)
    precision = published_precision((root / "README.rst").read_text(encoding="utf-8"))
    corpora = [("ground-truth", root / "ground-truth.json")] + [
        (p.stem, p) for p in sorted((root / "output").glob("*.json"))
    ]

    started = time.perf_counter()
    rows, truth, lines = [], {}, {}
    for name, path in corpora:
        records = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(
            records.get("output"), dict
        ):  # newer files: {"version": ..., "output": {...}}
            records = records["output"]
        words, median_lines, counts, shown = lint_corpus(lint, name, records)
        if name == "ground-truth":
            truth = records
        elif kept:
            lines[name] = kept_lines(name, records, truth, shown)
        p = (
            1.0
            if name == "ground-truth"
            else precision.get(ALIASES.get(name, name), precision.get(name))
        )
        rows.append((name, p, words, counts, median_lines))
        if show:
            for item in shown:
                if item[3] == show or show == "ALL":
                    print(*item, sep="\t")
    elapsed = time.perf_counter() - started

    print(f"rules: {', '.join(codes)}")
    print(
        f"{'corpus':<22} {'precision':>9} {'lines/doc':>9} {'words':>9} {'reports':>8} {'per 1k words':>12}   by rule"
    )
    rows.sort(key=lambda r: -(r[1] or 0))
    rate = {r[0]: 1000 * sum(r[3].values()) / max(1, r[2]) for r in rows}
    for name, p, words, counts, median_lines in rows:
        by_rule = " ".join(f"{c}:{n}" for c, n in sorted(counts.items()))
        shown_p = f"{p:9.3f}" if p is not None else f"{'?':>9}"
        print(
            f"{name:<22} {shown_p} {median_lines:>9g} {words:>9} {sum(counts.values()):>8} {rate[name]:>12.3f}   {by_rule}"
        )
    # extractors that put a whole article on one line hide line-level boilerplate from NL701/NL702;
    # NL707 looks for it sentence by sentence in such lines
    for label, chosen in (
        ("all outputs", rows),
        ("outputs that keep line breaks (median lines/doc >= 5)", [r for r in rows if r[4] >= 5]),
    ):
        known = [(r[1], rate[r[0]]) for r in chosen if r[1] is not None]
        rho = spearman([p for p, _ in known], [x for _, x in known])
        lowest = all(rate["ground-truth"] <= rate[r[0]] for r in chosen)
        print(
            f"{label}: Spearman rho(precision, reports per 1k words) = {rho:+.3f} (n={len(known)}); ground truth lowest: {'yes' if lowest else 'no'}"
        )
    if kept:
        print(
            f"{'lines':<22} {'kept':>7} {'reported':>9} {'share':>6} {'truth':>7} {'reported':>9}"
        )
        total: Counter = Counter()
        for name in sorted(lines):
            c = lines[name]
            total.update(c)
            print(_line_row(name, c))
        print(_line_row("all", total))
    print(f"time {elapsed:.1f}s")
    return 0


def _line_row(name: str, c: Counter) -> str:
    kept = c["kept", True] + c["kept", False]
    truth = c["truth", True] + c["truth", False]
    share = c["kept", True] / kept if kept else 0.0
    return (
        f"{name:<22} {kept:>7} {c['kept', True]:>9} {share:>6.3f} {truth:>7} {c['truth', True]:>9}"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
