"""Hostile input, through the real CLI: --fix never loses what the user had (when a fix cannot
be written, the input stays as it was and the run says so), out-of-range options are errors or
capped, and file names cannot forge report lines."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time

import pytest

# \x92 is a C1 control in Latin-1: NL803/NL8 fix it to a curly apostrophe Latin-1 cannot hold
LATIN1 = b"It\x92s good,he said.\n"


def newslint(*args, stdin=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=60,
    )


def test_fix_on_stdin_skips_only_the_fix_its_encoding_cannot_hold():
    proc = newslint("--encoding", "latin-1", "--select", "ALL", "--fix", "-", stdin=LATIN1)
    err = proc.stderr.decode("utf-8")
    assert proc.stdout == b"It\x92s good, he said.\n"  # the comma fixed, the \x92 kept
    assert proc.returncode == 1 and "internal error" not in err
    assert "-:1:3: NL008 NL805: fix not written: latin-1 cannot encode '\u2019'" in err
    assert err.endswith("fixed 1 report in 1 file; 2 remaining; 1 fix not written (NL008)\n")


@pytest.mark.parametrize("encoding", ["latin-1", "cp037"])
def test_fix_skips_only_the_fix_a_files_encoding_cannot_hold(tmp_path, encoding):
    name, data = "a.txt", "It\x92s good,he said.\n".encode(encoding)
    path = tmp_path / name
    path.write_bytes(data)
    proc = newslint("--encoding", encoding, "--select", "ALL", "--fix", name, cwd=tmp_path)
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert path.read_bytes() == "It\x92s good, he said.\n".encode(encoding)
    assert not list(tmp_path.glob(".newslint-*.tmp"))
    assert proc.returncode == 1 and "internal error" not in err
    assert f"a.txt:1:3: NL008 NL805: fix not written: {encoding} cannot encode '\u2019'" in out
    assert "a.txt:1:3: NL805" in out  # the report stands, its fix not applied
    assert "fixed 1 report in 1 file; 2 remaining; 1 fix not written (NL008)" in err


# a pack whose fix writes U+FEFF (ZERO WIDTH NO-BREAK SPACE, the byte order mark's character)
BOM_PACK = """
[[rules]]
code = "NL990"
name = "mark-the-word"
kind = "substitution"
message = "write '{replacement}'"
fix = "safe"
swap = { "Hello" = "\ufeffHello", "x" = "" }
"""


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_fix_never_starts_a_file_with_what_reads_as_a_byte_order_mark(tmp_path, bom):
    """Written at the start of a file that had no BOM, U+FEFF would be read (by newslint too)
    as a BOM and dropped: that fix is not written; inside the text, or after the file's own
    BOM, it is only a character."""
    (tmp_path / "pack.toml").write_text(BOM_PACK, encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_bytes(bom + b"Hello there. Hello again.\n")
    proc = newslint(
        "--rule-path", "pack.toml", "--select", "NL0,NL990", "--fix", "a.txt", cwd=tmp_path
    )
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert proc.returncode == 1 and "internal error" not in err  # the fixed text still says Hello
    fixed = "Hello there. \ufeffHello again.\n".encode("utf-8")
    if bom:  # after the file's own BOM, both are written
        assert path.read_bytes() == bom + "\ufeff".encode("utf-8") + fixed
        assert "NL008" not in out
    else:
        assert path.read_bytes() == fixed
        assert (
            "a.txt:1:1: NL008 NL990: fix not written: the text would start with U+FEFF, which"
            " reads as a byte order mark" in out
        )


def test_a_u_feff_its_encoding_cannot_hold_is_that_fix_alone_not_written(tmp_path):
    """In Latin-1, U+FEFF inside the text is a character the encoding lacks: that fix is left
    out (NL008) and the file is written with the others, as for any such character."""
    (tmp_path / "pack.toml").write_text(BOM_PACK, encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_bytes(b"Say Hello,it said.\n")
    proc = newslint(
        "--rule-path",
        "pack.toml",
        "--select",
        "NL0,NL990,NL302",
        "--encoding",
        "latin-1",
        "--fix",
        "a.txt",
        cwd=tmp_path,
    )
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert path.read_bytes() == b"Say Hello, it said.\n"
    assert proc.returncode == 1 and "internal error" not in err
    assert r"a.txt:1:5: NL008 NL990: fix not written: latin-1 cannot encode '\ufeff'" in out


def test_fixes_that_together_start_a_file_with_u_feff_leave_it_unchanged(tmp_path):
    """A fix that deletes what stands before a U+FEFF at the start: the file is not written,
    and the run says why (exit 2)."""
    (tmp_path / "pack.toml").write_text(BOM_PACK, encoding="utf-8")
    path = tmp_path / "a.txt"
    data = "x\ufeffwas here.\n".encode("utf-8")
    path.write_bytes(data)
    proc = newslint(
        "--rule-path", "pack.toml", "--select", "NL0,NL990", "--fix", "a.txt", cwd=tmp_path
    )
    err = proc.stderr.decode("utf-8")
    assert path.read_bytes() == data
    assert proc.returncode == 2 and "internal error" not in err
    assert "a.txt: fixes not written: the text would start with U+FEFF" in err


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
    assert (huge.returncode, huge.stdout.count(b"\n")) == (1, 1)  # a limit larger than any file
    assert huge.stderr.startswith(b"Found 1 report in 1 file"), huge.stderr
    for codec in ("idna", "punycode"):
        proc = newslint("--encoding", codec, "a.txt", cwd=tmp_path)
        assert proc.returncode == 2 and f"unknown encoding '{codec}'" in proc.stderr.decode()
    for i in range(6):
        (tmp_path / f"b{i}.txt").write_text("Fine.\n", encoding="utf-8")
    many = newslint("-j", "100000", ".", cwd=tmp_path)
    assert many.returncode == 1 and many.stdout.count(b"NL302") == 1
    assert many.stderr.startswith(b"Found 1 report in 1 file (7 files"), many.stderr


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
    # a record too deep to reach is a warning naming the fields seen, never a crash
    assert proc.returncode in (0, 1), proc.stderr
    assert b"internal error" not in proc.stderr and b"Traceback" not in proc.stderr


# --- issue 13 items 1, 2, 4, 7, 8, 9, 13, 14: --fix writes only what it read, where it may ------
GLUED = "It was good,he said."
FIXED = "It was good, he said."


def records(n: int) -> bytes:
    line = json.dumps({"text": "The plan was good.It was announced , on monday."}) + "\n"
    return (line * n).encode("utf-8")


def wait_for(predicate, proc, limit=60.0) -> bool:
    """Poll until ``predicate()`` holds; False if the process ended first or time ran out."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        if proc.poll() is not None:
            return predicate()
        time.sleep(0.002)
    return False


def start_fix(cwd, *args):
    return subprocess.Popen(
        [sys.executable, "-m", "newslint", "--isolated", "--fix", *map(str, args)],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def temporaries(directory) -> list:
    return sorted(p.name for p in directory.glob(".newslint-*.tmp"))


@pytest.mark.parametrize("edit", ["append", "same-size, mtime put back"])
def test_a_file_changed_while_fix_runs_is_left_alone_and_reported(tmp_path, edit):
    """The concurrent edit lands after the fix began writing (its temporary file is there):
    deterministic while the rest of the stream is linted; retried larger if the run won."""
    path = tmp_path / "big.jsonl"
    for n in (3000, 12000, 40000):
        original = records(n)
        path.write_bytes(original)
        proc = start_fix(tmp_path, "-j1", "big.jsonl")
        began = wait_for(lambda: temporaries(tmp_path), proc)
        if edit == "append":
            with open(path, "ab") as fh:
                fh.write(b'{"text": "USER EDIT"}\n')
            expected = original + b'{"text": "USER EDIT"}\n'
        else:  # the first record rewritten in place, size and mtime kept (touch -d)
            st = path.stat()
            expected = original.replace(b"monday", b"Friday", 1)
            with open(path, "r+b") as fh:
                fh.write(expected[:100])
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        out, err = proc.communicate(timeout=300)
        if began and proc.returncode == 1 and b"not fixed" in err:
            break
        assert path.read_bytes() != original  # the run finished first: try a longer file
    else:
        pytest.fail("the fix always finished before the edit")
    assert path.read_bytes() == expected  # nothing the user wrote is lost
    assert not temporaries(tmp_path)
    assert out.decode("utf-8").startswith(
        "big.jsonl:1:1: NL008 the file changed while it was being fixed: fixes not written\n"
    )
    assert re.fullmatch(
        r"newslint: fixed 0 reports in 0 files; \d+ remaining; 1 file not fixed \(NL008\)\n",
        err.decode("utf-8"),
    )


def test_the_issue_reproducer_keeps_the_users_edit(tmp_path):
    """The issue's own timing: whether the edit lands before the read, during the run or
    after the rename, it is in the file at the end, and a file left alone is reported."""
    path = tmp_path / "big.txt"
    original = ("The plan was good.It was announced , on monday.  \n" * 15000).encode()
    path.write_bytes(original)
    proc = start_fix(tmp_path, "big.txt")
    time.sleep(2)
    with open(path, "ab") as fh:
        fh.write(b"USER EDIT\n")
    out, err = proc.communicate(timeout=300)
    assert path.read_bytes().count(b"USER EDIT") == 1
    if b"not fixed" in err:
        assert path.read_bytes() == original + b"USER EDIT\n"
        assert b"big.txt:1:1: NL008 the file changed while it was being fixed" in out
    assert not temporaries(tmp_path)


def test_fix_writes_only_under_the_paths_given(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "out" / "d").mkdir(parents=True)
    for name in ("out/v.txt", "out/d/w.txt", "c/own.txt"):
        (tmp_path / name).write_text(f"{GLUED}\n", encoding="utf-8")
    (tmp_path / "c" / "ext.txt").symlink_to(tmp_path / "out" / "v.txt")
    (tmp_path / "c" / "dlink").symlink_to(tmp_path / "out" / "d", target_is_directory=True)
    proc = newslint("--fix", "c", cwd=tmp_path)
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert (tmp_path / "c" / "own.txt").read_text(encoding="utf-8") == f"{FIXED}\n"
    for name in ("out/v.txt", "out/d/w.txt"):  # outside c: neither written nor walked into
        assert (tmp_path / name).read_text(encoding="utf-8") == f"{GLUED}\n"
    real = (tmp_path / "out" / "v.txt").resolve()
    assert out.splitlines() == [
        "c/dlink:1:1: NL003 directory link leads outside the linted paths: not followed",
        f"c/ext.txt:1:1: NL008 the file links outside the linted paths (to {real}): not fixed",
        "c/ext.txt:1:12: NL302 [*] missing space after ','",  # its report stands, unfixed
    ]
    assert err == "newslint: fixed 1 report in 1 file; 3 remaining; 1 file not fixed (NL008)\n"
    assert (tmp_path / "c" / "ext.txt").is_symlink()
    diff = newslint("--diff", "c", cwd=tmp_path)  # --diff shows what --fix would write
    assert b"ext.txt" not in diff.stdout and b"ext.txt: the file links outside" in diff.stderr
    named = newslint("--fix", "c/ext.txt", cwd=tmp_path)  # named: its target is meant
    assert named.returncode == 0
    assert (tmp_path / "out" / "v.txt").read_text(encoding="utf-8") == f"{FIXED}\n"


def test_a_hard_linked_file_is_fixed_in_place_for_every_link(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"{GLUED}\n", encoding="utf-8")
    path.chmod(0o640)
    link = tmp_path / "elsewhere.txt"
    os.link(path, link)
    single = tmp_path / "single.txt"
    single.write_text(f"{GLUED}\n", encoding="utf-8")
    inode, single_inode = path.stat().st_ino, single.stat().st_ino
    proc = newslint("--fix", "a.txt", "single.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert path.stat().st_ino == inode and path.stat().st_nlink == 2
    assert link.read_text(encoding="utf-8") == f"{FIXED}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert single.stat().st_ino != single_inode  # one link: replaced in one rename
    assert single.read_text(encoding="utf-8") == f"{FIXED}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "elsewhere.txt", "single.txt"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="chown needs root")
def test_owner_and_group_are_kept(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"{GLUED}\n", encoding="utf-8")
    os.chown(path, 1234, 2345)
    path.chmod(0o640)
    assert newslint("--fix", "a.txt", cwd=tmp_path).returncode == 0
    st = path.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 2345, 0o640)
    assert path.read_text(encoding="utf-8") == f"{FIXED}\n"


@pytest.mark.parametrize(
    "jobs, sig, code",
    [
        ("1", signal.SIGTERM, -signal.SIGTERM),
        ("2", signal.SIGTERM, -signal.SIGTERM),
        ("1", signal.SIGINT, 130),
        ("2", signal.SIGINT, 130),
        ("2", signal.SIGHUP, -signal.SIGHUP),
    ],
)
def test_a_stopped_fix_leaves_no_temporary_file(tmp_path, jobs, sig, code):
    for i in range(5):  # five files: -j2 runs them in workers
        (tmp_path / f"f{i}.jsonl").write_bytes(records(800))
    proc = start_fix(tmp_path, "-j", jobs, ".")
    assert wait_for(lambda: temporaries(tmp_path), proc), proc.communicate()
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    assert proc.returncode == code
    assert not temporaries(tmp_path)
    for i in range(5):  # each file whole: as it was, or fixed
        data = (tmp_path / f"f{i}.jsonl").read_bytes()
        assert len(data.splitlines()) == 800 and data.endswith(b"}\n")


def test_the_next_run_removes_what_a_killed_fix_left(tmp_path):
    for i in range(5):
        (tmp_path / f"f{i}.jsonl").write_bytes(records(800))
    proc = start_fix(tmp_path, "-j", "2", ".")
    assert wait_for(lambda: temporaries(tmp_path), proc), proc.communicate()
    proc.send_signal(signal.SIGSTOP)  # no new workers while they are killed
    workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True)
    for pid in workers.stdout.split():  # SIGKILL, as the OOM killer does: nothing cleans up
        os.kill(int(pid), signal.SIGKILL)
    proc.kill()
    proc.communicate(timeout=60)
    assert temporaries(tmp_path)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], stdout=-1)
    dead = f".newslint-{int(gone.stdout)}-abcd1234.tmp"
    live = f".newslint-{os.getpid()}-abcd1234.tmp"  # this test is alive: its file is kept
    old = ".newslint-oldname1.tmp"  # named by an older version, untouched for an hour
    for name in (dead, live, old):
        (tmp_path / name).write_bytes(b"x")
    os.utime(tmp_path / old, (time.time() - 3600, time.time() - 3600))
    again = newslint("--fix", ".", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert temporaries(tmp_path) == [live]


def test_the_summary_counts_only_what_was_written(tmp_path):
    tree, out = tmp_path / "tree", tmp_path / "out"
    tree.mkdir()
    out.mkdir()
    for path in (tree / "ok.txt", tree / "ro.txt", out / "v.txt"):
        path.write_text(f"{GLUED}\n", encoding="utf-8")
    (tree / "ro.txt").chmod(0o444)  # refused, even by root
    (tree / "ext.txt").symlink_to(out / "v.txt")  # outside the paths given
    (tree / "l1.txt").write_bytes(b"It\x92s good,he said.\n")  # one fix of two fits Latin-1
    proc = newslint("--encoding", "latin-1", "--fix", "tree", cwd=tmp_path)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2  # the read-only file is an error
    assert "tree/ro.txt: cannot write fixes: the file is read-only: not rewritten" in err
    assert re.search(
        r"\nnewslint: fixed 2 reports in 2 files; \d+ remaining; 1 file not fixed \(NL008\); "
        r"1 fix not written \(NL008\)\n$",
        err,
    ), err
    assert (tree / "ok.txt").read_text(encoding="utf-8") == f"{FIXED}\n"
    assert (tree / "l1.txt").read_bytes() == b"It\x92s good, he said.\n"
    for path in (tree / "ro.txt", out / "v.txt"):
        assert path.read_text(encoding="utf-8") == f"{GLUED}\n"


PATCH = shutil.which("patch")
DIFF_CASES = {
    "bom.txt": b"\xef\xbb\xbf" + f"{GLUED}\nok\n".encode(),
    "cr-only.txt": f"{GLUED}\rok\r{GLUED}\r".encode(),
    "cr-only-no-final.txt": f"{GLUED}\rok\r{GLUED}".encode(),
    "lone-cr.txt": f"Title\n{GLUED}\rmore\n{GLUED}\n".encode(),
    "mixed.txt": f"a\r\n{GLUED}\n{GLUED}\r\nx\r{GLUED}".encode(),
    "no-final-newline.txt": GLUED.encode(),
    "other-breaks.txt": f"a\x0bb\x0c\x1c\u2028\x85{GLUED}\n".encode(),
    "utf16.txt": f"\ufeff{GLUED}\nok\n{GLUED}\n".encode("utf-16-le"),
    "utf16be-crlf.txt": f"\ufeff{GLUED}\r\nok\r\n{GLUED}".encode("utf-16-be"),
    "crlf.md": f"# T\r\n\r\n{GLUED}\r\n".encode(),
    "crlf.jsonl": b"".join(
        (json.dumps({"text": GLUED if i % 5 == 0 or i in (17, 18) else "Fine."}) + "\r\n").encode()
        for i in range(30)
    ),
    "bom.jsonl": b"\xef\xbb\xbf" + (json.dumps({"text": GLUED}) + '\n{"text": "x"}\n').encode(),
    "lone-cr.jsonl": (
        json.dumps({"text": GLUED}) + "\r" + json.dumps({"text": GLUED}) + '\n{"text": "ok"}\n'
    ).encode()
    + json.dumps({"text": GLUED}).encode(),
    "utf16.jsonl": ("\ufeff" + json.dumps({"text": GLUED}) + "\n").encode("utf-16-le"),
    "latin1.txt": f"Caf\xe9 \xe0 Paris.\n{GLUED}\n".encode("latin-1"),
}


@pytest.mark.parametrize("name", sorted(DIFF_CASES))
def test_diff_applies_with_patch_and_git_and_gives_what_fix_writes(tmp_path, name):
    data = DIFF_CASES[name]
    options = ("--encoding", "latin-1") if name.startswith("latin1") else ()
    fixed_dir, tools = tmp_path / "fixed", {"git": ["git", "apply", "-p0"]}
    if PATCH:
        tools["patch"] = [PATCH, "-p0", "-s", "--no-backup-if-mismatch"]
    fixed_dir.mkdir()
    (fixed_dir / name).write_bytes(data)
    newslint(*options, "--fix", name, cwd=fixed_dir)
    fixed = (fixed_dir / name).read_bytes()
    assert fixed != data
    for tool, command in tools.items():
        folder = tmp_path / tool
        folder.mkdir()
        (folder / name).write_bytes(data)
        diff = newslint(*options, "--diff", name, cwd=folder)
        assert diff.returncode == 1 and diff.stdout.startswith(f"--- {name}\n".encode())
        applied = subprocess.run(command, input=diff.stdout, cwd=folder, capture_output=True)
        assert applied.returncode == 0, (applied.stdout, applied.stderr, diff.stdout)
        assert (folder / name).read_bytes() == fixed, tool


NAME = os.fsdecode(b"a\xff.txt")
FORMATS = ["default", "concise", "grouped", "json", "jsonl", "github", "sarif"]


def _repository_with_an_undecodable_name(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / NAME).write_text(f"{GLUED}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Fine.\n", encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_name_that_is_not_utf8_is_linted_in_every_format(tmp_path, fmt):
    _repository_with_an_undecodable_name(tmp_path)
    for cache in ([], ["--no-cache"]):  # the corpus index leaves such a name out
        proc = newslint(*cache, "--format", fmt, ".", cwd=tmp_path)
        assert proc.returncode == 1 and b"internal error" not in proc.stderr, proc.stderr
        assert any(n in proc.stdout for n in (b"a\xff.txt", b"a\\udcff.txt", b"%FF"))
    fixed = newslint("--fix", ".", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert (tmp_path / NAME).read_text(encoding="utf-8") == f"{FIXED}\n"
