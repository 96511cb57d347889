"""The Document package: its views stay inside the text, memo computes once, the views do not
import the model, and every name other modules import is still there."""

import ast
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import newslint.document
from newslint.document import Document, Span, covered, strip_span

PACKAGE = Path(newslint.document.__file__).parent
VIEWS = ["protected", "sentences", "source_map", "spans", "structure", "tables", "words"]

PIECES = ["The", "cat", "sat", ".", " ", "\n", "\n\n", "|", "| a | b |", "|---|---|", "Mr.", "# "]
PIECES += ["- ", "1. ", "é", "’s", "www.bbc.co.uk", "a@b.org", "@who", "42", "`x`", "?", "\t"]
PIECES += ["\ufffd", "<!-- newslint: ignore -->", "```", "+--+", "Why Not Now?", "—", "\u00a0"]


@st.composite
def documents(draw):
    text = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=40)))
    bounds = st.integers(0, len(text))
    hidden = [
        Span(min(a, b), max(a, b)) for a, b in draw(st.lists(st.tuples(bounds, bounds), max_size=3))
    ]
    return Document(text, hidden=hidden)


def inside(doc: Document, spans) -> bool:
    return all(0 <= s <= e <= len(doc.text) for s, e in spans)


@settings(max_examples=400, deadline=None)
@given(documents())
def test_every_view_lies_inside_the_text(doc):
    n = len(doc.text)
    for view in (doc.lines, doc.blocks, doc.paragraphs, doc.sentences, doc.headings, doc.protected):
        assert inside(doc, view)
    assert all(doc.text[s:e] == t for s, e, t in doc.tokens)
    assert not any(doc.is_protected(s) for s, _, _ in doc.tokens)
    assert all(a.end < b.start for a, b in zip(doc.protected, doc.protected[1:]))  # merged
    assert doc.title is None or inside(doc, [doc.title])
    assert all(0 <= i < len(doc.lines) for i in doc.table_lines)
    assert all(0 <= s < e <= len(doc.lines) for s, e in doc.tables)
    for table in doc.pipe_tables:
        for row in table.rows:
            assert inside(doc, row.cells) and doc.lines[row.line].start <= row.start <= n
    paragraphs = doc.paragraphs
    assert all(any(ps <= s and e <= pe for ps, pe in paragraphs) for s, e in doc.sentences)
    assert all(doc.text[s:e] == doc.text[s:e].strip() for s, e in doc.sentences)
    assert list(doc.iter_scope("sentence")) == doc.sentences


def test_a_blank_cell_is_empty_where_its_blanks_end():
    """Found by the test above: a cell of blanks was a span ending before it started."""
    (table,) = Document("| | a | b |\n| a | b |").pipe_tables
    assert [tuple(c) for c in table.rows[0].cells] == [(2, 2), (4, 5), (8, 9)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8))), st.integers(-1, 40))
def test_covered_is_membership_in_the_merged_spans(pairs, offset):
    spans = newslint.document.merge([Span(s, s + n) for s, n in pairs])
    starts = [s for s, _ in spans]
    assert covered(spans, starts, offset) == any(s <= offset < e for s, e in spans)


@given(st.text(alphabet=" \t\n\u00a0ab", max_size=12), st.data())
def test_strip_span_is_str_strip(text, data):
    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    a, b = strip_span(text, s, e)
    assert text[a:b] == text[s:e].strip() and (a == b or (s <= a and b <= e))


def test_memo_builds_once_and_peek_sees_only_what_is_built():
    doc = Document("Some words here.\n")
    calls = []

    def build():
        calls.append(1)
        return ["value"]

    assert doc.peek("family.key") is None and doc.peek("tokens", "none") == "none"
    first = doc.memo("family.key", build)
    assert doc.memo("family.key", build) is first and len(calls) == 1
    assert doc.peek("family.key") is first
    assert doc.peek("not_a_view", 0) == 0
    tokens = doc.tokens
    assert doc.peek("tokens") is tokens and [t.text for t in tokens] == ["Some", "words", "here"]


def test_the_views_do_not_import_the_model_at_run_time():
    for name in VIEWS:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text())
        for node in tree.body:  # the module level; `if TYPE_CHECKING:` blocks are left out
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                assert module != "newslint.document.model", name
                assert not module.startswith("newslint") or module.startswith(
                    ("newslint.document.", "newslint.text", "newslint.lazy")
                ), (name, module)
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("newslint") for a in node.names), name


def test_the_views_import_only_the_span_helpers_and_the_patterns_of_other_views():
    allowed = {"tables": {"newslint.document.protected"}}
    for name in VIEWS:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text())
        modules = {n.module for n in tree.body if isinstance(n, ast.ImportFrom)}
        views = {m for m in modules if m and m.startswith("newslint.document.")}
        assert views <= {"newslint.document.spans"} | allowed.get(name, set()), name


def test_every_name_importers_use_is_still_importable_from_the_package():
    names = """Document Problem Span Token SourceMap WORD URL EMAIL DOMAIN DOMAIN_HINT HANDLE NUMBER
    INLINE_CODE REPLACEMENT DIRECTIVE TERMINAL ABBREVIATIONS HEADING_MD NEWLINE DASH_LIKE TableRow
    PipeTable is_table_row parse_table_row find_pipe_tables split_sentences LIST_ITEM strip_span
    PROTECTED SENT_END WORD_BEFORE is_abbreviation""".split()
    missing = [n for n in names if not hasattr(newslint.document, n)]
    assert not missing
    assert set(newslint.document.__all__) <= set(dir(newslint.document))


WORD_PIECES = ["word", "It", "’s", "'", "don't", "é", "e\u0301", "²", "½", "_", "9", " ", "\n", "-"]
WORD_PIECES += ["Straße", "İ", "naïve", "’", "x'y", "\u0301", "£", "日本", "a\u2019"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(WORD_PIECES), max_size=30), st.data())
def test_word_tokens_are_the_word_pattern_s_matches(pieces, data):
    """The split (the stdlib's where a text's letters are ASCII) gives WORD's matches, less
    those that start inside a protected span, as a loop over WORD.finditer does."""
    from newslint.document import WORD, Token, merge
    from newslint.document.words import word_tokens

    text = "".join(pieces)
    bounds = st.integers(0, len(text))
    spans = merge(
        [
            Span(min(a, b), max(a, b))
            for a, b in data.draw(st.lists(st.tuples(bounds, bounds), max_size=4))
        ]
    )
    expected = [
        Token(m.start(), m.end(), m.group())
        for m in WORD.finditer(text)
        if not covered(spans, [s for s, _ in spans], m.start())
    ]
    got = word_tokens(text, spans)
    assert got == expected and all(type(t) is Token for t in got)
