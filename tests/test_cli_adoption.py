"""Adopting newslint on an existing corpus (issue 17), through the command line: never a
silent pass, the closing summary, fixable markers, --statistics, one report a line, source
windows, record keys, baselines, and suppressions that reach records."""

import json
import os
import pty
import subprocess
import sys

from conftest import run_cli, without_summary

GLUED = "He was found injured.Your government lied.\n"  # NL301 at 1:21, fixable
COMMA = "Thank you,Emma.\n"  # NL302 at 1:10, fixable


def write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))  # no newline translation
    return path


def record(rid, **fields):
    return json.dumps({"id": rid, **fields}, ensure_ascii=False)


# --- never a silent pass ------------------------------------------------------------------------


def test_a_folder_of_json_files_says_they_were_not_linted(run, tmp_path):
    for i in range(3):
        write(tmp_path, f"out/{i}.json", "[" + record(f"r{i}", body=COMMA) + "]")
    r = run("out", cwd=tmp_path)
    assert r.code == 0 and r.out == ""
    assert "newslint: warning: 3 .json files not linted: add --extend-include '*.json'" in r.err
    assert "newslint: warning: no files linted: none matched the include globs" in r.err
    r = run("out", "--extend-include", "*.json", cwd=tmp_path)
    assert r.code == 1 and len(r.lines) == 3 and "not linted" not in r.err
    assert run("out", "-q", cwd=tmp_path).err == ""


def test_files_left_out_beside_linted_ones_are_counted(run, tmp_path):
    write(tmp_path, "a.txt", GLUED)
    write(tmp_path, "b.json", "[]")
    r = run(".", cwd=tmp_path)
    assert r.lines == ["a.txt:1:21: NL301 [*] missing space after '.'"]  # no leading './'
    assert without_summary(r.err).splitlines() == [
        "newslint: warning: 1 .json file not linted: add --extend-include '*.json'"
    ]


def test_common_wrappers_are_opened(run, tmp_path):
    body = {"title": "Harbour opens", "content": COMMA}
    wrappers = {
        "newsapi.json": {"status": "ok", "articles": [body]},
        "data.json": {"data": [body]},
        "results.json": {"count": 1, "results": [body]},
        "guardian.json": {"response": {"status": "ok", "results": [body]}},
        "other.json": {"meta": {"page": 1}, "stuff": [body]},  # the one list of objects
    }
    for name, root in wrappers.items():
        write(tmp_path, name, json.dumps(root))
    r = run(*wrappers, cwd=tmp_path)
    assert sorted(line.split(":")[0] for line in r.lines) == sorted(wrappers), r.out + r.err
    assert all("NL302 [*] record #1 (content): missing space after ','" in x for x in r.lines)


def test_wildcard_text_fields(run, tmp_path):
    write(tmp_path, "a.json", json.dumps({"feed": [{"data": {"bodyText": COMMA}}]}))
    write(tmp_path, "newslint.toml", 'text-fields = ["feed[].data.bodyText"]\n')
    assert run("a.json", cwd=tmp_path).lines == [
        "a.json:1:43: NL302 [*] record #1 (feed[].data.bodyText): missing space after ','"
    ]
    write(tmp_path, "b.jsonl", record("x", parts=[{"text": COMMA}, {"text": GLUED}]) + "\n")
    write(tmp_path, "newslint.toml", 'text-fields = ["parts[].text"]\n')
    r = run("b.jsonl", cwd=tmp_path)
    assert [line.split(": ", 2)[1] for line in r.lines] == [
        "NL302 [*] record x (parts[].text.0)",
        "NL301 [*] record x (parts[].text.1)",
    ]


def test_records_without_text_are_a_warning_naming_the_fields_seen(run, tmp_path):
    write(tmp_path, "a.jsonl", record("1", data={"bodyText": COMMA}) + "\n" + record("2") + "\n")
    r = run("a.jsonl", cwd=tmp_path)
    assert r.code == 0 and r.out == ""
    assert r.err.startswith(
        "newslint: a.jsonl:1:1: warning: none of its 2 records has text in the text-fields "
        "(title, headline, text, body, content, articleBody, description, summary): nothing "
        "linted; fields seen: id, data.bodyText"
    ), r.err
    write(tmp_path, "b.json", json.dumps({"data": {"bodyText": COMMA}}))
    r = run("b.json", cwd=tmp_path)
    assert "b.json:1:1: warning: its record has no text in the text-fields" in r.err
    write(tmp_path, "newslint.toml", 'text-fields = ["data.bodyText"]\n')
    assert run("b.json", cwd=tmp_path).code == 1


def test_stdin_jsonl_is_sniffed_and_stdin_format_chooses(run):
    data = (record("r1", body=COMMA.strip()) + "\n").encode()
    r = run("-", stdin=data)
    assert r.lines == ["-:1:32: NL302 [*] record r1 (body): missing space after ','"]
    assert run("-", "--stdin-format", "text", "--select", "NL302", stdin=data).lines == [
        "-:1:32: NL302 [*] missing space after ','"
    ]
    md = b"A table | here\n\nThank you,Emma.\n"
    assert run("-", "--stdin-format", "markdown", stdin=md).lines == [
        "-:3:10: NL302 [*] missing space after ','"
    ]
    r = run("-", "--stdin-format", "yaml", stdin=data)
    assert r.code == 2 and "invalid choice: 'yaml'" in r.err


def test_config_errors_for_missing_dictionaries_and_out_of_range_options(run, tmp_path):
    write(tmp_path, "a.txt", GLUED)
    write(tmp_path, "newslint.toml", 'dictionary-files = ["words/house.txt"]\n')
    r = run("a.txt", cwd=tmp_path)
    assert r.code == 2 and "key 'dictionary-files'" in r.err and "house.txt: no such" in r.err
    for value, why in (
        ("1.85", "expected a share between 0 and 1"),
        ("nan", "expected a finite number"),
        ("-0.5", "expected a share between 0 and 1"),
    ):
        write(tmp_path, "newslint.toml", f"[rules.near-duplicate-document]\nthreshold = {value}\n")
        r = run("a.txt", cwd=tmp_path)
        assert r.code == 2, value
        assert "newslint.toml: [rules.near-duplicate-document]: option 'threshold'" in r.err
        assert why in r.err
    write(tmp_path, "newslint.toml", "[rules.NL602]\nnum-perm = 0\n")
    assert "expected a whole number of 1 or more" in run("a.txt", cwd=tmp_path).err
    write(tmp_path, "newslint.toml", "[rules.NL602]\nthreshold = 0.9\n")
    assert run("a.txt", cwd=tmp_path).code == 1


def test_a_directive_naming_an_unknown_code_is_nl007(run, tmp_path):
    write(tmp_path, "a.md", "<!-- newslint: disable-next-line NL999 -->\n" + GLUED)
    assert run("a.md", cwd=tmp_path).lines == [
        "a.md:1:1: NL007 unknown rule code 'NL999' in newslint directive",
        "a.md:2:21: NL301 [*] missing space after '.'",
    ]
    write(tmp_path, "b.md", "<!-- newslint: disable-next-line NL3 -->\n" + GLUED)
    assert run("b.md", cwd=tmp_path).lines == []  # a prefix of known codes


# --- suppressions that reach records ------------------------------------------------------------


def test_disable_line_in_markdown(run, tmp_path):
    write(
        tmp_path,
        "a.md",
        "| City | Note |\n|---|---|\n"
        "| seoul | Thank you,Emma. | <!-- newslint: disable-line NL201 -->\n" + COMMA,
    )
    r = run("a.md", "--select", "NL201,NL302", cwd=tmp_path)
    assert [x.split(": ")[1].split()[0] for x in r.lines] == ["NL302", "NL302"]
    assert not any("NL201" in x for x in r.lines)


def test_per_record_ignores(run, tmp_path):
    lines = [
        record("wire-1", body=COMMA),
        record("local-1", body=COMMA),
        record("wire-2", body=GLUED),
    ]
    write(tmp_path, "a.jsonl", "\n".join(lines) + "\n")
    write(tmp_path, "newslint.toml", '[per-record-ignores]\n"wire-*" = ["NL3"]\n')
    assert run("a.jsonl", cwd=tmp_path).lines == [
        "a.jsonl:2:37: NL302 [*] record local-1 (body): missing space after ','"
    ]
    r = run("a.jsonl", "--fix", cwd=tmp_path)  # an ignored report is not fixed either
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8").count("you,Emma") == 1, r.err


# --- what was checked, what can be fixed --------------------------------------------------------


def test_summary_line(run, tmp_path):
    write(tmp_path, "a.txt", GLUED + "Prices rose ; then fell.\n")
    write(tmp_path, "b.txt", "A clean sentence.\n")
    r = run(".", "--summary", cwd=tmp_path)
    assert r.err.splitlines()[-1] == (
        "Found 2 reports in 1 file (2 files, 86 B checked). 2 fixable with --fix."
    )
    r = run("b.txt", "--summary", cwd=tmp_path)
    assert r.err == "No reports (1 file, 18 B checked).\n"
    assert run(".", "--summary", "-q", cwd=tmp_path).err == ""
    assert run(".", cwd=tmp_path).err.startswith("Found 2 reports")  # the default, as ruff
    assert run(".", "--no-summary", cwd=tmp_path).err == ""
    assert run(".", "--format", "json", cwd=tmp_path).err == ""  # its place is the metadata


def test_summary_counts_unsafe_fixes_and_goes_to_sarif(run, tmp_path):
    write(tmp_path, "a.txt", "The the cat sat.\n" + GLUED)
    r = run("a.txt", "--summary", "--select", "NL301,NL309", cwd=tmp_path)
    assert r.err.endswith("1 fixable with --fix (1 more with --unsafe-fixes).\n"), r.err
    r = run("a.txt", "--format", "sarif", "--select", "NL301,NL309", cwd=tmp_path)
    summary = json.loads(r.out)["runs"][0]["properties"]["newslint"]
    assert summary == {
        "reports": 2,
        "files_with_reports": 1,
        "files": 1,
        "bytes": 60,
        "fixable": 1,
        "unsafe_fixable": 1,
    }


def test_fixable_marker_and_statistics(run, tmp_path):
    write(tmp_path, "a.txt", "The the cat sat.\n" + GLUED + "Prices rose ; then fell.\n")
    args = ("a.txt", "--select", "NL301,NL303,NL309")
    assert run(*args, "--show-fixes", cwd=tmp_path).lines == [
        "a.txt:1:1: NL309 doubled word 'the'",
        "a.txt:2:21: NL301 [*] missing space after '.'",
        "a.txt:3:12: NL303 [*] space before ';'",
    ]
    assert run(*args, "--show-fixes", "--unsafe-fixes", cwd=tmp_path).lines[0] == (
        "a.txt:1:1: NL309 [*] doubled word 'the'"
    )
    assert run(*args, cwd=tmp_path).out.count("[*]") == 2  # the default (as ruff), in a pipe too
    assert "[*]" not in run(*args, "--no-show-fixes", cwd=tmp_path).out  # the plain flake8 line
    assert run(*args, "--statistics", cwd=tmp_path).lines == [
        "     1  NL301  [*] missing-space-after-sentence",
        "     1  NL303  [*] space-before-punctuation",
        "     1  NL309      doubled-word",
    ]


def test_on_a_terminal_marker_and_summary_are_on(tmp_path):
    write(tmp_path, "a.txt", GLUED)
    main, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", "a.txt"],
        cwd=tmp_path,
        stdout=secondary,
        stderr=secondary,
        env=env,
        timeout=60,
    )
    os.close(secondary)
    seen = os.read(main, 65536).decode()
    os.close(main)
    assert proc.returncode == 1
    assert seen.replace("\r\n", "\n") == (
        "a.txt:1:21: NL301 [*] missing space after '.'\n"
        "Found 1 report in 1 file (1 file, 43 B checked). 1 fixable with --fix.\n"
    )


def test_messages_never_hold_raw_newlines_or_invisible_characters(run, tmp_path):
    write(
        tmp_path,
        "pack.toml",
        '[[rules]]\ncode = "NL960"\nname = "split-phrase"\nkind = "existence"\n'
        'message = "phrase \'{match}\'"\nscope = "paragraph"\n'
        "patterns = ['over\\s+board']\nbad = [\"Went ⟦over board⟧ today.\"]\n"
        'good = ["Went overboard."]\n',
    )
    write(tmp_path, "a.txt", "He went over\nboard and over\u00a0board today.\n")
    for fmt in ("default", "grouped", "json"):
        r = run(
            "a.txt", "--rule-path", "pack.toml", "--select", "NL960", "--format", fmt, cwd=tmp_path
        )
        assert "phrase 'over\\nboard'" in r.out.replace("\\\\", "\\"), r.out
        assert "\u00a0" not in r.out
    r = run("a.txt", "--rule-path", "pack.toml", "--select", "NL960", cwd=tmp_path)
    assert r.lines == [
        "a.txt:1:9: NL960 phrase 'over\\nboard'",
        "a.txt:2:11: NL960 phrase 'over\\xa0board'",
    ]


def test_show_source_windows_long_lines(run, tmp_path):
    body = "Word " * 300 + "Thank you,Emma. " + "More " * 300
    write(tmp_path, "a.jsonl", record("long", body=body) + "\n")
    r = run("a.jsonl", "--show-source", "--select", "NL302", cwd=tmp_path)
    report, shown, carets = r.out.splitlines()
    assert report == "a.jsonl:1:1534: NL302 [*] record long (body): missing space after ','"
    assert len(shown) <= 124 and shown.startswith("    \u2026") and shown.endswith("\u2026")
    assert "you,Emma" in shown
    assert carets.index("^") == shown.index(",")  # the caret stands under the comma
    write(tmp_path, "b.txt", "Bell\x07 rang,twice.\n")
    r = run("b.txt", "--show-source", "--select", "NL302", cwd=tmp_path)
    assert r.out.splitlines()[1:] == ["    Bell\\x07 rang,twice.", " " * 17 + "^"]


def test_record_and_field_keys_in_machine_formats(run, tmp_path):
    write(tmp_path, "a.jsonl", record("r1", title="Harbour", body=COMMA) + "\n")
    write(tmp_path, "b.txt", GLUED)
    r = run("a.jsonl", "b.txt", "--format", "jsonl", cwd=tmp_path)
    rows = [json.loads(x) for x in r.lines]
    assert [(x["path"], x["record"], x["field"]) for x in rows] == [
        ("a.jsonl", "r1", "body"),
        ("b.txt", None, None),
    ]
    r = run("a.jsonl", "--format", "sarif", cwd=tmp_path)
    result = json.loads(r.out)["runs"][0]["results"][0]
    assert result["properties"] == {"record": "r1", "field": "body"}


# --- the baseline -------------------------------------------------------------------------------


def _corpus(tmp_path):
    write(tmp_path, "c/a.txt", "Intro line.\n\n" + GLUED + "\nThank you,Emma.\n")
    write(tmp_path, "c/b.jsonl", record("r1", body=COMMA) + "\n" + record("r2", body=GLUED) + "\n")


def test_baseline_survives_inserted_lines_and_reordered_paragraphs(run, tmp_path):
    _corpus(tmp_path)
    r = run("c", "--write-baseline", "base.json", cwd=tmp_path)
    assert r.code == 0 and r.out == ""
    assert r.err == "newslint: baseline base.json: 4 entries for 4 reports written\n"
    data = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert data["entries"][0] == {
        "file": "c/a.txt",
        "code": "NL301",
        "context": "He was found injured\u27e6.\u27e7Your government lied.",
        "count": 1,
        "message": "missing space after '.'",
    }
    assert {e.get("record") for e in data["entries"]} == {None, "r1", "r2"}
    assert all("line" not in e for e in data["entries"])  # never line numbers
    assert run("c", "--baseline", "base.json", cwd=tmp_path).code == 0
    # lines inserted above, paragraphs swapped, records reordered: nothing resurfaces
    write(tmp_path, "c/a.txt", "Intro line.\n\nA new paragraph.\n\n\nThank you,Emma.\n\n" + GLUED)
    write(tmp_path, "c/b.jsonl", record("r2", body=GLUED) + "\n" + record("r1", body=COMMA) + "\n")
    r = run("c", "--baseline", "base.json", cwd=tmp_path)
    assert (r.code, r.out, without_summary(r.err)) == (0, "", "")
    # from another folder: keys are relative to the baseline file
    r = run("../c", "--baseline", "../base.json", cwd=tmp_path / "c")
    assert r.code == 0, r.out


def test_baseline_shows_new_defects_of_the_same_kind_and_counts(run, tmp_path):
    _corpus(tmp_path)
    run("c", "--write-baseline", "base.json", cwd=tmp_path)
    write(tmp_path, "c/a.txt", "Intro line.\n\n" + GLUED + "\nThank you,Emma.\nSee you,Bob.\n")
    r = run("c", "--baseline", "base.json", cwd=tmp_path)
    assert r.lines == ["c/a.txt:6:8: NL302 [*] missing space after ','"]
    write(tmp_path, "c/a.txt", "Intro line.\n\n" + GLUED + "\n" + GLUED + "\nThank you,Emma.\n")
    r = run("c", "--baseline", "base.json", "--select", "NL3", cwd=tmp_path)  # over the count
    assert r.lines == ["c/a.txt:5:21: NL301 [*] missing space after '.'"]


def test_stale_entries_are_listed_fail_the_run_and_are_pruned_by_an_update(run, tmp_path):
    _corpus(tmp_path)
    run("c", "--write-baseline", "base.json", cwd=tmp_path)
    write(tmp_path, "c/a.txt", "Intro line.\n\n" + GLUED + "\nThank you, Emma.\n")
    r = run("c", "--baseline", "base.json", cwd=tmp_path)
    assert r.code == 1 and r.out == ""  # a baseline only shrinks (as PHPStan and ESLint)
    assert without_summary(r.err).splitlines() == [
        "newslint: baseline: 1 stale entry, matching no report (fixed or changed): prune with "
        "--update-baseline",
        "  c/a.txt: NL302 'Thank you\u27e6,\u27e7Emma.'",
    ]
    assert run("c", "--baseline", "base.json", "--exit-zero", cwd=tmp_path).code == 0
    # a run over part of the corpus: the other files' entries are not stale
    assert without_summary(run("c/b.jsonl", "--baseline", "base.json", cwd=tmp_path).err) == ""
    # the update prunes, and adds nothing: a new defect is still shown
    write(tmp_path, "c/new.txt", COMMA)
    r = run("c", "--baseline", "base.json", "--update-baseline", cwd=tmp_path)
    assert r.code == 1 and r.lines == ["c/new.txt:1:10: NL302 [*] missing space after ','"]
    assert without_summary(r.err) == (
        "newslint: baseline base.json: 1 stale entry pruned; 3 entries for 3 reports left\n"
    )
    r = run("c", "--baseline", "base.json", cwd=tmp_path)
    assert without_summary(r.err) == ""
    assert r.lines == ["c/new.txt:1:10: NL302 [*] missing space after ','"]
    # --write-baseline records it; over part of the corpus, the other files' entries stay
    run("c/new.txt", "--write-baseline", "base.json", cwd=tmp_path)
    assert len(json.loads((tmp_path / "base.json").read_text())["entries"]) == 4
    assert run("c", "--baseline", "base.json", cwd=tmp_path).code == 0


def test_baseline_errors(run, tmp_path):
    _corpus(tmp_path)
    r = run("c", "--baseline", "missing.json", cwd=tmp_path)
    assert r.code == 2 and "missing.json: baseline file not found" in r.err
    write(tmp_path, "bad.json", "{")
    assert "malformed baseline" in run("c", "--baseline", "bad.json", cwd=tmp_path).err
    write(tmp_path, "other.json", '{"entries": []}')
    assert "not a newslint baseline" in run("c", "--baseline", "other.json", cwd=tmp_path).err
    r = run("c", "--update-baseline", cwd=tmp_path)
    assert r.code == 2 and "--update-baseline needs --baseline FILE" in r.err


def test_baseline_through_the_installed_command(tmp_path):
    _corpus(tmp_path)
    assert run_cli("c", "--write-baseline", "b.json", cwd=tmp_path).code == 0
    write(tmp_path, "c/new.txt", COMMA)
    r = run_cli("c", "--baseline", "b.json", cwd=tmp_path)
    assert r.lines == ["c/new.txt:1:10: NL302 [*] missing space after ','"]


def test_progress_for_one_large_file_goes_by_bytes(run, tmp_path, monkeypatch):
    from newslint import reporting

    monkeypatch.setattr(reporting, "_is_terminal", lambda stream: True)
    monkeypatch.setattr(reporting, "PROGRESS_MIN_BYTES", 1000)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(reporting.Progress, "_draw", _every_draw(reporting.Progress._draw))
    lines = [record(f"r{i}", body=f"Quiet day number {i} at the harbour.") for i in range(60)]
    write(tmp_path, "a.jsonl", "\n".join(lines) + "\n")
    r = run("a.jsonl", "--no-summary", cwd=tmp_path)
    assert r.code == 0 and "/0.0 MB, " in r.err and "MB/s" in r.err
    assert "\r\x1b[Knewslint: checked 1 file, " in r.err  # the line cleared, one line said


def _every_draw(draw):
    def every(self, last):
        self.last = -1e9  # no rate limit: every tick draws
        return draw(self, last)

    return every


def test_baseline_of_a_json_array_survives_reordered_records(run, tmp_path):
    first, second = record("a", body=COMMA), record("b", body=COMMA)
    write(tmp_path, "feed.json", f"[\n{first},\n{second}\n]\n")
    run("feed.json", "--write-baseline", "base.json", cwd=tmp_path)
    write(tmp_path, "feed.json", f"[\n{second},\n{first}\n]\n")  # the comma moved
    assert run("feed.json", "--baseline", "base.json", cwd=tmp_path).lines == []
