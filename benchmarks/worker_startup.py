#!/usr/bin/env python3
"""What starting the worker pool costs: ``-j2`` against ``-j1`` on a few tiny files.

    python benchmarks/worker_startup.py [--rounds 10] [--base-path DIR]

The files are too small for their linting to matter, so the wall-time difference between
``-j2`` and ``-j1`` is the price of the pool: forking the workers and whatever each does before
its first file (before the renovation, each rebuilt the rule registry: about 0.5 s cold).
``--base-path`` names a folder holding another build of newslint (``benchmarks/
compare_reports.py`` installs one per commit under $TMPDIR/newslint-compare/) to measure it in
the same interleaved rounds.  Prints the median of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEXT = "The council met on Monday. It approved the budget for the new bridge.\n"


def timed(env: dict, args: list, cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", "--no-cache", "-q", "--exit-zero", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--base-path", help="a folder holding another newslint build to compare")
    args = p.parse_args(argv)
    sides = {"work": dict(os.environ)}
    if args.base_path:
        sides["base"] = {**os.environ, "PYTHONPATH": args.base_path}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(8):
            Path(tmp, f"a{i}.txt").write_text(TEXT, encoding="utf-8")
        times: dict = {(s, j): [] for s in sides for j in ("-j1", "-j2")}
        for _ in range(args.rounds):
            for side, env in sides.items():
                for jobs in ("-j1", "-j2"):
                    times[side, jobs].append(timed(env, [jobs, "."], tmp))
    for side in sides:
        one = statistics.median(times[side, "-j1"])
        two = statistics.median(times[side, "-j2"])
        print(
            f"{side}: -j1 {one:.3f} s, -j2 {two:.3f} s, pool cost {two - one:+.3f} s (median of {args.rounds})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
