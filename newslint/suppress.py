"""Inline suppression with HTML comments (hidden by Markdown renderers, plain in text).

    <!-- newslint: disable NL301 -->  ...  <!-- newslint: enable NL301 -->
    <!-- newslint: disable-next-line NL101 -->
    <!-- newslint: disable-file -->

Codes (or rule names, or prefixes) are optional: without them, every rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex

DIRECTIVE = regex.compile(r"<!--\s*newslint\s*:\s*(?P<body>.*?)\s*-->", regex.DOTALL)
ACTIONS = ("disable", "enable", "disable-next-line", "disable-file")


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
        return bool(self.directives or self.malformed)

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
    if "newslint" not in text:
        return sup
    last_line = doc.position(len(text))[0]
    open_disables: list[Directive] = []
    for m in DIRECTIVE.finditer(text):
        line, col = doc.position(m.start())
        end_line, end_col = doc.position(m.end())
        words = m.group("body").replace(",", " ").split()
        if not words or words[0] not in ACTIONS:
            sup.malformed.append(
                (line, col, end_line, end_col, f"unknown newslint directive {m.group('body')!r}")
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
            target = _next_content_line(doc, m.end())
            sup.regions.append(Region(d, target, target))
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


def _next_content_line(doc, offset: int) -> int:
    text = doc.text
    nl = text.find("\n", offset)
    while nl != -1:
        start = nl + 1
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if text[start:end].strip() and not DIRECTIVE.fullmatch(text[start:end].strip()):
            return doc.position(start)[0]
        nl = text.find("\n", start) if end < len(text) else -1
    return doc.position(len(text))[0] + 1
