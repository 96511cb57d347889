"""The spacing rules' screens (a search of the whole text, then work only where it found
something) give what the work on every span gives."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newslint.checks.spacing.quotes import _find_quote_events, _quote_events
from newslint.document import Document
from newslint.text import offsets_of

PIECES = ['"', "\u201c", "\u201d", "'", "''", "'''", "x", "He said", " ", "\n", "\n\n", ".", "<a>"]
PIECES += ["(", ")", "[", "]", "\\", "12", "www.x.com", "\\frac", ":)", "a)"]


@st.composite
def documents_and_spans(draw):
    text = "".join(draw(st.lists(st.sampled_from(PIECES), max_size=30)))
    bounds = st.integers(0, len(text))
    spans = [tuple(sorted(p)) for p in draw(st.lists(st.tuples(bounds, bounds), max_size=6))]
    return Document(text), spans


@settings(max_examples=400, deadline=None)
@given(documents_and_spans())
@example((Document("x'''y \"z"), [(2, 5), (3, 5), (0, 4)]))  # apostrophes alone: no events
def test_quote_events_screened_by_the_marks_of_the_text(case):
    doc, spans = case
    for s, e in spans:
        assert _quote_events(doc, s, e) == _find_quote_events(doc, s, e)


@given(st.text(alphabet='ab"()[]\u201c\u201d', max_size=40), st.sampled_from(['"', "()[]", "ab"]))
def test_offsets_of_every_character_in_order(text, chars):
    assert offsets_of(text, chars) == [i for i, c in enumerate(text) if c in chars]
