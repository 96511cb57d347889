"""The first words of a text's sentences: where NL101/NL102 look at capitalised words
(elsewhere they are names).  Most are known words capitalised (The, But, Officials); the
analysis keeps the few the lexicon lacks."""

from __future__ import annotations

import re

import regex

from newslint.lazy import LazyPattern, once

# A sentence's first word: after its end and any opening quotes, brackets, bullets or dashes,
# a capitalised word of letters and apostrophes
SENTENCE_ENDS = ".\n!?:\u2026"
OPENING = r"[ \t\u00a0\"'\u201c\u2018\u201e(\[{*\u2022\u2013\u2014>_-]*"
CAPITALISED = r"(\p{Lu}[\p{Ll}\p{M}'\u2019]+)(?![\p{L}\p{M}])"
# ... in a text whose letters are all ASCII, where the letter classes are these: the standard
# library's engine reads such a text two to three times as fast
PLAIN_CAPITALISED = r"([A-Z][a-z'\u2019]+)(?![A-Za-z])"
TEXT_START = LazyPattern("^" + OPENING + CAPITALISED)
# one pattern per sentence end (see starts_after_ends)
STARTS_AFTER = tuple(
    LazyPattern(regex.escape(end) + OPENING + CAPITALISED) for end in SENTENCE_ENDS
)
TEXT_START_REACH = 200  # characters in which the text's first word starts, at most

# What else a news text holds that is no letter or mark (tests/test_spelling_speed.py checks
# each by the regex module's Unicode data): Latin-1's signs, general punctuation (quotes,
# dashes, invisible joiners), currency signs, arrows, mathematical operators
NOT_LETTERS = "\u00a0-\u00a9\u00ab-\u00b4\u00b6-\u00b9\u00bb-\u00bf\u00d7\u00f7\u2000-\u206f\u20a0-\u20bf\u2190-\u22ff"
# a character that may be a letter or a mark beyond ASCII: the text is not plain
OTHER_LETTER = re.compile(f"[^\\x00-\\x7f{NOT_LETTERS}]")
ASCII = bytes(range(128))


@once
def _plain_starts_after() -> tuple:
    return tuple(re.compile(re.escape(end) + OPENING + PLAIN_CAPITALISED) for end in SENTENCE_ENDS)


def sentence_starts(text: str) -> set:
    """The capitalised words that start the sentences of ``text``, its first included."""
    found = starts_after_ends(text, plain_letters(text))
    first = TEXT_START.match(text, 0, TEXT_START_REACH)  # anchored: at the start, or none
    if first:
        found.add(first.group(1))
    return found


def plain_letters(text: str) -> bool:
    """Whether all the letters of ``text`` are ASCII.  Its other characters alone are looked
    at, its UTF-8 bytes of ASCII deleted by a byte-level translate: most texts that are not
    ASCII hold a pound sign or a curly quote, and the pattern would try every character."""
    if text.isascii():
        return True
    others = text.encode("utf-8", "surrogatepass").translate(None, ASCII)
    return OTHER_LETTER.search(others.decode("utf-8", "surrogatepass")) is None


def starts_after_ends(text: str, plain: bool) -> set:
    """The words that start a sentence after the end of another, ``plain`` if the text's
    letters are all ASCII.  One pattern per sentence end: a pattern that begins with one
    character is scanned for it in a tight loop, where a class of them is tried at every
    character (a third of the time).  Their matches are those of one pattern for every end,
    as no end stands inside a match but at its start: none overlaps another."""
    found = set()
    for end, pattern in zip(SENTENCE_ENDS, _plain_starts_after() if plain else STARTS_AFTER):
        if end in text:
            found.update(pattern.findall(text))
    return found
