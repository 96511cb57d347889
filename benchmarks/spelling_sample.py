"""A fixed-seed random sample of NL1 reports, each with its context, for reading by hand.

Precision on real scraper output is judged by reading reports (issue 14): lint the corpora,
save the output, and print a sample to judge.  Nothing from the corpora is written anywhere.

    newslint --no-cache --select NL1 ../shared/corpora/scraped/fnc1 \\
        ../shared/corpora/scraped/mdnews > /tmp/nl1.txt
    newslint --no-cache --select NL1 --encoding cp1252 \\
        ../shared/corpora/scraped/horne2017 >> /tmp/nl1.txt
    python benchmarks/spelling_sample.py /tmp/nl1.txt --size 80 --seed 14
"""

from __future__ import annotations

import argparse
import random
import re
import sys

REPORT = re.compile(r"(?P<path>.*?):(?P<line>\d+):(?P<col>\d+): (?P<code>NL1\d\d) (?P<msg>.*)")


def sample(lines: list, size: int, seed: int) -> list:
    reports = sorted(line for line in lines if REPORT.match(line))
    return random.Random(seed).sample(reports, min(size, len(reports)))


def context(path: str, line: int, col: int, encoding: str, reach: int = 110) -> str:
    with open(path, encoding=encoding, errors="replace") as fh:
        for n, text in enumerate(fh, 1):
            if n == line:
                c = col - 1
                return text[max(0, c - reach) : c + reach - 20].replace("\\n", " / ").strip()
    return ""


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("reports", nargs="+", help="files of newslint's default output")
    p.add_argument("--size", type=int, default=80)
    p.add_argument("--seed", type=int, default=14)
    p.add_argument("--encoding", default="utf-8", help="of the linted files (cp1252: Horne)")
    args = p.parse_args(argv)
    lines = []
    for name in args.reports:
        with open(name, encoding="utf-8", errors="replace") as fh:
            lines += [line.rstrip("\n") for line in fh]
    counts: dict = {}
    for i, line in enumerate(sample(lines, args.size, args.seed)):
        m = REPORT.match(line)
        counts[m["code"]] = counts.get(m["code"], 0) + 1
        encoding = "cp1252" if "horne2017" in m["path"] else args.encoding
        where = f"{m['path']}:{m['line']}:{m['col']}"
        print(f"[{i}] {m['code']} {where}  {m['msg'][-100:]}")
        print(f"     ...{context(m['path'], int(m['line']), int(m['col']), encoding)}...\n")
    print("sampled:", ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
