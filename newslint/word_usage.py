"""How often real English (and the languages whose words turn up in English news) writes a
word form, by wordfreq's lists: a word the lexicon lacks may still be one English writes
(slang, a brand, a term of a field), or another language's.  wordfreq is imported on first
use only, and for plain lower-case words its English list is read directly (~0.03 s)."""

from __future__ import annotations

import bisect
import gzip
import math
import os
from typing import Optional

import regex

from newslint.lazy import once

# --- words in use: how often real English text writes a form ------------------------------

# A form that English text on the web, in subtitles, books and news writes at least this many
# orders of magnitude less often than a word one slip away may be a slip of that word; one
# written more often than that is a word of its own (slang, a brand, a term of a field:
# `lol`, `tumblr`, `cron`) that the lexicon lacks.
USAGE_GAP = 2.0


@once
def _zipf():
    """wordfreq's Zipf frequency (log10 of uses per billion words, 0 when unknown), loaded
    on first use.  A plain lower-case word is looked up in wordfreq's English list read
    directly (~0.03 s); anything else, by wordfreq itself (its import costs ~0.2 s more)."""
    table = _english_table()

    def zipf(word: str) -> float:
        if table is not None and PLAIN.fullmatch(word):
            bucket = table.bucket(word)
            return 0.0 if bucket is None else _bucket_zipf(bucket)
        return _wordfreq_zipf()(word)

    return zipf


# a word wordfreq's tokenizer leaves whole and unchanged (no digits, capitals or marks)
PLAIN = regex.compile(r"[a-z]+")


@once
def _wordfreq_zipf():
    import wordfreq  # heavy: imported only when a word is not plain

    return lambda word: wordfreq.zipf_frequency(word, "en")


class _Buckets:
    """wordfreq's English words by centibel bucket, each bucket sorted: a word is found by
    a binary search per bucket (~0.25 ms) while few are asked, as in most runs; from the
    ``INDEX_AFTER``-th word on, by a dict of all 320,000 (~0.07 s to build)."""

    INDEX_AFTER = 256

    def __init__(self, buckets: list):
        self.buckets = [(i, b) for i, b in enumerate(buckets) if b]
        self.asked: dict = {}
        self.index: Optional[dict] = None

    def bucket(self, word: str) -> Optional[int]:
        if self.index is not None:
            return self.index.get(word)
        if word in self.asked:
            return self.asked[word]
        if len(self.asked) >= self.INDEX_AFTER:
            self.index = index = {}
            for i, b in self.buckets:
                index.update(dict.fromkeys(b, i))
            return index.get(word)
        found = None
        for i, b in self.buckets:
            j = bisect.bisect_left(b, word)
            if j < len(b) and b[j] == word:
                found = i
                break
        self.asked[word] = found
        return found


def _english_table() -> Optional[_Buckets]:
    """wordfreq's large English list, read from its data file (the "cBpack" format wordfreq
    documents: gzipped msgpack, a header, then one sorted list of words per centibel below
    0); None when the file is not where wordfreq keeps it."""
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(spec.submodule_search_locations[0], "data", "large_en.msgpack.gz")
    try:
        import msgpack  # wordfreq's own dependency

        with gzip.open(path, "rb") as fh:
            pack = msgpack.unpackb(fh.read(), raw=False)
    except (OSError, ValueError, ImportError, EOFError):
        return None
    if not pack or pack[0] != {"format": "cB", "version": 1}:
        return None
    return _Buckets(pack[1:])


def _bucket_zipf(index: int) -> float:
    """The Zipf value wordfreq.zipf_frequency gives a one-token word of that bucket: its
    frequency rounded to three significant digits, then the Zipf value to two decimals."""
    freq = max(10 ** (-index / 100), 1e-9)
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)


def in_use(word: str, correction: str) -> bool:
    """Whether real English writes ``word`` too often for a slip of ``correction``."""
    zipf = _zipf()
    written = zipf(word)
    return written > 0 and written > zipf(correction) - USAGE_GAP


# A form English writes at least this often (Zipf 3: once per million words) is a word of
# its own -- slang, an abbreviation, a loanword -- whatever the lexicon says
WORD_ZIPF = 3.0
# The languages whose words turn up in English news (quotations, tweets, phrases), by
# wordfreq's lists: a clause in one of them is not English with typos
OTHER_LANGUAGES = ("es", "fr", "de", "pt", "it", "nl")


def english_zipf(word: str) -> float:
    """How often English writes ``word`` (wordfreq's Zipf scale; 0 when never)."""
    return _zipf()(word)


@once
def _other_zipf():
    """The highest Zipf frequency of a word in ``OTHER_LANGUAGES``, by their small lists
    (the words each writes at least about once per million: ~0.15 s to load, on first use)."""
    import wordfreq

    return lambda word: max(
        wordfreq.zipf_frequency(word, lang, wordlist="small") for lang in OTHER_LANGUAGES
    )


def other_language_zipf(word: str) -> float:
    """How often the language that writes ``word`` most (of ``OTHER_LANGUAGES``) writes it."""
    return _other_zipf()(word)


# Zipf points by which another language must write a word more often than English does for
# the word to be that language's
FOREIGN_LEAN = 0.5


def foreign_leaning(word: str) -> bool:
    """Another language writes ``word`` clearly more often than English does."""
    return other_language_zipf(word) > english_zipf(word) + FOREIGN_LEAN


def english_leaning(word: str) -> bool:
    """English writes ``word`` clearly more often than any of ``OTHER_LANGUAGES`` does."""
    return english_zipf(word) > other_language_zipf(word) + FOREIGN_LEAN


def loanword(word: str) -> bool:
    """English writes ``word`` (cause celebre, papier) but another language more: a word
    borrowed unaccented, not a misspelling.  The other languages' lists load only for a
    word English writes at all."""
    return english_zipf(word) > 0 and foreign_leaning(word)
