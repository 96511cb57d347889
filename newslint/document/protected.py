"""Spans no prose rule touches: URLs, e-mail addresses, domains, handles, numbers, inline code,
replacement characters and newslint's own directives."""

from __future__ import annotations

import regex

from newslint.document.spans import Span, merge

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
# a path ends as a URL's does: not at a bracket or quote around it, nor at a full stop after it
DOMAIN = regex.compile(
    r"\b(?:[\p{L}\d-]+\.)+"
    + _SUFFIXES
    + r"(?:/(?:[^\s<>\"'\u201c\u201d()\[\]]*[^\s<>\"'\u201c\u201d()\[\].,;:!?])?)?",
    regex.IGNORECASE,
)
# Every DOMAIN match holds one of these; looking for it first is ten times faster on prose.
DOMAIN_HINT = regex.compile(r"(?<=[\p{L}\d-])\." + _SUFFIXES, regex.IGNORECASE)
HANDLE = regex.compile(r"(?<![\w@])[@#][\w_]+")
NUMBER = regex.compile(r"\d+(?:[.,:/]\d+)*(?:\.\d+)?")
INLINE_CODE = regex.compile(r"(`+)(?!`).+?(?<!`)\1")
REPLACEMENT = regex.compile("\ufffd+")
DIRECTIVE = regex.compile(r"<!--\s*newslint:.*?-->")
# What no prose rule touches, each with a test every text it matches passes (None: none):
# prose rarely holds any of these, and looking for a substring is far cheaper than a search.
PROTECTED = (
    (URL, lambda t: "://" in t or "www." in t or "mailto:" in t),
    (EMAIL, lambda t: "@" in t),
    (DOMAIN, DOMAIN_HINT.search),
    (HANDLE, lambda t: "@" in t or "#" in t),
    (NUMBER, None),
    (INLINE_CODE, lambda t: "`" in t),
    (REPLACEMENT, None),
    (DIRECTIVE, lambda t: "<!--" in t),
)


def protected_spans(text: str, hidden: list) -> list[Span]:
    """The ``hidden`` spans and every match of ``PROTECTED`` in ``text``, merged and sorted."""
    spans = [Span(s, e) for s, e in hidden]
    for pattern, may_match in PROTECTED:
        if may_match is None or may_match(text):
            spans.extend(Span(m.start(), m.end()) for m in pattern.finditer(text))
    return merge(spans)
