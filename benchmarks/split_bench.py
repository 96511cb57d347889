"""Large JSON Lines files linted whole or in byte ranges (issue 19 and 21): wall and CPU time.

Runs ``newslint check --no-cache -j2`` on a corpus (default: the fnc1 corpus, two JSON Lines
files of 2 and 4 MB) with ``NEWSLINT_SPLIT_BYTES=0`` (every file whole, as before) and with
the run's own split, interleaved round by round, for the local pool and (``--dask``) a Dask
LocalCluster; checks that both give byte-identical output and exit status.

    python -u benchmarks/split_bench.py [--rounds 3] [--dask] [CORPUS]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FNC1 = ROOT.parent / "shared" / "corpora" / "scraped" / "fnc1"


def run(corpus: Path, split: str, executor: str) -> tuple:
    env = {**os.environ, "NEWSLINT_SPLIT_BYTES": split}
    cmd = [sys.executable, "-m", "newslint", "check", "--no-cache", "-j2", str(corpus)]
    if executor == "dask":
        cmd += ["--executor", "dask"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode, proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path, default=FNC1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dask", action="store_true", help="also on a Dask LocalCluster")
    args = parser.parse_args()
    executors = ["local"] + (["dask"] if args.dask else [])
    cases = [(ex, split) for ex in executors for split in ("0", "")]
    times: dict = {c: [] for c in cases}
    outputs: dict = {}
    for r in range(args.rounds):
        print(f"round {r + 1}, load {os.getloadavg()[0]:.2f}", flush=True)
        for case in cases if r % 2 == 0 else reversed(cases):
            wall, cpu, code, out = run(args.corpus, case[1], case[0])
            if code == 2:
                sys.exit(f"exit 2 ({case}): the run failed")
            times[case].append((wall, cpu))
            outputs.setdefault(case, (code, out))
            name = f"{case[0]:5} {'whole' if case[1] == '0' else 'split'}"
            print(f"  {name}: {wall:6.2f} s wall {cpu:6.2f} s CPU (exit {code})", flush=True)
    same = len({outputs[c] for c in cases}) == 1
    print(f"identical output and exit status: {'yes' if same else 'NO'}")
    for case in cases:
        walls = [w for w, _ in times[case]]
        cpus = [c for _, c in times[case]]
        name = f"{case[0]:5} {'whole' if case[1] == '0' else 'split'}"
        print(
            f"{name}: median {statistics.median(walls):.2f} s wall "
            f"({min(walls):.2f}-{max(walls):.2f}), {statistics.median(cpus):.2f} s CPU"
        )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
