"""A large JSON Lines file linted in byte ranges by several workers gives what linting it
whole gives: the same reports (true line numbers, record numbers, columns), the same notes and
warnings, the same exit status; a run that fixes lints files whole."""

from __future__ import annotations

import json

from conftest import run_cli

from newslint.sources.ranges import line_ranges

# invented records: defects the document rules report, ids, and records without text
SENTENCES = [
    "The council met on Tuesday.Members voted to close the old bridge.",
    "Residents said the the repairs had taken too long,and costs had doubled.",
    "the mayor, who lives in leeds, said work would begin in march.",
    "A spokesperson said the goverment would review the plan next year.",
    "Shops on the high street reported fewer visitors than last winter .",
]


def record(i: int) -> bytes:
    if i % 11 == 5:
        return json.dumps({"id": f"n{i}", "meta": {"tags": ["x"]}}).encode()  # no text
    text = SENTENCES[i % len(SENTENCES)] + f" Item {i} \u2019quoted\u2019."
    return json.dumps({"id": f"r{i}", "title": f"Report {i}", "text": text}).encode()


def messy_jsonl(n: int) -> bytes:
    """Records with every line ending, blank lines, a lone CR inside a record (a line break
    for editors, whitespace for JSON), invalid JSON, a BOM and two undecodable bytes."""
    out = [b"\xef\xbb\xbf"]
    for i in range(n):
        line = record(i)
        if i % 13 == 3:
            line = line.replace(b', "title"', b',\r"title"', 1)
        if i in (7, 31):
            line = line.replace(b"Report", b"Rep\xffort", 1)
        if i == 17:
            line = b'{"id": "broken", "text": "unterminated'
        out.append(line + (b"\r\n" if i % 3 == 0 else b"\n"))
        if i % 9 == 0:
            out.append(b"\n")
    return b"".join(out)


def lint(folder, *args, split_bytes):
    env = {"NEWSLINT_SPLIT_BYTES": str(split_bytes)}
    return run_cli("--no-cache", "-j2", "--select", "ALL", *args, folder, env=env)


def test_a_file_split_at_every_record_gives_what_it_gives_whole(tmp_path):
    (tmp_path / "feed.jsonl").write_bytes(messy_jsonl(120))
    (tmp_path / "other.jsonl").write_bytes(b"".join(record(i) + b"\n" for i in range(6)))
    lines = [json.dumps({"id": i, "body_html": "<p>x</p>"}) for i in range(40)]
    (tmp_path / "no-text.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = lint(tmp_path, "--verbose", split_bytes=0)
    assert whole.code == 1 and "NL001" in whole.out and "NL004" in whole.out
    assert whole.out.count("NL001") == 1  # the file's first undecodable byte only
    assert whole.err.count("none of its 40 records has text") == 1
    for size in (1, 700):  # every record a range; a few records a range
        split = lint(tmp_path, "--verbose", split_bytes=size)
        assert (split.code, split.out, split.err) == (whole.code, whole.out, whole.err), size


def test_fix_lints_files_whole_and_writes_what_an_unsplit_run_writes(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "feed.jsonl").write_bytes(messy_jsonl(40))
    a = lint(tmp_path / "a", "--fix", split_bytes=0)
    b = lint(tmp_path / "b", "--fix", split_bytes=1)
    assert (a.code, a.out.replace("/a/", "/b/")) == (b.code, b.out)
    assert (tmp_path / "a" / "feed.jsonl").read_bytes() == (
        tmp_path / "b" / "feed.jsonl"
    ).read_bytes()


def test_line_ranges_end_on_line_boundaries_with_true_line_numbers(tmp_path):
    data = messy_jsonl(50)
    path = tmp_path / "feed.jsonl"
    path.write_bytes(data)
    ranges = line_ranges(str(path), 1)
    assert ranges[0].start == 0 and ranges[-1].end == len(data)
    for before, after in zip(ranges, ranges[1:]):
        assert before.end == after.start and data[before.end - 1 : before.end] == b"\n"
        text = data[: after.start].decode("utf-8", "replace")
        lone_crs = text.count("\r") - text.count("\r\n")
        assert after.lineno == text.count("\n") + lone_crs + 1
    assert line_ranges(str(path), len(data)) is None  # small enough to read whole
