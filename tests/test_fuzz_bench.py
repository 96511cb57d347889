"""The fuzz benchmark and the kill test run end to end with tiny settings and print their
tables (their counts are the benchmarks' business, not this smoke test's)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"


def script(name, *args, cwd):
    proc = subprocess.run(
        [sys.executable, str(BENCH / name), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr  # 1: a count is not zero
    return proc


def test_fuzz_prints_its_counts(tmp_path):
    proc = script(
        "fuzz.py",
        *("--count", "12", "--seed", "2", "--races", "2"),
        *("--race-lines", "300", "--race-records", "60"),
        cwd=tmp_path,
    )
    out = proc.stdout
    assert "command: " in out and "seed: 2" in out
    assert "category" in out and "bytes outside fix spans" in out
    for category in ("bytes", "text", "json", "markdown", "encodings", "packs"):
        assert f"\n{category} " in out
    total = next(line for line in out.splitlines() if line.startswith("total "))
    assert total.split()[1] == "12"  # every input checked
    assert "races: 2," in out
    for prop in ("internal errors", "runs over 10 s", "bytes changed outside fix spans"):
        assert prop in out
    assert "lost concurrent edits (2 races)" in out
    assert (proc.returncode == 1) == any(
        line.split()[-1] != "0" for line in out.split("property")[1].splitlines()[1:5]
    )


def test_kill_test_prints_its_counts(tmp_path):
    corpus = tmp_path / "corpus"
    for i in range(30):
        folder = corpus / ("business", "sport", "tech")[i % 3]
        folder.mkdir(parents=True, exist_ok=True)
        text = f"Story {i}\n\n" + (
            "The plan was good.It was announced , on monday.  \n"
            "Officials said talks would resume in london.\n" * (1 + i % 7)
        )
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    (corpus / "notes.json").write_text("{}", encoding="utf-8")  # not a text file: not copied
    proc = script("kill_test.py", "--source", str(corpus), "--kills", "2", cwd=tmp_path)
    out = proc.stdout
    assert "(30 files" in out and "30 files changed by --fix" in out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("kills"))
    assert "half-written files" in lines[header]
    assert "temp files left after next run" in lines[header]
    kills, finished, half, *_ = (int(n) for n in lines[header + 1].split())
    assert kills + finished == 2
    assert (corpus / "business" / "000.txt").read_text(encoding="utf-8").startswith("Story 0")


def test_bench_ratio_prints_each_round_and_the_median(tmp_path):
    """Issue 19's bar, newslint's wall time over codespell's, round by round."""
    if not shutil.which("codespell"):
        pytest.skip("codespell is not installed")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"{i}.txt").write_text(f"Story {i}\n\nThe council met on Monday.\n")
    proc = script(
        "bench.py", str(corpus), "--ratio", "--repeat", "2", "--select", "NL1", cwd=tmp_path
    )
    lines = proc.stdout.splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith("round")] == [
        "round 1",
        "round 2",
    ]
    assert lines[-1].startswith("median ratio ") and lines[-1].endswith("(--select NL1)")
