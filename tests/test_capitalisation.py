"""NL2xx capitalisation through real files and the real command line."""

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from newslint.checks import capitalisation
from newslint.config import tomllib
from newslint.registry import build_registry

FIXTURES = Path(__file__).parent / "fixtures" / "capitalisation"
ROOT = Path(__file__).resolve().parent.parent


def reports(result):
    """(line, column, code) of each report line."""
    out = []
    for line in result.lines:
        where, _, rest = line.partition(": ")
        parts = where.rsplit(":", 2)
        out.append((int(parts[1]), int(parts[2]), rest.split()[0]))
    return out


@pytest.fixture
def tree(tmp_path):
    dest = tmp_path / "capitalisation"
    shutil.copytree(FIXTURES, dest)
    return dest


def test_article_reports_exactly_the_lost_capitals(run, tree):
    result = run("--isolated", "--select", "NL2", "article.txt", cwd=tree)
    assert result.code == 1
    assert reports(result) == [
        (2, 33, "NL201"),  # seoul
        (3, 5, "NL201"),  # South korean
        (8, 3, "NL201"),  # norway, in a table row: flagged, never learned from
        (8, 12, "NL201"),  # oslo
        (10, 1, "NL204"),  # dr. Ilse Moritz:
        (10, 59, "NL201"),  # kursk
        (10, 69, "NL201"),  # russian
        (11, 6, "NL202"),  # Lena varga beside Lena Varga
        (12, 40, "NL201"),  # on 5 may
        (13, 129, "NL201"),  # south Korea
    ]
    assert "'Lena varga' is written 'Lena Varga' elsewhere in this document (line 3)" in result.out


def test_near_misses_are_left_alone(run, tree):
    # may march, turkey and china, Reading and Nice, e.g./approx., iPhone, eBay, a URL, "Lena: how"
    result = run("--isolated", "--select", "NL2", "clean.txt", cwd=tree)
    assert result.code == 0, result.out
    assert result.lines == []


def test_capitals_are_never_learned_from_titles_headings_or_tables(run, tree):
    result = run("--isolated", "--select", "NL202,NL203", "learned-from-headings.txt", cwd=tree)
    assert result.lines == []
    # the same lower-case word is reported once the document capitalises it in prose
    doc = tree / "learned-from-headings.txt"
    doc.write_text(
        doc.read_text(encoding="utf-8") + "The mayor of Zorvik spoke.\n", encoding="utf-8"
    )
    result = run("--isolated", "--select", "NL202", "learned-from-headings.txt", cwd=tree)
    assert reports(result) == [(7, 14, "NL202")]


def test_markdown_code_spans_blocks_and_urls_are_not_prose(run, tree):
    result = run("--isolated", "--select", "NL2", "article.md", cwd=tree)
    assert reports(result) == [(1, 20, "NL201"), (9, 88, "NL201")]  # heading seoul; prose russian


def test_a_name_is_reported_once_when_the_gazetteer_and_the_document_agree(run, tmp_path):
    (tmp_path / "a.txt").write_text(
        "Talks\nThey met in Seoul on Monday. Later seoul replied.\n", encoding="utf-8"
    )
    both = run("--isolated", "--select", "NL201,NL202", "a.txt", cwd=tmp_path)
    assert reports(both) == [(2, 36, "NL201")]
    alone = run("--isolated", "--select", "NL202", "a.txt", cwd=tmp_path)
    assert reports(alone) == [(2, 36, "NL202")]
    assert "'seoul' is written 'Seoul' elsewhere in this document (line 2)" in alone.out


def test_a_lower_case_name_starting_a_sentence_is_reported_once(run, tmp_path):
    (tmp_path / "a.txt").write_text(
        "Cars\nSales rose. german makers gained. the end came.\n", encoding="utf-8"
    )
    both = run("--isolated", "--select", "NL201,NL204", "a.txt", cwd=tmp_path)
    # one defect, one fix: the name rule speaks for it
    assert reports(both) == [(2, 13, "NL201"), (2, 35, "NL204")]
    alone = run("--isolated", "--select", "NL204", "--fix", "--unsafe-fixes", "a.txt", cwd=tmp_path)
    fixed = (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert fixed == "Cars\nSales rose. German makers gained. The end came.\n"
    assert alone.code == 0


def test_fix_restores_capitals_in_place(tree):
    result = run_cli(
        "--isolated", "--select", "NL201,NL202,NL204", "--fix", "article.txt", cwd=tree
    )
    assert result.code == 1, result.err  # the month fix is unsafe: "may" is a word too
    assert "fixed 9 reports" in result.err
    text = (tree / "article.txt").read_text(encoding="utf-8")
    for fixed in (
        "Ankara and Seoul met",
        "The South Korean envoy",
        "Dr. Ilse Moritz",
        "from Kursk and Russian ports",
        "Lena Varga: Thank you",
        "flew on to South Korea.",
        "| Norway | Oslo office |",
    ):
        assert fixed in text, fixed
    for kept in (
        "Families may march",
        "on 5 may.",
        "roasted a turkey and laid out the china",
        "e.g. for fuel, by approx. ten",
    ):
        assert kept in text, kept
    unsafe = run_cli(
        "--isolated", "--select", "NL2", "--fix", "--unsafe-fixes", "article.txt", cwd=tree
    )
    assert unsafe.code == 0, unsafe.out
    assert "on 5 May." in (tree / "article.txt").read_text(encoding="utf-8")


def test_corpus_rule_learns_a_name_from_other_documents(run, tree):
    result = run("--isolated", "--select", "NL203", "corpus", cwd=tree)
    assert result.lines == [
        "corpus/d.txt:2:18: NL203 'vexlund' is written 'Vexlund' in 3 other documents of the corpus"
    ]
    (tree / "pyproject.toml").write_text(
        "[tool.newslint.rules.NL203]\nmin-documents = 4\n", encoding="utf-8"
    )
    stricter = run("--select", "NL203", "corpus", cwd=tree)
    assert stricter.code == 0 and stricter.lines == []


def test_heading_capitalisation_is_opt_in(run, tmp_path):
    text = (
        "Options for Stranded Sailors\n\nThey waited.\n\nThe Long Road Back to Port\n\nThey sailed.\n\n"
        "The Wider implications: A crisis Deepening\n\nThey left.\n"
    )
    (tmp_path / "h.txt").write_text(text, encoding="utf-8")
    default = run("--isolated", "h.txt", cwd=tmp_path)
    assert not [r for r in reports(default) if r[2].startswith("NL2")]
    chosen = run("--isolated", "--select", "NL205", "h.txt", cwd=tmp_path)
    assert reports(chosen) == [(9, 11, "NL205")]
    assert "the other headings use title case: 'implications'" in chosen.out


def test_json_output_carries_the_fix(run, tree):
    result = run("--isolated", "--select", "NL201", "--format", "json", "article.md", cwd=tree)
    data = json.loads(result.out)
    items = data if isinstance(data, list) else data.get("reports", data.get("results", []))
    assert any("Seoul" in json.dumps(item) for item in items)


def test_gazetteer_pack_records_its_sources_and_safe_forms():
    data = tomllib.loads((ROOT / "rules" / "gazetteer.toml").read_text(encoding="utf-8"))
    pack = data["pack"]
    assert "rules" not in data  # data only: NL201 reads it
    assert "GeoNames" in pack["licence"] and "CLDR" in pack["licence"]
    gaz = capitalisation.gazetteer()
    for name in ("seoul", "kursk", "russian", "korean", "monday", "english"):
        assert name in gaz.safe, name
    for word in ("turkey", "china", "polish", "march", "may", "nice", "bath", "reading", "august"):
        assert word not in gaz.safe, word
    assert {"march", "may", "august"} <= gaz.dates
    assert gaz.ambiguous["turkey"] == ("Turkey", "place")


def test_importing_the_family_stays_cheap():
    registry = build_registry(plugins=False)
    assert {c for c in registry.rules if c.startswith("NL2")} == {
        "NL201",
        "NL202",
        "NL203",
        "NL204",
        "NL205",
        "NL206",
    }
    assert registry.rules["NL205"].default_enabled is False
