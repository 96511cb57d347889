"""Issue 19: memory and time of a full run as the corpus grows.

Generates synthetic corpora of N documents (one file each, from the BBC sentences recombined:
``precommit_scale.generate``, distinct documents with 2 % planted near copies) under a folder
outside this repository, then runs ``newslint -q -j2 CORPUS`` (the default rules, the corpus
index on: a fresh index each run) and reports, per size: wall and CPU time (newslint and its
workers; on a loaded machine CPU is the figure to compare), the peak of the summed RSS of
newslint and its workers (sampled every 0.1 s with psutil; without psutil the largest single
process, by ``getrusage``), of their summed PSS (forked workers share the parent's pages: RSS
counts them in each process, PSS once; every 0.5 s), and the peaks of the parent alone and of
the largest worker.  The slope between the smallest and largest size is the memory a
document costs.

    python benchmarks/memory_scale.py [--docs 10000,50000,100000] [--keep DIR] [--jobs 2]
        [--no-cache] [--select CODES] [--runs 1]

Set PYTHONPATH to a copy of the package to measure one build while others edit the tree.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from precommit_scale import generate, sentences  # noqa: E402

try:
    import psutil
except ImportError:  # the largest process only
    psutil = None


def measure(cmd: list, cwd: Path) -> dict:
    """Wall s, peak summed RSS MB (parent + workers), peak parent RSS MB, exit code, lines."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = {"sum": 0.0, "parent": 0.0, "worker": 0.0, "pss": 0.0}
    stop = threading.Event()
    ticks = [0]

    def sample() -> None:
        try:
            me = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not stop.is_set():
            try:
                procs = [me, *me.children(recursive=True)]
                rss = []
                for p in procs:
                    try:
                        rss.append(p.memory_info().rss)
                    except psutil.Error:
                        rss.append(0)
                peak["sum"] = max(peak["sum"], sum(rss) / 2**20)
                peak["parent"] = max(peak["parent"], rss[0] / 2**20)
                peak["worker"] = max(peak["worker"], *(r / 2**20 for r in rss[1:]), 0)
                ticks[0] += 1
                if ticks[0] % 5 == 0:  # PSS (shared pages counted once) reads smaps: slower
                    pss = 0
                    for p in procs:
                        try:
                            pss += p.memory_full_info().pss
                        except (psutil.Error, AttributeError):
                            pass
                    peak["pss"] = max(peak["pss"], pss / 2**20)
            except psutil.Error:
                pass
            stop.wait(0.1)

    watcher = threading.Thread(target=sample, daemon=True) if psutil else None
    if watcher:
        watcher.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    stop.set()
    if watcher:
        watcher.join()
    if not psutil:
        peak["sum"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "wall": wall,
        "cpu": cpu,
        "rss": peak["sum"],
        "parent": peak["parent"],
        "worker": peak["worker"],
        "pss": peak["pss"],
        "code": proc.returncode,
        "lines": out.count(b"\n"),
        "err": err.decode("utf-8", "replace"),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", default="10000,50000,100000")
    ap.add_argument("--bbc", default=str(HERE.parent.parent / "shared" / "corpora" / "bbc"))
    ap.add_argument("--keep", help="generate into (or reuse) this folder, and keep it")
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--no-cache", action="store_true", help="the run without the corpus index")
    ap.add_argument("--select", help="rules (default: newslint's defaults)")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newslint-memory-"))
    sizes = [int(n) for n in args.docs.split(",")]
    pool = None
    rows = []
    try:
        for n in sizes:
            root = base / f"corpus{n}"
            if not root.exists():
                pool = pool or sentences(Path(args.bbc))
                t = time.perf_counter()
                generate(root, n, pool)
                print(f"generated {n} documents in {time.perf_counter() - t:.1f} s under {root}")
            cmd = [sys.executable, "-m", "newslint", "-q", "-j", args.jobs]
            cmd += ["--no-cache"] if args.no_cache else []
            cmd += ["--select", args.select] if args.select else []
            for _ in range(args.runs):
                shutil.rmtree(root / ".newslint_cache", ignore_errors=True)
                m = measure(cmd + ["."], root)
                rows.append((n, m))
                print(
                    f"{n:>7} documents: {m['wall']:7.1f} s wall, {m['cpu']:7.1f} s CPU, peak RSS {m['rss']:6.0f} MB "
                    f"(PSS {m['pss']:.0f} MB; parent {m['parent']:.0f} MB, largest worker "
                    f"{m['worker']:.0f} MB), {m['lines']} reports, exit {m['code']}",
                    flush=True,
                )
                if m["code"] not in (0, 1):
                    print(m["err"][-2000:], file=sys.stderr)
        if len({n for n, _ in rows}) > 1:
            (n0, a), (n1, b) = rows[0], rows[-1]
            slope = (b["rss"] - a["rss"]) * 2**20 / (n1 - n0)
            parent = (b["parent"] - a["parent"]) * 2**20 / (n1 - n0)
            pss = (b["pss"] - a["pss"]) * 2**20 / (n1 - n0)
            print(
                f"slope {n0}->{n1}: {slope / 1024:.1f} KB per document (PSS {pss / 1024:.1f} KB, "
                f"parent {parent / 1024:.1f} KB); wall {a['wall'] / n0 * 1000:.2f} -> "
                f"{b['wall'] / n1 * 1000:.2f} ms per document, CPU {a['cpu'] / n0 * 1000:.2f} -> "
                f"{b['cpu'] / n1 * 1000:.2f} ms"
            )
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
