"""Candidates two edits away (three for long words) for NL102, and the speller's errors that
admit them: the misspellings real people make are often further than one slip from the
word (gobernement, acommadate, nonchantly).  Their order among all candidates is the error
model's (``channel``); the score here decides which are worth weighing.

The common words (pyspellchecker's counts, at least ``TWO_EDIT_MIN_COUNT``: ~47,000) are
indexed by first and last letter and length, and by Metaphone key per first letter, in a
trie written at package build time and mapped on first use (``Index``).  An unknown
lower-case word of five letters or more is compared, by rapidfuzz's C++ Damerau distance,
with the words of its ends and a length within two of its own, and those that sound like it
(~0.2 ms).  A candidate must keep the word's shape (its first and last letters or its
sound, its plural or -ing) and look like a speller's error: vowels confused, a double
letter single or a single doubled, sound-alike consonants, neighbouring keys, letters
switched; or be an everyday word that sounds the same (spelt by ear: simpul), or a word so
common that two edits from it are likely anyway.
"""

from __future__ import annotations

import math
import os

import marisa_trie

from newslint.lazy import LazyPattern, once
from newslint.lexicon import DATA, EVERYDAY_COUNT, VOWELS, adjacent_keys, get_lexicon
from newslint.word_lists import Entries

TWO_EDIT_TRIE = os.path.join(DATA, "lexicon-two-edit.marisa")  # the index, ``index_trie``

TRIPLE = LazyPattern(r"(.)\1\1")
TWO_EDIT_MIN_LENGTH = 5  # shorter words are two edits from too many words
THREE_EDIT_MIN_LENGTH = 9  # long words may be misspelt three edits away (same sound) ...
EVERYDAY_THREE_EDIT_MIN_LENGTH = 7  # ... and shorter ones from an everyday word (desishun)
TWO_EDIT_MIN_COUNT = 100  # the words people misspell are words they use
# How plausible a two-edit misspelling is, added to log10(frequency) as EDIT_BONUS is: less
# than any one-edit slip, more for the errors people make in spelling (not typing) a word.
TWO_EDIT_BONUS = -3.0
OPERATION_BONUS = {
    "vowel": 1.0,
    "double": 1.0,
    "sound": 0.75,
    "key": 0.25,
    "swap": 1.0,
    "syllable": 1.0,
}
SOUND_ALIKE = frozenset(
    ("cs", "sc", "ck", "kc", "sz", "zs", "gj", "jg", "fv", "vf", "bv", "vb", "dt", "td", "mn", "nm")
)
SOUNDS_SAME = 1.0  # the same Metaphone key: goverment / government
STRONG_TWO_EDIT = 2.0  # a speller's error and the same sound, or two speller's errors


def inflection(word: str) -> str:
    """The ending a two-edit correction keeps: a plural (configs is not confess) or -ing."""
    if word.endswith("ing"):
        return "ing"
    return "s" if word.endswith("s") and not word.endswith(("ss", "us", "is")) else ""


def _least_error(n: int) -> float:
    """How like a speller's error two edits must look, whatever the word's frequency."""
    return 1.5 if n <= 6 else 1.0 if n <= 8 else 0.5


def _least_likelihood(n: int) -> float:
    """How likely (log10 of the word's count plus the speller's errors' bonus) a two-edit
    correction must be: short words have many neighbours two edits away, long ones few
    (nonchantly has one)."""
    return 6.5 if n <= 6 else 5.5 if n == 7 else 4.5 if n == 8 else 3.5


class Index:
    """The common words two edits may reach, mapped from ``data/lexicon-two-edit.marisa`` (the
    word lists' ``Entries``, written by scripts/build_lexicon.py from the counts): by first and
    last letter and length, all or the everyday ones alone, and by first letter and Metaphone
    key (a misspelling that sounds like the word may change its last letter: relavancey);
    each entry its words joined by spaces, in the counts' order.  Mapped, it loads in well
    under a millisecond and its pages are shared by every worker, where building it took
    0.1 s and 7 MB in each process."""

    __slots__ = ("_entries",)

    def __init__(self, entries: Entries):
        self._entries = entries

    def _words(self, key: str) -> list:
        return (self._entries.get(key) or "").split()

    def near(self, everyday: bool, first: str, last: str, n: int) -> list:
        """The words of those ends within two letters of length ``n``, shortest first."""
        tag = EVERYDAY_TAG if everyday else COMMON_TAG
        return [
            w for size in range(n - 2, n + 3) for w in self._words(f"{tag}{first}{last}:{size}")
        ]

    def sounding_like(self, key: str, initial: str) -> list:
        return self._words(f"{SOUND_TAG}{initial} {key}")


COMMON_TAG, EVERYDAY_TAG, SOUND_TAG = "a", "e", "s"  # the three kinds of entry


def entries(counted) -> dict:
    """The index's entries (key -> its words joined by spaces) from (word, count) pairs in the
    counts' order: the common words (counted at least ``TWO_EDIT_MIN_COUNT`` times, four
    letters or more, letters only) by ends and length, the everyday ones again, and all by
    sound."""
    import jellyfish

    found: dict = {}

    def add(key: str, w: str) -> None:
        had = found.get(key)
        found[key] = w if had is None else had + " " + w

    for w, count in counted:
        if count < TWO_EDIT_MIN_COUNT or len(w) < 4 or not w.isalpha():
            continue
        shape = f"{w[0]}{w[-1]}:{len(w)}"
        add(COMMON_TAG + shape, w)
        if count >= EVERYDAY_COUNT:
            add(EVERYDAY_TAG + shape, w)
        add(f"{SOUND_TAG}{w[0]} {jellyfish.metaphone(w)}", w)
    return found


def index_trie(counted) -> marisa_trie.BytesTrie:
    """``entries`` as the trie the index maps (scripts/build_lexicon.py, tests)."""
    return Entries.of(entries(counted)).trie


@once
def _two_edit_words() -> Index:
    """The index, mapped on first use."""
    return Index(Entries.read(TWO_EDIT_TRIE))


def two_edit_candidates(word: str, everyday: bool = False) -> list:
    """Common words (``everyday`` ones only, if asked) two edits (Damerau; three for long
    words that sound the same) from ``word`` that keep its first and last letters or its
    sound, scored by the error model: (word, count, score, "two", strong)."""
    import jellyfish
    from rapidfuzz import process  # C++; imported only when a word needs two edits
    from rapidfuzz.distance import OSA

    n = len(word)
    if n < TWO_EDIT_MIN_LENGTH or TRIPLE.search(word):
        return []  # pleeease, sooo: a letter drawn out is emphasis, not a misspelling
    index = _two_edit_words()
    choices = index.near(everyday, word[0], word[-1], n)
    ends = word[0], word[-1]
    frequency = get_lexicon().frequency
    choices += [  # those of other ends that sound the same
        w
        for w in index.sounding_like(jellyfish.metaphone(word), word[0])
        if abs(len(w) - n) <= 3
        and (w[0], w[-1]) != ends
        and (not everyday or frequency(w) >= EVERYDAY_COUNT)
    ]
    reach = 3 if n >= EVERYDAY_THREE_EDIT_MIN_LENGTH else 2
    hits = process.extract(word, choices, scorer=OSA.distance, score_cutoff=reach, limit=None)
    out = []
    for cand, d, _ in hits:
        if d < 2:
            continue
        bonus, same_sound = _error_model(word, cand, d)
        count = frequency(cand)
        if d == 3:  # permmasivie: three edits, only where it sounds the same as the word
            if not same_sound or bonus < SOUNDS_SAME + OPERATION_BONUS["vowel"]:
                continue
            if n < THREE_EDIT_MIN_LENGTH and count < EVERYDAY_COUNT:
                continue  # a word of seven or eight letters: three edits from an everyday one
            bonus -= 1.0
        # a misspelling keeps the word's shape, its ends or at least its sound; and the
        # likelier the error (a speller's, not two random slips) and the commoner the word,
        # the likelier it is the word meant
        shape = (cand[0] == word[0] and cand[-1] == word[-1]) or same_sound
        likelihood = math.log10(count) + bonus
        errors = bonus - same_sound * SOUNDS_SAME  # the speller's errors, without the sound
        if (
            shape
            and inflection(cand) == inflection(word)
            # the sound alone is not a speller's error (recreatable is not regrettable), but
            # an everyday word spelt by ear is one (simpul: simple; tabul: table)
            and (
                (bonus >= _least_error(n) and errors > 0)
                or likelihood - same_sound * SOUNDS_SAME >= _least_likelihood(n)
                or (same_sound and count >= EVERYDAY_COUNT)
            )
        ):
            strong = bonus >= STRONG_TWO_EDIT
            out.append((cand, count, likelihood + TWO_EDIT_BONUS, "two", strong))
    return out


def _error_model(typo: str, cand: str, edits: int = 2) -> tuple:
    """How like a human misspelling ``typo`` is for ``cand`` (``edits`` away, by Damerau):
    vowels confused, a double letter single or a single doubled, sound-alike consonants
    (c/s, s/z), neighbouring keys, swapped letters, near or not (tradegy), a syllable left
    out (two letters in a row, one a vowel: precion), and the same pronunciation
    (Metaphone): (bonus, same sound)."""
    import jellyfish  # Rust; imported only when a word needs two edits
    from rapidfuzz.distance import Levenshtein

    bonus = 0.0
    ops = Levenshtein.editops(typo, cand)
    if len(ops) > edits:
        bonus += OPERATION_BONUS["swap"]  # Damerau counted a transposition as one edit
    replaced = [(op.src_pos, op.dest_pos) for op in ops if op.tag == "replace"]
    if len(replaced) == 2 and len(ops) == 2:
        (i, j), (k, m) = replaced
        if typo[i] == cand[m] and typo[k] == cand[j]:
            bonus += OPERATION_BONUS["swap"]  # two letters switched places: tradegy
    for op in ops:
        if op.tag == "replace":
            a, b = typo[op.src_pos], cand[op.dest_pos]
            if a in VOWELS and b in VOWELS:
                bonus += OPERATION_BONUS["vowel"]
            elif a + b in SOUND_ALIKE:
                bonus += OPERATION_BONUS["sound"]
            elif adjacent_keys(a, b):
                bonus += OPERATION_BONUS["key"]
        elif op.tag == "insert":  # the writer left out cand[dest_pos]
            c, i = cand[op.dest_pos], op.dest_pos
            if (i and cand[i - 1] == c) or cand[i + 1 : i + 2] == c:
                bonus += OPERATION_BONUS["double"]
            elif c in VOWELS:
                bonus += OPERATION_BONUS["vowel"] / 2
        else:  # the writer added typo[src_pos]
            c, i = typo[op.src_pos], op.src_pos
            if (i and typo[i - 1] == c) or typo[i + 1 : i + 2] == c:
                bonus += OPERATION_BONUS["double"]
            elif c in VOWELS:
                bonus += OPERATION_BONUS["vowel"] / 2
    inserted = [op.dest_pos for op in ops if op.tag == "insert"]
    if (
        len(inserted) == 2
        and inserted[1] == inserted[0] + 1
        and not VOWELS.isdisjoint(cand[inserted[0] : inserted[1] + 1])
    ):
        bonus += OPERATION_BONUS["syllable"]  # a syllable left out: precion, probly
    same_sound = jellyfish.metaphone(typo) == jellyfish.metaphone(cand)
    return bonus + (SOUNDS_SAME if same_sound else 0.0), same_sound
