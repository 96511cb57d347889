#!/usr/bin/env python3
"""Start-up: newslint on one small article, median wall and CPU time of N runs (issue 19's bar:
0.25 s wall on a quiet machine).

    python benchmarks/startup.py                       # the working tree (as installed), 10 runs
    python benchmarks/startup.py --base-path DIR -n 20 # and a build in DIR, interleaved
    python benchmarks/startup.py --path A --path B     # builds A and B, interleaved
    python benchmarks/startup.py --file sample/clean-harbour-report.txt  # another article

A build in DIR is a folder holding a ``newslint`` package (``benchmarks/compare_reports.py``
installs one per commit under $TMPDIR/newslint-compare/). The runs are made from an empty
temporary folder, so that no configuration or corpus around them is read. CPU time (user +
system) is printed beside wall time: on a shared machine wall time measures the other jobs; and
the peak resident memory of the run (its own, by ``wait4``).
Byte code is written and used (PYTHONDONTWRITEBYTECODE is unset for the runs), as when installed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from command import NEWSLINT

ARTICLE = "The minister said on Monday that the plan would go ahead.\n"


def one_run(side: str | None, cwd: str, name: str = "one.txt") -> tuple:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    # as installed: byte code written once and read after (an install compiles it)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if side:
        env["PYTHONPATH"] = side
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*NEWSLINT, "--isolated", name],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, _, usage = os.wait4(proc.pid, 0)  # this run's own CPU time and peak memory
    wall = time.perf_counter() - started
    proc.returncode = 0  # reaped here: Popen must not wait for it again
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="runs per build (default 10)")
    parser.add_argument("--base-path", help="also run the build in this folder, interleaved")
    parser.add_argument("--file", help="the article to lint (default: one sentence of news)")
    parser.add_argument(
        "--path",
        action="append",
        default=[],
        help="run the build in this folder instead of "
        "the working tree (repeat for several builds, interleaved)",
    )
    args = parser.parse_args()
    sides = {f"build ({p})": str(Path(p).resolve()) for p in args.path} or {"working tree": None}
    if args.base_path:
        sides = {f"base ({args.base_path})": str(Path(args.base_path).resolve()), **sides}
    times: dict = {name: [] for name in sides}
    with tempfile.TemporaryDirectory() as cwd:
        article = Path(args.file).read_bytes() if args.file else ARTICLE.encode("utf-8")
        name = Path(args.file).name if args.file else "one.txt"
        Path(cwd, name).write_bytes(article)  # in an empty folder: no project, no cache around it
        for side in sides.values():
            one_run(side, cwd, name)  # a first run writes the byte code
        for _ in range(args.n):
            for label, side in sides.items():
                times[label].append(one_run(side, cwd, name))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for name, runs in times.items():
        wall = statistics.median(w for w, _, _ in runs)
        cpu = statistics.median(c for _, c, _ in runs)
        rss = statistics.median(m for _, _, m in runs)
        print(
            f"{name}: median wall {wall:.3f} s, median CPU {cpu:.3f} s, "
            f"peak RSS {rss:.0f} MB ({len(runs)} runs)"
        )
    print(f"load average (1 min): {load:.2f}")


if __name__ == "__main__":
    main()
