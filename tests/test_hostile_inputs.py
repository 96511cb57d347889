"""Issue 13, items 10-12 and 16 (a recursive pattern): no hang, no crash, no input of a few
hundred kilobytes that takes minutes.  Every reproducer runs through the real command line in
a subprocess, bounded in time well below what it used to take; the linear scanners that
replaced quadratic patterns are checked against those patterns on random text."""

from __future__ import annotations

import os
import random
import signal
import struct
import subprocess
import sys
import time

import pytest
import regex

from newslint import suppress
from newslint.document import (
    DIRECTIVE,
    HEADING_MD,
    INLINE_CODE,
    Document,
    delimited,
    inline_code_spans,
)
from newslint.document.protected import DIRECTIVE_HEAD, DOMAIN, EMAIL, domain_spans
from newslint.engine import pool
from newslint.engine.lint import Linter
from newslint.engine.settings import Settings
from newslint.sources import markdown


def lint(*args, cwd, limit: float = 20):
    """The CLI on ``args`` in ``cwd``: (exit code, stdout, stderr, seconds); fails past
    ``limit`` seconds."""
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", "--no-cache", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        timeout=limit,
    )
    took = time.monotonic() - start
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode(), took


def assert_clean(code: int, err: str) -> None:
    assert code in (0, 1), err
    assert "internal error" not in err, err


# --- item 12: small inputs that took 10-100 s --------------------------------------------------

HOSTILE = {
    "backticks.md": "`" * 20000,  # 28-40 s: inline code retried every suffix of the run
    "directives.md": "<!-- newslint: disable NL301 " * 6000,  # 100 s in suppress.parse
    "mojibake.txt": "Ã©Ã¨â€œâ€\x9dÂ " * 4000,  # 41 s: ftfy asked once per C1 control
    "comments.md": "<!--" * 100000,  # > 30 s: every comment opener scanned to the end
    # found on the way (seconds before): a directive's trailing \s* retried at each character
    # (41), a heading's (.*?)[ \t#]*$ (58), each disable-next-line scanning the directives after
    # it, a fence opener retried at each backtick, e-mail and domain patterns at each label
    # of a dotted run (each over 150)
    "spaced-directive.md": "<!-- newslint: x" + " " * 100000 + "y -->",
    "heading.txt": "# x" + " " * 100000 + "y\n",
    "next-lines.md": "<!-- newslint: disable-next-line NL301 -->\n" * 20000 + "End.\n",
    "code-runs.md": "`" * 50000 + " x " + "` " * 50000,
    "dotted.txt": "a." * 50000 + " mail x@y and bbc.com",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_small_hostile_input_takes_seconds(tmp_path, name):
    (tmp_path / name).write_text(HOSTILE[name], encoding="utf-8")
    code, _, err, took = lint(name, cwd=tmp_path)
    assert_clean(code, err)


@pytest.mark.parametrize("run", ["a" * 100000, "\u00e9" * 20000])
def test_a_long_run_of_one_letter_takes_seconds_with_every_rule(tmp_path, run):
    """37 s and 11 s before: NL312 (off by default) split the run at each letter to find two
    words run together, and asked the frequency list of both halves (fuzz.py seed 17)."""
    (tmp_path / "run.md").write_text("# Title\n\n" + run + "\n", encoding="utf-8")
    code, _, err, took = lint("--select", "ALL", "run.md", cwd=tmp_path, limit=10)
    assert_clean(code, err)


def test_an_open_tag_with_many_attributes_takes_seconds(tmp_path):
    """73 s: backtracking through 200,000 attributes of a tag that never closes.  The run of
    one word said over and over is repetition, not a doubled word (NL309 is silent on it)."""
    (tmp_path / "tags.md").write_text("<a " + "b " * 200000, encoding="utf-8")
    code, out, err, _ = lint("tags.md", cwd=tmp_path, limit=40)
    assert_clean(code, err)
    assert "NL309" not in out and out.count("\n") <= 3


def test_a_50_mb_single_line_is_refused_quickly_in_bounded_memory(tmp_path):
    """212 s and 5.2 GB before: one document may hold a tenth of max-file-size (NL005)."""
    (tmp_path / "big.txt").write_text("The council met. " * 2_900_000, encoding="utf-8")
    measured = (  # the run, and the peak memory of that run alone (its wrapper's only child)
        "import resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'newslint', '--isolated', '--no-cache',"
        " 'big.txt'], capture_output=True)\n"
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stdout.write(r.stdout.decode())\n"
    )
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", measured], cwd=tmp_path, capture_output=True, timeout=60
    )
    assert time.monotonic() - start < 30
    status, report = proc.stdout.decode().split("\n", 1)
    code, peak_kb = map(int, status.split())
    assert code == 1, proc.stderr
    assert report.startswith("big.txt:1:1: NL005 a document of 49.3 MB, over the 5.2 MB"), report
    assert peak_kb < 600_000  # about five times the input; 5.2 GB before


# --- the scanners find what the patterns found ------------------------------------------------


def random_texts(pieces, count, longest, seed):
    rnd = random.Random(seed)
    for _ in range(count):
        yield "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, longest)))


def test_inline_code_spans_are_the_patterns_matches():
    for text in random_texts(["`", "``", "a", " ", "\n"], 4000, 16, 1):
        for start, end in ((0, len(text)), (1, len(text) - 1)):
            if start <= end:
                expected = [m.span() for m in INLINE_CODE.finditer(text, start, end)]
                assert list(inline_code_spans(text, start, end)) == expected, repr(text)


def test_delimited_finds_what_finditer_finds():
    pieces = ["<!--", "-->", " ", "\n", "newslint:", "x", "-", ">", "<", "!"]
    for text in random_texts(pieces, 4000, 12, 2):
        expected = [m.span() for m in DIRECTIVE.finditer(text)]
        found = delimited(DIRECTIVE, text, "<!--", "-->", DIRECTIVE_HEAD, True)
        assert [m.span() for m in found] == expected, repr(text)
        comment = markdown.HTML_COMMENT
        expected = [m.span() for m in comment.finditer(text)]
        assert [m.span() for m in delimited(comment, text, "<!--", "-->")] == expected


OLD_EMAIL = regex.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def test_domain_and_email_spans_are_the_patterns_matches():
    pieces = ["a", "b", ".", "-", "+", "@", "co", "uk", "com", "x", " ", "/", "é", "1", "_", "\n"]
    pieces += [".com", "/p", "(", "'", "A", "Com", ".."]
    for text in random_texts(pieces, 6000, 14, 6):
        assert list(domain_spans(text)) == [m.span() for m in DOMAIN.finditer(text)], repr(text)
        assert [m.span() for m in EMAIL.finditer(text)] == [
            m.span() for m in OLD_EMAIL.finditer(text)
        ], repr(text)


def test_fence_openers_match_as_before():
    old = regex.compile(r"^( {0,3})(`{3,}(?!.*`)|~{3,})")
    for text in random_texts(list("```~~ a\n"), 4000, 14, 7):
        a, b = old.match(text), markdown.FENCE_OPEN.match(text)
        assert (a and a.regs) == (b and b.regs), repr(text)


OLD_TAG = (
    r"(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|"
    r"[^\s\"'=<>`]+))?)*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)"
)


def test_possessive_tags_match_as_before():
    old, alone = regex.compile(OLD_TAG), regex.compile(r"^ {0,3}" + OLD_TAG + r"[ \t]*$")
    pieces = list("<>/= \"'`ab-:.\n\t") + ["<a", "</a", "b=", "  "]
    for text in random_texts(pieces, 4000, 14, 3):
        expected = [m.span() for m in old.finditer(text)]
        assert [m.span() for m in markdown.INLINE_HTML.finditer(text)] == expected, repr(text)
        a, b = alone.match(text), markdown.HTML_ALONE.match(text)
        assert (a and a.span()) == (b and b.span()), repr(text)


def test_headings_match_as_before():
    old = regex.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
    for text in random_texts(list("  \t##x\n"), 4000, 14, 4):
        a, b = old.match(text), HEADING_MD.match(text)
        assert (a and a.regs[:3]) == (b and b.regs[:3]), repr(text)


def test_directive_bodies_are_trimmed_as_before():
    old = regex.compile(r"<!--\s*newslint\s*:\s*(?P<body>.*?)\s*-->", regex.DOTALL)
    pieces = ["<!--", "-->", " ", "\n", "newslint", ":", "disable", " NL301", "\t", "\x1c", "-"]
    for text in random_texts(pieces, 4000, 14, 5):
        expected = [
            (m.span(), m.group("body").replace(",", " ").split()) for m in old.finditer(text)
        ]
        sup = suppress.parse(Document(text))
        assert len(sup.directives) + len(sup.malformed) == len(expected), repr(text)


# --- item 11: user patterns run under a time limit; item 16: no recursion --------------------

PACK = """[[rules]]
code = "NL951"
name = "catastrophic"
kind = "{kind}"
scope = "line"
message = "bad {{match}}"
{body}
"""


def pack_run(tmp_path, body: str, kind: str = "existence") -> tuple:
    (tmp_path / "slow.toml").write_text(PACK.format(kind=kind, body=body), encoding="utf-8")
    (tmp_path / "a.txt").write_text(("a" * 40 + "!\n") * 60 + "It was was late.\n")
    return lint("--rule-path", "slow.toml", "a.txt", cwd=tmp_path)


@pytest.mark.parametrize(
    "kind, body",
    [
        ("existence", "patterns = ['(a|a)+$']"),  # 101 s before
        ("existence", "patterns = ['a+']\nexceptions = ['(a|a)+b']"),
        ("existence", '[[rules.entries]]\npattern = "!"\nbefore = "(a|a)+b"'),
        ("substitution", "regex = true\nswap = { '(a|a)+$' = 'x' }"),
    ],
    ids=["pattern", "exception", "before", "swap"],
)
def test_a_runaway_pattern_is_stopped_and_reported(tmp_path, kind, body):
    code, out, err, _ = pack_run(tmp_path, body, kind)
    assert code == 1, err
    timeouts = [line for line in out.splitlines() if " NL009 " in line]
    assert len(timeouts) == 1, out
    assert timeouts[0].startswith("a.txt:")  # the file, the pack and the rule
    assert "slow.toml: rule NL951: a pattern took over" in timeouts[0]
    assert "a.txt:61:" in out and "NL309" in out  # the other rules went on


def test_a_recursive_pattern_is_refused_when_the_pack_loads(tmp_path):
    code, _, err, _ = pack_run(tmp_path, "patterns = ['(?R)?a']")  # a MemoryError before
    assert code == 2, err
    assert "slow.toml: rule NL951: patterns[0]: recursive pattern '(?R)'" in err
    assert "internal error" not in err


# --- item 10: a worker killed -----------------------------------------------------------------


def articles(folder, count: int) -> None:
    rnd = random.Random(0)
    words = "the council met on monday to discuss a new budget , said the minister .".split()
    folder.mkdir()
    for i in range(count):
        paragraphs = (" ".join(rnd.choice(words) for _ in range(80)) for _ in range(8))
        (folder / f"f{i:03}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def workers(pid: int) -> list:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return found


def start_with_workers(tmp_path):
    """``newslint -j2 many`` started in ``tmp_path``, once its workers are up (or 30 s)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "newslint", "--isolated", "--no-cache", "-j2", "many"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while len(workers(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    return proc


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs /proc")
def test_a_killed_worker_does_not_hang_the_run(tmp_path):
    articles(tmp_path / "many", 300)
    code, expected, err, _ = lint("-j1", "many", cwd=tmp_path, limit=120)
    assert code == 1, err
    proc = start_with_workers(tmp_path)
    try:
        time.sleep(0.5)
        victims = workers(proc.pid)
        assert victims, "no worker found"
        os.kill(victims[0], signal.SIGKILL)  # as the OOM killer would
        killed = time.monotonic()
        out, err = proc.communicate(timeout=180)  # it hung forever before; a loaded CI box is slow
    finally:
        if proc.poll() is None:
            proc.kill()
    assert time.monotonic() - killed < 180
    assert proc.returncode == 1, err
    assert out.decode() == expected  # every file linted, the same reports as -j1
    assert "a worker process was lost" in err.decode()


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs /proc")
def test_the_workers_end_with_their_parent(tmp_path):
    """Killed, the parent leaves no worker waiting for work forever (holding its pipes)."""
    articles(tmp_path / "many", 300)
    proc = start_with_workers(tmp_path)
    try:
        assert workers(proc.pid), "no worker found"
        proc.kill()
        proc.communicate(timeout=20)  # the workers' ends of stdout close when they end
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_worker_watches_the_parent_that_started_it(tmp_path, monkeypatch):
    """The pid a worker watches is taken in the parent before the fork: a worker that starts
    after its parent was killed (reparented already) ends, instead of watching its new
    parent and waiting for work forever."""
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    articles(tmp_path / "many", 12)
    files = sorted((str(p), p.name) for p in (tmp_path / "many").iterdir())
    watched = tmp_path / "watched"
    real = pool._exit_when_orphaned

    def record(parent):
        with open(watched, "a") as fh:
            fh.write(f"{parent}\n")

    monkeypatch.setattr(pool, "_exit_when_orphaned", record)
    monkeypatch.setattr(os, "getppid", lambda: 1)  # as if reparented before it started
    pool.run(Linter(Settings(select=("NL309",))), files, jobs=2)
    monkeypatch.undo()
    assert watched.read_text().split() == [str(os.getpid())] * 2
    child = os.fork()
    if child == 0:  # a process whose parent is not the one it is given ends at once
        try:
            real(-1)
        finally:
            os._exit(0)
    assert os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 1


def test_a_file_that_kills_its_worker_twice_is_an_error_naming_it(tmp_path, monkeypatch):
    """In-process (the workers fork from the test): a worker dies on bad.txt every time."""
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    articles(tmp_path / "many", 40)
    files = sorted((str(p), p.name) for p in (tmp_path / "many").iterdir())
    files.insert(17, (str(tmp_path / "many" / "f017.txt"), "bad.txt"))
    real = pool._lint_one

    def dying(linter, fs_path, display):
        if display == "bad.txt":
            os._exit(9)
        return real(linter, fs_path, display)

    monkeypatch.setattr(pool, "_lint_one", dying)
    linter = Linter(Settings(select=("NL309",)))
    shown = []
    results = pool.run(linter, files, jobs=2, progress=shown.append)
    assert [r.path for r in results] == [display for _, display in files]
    assert [r.path for r in shown] == [display for _, display in files]  # in order, each once
    errors = [r for r in results if r.error]
    assert [r.path for r in errors] == ["bad.txt"]
    assert "bad.txt: not linted: the worker process linting it was lost twice" in errors[0].error
    assert any("a worker process was lost" in n for r in results for n in r.notes)


def test_a_worker_killed_while_it_sends_a_result_does_not_hang_the_run(tmp_path, monkeypatch):
    """In-process: the worker that linted bad.txt dies halfway through sending its batch's
    results, holding the result queue's lock. The pool would wait forever for the rest of
    the message (and the other worker for the lock): it is unstuck, and the run ends as
    when a worker dies anywhere else."""
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    from concurrent.futures import process

    articles(tmp_path / "many", 40)
    files = sorted((str(p), p.name) for p in (tmp_path / "many").iterdir())
    files.insert(17, (str(tmp_path / "many" / "f017.txt"), "bad.txt"))
    real_lint, real_send = pool._lint_one, process._sendback_result
    dying = []  # in the worker that linted bad.txt

    def lint_one(linter, fs_path, display):
        if display == "bad.txt":
            dying.append(1)
        return real_lint(linter, fs_path, display)

    def send(result_queue, *args, **kwargs):
        if dying:
            result_queue._wlock.acquire()
            os.write(result_queue._writer.fileno(), struct.pack("!i", 100_000) + b"partial")
            os._exit(9)
        return real_send(result_queue, *args, **kwargs)

    monkeypatch.setattr(pool, "_lint_one", lint_one)
    monkeypatch.setattr(process, "_sendback_result", send)
    monkeypatch.setattr(pool, "STALL_CHECK", 0.1)
    monkeypatch.setattr(pool, "STALL_GRACE", 0.5)
    linter = Linter(Settings(select=("NL309",)))
    started = time.monotonic()
    results = pool.run(linter, files, jobs=2)
    assert time.monotonic() - started < 60
    assert [r.path for r in results] == [display for _, display in files]
    assert [r.path for r in results if r.error] == ["bad.txt"]
    assert any("a worker process was lost" in n for r in results for n in r.notes)


# --- item 18: a device that refuses the output ------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="a device that is always full")
@pytest.mark.parametrize("how", ["-o", "stdout", "--diff"])
def test_a_full_output_device_is_a_clear_error(tmp_path, how):
    (tmp_path / "a.txt").write_text("The plan was good.It was announced , on monday.\n")
    if how == "stdout":
        with open("/dev/full", "w") as full:
            proc = subprocess.run(
                [sys.executable, "-m", "newslint", "--isolated", "--no-cache", "a.txt"],
                cwd=tmp_path,
                stdout=full,
                stderr=subprocess.PIPE,
                timeout=20,
            )
        code, err = proc.returncode, proc.stderr.decode()
    else:
        extra = ["--diff"] if how == "--diff" else []
        code, _, err, _ = lint(*extra, "-o", "/dev/full", "a.txt", cwd=tmp_path)
    assert code == 2, err
    assert "internal error" not in err and "No space left on device" in err, err
