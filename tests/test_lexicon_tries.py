"""The word lists newslint reads at run time are marisa-tries (newslint/data/*.marisa), written
by scripts/build_lexicon.py from the source lists beside them: they must hold the same words."""

from __future__ import annotations

import gzip
from pathlib import Path

import marisa_trie
import pytest
from conftest import python_output
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint import lexicon
from newslint.lexicon import Lexicon, WordList

SOURCES = Path(__file__).resolve().parents[1] / "newslint" / "data"


@pytest.mark.parametrize(
    ("source", "trie"),
    [
        ("lexicon-words.txt.gz", lexicon.WORDS_TRIE),
        ("lexicon-cased.txt.gz", lexicon.CASED_TRIE),
    ],
)
def test_shipped_trie_holds_exactly_the_source_list(source, trie):
    """The trie newslint loads (the installed package's) against the repository's list."""
    with gzip.open(SOURCES / source, "rb") as fh:
        words = set(fh.read().decode("utf-8").split("\n"))
    loaded = marisa_trie.Trie()
    loaded.mmap(trie)
    assert len(loaded) == len(words)
    assert set(loaded.keys()) == words, "run: python scripts/build_lexicon.py --tries"


def test_shipped_counts_are_exactly_the_source_list():
    """The counts newslint loads (a RecordTrie) against the repository's "word count" lines."""
    with gzip.open(SOURCES / "lexicon-frequency.txt.gz", "rb") as fh:
        parts = fh.read().decode("utf-8").split()
    listed = {w: int(c) for w, c in zip(parts[0::2], parts[1::2])}
    counts = lexicon.Counts.read(lexicon.FREQUENCY_TRIE)
    assert len(counts) == len(listed)
    assert dict(counts.items()) == listed, "run: python scripts/build_lexicon.py --tries"
    assert counts.get("the") == listed["the"] and counts.get("thw") is None


def test_shipped_fills_are_exactly_the_counts_words():
    """The fills newslint maps (the words one edit away) are the shipped counts' words, each
    letter of each as "?": the trie scripts/build_lexicon.py writes, byte for byte."""
    counts = lexicon.Counts.read(lexicon.FREQUENCY_TRIE)
    built = lexicon.Fills.of(counts.trie.keys(), lexicon.LETTERS)
    shipped = lexicon.Fills.read(lexicon.NEIGHBOURS_TRIE)
    assert len(shipped) == len(built)
    assert shipped.trie.tobytes() == built.trie.tobytes(), (
        "run: python scripts/build_lexicon.py --tries"
    )
    assert set(shipped.get("pl?n")) >= {"a"} and shipped.get("qq?qq") == ""


def _one_edit_strings(w: str) -> dict:
    """Every string one edit from ``w`` with the edit, the way Peter Norvig's speller lists
    them: what ``neighbours`` must find among the counted words."""
    splits = [(w[:i], w[i:]) for i in range(len(w) + 1)]
    found: dict = {}
    for a, b in splits:
        if len(b) > 1 and b[0] != b[1]:
            found.setdefault(a + b[1] + b[0] + b[2:], "swap")
    for a, b in splits:
        for c in lexicon.LETTERS:
            found.setdefault(a + c + b, "drop")
    for i in range(len(w)):
        doubled = (i and w[i - 1] == w[i]) or (i + 1 < len(w) and w[i + 1] == w[i])
        found.setdefault(w[:i] + w[i + 1 :], "double" if doubled else "add")
    for a, b in splits:
        for c in lexicon.LETTERS:
            if b and c != b[0]:
                found.setdefault(a + c + b[1:], "replace")
    found.pop(w, None)
    return found


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text("abce'", min_size=1, max_size=6), min_size=1, max_size=40),
    st.text("abcez'?", max_size=7),
)
def test_neighbours_are_every_counted_word_one_edit_away(counted, word):
    lex = Lexicon(set(counted), {w: "7" for w in counted})
    expected = {(c, edit, 7) for c, edit in _one_edit_strings(word.lower()).items() if c in counted}
    assert sorted(lex.neighbours(word)) == sorted(expected)


def test_shipped_neighbours_of_a_typo():
    lex = lexicon.get_lexicon()
    found = {c: edit for c, edit, count in lex.neighbours("goverment") if count}
    assert found["government"] == "drop"
    assert {c: e for c, e, _ in lex.neighbours("thier")}["their"] == "swap"
    assert {c: e for c, e, _ in lex.neighbours("untill")}["until"] == "double"
    assert {c: e for c, e, _ in lex.neighbours("minjster")}["minister"] == "replace"


def test_shipped_misspellings_are_exactly_the_source_list():
    from newslint.checks.spelling import candidates

    with gzip.open(SOURCES / "misspellings-en.txt.gz", "rb") as fh:
        parts = fh.read().decode("utf-8").split()
    listed = dict(zip(parts[0::2], parts[1::2]))
    entries = candidates.get_misspellings()
    assert len(entries) == len(listed)
    assert dict(entries.items()) == listed, "run: python scripts/build_lexicon.py --tries"
    typo = next(iter(listed))
    assert entries.get(typo) == listed[typo] and typo in entries and "the" not in entries


def test_word_list_answers_as_a_set_would():
    listed = WordList(marisa_trie.Trie(["the", "plan", "minister", "ahead", "planet"]))
    plain = WordList({"the", "plan", "minister", "ahead", "planet"})
    doc = {"The", "the", "plan", "plna", "minister", "sayd", "ahead", "Sayd", "2024"}
    for words in (listed, plain):
        assert words.lacking_lower(doc) == {"plna", "sayd"}
        assert words.lacking_lower(doc) == {"plna", "sayd"}  # the second time from what it kept
        assert words.lacking_lower(["plan", "plnz"]) == {"plnz"}
        assert words.lacking_lower(set()) == set()
        assert words.starts("plan") and words.starts("pla") and not words.starts("plb")
        assert "plan" in words and "plna" not in words and len(words) == 5


def test_word_list_forgets_what_it_kept_past_its_bound(monkeypatch):
    monkeypatch.setattr(WordList, "KEEP", 3)
    words = WordList(marisa_trie.Trie(["a", "b", "c", "d", "e"]))
    for batch in ({"a", "b", "c", "x"}, {"d", "e", "y", "z"}, {"a", "e", "q", "r"}):
        assert words.lacking_lower(batch) == {w for w in batch if w not in "abcde"}
    assert len(words._known) <= 2 * WordList.KEEP and len(words._lacked) <= 2 * WordList.KEEP


def test_lexicon_of_plain_sets_still_works():
    lex = Lexicon({"turkey", "seoul"}, {"turkey": "120"}, {"turkey", "Turkey", "Seoul"})
    assert lex.known("Turkey's") and not lex.known("ankara")
    assert lex.frequency("Turkey") == 120 and lex.frequency("seoul") == 0
    assert lex.neighbours("turkye") == [("turkey", "swap", 120)]
    assert lex.has_lowercase_form("turkey") and not lex.has_lowercase_form("seoul")
    assert lex.has_capitalised_form("seoul")


def test_one_file_run_reads_no_word_list_as_a_set(tmp_path):
    """A one-sentence run maps the tries: no 300,000-word Python set is built (0.2 s)."""
    (tmp_path / "one.txt").write_text("The minister said on Monday that the plan would go ahead.\n")
    code = (
        "import gzip, sys\n"
        "from newslint import cli, lexicon\n"
        "opened = []\n"
        "real = gzip.open\n"
        "gzip.open = lambda path, *a, **k: opened.append(str(path)) or real(path, *a, **k)\n"
        "try:\n"
        "    cli.main(['--isolated', 'one.txt'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(lexicon.get_lexicon.loaded(), sorted(p.rsplit('/', 1)[-1] for p in opened))\n"
    )
    out = python_output(code, cwd=tmp_path)
    assert out.splitlines()[-1] == "True []"
