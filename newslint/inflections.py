"""English irregular verbs: their past forms, from the shipped table ``data/irregular-verbs.txt``
(hand-written), and the verbs a word may be a regular past of.  ``lexicon`` asks them so that
a regularised past (heared, drived, runned) is a misderivation, its suggestion the verb's
own past; read on first use (a millisecond)."""

from __future__ import annotations

import os

from newslint.lazy import once

IRREGULAR_FILE = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "data", "irregular-verbs.txt"
)
# prefixes of verbs made from an irregular one, which inflect as it does (foresee: foresaw)
VERB_PREFIXES = ("re", "un", "mis", "out", "over", "under", "up", "with", "fore", "for", "be")
VOWELS = frozenset("aeiou")


@once
def irregular_verbs() -> dict:
    """verb -> its past forms, the simple past first (know: knew, known): the shipped table."""
    table = {}
    with open(IRREGULAR_FILE, encoding="utf-8") as fh:
        for line in fh:
            fields = line.split("#")[0].split()
            if fields:
                forms = [f for field in fields[1:] for f in field.split("/")]
                table[fields[0]] = tuple(dict.fromkeys(forms))
    return table


def irregular_past(verb: str, words) -> tuple:
    """The past forms of an irregular verb, or of a verb in ``words`` (the lexicon's) made
    from one with a prefix (foresee: foresaw, foreseen); () for any other word."""
    table = irregular_verbs()
    forms = table.get(verb)
    if forms:
        return forms
    for prefix in VERB_PREFIXES:
        base = verb[len(prefix) :]
        if verb.startswith(prefix) and base in table and verb in words:
            return tuple(prefix + f for f in table[base])
    return ()


def regularised(word: str) -> list:
    """The verbs of which ``word`` may be a regular past: hear (heared), drive (drived), run
    (runned: its consonant doubled as a regular verb's is)."""
    if not word.endswith("ed"):
        return []
    stem = word[:-2]
    verbs = [word[:-1], stem]  # drive + d, hear + ed
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        verbs.append(stem[:-1])  # run + n + ed
    return verbs
