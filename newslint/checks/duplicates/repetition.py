"""NL506: the Gopher repetition statistics of a document (opinionated, off by default)."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from itertools import compress, count
from typing import Optional

from newslint.checks.duplicates.analysis import DuplicateRule
from newslint.checks.duplicates.words import doc_words, words_of
from newslint.document import Document
from newslint.rule import Violation


class RepetitionStatistics(DuplicateRule):
    """Gopher-style repetition statistics over a threshold: a document made of repeated text.

    The measures of the Gopher quality filter (Rae et al. 2021): the fraction of characters
    in duplicated lines and paragraphs, in the most frequent 2-, 3- and 4-gram, and in
    duplicated 5- to 10-grams.  The worst measure relative to its threshold is reported once,
    at line 1, with its value: useful to rank documents, opinionated, so off by default.
    Documents under `min-words` words are skipped.
    """

    code, name = "NL506", "repetition-statistics"
    default_enabled = False
    options = {
        "min-words": 50,
        "duplicate-line-chars": 0.20,
        "duplicate-paragraph-chars": 0.20,
        "top-ngram-chars": [0.20, 0.18, 0.16],
        "duplicate-ngram-chars": [0.15, 0.14, 0.13, 0.12, 0.11, 0.10],
    }
    bad = [
        "⟦B⟧uy now and save big today on every item in the store. " * 12,
    ]
    good = [
        "The council met on Monday to discuss the new budget, which includes funding for schools, "
        "roads and a library. Residents asked questions about parking near the market, and the mayor "
        "promised a review before the summer. Opposition members said the plan ignored the villages "
        "to the north, where bus services were cut last year and shops have closed. A vote is due "
        "next month after a public consultation that closes on Friday.\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        measures = repetition_measures(doc.text, doc_words(doc))
        if measures is None or measures["words"] < self.settings["min-words"]:
            return
        limits = [
            (
                "duplicate-line-chars",
                "characters in duplicated lines",
                measures["lines"],
                self.settings["duplicate-line-chars"],
            ),
            (
                "duplicate-paragraph-chars",
                "characters in duplicated paragraphs",
                measures["paragraphs"],
                self.settings["duplicate-paragraph-chars"],
            ),
        ]
        for n, limit in zip((2, 3, 4), self.settings["top-ngram-chars"]):
            limits.append(
                ("", f"characters in the most frequent {n}-gram", measures["top"][n], limit)
            )
        for n, limit in zip(range(5, 11), self.settings["duplicate-ngram-chars"]):
            limits.append(("", f"characters in duplicated {n}-grams", measures["dup"][n], limit))
        worst = max(limits, key=lambda x: x[2] / x[3] if x[3] else 0)
        if worst[3] and worst[2] > worst[3]:
            yield self.violation(
                0, 0, f"repetition: {worst[2]:.0%} of {worst[1]} (threshold {worst[3]:.0%})"
            )


def most_frequent(counts: Counter) -> tuple:
    """(item, count) of ``counts.most_common(1)``, the first of equals, or ((), 0) when empty:
    the largest count is found in C, then its first item, without sorting or a key function."""
    if not counts:
        return (), 0
    c = max(counts.values())
    return next(compress(counts, map(c.__eq__, counts.values()))), c


def repetition_measures(text: str, words: Optional[list] = None) -> Optional[dict]:
    """The Gopher repetition measures of a text (``words``: its ``words_of``, when known).

    An n-gram occurring more than once has a prefix (n-1)-gram occurring more than once, so
    the n-grams are counted only at the positions where the (n-1)-gram is repeated: after
    the bigrams, the work is proportional to the repeated text, not to the document.
    """
    if words is None:
        words = words_of(text)
    if not words:
        return None
    lens = list(map(len, words))
    total = sum(lens)
    size = len(words)

    def dup_chars(items: list) -> float:
        counts = Counter(filter(None, map(str.strip, items)))
        dup = sum(
            len(x) * (c - 1) for x, c in counts.items() if c > 1
        )  # every copy after the first
        whole = sum(len(x) * c for x, c in counts.items())
        return dup / whole if whole else 0.0

    top, dup = {}, {}
    pairs = list(zip(words, words[1:]))
    grams = Counter(pairs)
    g, c = most_frequent(grams)
    top[2] = (sum(len(w) for w in g) * c / total) if c > 1 else 0.0
    starts = list(compress(count(), map((1).__lt__, map(grams.__getitem__, pairs))))
    for n in range(3, 11):
        starts = starts[: bisect_right(starts, size - n)]  # increasing: the n-grams that fit
        if not starts:  # no repeated (n-1)-gram, so no repeated longer one: the rest are 0
            top.update(dict.fromkeys(range(n, 5), 0.0))
            dup.update(dict.fromkeys(range(max(n, 5), 11), 0.0))
            break
        ngrams = [tuple(words[i : i + n]) for i in starts]
        counts = Counter(ngrams)  # in first-occurrence order, as over every position
        if n <= 4:  # any repeated n-gram is counted here, so the first of equals is found
            g, c = most_frequent(counts)
            top[n] = (sum(len(w) for w in g) * c / total) if c > 1 else 0.0
        starts = list(compress(starts, map((1).__lt__, map(counts.__getitem__, ngrams))))
        if n >= 5:
            covered, run_start, run_end = 0, 0, 0
            for i in starts:  # increasing: merge the windows [i, i + n)
                if i > run_end:
                    covered += sum(lens[run_start:run_end])
                    run_start = i
                run_end = i + n
            covered += sum(lens[run_start:run_end])
            dup[n] = covered / total
    return {
        "words": size,
        "lines": dup_chars(text.split("\n")),
        "paragraphs": dup_chars(text.split("\n\n")),
        "top": top,
        "dup": dup,
    }
