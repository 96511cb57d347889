"""The Document: one input's text, built once and shared by every rule.

Rules read the lazily computed views below (lines, paragraphs, headings, sentences,
tokens, tables, protected spans) and never re-split the text themselves.  Each view is
computed by a function of its own module; the Document holds the results.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from newslint.document.protected import protected_spans
from newslint.document.sentences import split_sentences
from newslint.document.source_map import SourceMap, line_starts
from newslint.document.spans import Span, Token, covered, merge
from newslint.document.structure import blank_line_blocks, find_headings, split_paragraphs
from newslint.document.tables import find_pipe_tables, table_lines
from newslint.document.words import word_tokens
from newslint.lazy import computed


@dataclass
class Problem:
    """An input problem found by a source reader (NL0xx), reported by the input rules."""

    code: str
    start: int
    message: str
    end: Optional[int] = None
    position: Optional[tuple] = None  # (line, col) in the raw file when not inside the text


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
    # where an offset is, for a message ("record 12 (body)"); a negative offset: the whole
    # document ("record 12")
    label: Callable[[int], str] = field(default=lambda offset: "", repr=False)
    # the site a JSON record names (``source-field``, its domain or URL host): reports by source
    site: str = ""

    def __post_init__(self):
        if self.source_map is None:
            self.source_map = SourceMap(self.text)

    # --- what rule families derive from the document, computed once ------------------------
    def memo(self, key: Hashable, build: Callable[[], Any]) -> Any:
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

    def release(self) -> None:
        """Forget what rules derived (``memo``), once the document is linted: an analysis that
        keeps its document makes a reference cycle, which only the cycle collector frees, late
        and at a cost.  A later ``memo`` builds again."""
        self.__dict__.pop("_memo", None)

    def peek(self, key: Hashable, default: Any = None) -> Any:
        """A memoised value or a lazy view (``tokens``) if already computed, else ``default``:
        for a family that can derive what it needs more cheaply when the view is not there."""
        memo = self.__dict__.get("_memo")
        if memo is not None and key in memo:
            return memo[key]
        return self.__dict__.get(key, default) if key in type(self).__dict__ else default

    # --- positions ------------------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        return self.source_map.position(offset)

    @computed
    def line_starts(self) -> list[int]:
        return line_starts(self.text)

    def line_index(self, offset: int) -> int:
        """0-based index of the text line holding ``offset``."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    # --- views ----------------------------------------------------------------------------
    @computed
    def lines(self) -> list[Span]:
        starts = self.line_starts
        ends = [s - 1 for s in starts[1:]] + [len(self.text)]
        return [Span(s, e) for s, e in zip(starts, ends)]

    def line_text(self, index: int) -> str:
        s, e = self.lines[index]
        return self.text[s:e]

    @computed
    def pipe_tables(self) -> list:
        """Pipe tables found from the raw lines (``PipeTable``s), broken ones included."""
        return find_pipe_tables(self.text, self.lines, self.in_hidden)

    @computed
    def table_lines(self) -> frozenset:
        """Indices of lines in pipe-table blocks: the lines of ``pipe_tables`` and any run of two
        or more lines with two or more pipes (menus, wrapped link lists): not sentences."""
        return table_lines(self.text, self.lines, self.pipe_tables, self.in_hidden)

    @computed
    def tables(self) -> list[Span]:
        """Pipe tables as (first line index, last line index + 1); see ``pipe_tables``."""
        return [Span(t.start, t.end) for t in self.pipe_tables]

    @computed
    def blocks(self) -> list[Span]:
        """Blank-line separated blocks of text (character spans)."""
        return blank_line_blocks(self.text, self.lines)

    @computed
    def paragraphs(self) -> list[Span]:
        """Paragraph spans: the reader's, else these.

        Wrapped text: a blank-line separated block.  One-paragraph-per-line text (the usual
        scraper output): each non-empty line.  Headings and table rows are paragraphs of
        their own either way.
        """
        if self.paragraph_spans is not None:
            return self.paragraph_spans
        return split_paragraphs(self)

    @computed
    def title(self) -> Optional[Span]:
        if self.title_span is not None:
            return self.title_span
        for s, e in self.lines:
            if self.text[s:e].strip() and not self.in_hidden(s):
                return Span(s, e)
        return None

    @computed
    def headings(self) -> list[Span]:
        """Markdown ``#`` lines, and short unpunctuated lines standing between paragraphs."""
        if self.heading_spans is not None:
            return self.heading_spans
        return find_headings(self)

    @computed
    def heading_starts(self) -> frozenset:
        return frozenset(s for s, _ in self.headings)

    def is_heading(self, span_start: int) -> bool:
        return span_start in self.heading_starts

    @computed
    def sentences(self) -> list[Span]:
        """Abbreviation-aware sentence spans inside paragraphs."""
        return [span for spans in self.paragraph_sentences for span in spans]

    @computed
    def paragraph_sentences(self) -> list[list[Span]]:
        """The sentence spans of each paragraph of ``paragraphs``, paragraph by paragraph."""
        text = self.text
        return [list(split_sentences(text, ps, pe)) for ps, pe in self.paragraphs]

    @computed
    def tokens(self) -> list[Token]:
        """Word tokens (Unicode letters and apostrophes) outside protected spans."""
        return word_tokens(self.text, self.protected)

    # --- spans no prose rule should touch ---------------------------------------------------
    @computed
    def protected(self) -> list[Span]:
        return protected_spans(self.text, self.hidden)

    @computed
    def _protected_starts(self) -> list[int]:
        return [s for s, _ in self.protected]

    def is_protected(self, offset: int) -> bool:
        return covered(self.protected, self._protected_starts, offset)

    def overlaps_protected(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._protected_starts, end - 1) - 1
        return i >= 0 and self.protected[i].end > start

    @computed
    def _hidden_sorted(self) -> list[Span]:
        return merge([Span(s, e) for s, e in self.hidden])

    @computed
    def _hidden_starts(self) -> list[int]:
        return [s for s, _ in self._hidden_sorted]

    def in_hidden(self, offset: int) -> bool:
        return covered(self._hidden_sorted, self._hidden_starts, offset)

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
