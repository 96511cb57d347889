"""Examples are tests: every rule flags its bad examples at the marked place (and fixes them
as shown) and stays silent on its good ones -- built-in rules, built-in packs and installed
plugins alike (newslint/examples.py does the checking; plugins call it from their own tests)."""

import pytest

from newslint.examples import Problem, assert_examples_pass, check_rule
from newslint.registry import build_registry
from newslint.rule import CorpusRule, Rule

REGISTRY = build_registry()  # with the plugins installed here


@pytest.mark.parametrize("rule", list(REGISTRY), ids=lambda rule: rule.code)
def test_examples_pass(rule):
    problems = check_rule(rule, REGISTRY)
    assert not problems, "\n".join(map(str, problems))


def test_every_rule_documents_itself():
    for rule in REGISTRY:
        assert rule.summary(), rule.code
        if rule.example_kind != "bytes" or rule.bad:
            assert rule.bad or rule.code in {"NL003", "NL004", "NL005", "NL006", "NL007"}, (
                f"{rule.code} has no bad examples"
            )


# --- the checker itself: what it says of examples that do not pass ----------------------------
class Comma(Rule):
    """A comma glued to the next word."""

    code, name, family = "NL990", "glued-comma", "spacing"
    bad = [
        ("Yes,⟦n⟧o.", "Yes, no."),  # flagged at the comma, not at the marked place
        "No comma here.",  # not flagged
        ("Yes⟦,⟧no.", "Yes,  no."),  # fixed otherwise
        "Yes⟦,no.",  # a mark not closed
    ]
    good = ["Fine, thanks.", "Not,fine."]

    def check(self, doc):
        from newslint.rule import Fix

        for i, c in enumerate(doc.text):
            if c == "," and doc.text[i + 1 : i + 2].isalpha():
                yield self.violation(i, i + 1, "glued comma", Fix.insert(i + 1, " "))


class SameText(CorpusRule):
    """Two documents are the same."""

    code, name, family = "NL991", "same-text", "corpus-duplicates"
    bad = [["A.", "⟦B.⟧", "B."], ["A.", "C."]]
    good = [["A.", "A."]]

    def summarize(self, doc):
        return doc.text

    def check_corpus(self, summaries):
        seen = {}
        for path, text in summaries:
            if text in seen:
                yield self.report(path, (1, 1), "same text")
            seen.setdefault(text, path)


def _details(rule):
    return [p.detail for p in check_rule(rule)]


def test_failing_text_examples_are_named_one_line_each():
    assert _details(Comma) == [
        "bad example 1 is flagged at 1:4, not at the marked 1:5: ('Yes,⟦n⟧o.', 'Yes, no.')",
        "bad example 2 is not flagged: 'No comma here.'",
        "bad example 3 is fixed as 'Yes, no.', not as given: ('Yes⟦,⟧no.', 'Yes,  no.')",
        "bad example 4 cannot be checked: ValueError: example 'Yes⟦,no.': ⟦ without ⟧: 'Yes⟦,no.'",
        "good example 2 is flagged at 1:4: 'Not,fine.'",
    ]
    problem = check_rule(Comma)[0]
    assert isinstance(problem, Problem) and problem.kind == "bad" and problem.index == 0
    assert str(problem).startswith("NL990 glued-comma (built-in): bad example 1 ")


def test_failing_corpus_examples():
    assert _details(SameText) == [
        "bad example 1 is flagged at doc2.txt:1:1, not at the marked doc1.txt:1:1: ['A.', '⟦B.⟧', 'B.']",
        "bad example 2 is not flagged: ['A.', 'C.']",
        "good example 1 is flagged at doc1.txt:1:1: ['A.', 'A.']",
    ]


def test_assert_examples_pass_for_a_plugin_s_tests():
    class Fine(Rule):
        """Nothing."""

        code, name, family = "NL992", "nothing", "phrasing"
        good = ["Anything."]

    assert_examples_pass(Fine)
    assert_examples_pass([Fine])
    with pytest.raises(AssertionError, match=r"(?s)NL990 glued-comma .*bad example 2 is not"):
        assert_examples_pass([Fine, Comma])
