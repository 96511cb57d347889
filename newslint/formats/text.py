"""The formats for people: one line per report (default), or the reports under each file."""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Optional

from newslint.rule import Report

LineSource = Callable[[str, int], Optional[str]]


WINDOW = 120  # cells of source shown at most: a JSON line may be thousands of characters
LEAD = 40  # cells kept before the span when the line is cut


def source_excerpt(r: Report, line_source: LineSource) -> str:
    """The reported line with a caret run under the span: tabs kept and wide characters
    (CJK, full-width) counted as two cells, combining marks as none, so carets line up.  A
    line wider than ``WINDOW`` is cut to a window around the span, marked with '…'."""
    text = line_source(r.path, r.line)
    if text is None:
        return ""
    start = min(r.column - 1, len(text))
    end = r.end_column - 1 if r.end_line == r.line else len(text)
    end = max(start, min(end, len(text)))
    if sum(_cells(c) for c in text) > WINDOW:
        text, start, end = _window(text, start, end)
    text, start, end = _shown_line(text, start, end)
    pad = "".join(c if c == "\t" else " " * _cells(c) for c in text[:start])
    width = sum(_cells(c) for c in text[start:end])
    return f"    {text}\n    {pad}{'^' * max(1, width)}\n"


def _window(text: str, start: int, end: int) -> tuple:
    """At most ``WINDOW`` cells of ``text`` around [start, end): (window, start, end)."""
    a, used = start, 0
    while a > 0 and used + _cells(text[a - 1]) <= LEAD:
        a -= 1
        used += _cells(text[a])
    b = start
    budget = WINDOW - 2  # room for the two ellipses
    while b < len(text) and used + _cells(text[b]) <= budget:
        used += _cells(text[b])
        b += 1
    head = "\u2026" if a > 0 else ""
    tail = "\u2026" if b < len(text) else ""
    window = head + text[a:b] + tail
    shift = len(head) - a
    return window, start + shift, min(end, b) + shift


def _shown_line(text: str, start: int, end: int) -> tuple:
    """The line with its control characters (tabs kept) written as escapes, and the span
    moved to match: a carriage return or an escape sequence must not redraw the terminal."""
    if not UNPRINTABLE.search(text.replace("\t", " ")):
        return text, start, end
    out, new_start, new_end = [], start, end
    for i, c in enumerate(text):
        shown = c if c == "\t" or not UNPRINTABLE.match(c) else _escape(c)
        if i == start:
            new_start = sum(len(x) for x in out)
        if i == end:
            new_end = sum(len(x) for x in out)
        out.append(shown)
    joined = "".join(out)
    if end >= len(text):
        new_end = len(joined)
    if start >= len(text):
        new_start = len(joined)
    return joined, new_start, new_end


def _escape(c: str) -> str:
    return c.encode("unicode_escape").decode("ascii")


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


def _marker(r: Report, show_fixes: bool, unsafe_fixes: bool) -> str:
    """'[*] ' before the message of a report --fix would fix (as ruff), when shown."""
    if show_fixes and r.edits and (r.fix_safety == "safe" or (unsafe_fixes and r.fix_safety)):
        return "[*] "
    return ""


def write_default(
    reports, line_source=None, show_source=False, show_fixes=False, unsafe_fixes=False, **_
) -> str:
    out = []
    for r in reports:
        mark = _marker(r, show_fixes, unsafe_fixes)
        out.append(f"{shown_path(r.path)}:{r.line}:{r.column}: {r.code} {mark}{r.message}\n")
        if show_source and line_source:
            out.append(source_excerpt(r, line_source))
    return "".join(out)


def write_grouped(
    reports, line_source=None, show_source=False, show_fixes=False, unsafe_fixes=False, **_
) -> str:
    out, current = [], None
    for r in reports:
        if r.path != current:
            if current is not None:
                out.append("\n")
            out.append(f"{shown_path(r.path)}:\n")
            current = r.path
        mark = _marker(r, show_fixes, unsafe_fixes)
        out.append(f"  {r.line}:{r.column} {r.code} {mark}{r.message}\n")
        if show_source and line_source:
            out.append(source_excerpt(r, line_source))
    return "".join(out)
