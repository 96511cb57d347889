"""NL708 furniture-paragraph through the command line, on articles we invented: the furniture a
scraper leaves between paragraphs is reported line by line, and edited text (section headings,
lists, quotations, transcripts, datelines, Markdown structure) gets no report."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# paragraphs of article text, each long enough for jusText to keep it on its own
P1 = (
    "The county council voted on Tuesday night to close the old swimming baths at the end of the "
    "summer, after engineers reported that the roof over the main pool could no longer be repaired."
)
P2 = (
    "Swimmers who have used the baths for decades packed the public gallery, and several of them "
    "told the councillors that the nearest other pool is an hour away by bus from the town centre."
)
P3 = (
    "The leader of the council said that the decision had been the hardest of her time in office, "
    "and that a new leisure centre would be built on the site of the old bus station within five years."
)
P4 = (
    "A petition against the closure has been signed by more than four thousand people, and its "
    "organisers said that they would ask the courts to look again at the way the vote was held."
)


def newslint(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "newslint", "--isolated", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def reported(tmp_path, name: str, text: str, *args: str) -> list:
    """(line, message) of every NL708 report on a file holding ``text``."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    proc = newslint("--select", "NL708", *args, name, cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    out = []
    for line in proc.stdout.splitlines():
        where, message = line.split(" NL708 ", 1)
        out.append((int(where.split(":")[1]), message))
    return out


def lines_of(found: list) -> list:
    return [line for line, _ in found]


def test_scraped_furniture_is_reported_line_by_line(tmp_path):
    text = "\n".join(
        [
            P1,  # 1
            "OUTRAGE: Pensioner fined for feeding ducks in the park",  # 2: a teaser
            P2,  # 3
            "Play VIDEO",  # 4: a player's label ...
            "Swimmers Protest Outside Town Hall 1:42",  # 5: ... and the video's title
            P3,  # 6
            "JANE DOE/EXAMPLE PRESS/GETTY IMAGES",  # 7: a credit
            P4,  # 8
            "Local Bakery Wins National Prize For Its Sourdough Loaf",  # 9: another story
            P1.replace("Tuesday", "Wednesday"),  # 10
            "Swimmers wait outside the baths on the last morning.",  # 11: a caption ...
            "Swimmers wait outside the baths on the last morning. (JOHN ROE/EXAMPLE PRESS)",  # 12
            P2.replace("decades", "years"),  # 13
        ]
    )
    found = reported(tmp_path, "story.txt", text + "\n")
    assert lines_of(found) == [2, 4, 5, 7, 9, 11, 12], found
    messages = dict(found)
    assert "teaser for another story" in messages[2]
    assert "media player's label" in messages[4]
    assert "running time" in messages[5]
    assert "photo credit" in messages[7]
    assert "headline of another story" in messages[9]
    assert "caption set twice" in messages[11]


def test_reported_under_the_default_rules(tmp_path):
    teaser = "OUTRAGE: Pensioner fined for feeding ducks in the park"
    (tmp_path / "story.txt").write_text(f"{P1}\n\n{teaser}\n\n{P2}\n", encoding="utf-8")
    proc = newslint("story.txt", cwd=tmp_path)
    assert "story.txt:3:1: NL708 " in proc.stdout, proc.stdout


def test_edited_text_is_silent(tmp_path):
    text = "\n\n".join(
        [
            "Council Votes To Close The Old Baths",  # the title
            "LONDON, March 3",  # a dateline
            P1,
            "The Roof Over The Main Pool Cannot Be Repaired",  # a heading about its section
            "Engineers said the roof over the main pool could not be repaired safely, and that "
            "repairing the pool roof would cost more than a new building.",
            "- Free Parking For Every Swimmer This Summer",  # a list item
            "“We Will Fight This Closure In The Courts”",  # a quotation
            P2,
            "What the petition asks for:",  # a lead-in
            "Ask The Courts To Look Again At The Vote",  # what it announces
            P3,
            "Sheffield",  # one word: nothing says it is furniture
            P4,
        ]
    )
    assert reported(tmp_path, "edited.txt", text + "\n") == []


def test_a_document_with_section_headings_keeps_them(tmp_path):
    # two title-case lines standing in two places: the document's own section headings, even
    # where the paragraphs after one of them do not repeat its words
    text = "\n\n".join(
        [
            P1,
            "A Long History Of Public Bathing In The Town",
            P2,
            P3,
            "Where Swimmers Will Go From September",
            P4,
        ]
    )
    assert reported(tmp_path, "sections.txt", text + "\n") == []


def test_speaker_labels_are_not_teasers(tmp_path):
    text = "\n\n".join(
        [
            P1,
            "PRESENTER: What did the engineers find when they climbed up to the roof?",
            "ENGINEER: Rust in every beam, and water coming through in a dozen places.",
            P2,
            "ENGINEER: Nobody should swim under that roof again",  # no stop, but a speaker
            P3,
        ]
    )
    assert reported(tmp_path, "interview.txt", text + "\n") == []


def test_a_list_of_short_lines_is_not_furniture(tmp_path):
    fixtures = [f"Town Rovers v Harbour United Reserves {n}" for n in range(1, 7)]
    text = "\n\n".join([P1, *fixtures, P2])
    assert reported(tmp_path, "fixtures.txt", text + "\n") == []


def test_markdown_structure_is_left_alone_and_link_lines_are_reported(tmp_path):
    text = "\n\n".join(
        [
            "---\ntitle: The baths\n---",
            "# Council Votes To Close The Old Baths",
            P1,
            "## What Happens Next For The Swimmers",
            P2,
            "*Figure 1: Visitors To The Baths Each Year Since The Year 2000*",
            "![The main pool](pool.png)",
            "- [Read the engineers' report](https://example.org/report)",
            P3,
            "[Read the full engineers' report](https://example.org/report)",  # line 21
            P4,
        ]
    )
    found = reported(tmp_path, "baths.md", text + "\n")
    assert lines_of(found) == [21], found
    assert "links" in found[0][1]


def test_json_lines_records(tmp_path):
    body = "\n".join([P1, "SHOCK: Swimmer finds gold ring at the bottom of the pool", P2])
    records = [{"id": "a1", "articleBody": body}, {"id": "a2", "articleBody": f"{P3}\n{P4}"}]
    text = "".join(json.dumps(r) + "\n" for r in records)
    (tmp_path / "bodies.jsonl").write_text(text, encoding="utf-8")
    proc = newslint("--select", "NL708", "--extend-include", "*.jsonl", ".", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert len(lines) == 1 and "record a1" in lines[0] and "teaser" in lines[0], proc.stdout


@pytest.mark.parametrize(
    "first",
    ["JANE DOE/EXAMPLE PRESS/GETTY IMAGES", "Play VIDEO", "OUTRAGE: Pensioner fined for ducks"],
)
def test_the_first_line_is_never_reported(tmp_path, first):
    assert reported(tmp_path, "first.txt", f"{first}\n{P1}\n{P2}\n") == []


# --- a caption or another story's headline kept as a sentence with no stop ----------------------

CAPTION = "Swimmers queue in the rain outside the old baths on the last morning of the summer"
LONG_CAPTION = (
    "Council leader Jane Doe (pictured) told the packed public gallery that the decision to close "
    "the baths had been the hardest of her time in office and that she would swim there once more"
)


def test_sentences_without_their_stop_between_punctuated_paragraphs(tmp_path):
    text = "\n\n".join(
        [
            P1,  # 1
            CAPTION,  # 3: a caption, alone
            P2,  # 5
            LONG_CAPTION,  # 7: 34 words, pointing at its picture
            P3,  # 9
            "Expand | Collapse",  # 11: a gallery's toggle
            P4,  # 13
            "Photo 3 of 12",  # 15: a gallery's counter
            P1.replace("Tuesday", "Wednesday"),  # 17
        ]
    )
    found = reported(tmp_path, "story.txt", text + "\n")
    assert lines_of(found) == [3, 7, 11, 15], found
    messages = dict(found)
    assert "a sentence with no full stop" in messages[3]
    assert all("photo caption" in messages[line] for line in (7, 11, 15))


def test_a_caption_without_its_stop_in_a_json_record(tmp_path):
    body = "\n".join([P1, CAPTION, P2, P3, P4])
    records = [{"id": "b1", "articleBody": body}]
    text = "".join(json.dumps(r) + "\n" for r in records)
    (tmp_path / "bodies.jsonl").write_text(text, encoding="utf-8")
    proc = newslint("--select", "NL708", "--extend-include", "*.jsonl", ".", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert len(lines) == 1 and "record b1" in lines[0] and "no full stop" in lines[0], proc.stdout


@pytest.mark.parametrize(
    "name, between",
    [
        ("markdown.md", [CAPTION]),  # Markdown marks its headings: an unmarked line is text
        ("heading.txt", ["The roof over the main pool cannot be repaired"]),  # about its section
        (
            "pictured.txt",
            ["Council leader Jane Doe (pictured) said she would swim there once more."],
        ),
        ("list.txt", [CAPTION, "Lifeguards fold the deckchairs beside the empty pool"]),  # a list
        (
            "quoted.txt",
            ["“We will fight this,” said Jane Doe.", CAPTION],
        ),  # a speaker after a quote
        (
            "wrapped.txt",
            ["The leader of the council said on Tuesday night that the", "decision stands."],
        ),
        ("short.txt", ["Swimmers queue in the rain"]),  # five words: a label, not a sentence
        (
            "dash.txt",
            ["Swimmers queue in the rain outside the old baths -"],
        ),  # a piece of a sentence
    ],
)
def test_lines_without_a_stop_that_are_not_furniture(tmp_path, name, between):
    paragraphs = [P1, *between, P2.replace("several", "many") if name == "wrapped.txt" else P2]
    text = "\n".join(paragraphs) if name == "wrapped.txt" else "\n\n".join(paragraphs)
    text += "\n\n" + "\n\n".join([P3, P4])
    if name == "heading.txt":
        text = text.replace(P2, "Engineers said the roof over the main pool could not be repaired.")
    assert reported(tmp_path, name, text + "\n") == []


def test_a_document_that_writes_without_stops_is_left_alone(tmp_path):
    # notes, posts: when many paragraphs end without a stop, that is the document's style
    plain = [p.rstrip(".") for p in (P1, P2, P3)]
    text = "\n\n".join([plain[0], CAPTION, plain[1], plain[2], P4])
    assert reported(tmp_path, "notes.txt", text + "\n") == []


def test_lines_without_a_stop_in_two_places_may_be_section_headings(tmp_path):
    text = "\n\n".join(
        [P1, "Why the engineers gave up on the old roof", P2, P3, "Where the swimmers go next", P4]
    )
    assert reported(tmp_path, "sections.txt", text + "\n") == []


def test_furniture_beside_a_player_or_in_a_box(tmp_path):
    text = "\n".join(
        [
            P1,  # 1
            "Swimmers say goodbye to the old baths  Play Video2:05",  # 2: a title, its clock
            "Swimmers gathered for a last swim before the doors closed. (Jane Doe/Example News)",
            P2,  # 4
            "The Town Brief newsletter",  # 5: NL701's
            "All the council news before breakfast.",  # 6: the box's pitch
            "Sign up",  # 7: NL701's
            P3,  # 8
            "Council leader defends her vote on the baths on \u201cThe Evening Show\u201d",  # 9
            P4,  # 10
        ]
    )
    found = reported(tmp_path, "story.txt", text + "\n")
    assert lines_of(found) == [2, 3, 6, 9], found
    messages = dict(found)
    assert "running time" in messages[2] and "video or photo block" in messages[3]
    assert "box" in messages[6] and "no full stop" in messages[9]


def test_article_lines_between_furniture_are_not_boxed(tmp_path):
    text = "\n".join(
        [
            P1,
            "The Town Brief newsletter",
            "The baths opened in 1904. They closed on Friday.",  # two sentences: the article's
            "Sign up",
            P2,
            "Swimmers say goodbye to the old baths  Play Video2:05",
            "Swimmers gathered for a last swim before the doors closed on Friday.",  # no source
            P3,
        ]
    )
    assert lines_of(reported(tmp_path, "story.txt", text + "\n")) == [6], text


# --- jusText's classes in context, in one pass each way -------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from newslint.checks.residue.furniture_justext import in_context  # noqa: E402

CLASSES = st.lists(st.sampled_from(["short", "neargood", "good", "bad"]), max_size=40)


class _Alone:
    """A paragraph as jusText's context step reads one: its class alone, and no heading."""

    def __init__(self, cf_class: str):
        self.cf_class, self.class_type, self.heading, self.text = cf_class, "", False, "x"


@settings(max_examples=500, deadline=None)
@given(CLASSES)
def test_classes_in_context_are_justexts(classes):
    from justext.core import revise_paragraph_classification

    paragraphs = [_Alone(c) for c in classes]
    revise_paragraph_classification(paragraphs)
    assert in_context(classes) == [p.class_type for p in paragraphs]


def test_a_page_of_short_paragraphs_takes_linear_time(tmp_path):
    """100,000 lines of '#' in a JSON body: jusText's own context step walked from each short
    paragraph to the page's ends (over a minute; fuzz.py seed 23)."""
    (tmp_path / "a.json").write_text(
        json.dumps({"body": "Storm hits coast\n\n" + "#\n" * 100000 + "End."}), encoding="utf-8"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newslint",
            "--isolated",
            "--no-cache",
            "--select",
            "NL708",
            "a.json",
        ],
        cwd=tmp_path,
        capture_output=True,
        timeout=30,
    )
    assert proc.returncode in (0, 1) and b"internal error" not in proc.stderr, proc.stderr
