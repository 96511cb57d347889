"""Readers: Markdown, JSON and JSON Lines records, damaged and unusual files.

Every fixture in tests/fixtures/sources is one deliberately broken file with its expected
reports beside it (``<name>.expected``: ``line:col: CODE message``).
"""

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint import engine
from newslint.registry import build_registry
from newslint.sources import SourceOptions, records
from newslint.sources.markdown import parse_markdown
from tests.conftest import SHARED, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
REGISTRY = build_registry(plugins=False)
CODES = tuple(r.code for r in REGISTRY if r.code.startswith(("NL0", "NL3")) and r.default_enabled)
SELECT = "NL0,NL301"
# a report line; the [*] marker of a fixable report is not part of the fixtures' messages
REPORT = re.compile(
    r"^(?P<path>.*?):(?P<line>\d+):(?P<col>\d+): (?P<code>NL\d+) (?:\[\*\] )?(?P<message>.*)$"
)


def parsed(lines):
    return sorted(
        (int(m["line"]), int(m["col"]), m["code"], m["message"])
        for m in map(REPORT.match, lines)
        if m
    )


def fixture_names():
    return sorted(p.name for p in FIXTURES.iterdir() if p.suffix != ".expected")


def raw_lines(path: Path) -> list:
    data = path.read_bytes()
    text = data.decode(
        "utf-16" if data.startswith(b"\xff\xfe") else "utf-8", errors="replace"
    ).lstrip("\ufeff")
    return re.split(r"\r\n|\r|\n", text)


def linter(select=CODES, fix=None, **source) -> engine.Linter:
    return engine.Linter(
        engine.Settings(select=select, plugins=False, fix=fix, source=SourceOptions(**source)),
        REGISTRY,
    )


# --- the fixtures, through the real CLI ------------------------------------------------------


@pytest.mark.parametrize("name", fixture_names())
def test_fixture_reports(run, name):
    expected = [
        f"{name}:{line}"
        for line in (FIXTURES / f"{name}.expected").read_text("utf-8").splitlines()
        if line
    ]
    result = run("--isolated", "-j", "1", "--select", SELECT, name, cwd=FIXTURES)
    assert parsed(result.lines) == parsed(expected)
    assert result.code == (1 if expected else 0)


@pytest.mark.parametrize("name", [n for n in fixture_names() if n.endswith((".json", ".jsonl"))])
def test_json_reports_land_inside_string_literals(run, name):
    """The reported raw character is the one the plain text has there: '.' of 'injured.Your'."""
    result = run("--isolated", "-j", "1", "--select", "NL301", name, cwd=FIXTURES)
    lines = raw_lines(FIXTURES / name)
    for line, col, _code, _ in parsed(result.lines):
        assert lines[line - 1][col - 1] == "."


def test_fixture_columns_point_at_the_defect():
    for name in fixture_names():
        if name.endswith((".txt", ".md")):
            lines = raw_lines(FIXTURES / name)
            for line, col, code, _ in parsed(
                f"x:{x}" for x in (FIXTURES / f"{name}.expected").read_text().splitlines()
            ):
                if code == "NL301":
                    assert (
                        lines[line - 1][col - 2 : col + 1] == "d.Y"
                        or lines[line - 1][col - 1] == "."
                    ), (name, line, col)


def test_skipped_records_are_noted_with_verbose(run):
    quiet = run("--isolated", "-j", "1", "--select", SELECT, "jsonl_no_text.jsonl", cwd=FIXTURES)
    assert "skipped" not in quiet.err
    loud = run(
        "--isolated", "-j", "1", "-v", "--select", SELECT, "jsonl_no_text.jsonl", cwd=FIXTURES
    )
    notes = [line for line in loud.err.splitlines() if "skipped" in line]
    assert len(notes) == 2 and "jsonl_no_text.jsonl:1:1: record empty" in notes[0]
    assert parsed(loud.lines) == parsed(quiet.lines)


def test_streamed_jsonl_in_a_subprocess():
    result = run_cli(
        "--isolated", "-j", "1", "--select", SELECT, "jsonl_invalid_line.jsonl", cwd=FIXTURES
    )
    assert result.code == 1
    assert [(r[0], r[2]) for r in parsed(result.lines)] == [
        (2, "NL004"),
        (3, "NL301"),
        (5, "NL004"),
    ]


def test_jsonl_on_stdin_is_read_whole(run):
    data = (FIXTURES / "jsonl_escapes.jsonl").read_bytes()
    result = run("--isolated", "--select", SELECT, "--stdin-filename", "x.jsonl", "-", stdin=data)
    expected = (FIXTURES / "jsonl_escapes.jsonl.expected").read_text().splitlines()
    assert parsed(result.lines) == parsed(f"x:{x}" for x in expected)


def test_nested_text_fields_and_record_id(run, tmp_path):
    (tmp_path / "newslint.toml").write_text(
        'text-fields = ["meta.headline", "content.paras"]\nrecord-id-field = "meta.slug"\n'
    )
    record = {
        "meta": {"slug": "s-1", "headline": "Fine"},
        "content": {"paras": ["One para.", "He was injured.Your pride."]},
    }
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n")
    result = run("-j", "1", "--select", SELECT, "a.jsonl", cwd=tmp_path)
    [(line, col, code, message)] = parsed(result.lines)
    raw = (tmp_path / "a.jsonl").read_text()
    assert raw[col - 1] == "." and message.startswith("record s-1 (content.paras.1): ")


def test_integer_beyond_python_digit_limit_is_linted(run, tmp_path):
    # regression: int() refuses over 4300 digits (ValueError), failing the whole file
    big = "9" * 5000
    text = '"text": "He was injured.Your fault."}'
    (tmp_path / "a.json").write_text('{"id": ' + big + ", " + text)
    (tmp_path / "b.jsonl").write_text('{"id": -' + big + ", " + text + "\n")
    result = run("--isolated", "-j", "1", "--select", SELECT, "a.json", "b.jsonl", cwd=tmp_path)
    assert result.code == 1, result.err
    assert [(r[0], r[2]) for r in parsed(result.lines)] == [(1, "NL301")] * 2


def test_record_title_and_paragraphs():
    raw = json.dumps({"text": "Para one.\nPara \u201ctwo\u201d.", "title": "The Title", "id": 3})
    [doc] = records.parse_records(raw, "x.json", "json", SourceOptions())
    assert doc.text[doc.title.start : doc.title.end] == "The Title"
    assert [doc.text[s:e] for s, e in doc.paragraphs] == [
        "The Title",
        "Para one.",
        "Para \u201ctwo\u201d.",
    ]
    assert doc.label(doc.text.index("two")) == "record 3 (text)"


# --- damaged and unusual files --------------------------------------------------------------


def test_missing_and_vanishing_paths(run, tmp_path):
    gone = tmp_path / "gone.txt"
    gone.write_text("Here.\n")
    lint = linter()
    gone.unlink()  # found, then gone before it is read
    [report] = lint.finish([lint.lint_file(str(gone), "gone.txt")])
    assert (report.code, report.line, report.column) == (
        "NL003",
        1,
        1,
    ) and "No such file" in report.message
    (tmp_path / "ok.txt").write_text("Fine.\n")
    result = run("--isolated", "-j", "1", "missing.txt", "missing.jsonl", "ok.txt", cwd=tmp_path)
    assert [r[2] for r in parsed(result.lines)] == ["NL003", "NL003"] and result.code == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file(run, tmp_path):
    for name in ("secret.txt", "secret.jsonl"):
        (tmp_path / name).write_text("He was injured.Your government lied.\n")
        (tmp_path / name).chmod(0)
    result = run("--isolated", "-j", "1", "secret.txt", "secret.jsonl", cwd=tmp_path)
    assert [(r[2], "Permission denied" in r[3]) for r in parsed(result.lines)] == [
        ("NL003", True)
    ] * 2
    assert result.code == 1


def test_unreadable_file_even_as_root(run, tmp_path, monkeypatch):
    """Root reads anything: a permission error is simulated where the readers open files."""

    def denied(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("newslint.sources.base.open", denied, raising=False)
    monkeypatch.setattr("newslint.sources.records.open", denied, raising=False)
    for name in ("secret.txt", "secret.jsonl", "secret.json"):
        (tmp_path / name).write_text("{}")
    result = run("--isolated", "-j", "1", "secret.txt", "secret.jsonl", "secret.json", cwd=tmp_path)
    assert [(r[2], "Permission denied" in r[3]) for r in parsed(result.lines)] == [
        ("NL003", True)
    ] * 3
    assert result.code == 1


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_directory_loop(run, tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("He was injured.Your government lied.\n")
    os.symlink("..", tmp_path / "d" / "up")
    result = run("--isolated", "-j", "1", "--select", SELECT, "d", cwd=tmp_path)
    codes = sorted(r[2] for r in parsed(result.lines))
    assert codes == ["NL003", "NL301"] and result.code == 1


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_file_reached_twice_is_linted_once(run, tmp_path):
    # the walk keys a file by its folder's real path and its name, a link by its target:
    # named as an argument, under a folder given too, and through a link, it is one file
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "c").mkdir()
    (tmp_path / "a" / "b" / "x.txt").write_text("He was injured.Your government lied.\n")
    os.symlink(os.path.join("..", "a", "b", "x.txt"), tmp_path / "c" / "link.txt")
    os.symlink(os.path.join("..", "a"), tmp_path / "c" / "folder")
    os.symlink("missing.txt", tmp_path / "c" / "dangling.txt")
    result = run(
        "--isolated", "-j", "1", "--select", SELECT, "a/b/x.txt", "a", "c", ".", cwd=tmp_path
    )
    got = [(m["path"], m["code"]) for m in map(REPORT.match, result.lines) if m]
    # the dangling link is left to the reader; the folder link, once "." is walked, leads
    # back to a folder already walked: reported, not followed
    assert got == [
        ("a/b/x.txt", "NL301"),
        ("c/dangling.txt", "NL003"),
        ("c/folder", "NL003"),
    ]
    assert "(2 files," in result.err  # x.txt and the dangling link: read once each


def test_file_over_max_file_size(run, tmp_path):
    (tmp_path / "big.txt").write_text("word " * 400)
    result = run("--isolated", "-j", "1", "--max-file-size", "1000", "big.txt", cwd=tmp_path)
    [(line, col, code, message)] = parsed(result.lines)
    assert (line, col, code) == (1, 1, "NL005") and "max-file-size" in message and result.code == 1


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_text_fix_keeps_bom_and_newline_style(run, tmp_path, newline):
    raw = "\ufeffTitle\n\nHe was injured.Your government lied.\nAnd  again.\n".replace(
        "\n", newline
    )
    (tmp_path / "a.txt").write_bytes(raw.encode("utf-8"))
    run("--isolated", "-j", "1", "--select", "NL3", "--fix", "a.txt", cwd=tmp_path)
    assert (tmp_path / "a.txt").read_bytes().decode("utf-8") == raw.replace(
        "injured.Your", "injured. Your"
    ).replace("  ", " ")


def test_legacy_encoding_option(run, tmp_path):
    (tmp_path / "l.txt").write_bytes(
        b"A room costs \xa3100.\nHe was injured.Your government lied.\n"
    )
    result = run(
        "--isolated", "-j", "1", "--select", SELECT, "--encoding", "latin-1", "l.txt", cwd=tmp_path
    )
    assert [(r[0], r[1], r[2]) for r in parsed(result.lines)] == [(2, 15, "NL301")]


def test_latin1_byte_in_streamed_jsonl(run, tmp_path):
    (tmp_path / "l.jsonl").write_bytes(
        b'{"text": "ok"}\n{"text": "costs \xa3100 then.Bad"}\n{"text": "He was injured.Your lie."}\n'
    )
    result = run("--isolated", "-j", "1", "--select", SELECT, "l.jsonl", cwd=tmp_path)
    assert [(r[0], r[1], r[2]) for r in parsed(result.lines)] == [
        (2, 17, "NL001"),
        (2, 26, "NL301"),
        (3, 25, "NL301"),
    ]


BBC = SHARED / "corpora" / "bbc" / "sport" / "199.txt"


@pytest.mark.skipif(not BBC.exists(), reason="shared corpus not present")
def test_bbc_latin1_pound_sign(run, tmp_path):
    copy = tmp_path / "199.txt"
    copy.write_bytes(BBC.read_bytes() + b"The talks failed.The army moved in.\n")
    result = run("--isolated", "-j", "1", str(copy))
    reports = parsed(result.lines)
    assert (5, 176, "NL001") in [(r[0], r[1], r[2]) for r in reports]
    assert any(r[2] == "NL301" for r in reports)  # the rest of the file is still linted


# --- Markdown structure -------------------------------------------------------------------------


def test_markdown_structure():
    doc = parse_markdown((FIXTURES / "markdown_hidden.md").read_text(), "m.md")
    paragraphs = [doc.text[s:e] for s, e in doc.paragraphs]
    assert [doc.text[s:e] for s, e in doc.headings] == ["Setext heading.Here"]
    assert "A quote.Flagged inside a block quote\n> that goes on." in paragraphs
    assert "first item.Flagged" in paragraphs and "second item" in paragraphs
    for hidden in (
        "fenced.Code",
        "indented.Code",
        "html block.Hidden",
        "comment.Hidden",
        "inline.Code",
        "page.Html",
        "Title.Here",
        "x.Y",
        "matter.Is",
        "a.B",
    ):
        assert doc.in_hidden(doc.text.index(hidden)), hidden
    assert not doc.in_hidden(doc.text.index("link]"))


# --- fixes ---------------------------------------------------------------------------------------


def _spans(raw: str):
    """Raw spans of every string literal of a JSON text (JSON Lines: line by line)."""
    out = []

    def walk(node):
        if isinstance(node, records.Str):
            out.append((node.start, node.end))
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(records.parse_json(raw))
    return out


def _outside(raw: str) -> list:
    spans, pos, out = _spans(raw), 0, []
    for s, e in spans:
        out.append(raw[pos:s])
        pos = e
    return out + [raw[pos:]]


@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_json_fix_round_trip(run, tmp_path, ensure_ascii, newline):
    texts = [
        "He was injured.Your \u201cgovernment\u201d lied.\nSmile \U0001f600 then  stop.",
        "Clean text.",
    ]
    data = {
        "output": {f"k{i}": {"articleBody": t, "n": i} for i, t in enumerate(texts)},
        "version": "x",
    }
    raw = json.dumps(data, indent=2, ensure_ascii=ensure_ascii).replace("\n", newline)
    (tmp_path / "a.json").write_bytes(b"\xef\xbb\xbf" + raw.encode())
    (tmp_path / "a.txt").write_text(texts[0])
    run("--isolated", "-j", "1", "--select", "NL3", "--fix", "a.json", "a.txt", cwd=tmp_path)
    new_bytes = (tmp_path / "a.json").read_bytes()
    assert new_bytes.startswith(b"\xef\xbb\xbf")
    new = new_bytes[3:].decode()
    fixed = json.loads(new)
    assert fixed["output"]["k0"]["articleBody"] == (tmp_path / "a.txt").read_text()
    assert fixed["output"]["k0"]["articleBody"] != texts[0]
    assert fixed["output"]["k1"] == data["output"]["k1"] and fixed["version"] == "x"
    assert _outside(new) == _outside(raw)  # every byte outside the string literals kept
    assert new.isascii() == ensure_ascii


def test_jsonl_fix_round_trip_and_diff(run, tmp_path):
    lines = [
        json.dumps({"id": 1, "text": "He was injured.Your government lied."}),
        "not json at all.Really",
        json.dumps({"id": 2, "text": "Clean.", "extra": [1, 2.5, None]}, ensure_ascii=False),
        json.dumps({"id": 3, "text": "Tab\there.Now \u2019quoted\u2019 and \\ back.Slash"}),
    ]
    raw = "\r\n".join(lines) + "\r\n"
    (tmp_path / "a.jsonl").write_bytes(raw.encode())
    diff = run("--isolated", "-j", "1", "--select", "NL3", "--diff", "a.jsonl", cwd=tmp_path)
    assert (tmp_path / "a.jsonl").read_bytes() == raw.encode()
    assert "@@ -1,4 +1,4 @@" in diff.out  # three lines of context, as git apply needs
    run("--isolated", "-j", "1", "--select", "NL3", "--fix", "a.jsonl", cwd=tmp_path)
    new_lines = (tmp_path / "a.jsonl").read_bytes().decode().split("\r\n")
    assert new_lines[1:3] == lines[1:3] and new_lines[4:] == [""]
    assert json.loads(new_lines[0])["text"] == "He was injured. Your government lied."
    assert (
        json.loads(new_lines[3])["text"] == "Tab\there. Now \u2019quoted\u2019 and \\ back. Slash"
    )
    for old, new in zip(lines, new_lines):
        if old != new:
            assert _outside(new) == _outside(old)


def test_fix_never_crosses_fields(tmp_path):
    raw = json.dumps({"title": "Ends with the", "text": "the start"})
    [doc] = records.parse_records(raw, "x.json", "json", SourceOptions())
    start, end = doc.text.index("the\n"), doc.text.index("the start") + 3
    assert not doc.source_map.editable(start, end)
    assert doc.source_map.editable(start, start + 3)


# --- hypothesis: nothing crashes, every location is in range ----------------------------------


def _in_range(raw_bytes: bytes, reports) -> None:
    text = raw_bytes.decode("utf-8", errors="replace")
    lines = re.split(r"\r\n|\r|\n", text[1:] if text.startswith("\ufeff") else text)
    for r in reports:
        assert 1 <= r.line <= len(lines), (r, len(lines))
        assert 1 <= r.column <= len(lines[r.line - 1]) + 1, (r, lines[r.line - 1])


LINTER = linter()
FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@FAST
@given(data=st.binary(max_size=300), ext=st.sampled_from([".txt", ".md", ".json", ".jsonl"]))
def test_random_bytes_never_crash(data, ext):
    result = LINTER.lint_file("x" + ext, "x" + ext, data=data)
    _in_range(data, LINTER.finish([result]))


TEXT = st.text(
    st.characters(blacklist_categories=("Cs",))
    | st.sampled_from(list(".,;:!?\"' \n\r\t\u201c\u201dAaTt")),
    max_size=80,
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "url", "title", "text", "body", "x"]) | TEXT, inner, max_size=5
        )
    ),
    max_leaves=12,
)


@FAST
@given(
    value=JSON,
    ascii_=st.booleans(),
    indent=st.sampled_from([None, 2]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_random_json_never_crashes(tmp_path_factory, value, ascii_, indent, newline):
    raw = json.dumps(value, ensure_ascii=ascii_, indent=indent).replace("\n", newline)
    data = raw.encode("utf-8", errors="surrogatepass")
    if b"\xed" in data:  # lone surrogates cannot be written as UTF-8
        return
    _in_range(data, LINTER.finish([LINTER.lint_file("x.json", "x.json", data=data)]))
    line = json.dumps(value, ensure_ascii=ascii_).encode("utf-8", errors="surrogatepass")
    if b"\xed" in line:
        return
    path = tmp_path_factory.mktemp("j") / "x.jsonl"
    path.write_bytes(line + b"\n" + line + b"\n")  # streamed from disk
    _in_range(path.read_bytes(), LINTER.finish([LINTER.lint_file(str(path), "x.jsonl")]))


@FAST
@given(
    text=TEXT.filter(lambda t: t.strip() and not set(t) & set("\r\n\x00") and t[0] != "\ufeff"),
    ascii_=st.booleans(),
)
def test_record_reports_match_plain_text(text, ascii_):
    """A one-line text field is linted as the same text would be (a newline in a field ends a
    paragraph, which it need not in a text file), each report on the escaped character."""
    plain = LINTER.lint_file("x.txt", "x.txt", data=text.encode())
    raw = json.dumps({"x": 1, "text": text}, ensure_ascii=ascii_)
    rec = LINTER.lint_file("x.jsonl", "x.jsonl", data=raw.encode())
    assert [r.code for r in plain.reports] == [r.code for r in rec.reports]
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    for p, r in zip(plain.reports, rec.reports):
        char = text[starts[p.line - 1] + p.column - 1 : starts[p.line - 1] + p.column]
        escaped = json.dumps(char, ensure_ascii=ascii_)[1:-1] if char else '"'
        assert r.line == 1 and raw[r.column - 1 :].startswith(escaped), (p, r, raw)


FIXER = linter(fix="unsafe")


@FAST
@given(
    texts=st.lists(TEXT.filter(lambda t: "\x00" not in t), min_size=1, max_size=3),
    ascii_=st.booleans(),
    indent=st.sampled_from([None, 2]),
)
def test_random_json_fixes_keep_every_other_byte(texts, ascii_, indent):
    value = [
        {"id": i, "title": t, "text": t + " end.Here", "n": [1, "x"]} for i, t in enumerate(texts)
    ]
    raw = json.dumps(value, ensure_ascii=ascii_, indent=indent)
    if "\\ud" in raw and not ascii_:  # a lone surrogate: not writable as UTF-8
        return
    new = FIXER.lint_file(
        "x.json", "x.json", data=raw.encode("utf-8", errors="surrogatepass")
    ).output
    assert [r["n"] for r in json.loads(new)] == [[1, "x"]] * len(texts)
    assert _outside(new) == _outside(raw)
