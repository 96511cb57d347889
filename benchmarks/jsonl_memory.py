"""JSON Lines are streamed: peak memory stays flat whatever the file size.

Generates two JSON Lines files of synthetic records (a small one and one of a few hundred MB),
lints each with ``newslint -j 1`` in a subprocess and prints size, time and peak RSS.  Not part
of the test suite: it takes a minute or two.

    python benchmarks/jsonl_memory.py [--mb 300] [--select NL3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

WORDS = (
    "the council said on monday that a new plan for the city centre would cost more than expected "
    "while residents who spoke to reporters were divided over whether the scheme should go ahead "
    "officials added that further talks with local businesses were planned for next month"
).split()


def sentence(rng: random.Random) -> str:
    words = []
    while len(words) < rng.randint(8, 20):
        word = rng.choice(WORDS)
        if not words or word != words[-1]:
            words.append(word)
    return " ".join(words).capitalize() + "."


def record(rng: random.Random, n: int) -> dict:
    paragraphs = [
        " ".join(sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(3, 8))
    ]
    body = "\n".join(paragraphs)
    if n % 997 == 0:  # a sparse defect, so that reports do not dominate memory
        body = body.replace(". ", ".", 1)
    return {
        "id": f"rec-{n}",
        "url": f"https://news.example/{n}",
        "title": sentence(rng).rstrip(".").title(),
        "articleBody": body,
        "meta": {
            "tags": ["city", "council"],
            "words": len(body.split()),
            "quote": "\u201cA\u201d \U0001f600",
        },
    }


def generate(path: str, megabytes: float, seed: int = 1) -> int:
    rng = random.Random(seed)
    target, size, n = int(megabytes * 1e6), 0, 0
    with open(path, "w", encoding="utf-8") as fh:
        while size < target:
            line = json.dumps(record(rng, n), ensure_ascii=n % 2 == 0) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    return n


def measure(path: str, select: str) -> tuple:
    cmd = [
        sys.executable,
        "-c",
        "import resource, sys\n"
        "from newslint.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n",
        "--isolated",
        "-j",
        "1",
        "-q",
        "--no-cache",
        "--select",
        select,
        path,
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    peak = next(
        (int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("PEAK_KB")),
        -1,
    )
    reports = len([line for line in proc.stdout.splitlines() if line.strip()])
    if proc.returncode not in (0, 1):
        raise SystemExit(f"newslint failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed, peak, reports


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb", type=float, default=300.0, help="size of the large file (default 300)")
    p.add_argument("--small-mb", type=float, default=3.0)
    p.add_argument("--select", default="NL3")
    p.add_argument("--keep", help="write the files here and keep them")
    args = p.parse_args()
    directory = args.keep or tempfile.mkdtemp(prefix="newslint-jsonl-")
    os.makedirs(directory, exist_ok=True)
    rows = []
    try:
        for name, mb in (("small.jsonl", args.small_mb), ("large.jsonl", args.mb)):
            path = os.path.join(directory, name)
            records = generate(path, mb)
            elapsed, peak, reports = measure(path, args.select)
            size = os.path.getsize(path) / 1e6
            rows.append((name, size, records, elapsed, peak / 1024, reports))
    finally:
        if not args.keep:
            for name in ("small.jsonl", "large.jsonl"):
                path = os.path.join(directory, name)
                if os.path.exists(path):
                    os.unlink(path)
            os.rmdir(directory)
    print(
        f"{'file':<12} {'MB':>8} {'records':>9} {'seconds':>8} {'MB/s':>6} {'peak RSS MB':>12} {'reports':>8}"
    )
    for name, size, records, elapsed, peak, reports in rows:
        print(
            f"{name:<12} {size:8.1f} {records:9d} {elapsed:8.1f} {size / elapsed:6.2f} {peak:12.1f} {reports:8d}"
        )
    print(
        f"peak RSS ratio large/small: {rows[1][4] / rows[0][4]:.2f} for a {rows[1][1] / rows[0][1]:.0f}x larger file"
    )


if __name__ == "__main__":
    main()
