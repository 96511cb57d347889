"""Hostile input, through the real CLI: --fix never loses what the user had (when a fix cannot
be written, the input stays as it was and the run says so), out-of-range options are errors or
capped, and file names cannot forge report lines."""

from __future__ import annotations

import subprocess
import sys

import pytest

# \x92 is a C1 control in Latin-1: NL803/NL8 fix it to a curly apostrophe Latin-1 cannot hold
LATIN1 = b"It\x92s a test ,x.\n"


def newslint(*args, stdin=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=60,
    )


def test_fix_on_stdin_echoes_the_input_when_fixes_cannot_be_encoded():
    proc = newslint("--encoding", "latin-1", "--select", "ALL", "--fix", "-", stdin=LATIN1)
    err = proc.stderr.decode("utf-8")
    assert proc.stdout == LATIN1  # a pipeline writing stdout back keeps its file
    assert proc.returncode == 2
    assert "fixes not written: latin-1 cannot encode" in err and "internal error" not in err


def test_fix_leaves_a_file_unchanged_when_fixes_cannot_be_encoded(tmp_path):
    name, data = "a.txt", LATIN1
    path = tmp_path / name
    path.write_bytes(data)
    proc = newslint("--encoding", "latin-1", "--select", "ALL", "--fix", name, cwd=tmp_path)
    err = proc.stderr.decode("utf-8")
    assert path.read_bytes() == data
    assert not list(tmp_path.glob(".newslint-*.tmp"))
    assert proc.returncode == 2
    assert f"{name}: fixes not written: latin-1 cannot encode" in err
    assert "internal error" not in err and "fixed " not in err
    assert f"{name}:1:" in proc.stdout.decode("utf-8")  # the reports are still there


def test_json_lines_fixes_are_escaped_so_any_encoding_holds_them(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "It\x92s ,x."}\n')
    proc = newslint("--encoding", "latin-1", "--select", "ALL", "--fix", "a.jsonl", cwd=tmp_path)
    assert proc.returncode in (0, 1) and b"internal error" not in proc.stderr
    assert path.read_bytes().startswith(b'{"text": "It\\u2019s ')


def test_an_empty_select_is_an_error_not_a_silent_pass(tmp_path):
    (tmp_path / "a.txt").write_text("It was good,he said.\n", encoding="utf-8")
    proc = newslint("--select", "", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode("utf-8").startswith("newslint: error: --select '' selects no rule")


def test_a_json_lines_fix_through_a_symlink_writes_the_target_as_text_files_do(tmp_path):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "v.jsonl"
    target.write_bytes(b'{"text": "It was good,he said."}\n')
    link = tmp_path / "c.jsonl"
    link.symlink_to(target)
    proc = newslint("--fix", "c.jsonl", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert link.is_symlink()
    assert target.read_bytes() == b'{"text": "It was good, he said."}\n'


def test_a_read_only_file_is_not_rewritten_even_by_root(tmp_path):
    path = tmp_path / "ro.txt"
    path.write_text("It was good,he said.\n", encoding="utf-8")
    path.chmod(0o444)
    proc = newslint("--fix", "ro.txt", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == "It was good,he said.\n"
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    assert "ro.txt: cannot write fixes: the file is read-only: not rewritten" in err
    assert "fixed " not in err and b"ro.txt:1:12: NL302" in proc.stdout


def test_sizes_encodings_and_jobs_out_of_range_are_errors_or_capped(tmp_path):
    (tmp_path / "a.txt").write_text("It was good,he said.\n", encoding="utf-8")
    huge = newslint("--max-file-size", "99999999999999999999999GB", "a.txt", cwd=tmp_path)
    assert (huge.returncode, huge.stderr) == (1, b"")  # a limit larger than any file
    for codec in ("idna", "punycode"):
        proc = newslint("--encoding", codec, "a.txt", cwd=tmp_path)
        assert proc.returncode == 2 and f"unknown encoding '{codec}'" in proc.stderr.decode()
    for i in range(6):
        (tmp_path / f"b{i}.txt").write_text("Fine.\n", encoding="utf-8")
    many = newslint("-j", "100000", ".", cwd=tmp_path)
    assert many.returncode == 1 and many.stdout.count(b"NL302") == 1 and many.stderr == b""


def test_an_endless_device_is_read_only_up_to_the_size_limit(tmp_path):
    proc = newslint("--max-file-size", "10MB", "/dev/zero", cwd=tmp_path)
    assert proc.returncode == 1 and b"NL005" in proc.stdout


@pytest.mark.parametrize("fmt", ["default", "grouped"])
def test_control_characters_in_file_names_are_escaped_not_printed(tmp_path, fmt):
    name = "a\nb:1:1: NL999 forged\x1b[31m.txt"
    (tmp_path / name).write_text("It was good,he said.\n", encoding="utf-8")
    out = newslint("--format", fmt, ".", cwd=tmp_path).stdout.decode("utf-8")
    assert "\x1b" not in out and "\nb:1:1" not in out
    assert "a\\nb:1:1: NL999 forged\\x1b[31m.txt" in out
    assert out.count("\n") == (1 if fmt == "default" else 2)


RULE = '[[rules]]\ncode = "NL970"\nname = "a"\nmessage = "x"\n'


@pytest.mark.parametrize(
    "body, expect",
    [
        (
            RULE + 'kind = "substitution"\nregex = true\nswap = { "(h)orse" = "\\\\9" }\n',
            "group '9'",
        ),
        (
            RULE + 'kind = "substitution"\nregex = true\nswap = { "(h)orse" = "\\\\g<nope>" }\n',
            "group 'nope'",
        ),
        (RULE + 'kind = "existence"\ntokens = [1, 2]\n', "'tokens' must be a list of strings"),
        (RULE + 'kind = "existence"\npatterns = [{ a = 1 }]\n', "'patterns' must be a list of"),
        ('rules = ["x", 1]\n', "rules[0] must be a table"),
    ],
)
def test_packs_that_would_crash_every_file_are_refused_at_load(tmp_path, body, expect):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "x.toml").write_text(body, encoding="utf-8")
    (tmp_path / "a.txt").write_text("It was a horse.\n", encoding="utf-8")
    proc = newslint("--rule-path", "p", "a.txt", cwd=tmp_path)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2 and "internal error" not in err
    assert err.startswith("newslint: error: p/x.toml") and expect in err


def test_a_pack_with_a_bom_and_a_literal_swap_with_a_backslash_work(tmp_path):
    (tmp_path / "p").mkdir()
    pack = RULE + 'kind = "substitution"\nfix = "safe"\nswap = { "horse" = "po\\\\ny" }\n'
    (tmp_path / "p" / "x.toml").write_bytes(b"\xef\xbb\xbf" + pack.encode("utf-8"))
    (tmp_path / "a.txt").write_text("It was a horse.\n", encoding="utf-8")
    proc = newslint("--rule-path", "p", "--fix", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "It was a po\\ny.\n"


@pytest.mark.parametrize(
    "text",
    [
        "[" * 1000 + '{"text": "It was good,he said."}' + "]" * 1000,
        '{"a": ' * 1000 + "1" + "}" * 1000,
        '{"text": "It was good,he said.", "deep": ' + "[" * 1000 + "]" * 1000 + "}",
    ],
)
def test_json_nested_a_thousand_deep_is_linted_not_a_crash(tmp_path, text):
    (tmp_path / "deep.json").write_text(text, encoding="utf-8")
    proc = newslint("deep.json", cwd=tmp_path)
    assert proc.returncode in (0, 1) and proc.stderr == b"", proc.stderr
