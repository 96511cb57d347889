"""NL4xx broken Markdown tables, through real files and the real command line."""

import shutil
from pathlib import Path

import pytest
from conftest import SHARED, found, run_cli

from newslint.document import Document

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
SEED = SHARED / "seeds" / "000_910e0e496c3bfacc.txt"
ALL_TABLE_RULES = "NL401,NL402,NL403,NL404,NL405,NL406"


def copy(tmp_path, name):
    target = tmp_path / name
    shutil.copyfile(FIXTURES / name, target)
    return target


# --- each broken variant gives exactly its report ------------------------------------------------


@pytest.mark.parametrize(
    "name,expected",
    [
        ("nl401.md", [(2, 1, "NL401")]),
        ("nl402.md", [(2, 1, "NL402")]),
        ("nl403.md", [(1, 1, "NL403")]),
        ("nl404.md", [(3, 1, "NL404")]),
        ("nl405.md", [(4, 10, "NL405")]),
        ("nl405_pipe.md", [(3, 9, "NL405")]),
        ("nl406.md", [(2, 1, "NL406")]),
        ("gfm_ragged.md", [(4, 1, "NL404")]),  # the extra cell is lost; the short row is padded
    ],
)
def test_broken_variant_gives_exactly_its_report(run, name, expected):
    result = run("--select", ALL_TABLE_RULES, FIXTURES / name)
    assert result.code == 1
    assert found(result) == expected


def test_short_rows_only_with_the_option_and_the_message_says_which(run, tmp_path):
    target = copy(tmp_path, "gfm_ragged.md")
    (tmp_path / "newslint.toml").write_text(
        "[rules.row-cell-count]\nshort-rows = true\n", encoding="utf-8"
    )
    result = run("--select", "NL404", target.name, cwd=tmp_path)
    assert found(result) == [(3, 1, "NL404"), (4, 1, "NL404")]
    assert "row has 1 cell, the header 2: renderers pad it with 1 empty cell" in result.lines[0]
    assert "row has 3 cells, the header 2: renderers drop the last cell" in result.lines[1]


# --- what must stay silent ------------------------------------------------------------------------


def test_valid_gfm_tables_give_nothing_by_default(run):
    result = run("--extend-select", "NL4", "--ignore", "NL406", FIXTURES / "gfm_valid.md")
    assert not [r for r in found(result) if r[2].startswith("NL4")], result.out


def test_opinionated_nl406_only_flags_the_line_gfm_turns_into_a_row(run):
    result = run("--select", ALL_TABLE_RULES, FIXTURES / "gfm_valid.md")
    assert found(result) == [(25, 1, "NL406")]
    assert run(FIXTURES / "nl406.md").lines == []  # off by default


@pytest.mark.parametrize("name", ["near_misses.txt", "near_misses.md"])
def test_near_misses_give_nothing(run, name):
    result = run("--select", ALL_TABLE_RULES, FIXTURES / name)
    assert result.code == 0 and result.lines == []


def test_nl406_is_markdown_only(run, tmp_path):
    target = tmp_path / "glued.txt"
    target.write_bytes((FIXTURES / "nl406.md").read_bytes())
    assert run("--select", "NL406", target).lines == []


# --- fixes ------------------------------------------------------------------------------------------


def test_fix_rewrites_the_delimiter_row_and_keeps_the_rest(tmp_path):
    target = copy(tmp_path, "key_points.txt")
    before = target.read_text(encoding="utf-8").splitlines()
    result = run_cli("--select", "NL4", "--fix", target)
    assert result.code == 0, result.out + result.err
    after = target.read_text(encoding="utf-8").splitlines()
    assert after[3] == "|---|---|"
    assert after[:3] + after[4:] == before[:3] + before[4:]
    assert run_cli("--select", "NL4", target).lines == []


@pytest.mark.parametrize(
    "name,line,fixed",
    [
        ("nl401.md", 1, "|---|---|"),
        ("nl402.md", 1, "| --- | --- | --- |"),
        ("nl405.md", 3, "| Blue | 9 |"),
        ("nl405_pipe.md", 2, "| `sort \\| uniq` | counts lines |"),
    ],
)
def test_safe_fix(run, tmp_path, name, line, fixed):
    target = copy(tmp_path, name)
    result = run("--select", "NL4", "--fix", target)
    assert result.code == 0, result.out
    assert target.read_text(encoding="utf-8").splitlines()[line] == fixed


def test_missing_delimiter_fix_is_unsafe(run, tmp_path):
    target = copy(tmp_path, "nl403.md")
    assert run("--select", "NL4", "--fix", target).code == 1
    assert target.read_text(encoding="utf-8") == (FIXTURES / "nl403.md").read_text(encoding="utf-8")
    assert run("--select", "NL4", "--fix", "--unsafe-fixes", target).code == 0
    assert target.read_text(encoding="utf-8").splitlines()[:2] == [
        "| Party | Seats |",
        "| --- | --- |",
    ]


# --- cells stay prose; JSON records ---------------------------------------------------------------


def test_cell_text_is_still_prose_for_other_families(run):
    result = run("--select", "NL302,NL401", FIXTURES / "key_points.txt")
    assert found(result) == [(4, 1, "NL401"), (6, 46, "NL302"), (6, 73, "NL302")]


def test_table_view_marks_the_broken_table_as_table_lines():
    doc = Document((FIXTURES / "key_points.txt").read_text(encoding="utf-8"))
    assert [(t.start, t.end) for t in doc.tables] == [(2, 7)]
    assert (
        {2, 3, 4, 5, 6} <= doc.table_lines and 1 not in doc.table_lines and 7 not in doc.table_lines
    )
    assert not any(doc.line_index(s) in doc.table_lines for s, _ in doc.headings)


def test_json_record(run):
    result = run("--select", "NL4", FIXTURES / "article.json")
    assert [r[2] for r in found(result)] == ["NL401"]
    assert "https://example.com/storm" in result.out


# --- the seed article -------------------------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="shared seeds not available")
def test_seed_delimiter_row_reported_and_fixed(tmp_path):
    assert found(run_cli("--select", "NL4", SEED.parent)) == [(18, 1, "NL401")]
    target = tmp_path / SEED.name
    shutil.copyfile(SEED, target)
    result = run_cli("--select", "NL4", "--fix", target)
    assert result.code == 0, result.out + result.err
    assert target.read_text(encoding="utf-8").splitlines()[17] == "|---|---|"
    assert {(21, 47, "NL302"), (21, 63, "NL302")} <= set(
        found(run_cli("--select", "NL302", target))
    )


def test_single_dash_delimiter_fix_is_unsafe(run, tmp_path):
    target = tmp_path / "dashes.md"
    target.write_text("| Team | Score |\n| \u2014 | \u2014 |\n| Ajax | 3 |\n", encoding="utf-8")
    assert found(run("--select", "NL4", "--fix", target)) == [(2, 1, "NL401")]
    assert run("--select", "NL4", "--fix", "--unsafe-fixes", target).code == 0
    assert target.read_text(encoding="utf-8").splitlines()[1] == "| --- | --- |"
