"""Spans no prose rule touches: URLs, e-mail addresses, domains, handles, numbers, inline code,
replacement characters and newslint's own directives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import regex

from newslint.document.spans import Span, merge
from newslint.lazy import LazyPattern

URL = LazyPattern(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'\u201c\u201d()\[\]]+[^\s<>\"'\u201c\u201d()\[\].,;:!?]"
    r"|\bmailto:\S+"
)
# `\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b`, tried only where that pattern's first try in a run of
# local-part characters would be: where the last match ended (\G), or after the run's leading
# [.+-] (\K: they are not part of the match).  Tried at every word of a long `a.b.c...` (a
# base64 blob, a dotted list) and scanning the run each time, it took minutes on 100 kB with an
# "@" after it; every later try in a run fails or succeeds as the first one does.
EMAIL = LazyPattern(r"(?:\G|(?<![\w.+-])[.+-]*+)\K\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_SUFFIXES = (
    r"(?:com|org|net|edu|gov|mil|int|info|biz|io|co|uk|us|de|fr|eu|ru|ua|kr|jp|"
    r"cn|in|au|ca|tv|me|ly|gl|gg|ai|news|app|dev|html?|php|aspx?|jsp|pdf|txt|md|json|csv|xml|png|"
    r"jpe?g|gif|py|js|exe|zip)\b"
)
# a path ends as a URL's does: not at a bracket or quote around it, nor at a full stop after it
DOMAIN = LazyPattern(
    r"\b(?:[\p{L}\d-]+\.)+"
    + _SUFFIXES
    + r"(?:/(?:[^\s<>\"'\u201c\u201d()\[\]]*[^\s<>\"'\u201c\u201d()\[\].,;:!?])?)?",
    regex.IGNORECASE,
)
# Every DOMAIN match holds one of these; looking for it first is ten times faster on prose.
DOMAIN_HINT = LazyPattern(r"(?<=[\p{L}\d-])\." + _SUFFIXES, regex.IGNORECASE)
# the labels before a hint's dot, read backwards from it (see domain_spans): label characters
# and single dots, and maybe one dot before them; `(?r)(?:[\p{L}\d-]+\.)+` is fifty times slower
LABELS_BEFORE = LazyPattern(r"(?r)(?:[\p{L}\d-]|\.(?=[\p{L}\d-]))*+\.")
HANDLE = LazyPattern(r"(?<![\w@])[@#][\w_]+")
NUMBER = regex.compile(r"\d+(?:[.,:/]\d+)*(?:\.\d+)?")
# what inline_code_spans finds (by a linear scan: this pattern is quadratic on a run of backticks)
INLINE_CODE = LazyPattern(r"(`+)(?!`).+?(?<!`)\1")
BACKTICKS = LazyPattern(r"`+")
REPLACEMENT = regex.compile("\ufffd+")
DIRECTIVE = LazyPattern(r"<!--\s*newslint:.*?-->")
DIRECTIVE_HEAD = LazyPattern(r"<!--\s*newslint:")
# What no prose rule touches, each with a test every text it matches passes (None: none):
# prose rarely holds any of these, and looking for a substring is far cheaper than a search.
PROTECTED = (
    (URL, lambda t: "://" in t or "www." in t or "mailto:" in t),
    (EMAIL, lambda t: "@" in t),
    (DOMAIN, lambda t: DOMAIN_HINT.search(t)),
    (HANDLE, lambda t: "@" in t or "#" in t),
    (NUMBER, None),
    (INLINE_CODE, lambda t: "`" in t),
    (REPLACEMENT, None),
    (DIRECTIVE, lambda t: "<!--" in t),
)
# the patterns above that are found by a linear scan instead of ``finditer``
SCANNERS = {  # (lambdas: the functions are defined below)
    DOMAIN: lambda text: domain_spans(text),
    INLINE_CODE: lambda text: inline_code_spans(text),
    DIRECTIVE: lambda text: (
        m.span() for m in delimited(DIRECTIVE, text, "<!--", "-->", DIRECTIVE_HEAD, True)
    ),
}


def protected_spans(text: str, hidden: list) -> list[Span]:
    """The ``hidden`` spans and every match of ``PROTECTED`` in ``text``, merged and sorted."""
    spans = [Span(s, e) for s, e in hidden]
    for pattern, may_match in PROTECTED:
        if may_match is None or may_match(text):
            scan = SCANNERS.get(pattern)
            if scan is not None:
                spans.extend(Span(s, e) for s, e in scan(text))
            else:
                spans.extend(Span(m.start(), m.end()) for m in pattern.finditer(text))
    return merge(spans)


def domain_spans(text: str) -> Iterator[tuple]:
    """The spans ``DOMAIN.finditer(text)`` finds, in linear time.  The pattern, tried at every
    label of a long dotted run (`a.a.a...`) and backtracking through the whole run each time,
    took half a minute on 10 kB with a `.com` anywhere in the text.  A match holds a hint (a dot
    and a suffix) and starts in the run of labels that ends at that dot: the search starts
    there, and the labels after the last hint of a run are never tried."""
    pos = 0
    for hint in DOMAIN_HINT.finditer(text):
        dot = hint.start()
        if dot < pos:
            continue  # inside the last match
        labels = LABELS_BEFORE.match(text, pos, dot + 1)
        m = DOMAIN.search(text, labels.start() + (text[labels.start()] == "."))
        if m is None:
            return
        yield m.span()
        pos = m.end()


def inline_code_spans(text: str, start: int = 0, end: Optional[int] = None) -> Iterator[tuple]:
    """The spans ``INLINE_CODE.finditer(text, start, end)`` finds, in linear time (the pattern
    retries every suffix of a backtick run against the rest of its line: 20,000 backticks took
    half a minute).  On one line, a run's last ``k`` backticks open code closed by the first
    later run of at least ``k``; the longest ``k`` that has one is taken, as the pattern does."""
    end = len(text) if end is None else end
    pos = start
    while True:
        first = text.find("`", pos, end)
        if first == -1:
            return
        line_end = text.find("\n", first, end)
        line_end = end if line_end == -1 else line_end
        runs = [m.span() for m in BACKTICKS.finditer(text, first, line_end)]
        longest_after = [0] * len(runs)  # the longest run after each run, on this line
        for i in range(len(runs) - 2, -1, -1):
            longest_after[i] = max(longest_after[i + 1], runs[i + 1][1] - runs[i + 1][0])
        i, cursor = 0, first
        while i < len(runs) and longest_after[i]:
            run_start, run_end = runs[i]
            k = min(run_end - max(run_start, cursor), longest_after[i])
            j = i + 1
            while runs[j][1] - runs[j][0] < k:
                j += 1
            close = runs[j][0]
            yield run_end - k, close + k
            cursor = close + k
            i = j if cursor < runs[j][1] else j + 1
        pos = line_end + 1


def delimited(
    pattern, text: str, opener: str, closer: str, head=None, single_line: bool = False
) -> Iterator:
    """What ``pattern.finditer(text)`` yields, in linear time, for a pattern that starts with
    ``opener`` and ends lazily at the first ``closer`` after it (``<!--(?!x).*?-->``): each try
    is bounded by the next closer, and none is made after the last, where the pattern would
    scan the rest of the text from every opener.  ``head``, if given, is the pattern's part
    before its body, and ``single_line`` says the body stops at newlines (``.`` without
    DOTALL): a try whose body would cross one is not made.  Neither part before the body may
    hold a character of ``closer``."""
    pos, close, newline = 0, -1, -1
    while True:
        p = text.find(opener, pos)
        if p == -1:
            return
        pos = p + 1
        if close < p + len(opener):
            close = text.find(closer, p + len(opener))
            if close == -1:
                return
        if head is not None:
            m = head.match(text, p, close)
            if m is None:
                continue
            if single_line:
                if newline < m.end():
                    newline = text.find("\n", m.end())
                    newline = len(text) if newline == -1 else newline
                if newline < close:
                    continue
        m = pattern.match(text, p, close + len(closer))
        if m is not None:
            yield m
            pos = m.end()
