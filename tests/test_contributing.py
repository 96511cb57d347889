"""CONTRIBUTING.md's examples are real: each code block runs, and does what the page says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newslint import cli, sources
from newslint.examples import check_rule
from newslint.formats import FORMATS, Format
from newslint.sources.base import SourceOptions

PAGE = (Path(__file__).parent.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")


def block(heading: str, language: str) -> str:
    """The first ``language`` code block under the ``## heading`` section."""
    section = PAGE.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(rf"```{language}\n(.*?)```", section, re.DOTALL)
    assert found, f"no {language} block under {heading}"
    return found.group(1)


def run_block(heading: str) -> dict:
    namespace: dict = {"__name__": f"contributing_{heading.split()[-1]}"}
    exec(compile(block(heading, "python"), f"CONTRIBUTING.md ({heading})", "exec"), namespace)
    return namespace


@pytest.mark.parametrize(
    "heading, name", [("A rule", "SpaceBeforePercent"), ("A corpus check", "RepeatedHeadline")]
)
def test_rule_examples_pass(heading, name):
    rule = run_block(heading)[name]
    assert rule.bad and rule.good
    assert check_rule(rule) == []


def test_pack_example_loads_and_flags(tmp_path, capsys):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "house.toml").write_text(block("A pack", "toml"), encoding="utf-8")
    (tmp_path / "a.txt").write_text("Send an e-mail to the web site.\n", encoding="utf-8")
    code = cli.main(
        [
            "--isolated",
            "--select",
            "NL952",
            "--rule-path",
            str(tmp_path / "packs"),
            str(tmp_path / "a.txt"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert out.count("NL952") == 2 and "'email', not 'e-mail'" in out


def test_input_format_example_reads_its_suffix(tmp_path, monkeypatch):
    reader = run_block("An input format")["READERS"][0]
    monkeypatch.setitem(sources._BY_SUFFIX, ".rst", reader)
    path = tmp_path / "a.rst"
    path.write_text(".. image:: x.png\nThe storm hit,the coast.\n", encoding="utf-8")
    assert sources.reader_for(str(path)) is reader
    [chunk] = sources.read(str(path), "a.rst", SourceOptions())
    [doc] = chunk.documents
    assert [doc.text[s:e] for s, e in doc.hidden] == [".. image:: x.png"]


def test_output_format_example_is_used(tmp_path, monkeypatch, capsys):
    write = run_block("An output format")["write"]
    monkeypatch.setitem(FORMATS.builtin, "tsv", Format("tsv", write, "tab-separated values"))
    (tmp_path / "a.txt").write_text("The storm hit,the coast.\n", encoding="utf-8")
    code = cli.main(["--isolated", "--format", "tsv", str(tmp_path / "a.txt")])
    assert code == 1
    assert capsys.readouterr().out.split("\t")[1:4] == ["1", "14", "NL302"]
