"""Configuration: discovery (nearest wins), --config, --isolated, validation errors (exit 2,
naming the file and the key), and every setting reaching the run."""

import pytest
from conftest import run_cli

GLUED = "He was found injured.Your government lied.\n"  # NL301
COMMA = "Thank you,Emma.\n"  # NL302
BOTH = GLUED + COMMA


def write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(result):
    return sorted({line.split(": ")[1].split()[0] for line in result.lines})


@pytest.fixture
def project(tmp_path):
    write(tmp_path, "docs/a.txt", BOTH)
    return tmp_path


@pytest.mark.parametrize(
    "name,text",
    [
        ("pyproject.toml", '[project]\nname = "x"\n\n[tool.newslint]\nselect = ["NL301"]\n'),
        ("newslint.toml", 'select = ["NL301"]\n'),
        (".newslint.toml", 'select = ["NL301"]\n'),
        ("newslint.toml", '[tool.newslint]\nselect = ["NL301"]\n'),
    ],
)
def test_each_file_name_is_found_from_the_working_directory_up(run, project, name, text):
    write(project, name, text)
    assert codes(run("a.txt", cwd=project / "docs")) == ["NL301"]
    assert codes(run("docs", cwd=project)) == ["NL301"]


def test_nearest_wins(run, project):
    write(project, "newslint.toml", 'select = ["NL301"]\n')
    write(project, "docs/pyproject.toml", '[tool.newslint]\nselect = ["NL302"]\n')
    assert codes(run("a.txt", cwd=project / "docs")) == ["NL302"]
    assert codes(run("docs", cwd=project)) == ["NL301"]


def test_in_one_folder_dot_newslint_then_newslint_then_pyproject(run, project):
    write(project, "pyproject.toml", '[tool.newslint]\nselect = ["NL305"]\n')
    write(project, "newslint.toml", 'select = ["NL302"]\n')
    write(project, ".newslint.toml", 'select = ["NL301"]\n')
    assert codes(run("docs", cwd=project)) == ["NL301"]
    (project / ".newslint.toml").unlink()
    assert codes(run("docs", cwd=project)) == ["NL302"]


def test_pyproject_without_a_newslint_table_is_passed_over(run, project):
    write(project, "newslint.toml", 'select = ["NL301"]\n')
    write(project, "docs/pyproject.toml", "[tool.ruff]\nline-length = 100\n")
    assert codes(run("a.txt", cwd=project / "docs")) == ["NL301"]


def test_explicit_config_and_isolated(run, project):
    write(project, "newslint.toml", 'select = ["NL301"]\n')
    write(project, "elsewhere/custom.toml", 'select = ["NL302"]\n')
    assert codes(run("docs", "--config", "elsewhere/custom.toml", cwd=project)) == ["NL302"]
    assert codes(run("docs", "--isolated", cwd=project)) == ["NL301", "NL302"]
    write(project, "newslint.toml", "this is not toml\n")
    assert codes(run("docs", "--isolated", cwd=project)) == ["NL301", "NL302"]
    r = run("docs", "--isolated", "--config", "elsewhere/custom.toml", cwd=project)
    assert r.code == 2 and "--isolated" in r.err


def test_command_line_overrides_the_file(run, project):
    write(project, "newslint.toml", 'select = ["NL301"]\nignore = ["NL302"]\n')
    assert (
        codes(run("docs", "--select", "NL302", cwd=project)) == []
    )  # the file's ignore still applies
    assert codes(run("docs", "--select", "NL302", "--ignore", "NL305", cwd=project)) == ["NL302"]
    assert codes(run("docs", "--extend-select", "NL302", "--ignore", "NL305", cwd=project)) == [
        "NL301",
        "NL302",
    ]


@pytest.mark.parametrize(
    "name,text,expect",
    [
        ("newslint.toml", 'selec = ["NL301"]\n', "unknown key 'selec' (did you mean 'select'?)"),
        (
            "pyproject.toml",
            '[tool.newslint]\nexlude = ["x"]\n',
            "unknown key 'tool.newslint.exlude'",
        ),
        ("newslint.toml", 'select = "NL301"\n', "key 'select': expected a list of rule codes"),
        ("newslint.toml", "jobs = 0\n", "key 'jobs': expected a whole number of 1 or more, got 0"),
        (
            "newslint.toml",
            'respect-gitignore = "no"\n',
            "key 'respect-gitignore': expected true or false",
        ),
        (
            "newslint.toml",
            'encoding = "klingon"\n',
            "key 'encoding': expected a known text encoding",
        ),
        ("newslint.toml", 'max-file-size = "big"\n', "key 'max-file-size': expected a size"),
        # regression: a bytes-to-bytes codec passed codecs.lookup and failed on every file
        ("newslint.toml", 'encoding = "hex"\n', "key 'encoding': expected a known text encoding"),
        # regression: an infinite size raised OverflowError, a negative one blamed the CLI
        ("newslint.toml", 'max-file-size = "infMB"\n', "key 'max-file-size': expected a size"),
        ("newslint.toml", 'max-file-size = "-5MB"\n', "key 'max-file-size': expected a size"),
        ("newslint.toml", 'format = "xml"\n', "key 'format': unknown format 'xml'"),
        (
            "newslint.toml",
            'per-file-ignores = { "*.md" = "NL301" }\n',
            "key 'per-file-ignores': expected a table",
        ),
        ("newslint.toml", 'select = ["NL999"]\n', "unknown rule code or name 'NL999'"),
        (
            "newslint.toml",
            'extend-ignore = ["no-such-rule"]\n',
            "unknown rule code or name 'no-such-rule'",
        ),
        ("newslint.toml", "select = [\n", "malformed TOML"),
        ("pyproject.toml", "[tool.newslint\n", "malformed TOML"),
        (
            "newslint.toml",
            "[rules.no-such-rule]\nx = 1\n",
            "[rules.no-such-rule]: no rule with that name or code",
        ),
        ("newslint.toml", "[rules.NL301]\nx = 1\n", "[rules.NL301]: unknown option 'x'"),
        (
            "pyproject.toml",
            "[tool.newslint.rules.doubled-word]\nx = 1\n",
            "[rules.doubled-word]: unknown option 'x'",
        ),
        ("newslint.toml", 'rule-paths = ["packs/missing.toml"]\n', "rule pack path does not exist"),
    ],
)
def test_bad_configuration_exits_2_naming_file_and_key(project, name, text, expect):
    path = write(project, name, text)
    r = run_cli("docs", cwd=project)
    assert r.code == 2, r.err
    assert r.out == ""
    assert r.err.startswith("newslint: error: ")
    assert str(path) in r.err or name == "newslint.toml" and "missing.toml" in r.err
    assert expect in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    # the same file through --config, and for the rule listing too
    if (
        "rules." not in text
        and "select" not in text
        and "ignore" not in text
        and "format" not in text
    ):
        r = run_cli("rules", "--config", str(path), cwd=project.parent)
        assert r.code == 2 and expect in r.err, r.err


def test_unreadable_explicit_config(project):
    r = run_cli("docs", "--config", "nope.toml", cwd=project)
    assert (r.code, r.err.strip()) == (
        2,
        "newslint: error: nope.toml: configuration file not found",
    )


def test_file_settings_reach_the_run(run, project):
    write(project, "docs/sub/b.md", COMMA)
    write(project, "docs/notes.rst", COMMA)
    write(project, "docs/vendor/c.txt", COMMA)
    write(
        project,
        "newslint.toml",
        "\n".join(
            [
                'extend-include = ["*.rst"]',
                'extend-exclude = ["docs/vendor"]',
                'extend-select = ["NL304"]',
                "[per-file-ignores]",
                '"docs/sub/*" = ["missing-space-after-comma"]',
                '"a.txt" = ["NL301"]',
            ]
        )
        + "\n",
    )
    r = run("docs", cwd=project)
    assert r.lines == [
        "docs/a.txt:2:10: NL302 [*] missing space after ','",
        "docs/notes.rst:1:10: NL302 [*] missing space after ','",
    ]
    # globs are relative to the configuration file's folder, wherever newslint runs from
    r = run(".", cwd=project / "docs")
    assert r.lines == [
        "a.txt:2:10: NL302 [*] missing space after ','",
        "notes.rst:1:10: NL302 [*] missing space after ','",
    ]


def test_include_exclude_and_gitignore_settings(run, project):
    import subprocess

    write(project, "docs/notes.rst", COMMA)
    write(project, "docs/ignored.txt", COMMA)
    write(project, ".gitignore", "ignored.txt\n")
    subprocess.run(["git", "init", "-q", "."], cwd=project, check=True)
    write(
        project,
        "newslint.toml",
        'include = ["*.rst", "*.txt"]\nexclude = ["notes.*"]\nrespect-gitignore = false\n',
    )
    assert sorted({x.split(":")[0] for x in run("docs", cwd=project).lines}) == [
        "docs/a.txt",
        "docs/ignored.txt",
    ]
    write(project, "newslint.toml", 'exclude = ["docs"]\nforce-exclude = true\n')
    assert run("docs/a.txt", cwd=project).out == ""


def test_jobs_encoding_and_size_settings(run, project):
    (project / "docs/latin.txt").write_bytes("Café opened.\n".encode("latin-1"))
    write(project, "docs/big.txt", "word " * 400 + "\n")
    write(
        project,
        "newslint.toml",
        'encoding = "latin-1"\nmax-file-size = "1KB"\njobs = 1\nselect = ["NL0"]\n',
    )
    r = run("docs", cwd=project)
    assert r.lines == [
        "docs/big.txt:1:1: NL005 file is 0.0 MB, over max-file-size (0.0 MB): not linted"
    ]
