"""SARIF 2.1.0 (static analysis results interchange format) output."""

from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from newslint import __version__
from newslint.formats.records import record_and_field

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    # a file name that is not valid UTF-8 holds surrogate escapes: give back its raw bytes
    return quote(PurePath(path).as_posix(), errors="surrogateescape")


def write(reports, registry=None, summary=None, **_) -> str:
    log = sarif_log(reports, registry, __version__)
    if summary is not None:  # what was checked: the run's property bag
        log["runs"][0]["properties"] = {"newslint": summary}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def sarif_log(reports, registry, version: str) -> dict:
    codes = sorted({r.code for r in reports})
    rules, index = [], {}
    for code in codes:
        rule = registry.rules.get(code) if registry else None
        index[code] = len(rules)
        entry = {"id": code}
        if rule is not None:
            entry["name"] = rule.name
            entry["shortDescription"] = {"text": rule.summary() or rule.name}
            if rule.explanation():
                entry["fullDescription"] = {"text": rule.explanation()}
            entry["defaultConfiguration"] = {"level": LEVELS.get(rule.severity, "warning")}
            entry["properties"] = {"family": rule.family}
        rules.append(entry)
    results = []
    for r in reports:
        result = {
            "ruleId": r.code,
            "ruleIndex": index[r.code],
            "level": LEVELS.get(r.severity, "warning"),
            "message": {"text": r.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(r.path)},
                        "region": {
                            "startLine": r.line,
                            "startColumn": r.column,
                            "endLine": r.end_line,
                            "endColumn": max(r.end_column, r.column),
                        },
                    }
                }
            ],
        }
        record, field = record_and_field(r)
        if record is not None:
            result["properties"] = {"record": record, "field": field}
        if r.fix_safety and r.edits:
            result["fixes"] = [
                {
                    "description": {"text": r.fix_title or "fix"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": _uri(r.path)},
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "startLine": e.line,
                                        "startColumn": e.column,
                                        "endLine": e.end_line,
                                        "endColumn": e.end_column,
                                    },
                                    "insertedContent": {"text": e.content},
                                }
                                for e in r.edits
                            ],
                        }
                    ],
                }
            ]
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "newslint",
                        "version": version,
                        "informationUri": "https://pypi.org/project/newslint/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
