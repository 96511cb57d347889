"""The JSON formats: an array of report objects (json), or one object a line (jsonl)."""

from __future__ import annotations

import json
import re

from newslint.rule import Report

# the place a reader names in a record's messages: "record harbour-001 (articleBody): ..."
RECORD_LABEL = re.compile(r"record (?P<record>.+?)(?: \((?P<field>[^()]*)\))?: ")
RECORD_SUFFIXES = (".json", ".jsonl", ".ndjson")


def record_and_field(r: Report) -> tuple:
    """(record id, field) of a report inside a JSON or JSON Lines record, else (None, None)."""
    if not r.message.startswith("record "):
        return None, None
    m = RECORD_LABEL.match(r.message)
    if m is None or (m.group("field") is None and not r.path.lower().endswith(RECORD_SUFFIXES)):
        return None, None
    return m.group("record"), m.group("field")


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
    record, field = record_and_field(r)
    return {
        "path": r.path,
        "record": record,
        "field": field,
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
