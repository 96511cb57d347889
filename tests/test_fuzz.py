"""Arbitrary text never crashes the engine, every reported location lies inside the text, and
fixing never fails (hypothesis)."""

import json
import re

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from newslint import engine  # noqa: E402
from newslint.registry import build_registry  # noqa: E402

REGISTRY = build_registry(plugins=False)
ALL = tuple(REGISTRY.select(["ALL"]))
LINTER = engine.Linter(engine.Settings(select=ALL, plugins=False), REGISTRY)
FIXER = engine.Linter(engine.Settings(select=ALL, plugins=False, fix="unsafe"), REGISTRY)

# pieces that make the rules and the readers work hard: punctuation, quotes, brackets,
# Markdown syntax, tables, directives, URLs, numbers, odd newlines and invisible characters
PIECES = [
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "...",
    "..",
    "!!",
    ",,",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u201c",
    "\u201d",
    '"',
    "'",
    "\u2019",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "# ",
    "## ",
    "```\n",
    "    ",
    "| a | b |\n|---|---|\n",
    "<!-- newslint: disable NL301 -->",
    "<!-- newslint: enable -->",
    "<!-- newslint: disable-next-line -->\n",
    "<!-- newslint: disable-file NL3 -->",
    "<!-- newslint: bogus -->",
    "<!--",
    "-->",
    "https://bbc.co.uk/news?a=1,b.",
    "news@example.org",
    "10,000",
    "3.5",
    "U.S.",
    "e.g.",
    "Dr.",
    "J.K.",
    "the the",
    "The the",
    "injured.Your",
    "Korea,stay",
    "said ,",
    "---\ntitle: x\n---\n",
    "[link](http://x.y)",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\u00e9",
    "e\u0301",
    "\U0001f600",
    "\u6f22\u5b57",
    "\u0627\u0644",
    "\x00",
    "\ufffd",
    "*",
    "_",
    "`",
    ">",
    "-",
    "\u2014",
]
WORDS = [
    "He",
    "said",
    "the",
    "talks",
    "had",
    "failed",
    "Reuters",
    "Paris",
    "wiht",
    "teh",
    "BBC",
    "a",
    "I",
]

texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.sampled_from(WORDS), st.text(max_size=8)), max_size=40
).map("".join)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _lines(raw: str) -> list:
    return re.split(r"\r\n|\r|\n", raw)


def _check(raw: str, name: str):
    data = raw.encode("utf-8", "surrogatepass")
    result = LINTER.lint_file(name, name, data=data)
    assert not result.error, result.error
    reports = LINTER.finish([result])
    if b"\x00" in data:
        return reports
    decoded = data.decode("utf-8", "replace")
    if decoded.startswith("\ufeff"):
        decoded = decoded[1:]
    lines = _lines(decoded)
    for r in reports:
        assert r.path == name
        assert 1 <= r.line <= len(lines), (r, len(lines))
        assert 1 <= r.column <= len(lines[r.line - 1]) + 1, (r, lines[r.line - 1])
        assert (r.end_line, r.end_column) >= (r.line, r.column), r
        assert r.end_line <= len(lines) and r.end_column <= len(lines[r.end_line - 1]) + 1, r
        for e in r.edits:
            assert 0 <= e.start <= e.end <= len(decoded), (r, e)
    return reports


@FAST
@given(texts, st.sampled_from(["a.txt", "a.md"]))
def test_arbitrary_text_never_crashes_and_locations_are_inside(text, name):
    _check(text, name)


@FAST
@given(st.text(max_size=200))
def test_arbitrary_unicode(text):
    _check(text, "a.txt")


@FAST
@given(st.lists(texts, min_size=1, max_size=3))
def test_json_lines_records_point_into_the_raw_file(bodies):
    raw = "".join(
        json.dumps({"id": i, "text": b}, ensure_ascii=i % 2 == 0) + "\n"
        for i, b in enumerate(bodies)
    )
    _check(raw, "a.jsonl")


@FAST
@given(st.binary(max_size=200))
def test_arbitrary_bytes(data):
    result = LINTER.lint_file("a.txt", "a.txt", data=data)
    assert not result.error
    LINTER.finish([result])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(["a.txt", "a.md"]))
def test_fixing_never_fails_and_converges(text, name):
    data = text.encode("utf-8", "surrogatepass")
    first = FIXER.lint_file(name, name, data=data)
    assert not first.error
    assert first.output is not None
    again = FIXER.lint_file(name, name, data=first.output.encode("utf-8", "surrogatepass"))
    assert again.fixed == 0, (first.output, again.output)


PROTECTED_PIECES = ["bbc", "co", ".", "uk", "-", "news", "é", " ", "/x", "9", "Com", "@", "#", "`"]
PROTECTED_PIECES += ["http", "://", "www", "mailto:", "<!--", "newslint:", "-->", "a_b", "\ufffd"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PROTECTED_PIECES)))
def test_every_protected_pattern_match_passes_its_shortcut(pieces):
    from newslint.document import PROTECTED

    text = "".join(pieces)
    for pattern, may_match in PROTECTED:
        if may_match is not None and pattern.search(text):
            assert may_match(text), pattern.pattern


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZé. \n'-", max_size=40), st.integers(0, 40))
def test_the_word_before_a_stop_is_found_backwards_as_forwards(text, cut):
    import regex

    from newslint.document import WORD_BEFORE

    forwards = regex.compile(r"([\p{L}.]+)$")
    end = min(cut, len(text))
    lo = max(0, end - 20)
    m1, m2 = forwards.search(text, lo, end), WORD_BEFORE.search(text, lo, end)
    assert (m1 and m1.span()) == (m2 and m2.span())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\n\x1c\u00a0\u2003.,!-–«»©$+aZé9٣\u0301", max_size=30))
def test_boilerplate_lines_normalise_as_the_plain_substitutions_do(line):
    import regex

    from newslint.checks.residue.corpus_boilerplate import normalise_line

    edges = regex.compile(r"^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$")
    plain = regex.sub(r"\s+", " ", edges.sub("", line.casefold()))
    assert normalise_line(line) == plain  # numbers count: lines of figures are data


@pytest.mark.parametrize(
    "text",
    [
        "x" * 200_000 + "\n",  # regression: spelling candidates were quadratic in word length
        "a" + " " * 100_000 + "b\n",  # regression: NL305 rescanned a blank run from each space
        # regression: NL505 re-checked a whole run of repeated cells for every copy (minutes)
        "| " + " | ".join(["a"] * 1000) + " |\n" + "|---" * 1000 + "|\n",
        # regression: a run of stops was matched from each of its dots (NL301, sentences)
        "." * 100_000 + "\n",
        # regression: NL505 re-measured a run that never counts from each of its words
        "He said: " + "ha " * 20_000 + "then left.\n",
        # regression: every fix looked for the file's newline across the whole line
        "word ,word.Next " * 12_500 + "\n",
        # regression: each typo's [sic] check scanned the rest of the text; repeated
        # sentences were compared in all pairs
        "The minister said ,the plan was onyl a start.It failed teh test.\n" * 4000,
    ],
)
def test_pathological_lines_finish_quickly(run, tmp_path, text):
    import time

    (tmp_path / "a.txt").write_text(text)
    start = time.perf_counter()
    r = run("--isolated", "--no-cache", "-j", "1", "a.txt", cwd=tmp_path)
    assert r.code in (0, 1) and time.perf_counter() - start < 10, r.err


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='.!?\u2026 "”)aA1\n', max_size=30))
def test_sentence_stops_match_as_the_backtracking_patterns_did(text):
    import regex

    from newslint.checks.spacing import GLUED_SENTENCE
    from newslint.document import SENT_END

    before = {
        SENT_END: r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]*[\p{Lu}\d])",
        GLUED_SENTENCE: r"[.!?]+(?=\p{Lu}\p{Ll})",
    }
    for pattern, old in before.items():
        spans = [m.span() for m in pattern.finditer(text + "Ab")]
        assert spans == [m.span() for m in regex.finditer(old, text + "Ab")]
