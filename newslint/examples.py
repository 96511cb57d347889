"""Examples are tests: a rule flags each of its bad examples at the marked place (and fixes it
as given) and stays silent on each good one.

``newslint check-rules`` runs every rule's examples, the test suite runs them for built-in
rules, packs and plugins, user packs are checked as they load, and a plugin's tests call::

    from newslint.examples import assert_examples_pass
    import my_newslint_rules

    def test_examples():
        assert_examples_pass(my_newslint_rules)  # a module, a rule class or a list of them

Examples are linted by the engine, as files are: a text rule's as ``rule.example_path``, a
corpus rule's as one document per text (``doc0.txt`` ...), a bytes rule's as raw file content
paired, when bad, with the (line, column) it must be flagged at.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Optional

from newslint import engine
from newslint.packs import PackError
from newslint.registry import Registry, rules_in
from newslint.rule import CorpusRule, Example, Rule, parse_example


@dataclass(frozen=True)
class Problem:
    """One example that does not pass."""

    rule: type[Rule]
    kind: str  # bad | good
    index: int  # among the rule's examples of that kind, from 0
    example: Any  # as the rule gives it
    message: str  # what went wrong: "is not flagged" ...

    @property
    def detail(self) -> str:
        """The example and what went wrong, on one line."""
        return f"{self.kind} example {self.index + 1} {self.message}: {self.example!r}"

    def __str__(self) -> str:
        rule = self.rule
        return f"{rule.code} {rule.name} ({rule.origin}): {self.detail}"


def check_rule(rule: type[Rule], registry: Optional[Registry] = None) -> list[Problem]:
    """Every example of ``rule`` that does not pass.  ``registry`` holds the rule and the
    rules its examples' suppression comments may name (default: the rule alone)."""
    if registry is None:
        registry = registry_of([rule])
    problems = []
    for kind in ("bad", "good"):
        for index, entry in enumerate(getattr(rule, kind)):
            try:
                message = _check(rule, kind == "bad", entry, registry)
            except Exception as exc:  # a malformed example is a failing one, not a crash
                message = f"cannot be checked: {type(exc).__name__}: {exc}"
            if message:
                problems.append(Problem(rule, kind, index, entry, message))
    return problems


def check_user_packs(registry: Registry) -> None:
    """Run the examples of the rules read from the user's packs before a lint run: a bad
    example not flagged, or a good one flagged, is a PackError naming pack, rule and example."""
    for rule, where in registry.user_packs:
        problems = check_rule(rule)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise PackError(f"{where}: rule {rule.code}: {problems[0].detail}{more}")


def check_registry(registry: Registry) -> list[Problem]:
    """Every failing example of every rule of a registry, in code order."""
    return [problem for rule in registry for problem in check_rule(rule, registry)]


def assert_examples_pass(rules) -> None:
    """Raise AssertionError naming every failing example of ``rules``: a Registry, a module,
    a rule class or a list of them."""
    registry = rules if isinstance(rules, Registry) else registry_of(rules_in(rules))
    problems = check_registry(registry)
    if problems:
        raise AssertionError("\n".join(str(p) for p in problems))


def registry_of(rules: Iterable[type[Rule]]) -> Registry:
    registry = Registry()
    for rule in rules:
        registry.add(rule)
    return registry


# --- one example ---------------------------------------------------------------------------
def _check(rule: type[Rule], bad: bool, entry, registry: Registry) -> Optional[str]:
    """What is wrong with one example, or None."""
    if rule.example_kind == "bytes":
        return _check_bytes(rule, bad, entry, registry)
    if issubclass(rule, CorpusRule):
        return _check_corpus(rule, bad, entry, registry)
    example = parse_example(entry)
    reports, _ = _lint(rule, registry, [(rule.example_path, example.text.encode("utf-8"))])
    if not bad:
        return f"is flagged at {_places(reports)}" if reports else None
    if not reports:
        return "is not flagged"
    if example.start is not None:
        want = _position(example.text, example.start)
        if want not in [(r.line, r.column) for r in reports]:
            return f"is flagged at {_places(reports)}, not at the marked {_place(want)}"
    if example.fixed is not None:
        _, results = _lint(
            rule, registry, [(rule.example_path, example.text.encode("utf-8"))], "unsafe"
        )
        if results[0].output != example.fixed:
            return f"is fixed as {results[0].output!r}, not as given"
    return None


def _check_bytes(rule, bad: bool, entry, registry) -> Optional[str]:
    data, want = entry if bad else (entry, None)
    reports, _ = _lint(rule, registry, [(rule.example_path, data)])
    if not bad:
        return f"is flagged at {_places(reports)}" if reports else None
    if tuple(want) not in [(r.line, r.column) for r in reports]:
        return f"is not flagged at {_place(want)}" + (
            f" (flagged at {_places(reports)})" if reports else ""
        )
    return None


def _check_corpus(rule, bad: bool, entry, registry) -> Optional[str]:
    """A corpus example is a list of texts, each a document; a bad one's flagged document
    carries the marks."""
    examples = [parse_example(t) if bad else Example(t) for t in entry]
    files = [(f"doc{i}.txt", e.text.encode("utf-8")) for i, e in enumerate(examples)]
    reports, _ = _lint(rule, registry, files)
    if not bad:
        return f"is flagged at {_places(reports, paths=True)}" if reports else None
    if not reports:
        return "is not flagged"
    found = [(r.path, r.line, r.column) for r in reports]
    for i, e in enumerate(examples):
        if e.start is not None and (f"doc{i}.txt", *_position(e.text, e.start)) not in found:
            where = f"doc{i}.txt:{_place(_position(e.text, e.start))}"
            return f"is flagged at {_places(reports, paths=True)}, not at the marked {where}"
    return None


def _lint(rule, registry, files: list, fix: Optional[str] = None) -> tuple[list, list]:
    """The rule's reports on some (name, bytes) files linted alone, and the files' results."""
    linter = engine.Linter(engine.Settings(select=(rule.code,), plugins=False, fix=fix), registry)
    results = [linter.lint_file(name, name, data=data) for name, data in files]
    return [r for r in linter.finish(results) if r.code == rule.code], results


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _place(position) -> str:
    return f"{position[0]}:{position[1]}"


def _places(reports, paths: bool = False) -> str:
    return ", ".join((f"{r.path}:" if paths else "") + f"{r.line}:{r.column}" for r in reports)
