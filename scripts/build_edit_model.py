#!/usr/bin/env python3
"""Write ``newslint/data/edit-counts.txt.gz``: how often each single edit (a letter for a
letter, one added or left out, two switched) turns a word into its misspelling in the shipped
misspelling list (``newslint/data/misspellings-en.txt.gz``: crate-ci/typos, MIT, curated for
prose by ``build_lexicon.py``), and how often the words meant write each letter and pair of
letters -- the counts of ``newslint.checks.spelling.channel``'s error model.

    python scripts/build_edit_model.py            # or: ... OUTPUT (another file, for tests)

Two passes, as Kernighan, Church and Gale counted theirs: the entries one edit from their
single correction first, whose edit is plain; then every entry at most two edits away
(Damerau), its edits taken from the likeliest alignment under the first pass's counts.
Entries with several corrections or a space are left out (which one was meant is not known).
"""

from __future__ import annotations

import gzip
import os
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from newslint.checks.spelling.channel import (  # noqa: E402
    EDIT_COUNTS_FILE,
    LETTERS,
    EditModel,
    align,
    beside,
    differing,
    place,
)
from newslint.lexicon import pairs, read_data  # noqa: E402

MISSPELLINGS = os.path.join(ROOT, "newslint", "data", "misspellings-en.txt.gz")
MAX_EDITS = 2  # further misspellings are rewritten words, not edits of them


def entries() -> list:
    """(typo, correction) for the list's entries with one correction of letters a-z."""
    out = []
    for typo, entry in pairs(read_data(MISSPELLINGS)).items():
        correction = entry.lstrip("!")
        if "," not in correction and set(typo + correction) <= set(LETTERS):
            out.append((typo, correction))
    return out


def single_edit(typo: str, word: str):
    """The one edit that turns ``word`` into ``typo``, as ``align`` traces it, or None."""
    start, t_end, w_end = differing(typo, word)
    t, w = typo[start:t_end], word[start:w_end]
    last = len(word) - 1
    if len(t) == 1 and len(w) == 1:
        return ("sub", t, w, place(start, last))
    if len(t) == 1 and not w:
        return ("ins", beside(typo, start), t, place(start, last + 1))
    if not t and len(w) == 1:
        return ("del", beside(word, start), w, place(start, last))
    if len(t) == 2 and t == w[::-1]:
        return ("rev", w[0], w[1], place(start, last - 1))
    return None


def letter_counts(words: list) -> Counter:
    """("uni", "-", y) and ("bi", x, y) counts of the words, "^" before each; and ("slots",
    kind, place): the places each kind of edit may take in them (a letter for sub and del,
    a gap for ins, a pair for rev)."""
    counts: Counter = Counter()
    for w in words:
        s = "^" + w
        counts["uni", "-", "^"] += 1
        for i in range(1, len(s)):
            counts["uni", "-", s[i]] += 1
            counts["bi", s[i - 1], s[i]] += 1
        n = len(w)
        for kind, size in (("sub", n), ("del", n), ("ins", n + 1), ("rev", n - 1)):
            for k in range(size):
                counts["slots", kind, place(k, size - 1)] += 1
    return counts


def model_of(edits: Counter, letters: Counter) -> EditModel:
    """The model of ``edits`` ((kind, x, y, place) -> count), the list's estimates alone."""
    unigrams = {y: n for (kind, _, y), n in letters.items() if kind == "uni"}
    bigrams = {x + y: n for (kind, x, y), n in letters.items() if kind == "bi"}
    slots = {(x, y): n for (kind, x, y), n in letters.items() if kind == "slots"}
    counts, places = summed(edits)
    return EditModel(counts, unigrams, bigrams, places, slots, slips=0.0)


def summed(edits: Counter) -> tuple:
    """((kind, x, y) -> count, (kind, place) -> count) of (kind, x, y, place) counts."""
    counts: Counter = Counter()
    places: Counter = Counter()
    for (kind, x, y, where), n in edits.items():
        counts[kind, x, y] += n
        places[kind, where] += n
    return dict(counts), dict(places)


def main(output: str = EDIT_COUNTS_FILE) -> None:
    from rapidfuzz.distance import OSA

    listed = entries()
    letters = letter_counts([w for _, w in listed])
    first: Counter = Counter()
    for typo, word in listed:
        op = single_edit(typo, word)
        if op:
            first[op] += 1
    model = model_of(first, letters)
    edits: Counter = Counter()
    used = 0
    for typo, word in listed:
        if OSA.distance(typo, word) <= MAX_EDITS:
            used += 1
            for op in align(typo, word, model, trace=True)[1]:
                edits[op] += 1
    counts, places = summed(edits)
    rows = {**counts, **{("place", k, str(c)): n for (k, c), n in places.items()}}
    rows.update({(k, x, str(y)): n for (k, x, y), n in letters.items()})
    lines = [f"{k} {x} {y} {n}" for (k, x, y), n in sorted(rows.items())]
    with gzip.GzipFile(output, "wb", compresslevel=9, mtime=0) as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(
        f"{output}: {len(lines)} lines; {sum(first.values())} one-edit entries, "
        f"{used} of {len(listed)} counted",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main(*sys.argv[1:2])
