"""The pre-commit hooks this repository offers, run the way a user's repository runs them:
``pre-commit try-repo <this repository> newslint`` in a scratch git repository.

pre-commit installs the hook from a commit: ``try-repo`` takes HEAD plus changes to tracked
files, but not untracked files. On a fresh clone (CI) the repository is used as it is; in a
working tree with uncommitted or untracked files the test commits a snapshot of the tree (what
git would not ignore) to a temporary repository and tries that. Installing the hook's
environment pip-installs the project and its dependencies, so this takes half a minute or so.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]

DEFECTIVE = "Storm hits coast\n\nHe was found injured.Your government lied.\n"
CLEAN = "# Storm hits coast\n\nThe storm passed. Nobody was hurt.\n"


def git(cwd, *args):
    return subprocess.run(
        ["git", "-c", "user.name=newslint tests", "-c", "user.email=tests@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pre_commit():
    exe = shutil.which("pre-commit")
    if exe:
        return [exe]
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed")
    return [sys.executable, "-m", "pre_commit"]


def repository_under_test(tmp_path) -> Path:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    if not git(ROOT, "status", "--porcelain", "--untracked-files=normal").strip():
        return ROOT
    snapshot = tmp_path / "snapshot"
    listed = git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            dst = snapshot / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "-m", "snapshot of the working tree")
    return snapshot


def try_repo(repo, hook, cwd, *args):
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(cwd.parent / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("PRE_COMMIT", None)
    proc = subprocess.run(
        [*pre_commit(), "try-repo", str(repo), hook, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_hook_manifest():
    yaml = pytest.importorskip("yaml")
    identify = pytest.importorskip("identify.identify")
    hooks = {
        h["id"]: h
        for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    }
    assert set(hooks) == {"newslint", "newslint-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["require_serial"] is True
    assert hooks["newslint"]["entry"] == "newslint"
    assert hooks["newslint-fix"]["entry"] == "newslint --fix"
    import re

    pattern = re.compile(hooks["newslint"]["files"])
    for name in [
        "a.txt",
        "a.text",
        "a.md",
        "a.markdown",
        "a.json",
        "a.jsonl",
        "a.ndjson",
        "dir/b.md",
    ]:
        assert pattern.search(name), name
    for name in ["a.py", "a.rst", "a.yaml", "a.txt.bak"]:
        assert not pattern.search(name), name
    assert "text" in identify.tags_from_filename("a.txt") and "text" in identify.tags_from_filename(
        "a.json"
    )


def test_try_repo_fails_on_a_defective_article_and_passes_on_a_clean_one(tmp_path):
    repo = repository_under_test(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    git(scratch, "init", "-q")
    (scratch / "news").mkdir()
    (scratch / "news" / "defective.txt").write_text(DEFECTIVE, encoding="utf-8")
    (scratch / "news" / "clean.md").write_text(CLEAN, encoding="utf-8")
    (scratch / "records.jsonl").write_text(
        '{"id": 1, "text": "Thank you,Emma."}\n', encoding="utf-8"
    )
    (scratch / "setup.py").write_text("print('not news,at all')\n", encoding="utf-8")
    git(scratch, "add", "-A")

    code, out = try_repo(repo, "newslint", scratch, "--all-files")
    assert code == 1, out
    assert "news/defective.txt:3:21: NL301 [*] missing space after '.'" in out
    assert "records.jsonl:1:" in out and "NL302" in out  # JSON Lines files are passed too
    assert "setup.py" not in out.split("Using config")[-1].split("=" * 79)[-1]
    assert "news/clean.md" not in out.split("=" * 79)[-1]

    code, out = try_repo(
        repo, "newslint-fix", scratch, "--files", "news/defective.txt", "news/clean.md"
    )
    assert code == 1 and "files were modified by this hook" in out, out
    assert (scratch / "news" / "defective.txt").read_text(encoding="utf-8") == DEFECTIVE.replace(
        ".Your", ". Your"
    )
    assert (scratch / "news" / "clean.md").read_text(encoding="utf-8") == CLEAN

    git(scratch, "add", "-A")
    git(scratch, "rm", "-q", "-f", "records.jsonl")
    code, out = try_repo(repo, "newslint", scratch, "--all-files")
    assert code == 0, out
    assert "Passed" in out
