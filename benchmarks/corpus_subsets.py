"""Issue 18: subset invariance and re-run time of the corpus rules on real corpora.

Each corpus is copied to a temporary folder (never written in ../shared) made a git
repository.  The whole corpus is linted (a cold index: every file linted and cached) and then
again (every result from the cache: the re-run), then ``--rounds`` random subsets of its files
(half single subsets of 1 to 10 % of the files, half batchings: every file in random
batches, as pre-commit splits ``--all-files``, the first batching on a fresh index) are linted:
the reports of each subset must equal the full run's reports restricted to its files.

    python benchmarks/corpus_subsets.py [--rounds 20] [--corpora bbc,fnc1,mdnews,horne2017]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
CORPORA = {
    "bbc": (SHARED / "bbc", ()),
    "fnc1": (SHARED / "scraped" / "fnc1", ()),
    "mdnews": (SHARED / "scraped" / "mdnews", ()),
    "horne2017": (SHARED / "scraped" / "horne2017", ("--encoding", "cp1252")),
}
ARGS = ("--isolated", "-q", "--exit-zero", "--no-show-fixes")


def lint(root: Path, extra: tuple, paths: list) -> tuple:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", *ARGS, *extra, *paths],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0 or "Traceback" in proc.stderr:
        raise SystemExit(f"newslint failed on {paths[:3]}...: {proc.stderr[-2000:]}")
    reports = defaultdict(list)
    for line in proc.stdout.splitlines():
        reports[line.split(":", 1)[0]].append(line)
    return dict(reports), time.perf_counter() - start


def files_of(root: Path) -> list:
    """The files newslint's discovery finds in the corpus (as ``newslint .`` names them)."""
    from newslint import discover

    here = os.getcwd()
    os.chdir(root)
    try:
        return [display for _, display in discover.collect(["."], discover.Discovery()).files]
    finally:
        os.chdir(here)


def one(name: str, rounds: int, rng: random.Random) -> bool:
    source, extra = CORPORA[name]
    with tempfile.TemporaryDirectory(prefix=f"newslint-{name}-") as tmp:
        root = Path(tmp) / name
        shutil.copytree(source, root)
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        full, cold = lint(root, extra, ["."])
        again, warm = lint(root, extra, ["."])
        assert again == full, f"{name}: the re-run's reports differ"
        files = files_of(root)
        print(
            f"{name}: {len(files)} files, {sum(map(len, full.values()))} reports; "
            f"full run {cold:.1f} s, re-run {warm:.2f} s ({100 * warm / cold:.0f} %)"
        )
        bad = 0
        for r in range(rounds):
            order = files[:]
            rng.shuffle(order)
            if r % 2 == 0:
                batches = [order[: rng.randint(1, max(1, len(files) // 10))]]
                what = "subset"
            else:
                k = min(rng.randint(2, 5), len(files))
                batches = [order[i::k] for i in range(k)]
                what = f"{k} batches"
                if r == 1:
                    shutil.rmtree(root / ".newslint_cache")
                    what += ", fresh index"
            took = 0.0
            for batch in batches:
                got, t = lint(root, extra, batch)
                took += t
                want = {f: full[f] for f in batch if f in full}
                if got != want:
                    bad += 1
                    diff = {f for f in set(got) | set(want) if got.get(f) != want.get(f)}
                    print(f"  round {r + 1} ({what}): differs on {sorted(diff)[:5]}")
            print(
                f"  round {r + 1:2d}: {what:22s} {sum(map(len, batches)):5d} files  "
                f"{took:6.2f} s  {'ok' if not bad else 'DIFFERENT'}"
            )
        return bad == 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--corpora", default=",".join(CORPORA))
    ap.add_argument("--seed", type=int, default=18)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    ok = [one(name, args.rounds, rng) for name in args.corpora.split(",")]
    print("subset invariance:", "ok" if all(ok) else "FAILED")
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
