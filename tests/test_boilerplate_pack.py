"""The boilerplate pack (rules/boilerplate.toml, NL701) on invented articles, and its entries
found inside paragraphs (NL709), through the real command line."""

from pathlib import Path

import regex
from conftest import run_cli

from newslint.checks.residue.flattened import sentence_screen
from newslint.packs import builtin_rule
from newslint.packs.screen import ANY_WORD
from newslint.rule import MARK_CLOSE, MARK_OPEN

SELECT = ("--isolated", "--no-cache", "--select", "NL701,NL707,NL709")
LEAD = "The council met on Monday to discuss the budget for the coming year."
# what may follow a sentence's end and start the next one (newslint.document.sentences)
SENTENCE_START = regex.compile(r"[\"'\u201c\u2018(\[]*[\p{Lu}\d]|[©ⓒ—]")


def lint(*paths):
    """(file name, line, column, code) of every report of the boilerplate rules."""
    result = run_cli(*SELECT, *paths)
    assert result.code in (0, 1), result.err
    out = []
    for line in result.lines:
        path, ln, col, rest = line.split(":", 3)
        out.append((Path(path).name, int(ln), int(col), rest.split()[0]))
    return sorted(out)


def write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- whole lines: widgets, credits, bylines, sources, embedded posts --------------------------

FURNITURE = [
    "By Jane Doe",
    "Play VIDEO",
    "Play Video0:39",
    "Video loading",
    "Watch next",
    "Scroll down for video",
    "ON A MOBILE DEVICE? WATCH THE VIDEO HERE.",
    "Poll loading …",
    "Loading Photo Gallery",
    "Expand | Collapse",
    "1 of 2",
    "JANE DOE/EXAMPLE DAILY NEWS/GETTY IMAGES",
    "Photo: Jane Doe",
    "Image via AP",
    "(Reporting by Jane Doe; Editing by John Smith)",
    "Related:",
    "Related article: Harbour walls to be rebuilt",
    "More from Example News",
    "### Tags",
    "Source: https://example.com/news/harbour",
    "https://example.com/news/harbour-walls",
    "42% of readers think this story is Fact. Add your two cents.",
    "© 2016 Example News Group. All rights reserved. This material may not be published.",
    "— Jane Doe (@janedoe) March 3, 2016",
    "A photo posted by Jane Doe (@janedoe) on Mar 3, 2016 at 5:04pm PST",
    "pic.twitter.com/AbC123xYz",
    "[MUSIC]",
    "Follow Jane Doe on Twitter @janedoe.",
    "Read the full blog post here.",
]
PROSE = [
    "Millions follow him on Twitter, where he posts daily about the harbour.",
    "Play video games for an hour a day, the study advised parents.",
    "Video loading times fell by half after the upgrade, the firm said.",
    "By Tuesday, the fire had spread to the hills above the town.",
    "Related stories were told by other witnesses, none of them under oath.",
    "Photographers were kept behind a barrier during the ceremony.",
    "More from the region is expected this week, forecasters said.",
    "Smith/Jones, the law firm, declined to comment on the case.",
    "The newsletter was sent to 40,000 readers last month.",
    "Reporting by The Example Times revealed the scandal in 2019.",
]


def test_furniture_lines_are_reported_and_prose_is_not(tmp_path):
    lines = [LEAD]
    for furniture, prose in zip(FURNITURE, PROSE + PROSE + PROSE):
        lines += [furniture, prose]
    path = write(tmp_path, "article.txt", lines)
    found = lint(path)
    expected = [("article.txt", 3 + 4 * i, 1, "NL701") for i in range(len(FURNITURE))]
    assert found == expected


def test_markdown_front_matter_and_code_keep_their_keys(tmp_path):
    path = tmp_path / "post.md"
    path.write_text(
        '---\ntitle: "Harbour walls"\nsource: "Example Blog"\ntags: ["Research"]\n---\n\n'
        f"{LEAD}\n\n```yaml\nimage: nginx:latest\nsource: local\n```\n\n{LEAD}\n",
        encoding="utf-8",
    )
    assert lint(path) == []


# --- NL709: the same entries as sentences inside paragraphs -----------------------------------

PROMPTS = [  # (sentence, how it is glued to the paragraph)
    "Follow Jane Doe on Twitter @janedoe.",
    "Sign up for our newsletter.",
    "Read the full blog post here.",
    "Read the rest of the article, here.",
    "CONTINUE READING",
    "Talk to an Expert",
    "Check out the interview above.",
    "Alert us",
    "(AP Photo/Jane Doe)",
    "Rick Smith / Reuters",
]


def test_prompts_inside_paragraphs_are_reported_at_the_sentence(tmp_path):
    lines = [LEAD] + [f"{LEAD} {prompt}" for prompt in PROMPTS]
    path = write(tmp_path, "prompts.txt", lines)
    expected = [("prompts.txt", 3 + 2 * i, len(LEAD) + 2, "NL709") for i in range(len(PROMPTS))]
    assert lint(path) == expected


def test_link_labels_and_embedded_posts_inside_paragraphs(tmp_path):
    lines = [
        LEAD,
        "[Read the paper(opens in a new window)](https://example.com/paper)",
        f"{LEAD} What a day. pic.twitter.com/AbC123 — Jane Doe (@janedoe) March 3, 2016",
        f"{LEAD} What a day for the harbour. http://t.co/AbC123",
    ]
    path = write(tmp_path, "embeds.md", lines)
    assert lint(path) == [
        ("embeds.md", 3, lines[1].index("(") + 1, "NL709"),
        ("embeds.md", 5, lines[2].index("—") + 1, "NL709"),
        ("embeds.md", 7, lines[3].index("http") + 1, "NL709"),
    ]


def test_a_sentence_that_mentions_twitter_is_left_alone(tmp_path):
    path = write(
        tmp_path,
        "story.txt",
        [
            LEAD,
            f"{LEAD} Millions follow him on Twitter. He posts about the harbour daily.",
            f"{LEAD} Readers who sign up for our newsletter get a discount, the editor said.",
            f'{LEAD} "Go on. Sign up for our newsletter. We did," she said.',
            f"{LEAD} Follow the money, the detective said. Then he left.",
            f"{LEAD} Read the report and you will see why, she said.",
            f"{LEAD} The image below shows the harbour in 1900.",
            f"{LEAD} Photographers waited outside. Reuters and AP were both there.",
            "He said the window (opened in a new way) was safe. It was not.",
        ],
    )
    assert lint(path) == []


def test_a_sign_off_counts_only_at_the_edges(tmp_path):
    middle = write(
        tmp_path, "middle.txt", [LEAD, LEAD, LEAD, f"{LEAD} Thanks for reading!", LEAD, LEAD, LEAD]
    )
    end = write(tmp_path, "end.txt", [LEAD, LEAD, LEAD, f"{LEAD} Thanks for reading!"])
    assert lint(middle, end) == [("end.txt", 7, len(LEAD) + 2, "NL709")]


# --- the pack's own examples are tests of NL709 too ----------------------------------------------


def marked(example):
    text = example if isinstance(example, str) else example[0]
    return text[text.index(MARK_OPEN) + 1 : text.index(MARK_CLOSE)]


def test_every_entry_is_found_as_a_sentence_after_article_text(tmp_path):
    """Each bad example of NL701 that can start a sentence (not a lower-case URL, not a
    Markdown heading), written after a sentence of article text on the same line, is found by
    NL709 inside the example (at one of its sentences when it has several), or by NL701 when
    the line as a whole is furniture ("... year. The Example Times. All rights reserved.")."""
    pack = builtin_rule("boilerplate-line")
    paths, spans = [], {}
    for i, example in enumerate(pack.bad):
        furniture = marked(example)
        if not SENTENCE_START.match(furniture):
            continue
        path = tmp_path / f"bad{i:03}.txt"
        path.write_text(f"{LEAD} {furniture}\n", encoding="utf-8")
        paths.append(path)
        spans[path.name] = range(len(LEAD) + 2, len(LEAD) + 2 + len(furniture))
    assert len(paths) > 100
    found = {
        name
        for name, _, col, code in lint(*paths)
        if (code == "NL709" and col in spans[name]) or code == "NL701"  # the line ends with it
    }
    assert sorted(set(spans) - found) == []


def test_no_good_example_is_found_as_a_sentence(tmp_path):
    pack = builtin_rule("boilerplate-line")
    paths = []
    for i, example in enumerate(pack.good):
        path = tmp_path / f"good{i:03}.txt"
        path.write_text(f"{LEAD} {example}\n", encoding="utf-8")
        paths.append(path)
    assert [r for r in lint(*paths) if r[3] == "NL709"] == []


def test_entries_that_start_with_any_word_are_kept_last():
    """NL709 looks up a sentence's first words before trying the entries; only the pack's
    last entries may start with any word (they are tried on every paragraph's last sentence)."""
    pack = builtin_rule("boilerplate-line")
    screen = sentence_screen()
    for body in screen.bodies:
        assert not any(body.match(word, partial=True) for word in ANY_WORD), body.pattern
    assert len(screen.bodies) < len(pack.entry_patterns)
