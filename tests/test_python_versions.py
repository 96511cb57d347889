"""newslint runs on Python 3.9 and later (pyproject.toml): what the house has got wrong before.

The stdlib's ``re`` learnt possessive quantifiers and atomic groups in Python 3.11; on 3.9 and
3.10 a pattern holding one fails when its module is imported, and with it every run.  Patterns
that need them are the ``regex`` module's (``LazyPattern``), or, in the stdlib for speed, built
only where the running Python has them (``checks/spacing/doubles.py``)."""

from __future__ import annotations

import ast
from pathlib import Path

import regex

PACKAGE = Path(__file__).resolve().parent.parent / "newslint"
STDLIB_CALLS = {"compile", "match", "fullmatch", "search", "sub", "subn", "split", "findall"}
# a quantifier made possessive (a+ + , a* +, a? +, a{2} +), or an atomic group: outside a class
NEWER_SYNTAX = regex.compile(r"(?<!\\)(?:[+*?}]\+|\(\?>)")


def stdlib_patterns(path: Path):
    """(line, pattern) for each string literal given to the stdlib ``re`` in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        a.asname or a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import)
        for a in n.names
        if a.name == "re"
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in names
            and node.func.attr in STDLIB_CALLS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def without_classes(pattern: str) -> str:
    """The pattern with its character classes blanked: `[*+]` is no quantifier."""
    return regex.sub(r"\[(?:\\.|[^\]\\])*+\]", "[]", pattern)


def test_stdlib_patterns_use_only_the_syntax_of_python_3_9():
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {pattern}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, pattern in stdlib_patterns(path)
        if NEWER_SYNTAX.search(without_classes(pattern))
    ]
    assert not found, "possessive or atomic syntax in the stdlib re (Python 3.11+):\n" + "\n".join(
        found
    )


def test_the_check_finds_what_python_3_9_refuses(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import re\nA = re.compile(r'\\b(\\w++) x')\nB = re.compile(r'[*+]+ (?>a)')\n"
        "C = re.compile(r'[+]+ a+ \\++')\n",
        encoding="utf-8",
    )
    hits = [
        (line, p) for line, p in stdlib_patterns(module) if NEWER_SYNTAX.search(without_classes(p))
    ]
    assert [line for line, _ in hits] == [2, 3]
