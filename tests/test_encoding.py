"""NL8xx encoding and invisible characters, through real files and the real command line."""

import json
import shutil
import sys
from pathlib import Path

import pytest
from conftest import SHARED, found, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.document import Document
from newslint.registry import build_registry

FIXTURES = Path(__file__).parent / "fixtures" / "residue"
FTFY_CASES = SHARED / "corpora" / "ftfy"


def test_encoding_defects_by_default(run):
    # NL804 is opinionated: off unless selected
    result = run("--select", "NL801,NL802,NL803", FIXTURES / "encoding.txt")
    assert found(result) == [
        (2, 28, "NL801"),
        (3, 10, "NL803"),
        (4, 19, "NL802"),
    ]  # one NL803 report per line
    assert "'â€™' should read '’'" in result.out
    assert "2 invisible characters: soft hyphen (U+00AD), zero width space (U+200B)" in result.out


def test_unusual_space_only_when_selected_and_not_next_to_digits(run):
    assert "NL804" not in run(FIXTURES / "encoding.txt").out
    result = run("--select", "NL804", FIXTURES / "encoding.txt")
    assert found(result) == [(5, 10, "NL804")]  # 'prime minister', not '10 am'


def test_fix_repairs_mojibake_and_removes_invisibles_but_keeps_emoji_joiners(run, tmp_path):
    path = tmp_path / "encoding.txt"
    shutil.copyfile(FIXTURES / "encoding.txt", path)
    run("--select", "NL8", "--fix", path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "The café in München said It’s closed."
    assert lines[2] == "The international summit began with a zerowidth space."
    assert lines[3] == "A lost character: \ufffd here."  # nothing to recover: no fix
    assert lines[4] == "The prime minister spoke at 10\u00a0am."
    assert lines[5] == "A family \U0001f468\u200d\U0001f469\u200d\U0001f467 walked by."
    assert found(run("--select", "NL8", path)) == [(4, 19, "NL802")]


def test_undecodable_file_is_reported_once_not_at_every_replacement_character(run):
    result = run("--select", "NL001,NL8", FIXTURES / "latin1.txt")
    assert [code for _, _, code in found(result)] == ["NL001"]


def test_each_invisible_character_is_reported_where_it_stands(run, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Kim\u200bJong-un\nand a bell\x07\nand Wor\u200dd.\n", encoding="utf-8")
    assert found(run("--select", "NL803", path)) == [
        (1, 4, "NL803"),
        (2, 11, "NL803"),
        (3, 8, "NL803"),
    ]


def test_ftfy_is_imported_lazily():
    code = (
        "import sys; from newslint.registry import build_registry; build_registry(plugins=False); "
        "print('ftfy' in sys.modules)"
    )
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_ascii_documents_never_call_ftfy(monkeypatch):
    from newslint.checks import encoding

    def boom():
        raise AssertionError("ftfy called on ASCII text")

    monkeypatch.setattr(encoding, "_ftfy", boom)
    rule = encoding.Mojibake()
    assert list(rule.check(Document("Plain ASCII text.\nAnother line.\n"))) == []


@pytest.mark.skipif(not FTFY_CASES.exists(), reason="ftfy test cases not available")
def test_ftfy_cases_recall_and_no_false_alarms():
    rule = build_registry(plugins=False).rules["NL801"]()
    wild = json.loads((FTFY_CASES / "in-the-wild.json").read_text(encoding="utf-8"))
    differs = [c for c in wild if c.get("fixed-encoding", c["fixed"]) != c["original"]]
    hits = [c for c in differs if list(rule.check(Document(c["original"])))]
    assert len(hits) >= 0.9 * len(differs)
    negative = json.loads((FTFY_CASES / "negative.json").read_text(encoding="utf-8"))
    untouched = [c for c in negative if c.get("fixed-encoding", c["fixed"]) == c["original"]]
    assert [c["label"] for c in untouched if list(rule.check(Document(c["original"])))] == []


def test_cli_subprocess_reports_mojibake_in_a_real_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Headline\nThe cafÃ© opened.\n", encoding="utf-8")
    result = run_cli("--select", "NL801", path)
    assert result.code == 1
    assert found(result) == [(2, 8, "NL801")]


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.characters(max_codepoint=0xFF) | st.sampled_from("\u200b\u200d\u2019\u0101"),
        max_size=12,
    )
)
def test_latin1_screens_pass_every_text_the_patterns_match(text):
    """A text the Latin-1 screen clears holds no match of the rule's pattern."""
    from newslint.checks.encoding import (
        C1_MARK,
        C1_MARKS,
        INVISIBLE,
        INVISIBLE_LATIN1,
        MAYBE_MOJIBAKE,
        MOJIBAKE_LATIN1,
    )
    from newslint.text import latin1_without

    for chars, pattern in (
        (MOJIBAKE_LATIN1, MAYBE_MOJIBAKE),
        (INVISIBLE_LATIN1, INVISIBLE),
        (C1_MARKS, C1_MARK),
    ):
        expected = all(ord(c) < 0x100 and c not in chars for c in text)
        assert latin1_without(text, chars) == expected
        if expected:
            assert pattern.search(text) is None
