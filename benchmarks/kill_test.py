#!/usr/bin/env python3
"""SIGKILL ``newslint --fix -j2`` at random moments: no file half-written, no temporary left.

    python benchmarks/kill_test.py [--source ../shared/corpora/bbc] [--kills 50] [--seed 1]

The text files of the source (.txt, .text, .md, .markdown; with ``--records`` .json and
.jsonl too; BBC by default) are copied into a temporary folder, writable. A second copy is fixed to a fixed point first (``--fix`` again
until no file changes): the first run's result and the last are the "fixed" versions of each
file, and the first run's wall time is the window the kills are drawn from.

Then ``--kills`` times: the files are put back as they were, the run starts in a process group
of its own, and after a random time (uniform over the first run's wall time, ``--seed``) the
whole group (the parent and its workers) gets SIGKILL. Once every process of the group is
gone, each file must be byte for byte its original or a fixed version: anything else (a
truncated file, a missing one) is counted as half-written. The ``.newslint-*.tmp`` files the
kills leave are counted, and left in place.

At the end one normal ``--fix`` run (not killed) goes over the tree: it must leave no
``.newslint-*.tmp`` file anywhere in it, and every file fixed.

Exit status 1 when a file was half-written or a temporary file is left after that run.
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from command import NEWSLINT

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".txt", ".text", ".md", ".markdown")
TEMP_GLOB = ".newslint-*.tmp"


def newslint_cmd(jobs: int, records: bool = False) -> list:
    extra = ["--extend-include", "*.json,*.jsonl"] if records else []
    return [
        *NEWSLINT,  # never the working directory's newslint ahead of the installed one
        "--isolated",
        "--fix",
        f"-j{jobs}",
        "--select",
        "ALL",
        *extra,
        ".",
    ]


def copy_texts(source: Path, dest: Path, suffixes: tuple = SUFFIXES) -> dict:
    """Copy the text files of ``source`` under ``dest`` (writable); {relative path: bytes}."""
    files = {}
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.suffix in suffixes and not path.name.startswith("."):
            rel = path.relative_to(source).as_posix()
            data = path.read_bytes()
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            target.chmod(0o644)
            files[rel] = data
    return files


def snapshot(root: Path, names) -> dict:
    out = {}
    for rel in names:
        try:
            out[rel] = (root / rel).read_bytes()
        except OSError:
            out[rel] = None
    return out


def temp_files(root: Path) -> list:
    return sorted(str(p.relative_to(root)) for p in root.rglob(TEMP_GLOB))


def run_to_end(cmd: list, cwd: Path, timeout: float = 1800) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout
    )
    if proc.returncode not in (0, 1):
        err = proc.stderr.decode("utf-8", "replace").strip()
        print(f"  (exit {proc.returncode}: {err[-300:]})", file=sys.stderr)
    return time.perf_counter() - start


def group_alive(pgid: int) -> bool:
    """Whether a process of group ``pgid`` still runs (zombies do not count)."""
    if not os.path.isdir("/proc"):
        try:
            os.killpg(pgid, 0)
            return True
        except ProcessLookupError:
            return False
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # state, ppid, pgrp, ...
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            return True
    return False


def kill_at(cmd: list, cwd: Path, delay: float) -> bool:
    """Start ``cmd`` and SIGKILL its process group after ``delay`` seconds; whether it was
    still running then (False: it finished first)."""
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    time.sleep(delay)
    running = proc.poll() is None
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    deadline = time.monotonic() + 30
    while group_alive(proc.pid):
        if time.monotonic() > deadline:
            raise SystemExit(f"process group {proc.pid} survived SIGKILL for 30 s")
        time.sleep(0.02)
    return running


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "corpora" / "bbc")
    p.add_argument("--kills", type=int, default=50)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=2, help="newslint -j (default 2)")
    p.add_argument(
        "--records",
        action="store_true",
        help="copy and fix .json and .jsonl files too (--extend-include)",
    )
    p.add_argument(
        "--newslint-path",
        type=Path,
        help="run the newslint package in this folder (PYTHONPATH), not the installed one: "
        "a snapshot, while the working tree is being edited",
    )
    args = p.parse_args(argv)
    if not args.source.is_dir():
        p.error(f"{args.source}: not a folder")
    if args.newslint_path:
        if not (args.newslint_path / "newslint" / "__main__.py").is_file():
            p.error(f"{args.newslint_path}: no newslint package in it")
        os.environ["PYTHONPATH"] = str(args.newslint_path.resolve())
    cmd = newslint_cmd(args.jobs, args.records)
    suffixes = SUFFIXES + ((".json", ".jsonl") if args.records else ())
    rng = random.Random(f"{args.seed}/kills")
    started = time.perf_counter()
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"seed: {args.seed}; {args.kills} kills; newslint: {shlex.join(cmd)} (in the copy)")
    if args.newslint_path:
        print(f"PYTHONPATH={os.environ['PYTHONPATH']}")

    with tempfile.TemporaryDirectory(prefix="newslint-kill-") as tmp:
        tree, fixed_tree = Path(tmp) / "tree", Path(tmp) / "fixed"
        original = copy_texts(args.source, tree, suffixes)
        copy_texts(args.source, fixed_tree, suffixes)
        if not original:
            p.error(f"{args.source}: no text files")
        window = run_to_end(cmd, fixed_tree)
        fixed_once = snapshot(fixed_tree, original)
        fixed = {rel: {data} for rel, data in fixed_once.items()}
        for _ in range(5):  # on to the fixed point
            before = snapshot(fixed_tree, original)
            run_to_end(cmd, fixed_tree)
            after = snapshot(fixed_tree, original)
            for rel, data in after.items():
                fixed[rel].add(data)
            if after == before:
                break
        final = snapshot(fixed_tree, original)
        changing = sum(1 for rel in original if final[rel] != original[rel])
        print(
            f"source: {args.source} ({len(original)} files, "
            f"{sum(map(len, original.values())) / 1e6:.1f} MB); {changing} files changed by "
            f"--fix; one run takes {window:.1f} s"
        )

        kills = finished = 0
        half_written: list = []
        tmp_after_kills = 0
        for k in range(args.kills):
            for rel, data in snapshot(tree, original).items():  # back to the originals
                if data != original[rel]:
                    (tree / rel).write_bytes(original[rel])
            delay = rng.uniform(0.0, 1.0) * window
            if kill_at(cmd, tree, delay):
                kills += 1
            else:
                finished += 1
            now = snapshot(tree, original)
            bad = [r for r, d in now.items() if d != original[r] and d not in fixed[r]]
            half_written += [(k, r, "missing" if now[r] is None else "half") for r in bad]
            written = sum(1 for r, d in now.items() if d != original[r])
            tmp_after_kills = len(temp_files(tree))
            print(
                f"  kill {k + 1:>2} at {delay:5.2f} s: {written} files fixed, "
                f"{len(bad)} half-written, {tmp_after_kills} temporary files in the tree",
                file=sys.stderr,
                flush=True,
            )

        next_run = run_to_end(cmd, tree)
        left = temp_files(tree)
        after = snapshot(tree, original)
        unfixed = sum(1 for rel, data in after.items() if data not in fixed[rel])

    print(
        f"{'kills':>6} {'finished first':>14} {'half-written files':>18} "
        f"{'temp files after kills':>22} {'temp files left after next run':>30} "
        f"{'not fixed after it':>18}"
    )
    print(
        f"{kills:>6} {finished:>14} {len(half_written):>18} {tmp_after_kills:>22} "
        f"{len(left):>30} {unfixed:>18}"
    )
    for k, rel, what in half_written[:20]:
        print(f"  kill {k + 1}: {rel} {what}-written")
    for rel in left[:20]:
        print(f"  left: {rel}")
    print(f"next run: {next_run:.1f} s; wall time: {time.perf_counter() - started:.1f} s")
    return 1 if half_written or left else 0


if __name__ == "__main__":
    raise SystemExit(main())
