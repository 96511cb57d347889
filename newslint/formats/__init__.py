"""Output formats: reports (sorted) -> text.  Each format is one small function."""

from __future__ import annotations

import json
import unicodedata
from typing import Callable, Optional

from newslint import __version__
from newslint.rule import Report

LineSource = Callable[[str, int], Optional[str]]


def _fix_json(r: Report):
    if not r.fix_safety:
        return None
    return {
        "applicability": r.fix_safety,
        "title": r.fix_title,
        "edits": [
            {
                "content": e.content,
                "line": e.line,
                "column": e.column,
                "end_line": e.end_line,
                "end_column": e.end_column,
            }
            for e in r.edits
        ],
    }


def report_dict(r: Report) -> dict:
    return {
        "path": r.path,
        "line": r.line,
        "column": r.column,
        "end_line": r.end_line,
        "end_column": r.end_column,
        "code": r.code,
        "name": r.name,
        "message": r.message,
        "severity": r.severity,
        "fix": _fix_json(r),
    }


def source_excerpt(r: Report, line_source: LineSource) -> str:
    """The reported line with a caret run under the span: tabs kept and wide characters
    (CJK, full-width) counted as two cells, combining marks as none, so carets line up."""
    text = line_source(r.path, r.line)
    if text is None:
        return ""
    before = text[: r.column - 1]
    span = text[r.column - 1 : r.end_column - 1] if r.end_line == r.line else text[r.column - 1 :]
    pad = "".join(c if c == "\t" else " " * _cells(c) for c in before)
    width = sum(_cells(c) for c in span)
    return f"    {text}\n    {pad}{'^' * max(1, width)}\n"


def _cells(c: str) -> int:
    """How many terminal cells a character takes."""
    if c.isascii():
        return 1
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def format_default(reports, line_source=None, show_source=False, **_) -> str:
    out = []
    for r in reports:
        out.append(f"{r.path}:{r.line}:{r.column}: {r.code} {r.message}\n")
        if show_source and line_source:
            out.append(source_excerpt(r, line_source))
    return "".join(out)


def format_grouped(reports, line_source=None, show_source=False, **_) -> str:
    out, current = [], None
    for r in reports:
        if r.path != current:
            if current is not None:
                out.append("\n")
            out.append(f"{r.path}:\n")
            current = r.path
        out.append(f"  {r.line}:{r.column} {r.code} {r.message}\n")
        if show_source and line_source:
            out.append(source_excerpt(r, line_source))
    return "".join(out)


def format_json(reports, **_) -> str:
    return json.dumps([report_dict(r) for r in reports], ensure_ascii=False, indent=2) + "\n"


def format_jsonl(reports, **_) -> str:
    return "".join(json.dumps(report_dict(r), ensure_ascii=False) + "\n" for r in reports)


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def format_github(reports, **_) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    return "".join(
        f"::{level.get(r.severity, 'warning')} file={_gh_escape(r.path, True)},line={r.line},col={r.column},"
        f"endLine={r.end_line},endColumn={r.end_column},title={_gh_escape('newslint ' + r.code + ' ' + r.name, True)}"
        f"::{_gh_escape(r.code + ' ' + r.message)}\n"
        for r in reports
    )


def format_sarif(reports, registry=None, **_) -> str:
    from newslint.formats.sarif import sarif_log

    return (
        json.dumps(sarif_log(reports, registry, __version__), ensure_ascii=False, indent=2) + "\n"
    )


FORMATS = {
    "default": format_default,
    "concise": format_default,
    "grouped": format_grouped,
    "json": format_json,
    "jsonl": format_jsonl,
    "github": format_github,
    "sarif": format_sarif,
}
