"""Normalised words: what the duplicate rules compare, within a document (NL5xx) and across
the corpus (NL6xx).

Case, quotes, punctuation and white space do not count: ``words_of`` gives a text's letters
and digits, NFKC-normalised and casefolded.  A document's words are computed once
(``doc_words``), with each line's words had in the same pass.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from itertools import chain
from typing import Optional

from newslint.document import Document
from newslint.text import NON_ASCII

# Document.memo keys: the document's words, its lines' words when had in the same pass, and
# its text folded character for character (``folded``)
WORDS = "duplicates.words"
LINE_WORDS = "duplicates.line_words"
FOLDED = "duplicates.folded"

NORM_WORD = re.compile(r"[^\W_]+")  # letters and digits (stdlib re: faster here than regex)
STOPWORDS = frozenset(
    """a an the and or but of in on at to for from by with as is are was were be been it its this that
    these those into over after before about than then so if not no how why what who when where which
    while new""".split()
)


def words_of(text: str) -> list:
    """Case-, quote-, punctuation- and whitespace-insensitive words of a text."""
    return NORM_WORD.findall(unicodedata.normalize("NFKC", text).casefold())


SEPARATOR = (
    "\x00"  # joins spans for one normalisation: no character composes with it, none becomes it
)
WORD_OR_SEPARATOR = re.compile(r"[^\W_]+|\x00")


def spans_words(text: str, spans: list) -> tuple:
    """(``words_of`` of each span, ``words_of`` of the whole text or None), in one pass.

    The text is cut at the spans' starts, and at their ends unless only white space follows
    (it has no words), and the pieces are normalised together, joined by SEPARATOR.  When
    every cut has white space on one side (no character composes across it, no word spans
    it), the pieces' words are also the whole text's.
    """
    if SEPARATOR in text:
        return [words_of(text[s:e]) for s, e in spans], None
    cuts, index, pos, size = [], [], 0, len(text)
    for k, (s, e) in enumerate(spans):
        if s < pos:
            break
        cuts.append(s)
        index.append(len(cuts))  # the span's piece: from its start to the next cut
        gap = text[e : spans[k + 1][0] if k + 1 < len(spans) else size]
        if gap and not gap.isspace():  # white space after a span has no words: no cut needed
            cuts.append(e)
        pos = e
    else:
        if all(c <= 0 or c >= size or text[c - 1].isspace() or text[c].isspace() for c in cuts):
            pieces = [text[a:b] for a, b in zip([0] + cuts, cuts + [size])]
            found = split_words(SEPARATOR.join(pieces), len(pieces))
            return [found[j] for j in index], list(chain.from_iterable(found))
    if not spans:
        return [], None
    return split_words(SEPARATOR.join([text[s:e] for s, e in spans]), len(spans)), None


@lru_cache(maxsize=4096)
def _plain(char: str) -> bool:
    """A character ``words_of`` reads as a separator, normalised or not (`£`, `”`, `…`): no
    letter, digit or mark in it, its normalised and folded forms, or its lower case."""
    forms = char + unicodedata.normalize("NFKC", char).casefold() + char.lower()
    return not any(c.isalnum() or unicodedata.category(c).startswith("M") for c in forms)


# ASCII letters folded, digits and SEPARATOR kept, every other byte a space (`?` included: what
# encoding a separator-only non-ASCII character to ASCII leaves)
ASCII_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 or c == 0 else 32
    for c in range(256)
)


# ASCII_FOLD, but SEPARATOR a space too: for a text folded whole
ASCII_FOLD_ALL = ASCII_FOLD.replace(b"\x00", b" ")


def folded(doc: Document) -> Optional[str]:
    """The document's text as ``words_of`` reads it, one character for one (ASCII letters
    folded, digits kept, every other character a space), so that a span's words are
    ``folded(doc)[start:end].split()``: computed once per Document, or None when the text
    holds a character that is not read alone (a letter or mark not ASCII, or what NFKC makes
    a letter or digit of: `é`, `½`)."""
    return doc.memo(FOLDED, lambda: _fold(doc.text))


def _fold(text: str) -> Optional[str]:
    if not (text.isascii() or all(map(_plain, set(NON_ASCII.findall(text))))):
        return None
    return text.encode("ascii", "replace").translate(ASCII_FOLD_ALL).decode("ascii")


def split_words(joined: str, count: int) -> list:
    """``words_of`` of each of the count SEPARATOR-joined pieces."""
    if joined.isascii() or all(map(_plain, set(NON_ASCII.findall(joined)))):
        # nothing to normalise, nothing to fold but ASCII letters: a byte table does it, and
        # str.split finds the words, several times faster than a regular expression
        folded = joined.encode("ascii", "replace").translate(ASCII_FOLD).decode("ascii")
        return [piece.split() for piece in folded.split(SEPARATOR, count - 1)]
    found = WORD_OR_SEPARATOR.findall(unicodedata.normalize("NFKC", joined).casefold())
    out, i = [], 0
    index = found.index
    for _ in range(count - 1):
        j = index(SEPARATOR, i)
        out.append(found[i:j])
        i = j + 1
    out.append(found[i:])
    return out


def doc_words(doc: Document) -> list:
    """The document's normalised words, computed once per Document.

    Had in one pass with each line's words (for ``span_words``): the cuts at line starts follow
    a newline, so the lines' words are the text's.
    """
    return doc.memo(WORDS, lambda: _text_and_line_words(doc))


def _text_and_line_words(doc: Document) -> list:
    text = folded(doc)
    if text is not None:
        return text.split()
    per_line, found = spans_words(doc.text, doc.lines)
    if found is None:
        return words_of(doc.text)
    doc.memo(LINE_WORDS, lambda: per_line)
    return found


def keep_doc_words(doc: Document, words: list) -> None:
    """Keep ``words``, the document's ``words_of`` had as a by-product, as its ``doc_words``
    unless they are already known."""
    doc.memo(WORDS, lambda: words)


def span_words(doc: Document, start: int, end: int, per_line: Optional[list]) -> list:
    """``words_of(doc.text[start:end])``, from the lines' words (``doc_words``) when the span
    covers whole lines but for white space."""
    if per_line is not None:
        text, lines, line_index = doc.text, doc.lines, doc.line_index
        first, last = line_index(start), line_index(end)
        before, after = text[lines[first][0] : start], text[end : lines[last][1]]
        if (not before or before.isspace()) and (not after or after.isspace()):
            if first == last:
                return list(per_line[first])
            return list(chain.from_iterable(per_line[first : last + 1]))
    return words_of(doc.text[start:end])


def digest(words: list) -> int:
    """A stable unsigned 64-bit hash of a word sequence."""
    return int.from_bytes(
        hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest(), "little"
    )


def stems(words: list) -> set:
    """Content words cut to five letters: `complexities` ~ `complex`, `troops` ~ `troop`."""
    return {w[:5] for w in words if w not in STOPWORDS}


def shingles(words: list, n: int) -> set:
    if len(words) < n:
        return {tuple(words)} if words else set()
    if n == 2:
        return set(zip(words, words[1:]))  # the n-grams, built in C
    if n < 1:
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    return set(zip(*[words[k:] for k in range(n)]))


def containment(a: set, b: set) -> float:
    """How much of the smaller set the larger holds."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
