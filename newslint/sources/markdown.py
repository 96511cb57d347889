"""Markdown: the raw text, with the parts that are not prose marked hidden.

Hidden: front matter, fenced and indented code blocks, HTML comments and HTML blocks,
link and image targets, autolinks, reference definitions.  Offsets stay those of the raw
file, so columns are the raw file's.
"""

from __future__ import annotations

import regex

from newslint.document import Document, Span

FRONT_MATTER = regex.compile(r"\A(?:---\n.*?\n---|\+\+\+\n.*?\n\+\+\+)[ \t]*(?:\n|\Z)", regex.DOTALL)
FENCE_OPEN = regex.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*$", regex.MULTILINE)
HTML_COMMENT = regex.compile(r"<!--(?!\s*newslint:).*?-->", regex.DOTALL)
HTML_BLOCK = regex.compile(r"^ {0,3}<(?:/?[A-Za-z][A-Za-z0-9-]*[\s>/]|!\w|\?).*?(?=\n[ \t]*\n|\Z)", regex.MULTILINE | regex.DOTALL)
LINK_TARGET = regex.compile(r"\]\([^)\n]*\)")
AUTOLINK = regex.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
REFERENCE = regex.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", regex.MULTILINE)
INDENTED_CODE = regex.compile(r"(?:(?<=\A)|(?<=\n[ \t]*\n))(?: {4}|\t)[^\n]*(?:\n(?:(?: {4}|\t)[^\n]*|[ \t]*))*")


def hidden_spans(text: str) -> list:
    spans = []
    m = FRONT_MATTER.match(text)
    if m:
        spans.append(Span(0, m.end()))
    pos = 0
    while True:
        m = FENCE_OPEN.search(text, pos)
        if not m:
            break
        fence = m.group(1)
        close = regex.compile(r"^ {0,3}" + regex.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", regex.MULTILINE)
        c = close.search(text, m.end())
        end = c.end() if c else len(text)
        spans.append(Span(m.start(), end))
        pos = end
    for pattern in (HTML_COMMENT, HTML_BLOCK, LINK_TARGET, AUTOLINK, REFERENCE, INDENTED_CODE):
        spans.extend(Span(x.start(), x.end()) for x in pattern.finditer(text))
    return spans


def parse_markdown(raw: str, display: str) -> Document:
    from newslint.sources import text_document

    doc = text_document(raw, display, kind="markdown")
    doc.hidden = hidden_spans(doc.text)
    return doc
