"""NL1xx on what scrapers really produce (issue 14): other languages' clauses, loanwords,
code and maths, brands, slang, jargon; and the document's own spelling of a suggestion
(issue 16).  Through the real CLI; every sentence is invented."""

from test_spelling import first_suggestion, lint
from test_spelling_real import PLAIN


def flagged(run, tmp_path, text):
    f = tmp_path / "a.txt"
    f.write_text(PLAIN + text, encoding="utf-8")
    return {r["message"].split("'")[1]: first_suggestion(r["message"]) for r in lint(run, f)}


def test_a_clause_in_another_language_is_not_english_with_typos(run, tmp_path):
    got = flagged(
        run,
        tmp_path,
        "The mayor tweeted in Spanish: Fue una noche muy especial para todos.\n"
        "A fan replied: Ze zijn lekker bezig met de nieuwe plannen.\n"
        "His card read \u201cavvocato molto famoso\u201d under the name.\n"
        "The milatary said it would tell the council about the roads.\n",
    )
    assert got == {"milatary": "military"}


def test_a_loanword_is_not_two_edits_from_an_english_word(run, tmp_path):
    assert flagged(run, tmp_path, "The trial became a cause celebre in the town.\n") == {}


def test_function_calls_brands_and_regular_prefixed_inflections_are_quiet(run, tmp_path):
    got = flagged(
        run,
        tmp_path,
        "Search costs O(sqrt(rows)) and the typo(s) stay.\n"
        "Inquisitr reported it first. Flickr removed the photos.\n"
        "The debiasing step and the retweeting of posts were discussed.\n",
    )
    assert got == {}


def test_slang_english_writes_often_is_a_word_unless_a_common_slip_explains_it(run, tmp_path):
    got = flagged(
        run,
        tmp_path,
        "Are yall coming to the meeting on Tuesday?\nThe plan wil work, the mayor said.\n",
    )
    assert got == {"wil": "will"}


def test_a_syllable_left_out_is_a_two_edit_misspelling(run, tmp_path):
    assert flagged(run, tmp_path, "The precion of the survey was questioned.\n") == {
        "precion": "precision"
    }


def test_a_suggestion_takes_the_spelling_the_document_uses(run, tmp_path):
    british = flagged(run, tmp_path, "Two programmes were cut. The new programes start soon.\n")
    american = flagged(run, tmp_path, "Two programs were cut. The new programes start soon.\n")
    assert british == {"programes": "programmes"}
    assert american == {"programes": "programs"}


def test_variants_of_a_word():
    from newslint.checks.spelling.candidates import in_documents_spelling, variants

    assert "center" in variants("centre") and "centre" in variants("center")
    assert "programmes" in variants("programs") and "colour" in variants("colour".replace("u", ""))
    assert variants("four") == [] and "travelled" in variants("traveled")
    assert in_documents_spelling(["center", "cents"], frozenset({"centre"})) == ["centre", "cents"]
    assert in_documents_spelling(["center", "centre"], frozenset({"centre"})) == ["centre"]
    assert in_documents_spelling(["center"], frozenset()) == ["center"]


def test_speech_emphasis_slugs_prefixed_letters_and_rare_derivations_are_quiet(run, tmp_path):
    got = flagged(
        run,
        tmp_path,
        'He said: "We gonna be turnin up and burnin rubber all night."\n'
        "It was sooo late, so we left soon after. Pleeease stop, she wrote.\n"
        "hero-imagge-r-copy\n"
        "She loves kdramas and xrays. The catcaller was fined.\n"
        "The plannned trip on the bulllet train, the imagge and the seee.\n",
    )
    assert got == {"plannned": "planned", "bulllet": "bullet", "imagge": "image", "seee": "see"}


def test_a_page_of_links_is_still_english(run, tmp_path):
    links = "".join(
        f"- [Author {i}](https://example.org/find?type=author&q=zq{chr(97 + i % 26)}"
        f"{chr(97 + i // 26)}vbn&ref=blogx)\n"
        for i in range(40)
    )
    f = tmp_path / "links.md"
    f.write_text(PLAIN + "The people who helped us this year:\n\n" + links, encoding="utf-8")
    assert [r["code"] for r in lint(run, f)] == []


def test_maths_rendered_as_text_and_a_platform_s_user_are_not_typos(run, tmp_path):
    got = flagged(
        run,
        tmp_path,
        "The bound is log\u2061n \\log n logn here, and \\frac{1}{n} grows.\n"
        "Twitter user bronw wrote it. Later bronw added more.\n"
        "The plan for the user interfce was late.\n",
    )
    assert got == {"interfce": "interface"}


def test_regular_able_ish_and_long_suffix_derivations_are_words(run, tmp_path):
    got = flagged(
        run,
        tmp_path,
        "The team built simple, composable parts and a deployable kit.\n"
        "The data entry keyers hummed a hookish tune.\n"
        "The noteable speech was given.\n",
    )
    assert got == {"noteable": "notable"}


def test_glosses_credits_drop_caps_edits_dash_compounds_and_broken_contractions(run, tmp_path):
    got = flagged(
        run,
        tmp_path,
        "He called the guards filthy kuffs (unbelievers) in a post.\n"
        "The farm photo came from Stockphotos.com/ bazil as usual.\n"
        "**R** etrieval **a** ugmented generation is popular.\n"
        "Every crown is papier\u2013m\u00e2ch\u00e9 to yours.\n"
        "There hadn' t been any warning, and it isn 't over.\n"
        "The critic said the firm was \u201c[s]howing a shocking disregard\u201d for it.\n"
        "The othre man left.\n",
    )
    assert got == {"othre": "other"}


def test_keys_and_identifiers_in_a_page_that_shows_code_are_not_typos(run, tmp_path):
    code = flagged(
        run,
        tmp_path,
        "Call `run` with constructor args, then save the json file.\n"
        "The result is {'name': 'x', 'args': {'id': 1}} for the call.\n"
        "The othre man left.\n",
    )
    assert code == {"othre": "other"}
    # the same word in a page without code is still weighed as a typo
    assert "json" in flagged(run, tmp_path, "He wrote the json on a board.\n")


def test_a_short_word_drawn_out_is_emphasis(run, tmp_path):
    got = flagged(run, tmp_path, "I am soo happy, she said, and waaiit for me. The othre left.\n")
    assert got == {"othre": "other"}


def test_word_usage_reads_wordfreqs_lists_as_wordfreq_does(monkeypatch):
    import wordfreq

    from newslint import word_usage

    words = ["the", "tumblr", "composable", "wiht", "qqzx", "don't", "naïve", "Paris", "a1"]
    words += ["x86", "co-operate", "l'homme", "U.S.", "1,000", "straße", "", "日本", "hola"]
    monkeypatch.setattr(word_usage, "_TABLES", {})
    monkeypatch.setattr(word_usage._Table, "INDEX_AFTER", 6)  # the lists, then the tries
    for _ in range(2):
        assert [word_usage.english_zipf(w) for w in words] == [
            wordfreq.zipf_frequency(w, "en") for w in words
        ]
        assert [word_usage.other_language_zipf(w) for w in words] == [
            max(wordfreq.zipf_frequency(w, lang, "small") for lang in word_usage.OTHER_LANGUAGES)
            for w in words
        ]
    table = word_usage._table("large_en")
    assert table.trie is not None and table.buckets == []
    word_usage.prepare()  # every list in its trie
    assert all(t.trie is not None for t in word_usage._TABLES.values())
    assert len(word_usage._TABLES) == 1 + len(word_usage.OTHER_LANGUAGES)


def test_a_list_of_user_names_is_neither_a_foreign_language_nor_typos(run, tmp_path):
    # invented user names, one a line, numbered or not: a page's contributors
    names = [a + b for a in ("bako", "tiru", "mezo", "vanu") for b in ("la", "pik", "sor")]
    names += [a + b for a in ("qwill", "zorp", "fenk") for b in ("dev", "x", "99")]
    lines = [f"{i:02d}. {n}" for i, n in enumerate(names[:12], 1)] + names[12:]
    f = tmp_path / "a.md"
    f.write_text(
        "Today we thank the people who built this project with us over the year.\n\n"
        "## Top contributors\n\n" + "\n\n".join(lines) + "\n\nThank you, othre helpers.\n",
        encoding="utf-8",
    )
    got = {r["code"]: r["message"].split("'")[1] for r in lint(run, f)}
    assert got == {"NL102": "othre"}
