"""NL708's jusText classes: each paragraph's alone (jusText's classifier, with its English
stop-list) and in context.

The context step is jusText's ``revise_paragraph_classification`` for paragraphs that are never
headings (NL708 reads text, not HTML), worked out in one pass each way: jusText walks from
every short paragraph to its nearest good or bad neighbour, which costs the square of a run of
short ones (a page of 100,000 lines of "#" took over a minute).  ``tests/test_furniture.py``
checks the classes against jusText's own function on random sequences.
"""

from __future__ import annotations

from newslint.checks.residue.furniture_forms import stoplist

GOOD_OR_BAD = ("good", "bad")


class _Paragraph:
    """A paragraph as jusText's classifier reads one (``justext.paragraph.Paragraph``), from the
    text alone and measured once: jusText's own recomputes its text at every question."""

    __slots__ = ("text", "dom_path", "chars_count_in_links", "words", "stopwords")
    __slots__ += ("heading", "cf_class", "class_type")

    def __init__(self, block, stoplist: frozenset):
        self.text = block.text
        self.dom_path = "body.h2" if block.role == "heading" else "body.p"
        self.chars_count_in_links = block.links
        words = block.text.split()  # jusText's words, and its stop-word test
        self.words, self.stopwords = len(words), sum(w.lower() in stoplist for w in words)
        self.heading, self.cf_class, self.class_type = False, "", ""

    def __len__(self) -> int:
        return len(self.text)

    @property
    def is_heading(self) -> bool:
        return self.dom_path.endswith("h2")

    def stopwords_density(self, stoplist) -> float:
        return self.stopwords / self.words if self.words else 0

    def links_density(self) -> float:
        return self.chars_count_in_links / len(self.text) if self.text else 0


def justext_classes(blocks: list) -> None:
    """Set each block's jusText classes: alone (``cf_class``) and in context (``final``)."""
    from justext.core import classify_paragraphs

    stop = stoplist()
    paragraphs = [_Paragraph(block, stop) for block in blocks]
    classify_paragraphs(paragraphs, stop)
    finals = in_context([p.cf_class for p in paragraphs])
    for block, p, final in zip(blocks, paragraphs, finals):
        block.cf_class, block.final = p.cf_class, final


def _nearest(classes: list, kinds: tuple, step: int) -> list:
    """For each position, the class of the nearest paragraph before it (``step`` 1) or after it
    (-1) whose class is one of ``kinds``; "bad" where there is none (jusText's edge)."""
    out = [""] * len(classes)
    seen = "bad"
    order = range(len(classes)) if step == 1 else range(len(classes) - 1, -1, -1)
    for i in order:
        out[i] = seen
        if classes[i] in kinds:
            seen = classes[i]
    return out


def in_context(classes: list) -> list:
    """jusText's classes in context (``revise_paragraph_classification``, no headings) of
    paragraphs whose classes alone are ``classes``: a short paragraph is good between good
    ones, bad between bad ones, and between the two good only when a near-good one stands
    between it and the bad; then a near-good paragraph is bad only between bad ones (those
    before it as already revised)."""
    before, after = _nearest(classes, GOOD_OR_BAD, 1), _nearest(classes, GOOD_OR_BAD, -1)
    kinds = (*GOOD_OR_BAD, "neargood")
    before_any, after_any = _nearest(classes, kinds, 1), _nearest(classes, kinds, -1)
    out = list(classes)
    for i, c in enumerate(classes):
        if c != "short":
            continue
        prev, nxt = before[i], after[i]
        if prev == nxt:
            out[i] = prev
        elif (prev == "bad" and before_any[i] == "neargood") or (
            nxt == "bad" and after_any[i] == "neargood"
        ):
            out[i] = "good"
        else:
            out[i] = "bad"
    after = _nearest(out, GOOD_OR_BAD, -1)  # later near-good ones are not revised yet
    prev = "bad"
    for i, c in enumerate(out):
        if c == "neargood":
            out[i] = "bad" if (prev, after[i]) == ("bad", "bad") else "good"
        if out[i] in GOOD_OR_BAD:
            prev = out[i]
    return out
