"""NL705 other extraction artefacts, NL706 image credits glued into the text."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from newslint.checks.residue.base import ResidueRule, in_inline_code
from newslint.document import Document
from newslint.lazy import LazyPattern
from newslint.rule import Violation

# --- NL705 other extraction artefacts -------------------------------------------------------------

# one pattern per kind: five small searches are four times faster than one alternation
_PATTERNS = (
    regex.compile(
        r"(?P<wiki>\[(?:edit|citation needed|clarification needed|dubious(?: [–-] discuss)?|according to whom\?|by whom\?|when\?|who\?|verification needed|better source needed|failed verification|dead link|permanent dead link)\])"
    ),
    regex.compile(r"(?P<js>\bjavascript:(?:void\(0\)|;|\S))"),
    regex.compile(r"(?P<lorem>\b(?i:lorem ipsum)\b)"),
    regex.compile(
        r"(?P<template>\{\{\s*[\w.\-|: ]{1,40}?\s*\}\}|\{%\s*\w[^%\n]{0,60}%\}|\$\{[A-Za-z_][\w.]{0,40}\}|(?<![\w%])%(?:s|\(\w{1,30}\)s)(?![\w])|\[\[\s*[A-Z][A-Z_ ]{2,30}\s*\]\]|__[A-Z][A-Z_]{2,30}__|\[INSERT [A-Z ]{2,30}\]|\{(?:title|headline|author|name|first_name|last_name|date|city|url|link|summary|description|body|content)\})"
    ),
    regex.compile(
        r"(?P<caption>(?<![\w])(?:Image|Media|Video) (?:copyright|caption)(?![\w])|(?<![\w])Image source,|(?<![\w])Photo credit:)"
    ),
    # a numbered link reference on a line of its own, where a converter to Markdown moved the
    # page's links: hidden in a Markdown document (it is its syntax), markup anywhere else
    regex.compile(r"(?m)(?P<reference>^[ \t]{0,3}\[\d{1,4}\]:[ \t]*[^\s\[\]]+(?=[ \t]*$))"),
    # an address the page hid from bots (a script shows it to readers): the extractor kept
    # the placeholder, `[email protected]`, instead of the address
    regex.compile(r"(?P<protected>\[email(?:[ \u00a0]|&nbsp;|&#160;)protected\])"),
)
# what every match of each pattern holds: a text holding none of it is not searched, as most
# are not (a look for a string costs a fraction of a regex search of the text); lorem ipsum,
# in any case, is searched for always (folding the text would cost as much as the search)
_NEEDS = (
    ("[",),
    ("javascript:",),
    ("",),
    ("{", "%s", "%(", "[[", "__", "[INSERT "),
    (" copyright", " caption", "Image source,", "Photo credit:"),
    ("]:",),
    ("protected]",),
)
ARTEFACTS = tuple(zip(_NEEDS, _PATTERNS))
ARTEFACT_NAMES = {
    "wiki": "wiki markup",
    "js": "a javascript: link",
    "lorem": "placeholder text (lorem ipsum)",
    "template": "an unfilled template placeholder",
    "caption": "an image caption or credit label",
    "reference": "a Markdown link reference",
    "protected": "an email address the page hid from bots",
}


class ExtractionArtefact(ResidueRule):
    """Other extraction artefacts: wiki markup (`[edit]`, `[citation needed]`), `javascript:` links, lorem ipsum, unfilled template placeholders (`{{ title }}`, `%s`), image caption labels (`Image copyright`, `Media caption`), Markdown link references in text (`[12]: https://…`), an email address the page hid from bots (`[email protected]`).

    Each is a sure sign that page furniture or an unrendered template reached the text. A
    converter to Markdown moves a page's links to numbered references at the end (`[12]:
    https://example.com/a`): in a Markdown document they are its syntax, hidden from the rules;
    in text or a JSON record's text they are a list of links left by the extractor.
    """

    code, name = "NL705", "extraction-artefact"
    bad = [
        "The battle of Hastings⟦[edit]⟧ was fought in 1066.",
        "The claim⟦[citation needed]⟧ was repeated.",
        "Share ⟦javascript:void(0)⟧ now",
        "⟦Lorem ipsum⟧ dolor sit amet.",
        "Breaking: ⟦{{ headline }}⟧ in town",
        "Hello ⟦%s⟧, your results are ready.",
        "The march began at noon. ⟦Image copyright⟧ Getty Images Thousands joined.",
        "Prices rose again.\n\n⟦[1]: https://example.com/prices⟧\n⟦[2]: /markets/today⟧\n",
        "For details, write to ⟦[email protected]⟧ before Friday.",
    ]
    good = [
        "The editor was asked to edit the story.",
        "JavaScript: The Good Parts is a book.",
        "Prices rose 5% since June; 10%s of voters... no.",
        "The image caption was misleading, the regulator found.",
        "A {brace} and a 100% rise.",
        "The list [1]: see the appendix for it.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        found = sorted(
            (
                m
                for needs, pattern in ARTEFACTS
                if any(w in text for w in needs)
                for m in pattern.finditer(text)
            ),
            key=lambda m: (m.start(), -m.end()),
        )
        end = 0
        for m in found:
            if m.start() < end or doc.in_hidden(m.start()) or in_inline_code(doc, m.start()):
                continue
            end = m.end()
            yield self.violation(
                m.start(),
                m.end(),
                f"extraction artefact: {ARTEFACT_NAMES[m.lastgroup]} '{m.group()}'",
            )


# --- NL706 image credits glued into the text ---------------------------------------------------------

AGENCY = r"(?:Getty(?: Images)?|AFP|Reuters|AP|PA(?: Media| Wire)?|EPA(?:-EFE)?|Shutterstock|Alamy|iStock(?:photo)?|Bloomberg|Xinhua|Rex Features|REX)"
CREDIT = LazyPattern(
    r"\((?:Photo|Picture|Pic|Image|Video|Credit)s?(?: by| credit| courtesy of)?\s*[:\-]?\s*[^()\n]{1,80}?(?:/\s*[^()\n]{1,40}|\b"
    + AGENCY
    + r")\)"
    r"|(?<=(?:\A|\n)[ \t]*)(?:Photo|Picture|Image|Credit)s?(?: credit)?\s*:\s*[^\n]{1,80}(?=[ \t]*(?:\n|\Z))"
    r"|\bAP Photo/[\p{L} .'-]{2,40}"
    r"|(?<=(?:\A|\n)[ \t]*)(?:©|ⓒ|\(c\))[ \t]*[^\n\d]{1,60}(?=[ \t]*(?:\n|\Z))"  # "© Reuters": a photo's credit line
)


class ImageCredit(ResidueRule):
    """An image credit or caption is glued into the article text: `(Photo: Jane Doe/Getty Images)`, a line `Photo: Reuters`.

    Extractors keep the caption of a photo and run it into the paragraph next to it.
    Opinionated (some publishers credit photos inline on purpose): off by default.
    """

    code, name = "NL706", "image-credit"
    default_enabled = False
    bad = [
        "Crowds gathered ⟦(Photo: Jane Doe/Getty Images)⟧ outside the court.",
        "Story text.\n⟦Photo: Reuters⟧\nMore text.",
        "The bridge collapsed ⟦(Picture: PA)⟧ at dawn.",
        "Flood waters in York\n⟦© Reuters / Jane Doe⟧\nThe river rose.",
    ]
    good = [
        "The photo was taken in 2019 (it showed the bridge).",
        "Photographs: see below for the list of winners.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        for m in CREDIT.finditer(doc.text):
            if not doc.in_hidden(m.start()):
                yield self.violation(
                    m.start(), m.end(), f"image credit in the text: '{m.group()[:60]}'"
                )
