"""The JSON formats: an array of report objects (json), or one object a line (jsonl)."""

from __future__ import annotations

import json

from newslint.rule import Report


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


def write_json(reports, **_) -> str:
    return json.dumps([report_dict(r) for r in reports], ensure_ascii=False, indent=2) + "\n"


def write_jsonl(reports, **_) -> str:
    return "".join(json.dumps(report_dict(r), ensure_ascii=False) + "\n" for r in reports)
