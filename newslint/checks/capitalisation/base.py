"""The base classes of the NL2xx document rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Callable, ClassVar

from newslint.checks.capitalisation.analysis import Hit
from newslint.checks.capitalisation.tokens import english
from newslint.document import Document
from newslint.rule import Fix, Rule, Violation


class CapitalisationRule(Rule):
    family = "capitalisation"


class HitRule(CapitalisationRule):
    """A rule that reports what one finding of the shared analysis gives (NL201, NL202),
    each hit with the fix that restores its capitals."""

    hits: ClassVar[Callable[[Document], list]]  # the finding: a staticmethod

    def check(self, doc: Document) -> Iterator[Violation]:
        if not english(doc):
            return
        for h in self.hits(doc):
            yield self.hit_violation(h)

    def hit_violation(self, h: Hit) -> Violation:
        safety = "safe" if h.safe else "unsafe"
        fix = Fix.replace(h.start, h.end, h.replacement, safety, f"write '{h.replacement}'")
        return self.violation(h.start, h.end, h.message, fix)
