"""The spelling family's speed work (issue 16): the same answers, reached more cheaply."""

import json
import random
import subprocess
import sys

import marisa_trie
import pytest
import regex
from conftest import ROOT

from newslint.checks.spelling import analysis, far, starts, verdict
from newslint.lexicon import EVERYDAY_COUNT, get_lexicon

SENTENCE_STARTS = (
    "It rained. Thes troops left. Fihgt them! Wer'e here: Wiht rifles?\n"
    '"Thes men," he said. (Fihgt on.)\n'
)


def reports(run, path):
    result = run("--isolated", "--no-cache", "--select", "NL1", "--exit-zero", path)
    assert result.code == 0, result.err
    return result.lines


def test_sentence_starts_are_found_alike_whichever_pattern_reads_the_text(run, tmp_path):
    """A text whose letters are all ASCII is read by the standard library's engine (curly
    quotes, dashes and a pound sign are no letters); one with an accented letter by the
    Unicode pattern: the same reports."""
    plain, curly, accented = (tmp_path / f"{n}.txt" for n in ("plain", "curly", "accented"))
    plain.write_text(SENTENCE_STARTS, encoding="utf-8")
    curly.write_text(SENTENCE_STARTS.replace('"', "\u201c", 1) + "It cost \u00a35.\n", "utf-8")
    accented.write_text(SENTENCE_STARTS + "Caf\u00e9 owners left.\n", encoding="utf-8")
    assert starts.OTHER_LETTER.search(curly.read_text(encoding="utf-8")) is None
    assert starts.OTHER_LETTER.search(accented.read_text(encoding="utf-8"))
    got = [line.split(":", 1)[1] for line in reports(run, plain)]
    assert len(got) == 6  # Thes, Fihgt, Wer'e, Wiht; Thes, Fihgt
    assert [line.split(":", 1)[1] for line in reports(run, curly)] == got
    assert [line.split(":", 1)[1] for line in reports(run, accented)] == got


def test_the_characters_taken_for_no_letters_are_none_by_the_regex_modules_data():
    others = [chr(c) for c in range(0x80, 0x2300) if not starts.OTHER_LETTER.match(chr(c))]
    assert len(others) > 500
    assert not [c for c in others if regex.match(r"[\p{L}\p{M}]", c)]


def test_sentence_starts_are_what_one_pattern_for_every_end_finds_whichever_engine_reads():
    """One pattern per sentence end finds what one for them all would find; for a text whose
    letters are all ASCII, the standard library's patterns what the Unicode ones find."""
    every_end = regex.compile(
        f"[{regex.escape(starts.SENTENCE_ENDS)}]" + starts.OPENING + starts.CAPITALISED
    )
    rng = random.Random(16)
    others = [chr(c) for c in range(0x80, 0x2300) if not starts.OTHER_LETTER.match(chr(c))]
    pieces = ["Blair", "Don't", "Don\u2019t", "O'Neil", "ABC", "McX", "the", "A", "Ab", "'Ab"]
    marks = ".!?:\n \t\"'([{*>_-,;09x\u2026\u00a0\u201c\u2018\u201e\u2022\u2013\u2014\u2019"
    for _ in range(3000):
        text = "".join(
            rng.choice(pieces)
            if rng.random() < 0.4
            else rng.choice(marks)
            if rng.random() < 0.7
            else rng.choice(others)
            for _ in range(rng.randrange(1, 14))
        )
        assert starts.OTHER_LETTER.search(text) is None and starts.plain_letters(text)
        want = set(every_end.findall(text))
        assert starts.starts_after_ends(text, plain=True) == want
        assert starts.starts_after_ends(text, plain=False) == want
        accented = text.replace("Ab", "\u00c9c").replace("the", "caf\u00e9")
        assert starts.plain_letters(accented) == (starts.OTHER_LETTER.search(accented) is None)
        assert starts.starts_after_ends(accented, plain=False) == set(every_end.findall(accented))


def test_the_text_start_is_matched_where_findall_would_find_it():
    rng = random.Random(17)
    marks = " \t\"'(*-\u00a0\u201c\u2022x.\n"
    for _ in range(2000):
        text = "".join(
            rng.choice(("Blair", "Don't", "Ab", "A", "\u00c9cole"))
            if rng.random() < 0.3
            else rng.choice(marks)
            for _ in range(rng.randrange(0, 10))
        )
        if rng.random() < 0.1:
            text = " " * rng.randrange(190, 205) + text  # a first word cut at 200 characters
        m = starts.TEXT_START.match(text, 0, 200)
        assert starts.TEXT_START.findall(text, 0, 200) == ([m.group(1)] if m else [])


def test_a_word_skipped_wherever_it_stands_gets_no_candidates_worked_out(run, tmp_path):
    """Candidates (a two-edit search) are worked out only for a word with an occurrence
    left to report: one after a digit everywhere (a unit, a code) needs none."""
    path = tmp_path / "a.txt"
    path.write_text(
        "The unit 4zorblifyk and 7zorblifyk were there.\n"
        "They went home in the wintre and came back.\n",
        encoding="utf-8",
    )
    got = reports(run, path)
    assert len(got) == 1 and "'wintre' is probably a typo of 'winter'" in got[0]
    assert verdict("wintre").judged
    skipped = verdict("zorblifyk")
    assert skipped is not None and not skipped.judged


def test_a_sentence_start_is_judged_once_per_process_in_a_bounded_memo(monkeypatch):
    monkeypatch.setattr(analysis, "_DISMISSED_STARTS", set())
    monkeypatch.setattr(analysis, "_UNKNOWN_STARTS", set())
    monkeypatch.setattr(analysis, "_STARTS_KEPT", 3)
    words = {"The", "Fihgt", "Officials", "Wiht"}
    assert sorted(analysis._unknown_starts(words)) == ["Fihgt", "Wiht"]
    assert len(analysis._DISMISSED_STARTS) + len(analysis._UNKNOWN_STARTS) <= 3
    assert sorted(analysis._unknown_starts(words)) == ["Fihgt", "Wiht"]


def _metaphone_of_the_index() -> bool:
    """The installed jellyfish's Metaphone is the one the shipped index was built with (1.3,
    which reads a silent gh as nothing: although AL0; 1.2, the newest for Python 3.9 and
    3.10, reads it KH in 82 of the counted words)."""
    import jellyfish

    return jellyfish.metaphone("although") == "AL0"


@pytest.mark.skipif(
    not _metaphone_of_the_index(),
    reason="jellyfish before 1.3 keys 82 words with gh by another sound: the index differs",
)
def test_the_two_edit_index_is_the_one_the_shipped_counts_give():
    """The index newslint maps is the one the shipped counts give (scripts/build_lexicon.py
    --tries writes it)."""
    counted = list(get_lexicon().frequencies.items())
    shipped = marisa_trie.BytesTrie()
    shipped.mmap(far.TWO_EDIT_TRIE)
    assert shipped.tobytes() == far.index_trie(counted).tobytes(), (
        "run: python scripts/build_lexicon.py --tries"
    )


def test_the_two_edit_index_holds_the_common_words_by_their_counts():
    """The index holds the words whose counts reach the thresholds, by their ends and length,
    shortest first, and by sound."""
    import jellyfish

    counted = list(get_lexicon().frequencies.items())
    index = far._two_edit_words()
    common = [w for w, c in counted if c >= far.TWO_EDIT_MIN_COUNT and len(w) >= 4 and w.isalpha()]
    everyday = {w for w, c in counted if c >= EVERYDAY_COUNT} & set(common)
    for w in common[::97]:
        near = index.near(False, w[0], w[-1], len(w))
        assert w in near and [len(x) for x in near] == sorted(len(x) for x in near)
        assert all(x[0] == w[0] and x[-1] == w[-1] and abs(len(x) - len(w)) <= 2 for x in near)
        assert set(index.near(True, w[0], w[-1], len(w))) == set(near) & everyday
        if "gh" not in w or _metaphone_of_the_index():
            assert w in index.sounding_like(jellyfish.metaphone(w), w[0])
    assert index.near(False, "q", "z", 40) == [] and index.sounding_like("QQQQ", "q") == []


def test_the_speed_benchmark_times_the_loads_apart():
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "spelling_speed.py"), "--loads"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    loads = json.loads(out)
    assert set(loads["cpu"]) == {
        "libraries",
        "patterns",
        "lexicon",
        "frequencies",
        "misspellings",
        "fills",
        "wordfreq",
        "error model",
        "two-edit index",
    }
    assert loads["total"] == sum(loads["cpu"].values())
    # the memory is stated: the word lists and the counts are tries mapped from their files
    # (issue 19): under a megabyte each, where the counts' dict took tens
    assert set(loads["rss_kb"]) == set(loads["cpu"])
    assert 0 <= loads["rss_kb"]["frequencies"] < 1024 and loads["rss_kb"]["lexicon"] >= 0
    assert 0 <= loads["rss_kb"]["fills"] < 6 * 1024  # mapped, not read: the file is 5.4 MB


def test_a_word_without_candidates_is_not_looked_at_again(monkeypatch):
    """A word an earlier document found to have no candidates (a name at a sentence start)
    is dropped from the next document's suspects at once: its occurrences are not looked at."""
    from newslint.document import Document

    monkeypatch.setattr(analysis, "_NO_CANDIDATES", set())
    text = "Zqxvbrt spoke first. The troops were equipped wiht rifles."
    first = analysis.analyse(Document(text), frozenset())
    assert [f.word for f in first.findings] == ["wiht"]
    assert analysis._NO_CANDIDATES == {"Zqxvbrt"}
    looked_at = []
    original = analysis._capitalised_mid_sentence
    monkeypatch.setattr(
        analysis,
        "_capitalised_mid_sentence",
        lambda doc, word: looked_at.append(word) or original(doc, word),
    )
    again = analysis.analyse(Document(text), frozenset())
    assert [f.word for f in again.findings] == ["wiht"] and "Zqxvbrt" not in looked_at


def test_whether_a_term_is_a_repeatable_slip_is_asked_once_per_word(monkeypatch):
    from newslint.lexicon import Lexicon

    monkeypatch.setattr(analysis, "_REPEATABLE", {})
    asked = []
    original = Lexicon.neighbours
    monkeypatch.setattr(Lexicon, "neighbours", lambda self, w: asked.append(w) or original(self, w))
    assert analysis._repeatable_slip("graffitti") and analysis._repeatable_slip("graffitti")
    assert not analysis._repeatable_slip("lered") and not analysis._repeatable_slip("lered")
    assert asked == ["graffitti", "lered"]
