"""NL201's finding: names the gazetteer knows, written in lower case.

A name whose lower case is no word (seoul, russian) is flagged anywhere; a name of several
words (south Korea) where the gazetteer marks a word of it; a month that is also a word (may,
march) only where the date reads; a place or nationality that is also a word (china, polish)
only where the name reads.  And a name after an honorific (`Dr. jones`, `mr smith`): whatever
the word, it names someone there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional

from newslint.checks.capitalisation.analysis import Analysis, Hit, Word, analysis
from newslint.checks.capitalisation.gazetteer import Gazetteer, gazetteer
from newslint.checks.capitalisation.words import (
    DATE_PREPOSITIONS,
    DAY_BEFORE,
    DAY_OR_YEAR_AFTER,
    DETERMINERS,
    END_OF,
    MAY_BEFORE_DATE,
    MAY_FOLLOW,
    NATIONALITY_PREPOSITIONS,
    NOT_NATIONALITY,
    PARTICLES,
    PLACE_FOLLOW,
    PLACE_PREPOSITIONS,
    VERB_AFTER,
    WORD_AFTER,
    WORD_BEFORE,
    YEAR_AFTER,
    capitalised,
    lower_case,
)
from newslint.document import Document
from newslint.lazy import LazyPattern


def gazetteer_hits(doc: Document) -> list:
    """The document's NL201 hits, in text order, found once per document."""
    return doc.memo("capitalisation.gazetteer_hits", lambda: _all_hits(doc))


def _all_hits(doc: Document) -> list:
    found = list(_find(analysis(doc)))
    titled = list(_titled(doc)) if _MAY_HOLD_TITLE.search(doc.text) else []
    if not titled:
        return found
    out, end = [], -1
    for h in sorted(found + titled):
        if h.start >= end:
            out.append(h)
            end = h.end
    return out


# an honorific, then a word in lower case: the name it stands before (`Dr. jones`); written in
# lower case itself (`mr smith`) only where it can be nothing else (mr, mrs; not ms, dr or prof:
# `ms word`, `12 oak dr`)
TITLED = LazyPattern(
    r"(?<![\w.@/#-])(?:(?P<title>Mr|Mrs|Ms|Mx|Dr|Prof|Messrs|Mmes)\.?|(?P<lower>mr|mrs)\.?)"
    r"[ \t]+(?P<name>\p{Ll}[\p{Ll}'\u2019]*(?:-\p{L}[\p{L}'\u2019]*)*)(?=[\s,.;:!?)\u2019'\"]|$)"
)
# what every TITLED match holds, as the standard library finds it (twice as fast here): a letter
# not an ASCII capital after the honorific
_MAY_HOLD_TITLE = re.compile(r"(?:M(?:rs?|s|x|essrs|mes)|Dr|Prof|mrs?)\.?[ \t]+[^\W\dA-Z_]")
# what may follow an honorific in lower case and name no one: a particle of a name (Mr de
# Gaulle), a conjunction (Mr and Mrs Smith)
NOT_NAMES = PARTICLES | frozenset("and or the of with for to a an".split())


def _titled(doc: Document) -> Iterator[Hit]:
    text = doc.text
    for m in TITLED.finditer(text):
        name = m.group("name")
        if name.split("-")[0].rstrip("'\u2019") in NOT_NAMES or len(name) < 2:
            continue
        start = m.start() if m.group("lower") else m.start("name")
        if doc.is_protected(start) or doc.in_hidden(start):
            continue
        written = text[start : m.end("name")]
        fixed = name[:1].upper() + name[1:]
        if m.group("lower"):
            title = m.group("lower")
            fixed = title[:1].upper() + text[m.start() + 1 : m.start("name")] + fixed
        yield Hit(start, m.end("name"), fixed, f"'{written}' is a name: write '{fixed}'", True)


def _find(a: Analysis) -> Iterator[Hit]:
    gaz = gazetteer()
    forms = a.forms & gaz.keys
    covered_until = -1
    for i in a.positions(forms):
        w = a.word(i)
        if w.start < covered_until:
            continue
        hit = _name_of_words(a, gaz, i, w)
        if hit is not None:
            if hit.start >= covered_until:
                covered_until = hit.end
                yield hit
            continue
        if a.embedded(w):
            continue
        canon = gaz.safe.get(w.text)
        if canon is not None and _brand_opening(a, i):
            continue
        if canon is not None:
            yield Hit(w.start, w.end, canon, f"'{w.text}' is a name: write '{canon}'", True)
        elif w.text in gaz.dates and _date_context(a, i):
            canon = w.text.capitalize()
            yield Hit(
                w.start, w.end, canon, f"'{w.text}' is the month here: write '{canon}'", False
            )
        elif w.text in gaz.ambiguous and _name_context(a, i, gaz.ambiguous[w.text][1]):
            canon = gaz.ambiguous[w.text][0]
            yield Hit(w.start, w.end, canon, f"'{w.text}' is a name here: write '{canon}'", False)


def _brand_opening(a: Analysis, i: int) -> bool:
    """Word i opens a line or a link's text and the next word is capitalised: a title whose
    first word is a brand styled in lower case (`[monday Service + LangSmith]`)."""
    text = a.doc.text
    w = a.word(i)
    opens = (
        w.start == 0
        or text[w.start - 1] in "\n["
        or text[w.start - 2 : w.start] in ("[*", "**", "[_")
    )
    return opens and i + 1 < len(a.texts) and capitalised(a.texts[i + 1])


def _name_of_words(a: Analysis, gaz: Gazetteer, i: int, w: Word) -> Optional[Hit]:
    """The first name of several words (south Korea) that word i belongs to, written with a
    lower-case word the gazetteer marks, in prose: one hit over the whole name."""
    text = a.doc.text
    n = len(a.texts)
    for keys, canon, flags, j in gaz.multi.get(w.text, ()):
        first = i - j
        if first < 0 or first + len(keys) > n:
            continue
        if any(a.texts[first + m].lower() != k for m, k in enumerate(keys)):
            continue
        run = [a.word(k) for k in range(first, first + len(keys))]
        if any(text[x.end : y.start] != " " for x, y in zip(run, run[1:])):
            continue
        raw = a.raw
        if any(len(raw[k]) != len(a.texts[k]) for k in range(first, first + len(keys) - 1)):
            continue  # a possessive inside the name
        wrong = [f for f in flags if lower_case(run[f].text) and run[f].text != canon[f]]
        if not wrong or any(r.text.isupper() for r in run) or a.embedded(run[-1]):
            continue
        phrase = text[run[0].start : run[-1].end]
        fixed = " ".join(canon)
        return Hit(run[0].start, run[-1].end, fixed, f"'{phrase}' is a name: write '{fixed}'", True)
    return None


def _name_context(a: Analysis, i: int, kind: str) -> bool:
    """An ambiguous country or nationality where only the name reads: "trade with china,"."""
    text = a.doc.text
    w, prev, nxt, prev_adjacent, next_adjacent = a.neighbours(i)
    before, after = a.neighbour_text(w.start, w.end)
    prev_word = prev.text.lower() if prev_adjacent else ""
    if text.startswith(("'s", "\u2019s"), w.end):
        return prev_word not in DETERMINERS
    listed = (before.rstrip(" ").endswith(",") and prev is not None and capitalised(prev.text)) or (
        after.startswith(", ") and nxt is not None and capitalised(nxt.text) and not nxt.initial
    )
    if listed:
        return True
    next_word = nxt.text if next_adjacent else ""
    if kind == "place":
        if prev_word in ("and", "or") and i >= 2 and a.texts[i - 2][:1].isupper():
            return True
        if next_word in ("and", "or") and i + 2 < len(a.texts) and a.texts[i + 2][:1].isupper():
            return True
        follows = not next_word or next_word in MAY_FOLLOW or next_word in PLACE_FOLLOW
        return prev_word in PLACE_PREPOSITIONS and follows
    if prev_word in DETERMINERS or prev_word in NATIONALITY_PREPOSITIONS:
        if next_word[:1].isupper():
            return True
        return (
            lower_case(next_word)
            and next_word not in MAY_FOLLOW
            and next_word not in NOT_NATIONALITY
        )
    return False


def _date_context(a: Analysis, i: int) -> bool:
    """A month that is also a word (may, march, august) where only the date reads."""
    w = a.word(i)
    before, after = a.neighbour_text(w.start, w.end)
    prev_m = WORD_BEFORE.search(before)
    prev_word = prev_m.group(1).lower() if prev_m else ""
    next_m = WORD_AFTER.match(after)
    next_word = next_m.group(1).lower() if next_m else ""
    if next_word in VERB_AFTER:
        return False
    if w.text == "may" and next_m and next_word not in MAY_FOLLOW:
        return False  # "September 11 may happen again": the verb, even after a day
    if DAY_BEFORE.search(before):
        return True
    if DAY_OR_YEAR_AFTER.match(after):
        if w.text == "may":
            return (
                prev_word in MAY_BEFORE_DATE
                or before.rstrip(" \t").endswith((",", "("))
                or not prev_m
            )
        return prev_word not in DETERMINERS
    if END_OF.search(before) or YEAR_AFTER.match(after) or before.endswith("mid-"):
        return True
    if prev_word in DATE_PREPOSITIONS:
        if prev_word in ("last", "next", "early", "late"):
            pp = WORD_BEFORE.search(before[: prev_m.start()])
            if pp and pp.group(1).lower() in DETERMINERS:
                return False
        return True
    return False
