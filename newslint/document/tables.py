"""Pipe tables, read from the raw lines (a Markdown parser drops the broken ones)."""

from __future__ import annotations

from typing import Callable, NamedTuple, Optional

from newslint.document.protected import inline_code_spans
from newslint.document.spans import Span, covered, merge
from newslint.lazy import LazyPattern

DASH_LIKE = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u2501\u2550=_"  # not '-'
_DELIMITER_LIKE = LazyPattern(r"[\s|:\-" + DASH_LIKE + r"]*")
_DASH_COUNT = LazyPattern(r"[\-" + DASH_LIKE + r"]")
_DELIMITER_CELL = LazyPattern(r"\s*:?-+:?\s*")
_PIPE = LazyPattern(r"(?<!\\)\|")
_ROW_PREFIX = LazyPattern(r"[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+(?=\|))?[ \t]*")
_LINKISH = LazyPattern(r"!?\[[^\[\]\n]*\](?:\([^()\n]*\)|\[[^\[\]\n]*\])")
_FENCE = LazyPattern(r" {0,3}(`{3,}|~{3,})")
_GRID_BORDER = LazyPattern(r"\s*\+[-=:+]+\+\s*")


class TableRow(NamedTuple):
    """One line of a pipe table, split into cells the way GitHub-flavoured Markdown does."""

    line: int  # 0-based line index
    start: int  # offset after indentation, blockquote marks and a list marker
    end: int  # offset after the last non-blank character
    cells: tuple  # Span per cell: every unescaped pipe splits, even inside code or links
    pipes: tuple  # offsets of the splitting pipes, outer ones included
    inner: tuple  # those of ``pipes`` inside a code span or a link
    leading: bool
    trailing: bool
    in_list: bool  # the line starts with a list marker before the first pipe
    delimiter_like: bool  # only pipes, colons, spaces and dashes (of any kind, `=`, `_`)
    delimiter: bool  # a valid GFM delimiter row

    @property
    def has_content(self) -> bool:
        return not self.delimiter_like and any(e > s for s, e in self.cells)


class PipeTable(NamedTuple):
    start: int  # first line index
    end: int  # last line index + 1
    header: Optional[TableRow]  # None: no delimiter row below the first row
    delimiter: Optional[TableRow]
    body: tuple  # every row when there is no delimiter row

    @property
    def rows(self) -> tuple:
        return tuple(r for r in (self.header, self.delimiter) if r is not None) + self.body


def parse_table_row(text: str, index: int, start: int, end: int) -> Optional[TableRow]:
    """The line text[start:end] as a table row, or None when it has no pipe outside code."""
    prefix = _ROW_PREFIX.match(text, start, end)
    p = prefix.end()
    while end > p and text[end - 1] in " \t":
        end -= 1
    pipes = [m.start() for m in _PIPE.finditer(text, p, end)]
    if not pipes:
        return None
    row = text[p:end]
    inner: tuple = ()
    if "`" in row or "[" in row:
        shields = merge(
            [Span(s, e) for s, e in inline_code_spans(text, p, end)]
            + [Span(*m.span()) for m in _LINKISH.finditer(text, p, end)]
        )
        starts = [s for s, _ in shields]
        inner = tuple(x for x in pipes if covered(shields, starts, x))
    if len(inner) == len(pipes):
        return None  # pipes in code or in a link only: prose
    leading = pipes[0] == p
    trailing = pipes[-1] == end - 1 and not (leading and len(pipes) == 1)
    points = ([] if leading else [p - 1]) + pipes + ([] if trailing else [end])
    raw_cells = _raw_cells(points)
    cells = tuple(_cell(text, s, e) for s, e in raw_cells)
    like = bool(_DELIMITER_LIKE.fullmatch(row)) and (
        len(_DASH_COUNT.findall(row)) >= 3
        or all(_DASH_COUNT.search(text, s, e) for s, e in raw_cells)
    )
    valid = like and all(_DELIMITER_CELL.fullmatch(text, s, e) for s, e in raw_cells)
    in_list = prefix.group().rstrip(" \t")[-1:] in ("-", "*", "+", ".", ")")
    return TableRow(
        index, p, end, cells, tuple(pipes), inner, leading, trailing, in_list, like, valid
    )


def _raw_cells(points: list) -> list:
    return [(points[k] + 1, points[k + 1]) for k in range(len(points) - 1)]


def _cell(text: str, s: int, e: int) -> Span:
    """A cell's text without the blanks around it; a blank cell, empty at its end."""
    s = _skip_space(text, s, e)
    return Span(s, _trim_space(text, s, e))


def _skip_space(text: str, s: int, e: int) -> int:
    while s < e and text[s] in " \t":
        s += 1
    return s


def _trim_space(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1] in " \t":
        e -= 1
    return e


def find_pipe_tables(text: str, lines: list, hidden: Callable[[int], bool]) -> list:
    """Pipe tables: a row with a delimiter-like row under it, and what follows it (GFM's
    reading), or a run of two or more rows with outer pipes and two or more cells (no
    delimiter row).  Fenced code, hidden spans and grid-table borders are left out."""
    n = len(lines)
    rows: list = [None] * n
    fence = ""
    for i, (s, e) in enumerate(lines):
        m = _FENCE.match(text, s, e)
        if fence:
            closing = m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)
            if closing and not text[m.end() : e].strip():
                fence = ""
            continue
        if m:
            fence = m.group(1)
        elif text.find("|", s, e) != -1 and not hidden(s):
            rows[i] = parse_table_row(text, i, s, e)

    def header_at(i: int) -> bool:  # a one-column box of `=` or em dashes is ASCII art
        below = rows[i + 1] if i + 1 < n else None
        return (
            rows[i] is not None
            and below is not None
            # a header row of empty cells over a valid delimiter row is valid GFM
            and (
                rows[i].has_content
                or (
                    below.delimiter
                    and not rows[i].delimiter
                    and len(rows[i].cells) == len(below.cells)
                )
            )
            and below.delimiter_like
            and (below.delimiter or len(below.cells) >= 2)
        )

    def strong(i: int) -> bool:
        r = rows[i]
        return (
            r is not None
            and r.leading
            and r.trailing
            and len(r.cells) >= 2
            and r.has_content
            and not r.in_list
        )

    tables = []
    i = 0
    while i < n:
        if header_at(i):
            j = i + 2
            while j < n and rows[j] is not None:
                j += 1
            tables.append(PipeTable(i, j, rows[i], rows[i + 1], tuple(rows[i + 2 : j])))
            i = j
        elif strong(i):
            j = i
            while j < n and strong(j) and not header_at(j):
                j += 1
            if (
                j - i >= 2
                and not _grid_border(text, lines, i - 1)
                and not _grid_border(text, lines, j)
            ):
                tables.append(PipeTable(i, j, None, None, tuple(rows[i:j])))
            i = max(j, i + 1)
        else:
            i += 1
    return tables


def _grid_border(text: str, lines: list, i: int) -> bool:
    return 0 <= i < len(lines) and bool(_GRID_BORDER.fullmatch(text, *lines[i]))


def is_table_row(line: str) -> bool:
    """A line that looks like a pipe-table row: two or more unescaped pipes."""
    if "|" not in line:
        return False
    return line.count("|") - line.count("\\|") >= 2 and bool(line.strip("| \t"))


# a gap between the columns of a table set out with spaces: two or more blanks, or a tab
COLUMN_GAP = LazyPattern(r"(?<=\S)(?: {2,}|[ \t]*\t[ \t]*)(?=\S)")
MAX_CELL_WORDS = 4


def is_column_row(line: str) -> bool:
    """A line set out in three or more columns of a few words each: `Exports   NIL   NIL`.
    Sentences parted by two spaces are not: their cells are long."""
    if "  " not in line and "\t" not in line:
        return False
    cells = COLUMN_GAP.split(line.strip())
    return len(cells) >= 3 and all(len(c.split()) <= MAX_CELL_WORDS for c in cells)


def table_lines(text: str, lines: list, tables: list, hidden: Callable[[int], bool]) -> frozenset:
    """Indices of lines in table blocks: the lines of ``tables``, any run of two or more lines
    with two or more pipes (menus, wrapped link lists) and any run of two or more lines set out
    in columns with spaces (wire copy's figures): not sentences."""
    rows = [
        (is_table_row(text[s:e]) or is_column_row(text[s:e])) and not hidden(s) for s, e in lines
    ]
    out = {i for t in tables for i in range(t.start, t.end)}
    i = 0
    while i < len(rows):
        if rows[i]:
            j = i
            while j < len(rows) and rows[j]:
                j += 1
            if j - i >= 2:
                out.update(range(i, j))
            i = j
        else:
            i += 1
    return frozenset(out)
