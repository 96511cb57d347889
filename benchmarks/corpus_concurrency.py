"""Issue 18: runs at once over one corpus and its index.

A copy of the corpus (a temporary git repository) is linted by ``--runs`` processes started
together, ``--rounds`` times: the first round on no index (every run builds it), then before
each round one file is changed, so that every round writes.  Half the runs lint the whole
corpus, half a fixed tenth of its files and the file changed (as a commit names what it
changes: a run naming a few files trusts the index for the others, README).  Counted: crashes (a traceback, exit 2), runs whose
reports differ from the others' (restricted to the files named), and ``PRAGMA
integrity_check`` of the index after each round.

    python benchmarks/corpus_concurrency.py [--corpus ../shared/corpora/bbc] [--runs 4] [--rounds 20]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
ARGS = ("--isolated", "-q", "--exit-zero", "--no-show-fixes", "-j1")


def by_file(out: str) -> dict:
    reports = defaultdict(list)
    for line in out.splitlines():
        reports[line.split(":", 1)[0]].append(line)
    return dict(reports)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(SHARED / "bbc"))
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(18)
    crashes = differ = unsound = 0
    with tempfile.TemporaryDirectory(prefix="newslint-concurrency-") as tmp:
        root = Path(tmp) / "corpus"
        shutil.copytree(args.corpus, root)
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.txt"))
        tenth = sorted(rng.sample(files, max(1, len(files) // 10)))
        named = tenth
        for r in range(args.rounds):
            if r:
                victim = rng.choice(files)
                with open(root / victim, "a", encoding="utf-8") as fh:
                    fh.write(f"\nA line added in round {r},to be found.\n")
                # a run naming some files sees an edit of a file it does not name only once
                # a run has seen the whole corpus (README): as a commit, it names what changed
                named = sorted({*tenth, victim})
            start = time.perf_counter()
            procs = [
                subprocess.Popen(
                    [sys.executable, "-m", "newslint", *ARGS, *(["."] if i % 2 == 0 else named)],
                    cwd=root,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for i in range(args.runs)
            ]
            outs = [p.communicate() for p in procs]
            wall = time.perf_counter() - start
            for p, (_, err) in zip(procs, outs):
                if p.returncode != 0 or "Traceback" in err:
                    crashes += 1
                    print(f"  round {r + 1}: exit {p.returncode}: {err[-500:]}")
            full = by_file(outs[0][0])
            for i, (out, _) in enumerate(outs):
                want = full if i % 2 == 0 else {f: full[f] for f in named if f in full}
                if by_file(out) != want:
                    differ += 1
            conn = sqlite3.connect(str(root / ".newslint_cache" / "corpus.sqlite"))
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            conn.close()
            unsound += check != "ok"
            print(
                f"round {r + 1:2d}: {args.runs} runs at once in {wall:5.1f} s; "
                f"integrity_check {check}; crashes {crashes}, differing {differ}"
            )
    print(f"crashes {crashes}, runs with differing reports {differ}, unsound index {unsound}")
    return 1 if crashes or differ or unsound else 0


if __name__ == "__main__":
    sys.exit(main())
