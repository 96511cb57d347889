"""The words of a document as two lists, and whether the document is English.

``token_lists`` gives the starts and texts of ``doc.tokens`` -- the same words -- without
making a Token per word when no other family has made them yet: the NL2xx rules only need the
two lists, and on a large document the Token objects cost more than the split.
"""

from __future__ import annotations

import bisect
import itertools
import operator

from newslint.document import ASCII_WORD_SPLIT, Document, starting_inside, without
from newslint.lazy import LazyPattern
from newslint.text import ascii_letters_only

_START = operator.itemgetter(0)
_TEXT = operator.itemgetter(2)

_WORD_RUN = LazyPattern(
    r"(?:[^\p{L}]*+(\p{L}[\p{L}\p{M}]*+(?:['\u2019]\p{L}[\p{L}\p{M}]*+)*+))*+"
)  # every match of document.WORD in one match: its captures, without a Token per word


POSSESSIVE = LazyPattern(r"['\u2019]s?$")
APOSTROPHE = LazyPattern(r"(?<=\p{L})['\u2019](?=\p{L})|(?<=\p{L}s)['\u2019]")
POSSESSIVE_S = ("'s", "\u2019s")  # how a word with a possessive ends

ENGLISH_MARKERS = frozenset("the and of to is that with was for The".split())


def token_lists(doc: Document) -> tuple:
    """(starts, texts) of ``doc.tokens``, built without the Token objects when not yet made."""
    return doc.memo("capitalisation.tokens", lambda: _split(doc))


def _split(doc: Document) -> tuple:
    tokens = doc.peek("tokens")
    if tokens is not None:
        return list(map(_START, tokens)), list(map(_TEXT, tokens))
    text = doc.text
    if ascii_letters_only(text):
        # \p{L} is [A-Za-z] here and \p{M} matches nothing: the stdlib splits faster
        parts = ASCII_WORD_SPLIT.split(text)
        starts = list(itertools.accumulate(map(len, parts)))[0:-1:2]
        texts = parts[1::2]
    else:
        m = _WORD_RUN.match(text)
        starts, texts = m.starts(1), m.captures(1)
    spans = doc.protected
    if spans and starts:
        return _outside(spans, starts, texts)
    return starts, texts


def _outside(spans: list, starts: list, texts: list) -> tuple:
    """The words that start outside the protected ``spans`` (URLs, numbers, code)."""
    inside = starting_inside(spans, starts)
    if not inside:
        return starts, texts
    return without(starts, inside), without(texts, inside)


def without_possessive(word: str) -> str:
    return POSSESSIVE.sub("", word) if "'" in word or "\u2019" in word else word


def without_possessives(text: str, starts: list, raw: list) -> list:
    """The token texts without a possessive 's (Korea's -> Korea): the name is the same.

    Each match of APOSTROPHE takes a trailing 's off the word it stands in or after (so
    "a's's" loses two). Only a word that ends in 's can change (BBC: 8,700 of 847,000 words),
    so only those are looked at, found by ``str.find``: APOSTROPHE over the whole text, each
    match placed among the words, cost 60 ms on BBC."""
    texts = list(raw)
    for mark in POSSESSIVE_S:
        at = text.find(mark)
        while at >= 0:
            _strip(text, starts, raw, texts, at)
            at = text.find(mark, at + 2)
    return texts


def _strip(text: str, starts: list, raw: list, texts: list, at: int) -> None:
    """Take the possessive off the word that ends with the 's at ``at``, if one does, as
    often as APOSTROPHE matches between its start and the next word's."""
    i = bisect.bisect_right(starts, at) - 1
    if i < 0 or starts[i] + len(raw[i]) != at + 2:
        return  # the 's is not the end of a word
    until = starts[i + 1] if i + 1 < len(starts) else len(text)
    w = raw[i]
    if (
        w.count("'") + w.count("\u2019") == 1
        and w[-3].isalpha()
        and text.find("'", at + 2, until) < 0
        and text.find("\u2019", at + 2, until) < 0
    ):
        texts[i] = w[:-2]  # its one apostrophe, after a letter, is APOSTROPHE's one match
        return
    for a in APOSTROPHE.finditer(text, max(0, starts[i] - 2)):
        if a.start() >= until:
            break
        if a.start() >= starts[i] and ("'" in texts[i] or "\u2019" in texts[i]):
            texts[i] = without_possessive(texts[i])


def english(doc: Document) -> bool:
    """Enough of the commonest English words to be English text: the rules know English names
    and English sentence case only (a Portuguese 'loja' or Indonesian 'kita' is not a city)."""
    return doc.memo("capitalisation.english", lambda: _english(token_lists(doc)[1]))


def _english(texts: list) -> bool:
    n = len(texts)
    if n < 20:
        return True
    need = 0.04 * n
    # English has a marker in five or six words (18 % of BBC's): the first half of the words
    # has enough of them (2,220 of BBC's 2,225 texts), and the rest need not be counted
    half = n // 2
    found = sum(map(ENGLISH_MARKERS.__contains__, texts[:half]))
    return found >= need or found + sum(map(ENGLISH_MARKERS.__contains__, texts[half:])) >= need
