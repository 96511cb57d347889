"""The house stays as CONTRIBUTING.md draws it: layers import only downwards, never from inside a
function to dodge a cycle, and no module grows past 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newslint"

# lowest first; a module may import its own layer and the ones before it (CONTRIBUTING.md)
LAYERS = (
    ("newslint", "newslint.text", "newslint.globs", "newslint.lazy"),
    ("newslint.document",),
    ("newslint.rule",),
    (
        "newslint.word_lists",
        "newslint.inflections",
        "newslint.lexicon",
        "newslint.word_usage",
        "newslint.corpus_index",
        "newslint.corpus_index.keys",
        "newslint.config",
        "newslint.plugins",
    ),
    ("newslint.sources", "newslint.sources.ranges", "newslint.sources.urls", "newslint.suppress"),
    ("newslint.checks", "newslint.packs"),
    ("newslint.registry",),
    (
        "newslint.discover",
        "newslint.engine",
        "newslint.engine.dask_executor",
        "newslint.engine.split",
        "newslint.engine.incremental",
        "newslint.engine.folders",
        "newslint.engine.configuration",
        "newslint.engine.reduce",
        "newslint.engine.streaming",
    ),
    ("newslint.formats",),
    (
        "newslint.examples",
        "newslint.docs",
        "newslint.session",
        "newslint.baseline",
        "newslint.reporting",
        "newslint.cli",
        "newslint.__main__",
    ),
)
# the command line imports lazily what a subcommand needs, and the pool the Dask executor
# (the `dask` extra's side, with its own imports) only for `--executor dask`: start-up, not a cycle
LAZY_IMPORTS_ALLOWED = ("newslint.cli", "newslint.engine.pool")
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    best, rank = "", None
    for i, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > len(best):
                best, rank = name, i
    assert rank is not None, f"{module} is in no layer: add it to LAYERS and CONTRIBUTING.md"
    return rank


def imports(tree: ast.AST):
    """(imported newslint module, inside a function) for every import in the tree."""

    def walk(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                if child.module.startswith("newslint"):
                    for alias in child.names:
                        yield f"{child.module}.{alias.name}", child.module, nested
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("newslint"):
                        yield alias.name, alias.name, nested
            yield from walk(child, nested)

    yield from walk(tree, False)


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_go_down_the_layers(path):
    me = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for full, module, in_function in imports(tree):
        # `from newslint import packs` names a module; `from newslint.x import y` a name in x
        target = (
            full
            if (PACKAGE.parent / full.replace(".", "/")).exists()
            or (PACKAGE.parent / (full.replace(".", "/") + ".py")).exists()
            else module
        )
        assert layer(target) <= layer(me), f"{me} imports {target} from a higher layer"
        if in_function and me not in LAZY_IMPORTS_ALLOWED:
            pytest.fail(f"{me} imports {target} inside a function")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_over_600_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_the_check_sees_upward_and_nested_imports():
    tree = ast.parse(
        "from newslint import engine\ndef f():\n    from newslint.examples import check_rule\n"
    )
    found = list(imports(tree))
    assert [(m, nested) for _, m, nested in found] == [
        ("newslint", False),
        ("newslint.examples", True),
    ]
    assert layer("newslint.engine") > layer("newslint.packs") > layer("newslint.document")


def test_every_package_is_listed_for_the_wheel():
    """A package missing from pyproject's list works in the source tree and breaks installs."""
    root = Path(__file__).parent.parent
    listed = (root / "pyproject.toml").read_text(encoding="utf-8")
    for init in (root / "newslint").rglob("__init__.py"):
        name = ".".join(init.parent.relative_to(root).parts)
        assert f'"{name}"' in listed, f"{name} is not in pyproject.toml's packages"
