"""Issue 18: the one-file commit through ``pre-commit try-repo``, split into pre-commit's own
set-up and the hook's run.

``pre-commit try-repo`` makes a new store in a temporary folder at every call: it clones the
hook repository and installs the hook's virtual environment (newslint and its dependencies)
before the hook runs.  This times a few calls on a corpus made by ``precommit_scale.py
--keep DIR`` (its ``corpus/``, with the planted copy in ``incoming/new-article.txt`` and the
snapshot of this tree in ``hookrepo/``) and reads the hook's own duration from pre-commit's
``--verbose`` output.  The first call may index the corpus (an installation newslint has not
seen: a new configuration); the next ones find the index warm, because a reinstalled newslint
is keyed by the content its wheel's RECORD vouches for (``engine/configuration.py``).  For
scale, the same calls with a hook that does nothing (``pre-commit try-repo`` of a repository
whose one hook is ``language: system``, ``entry: true``) give pre-commit's floor.

    python benchmarks/precommit_scale.py --docs 5000 --keep /tmp/scale --try-repo
    python benchmarks/precommit_try_repo.py /tmp/scale [--calls 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DURATION = re.compile(r"- duration: ([0-9.]+)s")


def call(cmd: list, cwd: Path, env: dict) -> tuple:
    """(wall seconds, the hook's duration or None, exit code, stdout)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    m = DURATION.search(proc.stdout)
    return wall, float(m.group(1)) if m else None, proc.returncode, proc.stdout


def null_hook(folder: Path) -> Path:
    """A hook repository whose one hook does nothing, for pre-commit's own floor."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".pre-commit-hooks.yaml").write_text(
        "- id: nothing\n  name: nothing\n  entry: 'true'\n  language: system\n", encoding="utf-8"
    )
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "hook"]):
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)
    return folder


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base", help="the --keep folder of precommit_scale.py (after --try-repo)")
    ap.add_argument("--calls", type=int, default=3)
    args = ap.parse_args()
    base = Path(args.base)
    root, hooks = base / "corpus", base / "hookrepo"
    if not (root / "incoming" / "new-article.txt").is_file() or not hooks.is_dir():
        print("run precommit_scale.py --keep DIR --try-repo first", file=sys.stderr)
        return 2
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PRE_COMMIT")}
    exe = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    subprocess.run(["git", "add", "incoming/new-article.txt"], cwd=root, check=True)
    one = ["--verbose", "--files", "incoming/new-article.txt"]
    for n in range(args.calls):
        wall, hook, code, out = call([exe, "try-repo", str(hooks), "newslint", *one], root, env)
        print(
            f"try-repo newslint, call {n + 1}: {wall:.2f} s wall, the hook itself "
            f"{hook if hook is not None else '?'} s, exit {code}; planted copy caught: "
            f"{'NL602' in out}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        nothing = null_hook(Path(tmp) / "nothing")
        for n in range(args.calls):
            wall, hook, code, _ = call([exe, "try-repo", str(nothing), "nothing", *one], root, env)
            print(f"try-repo of a hook that does nothing, call {n + 1}: {wall:.2f} s wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
