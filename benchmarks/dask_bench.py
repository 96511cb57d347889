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
4. **reducer** (issue 21): the corpus phase reduced on the cluster (``engine.reduce``) against
   every summary sent to the client (``NEWSLINT_DASK_TREE=0``), ``--executor dask -j2``,
   interleaved ``--rounds`` times, on BBC x ``--copies`` and on ``--docs`` synthetic documents
   (``precommit_scale.generate``: BBC sentences recombined, 2 % near copies; with ``--jsonl N``
   as JSON Lines files of N records): wall, the client's
   peak RSS (its own ``ru_maxrss``; a LocalCluster's scheduler runs in the client process) and
   whether both give the same output; then, in this process, the bytes that reach the client
   per document (results, and with the tree the batches' corpus reports and filter decisions),
   on BBC.

   With ``--before DIR`` (a copy of the ``newslint`` package made before a change), that
   newslint against this one, both with the tree, and the largest worker's peak RSS (sampled).

   **aggregate**: the reduction's sizes per document and per rule, run in this process
   (``engine.reduce``'s steps over a local ``-j2`` run's results, some 16 batches a worker,
   as many partitions as ``--workers``, 2 by default): the summaries, the keys before
   pruning, the pruned aggregate session 8 sent to every worker, the partitions' roots and what
   each batch is sent now (the shuffle by key), and the largest worker's share, on BBC and on
   ``--docs`` synthetic documents.

    python -u benchmarks/dask_bench.py --parts reducer --copies 4 --docs 50000 --rounds 1
    python -u benchmarks/dask_bench.py --parts aggregate --docs 10000 --workers 16
    python -u benchmarks/dask_bench.py --parts reducer --copies 4 --docs 0 --before /tmp/old
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
import threading
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


# a run of the command line that says its own peak RSS (not its workers')
CLIENT = (
    "import resource, sys\n"
    "from newslint.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print(f'client peak RSS {peak} kB', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def client_run(args: list, tree: bool, before: str = "") -> tuple:
    """(exit status, stdout, wall s, client peak RSS MB, CPU s of the run and its workers,
    (the largest worker's peak RSS MB, its growth over its first sample MB)) of a Dask run;
    with ``before``, of the newslint in that folder (``PYTHONPATH``)."""
    env = {**os.environ, "NEWSLINT_DASK_TREE": "1" if tree else "0"}
    if before:
        env["PYTHONPATH"] = before
    start = time.perf_counter()
    workers: dict = {}

    def run():
        popen = subprocess.Popen(
            [sys.executable, "-c", CLIENT, *BASE, "--executor", "dask", *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        watch = threading.Thread(target=sample_workers, args=(popen.pid, workers), daemon=True)
        watch.start()
        out, err = popen.communicate()
        watch.join()
        return subprocess.CompletedProcess(popen.args, popen.returncode, out, err)

    proc, cpu = cpu_of(run)
    wall = time.perf_counter() - start
    found = [ln for ln in proc.stderr.decode().splitlines() if ln.startswith("client peak RSS")]
    rss = int(found[-1].split()[3]) / 1024 if found else float("nan")
    if not found:
        print(proc.stderr.decode(errors="replace")[-2000:], file=sys.stderr)
    peak = max(workers.values(), default=(0, 0), key=lambda fp: fp[1])
    return (
        proc.returncode,
        proc.stdout,
        wall,
        rss,
        cpu,
        (peak[1] / 2**20, (peak[1] - peak[0]) / 2**20),
    )


def sample_workers(pid: int, seen: dict) -> None:
    """Every 0.2 s until ``pid`` ends: {child pid: (first RSS, peak RSS)} of its children
    (a LocalCluster's worker processes; its nannies and scheduler run in the client)."""
    import psutil

    try:
        parent = psutil.Process(pid)
        while parent.is_running() and parent.status() != psutil.STATUS_ZOMBIE:
            for child in parent.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                first, peak = seen.get(child.pid, (rss, 0))
                seen[child.pid] = (first, max(peak, rss))
            time.sleep(0.2)
    except psutil.Error:
        pass


def as_jsonl(folder: Path, records: int) -> Path:
    """The documents of ``folder`` (a generated corpus) as JSON Lines files of ``records``
    records each, in a sibling folder."""
    import json

    out = folder.with_name(folder.name + "-jsonl")
    out.mkdir()
    paths = sorted(folder.rglob("*.txt"))
    for start in range(0, len(paths), records):
        lines = [
            json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")})
            for p in paths[start : start + records]
        ]
        (out / f"part-{start // records:05d}.jsonl").write_text("\n".join(lines) + "\n")
    return out


def reducer(rounds: int, copies: int, docs: int, jsonl: int = 0, before: str = "") -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from precommit_scale import generate, sentences

    with tempfile.TemporaryDirectory() as tmp:
        corpora = []
        if copies:
            bbc = Path(tmp, "bbc")
            for i in range(copies):
                shutil.copytree(NAMED["bbc"], bbc / f"copy{i}")
            corpora.append((f"BBC x{copies}", bbc))
        if docs:
            synthetic = Path(tmp, "synthetic")
            t = time.perf_counter()
            generate(synthetic, docs, sentences(NAMED["bbc"]))
            print(f"generated {docs} documents in {time.perf_counter() - t:.0f} s")
            if jsonl:
                synthetic = as_jsonl(synthetic, jsonl)
            corpora.append((f"synthetic {docs}" + (" jsonl" if jsonl else ""), synthetic))
        # (label, the tree, the newslint of a folder): without --before, every summary to the
        # client against the tree; with it, that folder's newslint against this one's
        sides = [("gather", False, ""), ("tree", True, "")]
        if before:
            sides = [("before", True, before), ("after", True, "")]
        for name, folder in corpora:
            seen: dict = {label: [] for label, _, _ in sides}
            outputs = set()
            for r in range(rounds):
                for label, tree, where in sides if r % 2 == 0 else sides[::-1]:
                    load = os.getloadavg()[0]
                    code, out, wall, rss, cpu, (worker, grew) = client_run([folder], tree, where)
                    seen[label].append((wall, rss, cpu, worker, grew))
                    outputs.add((code, out))
                    lines = out.count(b"\n")
                    print(
                        f"reducer {name:16} {label:7} wall {wall:7.1f} s  CPU {cpu:7.1f} s  client "
                        f"peak RSS {rss:7.1f} MB  largest worker peak RSS {worker:7.1f} MB "
                        f"(+{grew:.1f} MB)  reports {lines}  exit {code}  load before {load:4.1f}"
                    )
            a, b = (
                [statistics.median(x[i] for x in seen[label]) for i in range(5)]
                for label, _, _ in sides
            )
            print(
                f"reducer {name:16} median of {rounds}, {sides[0][0]} -> {sides[1][0]}: wall "
                f"{a[0]:.1f} -> {b[0]:.1f} s, CPU {a[2]:.1f} -> {b[2]:.1f} s, client peak RSS "
                f"{a[1]:.0f} -> {b[1]:.0f} MB, largest worker peak RSS {a[3]:.0f} -> {b[3]:.0f} MB "
                f"(growth {a[4]:.0f} -> {b[4]:.0f} MB); output "
                f"{'identical' if len(outputs) == 1 else 'DIFFERENT'}"
            )
    if copies and not before:
        client_bytes(NAMED["bbc"])


def client_bytes(corpus: Path) -> None:
    """Pickled bytes that reach the client per document: every result (with every summary),
    against the results less the reduced summaries plus each batch's reports and decisions."""
    sys.path.insert(0, str(ROOT))
    from newslint.cli import check_parser
    from newslint.engine import dask_executor, pool, reduce
    from newslint.session import Session

    counted: list = []
    lint_items, reduce_of = dask_executor.DaskRun._lint_items, dask_executor.DaskRun._reduce

    def items(self, *args):
        out = lint_items(self, *args)
        counted.append(sum(len(pickle.dumps(res, 5)) for res in out))
        counted.append(len(pickle.dumps(getattr(out, "documents", {}), 5)))
        return out

    def reduced(self, *args):
        out = reduce_of(self, *args)
        counted.append(len(pickle.dumps(out, 5)))
        return out

    dask_executor.DaskRun._lint_items, dask_executor.DaskRun._reduce = items, reduced
    documents = 0
    for tree in (False, True):
        os.environ[reduce.SWITCH] = "1" if tree else "0"
        counted.clear()
        args = ["--isolated", "--no-cache", "-j2", "--executor", "dask", str(corpus)]
        session = Session.from_args(check_parser().parse_args(args))
        results = pool.run(session.linter, session.files, 2)
        if not tree:
            documents = sum(len(res.summaries.get("NL101", ())) for res in results)
        total = sum(counted)
        print(
            f"client  {'tree   ' if tree else 'gather '} {total / 1e6:7.2f} MB reach the client: "
            f"{total / max(1, documents):7.0f} bytes a document ({documents} documents)"
        )
    os.environ.pop(reduce.SWITCH, None)
    dask_executor.DaskRun._lint_items, dask_executor.DaskRun._reduce = lint_items, reduce_of


def aggregate(docs: int, workers: int = 2) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from precommit_scale import generate, sentences

    with tempfile.TemporaryDirectory() as tmp:
        corpora = [("BBC", NAMED["bbc"])]
        if docs:
            generate(Path(tmp, "synthetic"), docs, sentences(NAMED["bbc"]))
            corpora.append((f"synthetic {docs}", Path(tmp, "synthetic")))
        for name, folder in corpora:
            aggregate_of(name, folder, workers)


def aggregate_of(name: str, folder: Path, workers: int = 2) -> None:
    sys.path.insert(0, str(ROOT))
    from newslint.cli import check_parser
    from newslint.engine import corpus, pool, reduce
    from newslint.session import Session

    args = ["--isolated", "--no-cache", "-j2", str(folder)]
    session = Session.from_args(check_parser().parse_args(args))
    linter = session.linter
    results = pool.run(linter, session.files, 2)
    n = sum(len(res.summaries.get("NL101", ())) for res in results)
    summaries: dict = {}
    for res in results:
        for code, items in res.summaries.items():
            summaries[code] = summaries.get(code, 0) + sum(len(pickle.dumps(x, 5)) for x in items)
    start = time.process_time()  # the corpus phase in the client, as without the tree
    candidates = [rep for res in results for rep in res.reports]
    for rule in linter.corpus_rules:
        list(rule.check_corpus(corpus.summaries(results, rule.code)))
    for rule in linter.report_filters:
        rule.filter_reports(candidates, corpus.summaries(results, rule.code))
    whole_way = time.process_time() - start
    tree = reduce.Tree(
        tuple(r.code for r in linter.corpus_rules),
        tuple(r.code for r in linter.report_filters),
        frozenset(r.code for r in linter.corpus_rules + linter.report_filters if r.asks_own_keys()),
        workers,
    )
    size = max(1, len(results) // (16 * workers))  # as make_batches: some 16 a worker
    start = time.process_time()
    batches = [
        reduce.batch(linter, tree, results[i : i + size], i) for i in range(0, len(results), size)
    ]
    keyed = time.process_time() - start
    roots, pieces = reduce.shuffle_here(tree, batches)
    merged = time.process_time() - start - keyed
    documents = reduce.documents_of([b.documents for b in batches])
    start = time.process_time()
    for b, found in zip(batches, pieces):
        reduce.check(linter, tree, b, found, documents)
    checked = time.process_time() - start
    whole = broadcast(tree, roots)
    workers = tree.parts
    print(
        f"aggregate {name}: {n} documents, {len(batches)} batches, {workers} partitions; CPU: "
        f"keys {keyed:.2f} s, tree and selections {merged:.2f} s, checks {checked:.2f} s "
        f"(check_corpus and filter_reports in one process: {whole_way:.2f} s)\n"
        f"          bytes a document (pickled): summary | keys | the aggregate sent to every "
        f"worker before (pruned) | the partitions' roots now (pruned, all) | what the batches "
        f"are sent now (all)"
    )
    total = [0] * 5
    for code in tree.codes:
        row = [
            summaries.get(code, 0),
            sum(
                len(pickle.dumps(b.parts[p].aggregate.get(code), 5))
                for b in batches
                for p in range(workers)
            ),
            len(pickle.dumps(whole.get(code, ({}, {})), 5)),
            sum(len(pickle.dumps(r.get(code, ({}, {})), 5)) for r in roots),
            sum(len(pickle.dumps((c.get(code), v.get(code)), 5)) for c, v in pieces),
        ]
        total = [t + x for t, x in zip(total, row)]
        print(f"          {code}  " + " | ".join(f"{x / n:7.0f}" for x in row))
    print("          all    " + " | ".join(f"{x / n:7.0f}" for x in total))
    # a worker holds a partition's root and the selections of the batches it checks
    mine = [0] * workers
    for i, found in enumerate(pieces):
        mine[i % workers] += len(pickle.dumps(found, 5))
    largest = max(len(pickle.dumps(r, 5)) for r in roots) + max(mine)
    objects_now = max(objects(r) for r in roots) + max(
        objects(pieces[w::workers]) for w in range(workers)
    )
    print(
        f"          the largest worker's share of the aggregate ({workers} workers): before "
        f"{total[2] / n:.0f} bytes a document pickled, {objects(whole) / n:.0f} as objects; "
        f"now {largest / n:.0f} pickled, {objects_now / n:.0f} as objects (a root and the "
        f"selections of its batches); the batches kept on the workers {objects(batches) / n:.0f} "
        f"as objects (all)"
    )
    print(
        f"          moved to the checks: before {workers * total[2] / n:.0f} bytes a document "
        f"(the aggregate once to each worker), now {total[4] / n:.0f} (each batch its selection)"
    )


def broadcast(tree, roots: list) -> dict:
    """The aggregate session 8 sent to every worker: the pruned roots as one, and of the
    pruned codes only the values of the documents a key kept names."""
    whole: dict = {}
    for root in roots:
        for code, (held, values) in root.items():
            h, v = whole.setdefault(code, ({}, {}))
            h.update(held)
            v.update(values)
    for code in tree.pruned & whole.keys():
        held, values = whole[code]
        named = {h.rank for hs in held.values() for h in hs}
        whole[code] = (held, {r: v for r, v in values.items() if r in named})
    return whole


def objects(value) -> int:
    """Bytes ``value`` takes as Python objects: a copy of it made under tracemalloc."""
    import tracemalloc

    blob = pickle.dumps(value, 5)
    tracemalloc.start()
    try:
        copy = pickle.loads(blob)
        size = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del copy
    return size


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpora", default="bbc,fnc1,mdnews,horne2017")
    p.add_argument(
        "--parts",
        default="same,fix,overhead,summaries",
        help="comma-separated: same (reports), fix (--fix on copies), overhead, summaries, "
        "reducer (the tree reduction against every summary to the client), aggregate",
    )
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument(
        "--workers", type=int, default=2, help="aggregate: the workers (and partitions) assumed"
    )
    p.add_argument("--copies", type=int, default=4)
    p.add_argument("--docs", type=int, default=50000, help="synthetic documents (reducer)")
    p.add_argument(
        "--jsonl",
        type=int,
        default=0,
        help="reducer: the synthetic documents as "
        "JSON Lines files of this many records (0: one file a document)",
    )
    p.add_argument(
        "--before",
        default="",
        help="reducer: a folder holding another newslint (a copy of the package made before a "
        "change): its runs against this one's, both with the tree, instead of with the tree "
        "against without",
    )
    args = p.parse_args(argv)
    names = [n for n in args.corpora.split(",") if n]
    parts = set(args.parts.split(","))
    ok = same(names, parts)
    if "overhead" in parts:
        overhead(args.rounds, args.copies)
    if "summaries" in parts:
        summaries(names)
    if "reducer" in parts:
        reducer(args.rounds, args.copies, args.docs, args.jsonl, args.before)
    if "aggregate" in parts:
        aggregate(args.docs, args.workers)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
