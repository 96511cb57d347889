import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newslint.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def load_script(name: str):
    """A script of ``scripts/`` (``update_readme``), imported as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Result:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    @property
    def lines(self):
        return [line for line in self.out.splitlines() if line]


SUMMARY = re.compile(r"^(?:Found [\d,]+ reports? in |No reports \().*checked\)\..*\n", re.M)


def without_summary(err: str) -> str:
    """stderr without the closing summary line (printed by default, as ruff's): what else the
    run said."""
    return SUMMARY.sub("", err)


def found(result):
    """(line, column, code) of every report line of a default-format run."""
    out = []
    for line in result.lines:
        _, ln, col, rest = line.split(":", 3)
        out.append((int(ln), int(col), rest.split()[0]))
    return out


@pytest.fixture
def run(capsys, monkeypatch):
    """Run the CLI in-process: run(args..., cwd=path, stdin=bytes) -> Result."""

    def _run(*args, cwd=None, stdin=None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        if stdin is not None:
            import io

            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


def python_output(code: str, cwd=None) -> str:
    """The standard output of ``python -c CODE``: a fresh interpreter, which imports and loads
    what it needs as a run of newslint starts (start-up, lazy loading)."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def run_cli(*args, cwd=None, stdin=None, env=None):
    """Run the installed command in a subprocess, as a user would."""
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
    )
    return Result(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))
