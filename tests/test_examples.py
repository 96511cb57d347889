"""Examples are tests: every rule flags its bad examples at the marked place (and fixes them
as shown) and stays silent on its good ones -- built-in rules, pack rules and plugins alike."""

import pytest

from newslint import engine
from newslint.registry import build_registry
from newslint.rule import CorpusRule, parse_example

REGISTRY = build_registry(plugins=False)


def _linter(code, fix=None):
    settings = engine.Settings(select=(code,), plugins=False, fix=fix)
    return engine.Linter(settings, REGISTRY)


def _position(text, offset):
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _cases(kind):
    for rule in REGISTRY:
        for i, entry in enumerate(getattr(rule, kind)):
            yield pytest.param(rule, entry, id=f"{rule.code}-{kind}-{i}")


def _lint_text(rule, text, fix=None):
    linter = _linter(rule.code, fix)
    result = linter.lint_file(rule.example_path, rule.example_path, data=text.encode("utf-8"))
    return [r for r in linter.finish([result]) if r.code == rule.code], result


def _lint_corpus(rule, texts):
    linter = _linter(rule.code)
    results = [
        linter.lint_file(f"doc{i}.txt", f"doc{i}.txt", data=t.encode("utf-8"))
        for i, t in enumerate(texts)
    ]
    return [r for r in linter.finish(results) if r.code == rule.code]


@pytest.mark.parametrize("rule,entry", list(_cases("bad")))
def test_bad_example_is_flagged(rule, entry):
    if rule.example_kind == "bytes":
        data, (line, col) = entry
        linter = _linter(rule.code)
        reports = linter.finish([linter.lint_file(rule.example_path, rule.example_path, data=data)])
        assert (line, col) in [(r.line, r.column) for r in reports if r.code == rule.code]
        return
    if issubclass(rule, CorpusRule):
        examples = [parse_example(t) for t in entry]
        reports = _lint_corpus(rule, [e.text for e in examples])
        marked = [(i, e) for i, e in enumerate(examples) if e.start is not None]
        assert reports, f"{rule.code} did not flag {entry!r}"
        for i, e in marked:
            where = (f"doc{i}.txt", *_position(e.text, e.start))
            assert where in [(r.path, r.line, r.column) for r in reports], (where, reports)
        return
    example = parse_example(entry)
    reports, _ = _lint_text(rule, example.text)
    assert reports, f"{rule.code} did not flag {example.text!r}"
    if example.start is not None:
        want = _position(example.text, example.start)
        assert want in [(r.line, r.column) for r in reports], (want, reports)
    if example.fixed is not None:
        _, result = _lint_text(rule, example.text, fix="unsafe")
        assert result.output == example.fixed


@pytest.mark.parametrize("rule,entry", list(_cases("good")))
def test_good_example_is_not_flagged(rule, entry):
    if rule.example_kind == "bytes":
        linter = _linter(rule.code)
        reports = linter.finish(
            [linter.lint_file(rule.example_path, rule.example_path, data=entry)]
        )
        assert not [r for r in reports if r.code == rule.code]
        return
    if issubclass(rule, CorpusRule):
        assert not _lint_corpus(rule, list(entry))
        return
    reports, _ = _lint_text(rule, parse_example(entry).text)
    assert not reports, reports


def test_every_rule_documents_itself():
    for rule in REGISTRY:
        assert rule.summary(), rule.code
        if rule.example_kind != "bytes" or rule.bad:
            assert rule.bad or rule.code in {"NL003", "NL004", "NL005", "NL006", "NL007"}, (
                f"{rule.code} has no bad examples"
            )
