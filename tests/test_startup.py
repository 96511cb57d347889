"""Start-up (issue 19): patterns compiled on first use, and what a one-file run leaves out
(benchmarks/startup.py times it)."""

from __future__ import annotations

import pickle

import regex
from conftest import python_output

from newslint.lazy import LazyPattern


def test_a_lazy_pattern_is_its_compiled_pattern_once_used():
    source, text = r"(?P<word>\w+)(\d)?", "Two words, 3 numbers"
    lazy_one, compiled = LazyPattern(source, regex.IGNORECASE), regex.compile(source, regex.I)
    assert "finditer" not in vars(lazy_one)  # nothing compiled yet
    spans = [m.span() for m in compiled.finditer(text)]
    assert [m.span() for m in lazy_one.finditer(text)] == spans
    assert "finditer" in vars(lazy_one)  # bound: later calls go straight to the pattern
    assert (lazy_one.pattern, lazy_one.groups, lazy_one.groupindex) == (source, 2, {"word": 1})
    assert lazy_one.flags == regex.IGNORECASE  # the flags it was given
    again = pickle.loads(pickle.dumps(lazy_one))
    assert again.sub("x", text) == compiled.sub("x", text)


def test_a_one_file_run_starts_no_pool_and_compiles_no_markdown(tmp_path):
    (tmp_path / "one.txt").write_text("The minister said on Monday that it would go ahead.\n")
    script = (
        "import sys\n"
        "from newslint.cli import main\n"
        "code = main(['--isolated', 'one.txt'])\n"
        "from newslint.sources import markdown\n"
        "print(code, 'multiprocessing' in sys.modules, 'match' in vars(markdown.LINK))\n"
    )
    out = python_output(script, cwd=tmp_path)
    assert out.splitlines()[-1] == "0 False False"


def test_rule_modules_compile_their_patterns_on_first_use():
    """Importing every built-in family compiles almost nothing (170 patterns, 55 ms, before
    issue 19's LazyPatterns): a pattern for texts a run never sees is never compiled. The
    few left are ARTEFACTS', which every document is searched with."""
    script = (
        "import importlib, sys, regex\n"
        "import newslint.registry as registry\n"
        "compiled, real = [], regex.compile\n"
        "def counting(*args, **kwargs):\n"
        "    compiled.append(sys._getframe(1).f_globals.get('__name__'))\n"
        "    return real(*args, **kwargs)\n"
        "regex.compile = counting\n"
        "for name in registry.BUILTIN_MODULES:\n"
        "    importlib.import_module(name)\n"
        "print(len(compiled), sorted(set(compiled)))\n"
    )
    out = python_output(script)
    count = int(out.split()[0])
    assert count <= 12, out
