"""--format html: the page is self-contained, escapes what the corpus holds, stays small for
large runs, and works in a real browser (headless Chromium: charts, tables, the filter)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newslint.formats import html
from newslint.rule import Report

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample"
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
HEADLESS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_browser = pytest.mark.skipif(
    BROWSER is None,
    reason="no chromium: install Debian's chromium package (.ci/run does) to run the browser test",
)

HOSTILE = (
    "Officials said the plan was good.It was announced on monday.\n\n"
    "<script>document.title='pwned'</script> and </textarea> in the body,  "
    "an <img src=x onerror=\"document.title='pwned'\"> tag, "
    "a [link](javascript:document.title='pwned') and a template {{ 7*7 }} {% if x %}.\n"
)


def report(tmp_path: Path, *paths, extra=()) -> tuple:
    out = tmp_path / "report.html"
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", "--no-cache", "--format", "html"]
        + ["-o", str(out), *extra, *map(str, paths)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert "internal error" not in proc.stderr
    return out.read_text(encoding="utf-8"), time.monotonic() - start


def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for source, texts in {
        "wire": ["The council met on Tuesday. It approved the budget.\n"] * 2,
        "blog": [
            "The plan was good.It was announced , on monday.\n",
            HOSTILE,
            "Read more: the council met.\n\nThe council met on Tuesday. It approved the budget.\n",
        ],
    }.items():
        (root / source).mkdir(parents=True)
        for i, text in enumerate(texts):
            (root / source / f"{i}.txt").write_text(text, encoding="utf-8")
    records = [
        {"id": "r1", "url": "https://www.example.com/a", "text": "Flights resumed.They landed."},
        {"id": "r2", "domain": "news.example.org", "text": "Scroll down for video\n\nIt passed."},
    ]
    (root / "feed").mkdir()
    (root / "feed" / "items.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    return root


def test_the_page_is_self_contained_and_escapes_the_corpus(tmp_path):
    page, _ = report(tmp_path, corpus(tmp_path), extra=["--extend-include", "*.jsonl"])
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    # nothing loaded from elsewhere: no src/href to another host, no stylesheet links
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "<link" not in page
    # the corpus's markup is text: one script element (ours), no injected handler or URL
    assert page.count("<script") == 1
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "</textarea> in the body" not in page
    assert 'href="javascript:' not in page
    assert "{{ 7*7 }}" in page and "{% if x %}" in page  # shown as written, never evaluated
    # overview figures count documents (files and records) and words
    assert re.search(r'id="n-files">6<', page), page[:2000]
    assert re.search(r'id="n-documents">7<', page)
    assert "<svg" in page and 'id="source-table"' in page and 'id="f-code"' in page
    # by source: the top-level folders
    # a JSON Lines record's site is its source; files, their top-level folder
    for source in ("wire", "blog", "example.com", "news.example.org"):
        assert f'<td data-v="{source}">{source}</td>' in page


def test_sources_of_json_records_and_a_configured_source_field(tmp_path):
    """A JSON file's records (an array, or a wrapper) name their sites as JSON Lines records
    do; ``source-field`` names the field that says where a record comes from."""
    root = tmp_path / "c"
    root.mkdir()
    records = [
        {"id": "a", "url": "https://www.harbour.example/x", "extractor": "goose", "text": "It rained.It poured."},
        {"id": "b", "site": "gazette.example", "extractor": "readability", "text": "Calm seas today."},
        {"id": "c", "extractor": 3, "text": "No site here.It is late."},
    ]  # fmt: skip
    (root / "dump.json").write_text(json.dumps({"articles": records}), encoding="utf-8")
    page, _ = report(tmp_path, root, extra=["--extend-include", "*.json"])
    for source in ("harbour.example", "gazette.example", "dump.json"):
        assert f'<td data-v="{source}">{source}</td>' in page, source
    # and by the file that holds them (one file per extractor: the extractor's rate)
    places = page.split('id="place-table"')[1].split("</table>")[0]
    assert '<td data-v="dump.json">dump.json</td>' in places and "harbour" not in places
    (tmp_path / "newslint.toml").write_text('source-field = "extractor"\n', encoding="utf-8")
    out = tmp_path / "by-extractor.html"
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", "--no-cache", "--format", "html", "-o", str(out)]
        + ["--extend-include", "*.json", str(root)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    page = out.read_text(encoding="utf-8")
    for source in ("goose", "readability", "3"):
        assert f'<td data-v="{source}">{source}</td>' in page, source
    assert '<td data-v="harbour.example">' not in page
    (tmp_path / "newslint.toml").write_text("source-field = 3\n", encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "newslint", str(root)], cwd=tmp_path, capture_output=True, text=True
    )
    assert bad.returncode == 2 and "source-field" in bad.stderr, bad.stderr


def test_reports_go_to_their_record_and_a_source_without_words_comes_last(tmp_path):
    """Records of a JSON file written on one line all start on line 1: a report goes to the
    record it names, not to the last record of the line. A source whose documents hold no
    words has no rate: last in the table and left out of the chart, not the cleanest."""
    root = tmp_path / "c"
    root.mkdir()
    records = [
        {"url": "https://harbour.example/a", "text": "It rained all day in the port.It poured."},
        {"url": "https://calm.example/b", "text": "The sea was calm and the boats went out."},
        {"url": "https://empty.example/c", "text": ""},
    ]
    (root / "dump.json").write_text(json.dumps(records), encoding="utf-8")
    page, _ = report(tmp_path, root, extra=["--extend-include", "*.json"])
    table = page.split('id="source-table"')[1].split("</table>")[0]
    rows = re.findall(r'<tr[^>]*>\s*<td data-v="([^"]*)">.*?</tr>', table, re.DOTALL)
    assert rows[:2] == ["calm.example", "harbour.example"], rows  # 0 reports, then the NL301
    assert rows[-1] == "dump.json" and len(rows) == 3  # the empty record: no words, last
    chart = page.split("reports per 1,000 words by source")[1].split("</svg>")[0]
    assert "harbour.example" in chart and "dump.json" not in chart


def fake_reports(n: int, files: int) -> list:
    return [
        Report(
            f"src{i % 7}/f{i % files}.txt",
            1 + i % 50,
            1 + i % 30,
            1 + i % 50,
            5 + i % 30,
            f"NL{300 + i % 15}",
            "x",
            f"message {i} <b>&</b>",
            fix_safety=None,
        )
        for i in range(n)
    ]


def test_a_large_run_makes_a_small_page(tmp_path):
    reports = sorted(fake_reports(100_000, 2_000), key=lambda r: r.sort_key)
    start = time.monotonic()
    page = html.write(reports)
    took = time.monotonic() - start
    assert len(page) < 10_000_000, len(page)
    # 15 codes: each shows its first CAP_PER_CODE examples, within CAP_TOTAL
    assert page.count('class="report"') == min(html.CAP_TOTAL, 15 * html.CAP_PER_CODE)
    assert ">100,000<" in page  # the true count is shown
    assert "<b>&</b>" not in page and "&lt;b&gt;&amp;&lt;/b&gt;" in page
    assert took < 60, took


def test_documents_whose_reports_are_all_capped_get_one_line_not_a_section_each():
    # 60,000 documents, most of whose reports are beyond the caps: a section only for the
    # documents that show a report or that the page links to (the worst), one line for the rest
    reports = sorted(fake_reports(60_000, 20_000), key=lambda r: r.sort_key)
    documents = len({r.path for r in reports})
    page = html.write(reports)
    sections = page.count('<div class="group" id=')
    shown = {m for m in re.findall(r'<div class="group" id="(d\d+)"', page)}
    assert sections == len(shown) <= html.CAP_TOTAL + html.WORST
    for anchor in re.findall(r'<a href="#(d\d+)"', page):
        assert anchor in shown  # every link to a document leads to its section
    hidden = re.search(r"([\d,]+) more documents with ([\d,]+) reports: none", page)
    assert hidden is not None
    assert sections + int(hidden.group(1).replace(",", "")) == documents
    assert len(page) < 6_000_000, len(page)


def chromium(*args, timeout=90) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BROWSER, *HEADLESS, *args], capture_output=True, text=True, timeout=timeout
    )


@needs_browser
def test_the_report_works_in_a_real_browser(tmp_path):
    page, _ = report(tmp_path, corpus(tmp_path), extra=["--extend-include", "*.jsonl"])
    path = tmp_path / "report.html"
    assert path.exists() and page
    url = path.as_uri()
    shot = tmp_path / "report.png"
    profile = tmp_path / "profile"
    proc = chromium(
        f"--user-data-dir={profile}", "--window-size=1280,2000", f"--screenshot={shot}", url
    )
    assert shot.exists() and shot.stat().st_size > 10_000, proc.stderr[-2000:]
    dom = chromium(f"--user-data-dir={profile}", "--dump-dom", url).stdout
    # what the browser built: the charts, the tables, the filters; and no script of the corpus ran
    assert dom.count("<svg") >= 4 and 'id="source-table"' in dom and 'id="f-family"' in dom
    assert "<title>newslint report" in dom and "pwned" not in dom.split("</title>")[0]
    rows = re.findall(r'<tr class="report"[^>]*>', dom)
    assert rows and not any(" hidden" in r for r in rows)
    # the filter, set from the address, hides every report of another code
    code = re.search(r'data-code="(NL\d+)"', rows[0]).group(1)
    filtered = chromium(f"--user-data-dir={profile}", "--dump-dom", f"{url}#code={code}").stdout
    rows = re.findall(r'<tr class="report"[^>]*>', filtered)
    visible = [r for r in rows if " hidden" not in r]
    assert visible and len(visible) < len(rows)
    assert all(f'data-code="{code}"' in r for r in visible)
    assert f'id="f-count">{len(visible)}<' in filtered


@needs_browser
@pytest.mark.skipif(not SAMPLE.is_dir(), reason="the sample corpus is part of the repository")
def test_the_sample_corpus_report_renders(tmp_path):
    page, _ = report(tmp_path, SAMPLE)
    shot = tmp_path / "sample.png"
    chromium(
        f"--user-data-dir={tmp_path / 'p'}",
        f"--screenshot={shot}",
        (tmp_path / "report.html").as_uri(),
    )
    assert shot.exists() and shot.stat().st_size > 10_000
    assert os.path.getsize(tmp_path / "report.html") < 2_000_000
