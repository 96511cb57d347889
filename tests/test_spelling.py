"""NL1xx spelling: through real files and the real CLI."""

import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, python_output

FIXTURES = Path(__file__).parent / "fixtures" / "spelling"
SEED = SHARED / "seeds" / "000_910e0e496c3bfacc.txt"


def reports(result):
    return [json.loads(line) for line in [result.out]][0] if result.out.strip() else []


def lint(run, *args):
    result = run("--isolated", "--select", "NL1", "--format", "json", "--exit-zero", *args)
    assert result.code == 0, result.err
    return reports(result)


def first_suggestion(message):
    return message.split(" of '", 1)[1].split("'")[0]


# --- the seed article ---------------------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="shared seed article not available")
def test_seed_typos_are_reported_with_the_right_suggestion_and_nothing_else(run):
    found = lint(run, SEED, SEED.parent / "004_7cccfb7bed73c38d.txt")
    got = {
        (r["path"].rsplit("/", 1)[-1], r["line"], r["column"]): first_suggestion(r["message"])
        for r in found
    }
    name = SEED.name
    assert got == {
        (name, 3, 239): "only",
        (name, 7, 283): "other",
        (name, 26, 151): "These",
        (name, 26, 207): "with",
        (name, 32, 232): "could",
        (name, 43, 330): "people",
    }


# --- silence on names, British spelling, handles, [sic], foreign phrases ------------------------


def test_names_british_spelling_and_protected_text_are_not_flagged(run):
    assert lint(run, FIXTURES / "names.txt") == []


def test_ordinary_text_is_clean(run):
    assert lint(run, FIXTURES / "ordinary.txt") == []


def test_sentence_start_is_checked_but_not_a_name_used_mid_sentence(run, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Thes troops left. Wiht them went the guns.\nLater, Wiht said he was sorry.\n")
    found = lint(run, f)
    assert [(r["line"], r["column"], first_suggestion(r["message"])) for r in found] == [
        (1, 1, "These")
    ]


def test_lower_case_word_written_capitalised_elsewhere_is_a_name(run, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The envoy Fihgt arrived. Later fihgt left the talks.\n")
    assert lint(run, f) == []


# --- fixes ----------------------------------------------------------------------------------


def test_unsafe_fix_applies_the_first_suggestion(run, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Thes troops were equipped wiht rifles, said the othre man.\n")
    run("--isolated", "--select", "NL1", "--fix", f)
    assert (
        f.read_text() == "Thes troops were equipped wiht rifles, said the othre man.\n"
    )  # unsafe: not applied
    run("--isolated", "--select", "NL1", "--fix", "--unsafe-fixes", f)
    assert f.read_text() == "These troops were equipped with rifles, said the other man.\n"


def test_certain_listed_correction_is_a_safe_fix(run, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The goverment will accomodate them.\n")
    run("--isolated", "--select", "NL101", "--fix", f)
    assert f.read_text() == "The government will accommodate them.\n"


# --- the user's dictionary ------------------------------------------------------------------


def test_words_and_dictionary_files_from_config(run, tmp_path):
    (tmp_path / "house.dic").write_text("# house words\ngrafs\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.newslint]\nselect = ["NL1"]\nwords = ["fihgt"]\ndictionary-files = ["house.dic"]\n'
    )
    (tmp_path / "a.txt").write_text(
        "We cut two grafs and came to fihgt, then to fihgt again. The milatary left.\n"
    )
    result = run("--format", "json", "--exit-zero", "a.txt", cwd=tmp_path)
    assert [first_suggestion(r["message"]) for r in reports(result)] == ["military"]


# --- corpus vocabulary ----------------------------------------------------------------------


def test_a_word_in_many_documents_is_corpus_vocabulary(run, tmp_path):
    for i in range(3):
        (tmp_path / f"d{i}.txt").write_text(
            f"Story {i}: the editor cut three grafs from the piece.\n"
        )
    assert lint(run, tmp_path) == []
    (tmp_path / "d2.txt").write_text(
        "Story 2: the editor cut nothing.\n"
    )  # now in two documents only
    assert [r["path"].rsplit("/", 1)[-1] for r in lint(run, tmp_path)] == ["d0.txt", "d1.txt"]


def test_corpus_vocabulary_share_is_one_in_a_thousand_documents(run, tmp_path):
    """In a corpus of 2,000 records, a word of the field used in 4 (0.2 %: more than one in
    a thousand) is its vocabulary.  Not so a slip of an everyday word (tha: that), which
    needs ten times as many; a contraction without its apostrophe, however many write it;
    nor a word the corpus writes only joined by a hyphen to another (anti-donky)."""
    plain = "The council met on Monday and agreed the budget for the year."
    records = [{"id": f"r{i}", "text": plain} for i in range(2000)]
    for i in range(4):
        records[i * 500]["text"] = f"Story {i}: the firm made an acquihyre of the start-up."
        records[i * 500 + 1]["text"] = f"Story {i}: thats what the council said on Monday."
        records[i * 500 + 2]["text"] = f"Story {i}: tha council met on Monday."
        records[i * 500 + 3]["text"] = f"Story {i}: an anti-donky march met on Monday."
    records[1999]["text"] = "The donky arrived before the meeting began."
    f = tmp_path / "corpus.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    found = lint(run, f)
    assert [(r["line"], r["message"].split("'")[1]) for r in found] == [
        (line, word)
        for start in (2, 502, 1002, 1502)
        for line, word in ((start, "thats"), (start + 1, "tha"))
    ] + [(2000, "donky")]


def test_corpus_vocabulary_threshold_is_configurable(run, tmp_path):
    for i in range(3):
        (tmp_path / f"d{i}.txt").write_text(
            f"Story {i}: the editor cut three grafs from the piece.\n"
        )
    (tmp_path / "newslint.toml").write_text("[rules.probable-typo]\nvocabulary-documents = 0\n")
    result = run("--select", "NL1", "--format", "json", "--exit-zero", ".", cwd=tmp_path)
    assert len(reports(result)) == 3


# --- non-English documents ------------------------------------------------------------------


def test_non_english_document_gets_one_info_report(run):
    found = lint(run, FIXTURES / "german.txt")
    assert [(r["code"], r["severity"]) for r in found] == [("NL103", "info")]


def test_non_english_record_in_json_lines(run, tmp_path):
    german = (FIXTURES / "german.txt").read_text().strip()
    f = tmp_path / "a.jsonl"
    f.write_text(
        json.dumps({"id": "en", "text": "The troops were equipped wiht rifles."})
        + "\n"
        + json.dumps({"id": "de", "text": german})
        + "\n"
    )
    found = lint(run, f)
    assert sorted((r["code"], r["line"]) for r in found) == [("NL101", 1), ("NL103", 2)]


def test_a_document_not_in_english_costs_no_word_by_word_work():
    """Its findings are never reported, so none are worked out (a corpus of other languages
    is checked at the cost of the language test); its unknown words still count as corpus
    vocabulary."""
    from newslint.checks.spelling.analysis import analyse
    from newslint.document import Document

    german = (FIXTURES / "german.txt").read_text() + "\nDie Soldaten warn wiht Gewehren.\n"
    a = analyse(Document(german), frozenset())
    assert a.non_english and a.findings == [] and "wiht" in a.unknown_words
    english = analyse(Document("The troops were equipped wiht rifles."), frozenset())
    assert not english.non_english and [f.word for f in english.findings] == ["wiht"]


# --- recall on planted typos ----------------------------------------------------------------


def test_recall_on_planted_one_edit_typos():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import spelling_recall

    texts = spelling_recall.read_texts(str(FIXTURES / "ordinary.txt"))
    m = spelling_recall.measure(texts * 25, seed=7, options={"vocabulary-documents": 0})
    assert m["total"] >= 150
    assert m["found"] / m["total"] >= 0.93, m["missed"]
    assert m["right"] / m["found"] >= 0.8


# --- the lexicon ----------------------------------------------------------------------------


def test_lexicon_api():
    from newslint.lexicon import get_lexicon

    lex = get_lexicon()
    assert lex is get_lexicon()
    for word in ("turkey", "march", "polish", "may", "nice", "bath", "reading", "august"):
        assert lex.has_lowercase_form(word), word
    for word in ("seoul", "kursk", "russian", "korean", "monday"):
        assert not lex.has_lowercase_form(word), word
        assert lex.known(word) and lex.known(word.capitalize())
    for word in (
        "colour",
        "organise",
        "programme",
        "defence",
        "centre",
        "labour",
        "travelled",
        "people\u2019s",
    ):
        assert lex.known(word), word
    assert not lex.known("wiht") and lex.frequency("wiht") == 0
    assert lex.frequency("the") > lex.frequency("these") > lex.frequency("thesis") > 0
    assert lex.frequency("colour") == lex.frequency("color")


def test_importing_is_cheap_and_loading_is_fast():
    code = (
        "import time, newslint.checks.spelling as s, newslint.lexicon as l\n"
        "assert not l.get_lexicon.loaded() and not s.get_misspellings.loaded()\n"
        "t = time.process_time(); l.get_lexicon(); s.get_misspellings()\n"
        "print(time.process_time() - t)\n"
    )
    out = python_output(code)
    assert float(out) < 0.6  # 0.2 s on an idle machine; generous for a loaded CI box


def test_other_families_do_not_load_the_lexicon(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Some text wiht a typo.\n")
    code = (
        "import sys\nfrom newslint.cli import main\nimport newslint.lexicon as l\n"
        f"main(['--isolated', '--select', sys.argv[1], '--exit-zero', '-q', {str(f)!r}])\n"
        "print('loaded' if l.get_lexicon.loaded() else 'not loaded')\n"
    )
    import subprocess

    def loaded(select):
        out = subprocess.run(
            [sys.executable, "-c", code, select], capture_output=True, text=True, cwd=ROOT
        ).stdout
        return out.strip().splitlines()[-1]

    assert loaded("NL30") == "not loaded"  # NL312/NL313 (glued words) consult the lexicon
    assert loaded("NL4") == "not loaded"
    assert loaded("NL1") == "loaded"


def test_quoted_words_need_an_unmistakable_slip(run, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text('He coined the word "liberati" and said Labour was not "ratteld" at all.\n')
    found = lint(run, f)
    assert [first_suggestion(r["message"]) for r in found] == ["rattled"]


def test_broken_contractions_and_sentence_start_names_are_left_alone(run, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(
        "The plan isn \u2018t over. He left. Tre Harbison ran for 112 yards. Groupe LAPS made it.\n"
    )
    assert lint(run, f) == []


def test_a_name_line_is_short():
    """A lower-case word ending a line of capitalised words is a byline's name only on a
    short line: a long one (a text without line breaks) is not, and is not read whole."""
    from newslint.checks.spelling.analysis import _name_line

    byline = "Photographs by\nM Bharat lal\n"
    start = byline.index("lal")
    assert _name_line(byline, start, start + 3)
    assert not _name_line("Photo\nM Bharat lal is here\n", 15, 18)
    long = "Word " * 200_000 + "lal"
    assert not _name_line(long, len(long) - 3, len(long))
