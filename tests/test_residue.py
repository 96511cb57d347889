"""NL7xx scraper residue and NL901 spun phrases, through real files and the real command line."""

import random
import shutil
from pathlib import Path

import pytest
from conftest import SHARED, found, run_cli

from newslint.checks.residue.artefacts import ARTEFACTS, ExtractionArtefact

FIXTURES = Path(__file__).parent / "fixtures" / "residue"
SEEDS = SHARED / "seeds"


def reports(result):
    """(file name, line, column, code) of every report line."""
    out = []
    for line in result.lines:
        path, ln, col, rest = line.split(":", 3)
        out.append((Path(path).name, int(ln), int(col), rest.split()[0]))
    return sorted(out)


def copy(tmp_path, name):
    target = tmp_path / Path(name).name
    shutil.copyfile(FIXTURES / name, target)
    return target


# --- the seeds ----------------------------------------------------------------------------------------


@pytest.mark.skipif(not SEEDS.exists(), reason="shared seeds not available")
def test_seeds_give_exactly_the_known_residue_and_spun_phrases(run):
    result = run(
        "-j1",
        "--select",
        "NL7,NL8,NL9",
        SEEDS / "000_910e0e496c3bfacc.txt",
        SEEDS / "004_7cccfb7bed73c38d.txt",
    )
    assert reports(result) == [
        ("000_910e0e496c3bfacc.txt", 9, 258, "NL901"),
        ("000_910e0e496c3bfacc.txt", 11, 26, "NL901"),
        ("000_910e0e496c3bfacc.txt", 35, 76, "NL901"),
        ("000_910e0e496c3bfacc.txt", 43, 151, "NL901"),
        ("000_910e0e496c3bfacc.txt", 47, 1, "NL701"),
    ]
    assert "rather than" in result.out and "stay tuned" in result.out


# --- NL701 boilerplate lines ----------------------------------------------------------------------------


def test_boilerplate_lines_are_reported_and_sentences_are_not(run):
    result = run("--select", "NL701", FIXTURES / "boilerplate.txt")
    assert found(result) == [
        (1, 1, "NL701"),
        (5, 1, "NL701"),
        (8, 1, "NL701"),
        (9, 1, "NL701"),
        (10, 1, "NL701"),
    ]
    assert "share buttons" in result.lines[0] and "copyright" in result.lines[-1]
    assert result.code == 1


def test_edge_only_entry_is_silent_in_the_middle(run, tmp_path):
    middle = [
        "Line one of the story.",
        "Line two.",
        "Line three.",
        "Thanks for reading!",
        "Line five.",
        "Six.",
        "Seven.",
        "Eight.",
    ]
    path = tmp_path / "middle.txt"
    path.write_text("\n".join(middle) + "\n", encoding="utf-8")
    assert found(run("--select", "NL701", path)) == []
    path.write_text("\n".join(middle + ["Thanks for reading!"]) + "\n", encoding="utf-8")
    assert found(run("--select", "NL701", path)) == [(9, 1, "NL701")]


# --- NL707 boilerplate sentences in a flattened line ---------------------------------------------------


def test_boilerplate_sentences_inside_a_flattened_line(run):
    result = run("--select", "NL7", FIXTURES / "flattened.txt")
    assert found(result) == [
        (2, 232, "NL707"),  # Subscribe to our newsletter.
        (2, 345, "NL709"),  # Advertisement "We know ...: a label run into the next sentence
        (2, 521, "NL707"),  # Thanks for reading! (among the last three sentences)
        (2, 541, "NL707"),  # Stay tuned to Harbour Daily for more updates ...
        (2, 619, "NL707"),  # (c) 2024 Harbour Daily Media Ltd. All rights reserved.
    ]  # not: 'click here' and 'Read more' inside sentences
    assert "newsletter or alert sign-up" in result.lines[0]


def test_flattened_boilerplate_needs_a_line_holding_the_document(run, tmp_path):
    line = (FIXTURES / "flattened.txt").read_text(encoding="utf-8").splitlines()[1]
    path = tmp_path / "story.txt"
    # the same long line in a document of many paragraphs is one paragraph among others
    path.write_text("\n".join([line.replace("Thanks for reading! ", "")] + [line[:300]] * 4) + "\n")
    assert found(run("--select", "NL707", path)) == []
    # a sign-off in the middle of a flattened article is not at its edge
    middle = line.replace("Thanks for reading! ", "").replace(
        "Read more books", "Thanks for reading! Read more books"
    )
    path.write_text(middle + "\n", encoding="utf-8")
    assert [c for _, c, _ in found(run("--select", "NL707", path))] == [232, 541, 619]
    (tmp_path / "newslint.toml").write_text(
        "[rules.flattened-boilerplate]\nmin-line-length = 1000\n", encoding="utf-8"
    )
    assert found(run("--select", "NL707", path, cwd=tmp_path)) == []


# --- NL702 corpus-learned boilerplate ---------------------------------------------------------------------


def test_corpus_boilerplate_in_every_document_with_its_count_not_in_copies(run):
    result = run("-j1", "--select", "NL702", FIXTURES / "corpus")
    assert reports(result) == [(f"story{i}.txt", 4, 1, "NL702") for i in range(1, 7)]
    assert all("repeated in 6 documents" in line for line in result.lines)


def test_corpus_boilerplate_threshold_is_configurable(run, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    (tmp_path / "newslint.toml").write_text(
        "[rules.corpus-boilerplate]\nmin-documents = 7\n", encoding="utf-8"
    )
    assert run("-j1", "--select", "NL702", "corpus", cwd=tmp_path).lines == []
    (tmp_path / "newslint.toml").write_text(
        "[rules.NL702]\nmin-words = 50\nmin-documents = 2\n", encoding="utf-8"
    )
    assert run("-j1", "--select", "NL702", "corpus", cwd=tmp_path).lines == []


# --- NL703 / NL704 / NL705 markup, entities, artefacts ----------------------------------------------------


def test_markup_entities_and_artefacts(run):
    result = run("--select", "NL703,NL704,NL705", FIXTURES / "markup.txt")
    assert found(result) == [
        (2, 44, "NL703"),
        (3, 1, "NL703"),
        (3, 50, "NL703"),
        (4, 17, "NL704"),
        (5, 30, "NL704"),
        (6, 14, "NL705"),
    ]  # line 7: '<5%', '>10%', AT&T and R&D are text


def test_entity_fix_is_safe_and_half_broken_fix_is_unsafe(run, tmp_path):
    path = copy(tmp_path, "markup.txt")
    run("--select", "NL704", "--fix", path)
    text = path.read_text(encoding="utf-8")
    assert "The head teacher's letter" in text and "Belichick #39;s" in text
    run("--select", "NL704", "--fix", "--unsafe-fixes", path)
    assert "Patriots coach Bill Belichick's team" in path.read_text(encoding="utf-8")
    assert run("--select", "NL704", path).lines == []


def test_entities_in_markdown_are_syntax_but_double_escapes_are_not(run, tmp_path):
    path = tmp_path / "story.md"
    path.write_text(
        "# Tom &amp; Jerry\n\nHe said &amp;quot;no&amp;quot; twice.\n", encoding="utf-8"
    )
    assert found(run("--select", "NL704", path)) == [(3, 9, "NL704")]


# --- NL901 spun phrases -------------------------------------------------------------------------------------


def test_spun_phrases_and_their_near_misses(run):
    result = run("--select", "NL901", FIXTURES / "spun.txt")
    assert found(result) == [(2, 24, "NL901"), (3, 23, "NL901"), (4, 19, "NL901"), (5, 26, "NL901")]


def test_spun_phrase_fix_is_unsafe(run, tmp_path):
    path = copy(tmp_path, "spun.txt")
    before = path.read_text(encoding="utf-8")
    run("--select", "NL901", "--fix", path)
    assert path.read_text(encoding="utf-8") == before
    run("--select", "NL901", "--fix", "--unsafe-fixes", path)
    after = path.read_text(encoding="utf-8").splitlines()
    assert after[1] == "The vote was postponed rather than being held on Tuesday, officials said."
    assert after[2] == "The matter is further complicated by a legal challenge from residents."
    assert after[3] == "Such hearings are often delayed for months."
    assert after[4] == "Lawyers said it would be nearly impossible to finish by June."
    assert after[6:] == before.splitlines()[6:]


# --- pack entries: conditions, positions, errors (packs.py extension) -------------------------------------

PACK = """
[[rules]]
code = "NL990"
name = "test-entries"
kind = "substitution"
scope = "sentence"
ignorecase = true
message = "'{match}' -> '{replacement}'"

[[rules.entries]]
phrase = "big pond"
replacement = "Atlantic"
before = 'across\\s+the'
bad = ["They sailed across the ⟦big pond⟧."]
good = ["A big pond in the park."]

[[rules.entries]]
pattern = '(\\w+) fellow'
replacement = '\\1 colleague'
not-after = 'travell?ers?'
good = ["A fellow travellers' club."]

[[rules]]
code = "NL991"
name = "test-position"
kind = "existence"
scope = "line"
whole-line = true
position = "start"
edge-lines = 1
message = "first line is '{match}'"
tokens = ["Menu"]
"""


def test_pack_entries_with_context_and_position(run, tmp_path):
    pack = tmp_path / "pack.toml"
    pack.write_text(PACK, encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text(
        "Menu\nThey sailed across the big pond. My old fellow said so.\nMenu\n", encoding="utf-8"
    )
    result = run("--rule-path", pack, "--select", "NL990,NL991", doc)
    assert found(result) == [(1, 1, "NL991"), (2, 24, "NL990"), (2, 37, "NL990")]
    assert "'old fellow' -> 'old colleague'" in result.out
    run("--rule-path", pack, "--select", "NL990", "--fix", "--unsafe-fixes", doc)
    assert "across the Atlantic. My old colleague said so." in doc.read_text(encoding="utf-8")


def test_bad_pack_entry_is_a_clear_error(tmp_path):
    pack = tmp_path / "bad.toml"
    pack.write_text(PACK.replace("not-after =", "not_after ="), encoding="utf-8")
    result = run_cli("--rule-path", pack, "--select", "NL990", tmp_path)
    assert result.code == 2
    assert "unknown field 'not_after'" in result.err


# --- Markdown link references: syntax in Markdown, residue elsewhere ---------------------------


def test_link_references_are_residue_in_text_and_json_but_syntax_in_markdown(run, tmp_path):
    body = "# Prices\n\nPrices rose [again][1] on Monday.\n\n[1]: https://example.com/prices\n"
    (tmp_path / "story.md").write_text(body, encoding="utf-8")
    (tmp_path / "story.txt").write_text(body, encoding="utf-8")
    record = '{"text": "Prices rose again on Monday.\\n\\n[1]: https://example.com/prices"}\n'
    (tmp_path / "stories.jsonl").write_text(record, encoding="utf-8")
    result = run("--select", "NL705", tmp_path)
    assert reports(result) == [("stories.jsonl", 1, 43, "NL705"), ("story.txt", 5, 1, "NL705")]
    assert "a Markdown link reference '[1]: https://example.com/prices'" in result.lines[-1]


# --- NL705's needs: a text without them is not searched ------------------------------------------


def test_every_artefact_match_holds_what_its_pattern_needs():
    """Random texts of the pieces the patterns are made of, and NL705's examples: wherever a
    pattern matches, the text holds one of the strings it is skipped without."""
    pieces = ["[", "]", ":", "1", "edit", "{", "}", "{{", "%", "s", "(", ")", "$", "_", "__", "A"]
    pieces += [" ", "\n", "x", "TITLE", "INSERT ", "Image", "Media", "Video", "copyright"]
    pieces += ["caption", " source,", "Photo credit:", "javascript:", ";", "title", "lorem ipsum"]
    rnd = random.Random(7)
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(20000)]
    texts += [e if isinstance(e, str) else e[0] for e in ExtractionArtefact.bad]
    matched = 0
    for text in texts:
        for needs, pattern in ARTEFACTS:
            if pattern.search(text):
                matched += 1
                assert any(w in text for w in needs), (pattern.pattern, text)
    assert matched > 1000
