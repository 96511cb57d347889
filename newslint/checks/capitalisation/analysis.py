"""One pass over a document, shared by the NL2xx rules: its words and the capitals it uses
mid-sentence, in prose.

Capitals are never learned from headings, title lines or table rows, nor from the first word
of a sentence, a line, a quotation or a clause after a colon: capitals there say nothing
about names.  What the rules find with it (gazetteer_hits, document_hits) lives beside it.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from typing import NamedTuple

from newslint.checks.capitalisation.tokens import token_lists, without_possessives
from newslint.checks.capitalisation.words import (
    EMBED_AFTER,
    EMBED_BEFORE,
    INITIAL_AFTER,
    lower_case,
    ordinary,
)
from newslint.document import Document
from newslint.lexicon import get_lexicon

_FIRST = operator.itemgetter(0)


class Word(NamedTuple):
    index: int  # in the document's tokens
    start: int
    end: int  # end of the word without a possessive 's
    text: str  # without the possessive
    initial: bool  # first word of a sentence, line, quotation or clause: its capital says nothing
    learnable: bool  # in prose (not a heading, title or table row) and not initial


class Hit(NamedTuple):
    """A word or name written in lower case, and the capitals that restore it."""

    start: int
    end: int
    replacement: str
    message: str
    safe: bool


def analysis(doc: Document) -> Analysis:
    """The document's Analysis, made once and shared by every NL2xx rule."""
    return doc.memo("capitalisation.analysis", lambda: Analysis(doc))


def initial(text: str, start: int) -> bool:
    """The word opens a sentence, line, quotation or clause: its capital says nothing."""
    j = start - 1
    while j >= 0 and (text[j] == " " or text[j] == "\t"):
        j -= 1
    return j < 0 or text[j] in INITIAL_AFTER


# --- where capitals say nothing ---------------------------------------------------------------


def _skipped_lines(doc: Document) -> set:
    """Indexes of the lines capitals are never learned from: headings, the title, tables."""
    skip_lines = set(doc.table_lines)
    for s, e in doc.headings:
        skip_lines.update(range(doc.line_index(s), doc.line_index(max(s, e - 1)) + 1))
    if doc.title and _title_like(doc):
        skip_lines.add(doc.line_index(doc.title.start))
    return skip_lines


def _title_like(doc: Document) -> bool:
    """The first line is a title (not the first sentence of a one-paragraph text)."""
    if doc.title_span is not None:
        return True
    line = doc.text[doc.title.start : doc.title.end].strip()
    return len(line.split()) <= 20 and not line.endswith((".", "\u201d", '"'))


def _merge_lines(doc: Document, lines: set) -> list:
    """Character spans of the given line indexes, merged, in order."""
    out: list = []
    for i in sorted(lines):
        s, e = doc.lines[i]
        if out and out[-1][1] >= s - 1:
            out[-1] = (out[-1][0], e + 1)
        else:
            out.append((s, e + 1))
    return out


def _learnable_capitals(text: str, starts: list, texts: list, skip: list) -> dict:
    """Lower-case key -> indexes of its capitalised occurrences that say it is a name: not
    all capitals, not initial, not in a skipped span (``skip``: sorted character spans)."""
    caps: dict = {}
    k, n = 0, len(skip)
    for i in itertools.compress(itertools.count(), map(str.isupper, map(_FIRST, texts))):
        w = texts[i]
        if w.isupper() and len(w) > 1:
            continue
        st = starts[i]
        c = text[st - 1] if st else "\n"
        if c == " " or c == "\t":
            c = text[st - 2] if st > 1 else "\n"
            if (c == " " or c == "\t") and initial(text, st):
                continue
        if c in INITIAL_AFTER:
            continue
        while k < n and skip[k][1] <= st:
            k += 1
        if k < n and skip[k][0] <= st:
            continue
        caps.setdefault(w.lower(), []).append(i)
    return caps


# --- the analysis -----------------------------------------------------------------------------


class Analysis:
    """The words of a document and the capitals it uses mid-sentence.

    Work is per unique word form: only capitalised words (to learn from) and lower-case words
    that some rule could flag (gazetteer forms, forms the document capitalises) are looked at
    one by one.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        starts, raw = token_lists(doc)
        self.raw = raw  # token texts, possessives included
        self.starts = starts
        self.texts = without_possessives(doc.text, starts, raw)
        self._skip = skip = _merge_lines(doc, _skipped_lines(doc))
        self._skip_starts = [a for a, _ in skip]
        self._words: dict = {}
        # lower-case key -> indexes of its capitalised learnable occurrences
        self.caps = _learnable_capitals(doc.text, starts, self.texts, skip)
        self.forms = set(self.texts)

    def _make(self, i: int) -> Word:
        start = self.starts[i]
        w = self.texts[i]
        opens = initial(self.doc.text, start)
        j = bisect.bisect_right(self._skip_starts, start) - 1
        skipped = j >= 0 and start < self._skip[j][1]
        word = Word(i, start, start + len(w), w, opens, not opens and not skipped)
        self._words[i] = word
        return word

    def word(self, i: int) -> Word:
        w = self._words.get(i)
        return w if w is not None else self._make(i)

    def positions(self, forms) -> list:
        """Indexes of the words whose form is in ``forms`` (a set), in text order."""
        if not forms:
            return []
        return list(itertools.compress(itertools.count(), map(forms.__contains__, self.texts)))

    def neighbours(self, i: int) -> tuple:
        """(word i, previous word, next word, whether only a space separates each from it)."""
        text = self.doc.text
        w = self.word(i)
        prev = self.word(i - 1) if i else None
        nxt = self.word(i + 1) if i + 1 < len(self.texts) else None
        return (
            w,
            prev,
            nxt,
            prev is not None and text[prev.end : w.start] == " ",
            nxt is not None and text[w.end : nxt.start] == " ",
        )

    def neighbour_text(self, start: int, end: int) -> tuple:
        text = self.doc.text
        return text[max(0, start - 40) : start], text[end : end + 30]

    def embedded(self, w: Word) -> bool:
        """Part of a path, handle, file name or domain, glued to a number or after the hyphen of a
        compound, rather than a word of prose standing alone."""
        text = self.doc.text
        before = text[w.start - 1] if w.start else " "
        after = text[w.end] if w.end < len(text) else " "
        if before in EMBED_BEFORE or after in EMBED_AFTER:
            return True
        if before.isdigit() or after.isdigit():
            return True  # glued to a number: a counter or a code ("3077reddit70"), not a word
        if before == "-" and w.start >= 2 and text[w.start - 2].isalnum():
            return True  # a later part of a hyphenated compound keeps its own case: Kim Yo-jong
        if before == "." and w.start >= 2 and text[w.start - 2].isalnum():
            return True
        return after == "." and w.end + 1 < len(text) and text[w.end + 1].isalnum()

    def in_table(self, w: Word) -> bool:
        return bisect.bisect_right(self.doc.line_starts, w.start) - 1 in self.doc.table_lines

    def isolated(self, i: int) -> bool:
        """A capitalised word standing alone, not inside a run of capitals (a title, a name)."""
        texts, starts, text = self.texts, self.starts, self.doc.text
        end = starts[i] + len(texts[i])
        if (
            i + 1 < len(texts)
            and texts[i + 1][:1].isupper()
            and not text[end : starts[i + 1]].strip(" ")
        ):
            return False
        if i and texts[i - 1][:1].isupper():
            o = texts[i - 1]
            # a link's label ("[Edge Middleware](...)") is a run, not a sentence's first word
            if not text[starts[i - 1] + len(o) : starts[i]].strip(" ") and not (
                initial(text, starts[i - 1])
                and ordinary(o.lower())
                and text[starts[i - 1] - 1 : starts[i - 1]] != "["
            ):
                return False
        return True

    def foreign(self, i: int) -> bool:
        """A neighbouring lower-case word is unknown to the lexicon: a phrase in another language."""
        lex = get_lexicon()
        for j in (i - 1, i + 1):
            if 0 <= j < len(self.texts):
                o = self.texts[j]
                if lower_case(o) and len(o) > 2 and not lex.known(o):
                    return True
        return False
