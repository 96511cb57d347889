"""The README's pack and plugin examples are real files (tests/fixtures/packs,
tests/fixtures/plugin_example) shown verbatim, and they work: the pack through --rule-path,
the plugin through the examples checker and as an installed entry point."""

import importlib
import json
import re

import pytest
from conftest import ROOT, run_cli

from newslint.config import tomllib
from newslint.examples import check_rule
from newslint.registry import build_registry, rules_in

PACK = ROOT / "tests" / "fixtures" / "packs" / "readme-example.toml"
PLUGIN = ROOT / "tests" / "fixtures" / "plugin_example"
SHOWN = re.compile(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```", re.DOTALL)


def test_readme_shows_the_example_files_verbatim():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = dict(SHOWN.findall(readme))
    assert set(shown) >= {
        "tests/fixtures/packs/readme-example.toml",
        "tests/fixtures/plugin_example/pyproject.toml",
        "tests/fixtures/plugin_example/my_newslint_rules.py",
        "tests/fixtures/plugin_example/test_my_newslint_rules.py",
    }
    for path, block in shown.items():
        assert (ROOT / path).read_text(encoding="utf-8") == block, f"README shows {path} stale"


def test_the_pack_example_through_the_command(tmp_path):
    (tmp_path / "a.txt").write_text(
        "BREAKING NEWS Storm hits coast\n\nPrices rose 5 per cent.\nUPDATE 2: calmer.\n",
        encoding="utf-8",
    )
    r = run_cli("a.txt", "--isolated", "--rule-path", PACK, "--select", "NL95", cwd=tmp_path)
    assert (r.code, r.lines) == (
        1,
        [
            "a.txt:1:1: NL951 label left in the text: 'BREAKING NEWS'",
            "a.txt:3:15: NL950 [*] house style: write 'percent', not 'per cent'",
            "a.txt:4:1: NL951 label left in the text: 'UPDATE 2:'",
        ],
    ), r.err
    r = run_cli("check-rules", "--isolated", "--rule-path", PACK, "--no-plugins", cwd=tmp_path)
    assert r.code == 0 and r.out == "" and r.err.endswith(": all pass\n"), r.err


@pytest.fixture
def plugin_module(monkeypatch):
    monkeypatch.syspath_prepend(str(PLUGIN))
    return importlib.import_module("my_newslint_rules")


def test_the_plugin_example_passes_its_examples_and_registers(plugin_module):
    (rule,) = rules_in(plugin_module)
    assert check_rule(rule) == []
    registry = build_registry(plugins=False)
    registry.add(rule, "README plugin example")
    assert check_rule(rule, registry) == []  # among the built-in rules, as a plugin runs
    assert registry.get("double-hyphen") is rule


def test_the_plugin_example_as_an_installed_entry_point(tmp_path):
    """The README's pyproject.toml declares the entry point an install would write."""
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    info = tmp_path / "site" / "my_newslint_rules-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n",
        encoding="utf-8",
    )
    groups = "".join(
        f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in eps.items())
        for group, eps in project["entry-points"].items()
    )
    (info / "entry_points.txt").write_text(groups, encoding="utf-8")
    env = {"PYTHONPATH": f"{tmp_path / 'site'}:{PLUGIN}"}
    (tmp_path / "a.txt").write_text("The war--and its cost.\n", encoding="utf-8")
    rows = json.loads(run_cli("rules", "--format", "json", cwd=tmp_path, env=env).out)
    assert {"code": "NL960", "origin": "plugin myrules"}.items() <= next(
        row for row in rows if row["code"] == "NL960"
    ).items()
    r = run_cli("a.txt", "--isolated", "--select", "NL960", cwd=tmp_path, env=env)
    assert r.lines == ["a.txt:1:8: NL960 [*] double hyphen"], r.err
    run_cli("a.txt", "--isolated", "--select", "NL960", "--fix", cwd=tmp_path, env=env)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "The war – and its cost.\n"
    r = run_cli("check-rules", "--isolated", cwd=tmp_path, env=env)
    assert r.code == 0 and r.err.endswith(": all pass\n"), r.out + r.err
