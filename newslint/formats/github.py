"""GitHub Actions workflow commands: each report an annotation on the pull request's diff."""

from __future__ import annotations

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def write(reports, **_) -> str:
    return "".join(
        f"::{LEVELS.get(r.severity, 'warning')} file={_escape(r.path, True)},line={r.line},col={r.column},"
        f"endLine={r.end_line},endColumn={r.end_column},title={_escape('newslint ' + r.code + ' ' + r.name, True)}"
        f"::{_escape(r.code + ' ' + r.message)}\n"
        for r in reports
    )
