"""The shipped word lists as newslint reads them: marisa-tries mapped from their files
(``newslint/data/*.marisa``, written by scripts/build_lexicon.py), whose pages every process
of a pool shares and none copies (no reference counts are written to them), asked word by
word or a document's words at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Optional

import marisa_trie

COUNT_FORMAT = "<I"  # a count in the RecordTrie: little-endian 32-bit (the largest: 76 million)


class WordList:
    """A word list asked word by word (``in``) or a document's words at once
    (``lacking_lower``): a marisa-trie, or any set of words.  What the trie said of a document's words is kept per
    process (up to ``KEEP`` words), so that a document's known words cost one set difference
    as they did when the list was a set; a word asked alone (one in a few hundred) costs a
    trie lookup (~0.3 us, a set's ~0.05)."""

    KEEP = 100_000

    def __init__(self, words):
        self.listed = words  # a marisa_trie.Trie, or a set (tests, scripts): ``in``, iteration
        self._known: set = set()  # words of documents found in the list
        self._lacked: set = set()  # ... and not found

    @classmethod
    def read(cls, path: str) -> WordList:
        trie = marisa_trie.Trie()
        trie.mmap(path)  # read only where asked; the pages are shared by every worker
        return cls(trie)

    def __contains__(self, word: str) -> bool:
        return word in self.listed

    def __iter__(self) -> Iterator[str]:
        return iter(self.listed)

    def __len__(self) -> int:
        return len(self.listed)

    def lacking_lower(self, words: Iterable[str]) -> set:
        """The lower-case words (``str.islower``) of ``words`` the list lacks, as a new set:
        ``{w for w in words if w.islower() and w not in list}`` (the lexicon's list holds lower
        case forms; a capitalised word is asked in lower case where it matters)."""
        # C loops for the words seen before (set differences, a filter); the trie for the others
        words = words if isinstance(words, (set, frozenset)) else set(words)
        rest = set(filter(str.islower, words - self._known))
        new = rest - self._lacked
        if new:
            listed = self.listed
            found = [w for w in new if w in listed]
            if found:
                if len(self._known) > self.KEEP:
                    self._known.clear()
                self._known.update(found)
                rest.difference_update(found)
                new.difference_update(found)
            if len(self._lacked) > self.KEEP:
                self._lacked.clear()
            self._lacked.update(new)
        return rest

    def starts(self, prefix: str) -> bool:
        """Some word of the list starts with ``prefix`` (or is it)."""
        if isinstance(self.listed, marisa_trie.Trie):
            return next(self.listed.iterkeys(prefix), None) is not None
        return any(w.startswith(prefix) for w in self.listed)


class _Mapped:
    """Word -> a value, a marisa trie mapped from its file (read only where asked; its pages
    shared by every worker, never copied): the word counts and the misspelling list."""

    def __init__(self, trie):
        self.trie = trie

    @staticmethod
    def _empty():
        """The subclass's kind of trie, empty, to map a file into."""
        raise NotImplementedError

    @classmethod
    def read(cls, path: str):
        trie = cls._empty()
        trie.mmap(path)
        return cls(trie)

    def __contains__(self, word: str) -> bool:
        return word in self.trie

    def __len__(self) -> int:
        return len(self.trie)


class Counts(_Mapped):
    """Lower-case form -> how often pyspellchecker counts it: a RecordTrie."""

    @staticmethod
    def _empty() -> marisa_trie.RecordTrie:
        return marisa_trie.RecordTrie(COUNT_FORMAT)

    @classmethod
    def of(cls, counts: dict) -> Counts:
        """From a dict of word -> count (an int or a decimal string: tests, scripts)."""
        return cls(
            marisa_trie.RecordTrie(COUNT_FORMAT, [(w, (int(c),)) for w, c in counts.items()])
        )

    def get(self, word: str) -> Optional[int]:
        found = self.trie.get(word)
        return found[0][0] if found else None

    def items(self) -> Iterator[tuple]:
        """(word, count) pairs, in the trie's order."""
        return ((w, c) for w, (c,) in self.trie.iteritems())


class Entries(_Mapped):
    """Word -> its entry, a line of text (the misspelling list: typo -> "[!]correction,..."):
    a BytesTrie."""

    @staticmethod
    def _empty() -> marisa_trie.BytesTrie:
        return marisa_trie.BytesTrie()

    @classmethod
    def of(cls, entries: dict) -> Entries:
        """From a dict of word -> entry (scripts/build_lexicon.py, tests)."""
        return cls(marisa_trie.BytesTrie((w, e.encode("utf-8")) for w, e in entries.items()))

    def get(self, word: str) -> Optional[str]:
        found = self.trie.get(word)
        return found[0].decode("utf-8") if found else None

    def items(self) -> Iterator[tuple]:
        """(word, entry) pairs, in the trie's order."""
        return ((w, e.decode("utf-8")) for w, e in self.trie.iteritems())


WILDCARD = "?"  # a letter any of the ones listed fills: no counted word holds it


class Fills(_Mapped):
    """A word with one letter as ``?`` -> the letters that fill it to a counted word
    (``pl?n`` -> "ae": plan, plen): a BytesTrie of the counts' words, each once per letter.
    The words one letter from a word are then ~2n lookups (its letters in turn as ``?``, and
    ``?`` put between them), where asking the counts for each of its ~50 n one-edit strings
    took eight times as long (a mapped 5 MB file: a Python set of the words took 8 MB in
    every process)."""

    @staticmethod
    def _empty() -> marisa_trie.BytesTrie:
        return marisa_trie.BytesTrie()

    @classmethod
    def of(cls, words: Iterable[str], letters: str) -> Fills:
        """From the counted words, of the ``letters`` an edit may put in (scripts/build_lexicon.py,
        a lexicon of plain sets)."""
        filled: dict = {}
        for word in words:
            for i, letter in enumerate(word):
                if letter in letters:
                    key = word[:i] + WILDCARD + word[i + 1 :]
                    filled[key] = filled.get(key, "") + letter
        return cls(
            marisa_trie.BytesTrie(
                (key, "".join(sorted(found)).encode("ascii")) for key, found in filled.items()
            )
        )

    def get(self, pattern: str) -> str:
        """The letters that fill ``pattern``'s ``?`` to a counted word ("" if none)."""
        found = self.trie.get(pattern)
        return found[0].decode("ascii") if found else ""
