"""Inline suppression: disable/enable, disable-next-line, disable-file, with or without codes,
by code, prefix or name, in plain text and Markdown; unused (NL006) and malformed (NL007)."""

import pytest

GLUED = "He was found injured.Your government lied."  # NL301 at column 21
COMMA = "Thank you,Emma."  # NL302 at column 10


def lint(run, tmp_path, text, *args, name="a.txt"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    if "--select" not in args:  # other families stay out of these texts' way
        args += ("--extend-ignore", "NL1,NL2,NL4,NL5,NL6,NL7,NL8,NL9")
    r = run(name, *args, cwd=tmp_path)
    return [
        line.split(": ", 1)[0].split(":", 1)[1] + " " + line.split(": ", 1)[1].split()[0]
        for line in r.lines
    ]


@pytest.mark.parametrize("name", ["a.txt", "a.md"])
def test_disable_enable_region(run, tmp_path, name):
    text = (
        "\n".join(
            [
                GLUED,
                "<!-- newslint: disable NL301 -->",
                GLUED,
                COMMA,
                "<!-- newslint: enable NL301 -->",
                GLUED,
            ]
        )
        + "\n"
    )
    assert lint(run, tmp_path, text, name=name) == ["1:21 NL301", "4:10 NL302", "6:21 NL301"]


def test_disable_without_enable_runs_to_the_end_and_without_codes_covers_all(run, tmp_path):
    text = f"{GLUED}\n<!-- newslint: disable -->\n{GLUED}\n\n{COMMA}\n"
    assert lint(run, tmp_path, text) == ["1:21 NL301"]


def test_enable_closes_only_what_it_names(run, tmp_path):
    text = (
        "\n".join(
            [
                "<!-- newslint: disable NL301, NL302 -->",
                GLUED + " " + COMMA,
                "<!-- newslint: enable NL302 -->",
                GLUED + " " + COMMA,
                "<!-- newslint: enable -->",
                GLUED,
            ]
        )
        + "\n"
    )
    assert lint(run, tmp_path, text) == ["6:21 NL301"]


def test_disable_next_line(run, tmp_path):
    text = (
        "\n".join(
            [
                "<!-- newslint: disable-next-line NL302 -->",
                GLUED + " " + COMMA,
                COMMA,
                "<!-- newslint: disable-next-line -->",
                "",
                GLUED + " " + COMMA,
                COMMA + " <!-- newslint: disable-next-line missing-space-after-comma -->",
                COMMA,
            ]
        )
        + "\n"
    )
    assert lint(run, tmp_path, text) == ["2:21 NL301", "3:10 NL302", "7:10 NL302"]


def test_disable_file(run, tmp_path):
    text = f"{GLUED}\n{COMMA}\n<!-- newslint: disable-file NL30 -->\n{GLUED}\n"
    assert lint(run, tmp_path, text) == []
    text = f"{GLUED}\n<!-- newslint: disable-file missing-space-after-comma -->\n{COMMA}\n"
    assert lint(run, tmp_path, text) == ["1:21 NL301"]
    text = f"<!-- newslint: disable-file -->\n{GLUED}\n{COMMA}   \n"
    assert lint(run, tmp_path, text, "--select", "ALL") == []


def test_directives_are_hidden_from_prose_rules_in_markdown(run, tmp_path):
    text = (
        "# Title\n\n<!-- newslint: disable-next-line NL302 -->\n"
        + COMMA
        + "\n<!--Not,a directive.Ok-->\n"
    )
    assert lint(run, tmp_path, text, name="a.md") == []


def test_unused_suppression_is_reported_only_when_selected(run, tmp_path):
    text = (
        "\n".join(
            [
                "<!-- newslint: disable-next-line NL302 -->",
                "All fine here.",
                "<!-- newslint: disable-next-line NL301 -->",
                GLUED,
                "<!-- newslint: disable doubled-word -->",
                "Nothing doubled.",
                "<!-- newslint: enable doubled-word -->",
                "<!-- newslint: disable-next-line NL304 -->",  # not selected: cannot judge, not reported
                "Two  spaces.",
            ]
        )
        + "\n"
    )
    assert lint(run, tmp_path, text) == []
    assert lint(run, tmp_path, text, "--extend-select", "NL006") == ["1:1 NL006", "5:1 NL006"]
    # with NL304 selected its directive is used: still only the two unused ones
    assert lint(run, tmp_path, text, "--extend-select", "unused-suppression,NL304") == [
        "1:1 NL006",
        "5:1 NL006",
    ]
    r = run("a.txt", "--extend-select", "NL006", cwd=tmp_path)
    assert (
        "a.txt:1:1: NL006 unused suppression: 'disable-next-line' for NL302 suppresses nothing"
        in r.lines
    )
    assert r.code == 1


def test_unused_file_wide_suppression(run, tmp_path):
    assert lint(
        run, tmp_path, "Clean.\n<!-- newslint: disable-file -->\n", "--select", "NL006"
    ) == ["2:1 NL006"]
    assert (
        lint(run, tmp_path, GLUED + "\n<!-- newslint: disable-file -->\n", "--select", "NL3,NL006")
        == []
    )


def test_malformed_directives(run, tmp_path):
    text = "<!-- newslint: frobnicate -->\n<!-- newslint: disable no-such-rule -->\n" + GLUED + "\n"
    assert lint(run, tmp_path, text) == ["1:1 NL007", "2:1 NL007", "3:21 NL301"]
    # a directive naming only unknown rules is malformed, not also "unused for all rules"
    assert lint(run, tmp_path, text, "--extend-select", "NL006") == [
        "1:1 NL007",
        "2:1 NL007",
        "3:21 NL301",
    ]
    r = run("a.txt", "--ignore", "NL007", cwd=tmp_path)
    assert r.lines == ["a.txt:3:21: NL301 [*] missing space after '.'"]


def test_suppressed_reports_are_not_fixed(run, tmp_path):
    text = f"<!-- newslint: disable-next-line NL301 -->\n{GLUED}\n{GLUED}\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    r = run("a.txt", "--fix", cwd=tmp_path)
    assert r.code == 0
    fixed = path.read_text(encoding="utf-8").splitlines()
    assert fixed[1] == GLUED and fixed[2] == GLUED.replace(".Your", ". Your")


def test_suppression_on_stdin(run):
    r = run("-", stdin=f"<!-- newslint: disable-next-line -->\n{GLUED}\n{COMMA}\n".encode())
    assert r.lines == ["-:3:10: NL302 [*] missing space after ','"]
