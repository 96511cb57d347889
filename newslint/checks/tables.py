"""NL4xx broken Markdown tables, read from the raw lines (``Document.pipe_tables``).

A Markdown renderer silently drops a table it cannot read: it shows a paragraph of pipes and
says nothing, so a Markdown linter working from the parser's view never sees it.  These rules
judge every block that looks like a pipe table.  Cell text stays prose for the other families.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from newslint.document import DASH_LIKE, Document, PipeTable, TableRow
from newslint.lazy import LazyPattern
from newslint.rule import Fix, Rule, Violation

ODD_DASH = LazyPattern("[" + DASH_LIKE + "]+")
LIST_MARKER = LazyPattern(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t])")
BLOCK_START = LazyPattern(
    r" {0,3}(?:[>#]|[-*+][ \t]|\d{1,9}[.)][ \t]|`{3}|~{3}|<|[-*_][ \t]*[-*_][ \t]*[-*_])"
)


class TableRule(Rule):
    family = "tables"


def _cells(n: int) -> str:
    return "cell" if n == 1 else "cells"


def delimiter_row(cells: list, leading: bool, trailing: bool, spaced: bool) -> str:
    """A delimiter row: ``cells`` holds each cell's alignment colons as (left, right) flags."""
    parts = [(":" if left else "") + "---" + (":" if right else "") for left, right in cells]
    pad = " " if spaced else ""
    body = f"{pad}|{pad}".join(parts)
    return ("|" + pad if leading else "") + body + (pad + "|" if trailing else "")


def _alignments(doc: Document, row: TableRow) -> list:
    text = doc.text
    out = []
    for s, e in row.cells:
        cell = text[s:e]
        out.append((cell.startswith(":"), len(cell) > 1 and cell.endswith(":")))
    return out


def _spaced(doc: Document, row: TableRow) -> bool:
    """Whether the row pads its pipes with spaces (`| a |`), so a rewrite can do the same."""
    text = doc.text
    return any(
        (p > row.start and text[p - 1] == " ") or (p + 1 < row.end and text[p + 1] == " ")
        for p in row.pipes
    )


def _counts_match(t: PipeTable) -> bool:
    return t.delimiter is not None and len(t.header.cells) == len(t.delimiter.cells)


# --- NL401 ------------------------------------------------------------------------------------


class BrokenDelimiterRow(TableRule):
    """A table's delimiter row is drawn with em or en dashes, `=`, `_` or box-drawing lines.

    Markdown only recognises a pipe table when the line under its header is made of `-`, `:`,
    pipes and spaces. Typographic "smart dashes" turn `---` into `—` and `–`, and some
    writers underline with `=` or `_`; the renderer then shows the whole table as a paragraph of
    pipes, and Markdown linters never see a table at all. The fix rewrites the row with `---`
    cells, keeping alignment colons and the row's outer pipes; it is unsafe when every cell is
    a single dash (`| — | — |` may be a row of "no value" marks). One-column boxes of `=` or
    dashes are ASCII art and are left alone.
    """

    code, name = "NL401", "broken-delimiter-row"
    fixable = "sometimes"
    example_path = "example.md"
    bad = [
        (
            "| Key | Value |\n⟦|\u2014\u2014\u2014\u2014\u2013|\u2014\u2014\u2014-|⟧\n| one | 1 |\n",
            "| Key | Value |\n|---|---|\n| one | 1 |\n",
        ),
        (
            "| Team | Points |\n⟦| :===== | =====: |⟧\n| Ajax | 12 |\n",
            "| Team | Points |\n| :--- | ---: |\n| Ajax | 12 |\n",
        ),
        "Name | Age\n⟦\u2500\u2500\u2500\u2500|\u2500\u2500\u2500⟧\nAnna | 41\n",
        ("| A | B |\n⟦|\u2014|\u2014|⟧\n| 1 | 2 |\n", "| A | B |\n|---|---|\n| 1 | 2 |\n"),
        "| Item | Note |\n⟦|______|______|⟧\n| a | b |\n",
    ]
    good = [
        "| Key | Value |\n|---|---|\n| one | 1 |\n",
        "| Key | Value |\n| :-- | --: |\n| one | 1 |\n",
        "| A | B |\n|-|-|\n| 1 | 2 |\n",
        "|     |     |\n| --- | --- |\n| Eval | ada v2 |\n| MTEB | 61.0 |\n",
        "The vote \u2014 held on Monday \u2014 was close.\n",
        "Results | Sport\n",
        "A line of dashes\n\u2014\u2014\u2014\u2014\u2014\u2014\n",
        "| Name | Score |\n|------|-------|\n| Ann | \u2014 |\n| Bob | \u2014 |\n",
        "```\n| Key | Value |\n|\u2014\u2014\u2014|\u2014\u2014\u2014|\n```\n",
        " _______\n|       |\n| NEWS  |\n|=======|\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for t in doc.pipe_tables:
            row = t.delimiter
            if row is None or row.delimiter:
                continue
            odd = sorted(set("".join(ODD_DASH.findall(text, row.start, row.end))))
            if not odd:
                continue  # only '-' and ':' (an empty cell): NL402 judges the counts
            shown = " and ".join(f"'{c}'" for c in odd[:3])
            message = f"delimiter row drawn with {shown} instead of '-': Markdown renderers do not see a table"
            fixed = delimiter_row(
                _alignments(doc, row), row.leading, row.trailing, _spaced(doc, row)
            )
            # single dashes may be a data row of "no value" marks rather than a delimiter
            safety = "unsafe" if all(e - s <= 1 for s, e in row.cells) else "safe"
            fix = Fix.replace(row.start, row.end, fixed, safety, "rewrite it with '---' cells")
            yield self.violation(row.start, row.end, message, fix)


# --- NL402 ------------------------------------------------------------------------------------


class HeaderDelimiterMismatch(TableRule):
    """A table's header row and delimiter row have different numbers of cells.

    GitHub-flavoured Markdown requires the two to match; when they do not, the whole table is
    rendered as a paragraph of pipes. When every body row agrees with the header and the
    delimiter row has one alignment throughout, the fix rewrites the delimiter row to the
    header's width; when the body agrees with the delimiter row, the header is the odd one out
    and only a person can mend it.
    """

    code, name = "NL402", "header-delimiter-mismatch"
    fixable = "sometimes"
    example_path = "example.md"
    bad = [
        (
            "| City | Team | Ground |\n⟦| --- | --- |⟧\n| Leeds | United | Elland Road |\n",
            "| City | Team | Ground |\n| --- | --- | --- |\n| Leeds | United | Elland Road |\n",
        ),
        "Logo | City | Team |\n⟦| --- | --- |⟧\n| Leeds | United |\n",
        "| Name | Role |\n⟦| --- | --- | --- |⟧\n",
    ]
    good = [
        "| City | Team | Ground |\n| --- | --- | --- |\n| Leeds | United | Elland Road |\n",
        "| abc | defghi |\n:-: | -----------:\nbar | baz\n",
        "| Quote |\n| --- |\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        for t in doc.pipe_tables:
            if t.delimiter is None or _counts_match(t):
                continue
            head, delim = len(t.header.cells), len(t.delimiter.cells)
            message = f"header row has {head} {_cells(head)}, delimiter row {delim}: renderers drop the table"
            fix = None
            counts = {len(r.cells) for r in t.body}
            aligns = set(_alignments(doc, t.delimiter))
            if t.body and counts == {head} and len(aligns) == 1:
                row = t.delimiter
                fixed = delimiter_row(
                    [aligns.pop()] * head, row.leading, row.trailing, _spaced(doc, row)
                )
                fix = Fix.replace(
                    row.start, row.end, fixed, title=f"rewrite the delimiter row with {head} cells"
                )
            elif t.body and counts == {delim}:
                message += f" (the body rows have {delim}: the header row is the odd one out)"
            yield self.violation(t.delimiter.start, t.delimiter.end, message, fix)


# --- NL403 ------------------------------------------------------------------------------------


class MissingDelimiterRow(TableRule):
    """Rows of a pipe table with no delimiter row under the first one.

    Without a `| --- | --- |` line under the header, Markdown renders the rows as one paragraph
    full of pipes. Reported on runs of two or more lines that start and end with a pipe and hold
    two or more cells; single lines with a pipe or two (`Results | Sport`) and grid tables framed
    by `+---+` lines are left alone. The fix inserts a delimiter row after the first row; it is
    unsafe because the first row may be data rather than a header.
    """

    code, name = "NL403", "missing-delimiter-row"
    fixable = "unsafe"
    example_path = "example.md"
    bad = [
        (
            "⟦|⟧ Pos | Driver | Points |\n| 1 | Busch | 5040 |\n| 2 | Truex | 5035 |\n",
            "| Pos | Driver | Points |\n| --- | --- | --- |\n| 1 | Busch | 5040 |\n| 2 | Truex | 5035 |\n",
        ),
        "Standings:\n⟦|⟧Ticker|Last|\n|HD|225.86|\n",
    ]
    good = [
        "Results | Sport\nNews | Weather | Travel\n",
        "| a lone boxed line |\n| another one |\n",
        "+-----+-----+\n| a   | b   |\n| c   | d   |\n+-----+-----+\n",
        "Use `a | b | c` or `x | y` in the shell.\n",
        "```\n| a | b |\n| c | d |\n```\n",
        "* | Smith | 12 |\n* | Jones | 9 |\n",
        "| A | B |\n|-|-|\n| 1 | 2 |\n",
        "Team      P   W   D   L  Pts\nArsenal   3   2   1   0    7\nChelsea   3   2   0   1    6\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for t in doc.pipe_tables:
            if t.header is not None:
                continue
            first = t.body[0]
            n = len(first.cells)
            s = doc.lines[first.line].start
            prefix = LIST_MARKER.sub(lambda m: " " * len(m.group()), text[s : first.start])
            row = prefix + delimiter_row([(False, False)] * n, True, True, _spaced(doc, first))
            line_end = doc.lines[first.line].end
            yield self.violation(
                first.start,
                first.start + 1,
                f"pipe table ({len(t.body)} rows) has no delimiter row: renderers show a paragraph of pipes",
                Fix.insert(
                    line_end,
                    "\n" + row,
                    safety="unsafe",
                    title="insert a delimiter row after the first row",
                ),
            )


# --- NL404 ------------------------------------------------------------------------------------


class RowCellCount(TableRule):
    """A table's body row has more cells than its header (or fewer, with `short-rows`).

    Renderers silently drop the extra cells of a longer row, so a scraped table that gained a
    column loses its last values without a trace. A shorter row is padded with empty cells,
    which is usually what its writer meant (`| note | ` for an empty last cell), so short rows
    are reported only with the option `short-rows = true`. A row that is longer only because
    of a pipe inside a code span or a link is NL405's.
    """

    code, name = "NL404", "row-cell-count"
    example_path = "example.md"
    options = {"short-rows": False}
    bad = [
        "| Name | Goals |\n| --- | --- |\n| Kane | 3 |\n⟦|⟧ Son | 2 | 1 |\n",
        "| Name | Goals |\n| --- | --- |\n⟦|⟧ Kane | 3 | 1 | 0 |\n",
    ]
    good = [
        "| Name | Goals |\n| --- | --- |\n| Kane | 3 |\n| Son | 2 |\n",
        "Name | Goals\n--- | ---\nKane | 3\n",
        "| Key | Value |\n| --- | --- |\n| a | `x\\|y` |\n",
        "| Name | Goals | Games |\n| --- | --- | --- |\n| Kane | 3 | \n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        short_rows = self.settings.get("short-rows", False)
        for t in doc.pipe_tables:
            if not _counts_match(t):
                continue
            width = len(t.header.cells)
            for row in t.body:
                n = len(row.cells)
                if (
                    n == width
                    or (n > width and len(row.inner) == n - width)
                    or (n < width and not short_rows)
                ):
                    continue
                if n > width:
                    extra = n - width
                    what = (
                        f"renderers drop the last {extra} cells"
                        if extra > 1
                        else "renderers drop the last cell"
                    )
                else:
                    what = f"renderers pad it with {width - n} empty {_cells(width - n)}"
                yield self.violation(
                    row.start, row.start + 1, f"row has {n} {_cells(n)}, the header {width}: {what}"
                )


# --- NL405 ------------------------------------------------------------------------------------


class InconsistentPipes(TableRule):
    """A table row lacks the outer pipe every other row has, or a pipe inside a cell splits it.

    A body row without the leading or trailing pipe its header and delimiter row both have is
    often a row broken over two lines by a scraper. A pipe inside a code span or a link (`a|b`
    in a URL) still splits the cell in GitHub-flavoured Markdown, pushing the rest of the row one
    column to the right; write it `\\|`. Both fixes are safe: they add the missing outer pipe
    (offered only when the row already has the header's width) or escape the pipe.
    """

    code, name = "NL405", "inconsistent-pipes"
    fixable = "sometimes"
    example_path = "example.md"
    bad = [
        (
            "| Name | Goals |\n| --- | --- |\n| Kane | 3 |\n| Son | ⟦2⟧\n",
            "| Name | Goals |\n| --- | --- |\n| Kane | 3 |\n| Son | 2 |\n",
        ),
        (
            "| Command | Use |\n| --- | --- |\n| `a ⟦|⟧ b` | pipe |\n",
            "| Command | Use |\n| --- | --- |\n| `a \\| b` | pipe |\n",
        ),
    ]
    good = [
        "| Name | Goals |\n| --- | --- |\n| Kane | 3 |\n",
        "Name | Goals\n--- | ---\nKane | 3\n",
        "| abc | defghi |\n:-: | -----------:\nbar | baz\n",
        "| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        for t in doc.pipe_tables:
            if not _counts_match(t):
                continue
            width = len(t.header.cells)
            leading = t.header.leading and t.delimiter.leading
            trailing = t.header.trailing and t.delimiter.trailing
            for row in t.body:
                n = len(row.cells)
                if n > width and len(row.inner) == n - width:
                    for p in row.inner:
                        yield self.violation(
                            p,
                            p + 1,
                            "pipe inside a code span or link splits the cell: escape it as '\\|'",
                            Fix.insert(p, "\\", title="escape the pipe"),
                        )
                    continue
                fix_ok = n == width
                if leading and not row.leading:
                    fix = (
                        Fix.insert(row.start, "| ", title="add the leading pipe")
                        if fix_ok
                        else None
                    )
                    message = "row has no leading pipe, unlike the rest of its table"
                    yield self.violation(row.start, row.start + 1, message, fix)
                elif trailing and not row.trailing:
                    fix = (
                        Fix.insert(row.end, " |", title="add the trailing pipe") if fix_ok else None
                    )
                    message = "row has no trailing pipe, unlike the rest of its table"
                    yield self.violation(row.end - 1, row.end, message, fix)


# --- NL406 ------------------------------------------------------------------------------------


class TableGluedToParagraph(TableRule):
    """A Markdown table starts or ends without a blank line between it and a paragraph.

    A line of text directly under a table becomes one more row of it in GitHub-flavoured
    Markdown, and some renderers do not let a table interrupt the paragraph above it.
    Opinionated (many renderers cope), so off by default; Markdown files only. The fix inserts
    the blank line.
    """

    code, name = "NL406", "table-glued-to-paragraph"
    fixable = "safe"
    default_enabled = False
    example_path = "example.md"
    bad = [
        (
            "The standings:\n⟦|⟧ Team | Pts |\n| --- | --- |\n| Ajax | 12 |\n",
            "The standings:\n\n| Team | Pts |\n| --- | --- |\n| Ajax | 12 |\n",
        ),
        (
            "| Team | Pts |\n| --- | --- |\n| Ajax | 12 |\n⟦S⟧ource: the league.\n",
            "| Team | Pts |\n| --- | --- |\n| Ajax | 12 |\n\nSource: the league.\n",
        ),
    ]
    good = [
        "The standings:\n\n| Team | Pts |\n| --- | --- |\n| Ajax | 12 |\n\nSource: the league.\n",
        "## Standings\n| Team | Pts |\n| --- | --- |\n| Ajax | 12 |\n> A quote after it.\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        if doc.kind != "markdown":
            return
        text = doc.text
        for t in doc.pipe_tables:
            if not _counts_match(t) or not t.delimiter.delimiter:
                continue
            before = self._paragraph_line(doc, t.start - 1)
            if before is not None:
                at = t.header.start
                yield self.violation(
                    at,
                    at + 1,
                    "table follows a paragraph without a blank line",
                    Fix.insert(doc.lines[t.start].start, "\n", title="insert a blank line"),
                )
            after = self._paragraph_line(doc, t.end)
            if after is not None:
                s = doc.lines[t.end].start
                at = (
                    s
                    + len(text[s : doc.lines[t.end].end])
                    - len(text[s : doc.lines[t.end].end].lstrip())
                )
                yield self.violation(
                    at,
                    at + 1,
                    "paragraph directly under a table: GFM reads it as one more row",
                    Fix.insert(s, "\n", title="insert a blank line"),
                )

    @staticmethod
    def _paragraph_line(doc: Document, i: int) -> Optional[int]:
        if not 0 <= i < len(doc.lines):
            return None
        s, e = doc.lines[i]
        line = doc.text[s:e]
        if not line.strip() or doc.in_hidden(s) or i in doc.table_lines or BLOCK_START.match(line):
            return None
        if line.startswith(("    ", "\t")):
            return None
        return i
