"""NL714 navigation-run through the command line, on pages we invented: a menu, a share bar or
a list of other stories' headlines flattened into the article's line is reported once, where it
starts; prose full of names, title-case house style, capitals, tables and JSON records' own
titles are not."""

from __future__ import annotations

import json
import subprocess
import sys

PROSE = (
    "The county council voted on Tuesday night to close the old swimming baths at the end of the "
    "summer, after engineers reported that the roof over the main pool could no longer be repaired."
)
MENU = (
    "Example Gazette Home News Sport Business Money Property Motors Jobs Travel Puzzles Opinion "
    "Obituaries Weddings Letters Contact Us Subscribe"
)
SHARE = (
    "Follow The Gazette on Facebook Follow The Gazette on Twitter Follow The Gazette on Instagram "
    "Follow The Gazette on YouTube"
)
HEADLINES = (
    "Man Arrested After Bank Robbery In Market Square Council Leader Quits Over Pool Row "
    "Town Celebrates As Mill Reopens"
)


def newslint(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", "--no-cache", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_a_flattened_page_reports_its_menu_share_bar_and_headlines(tmp_path):
    page = f"{MENU} {PROSE} {SHARE} {PROSE} More stories: {HEADLINES}\n"
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    result = newslint("--select", "NL714", "--format", "json", "page.txt", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    reports = json.loads(result.stdout)
    starts = [page.index(MENU), page.index(SHARE), page.index(HEADLINES)]
    assert [(r["line"], r["column"]) for r in reports] == [(1, s + 1) for s in starts]
    assert all(r["code"] == "NL714" and "capitalised labels" in r["message"] for r in reports)
    # the span ends on the last label, not on a short word after it
    assert reports[0]["end_column"] == page.index(" " + PROSE) + 1


def test_names_title_case_capitals_tables_and_records_are_not_menus(tmp_path):
    names = (
        "Transport Secretary Jane Doe and Health Secretary John Roe met Finance Minister Ann Poe "
        "and Education Minister Bill Moe in Cardiff and Newport on Monday."
    )
    (tmp_path / "names.txt").write_text(f"{PROSE}\n{names}\n", encoding="utf-8")
    title_case = (
        "Council Votes To Close The Old Swimming Baths After Engineers Say The Roof Over The Pool "
        "Cannot Be Repaired\nSwimmers Who Have Used The Baths For Decades Packed The Gallery\n"
    )
    (tmp_path / "house_style.txt").write_text(title_case, encoding="utf-8")
    capitals = (
        "THE COUNCIL VOTED TO CLOSE THE OLD SWIMMING BATHS AFTER ENGINEERS SAID THE ROOF COULD "
        "NOT BE REPAIRED AT ANY PRICE\n"
    )
    (tmp_path / "capitals.txt").write_text(f"{PROSE}\n{capitals}", encoding="utf-8")
    header = " | ".join(MENU.split()[:16])
    table = f"| {header} |\n|{'---|' * 16}\n| {' | '.join(['1'] * 16)} |\n"
    (tmp_path / "table.md").write_text(f"{PROSE}\n\n{table}", encoding="utf-8")
    title = "Council Leader Quits Over Swimming Pool Row As Engineers Say Roof Over Main Pool Cannot Be Repaired In Time"
    record = {"title": title, "text": PROSE}
    (tmp_path / "titled.txt").write_text(f"{title}\n\n{PROSE}\n", encoding="utf-8")
    (tmp_path / "records.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = newslint("--select", "NL714", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_converted_page_reports_its_menu_column_once(tmp_path):
    menu = "\n".join(f"* [{label}][{i}]" for i, label in enumerate(MENU.split()[2:14], 1))
    page = f"{PROSE}\n\n{menu}\n\n{PROSE}\n"
    (tmp_path / "page.md").write_text(page, encoding="utf-8")
    names = "\n\n".join(
        f"{a} {b}" for a in ("Ann", "Bill", "Cara") for b in ("Doe", "Roe", "Poe", "Moe")
    )
    (tmp_path / "people.md").write_text(
        f"{PROSE}\n\nWith thanks to:\n\n{names}\n", encoding="utf-8"
    )
    result = newslint("--select", "NL714", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    reports = json.loads(result.stdout)
    assert [(r["path"], r["line"], r["column"], r["end_line"]) for r in reports] == [
        ("page.md", 3, 3, 14)
    ]
    assert reports[0]["message"].startswith("12 label lines in a row")
