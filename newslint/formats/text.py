"""The formats for people: one line per report (default), or the reports under each file."""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Optional

from newslint.rule import Report

LineSource = Callable[[str, int], Optional[str]]


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


# control characters, and line and paragraph separators, in a file name would forge report
# lines or style the terminal (ANSI escapes): they are printed escaped, as \n or \x1b
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown_path(path: str) -> str:
    """A file name as printed in a report line: its control characters escaped."""
    if not UNPRINTABLE.search(path):
        return path
    return UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), path)


def write_default(reports, line_source=None, show_source=False, **_) -> str:
    out = []
    for r in reports:
        out.append(f"{shown_path(r.path)}:{r.line}:{r.column}: {r.code} {r.message}\n")
        if show_source and line_source:
            out.append(source_excerpt(r, line_source))
    return "".join(out)


def write_grouped(reports, line_source=None, show_source=False, **_) -> str:
    out, current = [], None
    for r in reports:
        if r.path != current:
            if current is not None:
                out.append("\n")
            out.append(f"{shown_path(r.path)}:\n")
            current = r.path
        out.append(f"  {r.line}:{r.column} {r.code} {r.message}\n")
        if show_source and line_source:
            out.append(source_excerpt(r, line_source))
    return "".join(out)
