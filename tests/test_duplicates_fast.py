"""The NL5xx fast paths agree with the plain computations they replace (hypothesis)."""

import re
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.checks.duplicates import RepeatedRun, analysis, doc_words, shingles, words_of
from newslint.checks.duplicates.analysis import paragraphs_words
from newslint.checks.duplicates.runs import BREAK, _ascii_words, may_repeat
from newslint.checks.duplicates.words import folded
from newslint.document import Document

# few words, so that sentences share many of their pairs and some are copies
WORDS = st.sampled_from("the council voted to close harbour ferry line on monday".split())
SENTENCE = st.lists(WORDS, min_size=3, max_size=16).map(lambda w: " ".join(w).capitalize() + ".")
# sentences drawn again from a few: copies, and copies of copies
TEXT = (
    st.lists(SENTENCE, min_size=1, max_size=5)
    .flatmap(
        lambda pool: st.lists(
            st.lists(st.sampled_from(pool) | SENTENCE, min_size=1, max_size=3).map(" ".join),
            min_size=1,
            max_size=12,
        )
    )
    .map(lambda ps: "Title\n\n" + "\n\n".join(ps))
)


def all_pairs(a, min_words: int, n: int) -> dict:
    """near_repeats by comparing every sentence with every earlier one."""
    units = [
        (pi, si, shingles(sw, n))
        for pi in a.compared
        for si, (_, _, sw) in enumerate(a.paras[pi].sentences)
        if len(sw) >= min_words
    ]
    best: dict = {}
    for uid, (pi, si, sh) in enumerate(units):
        sim, other = 0.0, None
        for u in range(uid):
            c = len(sh & units[u][2])
            x = c / (len(sh) + len(units[u][2]) - c)
            if x > sim:
                sim, other = x, u
        if other is not None and (pi not in best or sim > best[pi][3]):
            best[pi] = (si, units[other][0], units[other][1], sim)
    return best


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from([0.0, 0.3, 0.5, 0.6, 0.8, 1.0]), st.sampled_from([3, 6, 10]))
def test_near_repeats_finds_every_pair_at_the_floor(text, floor, min_words):
    a = analysis(Document(text))
    found = a.near_repeats(min_words, 2, floor)
    expected = {k: v for k, v in all_pairs(a, min_words, 2).items() if v[3] >= floor}
    assert {k: v for k, v in found.items() if v[3] >= floor} == expected


# --- NL505's screen ----------------------------------------------------------------------------

# what a run's screen read before: words and a "" for each stretch of breaks, on lower case
WORD_OR_BREAK = re.compile(r"([a-z]+(?:['\u2019][a-z]+)*)|(?:[^a-z'\u2019|\u2022\u00b7\s]|\n)+")
RUN_CHARS = "abAB '\u2019|.,\n\t1\u2022\u00b7\u00a0\u2028\x1d\u00a3\u201c"


def _breaks_as_one(tokens: list) -> list:
    out = []
    for t in tokens:
        t = t or BREAK
        if t != BREAK or not out or out[-1] != BREAK:
            out.append(t)
    return out


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(RUN_CHARS), max_size=40))
def test_the_screens_words_and_breaks_are_the_patterns(text):
    others = {c for c in text if ord(c) > 127}
    expected = WORD_OR_BREAK.findall(text.replace("\u2019", "'").lower())
    assert _breaks_as_one(_ascii_words(text, others)) == _breaks_as_one(expected)


PHRASES = st.sampled_from(["Share", "read more", "Politics |", "1.", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PHRASES, max_size=12).map(" ".join))
def test_the_screen_passes_every_run(text):
    with mock.patch("newslint.checks.duplicates.runs.may_repeat", lambda text: True):
        unscreened = list(RepeatedRun().check(Document(text)))
    assert may_repeat(text) or not unscreened


# --- words read from the folded text -----------------------------------------------------------

PLAIN_CHARS = "aZ09 _.'\n\t\x00\u00a3\u201d\u2026\u00a0"  # (the non-ASCII read as spaces)
FOLD_TEXT = st.text(st.sampled_from(PLAIN_CHARS), max_size=30) | st.text(
    st.sampled_from(PLAIN_CHARS + "\u00e9\u00bd\u0301\u2122"), max_size=30
)


@settings(max_examples=500, deadline=None)
@given(FOLD_TEXT, st.integers(0, 30), st.integers(0, 30))
def test_a_spans_words_are_read_from_the_folded_text(text, start, end):
    doc = Document(text)
    fold = folded(doc)
    if fold is not None:
        assert len(fold) == len(text)
        assert fold[start:end].split() == words_of(text[start:end])
    assert doc_words(doc) == words_of(text)


@settings(max_examples=300, deadline=None)
@given(TEXT | FOLD_TEXT.map(lambda t: t.replace(".", ". ")))
def test_the_analysis_paragraphs_words_are_words_of(text):
    doc = Document(text)
    analysis(doc)
    spans = list(doc.paragraphs)
    assert paragraphs_words(doc, spans) == [words_of(text[s:e]) for s, e in spans]
