"""The Document model (``model``) and the views of its text, a module each.

``model``: Document, Problem (and Span, Token from ``spans``, with the span helpers);
``source_map``: offsets to raw-file lines, columns and newlines; ``protected``: spans no prose
rule touches; ``structure``: blocks, paragraphs, headings, list items; ``sentences``;
``tables``: pipe tables; ``words``: word tokens.  The views import nothing of the model.
Everything other modules use is importable from ``newslint.document`` itself.
"""

from newslint.document.model import Document, Problem
from newslint.document.protected import (
    DIRECTIVE,
    DOMAIN,
    DOMAIN_HINT,
    EMAIL,
    HANDLE,
    INLINE_CODE,
    NUMBER,
    PROTECTED,
    REPLACEMENT,
    URL,
    delimited,
    inline_code_spans,
    protected_spans,
)
from newslint.document.sentences import (
    ABBREVIATIONS,
    SENT_END,
    WORD_BEFORE,
    is_abbreviation,
    split_sentences,
)
from newslint.document.source_map import NEWLINE, SourceMap
from newslint.document.spans import Span, Token, covered, merge, strip_span
from newslint.document.structure import (
    HEADING_MD,
    LIST_ITEM,
    TERMINAL,
    continues_line,
    is_list_item,
)
from newslint.document.tables import (
    DASH_LIKE,
    PipeTable,
    TableRow,
    find_pipe_tables,
    is_table_row,
    parse_table_row,
)
from newslint.document.words import ASCII_WORD_SPLIT, WORD, starting_inside, without

__all__ = [
    "ABBREVIATIONS",
    "ASCII_WORD_SPLIT",
    "DASH_LIKE",
    "DIRECTIVE",
    "DOMAIN",
    "DOMAIN_HINT",
    "EMAIL",
    "HANDLE",
    "HEADING_MD",
    "INLINE_CODE",
    "LIST_ITEM",
    "NEWLINE",
    "NUMBER",
    "PROTECTED",
    "REPLACEMENT",
    "SENT_END",
    "TERMINAL",
    "URL",
    "WORD",
    "WORD_BEFORE",
    "Document",
    "PipeTable",
    "Problem",
    "SourceMap",
    "Span",
    "TableRow",
    "Token",
    "covered",
    "delimited",
    "find_pipe_tables",
    "inline_code_spans",
    "is_abbreviation",
    "is_list_item",
    "continues_line",
    "is_table_row",
    "merge",
    "parse_table_row",
    "protected_spans",
    "split_sentences",
    "starting_inside",
    "strip_span",
    "without",
]
