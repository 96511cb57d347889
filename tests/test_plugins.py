"""Third-party rules through the entry-point group ``newslint.rules``: a throw-away
distribution (a package plus a .dist-info folder with entry_points.txt) on PYTHONPATH, and the
real command in a subprocess."""

import json
import os
import textwrap

import pytest
from conftest import run_cli

PLUGIN = '''
"""A newslint plugin: one document rule with an option and a fix, one corpus rule."""
from newslint.rule import CorpusRule, Fix, Rule


class Shouting(Rule):
    """A word in capitals longer than the configured length: `OUTRAGEOUS`.

    Headlines shout; body text should not.
    """

    code, name, family = "NL981", "shouting-word", "capitalisation"
    fixable = "unsafe"
    options = {"min-length": 6}
    bad = ["It was ⟦OUTRAGEOUS⟧ news."]
    good = ["The BBC and NATO met."]

    def check(self, doc):
        import re

        n = self.settings["min-length"]
        for m in re.finditer(r"\\b[A-Z]{%d,}\\b" % n, doc.text):
            word = m.group()
            yield self.violation(m.start(), m.end(), f"shouting '{word}'",
                                 Fix.replace(m.start(), m.end(), word.capitalize(), "unsafe", "lower it"))


class SameFirstLine(CorpusRule):
    """Two documents start with the same line."""

    code, name, family = "NL982", "same-first-line", "corpus-duplicates"

    def summarize(self, doc):
        first = doc.text.split("\\n", 1)[0].strip()
        return first or None

    def check_corpus(self, summaries):
        seen = {}
        for path, first in summaries:
            if first in seen:
                yield self.report(path, (1, 1), f"same first line as {seen[first]}")
            else:
                seen[first] = path
'''


def make_dist(root, name, module_text, entry_points, module=None):
    module = module or name.replace("-", "_")
    (root / f"{module}.py").write_text(textwrap.dedent(module_text), encoding="utf-8")
    info = root / f"{module}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(f"[newslint.rules]\n{entry_points}\n", encoding="utf-8")


@pytest.fixture
def plugin_env(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    make_dist(site, "newslint-shouting", PLUGIN, "shouting = newslint_shouting")
    env = {"PYTHONPATH": str(site) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.txt").write_text("Intro line.\nIt was OUTRAGEOUS, said the BBC.\n", encoding="utf-8")
    (work / "b.txt").write_text("Intro line.\nNothing LOUD here.\n", encoding="utf-8")
    return site, work, env


def test_plugin_rules_are_registered_listed_and_explained(plugin_env):
    _, work, env = plugin_env
    rows = {
        r["code"]: r
        for r in json.loads(run_cli("rules", "--format", "json", cwd=work, env=env).out)
    }
    assert rows["NL981"]["name"] == "shouting-word" and rows["NL981"]["origin"] == "plugin shouting"
    assert rows["NL982"]["scope"] == "corpus"
    text = run_cli("rule", "shouting-word", cwd=work, env=env).out
    assert "It was ⟦OUTRAGEOUS⟧ news." in text and "min-length = 6" in text
    assert "NL981" not in run_cli("rules", "--no-plugins", cwd=work, env=env).out


def test_plugin_document_and_corpus_rules_report(plugin_env):
    _, work, env = plugin_env
    for jobs in ("1", "2"):
        r = run_cli("a.txt", "b.txt", "--select", "NL98", "-j", jobs, cwd=work, env=env)
        assert r.lines == [
            "a.txt:2:8: NL981 shouting 'OUTRAGEOUS'",
            "b.txt:1:1: NL982 same first line as a.txt",
        ], r.err
    # corpus rules in a parallel run (four files or more go to worker processes)
    for i in range(4):
        (work / f"c{i}.txt").write_text("Intro line.\nQuiet.\n", encoding="utf-8")
    one = run_cli(".", "--select", "NL982", "-j", "1", cwd=work, env=env)
    two = run_cli(".", "--select", "NL982", "-j", "2", cwd=work, env=env)
    assert one.out == two.out and len(one.lines) == 5


def test_plugin_options_from_the_configuration(plugin_env):
    _, work, env = plugin_env
    (work / "pyproject.toml").write_text(
        "[tool.newslint.rules.shouting-word]\nmin-length = 4\n", encoding="utf-8"
    )
    r = run_cli(".", "--select", "NL981", cwd=work, env=env)
    assert r.lines == [
        "a.txt:2:8: NL981 shouting 'OUTRAGEOUS'",
        "b.txt:2:9: NL981 shouting 'LOUD'",
    ]
    (work / "pyproject.toml").write_text(
        '[tool.newslint.rules.NL981]\nmin-length = "four"\n', encoding="utf-8"
    )
    r = run_cli(".", cwd=work, env=env)
    assert r.code == 2
    assert "pyproject.toml: [rules.NL981]: option 'min-length' expects int, got 'four'" in r.err


def test_plugin_fix(plugin_env):
    _, work, env = plugin_env
    run_cli("a.txt", "--select", "NL981", "--fix", "--unsafe-fixes", cwd=work, env=env)
    assert (work / "a.txt").read_text(
        encoding="utf-8"
    ) == "Intro line.\nIt was Outrageous, said the BBC.\n"


def test_plugins_can_be_turned_off(plugin_env):
    _, work, env = plugin_env
    assert run_cli("a.txt", "--select", "NL98", cwd=work, env=env).code == 1
    r = run_cli("a.txt", "--no-plugins", "--select", "NL98", cwd=work, env=env)
    assert (r.code, r.out) == (0, "")
    (work / "newslint.toml").write_text("plugins = false\n", encoding="utf-8")
    assert run_cli("a.txt", cwd=work, env=env).out == ""


@pytest.mark.parametrize(
    "module_text,entry,expect",
    [
        (
            "raise ImportError('needs numpy')\n",
            "broken = newslint_broken",
            "plugin broken (newslint_broken): cannot be loaded: needs numpy",
        ),
        (
            "from newslint.rule import Rule\nclass R(Rule):\n    '''x'''\n    code, name, family = 'NL301', 'clash', 'spacing'\n",
            "clash = newslint_broken",
            "plugin clash (newslint_broken): rule clash: code NL301 is already used",
        ),
        (
            "from newslint.rule import Rule\nclass R(Rule):\n    '''x'''\n    code, name, family = 'NL983', 'x', 'gossip'\n",
            "fam = newslint_broken",
            "rule NL983: unknown family 'gossip'",
        ),
        (
            "X = 1\n",
            "missing = newslint_broken:Nope",
            "plugin missing (newslint_broken:Nope): cannot be loaded",
        ),
    ],
)
def test_broken_plugins_exit_2_naming_the_plugin(tmp_path, module_text, entry, expect):
    make_dist(tmp_path, "newslint-broken", module_text, entry)
    env = {"PYTHONPATH": str(tmp_path)}
    (tmp_path / "a.txt").write_text("Fine.\n", encoding="utf-8")
    r = run_cli("a.txt", cwd=tmp_path, env=env)
    assert r.code == 2, r.out
    assert expect in r.err and "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1, (
        r.err
    )
    assert run_cli("a.txt", "--no-plugins", cwd=tmp_path, env=env).code == 0


def test_a_plugin_may_export_a_list_of_rules(tmp_path):
    text = (
        "from newslint.rule import Rule\n"
        "class A(Rule):\n    '''A.'''\n    code, name, family = 'NL984', 'rule-a', 'phrasing'\n"
        "class B(Rule):\n    '''B.'''\n    code, name, family = 'NL985', 'rule-b', 'phrasing'\n"
        "RULES = [A, B]\n"
    )
    make_dist(tmp_path, "newslint-pair", text, "pair = newslint_pair:RULES")
    r = run_cli("rules", "--format", "json", cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)})
    assert {"NL984", "NL985"} <= {x["code"] for x in json.loads(r.out)}


def test_check_rules_runs_the_examples_of_plugins(plugin_env):
    site, work, env = plugin_env
    r = run_cli("check-rules", cwd=work, env=env)
    assert (r.code, r.out) == (0, ""), r.out + r.err
    module = site / "newslint_shouting.py"
    module.write_text(
        module.read_text(encoding="utf-8").replace(
            'good = ["The BBC and NATO met."]',
            'good = ["The BBC and NATO met.", "It was LOUDEST."]',
        ),
        encoding="utf-8",
    )
    r = run_cli("check-rules", cwd=work, env=env)
    assert r.code == 1
    assert r.lines == [
        "NL981 shouting-word (plugin shouting): good example 2 is flagged at 1:8: 'It was LOUDEST.'"
    ]
    assert run_cli("check-rules", "--no-plugins", cwd=work, env=env).code == 0
    (work / "newslint.toml").write_text("plugins = false\n", encoding="utf-8")
    assert run_cli("check-rules", cwd=work, env=env).code == 0
    assert "NL981" not in run_cli("rules", cwd=work, env=env).out


def test_a_plugin_checks_its_examples_in_its_own_tests(plugin_env):
    import importlib.util

    from newslint.examples import assert_examples_pass

    site, _, _ = plugin_env
    spec = importlib.util.spec_from_file_location(
        "newslint_shouting", site / "newslint_shouting.py"
    )
    plugin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plugin)
    assert_examples_pass(plugin)
    plugin.Shouting.good = [*plugin.Shouting.good, "It was LOUDEST."]
    with pytest.raises(AssertionError, match="good example 2 is flagged at 1:8"):
        assert_examples_pass(plugin)
