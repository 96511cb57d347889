"""The HTML report's cost and its by-source ranking.

Usage: python benchmarks/html_report.py PATH [--scrapinghub DIR] [newslint options...]

Runs ``newslint --format html`` once on PATH in-process (the engine's run, which then counts
each document's words as it reads it, then the default text format and the HTML page on the
same reports), and prints the lint time, the time each format took, and the page's size.  With ``--scrapinghub DIR`` (the benchmark's folder, holding
``ground-truth.json`` and ``output/``), PATH is ignored: the 33 JSON files are linked side by
side into a temporary folder (each file is then its own source, as the report defines it),
and the page's by-source table is compared with the extractors' published precision
(Spearman's rho, as ``benchmarks/residue_scrapinghub.py`` prints it for NL7 alone).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from residue_scrapinghub import ALIASES, published_precision, spearman  # noqa: E402

from newslint import cli  # noqa: E402
from newslint.formats import FORMATS  # noqa: E402
from newslint.session import Session  # noqa: E402


def run(path: str, extra: list) -> tuple:
    # as `newslint --format html` runs: the engine counts each document's words as it reads
    # one process unless asked otherwise: process_time counts this process's CPU only
    argv = ["--isolated", "--no-cache", "-q", "-j1", "--format", "html", *extra, "--", path]
    args = cli.check_parser().parse_args(argv)
    session = Session.from_args(args)
    t0 = time.process_time()
    results = session.run(None)
    reports = session.finish(results)  # the corpus phase, suppressions, sorting: as the CLI
    t1 = time.process_time()
    options = dict(line_source=session.line_source, show_source=False, registry=session.registry)
    text = FORMATS["default"].write(reports, **options)
    t2 = time.process_time()
    page = FORMATS["html"].write(reports, results=results, session=session, **options)
    t3 = time.process_time()
    return len(reports), t1 - t0, t2 - t1, t3 - t2, len(text), page


def source_rates(page: str) -> dict:
    """Rates by file (one per extractor) where the page has that table, else by source."""
    which = 'id="place-table"' if 'id="place-table"' in page else 'id="source-table"'
    table = page.split(which, 1)[1].split("</table>", 1)[0]
    out = {}
    for row in table.split("<tr>")[2:]:
        cells = re.findall(r'data-v="([^"]*)"', row)
        if len(cells) >= 5:
            out[html.unescape(cells[0])] = float(cells[4])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=".")
    ap.add_argument("--scrapinghub")
    ap.add_argument("-o", "--output", help="write the page here")
    known, extra = ap.parse_known_args()
    path = known.path
    tmp = None
    if known.scrapinghub:
        base = Path(known.scrapinghub)
        tmp = tempfile.TemporaryDirectory()
        for f in [base / "ground-truth.json", *sorted((base / "output").glob("*.json"))]:
            os.symlink(f.resolve(), Path(tmp.name) / f.name)
        path = tmp.name
        extra = ["--extend-include", "*.json", *extra]
    n, lint, text_t, html_t, text_size, page = run(path, extra)
    print(
        f"{n:,} reports; lint {lint:.1f} s CPU; text format {text_t:.2f} s ({text_size:,} bytes); "
        f"html {html_t:.2f} s ({len(page.encode()):,} bytes) = {100 * html_t / lint:.1f}% of the lint"
    )
    if known.output:
        Path(known.output).write_text(page, encoding="utf-8")
    if known.scrapinghub:
        rates = source_rates(page)
        ranking = sorted(rates, key=rates.get)
        print("cleanest first:", ", ".join(f"{s} {rates[s]:.2f}" for s in ranking[:5]), "...")
        precision = published_precision((Path(known.scrapinghub) / "README.rst").read_text())
        xs, ys = [], []
        for name, rate in rates.items():
            stem = name[:-5] if name.endswith(".json") else name
            p = precision.get(ALIASES.get(stem, stem), precision.get(stem))
            if stem == "ground-truth":
                p = 1.0
            if p is not None:
                xs.append(p)
                ys.append(rate)
        print(
            f"ground truth cleanest: {ranking[0] == 'ground-truth.json'}; "
            f"Spearman rho(published precision, reports per 1k words) = {spearman(xs, ys):+.3f} "
            f"over {len(xs)} outputs"
        )
        tmp.cleanup()


if __name__ == "__main__":
    main()
