"""What is known about each unique unknown word form, memoised per process: a listed
misspelling and its corrections, or the frequent words one slip away (worked out only when
a document needs them); and the user's dictionary."""

from __future__ import annotations

import os
from typing import Optional

from newslint.checks.spelling.channel import reweigh
from newslint.checks.spelling.far import inflection, two_edit_candidates
from newslint.lazy import LazyPattern, once
from newslint.lexicon import DATA, get_lexicon, rank, rederived, suggestions
from newslint.rule import Context
from newslint.word_lists import Entries

MISSPELLINGS_FILE = os.path.join(DATA, "misspellings-en.txt.gz")  # the source list of ...
MISSPELLINGS_TRIE = os.path.join(DATA, "misspellings-en.marisa")  # ... the trie read
APOSTROPHES = "'\u2019"
CONTRACTED = frozenset(("d", "ll", "ve", "re", "m"))  # what'd, there'll; 's is a possessive


# --- data ---------------------------------------------------------------------------------


@once
def get_misspellings() -> Entries:
    """typo -> "[!]correction[,correction...]", mapped on first use (a trie: as a dict of its
    64,000 entries it took 9 MB in every process of a pool, and 40 ms to read).

    "!" marks a certain correction (a safe fix); "+" stands for a space ("a+lot").
    """
    return Entries.read(MISSPELLINGS_TRIE)


def listed_corrections(word: str):
    """(corrections, certain) from the misspelling list, or None."""
    entry = get_misspellings().get(word)
    if entry is None:
        return None
    return tuple(c.replace("+", " ") for c in entry.lstrip("!").split(",")), entry.startswith("!")


_USER_WORDS: dict = {}


def user_words(context: Context) -> frozenset:
    """The user's dictionary: ``words`` and ``dictionary-files`` (one word per line); the same
    frozenset object for the same settings, all run long."""
    key = (tuple(context.words), tuple(context.dictionary_files))
    if key not in _USER_WORDS:
        words = set(key[0])
        for path in key[1]:
            try:
                with open(path, encoding="utf-8-sig") as fh:
                    words.update(
                        line.strip() for line in fh if line.strip() and not line.startswith("#")
                    )
            except OSError:
                pass  # a missing dictionary file is the configuration's business, not a crash
        words |= {w.lower() for w in words}
        _USER_WORDS[key] = frozenset(words)
    return _USER_WORDS[key]


# --- verdicts per unique word ---------------------------------------------------------------


class Verdict:
    """What the lexicon says about one unknown word form.  Candidates are worked out only
    when a document needs them (most unknown words are names, never checked)."""

    __slots__ = ("word", "base", "listed", "certain", "_candidates")

    def __init__(self, word, base, listed=(), certain=False):
        self.word, self.base = word, base
        self.listed = listed  # corrections from the misspelling list
        self.certain = certain
        self._candidates = None

    @property
    def candidates(self) -> tuple:
        """((word, count, score, edit, strong), ...) best first; () for a derived word or no
        neighbour."""
        if self._candidates is None:
            # two edits from a word is too far to tell a capitalised word from a name
            far = two_edit_candidates if self.word.islower() else None
            self._candidates = (
                () if self.listed else reweigh(self.base, suggestions(self.base, far))
            )
        return self._candidates

    @property
    def judged(self) -> bool:
        """Whether ``suspect`` is known without working out candidates."""
        return bool(self.listed) or self._candidates is not None

    @property
    def suspect(self) -> bool:
        return bool(self.listed or self.candidates)


_VERDICTS: dict = {}  # word as written -> Verdict | None (known)
_MISSING = object()


def verdict(word: str) -> Optional[Verdict]:
    """None when the word is known; else what is known about it.  Memoised per process."""
    v = _VERDICTS.get(word, _MISSING)
    if v is _MISSING:
        v = _VERDICTS[word] = _judge(word)
    return v


def _judge(word: str) -> Optional[Verdict]:
    lex = get_lexicon()
    if lex.known(word):
        return None
    base = strip_possessive(word).lower().replace("\u2019", "'")
    if base != word.lower() and lex.known(base):
        return None
    if _drawn_out(base):
        return None  # sooo, yesss, pleeease: a known word drawn out for emphasis
    head, _, tail = base.rpartition("'")
    if tail in CONTRACTED and lex.known(head):
        return None  # what'd, there'd, they'll: a known word contracted
    listed = listed_corrections(base)
    if listed:
        corrections, certain = listed
        if len(corrections) > 1:  # the likeliest slip first: "thes" -> these, the, this
            slips = lex.neighbours(base) + rederived(base)  # runned: run, ran before ruined
            order = {c: i for i, (c, *_) in enumerate(rank(base, slips))}
            corrections = tuple(sorted(corrections, key=lambda c: order.get(c, len(order))))
        if not certain:
            corrections = _likelier_first(base, corrections)
        return Verdict(word, base, corrections, certain)
    return Verdict(word, base)


# How much likelier (log10: ten times) than the list's corrections a word one slip from a
# listed misspelling must be, by the error model, to be suggested first
LIKELIER_BY = 1.0


def _likelier_first(base: str, corrections: tuple) -> tuple:
    """The list's corrections, after a common word one slip away that the error model finds
    far likelier (``LIKELIER_BY``): the list, made for code identifiers, sometimes corrects a
    misspelling to a rare word (dangerus: dangers, acftually: factually) where people meant
    a common one (dangerous, actually).  Never for a certain entry, whose fix is safe."""
    lex = get_lexicon()
    listed = [
        (c, max(lex.frequency(c), 1), 0.0, "list", False) for c in corrections if " " not in c
    ]
    # keeping the misspelling's plural or -ing (companys: companies, as listed, not company)
    others = [
        c
        for c in rank(base, lex.neighbours(base))
        if c[0] not in corrections and inflection(c[0]) == inflection(base)
    ]
    if not listed or not others:
        return corrections
    scored = reweigh(base, listed + others)
    best_listed = max(c[2] for c in scored if c[3] == "list")
    if scored[0][3] != "list" and scored[0][2] >= best_listed + LIKELIER_BY:
        return (scored[0][0], *corrections)
    return corrections


# British and American spellings of one word, as (British, American) parts: both are right,
# and a document keeps to one
VARIANTS = (
    ("isation", "ization"),
    ("ise", "ize"),
    ("yse", "yze"),
    ("our", "or"),
    ("tre", "ter"),
    ("ogue", "og"),
    ("amme", "am"),
    ("ence", "ense"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ller", "ler"),
    ("ae", "e"),
    ("oe", "e"),
)
# the longer spelling has at least this many letters: shorter pairs are two words (four and
# for, tour and tor), longer ones variants (color and colour)
VARIANT_MIN_LENGTH = 6


def variants(word: str) -> list:
    """The word's other spellings, British or American, that the lexicon knows: centre ->
    center, programs -> programmes, colour -> color."""
    words = get_lexicon().words
    found = []
    for gb, us in VARIANTS:
        for a, b in ((gb, us), (us, gb)):
            i = word.find(a)
            while i != -1:
                other = word[:i] + b + word[i + len(a) :]
                if (
                    max(len(word), len(other)) >= VARIANT_MIN_LENGTH
                    and other != word
                    and other in words
                    and other not in found
                ):
                    found.append(other)
                i = word.find(a, i + 1)
    return found


def in_documents_spelling(suggestions: list, words: frozenset) -> list:
    """The suggestions spelt as the document spells them: a correction it never writes whose
    British or American variant it does write becomes that variant."""
    if not words:
        return suggestions
    out = []
    for s in suggestions:
        if s not in words:
            s = next((v for v in variants(s) if v in words), s)
        if s not in out:
            out.append(s)
    return out


DRAWN_OUT = LazyPattern(r"(.)\1\1+")


def _drawn_out(word: str) -> bool:
    """A known word with a vowel or its last letter written three times or more (sooo,
    yesss, pleeease); not a consonant inside the word (plannned, folllowing), nor a word
    with a double letter tripled (seee, addd, noteboook): typos."""
    known = get_lexicon().known
    runs = list(DRAWN_OUT.finditer(word))
    if not runs:
        # soo, noo: a two-letter word's vowel doubled; waaiit: two vowels doubled at once
        doubled = list(DOUBLED_VOWEL.finditer(word))
        if (len(word) == 3 and doubled and doubled[0].end() == 3) or len(doubled) >= 2:
            return known(DOUBLED_VOWEL.sub(r"\1", word))
        return False
    if any(m.group(1) not in "aeiouy" and m.end() != len(word) for m in runs):
        return False
    return not known(DRAWN_OUT.sub(r"\1\1", word)) and known(DRAWN_OUT.sub(r"\1", word))


DOUBLED_VOWEL = LazyPattern(r"([aeiou])\1")


def strip_possessive(word: str) -> str:
    if len(word) > 2 and word[-2] in APOSTROPHES and word[-1] in "sS":
        return word[:-2]
    return word


def restore(word: str, suggestion: str) -> str:
    """The suggestion in the writer's case and apostrophe, with the possessive put back."""
    base = strip_possessive(word)
    if base[:1].isupper():
        suggestion = suggestion[:1].upper() + suggestion[1:]
    if "\u2019" in word:
        suggestion = suggestion.replace("'", "\u2019")
    return suggestion + word[len(base) :]
