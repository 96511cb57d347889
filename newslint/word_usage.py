"""How often real English (and the languages whose words turn up in English news) writes a
word form, by wordfreq's lists: a word the lexicon lacks may still be one English writes
(slang, a brand, a term of a field), or another language's.

The lists are read from wordfreq's own data files (~0.03 s for English) and asked as wordfreq
asks them (``zipf``: its tokenizer, imported only for a word that is not plain lower case),
not through wordfreq's dicts of them: those held its English list's 320,000 words and the
other languages' 200,000 as Python strings and floats, ~70 MB in every process of a pool
(issue 19), where a marisa-trie of each takes about a megabyte (``_Table``)."""

from __future__ import annotations

import bisect
import gzip
import math
import os
from typing import Optional

import marisa_trie
import regex

from newslint.lazy import once

# --- wordfreq's lists ---------------------------------------------------------------------


class _Table:
    """One of wordfreq's lists: word -> its bucket (centibels below a frequency of 1).  While
    few words are asked, as in most runs, by a binary search per bucket of the lists as read
    (~0.25 ms a word); from the ``INDEX_AFTER``-th word on, or once ``index`` is called (a
    pool's parent, before it forks), by a marisa BytesTrie of them all (~0.25 s to build for
    English, 1 MB), and the lists (20 MB of strings) are dropped."""

    INDEX_AFTER = 256

    def __init__(self, buckets: list):
        self.buckets = [(i, b) for i, b in enumerate(buckets) if b]
        self.asked: dict = {}
        self.trie: Optional[marisa_trie.BytesTrie] = None

    def bucket(self, word: str) -> Optional[int]:
        if self.trie is not None:
            found = self.trie.get(word)
            return int.from_bytes(found[0], "little") if found else None
        if word in self.asked:
            return self.asked[word]
        if len(self.asked) >= self.INDEX_AFTER:
            self.index()
            return self.bucket(word)
        found = None
        for i, b in self.buckets:
            j = bisect.bisect_left(b, word)
            if j < len(b) and b[j] == word:
                found = i
                break
        self.asked[word] = found
        return found

    def index(self) -> None:
        """Every word in the trie (a word is in one bucket only), the lists dropped."""
        if self.trie is None:
            pairs = ((w, i.to_bytes(2, "little")) for i, b in self.buckets for w in b)
            self.trie = marisa_trie.BytesTrie(pairs)
            self.buckets, self.asked = [], {}


_TABLES: dict = {}  # list name -> its _Table, or None when wordfreq's file is not found


def _table(name: str) -> Optional[_Table]:
    """wordfreq's list ``name`` ("large_en", "small_fr"), read from its data file (the
    "cBpack" format wordfreq documents: gzipped msgpack, a header, then one sorted list of
    words per centibel below 0) on first use; None when the file is not where wordfreq keeps
    it (wordfreq is then asked itself)."""
    if name not in _TABLES:
        _TABLES[name] = _read(name)
    return _TABLES[name]


def _read(name: str) -> Optional[_Table]:
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(spec.submodule_search_locations[0], "data", f"{name}.msgpack.gz")
    try:
        import msgpack  # wordfreq's own dependency

        with gzip.open(path, "rb") as fh:
            pack = msgpack.unpackb(fh.read(), raw=False)
    except (OSError, ValueError, ImportError, EOFError):
        return None
    if not pack or pack[0] != {"format": "cB", "version": 1}:
        return None
    return _Table(pack[1:])


# a word wordfreq's tokenizer leaves whole and unchanged (no digits, capitals or marks)
PLAIN = regex.compile(r"[a-z]+")
LEAST = 1e-9  # zipf_frequency's floor (Zipf 0: wordfreq.zipf_to_freq(0)), a word never written


def zipf(word: str, lang: str, wordlist: str) -> float:
    """``wordfreq.zipf_frequency(word, lang, wordlist)``, from ``_Table``: the word split into
    tokens as wordfreq splits it (a plain word is one token), each token's frequency from
    its bucket, combined as wordfreq combines them (1/f = 1/f1 + 1/f2 ...: the rarest
    dominates), and rounded as wordfreq rounds.  (wordfreq divides further for a language
    it segments with jieba, Chinese; none of those asked here.)"""
    table = _table(f"{wordlist}_{lang}")
    if table is None:
        return _wordfreq().zipf_frequency(word, lang, wordlist=wordlist)
    if PLAIN.fullmatch(word):
        return round(math.log(_frequency((word,), table), 10) + 9, 2)
    return round(math.log(_frequency(_tokenizer()(word, lang), table, *_numbers()), 10) + 9, 2)


def _frequency(tokens, table: _Table, smash=None, digits=None) -> float:
    """wordfreq's ``word_frequency`` of a word split into ``tokens``, at least ``LEAST``:
    ``smash`` writes a token's digits as zeros, as the lists do, and ``digits`` gives the
    odds of its own digits (wordfreq.numbers; None: a plain word has no digits)."""
    if not tokens:
        return LEAST
    one_over_result = 0.0
    for token in tokens:
        smashed = smash(token) if smash else token
        bucket = table.bucket(smashed)
        if bucket is None:  # a token the list lacks: the word is as good as never written
            return LEAST
        freq = 10 ** (-bucket / 100)
        if smashed != token:
            freq *= digits(token)
        one_over_result += 1.0 / freq
    freq = max(1.0 / one_over_result, LEAST)
    return round(freq, math.floor(-math.log(freq, 10)) + 3)  # three significant digits


@once
def _wordfreq():
    import wordfreq  # heavy: only where its data files are not found

    return wordfreq


@once
def _tokenizer():
    from wordfreq.tokens import lossy_tokenize  # imports wordfreq (~0.2 s): not plain words

    return lossy_tokenize


@once
def _numbers() -> tuple:
    from wordfreq.numbers import digit_freq, smash_numbers

    return smash_numbers, digit_freq


def prepare() -> None:
    """What a large run asks of wordfreq, loaded now: its tokenizer and every list, each
    indexed in its trie (a pool's parent, before it forks its workers: ~0.4 s)."""
    _tokenizer(), _numbers()
    for name in ("large_en", *(f"small_{lang}" for lang in OTHER_LANGUAGES)):
        table = _table(name)
        if table is not None:
            table.index()


# --- words in use: how often real English text writes a form ------------------------------

# A form that English text on the web, in subtitles, books and news writes at least this many
# orders of magnitude less often than a word one slip away may be a slip of that word; one
# written more often than that is a word of its own (slang, a brand, a term of a field:
# `lol`, `tumblr`, `cron`) that the lexicon lacks.
USAGE_GAP = 2.0


def in_use(word: str, correction: str) -> bool:
    """Whether real English writes ``word`` too often for a slip of ``correction``."""
    written = english_zipf(word)
    return written > 0 and written > english_zipf(correction) - USAGE_GAP


# A form English writes at least this often (Zipf 3: once per million words) is a word of
# its own -- slang, an abbreviation, a loanword -- whatever the lexicon says
WORD_ZIPF = 3.0
# The languages whose words turn up in English news (quotations, tweets, phrases), by
# wordfreq's lists: a clause in one of them is not English with typos
OTHER_LANGUAGES = ("es", "fr", "de", "pt", "it", "nl")


def english_zipf(word: str) -> float:
    """How often English writes ``word`` (wordfreq's Zipf scale; 0 when never): its large
    list, wordfreq's best for English."""
    return zipf(word, "en", "large")


def other_language_zipf(word: str) -> float:
    """How often the language that writes ``word`` most (of ``OTHER_LANGUAGES``) writes it,
    by their small lists (the words each writes at least about once per million)."""
    return max(zipf(word, lang, "small") for lang in OTHER_LANGUAGES)


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
