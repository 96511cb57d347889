"""--fix applies what the run reports, through the real CLI: fixes of report-filtering rules
wait for the corpus filter (a word many documents use is vocabulary, neither reported nor
fixed), and a fix its own rule would fix again is applied once, not on every pass."""

from __future__ import annotations

import subprocess
import sys

import pytest

# one typo NL102 fixes, one word three documents share (corpus vocabulary: left alone)
LONE = "The othre side was calm.It was late.\n"
SHARED = "The troosp crossed the river.It rained {}.\n"


def newslint(*args, stdin=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", "--no-cache", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
    )


def corpus(tmp_path):
    for i in range(3):
        (tmp_path / f"v{i}.txt").write_text(SHARED.format(i), encoding="utf-8")
    (tmp_path / "w.txt").write_text(LONE, encoding="utf-8")
    return {p.name: p for p in tmp_path.glob("*.txt")}


@pytest.mark.parametrize("jobs", [1, 2])
def test_fix_leaves_what_the_corpus_filter_drops(tmp_path, jobs):
    files = corpus(tmp_path)
    lint = newslint("--format", "concise", ".", cwd=tmp_path).stdout.decode()
    assert "troosp" not in lint and "w.txt:1:5: NL102 'othre'" in lint
    proc = newslint("--fix", "--unsafe-fixes", "-j", jobs, ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert files["w.txt"].read_text(encoding="utf-8") == "The other side was calm. It was late.\n"
    for i in range(3):  # only the reported fix (NL301) is applied
        text = files[f"v{i}.txt"].read_text(encoding="utf-8")
        assert text == f"The troosp crossed the river. It rained {i}.\n"
    assert proc.stderr.decode().endswith("fixed 5 reports in 4 files; 0 remaining\n")
    again = newslint("--fix", "--unsafe-fixes", ".", cwd=tmp_path)
    assert again.returncode == 0 and b"fixed" not in again.stderr


def test_diff_and_stdin_give_what_fix_writes(tmp_path):
    corpus(tmp_path)
    diff = newslint("--diff", "--unsafe-fixes", ".", cwd=tmp_path).stdout.decode()
    assert "+The other side was calm. It was late." in diff
    assert "+The troosp crossed the river. It rained 0." in diff
    assert (
        "5 fixes would be applied"
        in newslint("--diff", "--unsafe-fixes", ".", cwd=tmp_path).stderr.decode()
    )
    proc = newslint("--fix", "--unsafe-fixes", "-", stdin=LONE.encode())
    assert proc.stdout == b"The other side was calm. It was late.\n"


PACK = r"""
[[rules]]
code = "NL951"
name = "doubled-stop"
kind = "substitution"
family = "phrasing"
scope = "line"
regex = true
message = "'{match}' is doubled"
fix = "safe"
swap = { "\\." = "\\g<0>\\g<0>" }
bad = ["It ended⟦.⟧"]
good = ["No stop"]

[[rules]]
code = "NL952"
name = "repeated-phrase"
kind = "substitution"
family = "phrasing"
scope = "sentence"
message = "'{match}' is repeated"
fix = "safe"
swap = { "web site" = "web site web site" }
bad = ["Our ⟦web site⟧ is new"]
good = ["Our website is new"]
"""


def test_a_fix_whose_text_its_rule_fixes_again_is_applied_once(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "pack.toml").write_text(PACK, encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_text("It ended. Our web site is new.\nNo more\n", encoding="utf-8")
    args = ("--rule-path", "p", "--select", "NL0,NL951,NL952", "--format", "concise")
    proc = newslint(*args, "--fix", "a.txt", cwd=tmp_path)
    assert (
        path.read_text(encoding="utf-8") == "It ended.. Our web site web site is new..\nNo more\n"
    )
    assert proc.returncode == 1 and "internal error" not in proc.stderr.decode()
    assert "fixed 3 reports in 1 file; 6 remaining" in proc.stderr.decode()


def test_json_lines_records_are_documents_of_the_run(tmp_path):
    records = [SHARED.format(i).strip() for i in range(3)] + [LONE.strip()]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(f'{{"id": {i}, "text": "{t}"}}\n' for i, t in enumerate(records)))
    proc = newslint("--fix", "--unsafe-fixes", "a.jsonl", cwd=tmp_path)
    fixed = [SHARED.format(i).strip().replace(".It", ". It") for i in range(3)]
    fixed.append("The other side was calm. It was late.")
    assert path.read_text() == "".join(
        f'{{"id": {i}, "text": "{t}"}}\n' for i, t in enumerate(fixed)
    )
    assert proc.returncode == 0 and proc.stderr.decode().endswith(
        "fixed 5 reports in 1 file; 0 remaining\n"
    )


def test_a_fix_that_shortens_text_its_rule_wrote_is_still_applied(tmp_path):
    """Found by tests/test_fuzz.py: a control character left beside what the encoding rule
    wrote (a C1 quote turned into '€') is removed in the same run, not in the next one."""
    path = tmp_path / "a.txt"
    path.write_text("\x1f0\x800\x1f\u0100\x8d\x80", encoding="utf-8")
    newslint("--select", "ALL", "--fix", "--unsafe-fixes", "a.txt", cwd=tmp_path)
    once = path.read_text(encoding="utf-8")
    proc = newslint("--select", "ALL", "--fix", "--unsafe-fixes", "a.txt", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == once == "0\u20ac0\u0100\u20ac"
    assert "fixed" not in proc.stderr.decode(), proc.stderr


def test_fixing_one_file_of_a_corpus_keeps_its_vocabulary(tmp_path):
    """--fix on one file of a corpus: the corpus filter sees every file under the corpus root
    (through the index), so a word other files share is neither reported nor fixed."""
    files = corpus(tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, timeout=60)

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "newslint", "--isolated", *map(str, args)],
            capture_output=True,
            cwd=tmp_path,
            timeout=120,
        )

    assert b"troosp" not in run("v0.txt").stdout
    proc = run("--fix", "--unsafe-fixes", "v0.txt")
    assert proc.returncode == 0, proc.stderr
    assert (
        files["v0.txt"].read_text(encoding="utf-8")
        == "The troosp crossed the river. It rained 0.\n"
    )
    assert files["v1.txt"].read_text(encoding="utf-8") == SHARED.format(1)  # not named: untouched
    # the same text on stdin, in the place of v0.txt: its fixes are decided over the corpus too
    piped = subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", "--fix", "--unsafe-fixes"]
        + ["--stdin-filename", "v0.txt", "-"],
        input=SHARED.format(0).encode("utf-8"),
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert piped.stdout.decode("utf-8") == "The troosp crossed the river. It rained 0.\n"
