#!/usr/bin/env python3
"""--executor dask against the local executor: the same output, what the cluster costs, and
how large the corpus summaries are.

    python -u benchmarks/dask_bench.py                      # every part
    python -u benchmarks/dask_bench.py --parts overhead --rounds 5
    python -u benchmarks/dask_bench.py --parts summaries --corpora bbc,fnc1

1. **same**: on BBC and the scraped corpora (fnc1, mdnews, horne2017), ``-j2`` and ``--executor
   dask -j2`` (a LocalCluster of two worker processes) give byte-identical output and exit
   status; **fix**: copies of each corpus are fixed (``--fix``) by both and compared byte for
   byte, output and files.
2. **overhead**: BBC copied ``--copies`` times into a temporary folder, ``-j2`` against a
   2-worker LocalCluster, interleaved ``--rounds`` times; wall and CPU (the run and the
   processes it waited for), the load average before each run, and the median overhead.
3. **summaries**: each corpus rule's (and report filter's) summaries, pickled, in bytes per
   document, and documents linted per CPU-second (the per-core throughput): the figures of
   benchmarks/README.md's estimate for 100 million articles.
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
NAMED = {
    "bbc": CORPORA / "bbc",
    "fnc1": CORPORA / "scraped" / "fnc1",
    "mdnews": CORPORA / "scraped" / "mdnews",
    "horne2017": CORPORA / "scraped" / "horne2017",
}
BASE = ["--isolated", "--no-cache", "-q", "-j2"]


def newslint(args: list, cwd=None) -> tuple:
    """(exit status, stdout, stderr, wall s)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newslint", *map(str, args)],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    return proc.returncode, out, err, wall


def cpu_of(run) -> tuple:
    """``run()``'s result, and the CPU seconds of the processes it waited for (a run and the
    workers it reaped: the pool's, or the LocalCluster's)."""
    before = os.times()
    result = run()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return result, cpu


def same(names: list, parts: set) -> bool:
    ok = True
    for name in names:
        corpus = NAMED[name]
        if "fix" in parts:
            ok &= same_fixes(name, corpus)
        if "same" not in parts:
            continue
        local = newslint(BASE + [corpus])
        dask = newslint(BASE + ["--executor", "dask", corpus])
        verdict = (local[0], local[1]) == (dask[0], dask[1])
        lines = local[1].count(b"\n")
        print(
            f"same    {name:10} reports {lines:6}  exit {local[0]}/{dask[0]}  "
            f"{'identical' if verdict else 'DIFFERENT'}  (local {local[3]:.1f} s, dask {dask[3]:.1f} s)"
        )
        if not verdict:
            print(dask[2].decode(errors="replace")[-2000:], file=sys.stderr)
        ok &= verdict
    return ok


def same_fixes(name: str, corpus: Path) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp, "a"), Path(tmp, "b")
        for copy in (a, b):
            shutil.copytree(corpus, copy)
            for f in copy.rglob("*"):  # the shared corpora are read-only
                f.chmod(f.stat().st_mode | 0o200)
        local = newslint(BASE + ["--fix", "a"], cwd=tmp)
        dask = newslint(BASE + ["--fix", "--executor", "dask", "b"], cwd=tmp)
        out_same = (local[0], local[1].replace(b"a/", b"b/")) == (dask[0], dask[1])
        files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
        differ = [f for f in files if (a / f).read_bytes() != (b / f).read_bytes()]
        changed = sum((a / f).read_bytes() != (corpus / f).read_bytes() for f in files)
        print(
            f"--fix   {name:10} files {len(files):6}  fixed {changed:5}  output "
            f"{'identical' if out_same else 'DIFFERENT'}  files "
            f"{'identical' if not differ else f'{len(differ)} DIFFERENT'}"
        )
        return out_same and not differ


def overhead(rounds: int, copies: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(copies):
            shutil.copytree(NAMED["bbc"], Path(tmp, f"copy{i}"))
        times: dict = {"-j2": [], "dask": []}
        for r in range(rounds):
            for side in ("-j2", "dask") if r % 2 == 0 else ("dask", "-j2"):
                extra = ["--executor", "dask"] if side == "dask" else []
                load = os.getloadavg()[0]
                (code, out, err, wall), cpu = cpu_of(lambda x=extra: newslint(BASE + x + [tmp]))
                times[side].append((wall, cpu))
                lines = out.count(b"\n")
                print(
                    f"round {r + 1} {side:5} wall {wall:6.1f} s  CPU {cpu:6.1f} s  "
                    f"load before {load:4.1f}  reports {lines}  exit {code}"
                )
        local = statistics.median(w for w, _ in times["-j2"])
        dask = statistics.median(w for w, _ in times["dask"])
        local_cpu = statistics.median(c for _, c in times["-j2"])
        dask_cpu = statistics.median(c for _, c in times["dask"])
        print(
            f"BBC x{copies}, median of {rounds}: -j2 {local:.1f} s, dask {dask:.1f} s wall: "
            f"overhead {100 * (dask / local - 1):+.1f} %; CPU {local_cpu:.1f} s vs "
            f"{dask_cpu:.1f} s ({100 * (dask_cpu / local_cpu - 1):+.1f} %)"
        )


def summaries(names: list) -> None:
    """Pickled summary bytes per document per rule, and documents per CPU-second."""
    sys.path.insert(0, str(ROOT))
    from newslint.cli import check_parser
    from newslint.engine import pool
    from newslint.session import Session

    for name in names:
        args = check_parser().parse_args(["--isolated", "--no-cache", str(NAMED[name])])
        session = Session.from_args(args)
        files = session.files
        start = time.process_time()
        results = pool.run(session.linter, files, 1)
        cpu = time.process_time() - start
        docs: dict = {}
        size: dict = {}
        for res in results:
            for code, items in res.summaries.items():
                docs[code] = docs.get(code, 0) + len(items)
                size[code] = size.get(code, 0) + sum(len(pickle.dumps(s, 5)) for s in items)
        n = max(docs.values()) if docs else 0
        nbytes = sum(res.size for res in results)
        print(
            f"summary {name:10} documents {n:7}  {nbytes / 1e6:6.1f} MB  CPU {cpu:6.1f} s: "
            f"{n / cpu:6.0f} documents per CPU-second"
        )
        for code in sorted(docs):
            per = size[code] / max(1, docs[code])
            print(f"          {code}  {per:8.1f} bytes a document  ({size[code] / 1e6:.2f} MB)")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpora", default="bbc,fnc1,mdnews,horne2017")
    p.add_argument(
        "--parts",
        default="same,fix,overhead,summaries",
        help="comma-separated: same (reports), fix (--fix on copies), overhead, summaries",
    )
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--copies", type=int, default=4)
    args = p.parse_args(argv)
    names = [n for n in args.corpora.split(",") if n]
    parts = set(args.parts.split(","))
    ok = same(names, parts)
    if "overhead" in parts:
        overhead(args.rounds, args.copies)
    if "summaries" in parts:
        summaries(names)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
