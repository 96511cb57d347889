"""Abbreviation-aware sentence spans."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from newslint.document.spans import Span, strip_span

ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen sen rep gov lt col capt sgt maj cpl adm cmdr rev hon pres st ste mt ft
    jr sr inc ltd co corp bros plc llc no nos vs etc al approx est fig figs dept univ ave rd
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    e.g i.e a.m p.m u.s u.k u.n e.u d.c cf viz op vol vols pp ed eds ch art sec et
    """.split()
)
# US states as wire copy abbreviates them (AP style): "Clanton, Ala. for" goes on.  Counted
# only when written capitalised, as a place is: "fell ill. Then" still ends a sentence.
STATES = frozenset(
    """ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo
    mont neb nev okla ore pa penn tenn tex vt va wash wis wyo""".split()
)
SENT_END = regex.compile(
    # from the start of a run of stops only, taken whole: a run of 20,000 dots was quadratic
    r"(?<![.!?\u2026])[.!?\u2026]++[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]*[\p{Lu}\d])"
)
# units of measure, abbreviations after a number: "300 km. from the border" goes on, and so
# does a recipe's "1 tsp. olive oil"
UNITS = frozenset(
    """km kms cm mm mi kg mg lb lbs oz ft yd yds sq hr hrs min mins sec secs tsp tsps tbsp tbsps
    tbs pt pts qt qts gal gals pkg pkgs doz""".split()
)
AFTER_NUMBER = regex.compile(r"(?r)\d[ \t]?$")
# the letters and dots that end at a full stop, searched backwards from it (3x faster)
WORD_BEFORE = regex.compile(r"(?r)([\p{L}.]+)$")


def split_sentences(text: str, start: int, end: int) -> Iterator[Span]:
    """Sentence spans of text[start:end], one paragraph: a hard wrap does not end a sentence."""
    pos = start
    for m in SENT_END.finditer(text, start, end):
        if text[m.start()] == "." and is_abbreviation(text, m.start(), start):
            continue
        s, e = strip_span(text, pos, m.end())
        if s < e:
            yield Span(s, e)
        pos = m.end()
    s, e = strip_span(text, pos, end)
    if s < e:
        yield Span(s, e)


def is_abbreviation(text: str, dot: int, floor: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation or an initial (looking back no
    further than ``floor``)."""
    m = WORD_BEFORE.search(text, max(floor, dot - 20), dot)
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: J. K. Rowling
    if word in STATES and m.group(1)[0].isupper():
        return True
    if word in UNITS and AFTER_NUMBER.search(text, max(floor, m.start() - 2), m.start()):
        return True
    return word in ABBREVIATIONS or ("." in word and len(word) <= 6)  # U.S, e.g, a.m
