"""Inline suppression with HTML comments (hidden by Markdown renderers, plain in text).

    <!-- newslint: disable NL301 -->  ...  <!-- newslint: enable NL301 -->
    <!-- newslint: disable-next-line NL101 -->
    A line of text. <!-- newslint: disable-line NL201 -->
    <!-- newslint: disable-file -->

Codes (or rule names, or prefixes) are optional: without them, every rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex

from newslint.document import delimited

# the body is the text up to the first `-->`, less its white space at both ends: trimmed by
# hand, as `\s*(?P<body>.*?)\s*-->` retries its tail at every character (quadratic on spaces)
DIRECTIVE = regex.compile(r"<!--\s*newslint\s*:(?P<body>.*?)-->", regex.DOTALL)
LEADING_SPACE = regex.compile(r"\s*")
TRAILING_SPACE = regex.compile(r"(?r)\s*")
ACTIONS = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")


@dataclass
class Directive:
    action: str
    codes: Optional[tuple]  # None: all rules
    line: int
    column: int
    end_line: int
    end_column: int
    used: bool = False


@dataclass
class Region:
    directive: Directive
    first: int  # lines, inclusive
    last: int


@dataclass
class Suppressions:
    """The directives of one file and the line regions they cover (raw-file lines)."""

    directives: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    malformed: list = field(default_factory=list)  # (line, col, end_line, end_col, message)

    def suppresses(self, code: str, line: int, mark: bool = True) -> bool:
        hit = False
        for region in self.regions:
            if region.first <= line <= region.last and _matches(region.directive.codes, code):
                if mark:
                    region.directive.used = True
                hit = True
        return hit

    def __bool__(self):
        return bool(self.directives or self.malformed or self.regions)

    def merge(self, other: Suppressions) -> None:
        """Add another part's directives (one file read in several chunks or documents)."""
        self.directives += other.directives
        self.regions += other.regions
        self.malformed += other.malformed


def _matches(codes: Optional[tuple], code: str) -> bool:
    return codes is None or any(code.startswith(c) for c in codes)


def parse(doc, resolve=None) -> Suppressions:
    """Directives of a Document.  ``resolve`` maps a rule name to its code (or None)."""
    sup = Suppressions()
    text = doc.text
    ignored = doc.__dict__.get("record_ignores")
    if ignored:
        sup.regions.append(_record_region(doc, ignored))
    if "newslint" not in text:
        return sup
    last_line = doc.position(len(text))[0]
    open_disables: list[Directive] = []
    next_line = _NextContentLine(doc)
    for m in delimited(DIRECTIVE, text, "<!--", "-->"):
        line, col = doc.position(m.start())
        end_line, end_col = doc.position(m.end())
        body = _trimmed(text, *m.span("body"))
        words = body.replace(",", " ").split()
        if not words or words[0] not in ACTIONS:
            sup.malformed.append(
                (line, col, end_line, end_col, f"unknown newslint directive {body!r}")
            )
            continue
        action, names = words[0], words[1:]
        codes = []
        for n in names:
            code = resolve(n) if resolve else n.upper()
            if code is None:
                sup.malformed.append(
                    (line, col, end_line, end_col, f"unknown rule {n!r} in newslint directive")
                )
                continue
            codes.append(code)
        if names and not codes:
            continue  # only unknown rules: reported as malformed (NL007), not as unused "all rules"
        d = Directive(action, tuple(codes) if names else None, line, col, end_line, end_col)
        sup.directives.append(d)
        if action == "disable-file":
            sup.regions.append(Region(d, 1, last_line))
        elif action == "disable-next-line":
            target = next_line(m.end())
            sup.regions.append(Region(d, target, target))
        elif action == "disable-line":  # the line the comment ends on (Markdown tables)
            sup.regions.append(Region(d, end_line, end_line))
        elif action == "disable":
            open_disables.append(d)
        elif action == "enable":
            still_open = []
            for od in open_disables:
                if d.codes is None or (od.codes is not None and set(od.codes) <= set(d.codes)):
                    sup.regions.append(Region(od, od.line, line))
                else:
                    still_open.append(od)
            open_disables = still_open
            d.used = True  # an enable never "suppresses"; it is not reported as unused
    for od in open_disables:
        sup.regions.append(Region(od, od.line, last_line))
    return sup


def _record_region(doc, codes: tuple) -> Region:
    """``per-record-ignores``: the lines of a JSON record's text fields, for its codes (a
    configured region, never reported as unused)."""
    fields = getattr(doc.source_map, "fields", None) or [(0, len(doc.text), "")]
    lines = [doc.position(p)[0] for s, e, _ in fields for p in (s, max(s, e - 1))]
    d = Directive("per-record-ignores", codes, lines[0], 1, lines[0], 1, used=True)
    return Region(d, min(lines), max(lines))


def _trimmed(text: str, start: int, end: int) -> str:
    start = LEADING_SPACE.match(text, start, end).end()
    return text[start : TRAILING_SPACE.match(text, start, end).start()]


class _NextContentLine:
    """The line of the first line after an offset that is neither blank nor a directive; the
    last answer is kept, as a run of directives would otherwise be scanned once per directive."""

    def __init__(self, doc):
        self.doc = doc
        self.known = (-1, -1, 0)  # (first line start, content line start, its line number)

    def __call__(self, offset: int) -> int:
        doc = self.doc
        text = doc.text
        nl = text.find("\n", offset)
        if nl == -1:
            return doc.position(len(text))[0] + 1
        first, content, line = self.known
        if first <= nl + 1 <= content:
            return line  # the lines between were scanned already: blank or directives
        start = nl + 1
        while True:
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            stripped = text[start:end].strip()
            if stripped and not DIRECTIVE.fullmatch(stripped):
                line = doc.position(start)[0]
                break
            if end == len(text):
                start, line = len(text) + 1, doc.position(len(text))[0] + 1
                break
            start = end + 1
        self.known = (nl + 1, start, line)
        return line
