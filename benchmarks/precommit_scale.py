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
   profile of one such run (where the time goes: start-up, the run's own work);
4. with ``--try-repo``, the same commit through ``pre-commit try-repo`` (includes pre-commit):
   the hook is installed from a snapshot of this working tree (tracked and untracked files);
5. with ``--fresh-clone``, the corpus committed and cloned elsewhere, the index restored into
   the clone (as a CI job restores a cache artifact), and the same commit there.

``--select`` is written to the corpus's ``newslint.toml`` (so that the hook runs the same
rules).  Set PYTHONPATH to a copy of the package to measure one build while others edit the
tree (the index is per configuration: newslint's own files are part of it).

    python benchmarks/precommit_scale.py [--docs 100000] [--bbc ../shared/corpora/bbc] [--keep DIR]
        [--select NL6,NL702,NL203] [--try-repo] [--fresh-clone]
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


def timed(cmd: list, cwd: Path, env=None) -> tuple:
    """(wall s, exit code, stdout, peak RSS MB of the process and its largest child)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
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
    ap.add_argument("--fresh-clone", action="store_true")
    ap.add_argument("--select", help="rules (default: newslint's defaults, as the hook runs)")
    args = ap.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newslint-scale-"))
    root = base / "corpus"
    nl = [sys.executable, "-m", "newslint", "-q"]
    try:
        if not root.exists():
            t = time.perf_counter()
            planted = generate(root, args.docs, sentences(Path(args.bbc)))
            subprocess.run(["git", "init", "-q", str(root)], check=True)
            if args.select:
                codes = ", ".join(f'"{c}"' for c in args.select.split(","))
                (root / "newslint.toml").write_text(f"select = [{codes}]\n", encoding="utf-8")
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
        shutil.rmtree(root / "incoming", ignore_errors=True)  # left by an earlier run
        wall, code, out, err, _ = timed(nl + ["."], root)
        print(f"warm full run: {wall:.2f} s wall, exit {code}")
        # one commit: a near copy of an indexed document
        copy, original = planted[len(planted) // 2]
        text = (root / original).read_text(encoding="utf-8").split("\n", 2)
        new = root / "incoming" / "new-article.txt"
        new.parent.mkdir(exist_ok=True)
        new.write_text(f"A new headline for it\n\n{text[2]}", encoding="utf-8")
        walls, out = one_file(nl, root)
        caught = f"with {original}" in out or f"as {original}" in out
        print(
            f"one new file, warm index: {min(walls):.2f} s best, {sorted(walls)[2]:.2f} s median"
            f" of 5 ({', '.join(f'{w:.2f}' for w in walls)}); planted copy of {original} "
            f"caught: {caught}"
        )
        print(out[:400])
        startup = sorted(timed(nl[:3] + ["--version"], root)[0] for _ in range(5))
        print(f"interpreter and import alone (newslint --version): {startup[2]:.2f} s median of 5")
        profile(root)
        if args.try_repo:
            try_repo(base, root)
        if args.fresh_clone:
            fresh_clone(base, root, nl)
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


def one_file(cmd: list, root: Path, runs: int = 5) -> tuple:
    """Wall times of ``runs`` one-file runs of ``cmd`` on the new article, and the last output."""
    walls, out = [], ""
    for _ in range(runs):
        wall, code, out, err, _ = timed(cmd + ["incoming/new-article.txt"], root)
        walls.append(wall)
    return walls, out + err[:400]


def profile(root: Path) -> None:
    """Where the time of one warm one-file run goes, in this process (cProfile, cumulative)."""
    from newslint import cli

    cwd = os.getcwd()
    os.chdir(root)
    prof = cProfile.Profile()
    real = sys.stdout
    sys.stdout = io.StringIO()
    start = time.perf_counter()
    try:
        prof.runcall(cli.main, ["-q", "incoming/new-article.txt"])
    finally:
        sys.stdout = real
        os.chdir(cwd)
    total = time.perf_counter() - start
    stats = pstats.Stats(prof)
    wanted = {
        "from_args": "start-up: configuration, registry (rules, patterns), files named",
        "run": "the run: the named file's result, the corpus index (below)",
        "lint_named": "  the corpus rules' answers from the index's aggregates",
        "folder_tree": "  the corpus's folders (mtimes; changed ones listed again)",
        "read_keys": "  the aggregates' queries (every corpus rule and filter)",
        "write": "  writing the index",
        "stamps": "  stamps of every corpus file (the whole way only)",
        "summaries": "  every corpus file's summaries (the whole way only)",
        "finish": "the corpus phase and reports",
    }
    print(f"one warm one-file run in this process: {total:.3f} s (cProfile, cumulative s):")
    for (file, _, name), row in sorted(stats.stats.items(), key=lambda kv: -kv[1][3]):
        if name in wanted and "newslint" in file:
            print(f"  {row[3]:6.3f}  {name:12s} {wanted.pop(name)}")


def git(cwd: Path, *args) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args],
        cwd=cwd, check=True, capture_output=True,
    )  # fmt: skip


def try_repo(base: Path, root: Path) -> None:
    """The one-file commit through pre-commit, with the hook installed from a snapshot of this
    tree: ``pre-commit run --files`` with the corpus's .pre-commit-config.yaml naming it (the
    way a commit runs the hook: its environment installed once), after the hook's own
    newslint has built its index (its installation is its configuration); and once through
    ``pre-commit try-repo``, which installs the hook's environment in a new store every time."""
    hooks = base / "hookrepo"
    if not hooks.exists():
        listed = subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"],
            cwd=HERE.parent, check=True, capture_output=True,
        ).stdout.decode().split("\0")  # fmt: skip
        for name in filter(None, listed):
            if (HERE.parent / name).is_file():
                (hooks / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(HERE.parent / name, hooks / name)
        git(hooks, "init", "-q")
        git(hooks, "add", "-A")
        git(hooks, "commit", "-q", "-m", "snapshot")
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hooks, check=True, capture_output=True, text=True
    ).stdout.strip()
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: newslint\n",
        encoding="utf-8",
    )
    git(root, "add", "incoming/new-article.txt")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PRE_COMMIT")}
    env["PRE_COMMIT_HOME"] = str(base / "pre-commit-home")
    exe = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    run = [exe, "run", "newslint", "--files", "incoming/new-article.txt"]
    start = time.perf_counter()
    subprocess.run(run, cwd=root, env=env, capture_output=True)  # installs the environment
    print(
        f"pre-commit: the hook's environment installed and its first run (the hook's own "
        f"newslint is another configuration: it indexes the corpus) {time.perf_counter() - start:.1f} s"
    )
    hook_nl = sorted((base / "pre-commit-home").glob("repo*/py_env-*/bin/newslint"))
    if hook_nl:
        wall, code, _, err, rss = timed([str(hook_nl[0]), "-q", "."], root, env)
        print(f"the hook's newslint over the whole corpus: {wall:.1f} s wall, exit {code}")
    walls = []
    for _ in range(5):
        start = time.perf_counter()
        proc = subprocess.run(run, cwd=root, env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
    print(
        f"pre-commit run, one staged file, warm index: {min(walls):.2f} s best, "
        f"{sorted(walls)[2]:.2f} s median of 5 ({', '.join(f'{w:.2f}' for w in walls)}), "
        f"exit {proc.returncode}; copy caught: {'NL602' in proc.stdout}"
    )
    print(proc.stdout[-500:])
    cmd = [exe, "try-repo", str(hooks), "newslint", "--files", "incoming/new-article.txt"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    print(
        f"pre-commit try-repo, one file: {time.perf_counter() - start:.2f} s wall (a new "
        f"environment every time), exit {proc.returncode}; copy caught: {'NL602' in proc.stdout}"
    )


def fresh_clone(base: Path, root: Path, nl: list) -> None:
    """The corpus committed and cloned into a fresh checkout at the same path (as a CI job's
    workspace), the index copied into it (a restored cache artifact), then the commit there."""
    start = time.perf_counter()
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "corpus")
    old = base / "corpus.orig"
    shutil.rmtree(old, ignore_errors=True)  # an earlier clone's original
    root.rename(old)
    git(base, "clone", "-q", str(old), str(root))
    print(f"committed and cloned in {time.perf_counter() - start:.1f} s")
    shutil.copytree(old / ".newslint_cache", root / ".newslint_cache")
    walls, out = one_file(nl, root)
    print(
        f"fresh clone, index restored: one new file {min(walls):.2f} s best, "
        f"{sorted(walls)[2]:.2f} s median of 5 ({', '.join(f'{w:.2f}' for w in walls)}); "
        f"caught: {'NL602' in out}"
    )


if __name__ == "__main__":
    sys.exit(main())
