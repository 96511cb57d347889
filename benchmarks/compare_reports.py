#!/usr/bin/env python3
"""Byte-for-byte comparison of newslint's output between a given commit and the working tree.

    python benchmarks/compare_reports.py --base 0d2b365            # every case below
    python benchmarks/compare_reports.py --base HEAD --only bbc    # cases whose name has 'bbc'
    python benchmarks/compare_reports.py --base HEAD --quick       # sample, seeds, gold only

A refactoring promises "the same reports": this is how it is checked. The base commit is built
once into a cache folder (``pip install --no-deps --target``, so the packs land where an install
puts them) and run with this interpreter's dependencies; the working tree runs as installed in
this environment (``pip install -e .``). For every case both runs must give the same stdout,
stderr and exit status. Fix cases lint copies of a corpus with ``--fix --unsafe-fixes`` and
compare the resulting trees file by file.

Cases (``../shared`` beside the repository; a case whose corpus is missing is skipped, and says
so): ``sample/``, the seeds, BBC (``-j1`` and ``-j2``), the 33 scrapinghub outputs
(``--extend-include '*.json'``), the three scraped corpora (horne2017 with ``--encoding
cp1252``) and the gold set; each with the default rules and with ``--select ALL``; and
``--fix --unsafe-fixes`` on copies of sample, seeds, gold, horne2017, mdnews and the
scrapinghub outputs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from command import NEWSLINT

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "corpora"
CACHE = Path(tempfile.gettempdir()) / "newslint-compare"


def build_base(rev: str) -> Path:
    """The base commit installed into a folder of its own (cached by commit id)."""
    sha = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", rev], capture_output=True, text=True, check=True
    ).stdout.strip()
    target = CACHE / sha
    if (target / "newslint").is_dir():
        return target
    work = Path(tempfile.mkdtemp(prefix="newslint-base-"))
    try:
        subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", "-o", str(work / "src.tar"), sha],
            check=True,
        )
        subprocess.run(["tar", "-xf", "src.tar"], cwd=work, check=True)
        (work / "src.tar").unlink()
        tmp_target = Path(str(target) + ".part")
        shutil.rmtree(tmp_target, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "--no-deps",
                "--target",
                str(tmp_target),
                str(work),
            ],
            check=True,
        )
        os.replace(tmp_target, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def cases() -> list:
    """(name, arguments, cwd-relative corpus paths that must exist)."""
    bbc = str(CORPORA / "bbc")
    hub = sorted(str(p) for p in (CORPORA / "scrapinghub" / "output").glob("*.json"))
    scraped = CORPORA / "scraped"
    base = [
        ("sample", ["sample/"], [REPO / "sample"]),
        ("seeds", [str(SHARED / "seeds")], [SHARED / "seeds"]),
        ("bbc-j1", ["-j1", bbc], [CORPORA / "bbc"]),
        ("bbc-j2", ["-j2", bbc], [CORPORA / "bbc"]),
        ("scrapinghub", ["--extend-include", "*.json", *hub], [CORPORA / "scrapinghub"]),
        ("fnc1", [str(scraped / "fnc1")], [scraped / "fnc1"]),
        ("mdnews", [str(scraped / "mdnews")], [scraped / "mdnews"]),
        (
            "horne2017",
            ["--encoding", "cp1252", str(scraped / "horne2017")],
            [scraped / "horne2017"],
        ),
        ("gold", [str(scraped / "gold")], [scraped / "gold"]),
    ]
    out = []
    for name, args, needs in base:
        out.append((name + ":default", args, needs))
        out.append((name + ":ALL", ["--select", "ALL", *args], needs))
    return out


FIX_CASES = [
    ("fix:sample", REPO / "sample", []),
    ("fix:seeds", SHARED / "seeds", []),
    ("fix:gold", CORPORA / "scraped" / "gold", []),
    ("fix:horne2017", CORPORA / "scraped" / "horne2017", ["--encoding", "cp1252"]),
    ("fix:mdnews", CORPORA / "scraped" / "mdnews", []),
    ("fix:fnc1", CORPORA / "scraped" / "fnc1", []),
    ("fix:scrapinghub", CORPORA / "scrapinghub" / "output", ["--extend-include", "*.json"]),
]
COMMON = ["--isolated", "--no-cache", "--no-plugins"]


def run(side: Path | None, args: list) -> tuple:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if side is not None:
        env["PYTHONPATH"] = str(side)
    # NEWSLINT (-P): the working directory (this repository) must not come first on
    # sys.path, or it would hide the base build named by PYTHONPATH
    proc = subprocess.run(
        [*NEWSLINT, *COMMON, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
    )
    return proc.returncode, proc.stdout, proc.stderr


def tree_digest(root: Path) -> dict:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".newslint_cache" not in p.parts
    }


def compare_fix(base: Path, name: str, corpus: Path, extra: list) -> str:
    with tempfile.TemporaryDirectory(prefix="newslint-fix-") as tmp:
        trees = []
        for side, label in ((base, "base"), (None, "work")):
            copy = Path(tmp) / label / corpus.name
            shutil.copytree(corpus, copy)
            for p in copy.rglob("*"):
                os.chmod(p, 0o755 if p.is_dir() else 0o644)
            code, _, err = run(
                side, ["-q", "--exit-zero", "--fix", "--unsafe-fixes", *extra, str(copy)]
            )
            trees.append((code, tree_digest(copy)))
        (c1, t1), (c2, t2) = trees
        if c1 != c2:
            return f"exit {c1} != {c2}"
        differ = sorted(k for k in set(t1) | set(t2) if t1.get(k) != t2.get(k))
        if differ:
            return f"{len(differ)} files differ, e.g. {differ[:3]}"
        return ""


def main(argv=None) -> int:
    if sys.version_info < (3, 11):
        raise SystemExit("compare_reports.py needs Python 3.11 or later (python -P)")
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", default="HEAD", help="the commit to compare with (default HEAD)")
    p.add_argument("--only", action="append", default=[], help="cases whose name contains this")
    p.add_argument("--quick", action="store_true", help="sample, seeds and the gold set only")
    p.add_argument("--no-fix", action="store_true", help="skip the --fix cases")
    p.add_argument("--keep", type=Path, help="write differing outputs into this folder")
    args = p.parse_args(argv)
    base = build_base(args.base)
    wanted = ["sample", "seeds", "gold"] if args.quick else args.only
    failed = 0
    todo = [c for c in cases() if not wanted or any(w in c[0] for w in wanted)]
    fixes = (
        []
        if args.no_fix
        else [c for c in FIX_CASES if not wanted or any(w in c[0] for w in wanted)]
    )
    for name, cargs, needs in todo:
        if not all(n.exists() for n in needs):
            print(f"SKIP  {name}: corpus missing ({', '.join(str(n) for n in needs)})")
            continue
        t0 = time.perf_counter()
        a, b = run(base, cargs), run(None, cargs)
        lines = a[1].count(b"\n")
        if a == b:
            print(
                f"same  {name}: {lines} report lines, exit {a[0]} ({time.perf_counter() - t0:.0f} s)"
            )
            continue
        failed += 1
        what = [w for w, x, y in zip(("exit", "stdout", "stderr"), a, b) if x != y]
        print(f"DIFF  {name}: {', '.join(what)} differ")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for side, out in (("base", a), ("work", b)):
                (args.keep / f"{name.replace(':', '-')}.{side}.out").write_bytes(out[1])
                (args.keep / f"{name.replace(':', '-')}.{side}.err").write_bytes(out[2])
    for name, corpus, extra in fixes:
        if not corpus.exists():
            print(f"SKIP  {name}: corpus missing ({corpus})")
            continue
        t0 = time.perf_counter()
        problem = compare_fix(base, name, corpus, extra)
        if problem:
            failed += 1
            print(f"DIFF  {name}: {problem}")
        else:
            print(f"same  {name}: fixed trees identical ({time.perf_counter() - t0:.0f} s)")
    print(f"{'all same' if not failed else f'{failed} cases differ'} (base {args.base})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
