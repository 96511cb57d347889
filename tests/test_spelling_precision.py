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
