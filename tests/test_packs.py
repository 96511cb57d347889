"""Declarative TOML rule packs through the real command: existence and substitution rules,
every scope, messages, exceptions, fixes, pack errors (exit 2 naming the file and the rule),
rule-paths from the configuration, and the built-in packs loaded from the installed package."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

PACK = """
[[rules]]
code = "NL951"
name = "spun-cancer"
kind = "substitution"
message = "spun phrase '{match}': write '{replacement}'"
summary = "A spun phrase for a medical term."
ignorecase = true
fix = "safe"
swap = { "bosom peril" = "breast cancer", "counterfeit consciousness" = "artificial intelligence" }
bad = [["She survived ⟦bosom peril⟧.", "She survived breast cancer."]]
good = ["She survived breast cancer."]

[[rules]]
code = "NL952"
name = "read-more-link"
kind = "existence"
family = "residue"
message = "boilerplate '{match}'"
scope = "line"
severity = "info"
tokens = ["Read more", "Share this article"]
patterns = ['Advertisement\\s*$']
exceptions = ["Read More"]
"""


def write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def packed(tmp_path):
    write(tmp_path, "packs/news.toml", PACK)
    write(
        tmp_path,
        "a.txt",
        (
            "Bosom peril is rising.\n"
            "Read more\n"
            "Advertisement \n"
            "Read More\n"
            "Doctors treat BOSOM PERIL and Counterfeit Consciousness.\n"
            "She read more than most.\n"
        ),
    )
    return tmp_path


def only(result, *codes):
    return [line for line in result.lines if line.split(": ")[1].split()[0] in codes]


def test_existence_and_substitution_with_a_fix(run, packed):
    r = run("a.txt", "--rule-path", "packs/news.toml", "--select", "NL951,NL952", cwd=packed)
    assert "a.txt:1:1: NL951 [*] spun phrase 'Bosom peril': write 'Breast cancer'" in r.lines
    assert "a.txt:2:1: NL952 boilerplate 'Read more'" in r.lines
    assert any(line.startswith("a.txt:3:1: NL952 boilerplate 'Advertisement") for line in r.lines)
    assert not any(line.startswith("a.txt:4:") for line in r.lines)  # the exception
    assert "a.txt:5:15: NL951 [*] spun phrase 'BOSOM PERIL': write 'BREAST CANCER'" in r.lines
    assert not any(line.startswith("a.txt:6:") for line in r.lines)  # not ignorecase
    run("a.txt", "--rule-path", "packs/news.toml", "--select", "NL951", "--fix", cwd=packed)
    text = (packed / "a.txt").read_text(encoding="utf-8")
    assert text.startswith("Breast cancer is rising.\n")
    assert "Doctors treat BREAST CANCER and Artificial intelligence." in text
    assert run("a.txt", "--rule-path", "packs/news.toml", "--select", "NL951", cwd=packed).code == 0


def test_a_regex_swap_template_names_the_groups_of_its_own_pattern(run, tmp_path):
    """\\1 is the first group of the key the match is of, whichever key that is (not a group
    of the rule's combined pattern), for swaps as for entries."""
    write(
        tmp_path,
        "p.toml",
        '[[rules]]\ncode = "NL990"\nname = "groups"\nkind = "substitution"\n'
        'message = "write {replacement}"\nregex = true\n'
        'swap = { "colou?r of (\\\\w+)" = "\\\\1-coloured", "(?P<w>\\\\w+) (?:again ){2}" = "\\\\g<w> again " }\n'
        '[[rules.entries]]\npattern = "(\\\\w+) per per"\nreplacement = "\\\\1 per"\n',
    )
    write(tmp_path, "a.txt", "A colour of lead. Said again again today. Twice per per day.\n")
    r = run("a.txt", "--rule-path", "p.toml", "--select", "NL990", cwd=tmp_path)
    assert r.lines == [
        "a.txt:1:3: NL990 write lead-coloured",
        "a.txt:1:19: NL990 write Said again ",
        "a.txt:1:43: NL990 write Twice per",
    ], r.out


def test_pack_rules_are_listed_explained_selected_and_formatted(run, packed):
    rows = {
        x["code"]: x
        for x in json.loads(
            run("rules", "--rule-path", "packs", "--format", "json", cwd=packed).out
        )
    }
    assert rows["NL951"]["name"] == "spun-cancer" and rows["NL951"]["family"] == "phrasing"
    assert rows["NL951"]["fixable"] == "safe" and rows["NL952"]["family"] == "residue"
    assert rows["NL951"]["origin"] == "pack news.toml"
    text = run("rule", "spun-cancer", "--rule-path", "packs/news.toml", cwd=packed).out
    assert text.startswith("NL951 spun-cancer (phrasing)\n\nA spun phrase for a medical term.")
    assert "She survived ⟦bosom peril⟧." in text
    r = run(
        "a.txt",
        "--rule-path",
        "packs",
        "--select",
        "read-more-link",
        "--format",
        "json",
        cwd=packed,
    )
    assert {x["severity"] for x in json.loads(r.out)} == {"info"}


def test_rule_paths_from_the_configuration_are_relative_to_it(run, packed):
    write(packed, "newslint.toml", 'rule-paths = ["packs"]\nselect = ["NL95"]\n')
    sub = packed / "deep" / "er"
    sub.mkdir(parents=True)
    r = run("../../a.txt", cwd=sub)
    assert any(" NL951 " in line for line in r.lines) and any(" NL952 " in line for line in r.lines)
    assert "spun-cancer" in run("rules", cwd=sub).out


SCOPE_TEXT = (
    "Zebra crossing opens\n"  # the title
    "\n"
    "# Zebra heading\n"
    "\n"
    "A zebra ran across the road. It was a\n"
    "zebra crossing, the council said.\n"
    "\n"
    "Another zebra.\n"
)


def _scope_pack(scope, pattern):
    return (
        f'[[rules]]\ncode = "NL960"\nname = "scoped"\nkind = "existence"\nmessage = "found"\n'
        f"scope = \"{scope}\"\nignorecase = true\nprose-only = false\npatterns = ['{pattern}']\n"
    )


@pytest.mark.parametrize(
    "scope,pattern,where",
    [
        ("title", r"zebra", ["1:1"]),
        ("heading", r"zebra", ["3:3"]),
        ("line", r"zebra", ["1:1", "3:3", "5:3", "6:1", "8:9"]),
        # across a sentence end on one line: the line, not the sentence
        ("line", r"road\.\s+It", ["5:24"]),
        ("sentence", r"road\.\s+It", []),
        # across a hard wrap inside a paragraph: the sentence goes on
        ("sentence", r"a\s+zebra crossing", ["5:37"]),
        ("paragraph", r"a\s+zebra crossing", ["5:37"]),
        # across paragraphs: the document only
        ("paragraph", r"said\.\s+Another", []),
        ("document", r"said\.\s+Another", ["6:29"]),
    ],
)
def test_each_scope(run, tmp_path, scope, pattern, where):
    write(tmp_path, "scope.toml", _scope_pack(scope, pattern))
    write(tmp_path, "a.md", SCOPE_TEXT)
    r = run("a.md", "--rule-path", "scope.toml", "--select", "NL960", cwd=tmp_path)
    assert [line.split(":", 1)[1].rsplit(":", 1)[0] for line in r.lines] == where


@pytest.mark.parametrize(
    "body,expect",
    [
        (
            'code = "NL961"\nname = "bad-pattern"\nkind = "existence"\nmessage = "x"\npatterns = ["(unclosed"]\n',
            "rule NL961: bad pattern",
        ),
        (
            'code = "NL301"\nname = "clash"\nkind = "existence"\nmessage = "x"\ntokens = ["x"]\n',
            "rule clash: code NL301 is already used by missing-space-after-sentence",
        ),
        (
            'code = "NL962"\nname = "missing-space-after-comma"\nkind = "existence"\nmessage = "x"\ntokens = ["x"]\n',
            "name missing-space-after-comma is already used",
        ),
        (
            'code = "NL963"\nname = "no-message"\nkind = "existence"\ntokens = ["x"]\n',
            "rule NL963: missing required field 'message'",
        ),
        (
            'name = "no-code"\nkind = "existence"\nmessage = "x"\ntokens = ["x"]\n',
            "rule no-code: missing required field 'code'",
        ),
        (
            'code = "NL964"\nname = "no-tokens"\nkind = "existence"\nmessage = "x"\n',
            "rule NL964: an existence rule needs 'tokens' or 'patterns'",
        ),
        (
            'code = "NL965"\nname = "no-swap"\nkind = "substitution"\nmessage = "x"\n',
            "rule NL965: a substitution rule needs a 'swap' table",
        ),
        (
            'code = "NL966"\nname = "bad-scope"\nkind = "existence"\nmessage = "x"\ntokens = ["x"]\nscope = "chapter"\n',
            "rule NL966: scope must be one of",
        ),
        (
            'code = "NL967"\nname = "bad-kind"\nkind = "grammar"\nmessage = "x"\n',
            "rule NL967: kind must be one of",
        ),
        (
            'code = "NL968"\nname = "typo-key"\nkind = "existence"\nmessage = "x"\ntokens = ["x"]\nscoep = "line"\n',
            "rule NL968: unknown field 'scoep'",
        ),
        (
            'code = "XX001"\nname = "bad-code"\nkind = "existence"\nmessage = "x"\ntokens = ["x"]\n',
            "code 'XX001' is not NL + 3 digits",
        ),
        (
            'code = "NL969"\nname = "Bad Name"\nkind = "existence"\nmessage = "x"\ntokens = ["x"]\n',
            "name 'Bad Name' is not kebab-case",
        ),
        (
            'code = "NL970"\nname = "bad-exception"\nkind = "existence"\nmessage = "x"\ntokens = ["x"]\nexceptions = ["[z"]\n',
            "rule NL970: bad exception pattern",
        ),
        ('code = "NL971"\nname = "bad-toml\nkind = "existence"\n', "malformed TOML"),
        # a regex swap's replacement is read when a match is expanded: checked as the pack loads
        (
            'code = "NL972"\nname = "bad-group"\nkind = "substitution"\nmessage = "x"\nregex = true\nswap = { "(a)b" = "\\\\2" }\n',
            "rule NL972: swap value for '(a)b': refers to group '2', which the pattern does not have",
        ),
        (
            'code = "NL973"\nname = "bad-escape"\nkind = "substitution"\nmessage = "x"\nregex = true\nswap = { "a+!" = "a\\\\" }\n',
            "rule NL973: swap value for 'a+!': bad escape (end of pattern)",
        ),
        (
            'code = "NL974"\nname = "unknown-escape"\nkind = "substitution"\nmessage = "x"\nregex = true\nswap = { "(?P<w>a)" = "\\\\g<w>\\\\q" }\n',
            "rule NL974: swap value for '(?P<w>a)': bad escape \\q",
        ),
        (
            'code = "NL979"\nname = "bad-entry"\nkind = "substitution"\nmessage = "x"\n[[rules.entries]]\npattern = "(a)b"\nreplacement = "\\\\1\\\\"\n',
            "rule NL979: replacement of entry 1: bad escape (end of pattern)",
        ),
        # examples are tests, run as the pack loads
        (
            'code = "NL975"\nname = "unflagged"\nkind = "existence"\nmessage = "x"\ntokens = ["zebra"]\nbad = ["A ⟦horse⟧."]\n',
            "rule NL975: bad example 1 is not flagged: 'A ⟦horse⟧.'",
        ),
        (
            'code = "NL976"\nname = "elsewhere"\nkind = "existence"\nmessage = "x"\ntokens = ["zebra"]\nbad = ["⟦A⟧ zebra.", "A ⟦zebra⟧."]\n',
            "rule NL976: bad example 1 is flagged at 1:3, not at the marked 1:1: '⟦A⟧ zebra.'",
        ),
        (
            'code = "NL977"\nname = "flagged-good"\nkind = "existence"\nmessage = "x"\ntokens = ["zebra"]\ngood = ["A zebra.", "A Zebra."]\n',
            "rule NL977: good example 1 is flagged at 1:3: 'A zebra.'",
        ),
        (
            'code = "NL978"\nname = "misfixed"\nkind = "substitution"\nmessage = "x"\nswap = { zebra = "horse" }\nbad = [["A ⟦zebra⟧.", "A pony."], "No ⟦horse⟧."]\n',
            "rule NL978: bad example 1 is fixed as 'A horse.', not as given: ['A ⟦zebra⟧.', 'A pony.'] (and 1 more)",
        ),
    ],
)
def test_pack_errors_exit_2_naming_pack_and_rule(tmp_path, body, expect):
    pack = write(tmp_path, "packs/broken.toml", "[[rules]]\n" + body)
    write(tmp_path, "a.txt", "Fine.\n")
    for args in (["a.txt", "--rule-path", "packs/broken.toml"], ["rules", "--rule-path", "packs"]):
        r = run_cli(*args, cwd=tmp_path)
        assert r.code == 2, r.out
        assert r.err.startswith("newslint: error: ") and "Traceback" not in r.err
        assert len(r.err.strip().splitlines()) == 1, r.err
        assert str(Path("packs") / "broken.toml") in r.err and expect in r.err, r.err
    assert pack.exists()


def test_a_duplicate_between_two_user_packs(tmp_path):
    write(
        tmp_path,
        "packs/one.toml",
        '[[rules]]\ncode = "NL972"\nname = "first"\nkind = "existence"\nmessage = "x"\ntokens = ["x"]\n',
    )
    write(
        tmp_path,
        "packs/two.toml",
        '[[rules]]\ncode = "NL972"\nname = "second"\nkind = "existence"\nmessage = "x"\ntokens = ["y"]\n',
    )
    r = run_cli("rules", "--rule-path", "packs", cwd=tmp_path)
    assert r.code == 2
    assert "two.toml: rule second: code NL972 is already used by first (pack one.toml)" in r.err


def test_a_runaway_pattern_does_not_hang(tmp_path):
    write(
        tmp_path,
        "slow.toml",
        (
            '[[rules]]\ncode = "NL973"\nname = "catastrophic"\nkind = "existence"\nmessage = "x"\n'
            "scope = \"document\"\npatterns = ['(?:(?:a|aa)+)+b']\n"
        ),
    )
    write(tmp_path, "a.txt", "a" * 60 + "\n")
    r = run_cli("a.txt", "--rule-path", "slow.toml", "--select", "NL973", cwd=tmp_path)
    assert r.code == 0, r.err


def test_builtin_packs_come_from_the_package(run):
    from importlib import resources

    import newslint

    shipped = sorted(
        p.name for p in resources.files("newslint.rules").iterdir() if p.name.endswith(".toml")
    )
    source = sorted(p.name for p in (ROOT / "rules").glob("*.toml"))
    assert shipped == source
    rows = json.loads(run("rules", "--format", "json").out)
    assert Path(newslint.__file__).parent.is_dir()
    if shipped:
        assert any(r["origin"] == "built-in pack" for r in rows)


@pytest.mark.slow
def test_an_installed_copy_loads_its_packs_without_the_source_tree(tmp_path):
    """Install a copy of the project (plus one extra pack) into a folder and run it from
    elsewhere: its packs must come from the installed package, not from any source tree."""
    src = tmp_path / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", "tests", "benchmarks", "build", "*.egg-info", "__pycache__", ".*cache", "sample"
        ),
    )
    write(
        src,
        "rules/zz_installed_check.toml",
        (
            '[[rules]]\ncode = "NL974"\nname = "installed-pack-check"\nkind = "existence"\n'
            'message = "installed pack rule"\ntokens = ["zebracorn"]\n'
        ),
    )
    target = tmp_path / "site"
    pip = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--target",
        str(target),
        str(src),
    ]
    proc = subprocess.run(
        pip + ["--no-build-isolation"], capture_output=True, text=True, timeout=240
    )
    if proc.returncode != 0:  # no `wheel` here: let pip fetch the build backend
        proc = subprocess.run(pip, capture_output=True, text=True, timeout=240)
    if proc.returncode != 0:
        pytest.skip(f"cannot build the project here: {proc.stderr.strip().splitlines()[-1:]}")
    shutil.rmtree(src)  # the source tree is gone: only the installed copy remains
    work = tmp_path / "work"
    work.mkdir()
    write(work, "a.txt", "A zebracorn appeared.\n")
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-m", "newslint", "a.txt", "--select", "NL974"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout == "a.txt:1:3: NL974 installed pack rule\n", out.stderr
    where = subprocess.run(
        [sys.executable, "-c", "import newslint; print(newslint.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(str(target))


def test_only_the_packs_own_rules_are_checked_as_it_loads(run, packed, monkeypatch):
    from newslint import examples

    checked = []
    real = examples.check_rule

    def spy(rule, registry=None):
        checked.append(rule.code)
        return real(rule, registry)

    monkeypatch.setattr(examples, "check_rule", spy)
    run("a.txt", "--rule-path", "packs/news.toml", cwd=packed)
    assert checked == ["NL951", "NL952"]
