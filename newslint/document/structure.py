"""Blocks, paragraphs and headings of a Document's text, when its reader gives none."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from newslint.document.spans import Span

if TYPE_CHECKING:
    from newslint.document.model import Document

# the title is the rest of the line less its closing spaces and hashes (a lazy `(.*?)[ \t#]*$`
# retries the tail at every character: quadratic on a long run of spaces)
HEADING_MD = regex.compile(r"^ {0,3}(#{1,6})[ \t]+((?:.*[^ \t#\n])?)[ \t#]*$")
# the start of a list item: a bullet or a number of up to three digits, white space, text
# (no ``^``: ``LIST_ITEM.match(text, pos)`` tries at ``pos``, where a ``^`` fails)
LIST_ITEM = regex.compile(r"\s*(?:[-*+\u2022]|\d{1,3}[.)])\s+\S")
TERMINAL = ".!?:;,\"'\u201d\u2019)…"


def is_list_item(line: str) -> bool:
    return bool(LIST_ITEM.match(line))


def looks_like_heading(line: str) -> bool:
    """A short line starting with a capital and not ending like a sentence (unless it is a
    question in title case)."""
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


SENTENCE_END = ".!?:\"'\u201d\u2019)]\u2026"


def continues_line(text: str, lines: list, i: int) -> bool:
    """Line ``i`` goes on with the sentence of the line before it, as hard-wrapped text does:
    that line has text and no sentence end, and this one starts in lower case.  Such a line
    is a piece of a sentence, never a label or a line of furniture on its own."""
    if i <= 0:
        return False
    s, e = lines[i]
    head = text[s:e].lstrip()[:1]
    if not head.islower():
        return False
    ps, pe = lines[i - 1]
    before = text[ps:pe].rstrip()
    return bool(before) and before[-1] not in SENTENCE_END


def blank_line_blocks(text: str, lines: list) -> list[Span]:
    """Blank-line separated blocks of text (character spans) from its line spans."""
    out = []
    start = end = None
    for s, e in lines:
        blank = not text[s:e].strip()
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


def split_paragraphs(doc: Document) -> list[Span]:
    """Paragraph spans (see ``Document.paragraphs``)."""
    text, lines = doc.text, doc.lines
    out = []
    for bs, be in doc.blocks:
        first, last = doc.line_index(bs), doc.line_index(be)
        line_spans = [lines[i] for i in range(first, last + 1)]
        per_line = any(e - s > 120 for s, e in line_spans) or len(line_spans) == 1
        if per_line:
            out.extend(Span(s, e) for s, e in line_spans if text[s:e].strip())
            continue
        # wrapped block: split off headings, table rows and list items
        cur = None
        for i, (s, e) in zip(range(first, last + 1), line_spans):
            line = text[s:e]
            alone = i in doc.table_lines or HEADING_MD.match(line) or is_list_item(line)
            if alone:
                if cur:
                    out.append(Span(cur[0], cur[1]))
                cur = None
                if not is_list_item(line):
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


def find_headings(doc: Document) -> list[Span]:
    """Markdown ``#`` lines, and short unpunctuated paragraphs of one line."""
    text = doc.text
    out = []
    for s, e in doc.paragraphs:
        if doc.in_hidden(s) or doc.line_index(s) in doc.table_lines:
            continue
        line = text[s:e]
        if HEADING_MD.match(line):
            out.append(Span(s, e))
        elif "\n" not in line and looks_like_heading(line):
            out.append(Span(s, e))
    return out
