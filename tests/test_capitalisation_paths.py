"""The NL2xx fast paths find what the plain ways they replace found, on random texts."""

import bisect
import importlib

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.document import Document
from newslint.lazy import LazyPattern

stray = importlib.import_module("newslint.checks.capitalisation.stray")
tokens = importlib.import_module("newslint.checks.capitalisation.tokens")

# letters, a mark, both apostrophes, an s, blanks and stops: possessives and stray capitals
PIECES = ["a", "s", "S", "é", "\u0301", "'", "\u2019", " ", ",", ".", "\n", "It", "Its", "We"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)

# the ways they replace
APOSTROPHE = LazyPattern(r"(?<=\p{L})['\u2019](?=\p{L})|(?<=\p{L}s)['\u2019]")
STRAY = LazyPattern(
    r"(?<=(?<!\p{L})\p{Ll}+,?[ ])"
    r"(It|Another|They|She|We|There|Their|Its|Those|These|Every|Each|Some|Many|Most)"
    r"(?= \p{Ll})"
)


def plain_without_possessives(text, starts, raw):
    texts = list(raw)
    for m in APOSTROPHE.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and ("'" in texts[i] or "\u2019" in texts[i]):
            texts[i] = tokens.without_possessive(texts[i])
    return texts


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_possessives_are_taken_off_as_every_apostrophe_did(text):
    starts, raw = tokens.token_lists(Document(text))
    assert tokens.without_possessives(text, starts, raw) == plain_without_possessives(
        text, starts, raw
    )


def test_a_word_loses_as_many_possessives_as_it_has_apostrophes_that_match():
    text = "Korea's and a's's and Jones's' talks"
    starts, raw = tokens.token_lists(Document(text))
    assert tokens.without_possessives(text, starts, raw) == plain_without_possessives(
        text, starts, raw
    )
    assert tokens.without_possessives(text, starts, raw)[:4] == ["Korea", "and", "a", "and"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "of", "The", "x", "y", "Zorvik"]), max_size=120))
def test_english_counts_its_markers_as_the_whole_count_did(words):
    whole = len(words) < 20 or sum(w in tokens.ENGLISH_MARKERS for w in words) >= 0.04 * len(words)
    assert tokens._english(words) is whole


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_stray_capitals_are_found_where_the_lookbehind_found_them(text):
    found = []
    for candidate in stray.STRAY_WORD.finditer(text):
        m = stray.STRAY.match(text, candidate.start())
        if m is not None:
            found.append(m.span())
    assert found == [m.span(1) for m in STRAY.finditer(text)]


def test_corpus_candidates_stay_the_same_when_the_judged_forms_are_cleared(monkeypatch):
    names = importlib.import_module("newslint.checks.capitalisation.names")
    monkeypatch.setattr(names, "KEEP_JUDGED", 4)
    monkeypatch.setattr(names, "_JUDGED", set())
    monkeypatch.setattr(names, "_CANDIDATES", set())
    batches = [
        {"zorvik", "the", "Seoul", "kursk"},
        {"vexlund", "talks", "zorvik"},
        {"quorra", "de"},
    ]
    for forms in batches * 2:
        assert names._corpus_candidates(forms) == set(filter(names._corpus_candidate, forms))
        assert len(names._JUDGED) <= 4 + len(forms)
