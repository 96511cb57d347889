"""What the NL5xx rules share: one analysis of a document's paragraphs and sentences, built
once per Document, and the family's base class."""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import NamedTuple, Optional

from newslint.checks.duplicates.words import (
    LINE_WORDS,
    containment,
    folded,
    keep_doc_words,
    shingles,
    span_words,
    spans_words,
)
from newslint.document import HEADING_MD, Document
from newslint.lazy import LazyPattern, computed
from newslint.rule import Rule

ANALYSIS = "duplicates.analysis"  # its Document.memo key
# the lowest similarity the default settings ask of near_repeats (NL503's opening-similarity)
FLOOR = 0.5


LIST_ITEM = LazyPattern(r"[ \t]*(?:[-*+\u2022]|\d{1,3}[.)])[ \t]+\S")
LIST_START = frozenset(" \t-*+\u2022")  # what LIST_ITEM may start with, but a digit
# a paragraph set wholly in bold is a heading in Markdown written by hand: an outline restated
# later (its questions, then their sections) repeats it by design
BOLD_LINE = LazyPattern(r"[ \t]*(\*\*|__)[^\n*_]{1,120}\1[ \t]*")


class Para(NamedTuple):
    start: int
    end: int
    words: list
    heading: bool
    sentences: list  # [(start, end, words)]


class Analysis:
    """Paragraphs of a document as the NL5xx rules see them (prose only, tables and markup out)."""

    def __init__(self, doc: Document):
        self.doc = doc
        self._near: dict = {}  # near_repeats by its arguments
        text = doc.text
        kept = []  # (start, end, sentence spans) of the prose paragraphs
        in_hidden, line_index, table_lines = doc.in_hidden, doc.line_index, doc.table_lines
        for (s, e), sentences in zip(doc.paragraphs, doc.paragraph_sentences):
            if in_hidden(s) or (table_lines and line_index(s) in table_lines):
                continue
            kept.append((s, e, sentences))
        spans = [span for _, _, sentences in kept for span in sentences]
        fold = folded(doc)
        if fold is not None:  # the usual case: each sentence's words read from the folded text
            words, whole = [fold[s:e].split() for s, e in spans], None
        else:
            words, whole = spans_words(text, spans)
            if whole is not None:
                keep_doc_words(doc, whole)  # doc_words, had in the same pass
        # (start, end) -> words_of of a kept paragraph (for paragraphs_words): exact in the
        # folded text, where a sentence ends after a stop or a quote, before white space, so
        # no word spans its edge; else when every cut had white space on one side (``whole``),
        # as then no word or normalisation spans a sentence's edge
        self.paragraph_words = {}
        exact = fold is not None or whole is not None
        paras, k = [], 0
        for s, e, spans in kept:
            # sentences cover their paragraph but for white space: its words are theirs, in order
            sents, para_words = [], []
            for ss, se in spans:
                sw = words[k]
                k += 1
                if sw:
                    sents.append((ss, se, sw))
                    para_words.extend(sw)
            if exact:
                self.paragraph_words[s, e] = para_words
            if not para_words:
                continue
            # HEADING_MD needs a `#` among the first four characters
            heading = (
                doc.is_heading(s)
                or ("#" in text[s : s + 4] and bool(HEADING_MD.match(text[s:e])))
                or bool(BOLD_LINE.fullmatch(text, s, e))  # **How do we search?**: a heading
            )
            paras.append(Para(s, e, para_words, heading, sents))
        self.paras = paras
        title = doc.title
        self.title = next(
            (i for i, p in enumerate(paras) if title and p.start == title.start), None
        )

    def line(self, i: int) -> int:
        """The line of paragraph i, as reported (in the raw file)."""
        return self.doc.position(self.paras[i].start)[0]

    @property
    def opening(self) -> Optional[int]:
        """The first body paragraph: the first non-heading paragraph after the title."""
        first = 0 if self.title is None else self.title + 1
        return next((i for i in range(first, len(self.paras)) if not self.paras[i].heading), None)

    def list_item(self, p: Para) -> bool:
        """The paragraph's line opens a list item (`- `, `1. `)."""
        text = self.doc.text
        start = text.rfind("\n", 0, p.start) + 1
        # LIST_ITEM starts with a blank, a bullet or a digit: most lines are not tried
        first = text[start : start + 1]
        return (first in LIST_START or first.isdigit()) and bool(LIST_ITEM.match(text, start))

    @computed
    def exact_repeats(self) -> dict:
        """Later paragraph index -> earlier index of a paragraph with the same words."""
        seen, found = {}, {}
        for i in self.compared:
            key = tuple(self.paras[i].words)
            if key in seen:
                found[i] = seen[key]
            else:
                seen[key] = i
        return found

    @computed
    def compared(self) -> list:
        """Indices of the paragraphs the repeat searches compare: not headings, not list items
        (a list restated in a summary, a list's entries, are alike by design)."""
        return [i for i, p in enumerate(self.paras) if not p.heading and not self.list_item(p)]

    def near_repeats(self, min_words: int, n: int, floor: float) -> dict:
        """Later paragraph -> (sentence, earlier paragraph, earlier sentence, similarity), for
        every paragraph with a sentence at least ``floor`` similar to an earlier one.

        Similarity is the Jaccard similarity of word n-grams between a sentence and its most
        similar earlier sentence (see ``context`` for the two paragraphs'); ties go to the
        earliest.  A sentence that many alike shares at least ceil(floor * its n-grams) with
        the earlier one, so only a sentence holding that many n-grams already seen (those it
        does not add to the set seen: one set operation a sentence) is looked up (a few in a
        news story); its candidates come from an index of n-gram -> sentences,
        never from all pairs, asked only about the rarest of its seen n-grams that any such
        set must meet.  A sentence whose n-grams are those of an earlier one has similarity 1
        with the first such, found once per set of n-grams: a sentence repeated thousands of
        times does not cost all pairs.  Computed once per (min_words, n) for the lowest
        floor the default settings ask (FLOOR) or a lower one asked.
        """
        key, floor = (min_words, n), min(floor, FLOOR)
        cached = self._near.get(key)
        if cached is not None and cached[0] <= floor:
            return cached[1]
        best: dict = {}
        self._near[key] = (floor, best)
        units, looked_up = [], []  # (para index, sentence index, n-grams); units looked up
        seen: set = set()
        for pi in self.compared:
            for si, (_, _, sw) in enumerate(self.paras[pi].sentences):
                if len(sw) >= min_words:
                    sh = shingles(sw, n)
                    known = len(seen)
                    seen |= sh
                    # its n-grams an earlier sentence held: those not new to ``seen`` (the
                    # floor rounded down a hair: a longer look-up finds as much)
                    if len(sh) - len(seen) + known >= max(1, math.ceil(floor * len(sh) - 1e-9)):
                        looked_up.append(len(units))
                    units.append((pi, si, sh))
        if not looked_up:
            return best
        wanted = set().union(*[units[u][2] for u in looked_up])
        holders: dict = {}  # an n-gram asked about -> the sentences holding it, in order
        for u in range(looked_up[-1]):
            for g in units[u][2] & wanted:
                holders.setdefault(g, []).append(u)
        first_of: dict = {}  # a set of n-grams -> the first sentence with exactly those
        for uid in looked_up:
            pi, si, sh = units[uid]
            size = len(sh)
            twice = [g for g in sh if g in holders and holders[g][0] < uid]  # held before
            same = frozenset(sh) if len(twice) == size else None
            if same is not None and same in first_of:
                if pi not in best or 1.0 > best[pi][3]:
                    best[pi] = (si, units[first_of[same]][0], units[first_of[same]][1], 1.0)
                continue
            # an earlier sentence at the floor holds all but len(twice) - need of these
            need = max(1, math.ceil(floor * size - 1e-9))
            asked = sorted(twice, key=lambda g: len(holders[g]))[: len(twice) - need + 1]
            found: set = set()
            for g in asked:
                earlier = holders[g]
                found.update(earlier[: bisect_left(earlier, uid)])
            sim, other = 0.0, None
            for u in sorted(found):  # the earliest of equals
                c = len(sh & units[u][2])
                x = c / (size + len(units[u][2]) - c)
                if x > sim:
                    sim, other = x, u
            if same is not None:
                first_of[same] = other if sim == 1.0 else uid
            if other is not None and sim >= floor and (pi not in best or sim > best[pi][3]):
                best[pi] = (si, units[other][0], units[other][1], sim)
        return best

    def context(self, pi: int, ep: int, n: int) -> float:
        """How much of the smaller of two paragraphs' word n-grams the other holds.

        A re-told paragraph shares more than one sentence with the original.
        """
        return containment(shingles(self.paras[pi].words, n), shingles(self.paras[ep].words, n))


def place(doc: Document, offset: int) -> str:
    """Where an earlier passage is, for a message: `line 12`, or in a JSON record (whose
    text sits on one line of the file, or a few) `line:column`."""
    line, col = doc.position(offset)
    return f"{line}:{col}" if doc.kind == "json" else f"line {line}"


def analysis(doc: Document) -> Analysis:
    """The document's duplicate analysis, built once per Document."""
    return doc.memo(ANALYSIS, lambda: Analysis(doc))


def paragraphs_words(doc: Document, spans: list) -> list:
    """``words_of`` of each paragraph span, from what the NL5xx rules already derived when they
    ran first (the analysis's paragraphs, the lines' words of ``doc_words``), else from the
    folded text when the text folds alone (``folded``), else in one pass (which gives
    ``doc_words`` too)."""
    shared = doc.peek(ANALYSIS)
    known = shared.paragraph_words if shared is not None else {}
    fold = folded(doc)
    if fold is not None:
        return [known[s, e] if (s, e) in known else fold[s:e].split() for s, e in spans]
    per_line = doc.peek(LINE_WORDS)
    if per_line is not None or known:
        return [
            known[s, e] if (s, e) in known else span_words(doc, s, e, per_line) for s, e in spans
        ]
    found, whole = spans_words(doc.text, spans)
    if whole is not None:
        keep_doc_words(doc, whole)
    return found


class DuplicateRule(Rule):
    family = "duplicates"
