"""NL205: a heading that mixes title case and sentence case (opinionated, off by default)."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from newslint.checks.capitalisation.analysis import Analysis, analysis
from newslint.checks.capitalisation.base import CapitalisationRule
from newslint.checks.capitalisation.tokens import english
from newslint.checks.capitalisation.words import ordinary
from newslint.document import Document
from newslint.rule import Violation

MINOR = frozenset(
    """a an the and or nor but of in on at to for with by from as via vs into onto over per than up
    off out is are was be its it this that these those his her their our my your now not all no""".split()
)


class HeadingCapitalisation(CapitalisationRule):
    """A heading mixes title case and sentence case: `The Wider implications: A crisis Deepening`.

    Judged against the document's other headings: when they use title case, the lower-case
    words stand out; when they use sentence case, the capitalised ordinary words do. Names
    (words the document capitalises mid-sentence, or that are not ordinary words) and the
    word after a colon are left alone. Opinionated, so off by default.
    """

    code, name = "NL205", "heading-capitalisation"
    default_enabled = False
    bad = [
        "Options for Stranded Sailors\n\nThe crews waited.\n\nThe Long Road Back to Port\n\nThey sailed.\n\n"
        "The Wider ⟦implications⟧: A crisis Deepening\n\nThey left.",
    ]
    good = [
        "Options for Stranded Sailors\n\nThe crews waited.\n\nThe Long Road Back to Port\n\nThey sailed.",
        "Options for stranded sailors\n\nThe crews waited in South Africa.\n\nThe long road back to South Africa\n\nThey sailed.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        if not english(doc):
            return
        a = analysis(doc)
        by_heading = []
        title = doc.title.start if doc.title else -1
        for s, e in doc.headings:
            if s == title:
                continue  # a headline has its own style
            caps, lows = self._style(doc, a, s, e)
            by_heading.append((s, caps, lows))
        title = sum(1 for _, c, lo in by_heading if c and not lo)
        sentence = sum(1 for _, c, lo in by_heading if lo and not c)
        for _, caps, lows in by_heading:
            if not (caps and lows):
                continue
            if title > sentence:
                odd, style = lows, "title case"
            elif sentence > title:
                odd, style = caps, "sentence case"
            else:
                continue
            if len(odd) < 2:
                continue  # one odd word is as likely a name or a quirk as a mix of styles
            w = odd[0]
            yield self.violation(
                w[0],
                w[1],
                f"heading mixes title case and sentence case; the other headings use {style}: '{doc.text[w[0] : w[1]]}'",
            )

    @staticmethod
    def _style(doc: Document, a: Analysis, s: int, e: int) -> tuple:
        text = doc.text
        caps, lows = [], []
        first = True
        for m in regex.finditer(r"\p{L}[\p{L}\p{M}'\u2019-]*", text[s:e]):
            word = m.group()
            start = s + m.start()
            after_colon = text[s:start].rstrip().endswith(":")
            if first or after_colon or text[max(s, start - 1) : start] in "(-":
                first = False
                continue
            low = word.lower()
            if low in MINOR or len(word) < 3 or word.isupper() or "-" in word:
                continue
            if word[0].isupper():
                if ordinary(low) and low not in a.caps:
                    caps.append((start, start + len(word)))
            elif ordinary(low):
                lows.append((start, start + len(word)))
        return caps, lows
