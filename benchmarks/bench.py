#!/usr/bin/env python3
"""Time newslint against codespell on one corpus, in the same run.

    python benchmarks/bench.py ../shared/corpora/bbc [--repeat 3] [--jobs 1,0]
    python benchmarks/bench.py BBCx4 --ratio [--select NL1]     # issue 19's bar: newslint / codespell

Both tools read the same files: the ones newslint's discovery picks in the corpus (by default
.txt, .text, .md, .markdown), named to codespell one by one; newslint gets the folder. For each
tool it prints the best wall time of ``--repeat`` runs, throughput in MB/s (megabytes of those
files per second of wall time) and the peak resident memory of the largest process of the run
(``ru_maxrss`` of the child and the workers it waited for, from ``os.wait4``). Then the
start-up time: the median wall time of linting one small file, which is what a pre-commit hook
pays on every commit.

newslint runs with ``--isolated --no-cache -q --exit-zero``: no configuration file, no corpus
index written into the corpus, reports printed to /dev/null. ``--jobs 0`` means newslint's
default (all cores).

``--ratio`` measures issue 19's bar instead: ``--repeat`` rounds, each running newslint (default
jobs; ``--select`` passed on) and then codespell on the same files, and prints each round's
ratio of their wall times and the median ratio, a busy moment weighing on both tools of its
round alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from command import NEWSLINT


def corpus_files(corpus: Path) -> list:
    from newslint import discover

    found = discover.collect([str(corpus)], discover.Discovery(root=str(corpus)))
    return [fs for fs, _ in found.files]


def measure(cmd: list, cwd=None, env=None) -> tuple:
    """(wall seconds, CPU seconds, peak RSS in MB) of one run of ``cmd``; CPU time (user +
    system, the child and the workers it waited for) is what a busy machine does not inflate."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode not in (0, 1, 65):  # codespell exits 65 when it finds typos
        raise SystemExit(f"{' '.join(cmd[:3])} ... failed ({proc.returncode}): {err.strip()[:500]}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024  # ru_maxrss is in kilobytes on Linux


def best_of(cmd: list, repeat: int, cwd=None) -> tuple:
    runs = [measure(cmd, cwd) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)


def paired(cmd: list, repeat: int, base_path: str) -> tuple:
    """(work, base) best-of figures of ``cmd``, the two builds run alternately: the working
    tree as installed, and the build in ``base_path`` (``python -P``: the working directory
    never shadows it)."""
    env = {**os.environ, "PYTHONPATH": base_path}
    work, base = [], []
    for _ in range(repeat):
        work.append(measure(cmd))
        base.append(measure(cmd, env=env))
    return tuple(
        (min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs))
        for runs in (work, base)
    )


def newslint_cmd(*args) -> list:
    return [
        *NEWSLINT,  # never the working directory's newslint ahead of the one being measured
        "--isolated",
        "--no-cache",
        "-q",
        "--exit-zero",
        *args,
    ]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--repeat", type=int, default=3, help="runs per tool; the best time counts")
    p.add_argument("--jobs", default="1,0", help="newslint --jobs values to try (0: all cores)")
    p.add_argument(
        "--base-path",
        help="also run the newslint build in this folder, interleaved (benchmarks/"
        "compare_reports.py installs one per commit under $TMPDIR/newslint-compare/)",
    )
    p.add_argument("--ratio", action="store_true", help="newslint / codespell wall, per round")
    p.add_argument("--select", help="with --ratio: newslint's --select (default: its defaults)")
    args = p.parse_args(argv)
    if not args.corpus.is_dir():
        p.error(f"{args.corpus}: not a folder")
    codespell = shutil.which("codespell")

    files = corpus_files(args.corpus)
    total = sum(os.path.getsize(f) for f in files)
    mb = total / 1e6
    print(
        f"corpus: {args.corpus} ({len(files)} files, {mb:.2f} MB); {os.cpu_count()} cores; "
        f"best of {args.repeat}"
    )
    if args.ratio:
        return ratios(args, files, codespell, mb)
    print(
        f"{'tool':<22} {'wall s':>8} {'MB/s':>8} {'CPU s':>8} {'MB/CPU-s':>9} {'peak RSS MB':>12}"
    )

    def row(label, wall, cpu, rss):
        print(
            f"{label:<22} {wall:>8.2f} {mb / wall:>8.2f} {cpu:>8.2f} {mb / cpu:>9.2f} {rss:>12.1f}",
            flush=True,
        )

    if args.repeat > 1:
        measure(newslint_cmd(str(args.corpus), "--jobs", "1"))  # warm the file cache and .pyc files
    for jobs in [int(j) for j in args.jobs.split(",") if j.strip()]:
        extra = ["--jobs", str(jobs)] if jobs else []
        label = f"newslint --jobs {jobs or os.cpu_count()}"
        if args.base_path:
            work, base = paired(newslint_cmd(str(args.corpus), *extra), args.repeat, args.base_path)
            row(label, *work)
            row("  base build", *base)
        else:
            row(label, *best_of(newslint_cmd(str(args.corpus), *extra), args.repeat))
    if codespell:
        row("codespell", *best_of([codespell, "--quiet-level", "2", *files], args.repeat))
    else:
        print("codespell: not installed")

    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "article.txt"
        small.write_text(
            "Storm hits coast\n\nThe storm passed overnight.Nobody was hurt, officials said.\n",
            encoding="utf-8",
        )
        n = max(5, args.repeat)
        tools = [
            ("newslint", newslint_cmd(str(small))),
            ("newslint --select NL3", newslint_cmd(str(small), "--select", "NL3")),
        ]
        if codespell:
            tools.append(("codespell", [codespell, str(small)]))
        print(f"start-up, one small file (median of {n}):")
        for label, cmd in tools:
            runs = [measure(cmd) for _ in range(n)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            print(
                f"  {label:<22} {wall:.3f} s wall, {cpu:.3f} s CPU, {max(r[2] for r in runs):.1f} MB"
            )
    return 0


def ratios(args, files: list, codespell, mb: float) -> int:
    """Issue 19's bar: newslint's wall time over codespell's, round by round (interleaved)."""
    if not codespell:
        print("codespell: not installed")
        return 2
    extra = ["--select", args.select] if args.select else []
    cmd = newslint_cmd(str(args.corpus), *extra)
    spell = [codespell, "--quiet-level", "2", *files]
    measure(cmd), measure(spell)  # warm the file cache and .pyc files
    found = []
    for i in range(args.repeat):
        ours, theirs = measure(cmd), measure(spell)
        found.append(ours[0] / theirs[0])
        print(
            f"round {i + 1}: newslint {ours[0]:.2f} s wall ({ours[1]:.2f} s CPU, "
            f"{mb / ours[1]:.2f} MB/CPU-s), codespell {theirs[0]:.2f} s: {found[-1]:.1f}x",
            flush=True,
        )
    print(f"median ratio {statistics.median(found):.1f}x ({' '.join(extra) or 'default rules'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
