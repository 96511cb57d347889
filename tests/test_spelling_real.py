"""NL102 on the misspellings real people make (issue 16): derivations against the spelling
rules, two-edit misspellings, the document's own spelling.  Sentences are invented."""

import sys
from pathlib import Path

from conftest import ROOT
from test_spelling import first_suggestion, lint

# ordinary words around the misspellings, so that no document looks like another language
PLAIN = (
    "The council met on Tuesday evening to discuss the new budget for the coming year, and "
    "several members asked why the roads in the north of the city had not been repaired.\n"
)


def found(run, tmp_path, text):
    f = tmp_path / "a.txt"
    f.write_text(PLAIN + text)
    return {r["message"].split("'")[1]: first_suggestion(r["message"]) for r in lint(run, f)}


def test_derivations_against_the_spelling_rules_are_typos(run, tmp_path):
    got = found(
        run,
        tmp_path,
        "The team was raceing home. The noteable guests left. He replyed at once.\n"
        "It was truely odd. Their claimes were false. The tattooes faded. The babyes slept.\n"
        "It was desireable and basicly done.\n",
    )
    assert got == {
        "raceing": "racing",  # silent e dropped before a vowel
        "noteable": "notable",  # ... and before -able
        "replyed": "replied",  # consonant + y -> i
        "truely": "truly",  # -ue + -ly
        "claimes": "claims",  # -es only after s, x, z, ch, sh, o
        "tattooes": "tattoos",
        "babyes": "babies",
        "desireable": "desirable",
        "basicly": "basically",  # -ic + -ally
    }


def test_an_irregular_verb_made_regular_is_a_typo_of_its_past(run, tmp_path):
    got = found(
        run,
        tmp_path,
        "We heared the news. She teached French and thinked it over.\n"
        "He drived home, then runned. Nobody foreseed it.\n",
    )
    assert got == {
        "heared": "heard",  # hear + ed: a regular derivation, but hear is irregular
        "teached": "taught",  # not reached, one letter away
        "thinked": "thought",  # not thanked
        "drived": "drove",  # drive + d; not derived
        "runned": "run",  # the consonant doubled as a regular verb's is (shipped list: ran)
        "foreseed": "foreseen",  # a known verb made from an irregular one with a prefix
    }


def test_a_regular_form_the_lexicon_lists_for_an_irregular_verb_stays_quiet(run, tmp_path):
    # leaded petrol, stringed instruments, a retreaded tyre: in the word lists
    text = "The leaded fuel, the stringed lute and the retreaded tyres were sold.\n"
    assert found(run, tmp_path, text) == {}


def test_the_irregular_verb_table_holds_known_forms():
    from newslint.inflections import irregular_verbs
    from newslint.lexicon import get_lexicon

    words = get_lexicon().words
    table = irregular_verbs()
    assert len(table) > 100 and table["know"] == ("knew", "known")
    for verb, forms in table.items():
        assert verb in words and all(f in words for f in forms), verb
        assert verb + "ed" not in forms  # no regular past in the table


def test_a_listed_misspelling_of_a_far_commoner_word_suggests_that_word_first(run, tmp_path):
    # the shipped list (made for code) corrects dangerus to dangers, acftually to factually:
    # the error model finds the common word one slip away ten times likelier; a plural keeps
    # its listed correction (companys: companies, not company)
    got = found(
        run, tmp_path, "It was dangerus, and we acftually left. Three companys bid for it.\n"
    )
    assert got == {"dangerus": "dangerous", "acftually": "actually", "companys": "companies"}


def test_regular_derivations_and_compounds_stay_quiet(run, tmp_path):
    text = (
        "The strugglers were demerged; the freakery, trickery and gameplay went on.\n"
        "The bandmates were retweeting and the vectorizer was noticeable.\n"
    )
    assert found(run, tmp_path, text) == {}


def test_two_edit_misspellings_of_long_words(run, tmp_path):
    got = found(
        run,
        tmp_path,
        "The gobernement fell in May. They could not acommadate us.\nThe carfull driver stopped.\n",
    )
    assert got == {
        "gobernement": "government",
        "acommadate": "accommodate",
        "carfull": "careful",  # not car + full: an everyday word two speller's errors away
    }


def test_two_edits_are_weighed_even_where_a_word_is_one_slip_away(run, tmp_path):
    # flute and brute are one letter from frute; fruit, two vowels' edits away and far
    # commoner, is the likelier word meant: the error model weighs one edit against two
    got = found(run, tmp_path, "The frute was fresh from the market.\n")
    assert got == {"frute": "fruit"}


def test_an_everyday_word_spelt_by_ear_may_be_three_edits_from_eight_letters(run, tmp_path):
    # cumpanee, desishun: three letters from company and decision, everyday words, with the
    # same Metaphone key (KMPN, TSXN) and the changes a speller makes (vowels, sound-alike
    # consonants); a rarer word so far from a word this short is a coincidence (robodogs)
    got = found(run, tmp_path, "The cumpanee made its desishun on Friday. The robodogs ran.\n")
    assert got == {"cumpanee": "company", "desishun": "decision"}


def test_an_everyday_word_spelt_by_ear_is_a_candidate(run, tmp_path):
    # simpul sounds as simple does (Metaphone SMPL), two letters changed: not a speller's
    # error letter by letter, but how an everyday word is spelt by ear
    got = found(run, tmp_path, "It was a simpul plan, set out on the tabul.\n")
    assert got == {"simpul": "simple", "tabul": "table"}


def test_two_edits_are_never_tried_on_names_short_words_or_emphasis(run, tmp_path):
    text = (
        "Gobernement spokesmen met the Acommadate family. We saw the wimax and a ziers.\n"
        "The fans begged him, pleeease, to sing it once more.\n"
    )
    assert found(run, tmp_path, text) == {}


def test_the_document_s_own_spelling_comes_first(run, tmp_path):
    british = found(run, tmp_path, "The centre of town. The cente was busy.\n")
    american = found(run, tmp_path, "The center of town. The cente was busy.\n")
    assert british == {"cente": "centre"} and american == {"cente": "center"}


def test_regular_follows_the_spelling_rules():
    from newslint.lexicon import regular

    assert regular("race", "s") and regular("stop", "s") and regular("play", "ed")
    assert regular("see", "ing") and regular("manage", "able") and regular("box", "es")
    assert not regular("race", "ing") and not regular("note", "able")
    assert not regular("stop", "ed") and not regular("reply", "ed")
    assert not regular("claim", "es") and not regular("true", "ly")


def test_the_two_edit_index_loads_only_for_spelling(tmp_path):
    import subprocess

    f = tmp_path / "a.txt"
    f.write_text("The gobernement fell.\n")
    code = (
        "from newslint.cli import main\nimport newslint.checks.spelling.far as far\n"
        "for select in ('NL4', 'NL30', 'NL1'):\n"
        f"    main(['--isolated', '--select', select, '--exit-zero', '-q', {str(f)!r}])\n"
        "    print(select, far._two_edit_words.loaded())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT
    ).stdout
    lines = [line for line in out.splitlines() if line.startswith("NL")]
    assert lines == ["NL4 False", "NL30 False", "NL1 True"], out


def test_real_misspelling_benchmark_plants_and_scores(tmp_path):
    """benchmarks/spelling_real.py on an invented corpus in Mitton's format."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import spelling_real

    folder = tmp_path / "mitton"
    folder.mkdir()
    (folder / "made-up.dat").write_text(
        "$government\ngobernement 2\n$accommodate\nacommadate\n$racing\nraceing\n"
        "$Paris\nparis\n$the\nteh\n$house\nhouse\n"
    )
    texts = tmp_path / "texts"
    texts.mkdir()
    for i, body in enumerate(
        [
            "The government said racing would resume.",
            "Hotels could accommodate the fans.",
            "They went racing on Sunday.",
            "The government fell.",
        ]
    ):
        (texts / f"{i}.txt").write_text(body + "\n")
    pairs = spelling_real.read_mitton(str(folder))
    assert ("gobernement", "government", "made-up.dat") in pairs
    assert all(miss != correct for miss, correct, _ in pairs)  # house under $house is dropped
    m = spelling_real.measure(pairs, spelling_real.read_texts(str(texts)), cases=10, seed=1)
    rows = m["rows"]
    assert len({r["correct"] for r in rows}) == len(rows) >= 3  # one per document
    assert all(r["found"] and r["right"] for r in rows if r["miss"] != "teh"), rows
    assert spelling_real.distance("acommadate", "accommodate") == 2
    assert spelling_real.variant("colour", "color") and not spelling_real.variant("cat", "cot")


def test_benchmark_reads_nothing_it_is_not_given():
    source = Path(ROOT / "benchmarks" / "spelling_real.py").read_text()
    assert "shared/corpora" not in source.split('"""', 2)[2]  # paths come from the command line


def test_benchmark_asks_other_spellers_through_the_ispell_pipe(tmp_path):
    """--compare reads an ispell-protocol answer per word: '&' with suggestions, '#' with
    none, '*' accepted (here a fake speller, so that the test needs no aspell)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import spelling_real

    fake = tmp_path / "speller.py"
    fake.write_text(
        "import sys\n"
        "print('@(#) International Ispell Version 3.1.20 (but really Fake)')\n"
        "answers = {'recieve': '& recieve 2 0: receive, relieve', 'xqzv': '# xqzv 0',"
        " 'the': '*'}\n"
        "for line in sys.stdin:\n"
        "    print(answers[line.strip().lstrip('^')])\n"
        "    print()\n"
    )
    found = spelling_real.ask_speller([sys.executable, str(fake)], ["recieve", "xqzv", "the"])
    assert found == {"recieve": "receive", "xqzv": "", "the": None}
