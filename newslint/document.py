"""The Document: one input's text, built once and shared by every rule.

Rules read the lazily computed views below (lines, paragraphs, headings, sentences,
tokens, tables, protected spans) and never re-split the text themselves.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, NamedTuple, Optional

import regex

# --- shared patterns (compiled once) -------------------------------------------------------

WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['\u2019]\p{L}[\p{L}\p{M}]*)*")
URL = regex.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'\u201c\u201d()\[\]]+[^\s<>\"'\u201c\u201d()\[\].,;:!?]"
    r"|\bmailto:\S+"
)
EMAIL = regex.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_SUFFIXES = (
    r"(?:com|org|net|edu|gov|mil|int|info|biz|io|co|uk|us|de|fr|eu|ru|ua|kr|jp|"
    r"cn|in|au|ca|tv|me|ly|gl|gg|ai|news|app|dev|html?|php|aspx?|jsp|pdf|txt|md|json|csv|xml|png|"
    r"jpe?g|gif|py|js|exe|zip)\b"
)
DOMAIN = regex.compile(r"\b(?:[\p{L}\d-]+\.)+" + _SUFFIXES + r"(?:/\S*)?", regex.IGNORECASE)
# Every DOMAIN match holds one of these; looking for it first is ten times faster on prose.
DOMAIN_HINT = regex.compile(r"(?<=[\p{L}\d-])\." + _SUFFIXES, regex.IGNORECASE)
HANDLE = regex.compile(r"(?<![\w@])[@#][\w_]+")
NUMBER = regex.compile(r"\d+(?:[.,:/]\d+)*(?:\.\d+)?")
INLINE_CODE = regex.compile(r"(`+)(?!`).+?(?<!`)\1")
REPLACEMENT = regex.compile("\ufffd+")
DIRECTIVE = regex.compile(r"<!--\s*newslint:.*?-->")
# What no prose rule touches, each with a test every text it matches passes (None: none):
# prose rarely holds any of these, and looking for a substring is far cheaper than a search.
_PROTECTED = (
    (URL, lambda t: "://" in t or "www." in t or "mailto:" in t),
    (EMAIL, lambda t: "@" in t),
    (DOMAIN, DOMAIN_HINT.search),
    (HANDLE, lambda t: "@" in t or "#" in t),
    (NUMBER, None),
    (INLINE_CODE, lambda t: "`" in t),
    (REPLACEMENT, None),
    (DIRECTIVE, lambda t: "<!--" in t),
)

TERMINAL = ".!?:;,\"'\u201d\u2019)…"
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen sen rep gov lt col capt sgt maj cpl adm cmdr rev hon pres st ste mt ft
    jr sr inc ltd co corp bros plc llc no nos vs etc al approx est fig figs dept univ ave rd
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    e.g i.e a.m p.m u.s u.k u.n e.u d.c cf viz op vol vols pp ed eds ch art sec
    """.split()
)

HEADING_MD = regex.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")


class Span(NamedTuple):
    start: int
    end: int


class Token(NamedTuple):
    start: int
    end: int
    text: str


@dataclass
class Problem:
    """An input problem found by a source reader (NL0xx), reported by the input rules."""

    code: str
    start: int
    message: str
    end: Optional[int] = None
    position: Optional[tuple] = None  # (line, col) in the raw file when not inside the text


class SourceMap:
    """Maps offsets in a Document's text to raw-file positions.

    The default is a text file whose only difference from the Document text is its newline
    style: lines and columns are those of the text.  Readers of other formats (JSON) supply
    their own map so that reports point at the raw file's characters.
    """

    def __init__(self, text: str, raw: Optional[str] = None):
        self.text = text
        self.raw = text if raw is None else raw
        self._starts = _line_starts(text)
        self._raw_starts = self._starts if raw is None else _raw_line_starts(self.raw)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def raw_offset(self, offset: int) -> int:
        line, col = self.position(offset)
        return self._raw_starts[line - 1] + col - 1

    def escape(self, replacement: str, raw_start: int) -> str:
        """How a replacement string is written into the raw file at ``raw_start``."""
        if "\n" not in replacement:
            return replacement  # nothing to write in the file's own newline style
        newline = _newline_at(self.raw, raw_start)
        return replacement.replace("\n", newline) if newline != "\n" else replacement


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


NEWLINE = regex.compile(r"\r\n|\r|\n")


def _raw_line_starts(raw: str) -> list[int]:
    return [0] + [m.end() for m in NEWLINE.finditer(raw)]


def _newline_at(raw: str, offset: int) -> str:
    """The newline ending the line at ``offset`` (or the file's first): the style to write."""
    m = NEWLINE.search(raw, offset) or NEWLINE.search(raw)
    return m.group() if m else "\n"


@dataclass
class Document:
    """One input: its text (newlines normalised to ``\\n``) and every view rules need."""

    text: str
    path: str = "<text>"
    kind: str = "text"  # text | markdown | json
    index: int = 0  # which document of its file (JSON Lines records)
    source_map: Optional[SourceMap] = None
    problems: list = field(default_factory=list)
    # spans the reader knows are not prose (front matter, code blocks, markup) ...
    hidden: list = field(default_factory=list)
    # ... and the reader's own structure, when it has one (JSON records: the title field)
    title_span: Optional[Span] = None
    paragraph_spans: Optional[list] = None
    heading_spans: Optional[list] = None  # Markdown: ATX and setext headings
    label: Callable[[int], str] = field(default=lambda offset: "", repr=False)

    def __post_init__(self):
        if self.source_map is None:
            self.source_map = SourceMap(self.text)

    # --- what rule families derive from the document, computed once ------------------------
    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """The value ``build()`` gives, computed once per document and key: the one place a
        rule family keeps what it derives from a document (an analysis, a word list) so that
        its rules, and its summaries, share it.  Keys are namespaced by family: 'spelling.x'."""
        memo = self.__dict__.get("_memo")
        if memo is None:
            memo = self.__dict__["_memo"] = {}
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = build()
            return value

    def peek(self, key: str, default: Any = None) -> Any:
        """A memoised value or a lazy view (``tokens``) if already computed, else ``default``:
        for a family that can derive what it needs more cheaply when the view is not there."""
        memo = self.__dict__.get("_memo")
        if memo is not None and key in memo:
            return memo[key]
        return self.__dict__.get(key, default) if key in type(self).__dict__ else default

    # --- positions ------------------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        return self.source_map.position(offset)

    @cached_property
    def line_starts(self) -> list[int]:
        return _line_starts(self.text)

    def line_index(self, offset: int) -> int:
        """0-based index of the text line holding ``offset``."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    # --- views ----------------------------------------------------------------------------
    @cached_property
    def lines(self) -> list[Span]:
        starts = self.line_starts
        ends = [s - 1 for s in starts[1:]] + [len(self.text)]
        return [Span(s, e) for s, e in zip(starts, ends)]

    def line_text(self, index: int) -> str:
        s, e = self.lines[index]
        return self.text[s:e]

    @cached_property
    def pipe_tables(self) -> list:
        """Pipe tables found from the raw lines (``PipeTable``s), broken ones included."""
        return find_pipe_tables(self.text, self.lines, self.in_hidden)

    @cached_property
    def table_lines(self) -> frozenset:
        """Indices of lines in pipe-table blocks: the lines of ``pipe_tables`` and any run of two
        or more lines with two or more pipes (menus, wrapped link lists): not sentences."""
        text = self.text
        rows = [is_table_row(text[s:e]) and not self.in_hidden(s) for s, e in self.lines]
        out = {i for t in self.pipe_tables for i in range(t.start, t.end)}
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

    @cached_property
    def tables(self) -> list[Span]:
        """Pipe tables as (first line index, last line index + 1); see ``pipe_tables``."""
        return [Span(t.start, t.end) for t in self.pipe_tables]

    @cached_property
    def blocks(self) -> list[Span]:
        """Blank-line separated blocks of text (character spans)."""
        out = []
        start = end = None
        for s, e in self.lines:
            blank = not self.text[s:e].strip()
            if blank and start is not None:
                out.append(Span(start, end))
                start = None
            elif not blank:
                if start is None:
                    start = s
                end = e
        if start is not None:
            out.append(Span(start, end))
        return out

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Paragraph spans.

        Wrapped text: a blank-line separated block.  One-paragraph-per-line text (the usual
        scraper output): each non-empty line.  Headings and table rows are paragraphs of
        their own either way.
        """
        if self.paragraph_spans is not None:
            return self.paragraph_spans
        out = []
        for bs, be in self.blocks:
            first, last = self.line_index(bs), self.line_index(be)
            line_spans = [self.lines[i] for i in range(first, last + 1)]
            per_line = any(e - s > 120 for s, e in line_spans) or len(line_spans) == 1
            if per_line:
                out.extend(Span(s, e) for s, e in line_spans if self.text[s:e].strip())
                continue
            # wrapped block: split off headings, table rows and list items
            cur = None
            for i, (s, e) in zip(range(first, last + 1), line_spans):
                line = self.text[s:e]
                alone = i in self.table_lines or HEADING_MD.match(line) or _is_list_item(line)
                if alone:
                    if cur:
                        out.append(Span(cur[0], cur[1]))
                    cur = None
                    if not _is_list_item(line):
                        out.append(Span(s, e))
                        continue
                    cur = [s, e]
                    continue
                if cur is None:
                    cur = [s, e]
                else:
                    cur[1] = e
            if cur:
                out.append(Span(cur[0], cur[1]))
        return [Span(s, e) for s, e in out if s < e]

    @cached_property
    def title(self) -> Optional[Span]:
        if self.title_span is not None:
            return self.title_span
        for s, e in self.lines:
            if self.text[s:e].strip() and not self.in_hidden(s):
                return Span(s, e)
        return None

    @cached_property
    def headings(self) -> list[Span]:
        """Markdown ``#`` lines, and short unpunctuated lines standing between paragraphs."""
        if self.heading_spans is not None:
            return self.heading_spans
        out = []
        for s, e in self.paragraphs:
            if self.in_hidden(s) or self.line_index(s) in self.table_lines:
                continue
            line = self.text[s:e]
            if HEADING_MD.match(line):
                out.append(Span(s, e))
            elif "\n" not in line and _looks_like_heading(line):
                out.append(Span(s, e))
        return out

    @cached_property
    def heading_starts(self) -> frozenset:
        return frozenset(s for s, _ in self.headings)

    def is_heading(self, span_start: int) -> bool:
        return span_start in self.heading_starts

    @cached_property
    def sentences(self) -> list[Span]:
        """Abbreviation-aware sentence spans inside paragraphs."""
        out = []
        for ps, pe in self.paragraphs:
            out.extend(split_sentences(self.text, ps, pe))
        return out

    @cached_property
    def tokens(self) -> list[Token]:
        """Word tokens (Unicode letters and apostrophes) outside protected spans."""
        out = []
        append = out.append
        spans = self.protected
        n, k = len(spans), 0
        for m in WORD.finditer(self.text):
            start = m.start()
            while k < n and spans[k][1] <= start:  # walk the sorted protected spans alongside
                k += 1
            if k < n and spans[k][0] <= start:
                continue
            append(Token(start, m.end(), m.group()))
        return out

    # --- spans no prose rule should touch ---------------------------------------------------
    @cached_property
    def protected(self) -> list[Span]:
        text = self.text
        spans = [Span(s, e) for s, e in self.hidden]
        for pattern, may_match in _PROTECTED:
            if may_match is None or may_match(text):
                spans.extend(Span(m.start(), m.end()) for m in pattern.finditer(text))
        return _merge(spans)

    @cached_property
    def _protected_starts(self) -> list[int]:
        return [s for s, _ in self.protected]

    def is_protected(self, offset: int) -> bool:
        return _covered(self.protected, self._protected_starts, offset)

    def overlaps_protected(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._protected_starts, end - 1) - 1
        return i >= 0 and self.protected[i].end > start

    @cached_property
    def _hidden_sorted(self) -> list[Span]:
        return _merge([Span(s, e) for s, e in self.hidden])

    @cached_property
    def _hidden_starts(self) -> list[int]:
        return [s for s, _ in self._hidden_sorted]

    def in_hidden(self, offset: int) -> bool:
        return _covered(self._hidden_sorted, self._hidden_starts, offset)

    def iter_scope(self, scope: str) -> Iterator[Span]:
        """Spans of a pack rule's scope."""
        if scope == "document":
            yield Span(0, len(self.text))
        elif scope == "line":
            yield from self.lines
        elif scope == "paragraph":
            yield from self.paragraphs
        elif scope == "sentence":
            yield from self.sentences
        elif scope == "heading":
            yield from self.headings
        elif scope == "title":
            if self.title:
                yield self.title
        else:
            raise ValueError(f"unknown scope {scope!r}")


def is_table_row(line: str) -> bool:
    """A line that looks like a pipe-table row: two or more unescaped pipes."""
    if "|" not in line:
        return False
    return line.count("|") - line.count("\\|") >= 2 and bool(line.strip("| \t"))


# --- pipe tables, read from the raw lines (a Markdown parser drops the broken ones) ----------

DASH_LIKE = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u2501\u2550=_"  # not '-'
_DELIMITER_LIKE = regex.compile(r"[\s|:\-" + DASH_LIKE + r"]*")
_DASH_COUNT = regex.compile(r"[\-" + DASH_LIKE + r"]")
_DELIMITER_CELL = regex.compile(r"\s*:?-+:?\s*")
_PIPE = regex.compile(r"(?<!\\)\|")
_ROW_PREFIX = regex.compile(r"[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+(?=\|))?[ \t]*")
_LINKISH = regex.compile(r"!?\[[^\[\]\n]*\](?:\([^()\n]*\)|\[[^\[\]\n]*\])")
_FENCE = regex.compile(r" {0,3}(`{3,}|~{3,})")
_GRID_BORDER = regex.compile(r"\s*\+[-=:+]+\+\s*")


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
        shields = _merge(
            [Span(*m.span()) for m in INLINE_CODE.finditer(text, p, end)]
            + [Span(*m.span()) for m in _LINKISH.finditer(text, p, end)]
        )
        starts = [s for s, _ in shields]
        inner = tuple(x for x in pipes if _covered(shields, starts, x))
    if len(inner) == len(pipes):
        return None  # pipes in code or in a link only: prose
    leading = pipes[0] == p
    trailing = pipes[-1] == end - 1 and not (leading and len(pipes) == 1)
    points = ([] if leading else [p - 1]) + pipes + ([] if trailing else [end])
    raw_cells = _raw_cells(points)
    cells = tuple(Span(_skip_space(text, s, e), _trim_space(text, s, e)) for s, e in raw_cells)
    like = bool(_DELIMITER_LIKE.fullmatch(row)) and (
        len(_DASH_COUNT.findall(row)) >= 3
        or all(_DASH_COUNT.search(text, s, e) for s, e in raw_cells)
    )
    valid = like and all(_DELIMITER_CELL.fullmatch(text, s, e) for s, e in raw_cells)
    in_list = prefix.group().rstrip(" \t")[-1:] in ("-", "*", "+", ".", ")")
    return TableRow(
        index, p, end, cells, tuple(pipes), inner, leading, trailing, in_list, like, valid
    )


def _covered(spans: list, starts: list, x: int) -> bool:
    k = bisect.bisect_left(starts, x) - 1
    return k >= 0 and x < spans[k].end


def _raw_cells(points: list) -> list:
    return [(points[k] + 1, points[k + 1]) for k in range(len(points) - 1)]


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
            and rows[i].has_content
            and below is not None
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


def _covered(spans: list, starts: list, offset: int) -> bool:
    """Whether ``offset`` lies in one of the sorted, disjoint ``spans`` (``starts`` their starts)."""
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and offset < spans[i].end


def _merge(spans: list[Span]) -> list[Span]:
    spans.sort()
    out: list[Span] = []
    for s, e in spans:
        if out and s <= out[-1].end:
            if e > out[-1].end:
                out[-1] = Span(out[-1].start, e)
        else:
            out.append(Span(s, e))
    return out


_LIST_ITEM = regex.compile(r"^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s+\S")


def _is_list_item(line: str) -> bool:
    return bool(_LIST_ITEM.match(line))


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 100 or "|" in stripped or not stripped[0].isupper():
        return False
    words = stripped.split()
    if not 1 <= len(words) <= 14:
        return False
    if stripped[-1] in TERMINAL:
        # a question can be a heading when it is written in title case
        long_words = [w for w in words if len(w) > 3]
        capitalised = sum(1 for w in long_words if w[0].isupper())
        return stripped[-1] == "?" and len(long_words) >= 2 and capitalised / len(long_words) >= 0.6
    return True


_SENT_END = regex.compile(
    # from the start of a run of stops only, taken whole: a run of 20,000 dots was quadratic
    r"(?<![.!?\u2026])[.!?\u2026]++[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]*[\p{Lu}\d])"
)
# the letters and dots that end at a full stop, searched backwards from it (3x faster)
_WORD_BEFORE = regex.compile(r"(?r)([\p{L}.]+)$")


def split_sentences(text: str, start: int, end: int) -> Iterator[Span]:
    """Sentence spans of text[start:end], one paragraph: a hard wrap does not end a sentence."""
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        if text[m.start()] == "." and _is_abbreviation(text, m.start(), start):
            continue
        s, e = _strip(text, pos, m.end())
        if s < e:
            yield Span(s, e)
        pos = m.end()
    s, e = _strip(text, pos, end)
    if s < e:
        yield Span(s, e)


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    m = _WORD_BEFORE.search(text, max(floor, dot - 20), dot)
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: J. K. Rowling
    return word in ABBREVIATIONS or ("." in word and len(word) <= 6)  # U.S, e.g, a.m
