"""The Document: one input's text, built once and shared by every rule.

Rules read the lazily computed views below (lines, paragraphs, headings, sentences,
tokens, tables, protected spans) and never re-split the text themselves.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterator, NamedTuple, Optional

import regex

# --- shared patterns (compiled once) -------------------------------------------------------

WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['\u2019]\p{L}[\p{L}\p{M}]*)*")
URL = regex.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'\u201c\u201d()\[\]]+[^\s<>\"'\u201c\u201d()\[\].,;:!?]"
    r"|\bmailto:\S+"
)
EMAIL = regex.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
DOMAIN = regex.compile(
    r"\b(?:[\p{L}\d-]+\.)+(?:com|org|net|edu|gov|mil|int|info|biz|io|co|uk|us|de|fr|eu|ru|ua|kr|jp|"
    r"cn|in|au|ca|tv|me|ly|gl|gg|ai|news|app|dev|html?|php|aspx?|jsp|pdf|txt|md|json|csv|xml|png|"
    r"jpe?g|gif|py|js|exe|zip)\b(?:/\S*)?",
    regex.IGNORECASE,
)
HANDLE = regex.compile(r"(?<![\w@])[@#][\w_]+")
NUMBER = regex.compile(r"\d+(?:[.,:/]\d+)*(?:\.\d+)?")
INLINE_CODE = regex.compile(r"(`+)(?!`).+?(?<!`)\1")
REPLACEMENT = regex.compile("\ufffd+")
DIRECTIVE = regex.compile(r"<!--\s*newslint:.*?-->")

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


def _raw_line_starts(raw: str) -> list[int]:
    return [0] + [m.end() for m in regex.finditer(r"\r\n|\r|\n", raw)]


def _newline_at(raw: str, offset: int) -> str:
    m = regex.compile(r"\r\n|\r|\n").search(raw, offset) or regex.compile(r"\r\n|\r|\n").search(raw)
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
    label: Callable[[int], str] = field(default=lambda offset: "", repr=False)

    def __post_init__(self):
        if self.source_map is None:
            self.source_map = SourceMap(self.text)

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
    def table_lines(self) -> frozenset:
        """Indices of lines in pipe-table blocks (runs of two or more pipe-row lines)."""
        text = self.text
        rows = [is_table_row(text[s:e]) and not self.in_hidden(s) for s, e in self.lines]
        out = set()
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
        """Pipe-table blocks as (first line index, last line index + 1)."""
        out: list[Span] = []
        for i in sorted(self.table_lines):
            if out and out[-1].end == i:
                out[-1] = Span(out[-1].start, i + 1)
            else:
                out.append(Span(i, i + 1))
        return out

    @cached_property
    def blocks(self) -> list[Span]:
        """Blank-line separated blocks of text (character spans)."""
        out = []
        start = None
        for s, e in self.lines:
            blank = not self.text[s:e].strip()
            if blank and start is not None:
                out.append(Span(start, prev_end))
                start = None
            elif not blank:
                if start is None:
                    start = s
                prev_end = e
        if start is not None:
            out.append(Span(start, prev_end))
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
        for pattern in (URL, EMAIL, DOMAIN, HANDLE, NUMBER, INLINE_CODE, REPLACEMENT, DIRECTIVE):
            spans.extend(Span(m.start(), m.end()) for m in pattern.finditer(text))
        return _merge(spans)

    @cached_property
    def _protected_starts(self) -> list[int]:
        return [s for s, _ in self.protected]

    def is_protected(self, offset: int) -> bool:
        i = bisect.bisect_right(self._protected_starts, offset) - 1
        return i >= 0 and offset < self.protected[i].end

    def overlaps_protected(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._protected_starts, end - 1) - 1
        return i >= 0 and self.protected[i].end > start

    @cached_property
    def _hidden_sorted(self) -> list[Span]:
        return _merge([Span(s, e) for s, e in self.hidden])

    def in_hidden(self, offset: int) -> bool:
        spans = self._hidden_sorted
        i = bisect.bisect_right([s for s, _ in spans], offset) - 1
        return i >= 0 and offset < spans[i].end

    def paragraph_of(self, offset: int) -> Optional[Span]:
        starts = self._paragraph_starts
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset <= self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [s for s, _ in self.paragraphs]

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
    if not stripped or len(stripped) > 100 or stripped[-1] in TERMINAL:
        return False
    words = stripped.split()
    return 1 <= len(words) <= 14 and stripped[0].isupper() and "|" not in stripped


_SENT_END = regex.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]*[\p{Lu}\d])")
_WORD_BEFORE = regex.compile(r"([\p{L}.]+)$")


def split_sentences(text: str, start: int, end: int) -> Iterator[Span]:
    """Sentence spans of text[start:end]; newlines always end a sentence."""
    pos = start
    for line_start, line_end in _line_spans(text, start, end):
        pos = line_start
        for m in _SENT_END.finditer(text, line_start, line_end):
            if text[m.start()] == "." and _is_abbreviation(text, m.start(), line_start):
                continue
            s, e = _strip(text, pos, m.end())
            if s < e:
                yield Span(s, e)
            pos = m.end()
        s, e = _strip(text, pos, line_end)
        if s < e:
            yield Span(s, e)


def _line_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        if nl == -1:
            yield pos, end
            return
        yield pos, nl
        pos = nl + 1


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
