"""Every --format, through the real command: default, concise, grouped, json, jsonl, github,
sarif (validated against the SARIF 2.1.0 JSON schema vendored in tests/fixtures/core/)."""

import json
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "core"
SARIF_SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"  # the OASIS schema, see its NOTICE

ARTICLE = (
    "Storm hits coast\n"
    "\n"
    "He was found injured.Your government lied, said “Wide” 漢字 aides,Bob and others.  \n"
    "He said that the the talks failed.\n"
)
KEYS = [
    "path",
    "record",
    "field",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "name",
    "message",
    "severity",
    "fix",
]


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "news dir").mkdir()
    (tmp_path / "news dir" / "a,b:c.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "news dir" / "clean.md").write_text("# Fine\n\nAll good here.\n", encoding="utf-8")
    return tmp_path


def lint(run, tree, *args):
    return run("news dir", "--select", "NL301,NL302,NL305,NL309", *args, cwd=tree)


def test_default_and_concise(run, tree):
    r = lint(run, tree)
    assert r.lines == [
        "news dir/a,b:c.txt:3:21: NL301 [*] missing space after '.'",
        "news dir/a,b:c.txt:3:64: NL302 [*] missing space after ','",
        "news dir/a,b:c.txt:3:80: NL305 [*] trailing whitespace",
        "news dir/a,b:c.txt:4:14: NL309 doubled word 'the'",
    ]
    assert lint(run, tree, "--format", "concise").out == r.out
    assert lint(run, tree, "--output-format", "default").out == r.out


def test_grouped(run, tree):
    r = lint(run, tree, "--format", "grouped", "--show-source")
    assert r.out.splitlines()[:4] == [
        "news dir/a,b:c.txt:",
        "  3:21 NL301 [*] missing space after '.'",
        "    He was found injured.Your government lied, said “Wide” 漢字 aides,Bob and others.  ",
        "                        ^",
    ]
    assert r.code == 1


def test_json_is_one_array_with_every_field(run, tree):
    r = lint(run, tree, "--format", "json")
    data = json.loads(r.out)
    assert isinstance(data, list) and len(data) == 4
    assert all(list(item) == KEYS for item in data)
    first = data[0]
    assert first == {
        "path": "news dir/a,b:c.txt",
        "record": None,
        "field": None,
        "line": 3,
        "column": 21,
        "end_line": 3,
        "end_column": 22,
        "code": "NL301",
        "name": "missing-space-after-sentence",
        "message": "missing space after '.'",
        "severity": "warning",
        "fix": {
            "applicability": "safe",
            "title": "insert a space",
            "edits": [{"content": " ", "line": 3, "column": 22, "end_line": 3, "end_column": 22}],
        },
    }
    doubled = data[3]
    assert doubled["fix"]["applicability"] == "unsafe"
    # columns count Unicode characters: the comma after 漢字 aides is the 64th character
    line3 = ARTICLE.splitlines()[2]
    assert line3[data[1]["column"] - 1] == ","


def test_json_of_a_clean_run_is_an_empty_array(run, tree):
    r = run("news dir/clean.md", "--format", "json", cwd=tree)
    assert (r.code, json.loads(r.out)) == (0, [])
    assert run("news dir/clean.md", "--format", "jsonl", cwd=tree).out == ""


def test_jsonl_is_one_object_per_line(run, tree):
    objects = [json.loads(line) for line in lint(run, tree, "--format", "jsonl").out.splitlines()]
    assert objects == json.loads(lint(run, tree, "--format", "json").out)


def test_github_annotations_escape_properties(run, tree):
    r = lint(run, tree, "--format", "github")
    assert r.lines[0] == (
        "::warning file=news dir/a%2Cb%3Ac.txt,line=3,col=21,endLine=3,endColumn=22,"
        "title=newslint NL301 missing-space-after-sentence::NL301 missing space after '.'"
    )
    assert len(r.lines) == 4 and all(line.startswith("::warning ") for line in r.lines)


def test_github_uses_error_level_for_errors(run, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"Price: \xa3100.\n")
    r = run("bad.txt", "--format", "github", cwd=tmp_path)
    assert r.lines[0].startswith("::error file=bad.txt,line=1,col=8,")


def test_format_from_configuration(run, tree):
    (tree / "newslint.toml").write_text('format = "jsonl"\nshow-source = true\n', encoding="utf-8")
    r = lint(run, tree)
    assert json.loads(r.lines[0])["code"] == "NL301"
    assert (
        lint(run, tree, "--format", "default").lines[1].startswith("    He was found")
    )  # show-source from the file


def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_is_valid_against_the_schema(run, tree):
    validator = _validator()
    r = lint(run, tree, "--format", "sarif")
    log = json.loads(r.out)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    assert run_["tool"]["driver"]["name"] == "newslint"
    assert [rule["id"] for rule in run_["tool"]["driver"]["rules"]] == [
        "NL301",
        "NL302",
        "NL305",
        "NL309",
    ]
    results = run_["results"]
    assert [x["ruleId"] for x in results] == ["NL301", "NL302", "NL305", "NL309"]
    loc = results[0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "news%20dir/a%2Cb%3Ac.txt"
    assert loc["region"] == {"startLine": 3, "startColumn": 21, "endLine": 3, "endColumn": 22}
    fix = results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert fix["insertedContent"] == {"text": " "}
    for x in results:
        assert run_["tool"]["driver"]["rules"][x["ruleIndex"]]["id"] == x["ruleId"]


def test_sarif_of_a_clean_run_and_of_input_errors_is_valid(run, tmp_path):
    validator = _validator()
    (tmp_path / "clean.txt").write_text("All good.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"Price: \xa3100.\n")
    for args in (["clean.txt"], ["bad.txt", "missing.txt"], ["-"]):
        r = run(*args, "--format", "sarif", cwd=tmp_path, stdin=b"Hi,there.Yes.\n")
        log = json.loads(r.out)
        assert not list(validator.iter_errors(log)), args


def test_sarif_to_an_output_file(run, tree):
    validator = _validator()
    r = lint(run, tree, "--format", "sarif", "-o", "out.sarif")
    assert r.out == "" and r.code == 1
    assert not list(
        validator.iter_errors(json.loads((tree / "out.sarif").read_text(encoding="utf-8")))
    )


def test_the_schema_check_is_not_vacuous(run, tree):
    validator = _validator()
    log = json.loads(lint(run, tree, "--format", "sarif").out)
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    log["runs"][0]["results"][1]["level"] = "fatal"
    assert len(list(validator.iter_errors(log))) == 2


def test_machine_formats_stay_parseable_with_statistics_and_count(run, tree):
    for fmt in ("json", "sarif"):
        r = lint(run, tree, "--format", fmt, "--statistics", "--count")
        json.loads(r.out)
        assert r.err.splitlines()[-1] == "4" and "NL301  [*] missing-space-after-sentence" in r.err
    r = lint(run, tree, "--format", "jsonl", "--count")
    assert [json.loads(line)["code"] for line in r.out.splitlines()] == [
        "NL301",
        "NL302",
        "NL305",
        "NL309",
    ]
    assert r.err == "4\n"


# --- the registry: one line per format; plugins through the entry-point group ---------------
FORMAT_PLUGIN = '''
"""Two newslint format plugins: a writer, and a Format for a machine-readable document."""
from newslint.formats import Format


def write(reports, **_):
    """one <report/> element a report"""
    return "".join(f'<report code="{r.code}" line="{r.line}"/>\\n' for r in reports)


def _tsv(reports, **_):
    return "".join(f"{r.path}\\t{r.line}\\t{r.code}\\n" for r in reports)


TSV = Format("ignored", _tsv, "tab-separated values", machine=True)
'''


@pytest.fixture
def format_plugin(tmp_path, monkeypatch):
    """A throw-away distribution declaring formats, on sys.path; the registry forgets the
    plugins it has seen before and after."""
    from newslint.formats import FORMATS

    site = tmp_path / "site"
    site.mkdir()
    (site / "newslint_xml.py").write_text(FORMAT_PLUGIN, encoding="utf-8")
    info = site / "newslint_xml-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: newslint-xml\nVersion: 0.1\n", encoding="utf-8"
    )
    entries = "[newslint.formats]\nxml = newslint_xml:write\ntsv = newslint_xml:TSV\n"
    (info / "entry_points.txt").write_text(entries, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(FORMATS, "_plugins", None)
    return info / "entry_points.txt"


def test_a_plugin_format_is_listed_and_used(run, tree, format_plugin):
    r = lint(run, tree, "--format", "xml")
    assert r.lines[0] == '<report code="NL301" line="3"/>' and len(r.lines) == 4
    r = lint(run, tree, "--format", "tsv", "--count")  # a machine format: the count to stderr
    assert r.lines[0] == "news dir/a,b:c.txt\t3\tNL301" and r.err == "4\n"
    (tree / "newslint.toml").write_text('format = "xml"\n', encoding="utf-8")
    assert lint(run, tree).lines[0] == '<report code="NL301" line="3"/>'
    r = run("news dir", "--format", "yaml", cwd=tree)
    assert r.code == 2
    assert r.err == (
        "newslint: error: unknown format 'yaml' (choose from default, concise, grouped, json, "
        "jsonl, github, sarif, html, tsv, xml)\n"
    )


def test_help_lists_the_formats_of_plugins(format_plugin):
    env = {"PYTHONPATH": str(format_plugin.parent.parent)}
    text = " ".join(run_cli("--help", env=env).out.split())
    assert "output format: default (one line a report: path:line:col: CODE message)," in text
    assert (
        "sarif (a SARIF 2.1.0 log), html (a self-contained HTML page: statistics, charts, "
        "reports), tsv (tab-separated values), xml (one <report/> element" in text
    )
    assert "tsv" not in " ".join(run_cli("--help").out.split())


def test_built_in_formats_never_look_for_plugins(run, tree, monkeypatch):
    from newslint import formats

    def no_search(group):
        raise AssertionError("looked for plugins")

    monkeypatch.setattr(formats, "installed_entry_points", no_search)
    monkeypatch.setattr(formats.FORMATS, "_plugins", None)
    for name in formats.BUILTIN:
        assert lint(run, tree, "--format", name).code == 1
    (tree / "newslint.toml").write_text('format = "grouped"\n', encoding="utf-8")
    assert lint(run, tree).code == 1


@pytest.mark.parametrize(
    "entry,expect",
    [
        (
            "json = newslint_xml:write",
            "format plugin json (newslint_xml:write): 'json' is the name of a built-in format",
        ),
        (
            "broken = newslint_xml:nope",
            "format plugin broken (newslint_xml:nope): cannot be loaded",
        ),
        (
            "odd = newslint_xml:__doc__",
            "format plugin odd (newslint_xml:__doc__): is neither a Format nor a function",
        ),
    ],
)
def test_a_broken_format_plugin_is_one_line_and_exit_2(run, tree, format_plugin, entry, expect):
    format_plugin.write_text(f"[newslint.formats]\n{entry}\n", encoding="utf-8")
    r = run("news dir", "--format", "yaml", cwd=tree)
    assert r.code == 2 and r.err.startswith("newslint: error: " + expect), r.err
    assert len(r.err.splitlines()) == 1
    assert lint(run, tree, "--format", "json").code == 1  # a built-in name never looks


def test_every_built_in_format_is_registered_once_and_its_writer_exists():
    import importlib

    from newslint.formats import BUILTIN

    for name, fmt in BUILTIN.items():
        assert fmt.name == name and fmt.description and "\n" not in fmt.description
        module, function = fmt.writer.split(":")
        assert callable(getattr(importlib.import_module(f"newslint.formats.{module}"), function))


def test_readme_option_row_is_the_registry():
    from newslint.formats import BUILTIN

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `--format` |"))
    for name, fmt in BUILTIN.items():
        assert f"`{name}` ({fmt.description})" in row, "run python scripts/update_readme.py"
