"""The error model that ranks NL102's candidates (issue 16): its counts are the shipped
misspelling list's, it names the edit a writer made, and it puts the likelier correction
first.  Sentences and misspellings are invented."""

import gzip
import math

import pytest
from conftest import load_script
from test_spelling_real import found

from newslint.checks.spelling.channel import (
    EDIT_COUNTS_FILE,
    END,
    MIDDLE,
    SLIP_SHARE,
    SOUND_ALIKE,
    START,
    align,
    get_edit_model,
    reweigh,
)


def test_the_shipped_counts_are_the_build_scripts(tmp_path):
    out = tmp_path / "edit-counts.txt.gz"
    load_script("build_edit_model").main(str(out))
    with gzip.open(out) as built, gzip.open(EDIT_COUNTS_FILE) as shipped:
        assert built.read() == shipped.read(), "run: python scripts/build_edit_model.py"


def test_the_alignment_names_the_writers_edit():
    model = get_edit_model()

    def edits(typo, word):
        return align(typo, word, model, trace=True)[1]

    assert edits("untill", "until") == [("ins", "l", "l", END)]  # l typed twice
    assert edits("recieve", "receive") == [("rev", "e", "i", MIDDLE)]  # ei typed ie
    assert edits("goverment", "government") == [("del", "r", "n", MIDDLE)]  # n left out
    assert edits("seperate", "separate") == [("sub", "e", "a", MIDDLE)]  # e typed for a
    assert edits("acomodate", "accommodate") == [
        ("del", "c", "c", MIDDLE),  # a double made single counts after its letter
        ("del", "m", "m", MIDDLE),
    ]
    assert edits("hte", "the") == [("rev", "t", "h", START)]
    assert edits("same", "same") == []


def test_the_errors_people_list_are_likelier_than_others():
    model = get_edit_model()
    for where in (START, MIDDLE, END):
        assert model.edit("sub", "e", "a", where) > model.edit("sub", "q", "a", where)  # vowels
        assert model.edit("del", "m", "m", where) > model.edit("del", "m", "k", where)  # doubles
    assert model.edit("ins", "l", "l", MIDDLE) > model.edit("ins", "l", "q", MIDDLE)
    assert model.edit("sub", "é", "e", MIDDLE) == model.floor["sub"]  # outside a-z: least likely


def test_a_first_letter_is_seldom_misspelt():
    model = get_edit_model()
    for kind, x, y in (("sub", "e", "a"), ("del", "^", "h"), ("rev", "t", "h")):
        assert model.edit(kind, x, y, START) < model.edit(kind, x, y, MIDDLE)


def test_a_one_off_slip_keeps_its_share():
    """A slip the list never shows is still counted as a slip: no edit is less likely than
    ``SLIP_SHARE`` of its kind's rate over all letters."""
    counts, letters, pairs = {}, {}, {}
    with gzip.open(EDIT_COUNTS_FILE, "rt", encoding="utf-8") as fh:
        for line in fh:
            kind, x, y, n = line.split()
            if kind == "uni":
                letters[y] = int(n)
            elif kind == "bi":
                pairs[x + y] = int(n)
            else:
                counts[kind] = counts.get(kind, 0) + int(n)
    model = get_edit_model()
    letters_in_words = sum(n for y, n in letters.items() if y != "^")
    # substitutions: each of the 25 other letters may stand for each letter meant
    rate = counts["sub"] / (25 * letters_in_words)
    assert model.floor["sub"] >= math.log10(SLIP_SHARE * rate) - 1e-9


def test_reweigh_puts_the_likelier_correction_first():
    # a much commoner word one likely edit away wins over a rare one: tehe is the, not thee
    ranked = reweigh(
        "tehe", [("thee", 2000, 0.0, "swap", True), ("the", 20000000, 0.0, "add", False)]
    )
    assert [c[0] for c in ranked] == ["the", "thee"]
    # the same count: the likelier edit wins, a vowel for a vowel, not for a consonant
    ranked = reweigh(
        "qint", [("qxnt", 1000, 9.0, "replace", False), ("qant", 1000, 0.0, "vowel", True)]
    )
    assert [c[0] for c in ranked] == ["qant", "qxnt"]
    # fields other than the score are kept
    assert [c[:2] + c[3:] for c in ranked] == [
        ("qant", 1000, "vowel", True),
        ("qxnt", 1000, "replace", False),
    ]


def test_a_word_that_sounds_like_the_typo_gains_its_weight():
    model = get_edit_model()

    def score(typo, word, edit):
        return reweigh(typo, [(word, 1000, 0.0, edit, True)])[0][2]

    # frend sounds like friend (Metaphone FRNT), not like fend (FNT)
    assert score("frend", "friend", "drop") == pytest.approx(
        3 + align("frend", "friend", model) + SOUND_ALIKE
    )
    assert score("frend", "fend", "add") == pytest.approx(3 + align("frend", "fend", model))
    # a word of four letters shares its sound with too many: nite is no likelier night's
    assert score("nite", "night", "two") == pytest.approx(3 + align("nite", "night", model))


def test_the_commoner_word_a_likely_slip_away_is_suggested_first(run, tmp_path):
    got = found(
        run,
        tmp_path,
        "The results were tehe best in years.\nShe said it was toow late to start again.\n",
    )
    assert got == {"tehe": "the", "toow": "too"}
