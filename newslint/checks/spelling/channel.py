"""The error model that ranks a misspelling's candidates: how likely a writer who meant
``word`` is to have typed ``typo`` (Kernighan, Church and Gale 1990, "A spelling correction
program based on a noisy channel model").

A candidate's score is log10 of its count (how often the word is written) plus log10 of
this probability; the best explanation of the typo, a letter for a letter, one added or
left out, two switched, is found by a small dynamic program over the part of the two words
that differs (the rest matches).  The probability of each edit is counted from the shipped
misspelling list (``data/misspellings-en.txt.gz``, crate-ci/typos curated for prose) by
``scripts/build_edit_model.py`` into ``data/edit-counts.txt.gz``:

* ``sub x y``: typed x for y (e for a: seperate), out of the y in the words meant;
* ``ins x y``: typed an extra y after x, out of the x (a letter typed twice counts after
  itself: untill is ``ins l l``);
* ``del x y``: left out y after x, out of the pairs xy (goverment: ``del r n``; a double
  made single counts after itself: ocasion is ``del c c``);
* ``rev x y``: typed yx for xy (recieve), out of the pairs xy;

where "^" stands before a word's first letter.  Each is weighed by its place in the word,
start, middle or end (Brill and Moore 2000: a first letter is seldom misspelt).  An edit
the list never shows gets one count (add-one smoothing), and every estimate is mixed half
and half with its kind's rate over all letters (``SLIP_SHARE``); a character outside a-z
gets the lowest probability of its kind.  A candidate that sounds like the typo (Metaphone)
gains ``SOUND_ALIKE``.
"""

from __future__ import annotations

import math
import os

from newslint.lazy import once
from newslint.lexicon import DATA, read_data

EDIT_COUNTS_FILE = os.path.join(DATA, "edit-counts.txt.gz")
ALPHABET = "^abcdefghijklmnopqrstuvwxyz"  # "^": before the first letter
LETTERS = ALPHABET[1:]
KINDS = ("sub", "ins", "del", "rev")
SMOOTHING = 1.0  # the count an edit the list never shows is given (add-one)
# A list of misspellings holds the errors people make again and again (seperate, untill);
# a one-off slip of the finger rarely repeats, so rarely gets listed, and may hit any letter.
# An edit's probability is therefore half the list's estimate and half its kind's rate spread
# evenly over the letters (any letter for any letter, any letter added or left out): no
# preference between the two kinds of error.
SLIP_SHARE = 0.5
# A misspelling that sounds like a word (the same Metaphone key) is this much likelier
# (log10) to be that word's: the weight that ranks the list's own misspellings best when a
# tenth of them is held out and the model counted from the rest (four tenths tried in turn;
# 0.5-1.0 rank alike)
SOUND_ALIKE = 0.75
# ... in a word of five letters or more: a shorter one shares its key, one or two sounds,
# with too many words (tha, the, thy, thou: "0"), as it is two edits from too many
SOUND_MIN_LENGTH = 5


START, MIDDLE, END = 0, 1, 2  # where in the word meant an edit falls


def place(k: int, last: int) -> int:
    """START, MIDDLE or END for the ``k``-th of the places ``0..last`` an edit may take (a
    letter, a gap between letters, a pair)."""
    return START if k == 0 else END if k == last else MIDDLE


class EditModel:
    """log10 probabilities of single edits by kind, (x, y, place) -> log10 p; ``floor`` per
    kind for characters outside the alphabet (an apostrophe, an accent).

    People seldom misspell a word's first letter, and its last less often than the letters
    between (in the shipped list, 3-30 and 1.2-3 times; Brill and Moore 2000 condition every
    edit on its place: start, middle, end): the list's estimate of an edit
    is weighed by how much likelier its kind is at its place than anywhere (``places``:
    (kind, place) -> the edits counted there; ``slots``: the places the words meant offer)."""

    __slots__ = ("logp", "floor", "best")

    def __init__(
        self,
        counts: dict,
        unigrams: dict,
        bigrams: dict,
        places: dict,
        slots: dict,
        slips: float = SLIP_SHARE,
    ):
        self.logp: dict = {}
        self.floor: dict = {}
        v = len(LETTERS)
        for kind in KINDS:
            table = {}
            raw = {}
            for x in ALPHABET:
                for y in LETTERS:
                    if kind in ("sub", "rev") and x in ("^", y):
                        continue  # no letter stands before "^"; a letter for itself is no edit
                    if kind == "sub":
                        whole = unigrams.get(y, 0)  # the y meant
                    elif kind == "ins":
                        whole = unigrams.get(x, 0)  # the x after which y was typed
                    else:
                        whole = bigrams.get(x + y, 0)  # the pair xy meant
                    n = counts.get((kind, x, y), 0)
                    raw[x, y] = (n, whole)
            rate = sum(n for n, _ in raw.values()) / sum(w for _, w in raw.values())
            anywhere = sum(places.get((kind, c), 0) for c in (START, MIDDLE, END)) / max(
                1, sum(slots.get((kind, c), 0) for c in (START, MIDDLE, END))
            )
            for c in (START, MIDDLE, END):
                here = (places.get((kind, c), 0) + 1) / (slots.get((kind, c), 0) + 1)
                weight = here / anywhere if anywhere else 1.0
                for (x, y), (n, whole) in raw.items():
                    p = (n + SMOOTHING) / (whole + SMOOTHING * v)
                    table[x, y, c] = math.log10((1 - slips) * p * weight + slips * rate)
            self.logp[kind] = table
            self.floor[kind] = min(table.values())
        self.best = max(max(t.values()) for t in self.logp.values())

    def edit(self, kind: str, x: str, y: str, where: int) -> float:
        p = self.logp[kind].get((x, y, where))
        return self.floor[kind] if p is None else p

    @classmethod
    def read(cls, text: str) -> EditModel:
        """From the data file's lines: ``kind x y count``; kinds ``uni`` (y alone) and ``bi``
        (the pair xy) give how often the words meant write them, ``place`` and ``slots``
        (kind, place) the edits at each place and the places the words offer."""
        counts, unigrams, bigrams, places, slots = {}, {}, {}, {}, {}
        for line in text.splitlines():
            kind, x, y, n = line.split()
            if kind == "uni":
                unigrams[y] = int(n)
            elif kind == "bi":
                bigrams[x + y] = int(n)
            elif kind == "place":
                places[x, int(y)] = int(n)
            elif kind == "slots":
                slots[x, int(y)] = int(n)
            else:
                counts[kind, x, y] = int(n)
        return cls(counts, unigrams, bigrams, places, slots)


@once
def get_edit_model() -> EditModel:
    """The model, read on first use (~2,200 lines, ~15 ms)."""
    return EditModel.read(read_data(EDIT_COUNTS_FILE))


def differing(typo: str, word: str) -> tuple:
    """Where ``typo`` and ``word`` differ: (start, typo's end, word's end), the common
    beginning and ending matched first (untill, until -> 5, 6, 5)."""
    n = min(len(typo), len(word))
    i = 0
    while i < n and typo[i] == word[i]:
        i += 1
    j = 0
    while j < n - i and typo[-1 - j] == word[-1 - j]:
        j += 1
    return i, len(typo) - j, len(word) - j


def beside(s: str, k: int) -> str:
    """The letter an edit of ``s[k]`` (one added or left out) is counted after: the letter
    itself where a neighbour is the same (a double: untill, goverment -> "l", "m"), else the
    one before ("^" at the start)."""
    c = s[k]
    if (k and s[k - 1] == c) or s[k + 1 : k + 2] == c:
        return c
    return s[k - 1] if k else "^"


def align(typo: str, word: str, model: EditModel, trace: bool = False):
    """The likeliest edits that turn ``word`` into ``typo``: log10 of their probability, and
    with ``trace`` the edits as (kind, x, y, place) (for counting them)."""
    start, t_end, w_end = differing(typo, word)
    edit = model.edit
    last = len(word) - 1
    rows, cols = t_end - start + 1, w_end - start + 1
    # best[i][j]: (log10 p, back-pointer) of typo[start:start + i] typed for word's
    best = [[(-math.inf, None)] * cols for _ in range(rows)]
    best[0][0] = (0.0, None)
    for i in range(rows):
        ti = start + i - 1  # typo[ti] is the last letter of row i
        for j in range(cols):
            if i == 0 and j == 0:
                continue
            wj = start + j - 1
            options = []
            if i and j:
                a, b = typo[ti], word[wj]
                if a == b:
                    options.append((best[i - 1][j - 1][0], (i - 1, j - 1, None)))
                else:
                    op = ("sub", a, b, place(wj, last))
                    options.append((best[i - 1][j - 1][0] + edit(*op), (i - 1, j - 1, op)))
                    if i > 1 and j > 1 and a == word[wj - 1] and typo[ti - 1] == b:
                        op = ("rev", a, b, place(wj - 1, last - 1))  # ab meant, ba typed
                        options.append((best[i - 2][j - 2][0] + edit(*op), (i - 2, j - 2, op)))
            if i:  # the writer added typo[ti], in the gap before word[wj + 1]
                op = ("ins", beside(typo, ti), typo[ti], place(wj + 1, last + 1))
                options.append((best[i - 1][j][0] + edit(*op), (i - 1, j, op)))
            if j:  # the writer left out word[wj]
                op = ("del", beside(word, wj), word[wj], place(wj, last))
                options.append((best[i][j - 1][0] + edit(*op), (i, j - 1, op)))
            best[i][j] = max(options, key=lambda o: o[0])
    score = best[-1][-1][0]
    if not trace:
        return score
    ops, cell = [], best[-1][-1][1]
    while cell is not None:
        i, j, op = cell
        if op:
            ops.append(op)
        cell = best[i][j][1]
    return score, ops[::-1]


def reweigh(typo: str, candidates) -> tuple:
    """The candidates (word, count, score, edit, strong) scored by the error model, best
    first: log10 of the count plus log10 of the channel, and ``SOUND_ALIKE`` more for a word
    that sounds like a typo of ``SOUND_MIN_LENGTH`` letters or more (the same Metaphone key:
    the writer spelt it by ear).  A lost apostrophe and a derivation against the spelling
    rules (don't, racing) are not edits of letters the list counts: they are taken as likely
    as the likeliest edit."""
    model = get_edit_model()
    key = None
    if len(typo) >= SOUND_MIN_LENGTH:
        import jellyfish  # Rust; imported only when a long word has candidates

        key = jellyfish.metaphone(typo)
    out = []
    for c in candidates:
        likely = model.best if c[3] in ("apostrophe", "rule") else align(typo, c[0], model)
        if key is not None and jellyfish.metaphone(c[0]) == key:
            likely += SOUND_ALIKE
        out.append((c[0], c[1], math.log10(c[1]) + likely, c[3], c[4]))
    out.sort(key=lambda c: (-c[2], c[0]))
    return tuple(out)
