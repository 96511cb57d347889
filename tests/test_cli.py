"""The command line end to end: discovery, stdin, output options, exit codes, selection,
parallel runs and progress -- always the real command on real files in a temporary tree."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import run_cli

from newslint import __version__

GLUED = "He was found injured.Your government lied.\n"  # NL301 at 1:21
COMMA = "Thank you,Emma.\n"  # NL302 at 1:10
CLEAN = "A clean sentence. Another one.\n"


def write(root, rel, text, mode="w"):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode == "wb":
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))  # no newline translation
    return path


def paths_of(result):
    return sorted({line.split(":", 1)[0] for line in result.lines})


@pytest.fixture
def corpus(tmp_path):
    """A small tree: every default type, a nested folder, a non-text file, a dot folder."""
    write(tmp_path, "corpus/a.txt", GLUED)
    write(tmp_path, "corpus/b.text", COMMA)
    write(tmp_path, "corpus/sub/c.md", COMMA)
    write(tmp_path, "corpus/sub/deeper/d.markdown", GLUED)
    write(tmp_path, "corpus/notes.rst", COMMA)
    write(tmp_path, "corpus/data.csv", COMMA)
    write(tmp_path, "corpus/node_modules/e.txt", GLUED)
    write(tmp_path, "corpus/clean.txt", CLEAN)
    return tmp_path


# --- 1. files ------------------------------------------------------------------------------


def test_recurses_with_default_types_and_relative_paths(run, corpus):
    r = run("corpus", cwd=corpus)
    assert r.code == 1
    assert paths_of(r) == [
        "corpus/a.txt",
        "corpus/b.text",
        "corpus/sub/c.md",
        "corpus/sub/deeper/d.markdown",
    ]
    assert "corpus/a.txt:1:21: NL301 [*] missing space after '.'" in r.lines


def test_default_path_is_the_working_directory(run, corpus):
    r = run(cwd=corpus / "corpus")
    assert paths_of(r) == ["a.txt", "b.text", "sub/c.md", "sub/deeper/d.markdown"]


def test_absolute_paths_stay_absolute(run, corpus):
    r = run(corpus / "corpus" / "sub", cwd=corpus)
    assert paths_of(r) == [
        str(corpus / "corpus/sub/c.md"),
        str(corpus / "corpus/sub/deeper/d.markdown"),
    ]


def test_include_replaces_and_extend_include_adds(run, corpus):
    assert paths_of(run("corpus", "--include", "*.rst", cwd=corpus)) == ["corpus/notes.rst"]
    r = run("corpus", "--extend-include", "*.rst,*.csv", cwd=corpus)
    assert (
        "corpus/notes.rst" in paths_of(r)
        and "corpus/data.csv" in paths_of(r)
        and "corpus/a.txt" in paths_of(r)
    )


def test_exclude_and_extend_exclude(run, corpus):
    r = run("corpus", "--extend-exclude", "deeper", cwd=corpus)
    assert paths_of(r) == ["corpus/a.txt", "corpus/b.text", "corpus/sub/c.md"]
    r = run("corpus", "--extend-exclude", "corpus/sub/*,b.text", cwd=corpus)
    assert paths_of(r) == ["corpus/a.txt"]
    # --exclude replaces the defaults: node_modules is linted again
    r = run("corpus", "--exclude", "sub", cwd=corpus)
    assert paths_of(r) == ["corpus/a.txt", "corpus/b.text", "corpus/node_modules/e.txt"]


def test_explicit_files_are_linted_unless_force_exclude(run, corpus):
    r = run("corpus/notes.rst", "corpus/sub/c.md", "--extend-exclude", "sub,*.rst", cwd=corpus)
    assert paths_of(r) == ["corpus/notes.rst", "corpus/sub/c.md"]
    r = run(
        "corpus/notes.rst",
        "corpus/sub/c.md",
        "--extend-exclude",
        "sub,*.rst",
        "--force-exclude",
        cwd=corpus,
    )
    assert r.code == 0 and r.out == ""


def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_gitignored_files_are_skipped_inside_a_git_repository(run, corpus):
    _git(corpus, "init", "-q", ".")
    write(corpus, ".gitignore", "corpus/sub/\n*.text\n")
    assert paths_of(run("corpus", cwd=corpus)) == ["corpus/a.txt"]
    r = run("corpus", "--no-respect-gitignore", cwd=corpus)
    assert paths_of(r) == [
        "corpus/a.txt",
        "corpus/b.text",
        "corpus/sub/c.md",
        "corpus/sub/deeper/d.markdown",
    ]
    # a file named on the command line is linted even when git ignores it
    assert paths_of(run("corpus/b.text", cwd=corpus)) == ["corpus/b.text"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_tracked_file_is_linted_though_gitignore_matches_it(run, corpus):
    # git ignores untracked files only: a tracked one is linted, as git itself keeps it
    # (newslint lists the tracked files once instead of asking about each)
    _git(corpus, "init", "-q", ".")
    _git(corpus, "add", "corpus/b.text")
    write(corpus, ".gitignore", "*.text\ncorpus/sub/\n")
    assert paths_of(run("corpus", cwd=corpus)) == ["corpus/a.txt", "corpus/b.text"]


def test_gitignore_means_nothing_outside_git(run, corpus):
    write(corpus, ".gitignore", "*.text\n")
    assert "corpus/b.text" in paths_of(run("corpus", cwd=corpus))


def test_missing_file_is_reported_not_fatal(run, corpus):
    r = run("corpus/a.txt", "nope.txt", cwd=corpus)
    assert r.code == 1
    assert "nope.txt:1:1: NL003 cannot read file: No such file or directory" in r.lines
    assert any(line.startswith("corpus/a.txt:") for line in r.lines)


def test_binary_and_undecodable_files(run, tmp_path):
    write(tmp_path, "bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", mode="wb")
    write(tmp_path, "latin.txt", b"Price: \xa3100.\n", mode="wb")
    r = run(".", cwd=tmp_path)
    assert r.code == 1
    assert "bin.txt:1:1: NL002 binary file (contains NUL bytes): skipped" in r.lines
    assert any(line.startswith("latin.txt:1:8: NL001 ") for line in r.lines)
    assert run("latin.txt", "--encoding", "latin-1", cwd=tmp_path).code == 0


def test_stdin_with_and_without_a_name():
    r = run_cli("-", stdin=COMMA.encode())
    assert (r.code, r.lines) == (1, ["-:1:10: NL302 [*] missing space after ','"])
    r = run_cli("-", "--stdin-filename", "news/today.md", stdin=COMMA.encode())
    assert (r.code, r.lines) == (1, ["news/today.md:1:10: NL302 [*] missing space after ','"])
    assert run_cli("-", stdin=CLEAN.encode()).code == 0


def test_stdin_filename_chooses_the_per_file_ignores(tmp_path):
    r = run_cli(
        "-",
        "--stdin-filename",
        "x/y.md",
        "--per-file-ignores",
        "*.md:NL302",
        stdin=COMMA.encode(),
        cwd=tmp_path,
    )
    assert (r.code, r.out) == (0, "")


def test_stdin_fix_writes_the_fixed_text_to_stdout():
    r = run_cli("-", "--fix", stdin=COMMA.encode())
    assert r.code == 0
    assert r.out == "Thank you, Emma.\n"


def test_stdin_fix_echoes_a_binary_input_unchanged():
    # regression: a binary (NL002) input came back empty, losing the piped data
    data = b"abc\x00def ,ghi\n"
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", "-", "--fix"],
        input=data,
        capture_output=True,
    )
    assert proc.returncode == 1 and proc.stdout == data
    assert b"NL002" in proc.stderr and b"Traceback" not in proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_fifo_found_in_a_directory_is_skipped_not_read(tmp_path):
    # regression: reading a FIFO with no writer (and --show-source re-reading it) hung forever
    write(tmp_path, "corpus/a.txt", GLUED)
    os.mkfifo(tmp_path / "corpus" / "pipe.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", "--no-cache", "--show-source", "corpus"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    lines = [line for line in proc.stdout.decode().splitlines() if not line.startswith(" ")]
    assert proc.returncode == 1, proc.stderr
    assert lines == [
        "corpus/a.txt:1:21: NL301 [*] missing space after '.'",
        "corpus/pipe.txt:1:1: NL003 not a regular file (a FIFO, socket or device): skipped",
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="file names as bytes, /dev/zero")
@pytest.mark.parametrize("fmt", ["default", "grouped", "json", "jsonl", "github", "sarif"])
def test_file_name_that_is_not_utf8_in_every_format(tmp_path, fmt):
    # regression: UnicodeEncodeError (exit 2) with a strict stdout, with -o, and in SARIF URIs
    name = b"bad\xffname.txt"
    (tmp_path / os.fsdecode(name)).write_text(GLUED)
    args = [sys.executable, "-m", "newslint", "--isolated", "--no-cache", "--format", fmt]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([*args, "."], cwd=tmp_path, capture_output=True, env=env)
    assert proc.returncode == 1 and b"NL301" in proc.stdout, proc.stderr
    proc = subprocess.run([*args, "-o", "out", "."], cwd=tmp_path, capture_output=True, env=env)
    assert proc.returncode == 1 and b"NL301" in (tmp_path / "out").read_bytes(), proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="a device without end")
def test_device_named_on_the_command_line_is_read_bounded(run):
    # regression: /dev/zero has no size for getsize, so it was read until MemoryError
    r = run("--isolated", "--no-cache", "--max-file-size", "1MB", "--show-source", "/dev/zero")
    assert r.code == 1 and r.lines[0].startswith("/dev/zero:1:1: NL005 "), r.err


def test_python_dash_m_and_version(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", "--version"], capture_output=True, text=True
    )
    assert (proc.returncode, proc.stdout.strip()) == (0, f"newslint {__version__}")
    exe = shutil.which("newslint")
    if exe:
        proc = subprocess.run([exe, "--version"], capture_output=True, text=True)
        assert proc.stdout.strip() == f"newslint {__version__}"
    write(tmp_path, "a.txt", GLUED)
    assert run_cli("a.txt", cwd=tmp_path).lines == ["a.txt:1:21: NL301 [*] missing space after '.'"]


# --- 2. output options and exit codes ---------------------------------------------------------


def test_show_source_puts_carets_under_the_span(run, tmp_path):
    write(tmp_path, "a.txt", "Intro line.\n\t“Wide” said,Bob and \n")
    r = run("a.txt", "--show-source", "--select", "NL302,NL305", cwd=tmp_path)
    assert r.out.splitlines() == [
        "a.txt:2:13: NL302 [*] missing space after ','",
        "    \t“Wide” said,Bob and ",
        "    \t           ^",
        "a.txt:2:21: NL305 [*] trailing whitespace",
        "    \t“Wide” said,Bob and ",
        "    \t                   ^",
    ]
    assert run(
        "a.txt", "--show-source", "--no-show-source", "--select", "NL302", cwd=tmp_path
    ).lines == ["a.txt:2:13: NL302 [*] missing space after ','"]


def test_show_source_counts_wide_characters_as_two_cells(run, tmp_path):
    write(tmp_path, "a.txt", "Intro line.\nIn 東京 the cafe\u0301 said,Bob left.\n")
    r = run("a.txt", "--show-source", "--select", "NL302", cwd=tmp_path)
    assert r.out.splitlines() == [
        "a.txt:2:21: NL302 [*] missing space after ','",
        "    In 東京 the cafe\u0301 said,Bob left.",
        "    " + " " * 21 + "^",  # In_ 3, 東京 4, _the_ 5, café 4 (the accent takes none), _said 5
    ]


def test_statistics_and_count(run, corpus):
    r = run("corpus", "--statistics", cwd=corpus)  # the counts only, fixable ones marked
    assert r.lines == [
        "     2  NL301  [*] missing-space-after-sentence",
        "     2  NL302  [*] missing-space-after-comma",
    ]
    r = run("corpus", "--count", cwd=corpus)
    assert r.lines[-1] == "4" and len(r.lines) == 5
    r = run("corpus", "--count", "--statistics", "-q", cwd=corpus)
    assert r.lines[-1] == "4" and len(r.lines) == 3


def test_quiet_prints_reports_only(run, tmp_path):
    write(tmp_path, "a.txt", GLUED + "Prices rose ; then fell.\n")
    r = run("a.txt", "--fix", cwd=tmp_path)
    assert "fixed 2 reports in 1 file" in r.err
    write(tmp_path, "a.txt", GLUED + "Prices rose ; then fell.\n")
    r = run("a.txt", "--fix", "-q", cwd=tmp_path)
    assert r.err == "" and r.code == 0


def test_output_file(run, corpus):
    r = run("corpus", "--output-file", "out/report.txt", cwd=corpus)
    assert "cannot write" in r.err and r.code == 2  # the folder does not exist
    r = run("corpus", "-o", "report.txt", "--count", cwd=corpus)
    assert r.code == 1 and r.out == ""
    text = (corpus / "report.txt").read_text(encoding="utf-8")
    assert "corpus/a.txt:1:21: NL301 [*] missing space after '.'" in text and text.endswith("\n4\n")


def test_exit_codes_and_one_line_errors(run, corpus):
    assert run_cli("corpus/clean.txt", cwd=corpus).code == 0
    assert run_cli("corpus/a.txt", cwd=corpus).code == 1
    assert run_cli("corpus/a.txt", "--exit-zero", cwd=corpus).code == 0
    r = run_cli("corpus", "--select", "NL999", cwd=corpus)
    assert (r.code, r.out, r.err) == (
        2,
        "",
        "newslint: error: --select: unknown rule code or name 'NL999'\n",
    )
    for args in (
        ["corpus", "--no-such-option"],
        ["corpus", "--format", "xml"],
        ["corpus", "--select", "no-such-rule"],
        ["corpus", "--extend-ignore", "NL30X"],
        ["corpus", "--jobs", "0"],
        ["corpus", "--jobs", "many"],
        ["corpus", "--max-file-size", "huge"],
        ["corpus", "--encoding", "klingon"],
        ["corpus", "--encoding", "hex"],  # regression: a bytes codec was an internal error
        ["corpus", "--max-file-size", "infMB"],  # regression: OverflowError
        ["corpus", "--config", "missing.toml"],
        ["corpus", "--per-file-ignores", "nocolon"],
        ["-", "corpus/a.txt"],
        ["corpus", "--stdin-filename", "x.txt"],
        ["corpus", "--rule-path", "no/such/pack.toml"],
        ["corpus", "--diff", "-"],
        ["rules", "--format", "xml"],
        ["rule"],
    ):
        r = run(*args, cwd=corpus, stdin=b"")
        assert r.code == 2, args
        assert r.err.startswith("newslint: error: "), (args, r.err)
        assert len(r.err.strip().splitlines()) == 1, (args, r.err)
        assert "Traceback" not in r.err


def test_internal_error_in_one_file_is_one_line_and_exit_2(corpus, tmp_path):
    # a plugin rule that crashes: the run goes on, says which file, exits 2, no traceback
    plugin = tmp_path / "plug"
    write(
        plugin,
        "crashing_rule.py",
        (
            "from newslint.rule import Rule\n"
            "class Crash(Rule):\n"
            "    '''Always crashes.'''\n"
            "    code, name, family = 'NL999', 'always-crashes', 'phrasing'\n"
            "    def check(self, doc):\n"
            "        raise RuntimeError('boom')\n"
        ),
    )
    write(
        plugin,
        "crashing_rule-0.1.dist-info/METADATA",
        "Metadata-Version: 2.1\nName: crashing-rule\nVersion: 0.1\n",
    )
    write(
        plugin,
        "crashing_rule-0.1.dist-info/entry_points.txt",
        "[newslint.rules]\ncrash = crashing_rule\n",
    )
    env = {"PYTHONPATH": str(plugin) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    r = run_cli("corpus/a.txt", "corpus/clean.txt", env=env, cwd=corpus)
    assert r.code == 2
    assert "corpus/a.txt: internal error: RuntimeError: boom" in r.err
    assert "Traceback" not in r.err


# --- 3. selection -----------------------------------------------------------------------------


def _codes(result):
    return sorted({line.split(": ")[1].split()[0] for line in result.lines})


@pytest.fixture
def mixed(tmp_path):
    # NL301, NL302, NL304 and NL305 (off by default: invisible to a reader), NL309
    write(
        tmp_path,
        "m.txt",
        "He was injured.Your aides said,Bob  left. \nHe said that the the talks failed.\n",
    )
    return tmp_path


def test_default_selection_leaves_opinionated_rules_off(run, mixed):
    assert _codes(run("m.txt", cwd=mixed)) == ["NL301", "NL302", "NL309"]


@pytest.mark.parametrize(
    "args,codes",
    [
        (["--select", "NL301"], ["NL301"]),
        (["--select", "NL30"], ["NL301", "NL302", "NL304", "NL305", "NL309"]),
        (["--select", "ALL"], ["NL301", "NL302", "NL304", "NL305", "NL309"]),
        (["--select", "missing-space-after-comma,NL305"], ["NL302", "NL305"]),
        (["--select", "nl301", "--select", "trailing-whitespace"], ["NL301", "NL305"]),
        (["--extend-select", "multiple-spaces"], ["NL301", "NL302", "NL304", "NL309"]),
        (["--ignore", "NL30"], []),
        (["--ignore", "doubled-word"], ["NL301", "NL302"]),
        (["--extend-ignore", "NL301,NL302"], ["NL309"]),
        (
            ["--select", "ALL", "--ignore", "NL304", "--extend-ignore", "NL309"],
            ["NL301", "NL302", "NL305"],
        ),
        (["--per-file-ignores", "*.txt:NL301,NL302"], ["NL309"]),
        (["--per-file-ignores", "other/*.txt:NL301"], ["NL301", "NL302", "NL309"]),
    ],
)
def test_selection(run, mixed, args, codes):
    assert _codes(run("m.txt", *args, cwd=mixed)) == codes


# --- 6. rule documentation ---------------------------------------------------------------------


def test_rules_listing(run):
    r = run("rules")
    assert r.code == 0
    assert r.lines[0].split()[:5] == ["code", "name", "family", "default", "fix"]
    row = next(line for line in r.lines if line.startswith("NL304"))
    assert row.split()[:5] == ["NL304", "multiple-spaces", "spacing", "off", "safe"]
    rows = json.loads(run("rules", "--format", "json").out)
    by_code = {row["code"]: row for row in rows}
    assert by_code["NL301"]["name"] == "missing-space-after-sentence"
    assert by_code["NL301"]["default"] is True and by_code["NL304"]["default"] is False
    assert by_code["NL301"]["fixable"] == "safe" and by_code["NL301"]["family"] == "spacing"
    assert [row["code"] for row in rows] == sorted(by_code)


def test_rule_explains_itself_by_code_and_by_name(run):
    by_code = run("rule", "NL301")
    assert by_code.code == 0
    assert by_code.out.startswith("NL301 missing-space-after-sentence (spacing)\n")
    assert "injured⟦.⟧Your" in by_code.out and "bbc.co.uk" in by_code.out
    assert run("rule", "missing-space-after-sentence").out == by_code.out
    assert run("rule", "nl301").out == by_code.out
    r = run("rule", "NL998")
    assert r.code == 2 and "no rule named 'NL998'" in r.err


# --- 8. parallel runs and progress --------------------------------------------------------------


@pytest.fixture
def many(tmp_path):
    for i in range(24):
        body = GLUED if i % 3 == 0 else (COMMA if i % 3 == 1 else CLEAN)
        write(tmp_path, f"docs/{'sub/' if i % 2 else ''}f{i:02d}.txt", body * (1 + i % 4))
    return tmp_path


def test_jobs_output_is_identical(many):
    # every default rule, corpus rules (duplicates across files) included
    one = run_cli("docs", "--jobs", "1", "--no-cache", cwd=many)
    two = run_cli("docs", "--jobs", "2", "--no-cache", cwd=many)
    assert one.code == two.code == 1
    assert one.out == two.out and len(one.lines) >= 40
    keys = [(p, int(line), int(col)) for p, line, col, _ in (x.split(":", 3) for x in one.lines)]
    assert keys == sorted(keys)
    one = run_cli("docs", "-j", "1", "--select", "NL3", "--format", "json", cwd=many)
    two = run_cli("docs", "-j", "2", "--select", "NL3", "--format", "json", cwd=many)
    assert one.out == two.out and len(json.loads(one.out)) == 40


def _on_a_terminal(cmd, cwd, env=None):
    """Run ``cmd`` with stderr on a pseudo-terminal; return what the terminal saw."""
    pty = pytest.importorskip("pty")
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(30)
    os.close(master)
    return proc.returncode, seen.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_progress_only_on_a_terminal(many):
    cmd = [sys.executable, "-m", "newslint", "docs", "-j", "2"]
    env = {"CI": ""}
    code, seen = _on_a_terminal(cmd, many, env)
    assert code == 1
    assert "24/24 files" in seen and "MB/s" in seen and "left" in seen
    # the line is cleared at the end, and the closing summary says what was checked
    assert "\x1b[KFound 47 reports in 19 files (24 files, " in seen, seen[-300:]
    assert _on_a_terminal(cmd + ["-q"], many, env)[1] == ""
    # in CI, and when stderr is not a terminal: no progress line, the summary alone
    summary = "Found 47 reports in 19 files (24 files, "
    assert _on_a_terminal(cmd, many, {"CI": "true"})[1].startswith(summary)
    assert run_cli("docs", "-j", "2", cwd=many, env=env).err.startswith(summary)


# --- the remaining options ------------------------------------------------------------------


def test_check_subcommand_is_the_default(run, corpus):
    assert run("check", "corpus", cwd=corpus).out == run("corpus", cwd=corpus).out


def test_max_file_size_option(run, tmp_path):
    write(tmp_path, "big.txt", "A quiet day." * 20 + "\n")
    write(tmp_path, "small.txt", GLUED)
    r = run(".", "--max-file-size", "100B", cwd=tmp_path)
    assert r.lines == [
        "big.txt:1:1: NL005 file is 0.0 MB, over max-file-size (0.0 MB): not linted",
        "small.txt:1:21: NL301 [*] missing space after '.'",
    ]
    assert run(".", "--max-file-size", "1KiB", cwd=tmp_path).lines == [
        "small.txt:1:21: NL301 [*] missing space after '.'"
    ]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_respect_gitignore_flag_overrides_the_file(run, corpus):
    _git(corpus, "init", "-q", ".")
    write(corpus, ".gitignore", "*.text\n")
    write(corpus, "newslint.toml", "respect-gitignore = false\n")
    assert "corpus/b.text" in paths_of(run("corpus", cwd=corpus))
    assert "corpus/b.text" not in paths_of(run("corpus", "--respect-gitignore", cwd=corpus))


def test_no_cache_writes_nothing(run, corpus):
    run("corpus", "--no-cache", cwd=corpus)
    assert not (corpus / ".newslint_cache").exists()
    run("corpus", cwd=corpus)
    cache = corpus / ".newslint_cache"
    if cache.exists():  # the corpus index keeps itself out of git
        assert (cache / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")


def test_verbose_and_rule_path_and_no_plugins_are_accepted(run, corpus):
    r = run("corpus/a.txt", "-v", "--no-plugins", cwd=corpus)
    assert r.code == 1 and r.lines[0] == "corpus/a.txt:1:21: NL301 [*] missing space after '.'"
