"""Issue 18: a pre-commit hook on a large corpus, with the corpus index.

Generates N documents (default 100,000) under a temporary folder (never in this repository)
from the sentences of the BBC articles recombined at run time (each document a headline and
5-9 sentences drawn at random, so documents are distinct), with 2 % planted near-duplicates
(an earlier document under a new headline with one word changed), as a git repository.
Then measures:

1. the index build: ``newslint -q .`` over the whole corpus (wall time, peak RSS of the
   parent and of the largest worker);
2. a warm re-run of the whole corpus (every result from the cache);
3. a commit of one new file, a near copy of an indexed document: ``newslint -q FILE`` with a
   warm index (wall time, and whether NL602 names the planted original), five times, and a
   profile of one such run (where the time goes);
4. with ``--try-repo``, the same commit through ``pre-commit try-repo`` (includes pre-commit).

    python benchmarks/precommit_scale.py [--docs 100000] [--bbc ../shared/corpora/bbc] [--keep DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def sentences(bbc: Path) -> list:
    out = []
    for path in sorted(bbc.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for para in text.split("\n")[1:]:
            out.extend(s.strip() for s in SENTENCE.split(para) if len(s.split()) >= 6)
    return out


def generate(root: Path, n: int, pool: list, seed: int = 18) -> list:
    """Write n documents in folders of 500; return [(copy, original)] of the planted pairs."""
    rng = random.Random(seed)
    planted, docs = [], []
    for i in range(n):
        folder = root / f"d{i // 500:04d}"
        if i % 500 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        name = f"d{i // 500:04d}/{i:06d}.txt"
        if docs and rng.random() < 0.02:
            j = rng.randrange(len(docs))
            title, body = docs[j]
            body = list(body)
            k = rng.randrange(len(body))
            words = body[k].split()
            words[rng.randrange(len(words))] = rng.choice(["new", "later", "also", "still"])
            body[k] = " ".join(words)
            text = f"Update: {title}\n\n" + " ".join(body) + "\n"
            planted.append((name, f"d{j // 500:04d}/{j:06d}.txt"))
        else:
            body = rng.sample(pool, rng.randint(5, 9))
            title = " ".join(rng.choice(pool).split()[:6]).rstrip(".,;:")
            docs.append((title, body))
            text = f"{title}\n\n" + " ".join(body) + "\n"
        (root / name).write_text(text, encoding="utf-8")
    return planted


def timed(cmd: list, cwd: Path) -> tuple:
    """(wall s, exit code, stdout, peak RSS MB of the process and its largest child)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, proc.returncode, out.decode("utf-8", "replace"), err.decode(), rss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--bbc", default=str(HERE.parent.parent / "shared" / "corpora" / "bbc"))
    ap.add_argument("--keep", help="generate into (or reuse) this folder, and keep it")
    ap.add_argument("--try-repo", action="store_true")
    ap.add_argument("--select", help="rules (default: newslint's defaults, as the hook runs)")
    args = ap.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newslint-scale-"))
    root = base / "corpus"
    nl = [
        sys.executable,
        "-m",
        "newslint",
        "-q",
        *(["--select", args.select] if args.select else []),
    ]
    try:
        if not root.exists():
            t = time.perf_counter()
            planted = generate(root, args.docs, sentences(Path(args.bbc)))
            subprocess.run(["git", "init", "-q", str(root)], check=True)
            (base / "planted.txt").write_text("\n".join(" ".join(p) for p in planted))
            print(
                f"generated {args.docs} documents ({len(planted)} planted near copies) "
                f"in {time.perf_counter() - t:.1f} s under {root}"
            )
        planted = [line.split() for line in (base / "planted.txt").read_text().splitlines()]
        if not (root / ".newslint_cache").exists():
            wall, code, out, err, rss = timed(nl + ["."], root)
            found = sum(1 for copy, _ in planted if f"{copy}:1:1: NL60" in out)
            print(
                f"index build: {wall:.1f} s wall, peak RSS {rss:.0f} MB (largest process), "
                f"exit {code}; planted copies reported: {found}/{len(planted)}"
            )
            db = root / ".newslint_cache" / "corpus.sqlite"
            print(f"index size: {db.stat().st_size / 1e6:.0f} MB")
        wall, code, out, err, _ = timed(nl + ["."], root)
        print(f"warm full run: {wall:.2f} s wall, exit {code}")
        # one commit: a near copy of an indexed document
        copy, original = planted[len(planted) // 2]
        text = (root / original).read_text(encoding="utf-8").split("\n", 2)
        new = root / "incoming" / "new-article.txt"
        new.parent.mkdir(exist_ok=True)
        new.write_text(f"A new headline for it\n\n{text[2]}", encoding="utf-8")
        walls = []
        for _ in range(5):
            wall, code, out, err, _ = timed(nl + ["incoming/new-article.txt"], root)
            walls.append(wall)
        caught = f"with {original}" in out or f"as {original}" in out
        print(
            f"one new file, warm index: {min(walls):.2f} s best, {sorted(walls)[2]:.2f} s median"
            f" of 5; planted copy of {original} caught: {caught}"
        )
        print(out[:400] + err[:400])
        profile(root, nl[4:])
        if args.try_repo:
            subprocess.run(["git", "add", "incoming/new-article.txt"], cwd=root, check=True)
            cmd = [
                "pre-commit",
                "try-repo",
                str(HERE.parent),
                "newslint",
                "--files",
                "incoming/new-article.txt",
            ]
            timed(cmd, root)  # installs the hook's environment
            wall, code, out, err, _ = timed(cmd, root)
            print(f"pre-commit try-repo, one file: {wall:.2f} s wall, exit {code}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


def profile(root: Path, select: list) -> None:
    """Where the time of one warm one-file run goes (cumulative seconds, in this process)."""
    from newslint import cli

    cwd = os.getcwd()
    os.chdir(root)
    prof = cProfile.Profile()
    real = sys.stdout
    sys.stdout = io.StringIO()
    try:
        prof.runcall(cli.main, ["-q", *select, "incoming/new-article.txt"])
    finally:
        sys.stdout = real
        os.chdir(cwd)
    stats = pstats.Stats(prof)
    wanted = {
        "from_args": "configuration, registry, discovery of the files named",
        "_discover": "discovery of the corpus (walk, globs, git check-ignore)",
        "_hash": "stat (and hash) of every corpus file",
        "summaries": "loading the corpus's summaries from SQLite",
        "load": "unpickling them",
        "finish": "the corpus phase (every corpus rule over every summary)",
        "write": "writing the index",
    }
    print("where the time of one warm one-file run goes (cProfile, cumulative s):")
    for (file, _, name), row in sorted(stats.stats.items(), key=lambda kv: -kv[1][3]):
        if name in wanted and ("newslint" in file):
            print(f"  {row[3]:6.2f}  {name:12s} {wanted.pop(name)}")


if __name__ == "__main__":
    sys.exit(main())
