"""Fixes: --fix, --unsafe-fixes, --diff; atomic writes that keep encoding, BOM, newlines and
permissions and change nothing outside the fixed spans; deterministic overlaps; idempotence;
and a round trip for every fixable rule (apply, re-lint, nothing left for that rule)."""

import itertools
import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import SHARED, run_cli, without_summary

from newslint import engine
from newslint.registry import build_registry
from newslint.rule import RawEdit, parse_example

GLUED = "He was found injured.Your government lied."
FIXED_GLUED = "He was found injured. Your government lied."
DOUBLED = "He said that the the talks failed."


def write(path: Path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_bytes(data.encode("utf-8"))  # no newline translation
    return path


def test_fix_applies_safe_fixes_only_unless_unsafe_fixes(run, tmp_path):
    path = write(tmp_path / "a.txt", f"{GLUED}\n{DOUBLED}\n")
    r = run("a.txt", "--fix", cwd=tmp_path)
    assert r.code == 1  # the unsafe one remains
    assert r.lines == ["a.txt:2:14: NL309 doubled word 'the'"]
    assert "fixed 1 report in 1 file; 1 remaining" in r.err
    assert path.read_text(encoding="utf-8") == f"{FIXED_GLUED}\n{DOUBLED}\n"
    r = run("a.txt", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert (r.code, r.out) == (0, "")
    assert path.read_text(encoding="utf-8") == f"{FIXED_GLUED}\nHe said that the talks failed.\n"


def test_unsafe_fixes_alone_writes_nothing(run, tmp_path):
    path = write(tmp_path / "a.txt", f"{GLUED}\n")
    assert run("a.txt", "--unsafe-fixes", cwd=tmp_path).code == 1
    assert path.read_text(encoding="utf-8") == f"{GLUED}\n"


def test_diff_prints_and_writes_nothing(run, tmp_path):
    path = write(tmp_path / "a.txt", f"Title\n{GLUED}\n{DOUBLED}\n")
    before = path.stat()
    r = run("a.txt", "--diff", cwd=tmp_path)
    assert r.code == 1
    assert r.out == (
        f"--- a.txt\n+++ a.txt\n@@ -1,3 +1,3 @@\n Title\n-{GLUED}\n+{FIXED_GLUED}\n {DOUBLED}\n"
    )
    assert "1 fix would be applied" in r.err
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    r = run("a.txt", "--diff", "--unsafe-fixes", cwd=tmp_path)
    assert "+He said that the talks failed.\n" in r.out
    r = run("a.txt", "--diff", "-q", cwd=tmp_path)
    assert r.err == ""
    clean = write(tmp_path / "clean.txt", "Nothing to fix.\n")
    assert run(clean.name, "--diff", cwd=tmp_path).code == 0


def test_diff_of_a_file_without_final_newline(run, tmp_path):
    write(tmp_path / "a.txt", GLUED)
    r = run("a.txt", "--diff", cwd=tmp_path)
    assert r.out.endswith(
        f"-{GLUED}\n\\ No newline at end of file\n+{FIXED_GLUED}\n\\ No newline at end of file\n"
    )


def test_write_is_atomic_and_keeps_permissions(tmp_path):
    path = write(tmp_path / "a.txt", f"{GLUED}\n")
    os.chmod(path, 0o751)
    link = tmp_path / "hard-link.txt"
    os.link(path, link)
    inode = path.stat().st_ino
    r = run_cli("a.txt", "--fix", cwd=tmp_path)
    assert r.code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    # a file with several links is written in place: every link sees the fix
    assert path.stat().st_ino == inode
    assert link.read_text(encoding="utf-8") == f"{FIXED_GLUED}\n"
    assert path.read_text(encoding="utf-8") == f"{FIXED_GLUED}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.txt",
        "hard-link.txt",
    ]  # no temporary left


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="needs symlinks")
def test_fix_through_a_symlink_writes_the_target(tmp_path):
    target = write(tmp_path / "real" / "a.txt", f"{GLUED}\n")
    link = tmp_path / "link.txt"
    link.symlink_to(Path("real") / "a.txt")
    assert run_cli("link.txt", "--fix", cwd=tmp_path).code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == f"{FIXED_GLUED}\n"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_unwritable_folder_is_one_line_error(tmp_path):
    folder = tmp_path / "ro"
    path = write(folder / "a.txt", f"{GLUED}\n")
    os.chmod(folder, 0o555)
    try:
        r = run_cli("ro/a.txt", "--fix", cwd=tmp_path)
    finally:
        os.chmod(folder, 0o755)
    assert r.code == 2
    assert "ro/a.txt: cannot write fixes" in r.err and "Traceback" not in r.err
    assert path.read_text(encoding="utf-8") == f"{GLUED}\n"


@pytest.mark.parametrize(
    "raw,args,expected",
    [
        # CRLF kept, and lines without fixes are byte-for-byte the same
        (
            f"{GLUED}\r\nUntouched  ,line\r\n{DOUBLED}\r\n".encode(),
            [],
            f"{FIXED_GLUED}\r\nUntouched  ,line\r\n{DOUBLED}\r\n".encode(),
        ),
        # a lone CR file
        (f"{GLUED}\rsecond\r".encode(), [], f"{FIXED_GLUED}\rsecond\r".encode()),
        # the UTF-8 BOM is kept
        (
            b"\xef\xbb\xbf" + f"{GLUED}\n".encode(),
            [],
            b"\xef\xbb\xbf" + f"{FIXED_GLUED}\n".encode(),
        ),
        # a legacy encoding is written back in that encoding
        (
            "Café news.Then more,here.\n".encode("latin-1"),
            ["--encoding", "latin-1"],
            "Café news. Then more, here.\n".encode("latin-1"),
        ),
        (
            "Caf\u00e9 news.Then more.\n".encode("cp1252"),
            ["--encoding", "cp1252"],
            "Caf\u00e9 news. Then more.\n".encode("cp1252"),
        ),
    ],
)
def test_fix_keeps_encoding_bom_and_newlines(tmp_path, raw, args, expected):
    path = write(tmp_path / "a.txt", raw)
    r = run_cli("a.txt", "--fix", "--select", "NL301,NL302", *args, cwd=tmp_path)
    assert r.code in (0, 1), r.err
    assert path.read_bytes() == expected


def test_utf16_file_with_bom_round_trips(tmp_path):
    raw = b"\xff\xfe" + f"{GLUED}\r\n".encode("utf-16-le")
    path = write(tmp_path / "a.txt", raw)
    r = run_cli("a.txt", "--fix", "--encoding", "utf-16", cwd=tmp_path)
    assert r.code == 0, r.err + r.out
    assert path.read_bytes() == b"\xff\xfe" + f"{FIXED_GLUED}\r\n".encode("utf-16-le")


def test_undecodable_file_is_never_written(tmp_path):
    raw = b"Caf\xe9 news.Then more.\n"
    path = write(tmp_path / "a.txt", raw)
    r = run_cli("a.txt", "--fix", cwd=tmp_path)
    assert r.code == 1 and "NL001" in r.out
    assert path.read_bytes() == raw


def test_markdown_code_and_comments_are_left_alone(tmp_path):
    text = "# News\n\nHe left.Then came back.\n\n```\nx = a,b.Foo\n```\n\n<!-- note,here.Yes -->\n"
    path = write(tmp_path / "a.md", text)
    run_cli("a.md", "--fix", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == text.replace("left.Then", "left. Then")


def _only_insertions(before: str, after: str) -> str:
    """What was inserted, if ``after`` is ``before`` with characters inserted (else raise)."""
    import difflib

    added = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, before, after, autojunk=False
    ).get_opcodes():
        assert op in ("equal", "insert"), (op, before[i1:i2], after[j1:j2])
        if op == "insert":
            added.append(after[j1:j2])
    return "".join(added)


def test_seed_article_round_trip(tmp_path):
    seed = SHARED / "seeds" / "000_910e0e496c3bfacc.txt"
    if not seed.exists():
        pytest.skip("no shared seeds here")
    path = tmp_path / seed.name
    shutil.copyfile(seed, path)
    before = path.read_text(encoding="utf-8")
    r = run_cli(path.name, "--select", "NL3", cwd=tmp_path)
    assert r.code == 1 and len(r.lines) == 13
    r = run_cli(path.name, "--fix", "--select", "NL3", cwd=tmp_path)
    assert r.code == 0, r.out
    after = path.read_text(encoding="utf-8")
    # 12 spaces inserted; the quote turned the right way round; nothing else touched
    plain = str.maketrans("\u201c\u201d", '""')
    assert _only_insertions(before.translate(plain), after.translate(plain)) == " " * 12
    assert after.count("\u201c") == before.count("\u201c") + 1
    second = run_cli(path.name, "--fix", "--select", "NL3", cwd=tmp_path)
    assert (second.code, second.out, without_summary(second.err)) == (0, "", "")
    assert path.read_text(encoding="utf-8") == after


def test_second_fix_changes_nothing(tmp_path):
    text = (
        f"{GLUED}  \n"
        "Thank you,Emma ,and the the team!!\n"
        "He added, \u201dThere is more.\u201d\n"
        "Two  spaces here.\n"
    )
    path = write(tmp_path / "a.txt", text)
    first = run_cli("a.txt", "--fix", "--unsafe-fixes", "--select", "ALL", cwd=tmp_path)
    assert "fixed" in first.err
    after = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    second = run_cli("a.txt", "--fix", "--unsafe-fixes", "--select", "ALL", cwd=tmp_path)
    assert "fixed" not in second.err
    assert path.read_bytes() == after and path.stat().st_mtime_ns == mtime
    assert second.out == first.out


def test_overlapping_fixes_are_deterministic(tmp_path):
    # NL304 (two spaces -> one) and NL309 (delete ' the') cover the same spaces
    text = "He said that the  the talks failed.\nThe the  the end.\n"
    outs = set()
    for i, select in enumerate(["NL304,NL309", "NL309,NL304", "doubled-word,multiple-spaces"]):
        path = write(tmp_path / f"copy{i}" / "a.txt", text)
        for jobs in ("1", "2"):
            write(path, text)
            run_cli(
                "a.txt", "--fix", "--unsafe-fixes", "--select", select, "-j", jobs, cwd=path.parent
            )
            outs.add(path.read_text(encoding="utf-8"))
    assert len(outs) == 1
    result = outs.pop()
    assert (
        result == "He said that the talks failed.\nThe the end.\n"
        or "the the" not in result.lower()
    ), result


def test_apply_edits_ignores_input_order():
    raw = "abcdefghij"
    groups = [
        ("k1", (RawEdit(2, 4, "X", 1, 3, 1, 5),)),
        ("k2", (RawEdit(3, 6, "Y", 1, 4, 1, 7),)),  # overlaps k1
        ("k3", (RawEdit(6, 6, "+", 1, 7, 1, 7),)),
        ("k4", (RawEdit(6, 6, "-", 1, 7, 1, 7),)),  # a second insertion at the same place
        (
            "k5",
            (RawEdit(1, 2, "B", 1, 2, 1, 3), RawEdit(0, 1, "A", 1, 1, 1, 2)),
        ),  # two edits, all or none
        ("k6", (RawEdit(7, 8, "", 1, 8, 1, 9), RawEdit(9, 10, "", 1, 10, 1, 11))),  # spans k7
        ("k7", (RawEdit(8, 9, "!", 1, 9, 1, 10),)),
    ]
    results = {engine.apply_edits(raw, list(p)) for p in itertools.permutations(groups)}
    assert results == {("ABXef+gi", 4)}


# --- every fixable rule, from its own examples --------------------------------------------------

REGISTRY = build_registry(plugins=False)


def _fixable_examples():
    for rule in REGISTRY:
        if not rule.fixable or rule.example_kind != "text" or rule.scope == "corpus":
            continue
        for i, entry in enumerate(rule.bad):
            yield pytest.param(rule, entry, id=f"{rule.code}-{i}")


@pytest.mark.parametrize("rule,entry", list(_fixable_examples()))
def test_fix_round_trip(run, tmp_path, rule, entry):
    example = parse_example(entry)
    name = Path(rule.example_path).name
    path = write(tmp_path / name, example.text)
    r = run(name, "--select", rule.code, cwd=tmp_path)
    assert r.code == 1, (rule.code, example.text)
    run(name, "--select", rule.code, "--fix", "--unsafe-fixes", cwd=tmp_path)
    fixed = path.read_text(encoding="utf-8")
    if example.fixed is not None:
        assert fixed == example.fixed
    reports = run(name, "--select", rule.code, "--format", "json", cwd=tmp_path)
    import json

    left = [x for x in json.loads(reports.out) if x["fix"] is not None]
    assert not left, (rule.code, example.text, fixed, left)
    # and fixing again changes nothing
    run(name, "--select", rule.code, "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == fixed


def _stdin_fix(data: bytes, *args) -> bytes:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "newslint", "-", "--fix", "-q", "--select", "NL3", *args],
        input=data,
        capture_output=True,
        check=False,
    )
    return proc.stdout


def test_stdin_fix_keeps_encoding_bom_and_newlines():
    bom_crlf = b"\xef\xbb\xbf" + f"{GLUED}\r\nOk,then.\r\n".encode()
    assert _stdin_fix(bom_crlf) == b"\xef\xbb\xbf" + f"{FIXED_GLUED}\r\nOk, then.\r\n".encode()
    latin = "Café opened.Then it closed.\n".encode("latin-1")
    assert _stdin_fix(latin, "--encoding", "latin-1") == "Café opened. Then it closed.\n".encode(
        "latin-1"
    )
    # undecodable input passes through untouched; nothing to fix passes through too
    assert _stdin_fix(latin) == latin
    assert _stdin_fix(b"All fine.\n") == b"All fine.\n"
