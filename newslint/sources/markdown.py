"""Markdown: the raw text, with the parts that are not prose marked hidden, and its structure.

Hidden: front matter, fenced and indented code blocks, inline code, HTML comments (not
newslint's directives), HTML blocks and inline tags, link and image targets, autolinks,
reference definitions, thematic breaks, setext underlines and block-quote markers.
Structure: headings (``#`` lines and setext underlines) and paragraphs, list items and block
quotes being paragraphs of their own.  Offsets stay those of the raw file, so columns are the
raw file's.
"""

from __future__ import annotations

from typing import Optional

import regex

from newslint.document import (
    Document,
    Span,
    delimited,
    inline_code_spans,
    is_table_row,
    strip_span,
)
from newslint.lazy import LazyPattern
from newslint.sources.base import Reader, text_document

FRONT_MATTER = LazyPattern(
    r"\A(?:---[ \t]*\n.*?\n(?:---|\.\.\.)|\+\+\+[ \t]*\n.*?\n\+\+\+)[ \t]*(?:\n|\Z)", regex.DOTALL
)
# the run of backticks is possessive: a shorter one is followed by a backtick and fails anyway,
# and trying each was quadratic on a line of 50,000 backticks
FENCE_OPEN = LazyPattern(r"^( {0,3})(`{3,}+(?!.*`)|~{3,})")
ATX = LazyPattern(r"^ {0,3}#{1,6}(?:[ \t]|$)")
SETEXT = LazyPattern(r"^ {0,3}(?:=+|-+)[ \t]*$")
BREAK = LazyPattern(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
QUOTE = LazyPattern(r"^(?: {0,3}>[ ]?)+")
LIST_ITEM = LazyPattern(r"^( {0,3})(?:[-*+\u2022]|\d{1,9}[.)])(?:[ \t]+|$)")
REFERENCE = LazyPattern(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$")
HTML_RAW = LazyPattern(r"^ {0,3}<(script|pre|style|textarea)(?:[\s>]|$)", regex.IGNORECASE)
HTML_SPECIAL = LazyPattern(r"^ {0,3}<(?:\?|![A-Za-z]|!\[CDATA\[)")
HTML_BLOCK_TAG = LazyPattern(
    r"^ {0,3}</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|"
    r"dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|"
    r"iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|"
    r"table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[\s/>]|$)",
    regex.IGNORECASE,
)
# a tag parses one way only, so its attributes are possessive (`*+`): backtracking through
# them made `<a b b b ...` without a `>` quadratic (a minute for 400 kB)
HTML_TAG = r"(?:<[A-Za-z][A-Za-z0-9-]*+(?:\s+[A-Za-z_:][\w.:-]*+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]++))?)*+\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)"
HTML_ALONE = LazyPattern(r"^ {0,3}" + HTML_TAG + r"[ \t]*$")
INLINE_HTML = LazyPattern(HTML_TAG)
HTML_COMMENT = LazyPattern(r"<!--(?!\s*newslint:).*?-->", regex.DOTALL)
AUTOLINK = LazyPattern(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
TARGET = r"\(\s*(?:<[^>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
LINK = LazyPattern(r"(!?\[)(?:[^\[\]\n]|\[[^\[\]\n]*\])*(\]" + TARGET + r"|\]\[[^\]\n]*\])")
FOOTNOTE = LazyPattern(r"\[\^[^\]\s]+\]")


def _lines(text: str) -> list:
    out, pos = [], 0
    while True:
        nl = text.find("\n", pos)
        if nl == -1:
            out.append((pos, len(text)))
            return out
        out.append((pos, nl))
        pos = nl + 1


class _Blocks:
    """One pass over the lines: hidden spans, paragraphs and headings."""

    def __init__(self, text: str):
        self.text = text
        self.hidden: list = []
        self.paragraphs: list = []
        self.headings: list = []
        self.cur: Optional[list] = None  # [start, end, kind, [line spans]]
        self.in_list = False

    def close(self):
        cur, self.cur = self.cur, None
        if cur is None:
            return
        start, end, kind, lines = cur
        if kind == "text" and len(lines) > 1 and any(e - s > 120 for s, e in lines):
            self.paragraphs.extend(
                Span(*strip_span(self.text, s, e)) for s, e in lines
            )  # one paragraph per line
        else:
            self.paragraphs.append(Span(start, end))

    def open(self, start: int, end: int, kind: str):
        self.close()
        self.cur = [start, end, kind, [(start, end)]]

    def extend(self, start: int, end: int):
        self.cur[1] = end
        self.cur[3].append((start, end))

    def run(self) -> None:
        text = self.text
        lines = _lines(text)
        i = 0
        m = FRONT_MATTER.match(text)
        if m:
            self.hidden.append(Span(0, m.end()))
            while i < len(lines) and lines[i][0] < m.end():
                i += 1
        rows = [is_table_row(text[s:e]) for s, e in lines]
        while i < len(lines):
            s, e = lines[i]
            line = text[s:e]
            i += 1
            if not line.strip():
                self.close()
                continue
            fence = FENCE_OPEN.match(line)
            if fence:
                self.close()
                self.in_list = False
                mark = fence.group(2)
                close = regex.compile(
                    r"^ {0,3}" + regex.escape(mark[0]) + "{" + str(len(mark)) + r",}[ \t]*$"
                )
                end = len(text)
                while i < len(lines):
                    cs, ce = lines[i]
                    i += 1
                    if close.match(text[cs:ce]):
                        end = ce
                        break
                self.hidden.append(Span(s, end))
                continue
            indented = line.startswith(("    ", "\t")) or (
                line[:4].strip() == "" and "\t" in line[:4]
            )
            if indented and self.cur is None and not self.in_list:
                self.hidden.append(Span(s, e))  # indented code
                continue
            if indented and self.cur is not None:
                self.extend(s, e)  # a continuation line
                continue
            if ATX.match(line):
                self.close()
                self.paragraphs.append(Span(s, e))
                self.headings.append(Span(s, e))
                self.in_list = False
                continue
            if (
                SETEXT.match(line)
                and self.cur is not None
                and self.cur[2] == "text"
                and all(
                    le - ls <= 120
                    for ls, le in self.cur[3]  # not scraped one-paragraph-per-line text
                )
            ):
                start, end = self.cur[0], self.cur[1]
                self.cur = None
                self.paragraphs.append(Span(start, end))
                self.headings.append(Span(start, end))
                self.hidden.append(Span(s, e))
                continue
            if BREAK.match(line) or SETEXT.match(line):
                self.close()
                self.hidden.append(Span(s, e))
                self.in_list = False
                continue
            if self._html_block(lines, i - 1):
                i = self._skip_html(lines, i - 1)
                continue
            if REFERENCE.match(line) and self.cur is None:
                self.hidden.append(Span(s, e))
                continue
            if rows[i - 1] and ((i >= 2 and rows[i - 2]) or (i < len(rows) and rows[i])):
                self.close()
                self.paragraphs.append(Span(s, e))
                continue
            q = QUOTE.match(line)
            if q:
                cs = s + q.end()
                self.hidden.append(Span(s, cs))
                if not text[cs:e].strip():
                    self.close()
                    continue
                if self.cur is not None and self.cur[2] == "quote":
                    self.extend(cs, e)
                else:
                    self.open(cs, e, "quote")
                continue
            item = LIST_ITEM.match(line)
            if item:
                self.in_list = True
                self.open(s + item.end(), e, "list")
                continue
            if self.cur is not None:
                self.extend(s, e)  # paragraph continuation (lazy for lists and quotes)
            else:
                self.in_list = False
                self.open(s + len(line) - len(line.lstrip()), e, "text")
        self.close()

    def _html_block(self, lines, k) -> bool:
        s, e = lines[k]
        line = self.text[s:e]
        if HTML_RAW.match(line) or HTML_SPECIAL.match(line) or HTML_BLOCK_TAG.match(line):
            return True
        return self.cur is None and bool(
            HTML_ALONE.match(line)
        )  # type 7 cannot interrupt a paragraph

    def _skip_html(self, lines, k) -> int:
        self.close()
        self.in_list = False
        s, e = lines[k]
        raw = HTML_RAW.match(self.text[s:e])
        end = e
        j = k
        while j < len(lines):
            ls, le = lines[j]
            line = self.text[ls:le]
            if raw:
                end = le
                j += 1
                if regex.search(r"</(?:script|pre|style|textarea)>", line, regex.IGNORECASE):
                    break
                continue
            if not line.strip():
                break
            end = le
            j += 1
        self.hidden.append(Span(s, end))
        return j


def inline_hidden(text: str) -> list:
    spans = [Span(s, e) for s, e in inline_code_spans(text)]
    spans.extend(Span(*m.span()) for m in delimited(HTML_COMMENT, text, "<!--", "-->"))
    for pattern in (INLINE_HTML, AUTOLINK, FOOTNOTE):
        spans.extend(Span(m.start(), m.end()) for m in pattern.finditer(text))
    for m in LINK.finditer(text):
        spans.append(Span(m.start(1), m.end(1)))  # "[" or "![": the link text itself is prose
        spans.append(Span(m.start(2), m.end(2)))  # "](target)" or "][ref]"
    return spans


def hidden_spans(text: str) -> list:
    blocks = _Blocks(text)
    blocks.run()
    return blocks.hidden + inline_hidden(text)


def parse_markdown(raw: str, display: str) -> Document:
    doc = text_document(raw, display, kind="markdown")
    blocks = _Blocks(doc.text)
    blocks.run()
    doc.hidden = blocks.hidden + inline_hidden(doc.text)
    doc.paragraph_spans = [p for p in blocks.paragraphs if p.start < p.end]
    doc.heading_spans = blocks.headings
    return doc


class MarkdownReader(Reader):
    kind = "markdown"
    suffixes = (".md", ".markdown")

    def parse(self, raw: str, display: str, options) -> list:
        return [parse_markdown(raw, display)]


READERS = (MarkdownReader(),)
