"""Extraction damage (NL710-NL713), glued words (NL312-NL313), marks conversion left wrong
(NL309 across a quote, NL314, NL315), Windows-1252 controls (NL805) and half-broken entities
(NL704), through the real command line on texts of our own."""

import json

from conftest import found, run_cli


def lint(path, *args):
    return run_cli("--isolated", "--no-cache", *args, path)


def codes(result):
    return [(line, code) for line, _, code in found(result)]


# --- NL710 a lead-in left dangling --------------------------------------------------------------


STORY = """Council rejects bridge plan

The council voted against the new bridge on Monday night.

A councillor who filmed the debate posted a video of the vote online:

The bridge would have cost twelve million pounds over five years.

The leader of the council said:

\u201cWe will look at the plan again in the spring.\u201d

The options on the table were:

- repair the old bridge
- build a ferry

The council set out three reasons for its decision:

The budget was cut in March and the grant did not come.

Residents who want to see the full debate can watch it below:
"""


def test_lead_in_with_nothing_after_or_a_dropped_video_is_reported(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    result = lint(path, "--select", "NL710")
    assert codes(result) == [(5, "NL710"), (22, "NL710")]
    assert "the article ends on it" in result.lines[1]


def test_lead_in_without_evidence_is_reported_when_evidence_is_not_required(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    config = tmp_path / "newslint.toml"
    config.write_text('[rules.NL710]\n"require-evidence" = false\n', encoding="utf-8")
    result = run_cli("--config", config, "--no-cache", "--select", "NL710", path)
    assert codes(result) == [(5, "NL710"), (18, "NL710"), (22, "NL710")]


def test_wider_gap_after_a_lead_in_is_evidence(tmp_path):
    path = tmp_path / "gap.txt"
    path.write_text(
        "Fans queued all night.\n\nThe singer thanked them with a short message:\n\n\n\n"
        "Tickets sold out in an hour.\n\nMore dates follow in May.\n",
        encoding="utf-8",
    )
    assert codes(lint(path, "--select", "NL710")) == [(3, "NL710")]


# --- NL711 a truncated ending -------------------------------------------------------------------


def test_truncated_endings_in_json_lines_records(tmp_path):
    records = [
        "The mayor opened the new library. Readers will have the opportunity to\u2026",
        "The mayor opened the new library. It holds forty thousand books.",
        "The mayor opened the new library and said the town had waited for it for years "
        "while the old one stood empty and the council looked for money to repair its roof and",
        "The mayor opened the new library. The rest is history\u2026",
        "The mayor opened the new library on Friday, officials said [\u2026]",
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text(
        "".join(json.dumps({"id": i, "body": t}) + "\n" for i, t in enumerate(records)),
        encoding="utf-8",
    )
    result = lint(path, "--select", "NL711")
    assert codes(result) == [(1, "NL711"), (3, "NL711"), (5, "NL711")]


# --- NL712 fused headings, NL713 a lone full stop ----------------------------------------------------


def test_fused_headings_and_a_lone_dot(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(
        "OUR HISTORY The club was founded by six miners in 1901.\n\n"
        "Members meet on Fridays and wear green on match days In addition, they run a "
        "youth team.\n\n"
        "He starred in The Godfather and in It Follows.\n"
        ".\n"
        "The club is open to all.\n",
        encoding="utf-8",
    )
    result = lint(path, "--select", "NL712,NL713")
    assert codes(result) == [(1, "NL712"), (3, "NL712"), (6, "NL713")]
    lint(path, "--select", "NL713", "--fix")
    assert "\n.\n" not in path.read_text(encoding="utf-8")


# --- NL312 / NL313 glued words ----------------------------------------------------------------------


def test_glued_words_and_their_fix(tmp_path):
    path = tmp_path / "glued.txt"
    path.write_text(
        "The team kept playing despitenever having won, one ofthe first to try.\n\n"
        "Watch the walkthrough of the gameshow on YouTube.\n",
        encoding="utf-8",
    )
    result = lint(path, "--select", "NL312")
    assert codes(result) == [(1, "NL312"), (1, "NL312")]
    lint(path, "--select", "NL312", "--fix", "--unsafe-fixes")
    assert path.read_text(encoding="utf-8").startswith(
        "The team kept playing despite never having won, one of the first"
    )


def test_glued_tags_are_confirmed_by_the_run(tmp_path):
    (tmp_path / "a.md").write_text("# Sleep study\n\nHealthResearch\n\nText.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Town budget\n\nPolicyResearch\n\nText.\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("# Credits\n\nCourtesy: FinanceDaily\n", encoding="utf-8")
    together = run_cli("--isolated", "--no-cache", "--select", "NL313", tmp_path)
    assert sorted(line.split(":")[0].rsplit("/", 1)[-1] for line in together.lines) == [
        "a.md",
        "b.md",
    ]
    alone = lint(tmp_path / "a.md", "--select", "NL313")
    assert alone.lines == []


# --- NL309 across a quote, NL314, NL315 ---------------------------------------------------------------


def test_marks_conversion_left_wrong(tmp_path):
    path = tmp_path / "marks.txt"
    path.write_text(
        "It was the \u201cthe bottom line\u201d for Acme Inc.\u2018s board.\n"
        "He never came back\u2026....\n"
        "Style guides drop the \u201cthe\u201d here\u2026.\n",
        encoding="utf-8",
    )
    result = lint(path, "--select", "NL309,NL314,NL315")
    assert codes(result) == [(1, "NL309"), (1, "NL315"), (2, "NL314")]
    lint(path, "--select", "NL309,NL314,NL315", "--fix", "--unsafe-fixes")
    assert path.read_text(encoding="utf-8").splitlines()[:2] == [
        "It was \u201cthe bottom line\u201d for Acme Inc.\u2019s board.",
        "He never came back\u2026",
    ]


# --- NL805 Windows-1252 controls, NL704 half-broken entities ------------------------------------------


def test_every_windows_1252_control_on_a_line_is_reported_once(tmp_path):
    path = tmp_path / "cp.txt"
    path.write_text(
        "I\x92m sure it\x92s fine, he said \x93yes\x94.\nHabitantes conf\x92an en el proyecto.\n",
        encoding="utf-8",
    )
    result = lint(path, "--select", "NL8")
    assert [c for c in found(result) if c[0] == 1] == [
        (1, 2, "NL805"),
        (1, 12, "NL805"),
        (1, 29, "NL805"),
        (1, 33, "NL805"),
    ]  # NL801 leaves the line to NL805: no second report
    assert [code for ln, _, code in found(result) if ln == 2] == ["NL801"]  # Mac Roman
    lint(path, "--select", "NL805", "--fix")
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "I\u2019m sure it\u2019s fine, he said \u201cyes\u201d."
    )


def test_half_broken_numeric_entities(tmp_path):
    path = tmp_path / "feed.txt"
    path.write_text(
        "I don#146;t know, he said.\nIt cost #36;5m.\nSee issue #146; it was fixed.\n"
        "a { color: #123;margin: 0 }\n",
        encoding="utf-8",
    )
    assert codes(lint(path, "--select", "NL704")) == [(1, "NL704"), (2, "NL704")]
    lint(path, "--select", "NL704", "--fix", "--unsafe-fixes")
    assert path.read_text(encoding="utf-8").splitlines()[:2] == [
        "I don\u2019t know, he said.",
        "It cost $5m.",
    ]
