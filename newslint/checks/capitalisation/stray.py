"""NL206: a pronoun or determiner capitalised in the middle of a sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator

from newslint.checks.capitalisation.base import CapitalisationRule
from newslint.checks.capitalisation.tokens import english
from newslint.document import Document
from newslint.lazy import LazyPattern
from newslint.rule import Violation

# closed-class words that start sentences and never start a name or a title after a
# lower-case word: "He", "His" and "Your" are left out (the capitals of reverence)
WORDS = "It|Another|They|She|We|There|Their|Its|Those|These|Every|Each|Some|Many|Most"
STRAY = LazyPattern(r"(?<=(?<!\p{L})\p{Ll}+,?[ ])(?:" + WORDS + r")(?= \p{Ll})")
# where STRAY may match: one of its words before a space, found by the stdlib's scan for the
# words' first letters (BBC: 4,759 places, 6 matches); STRAY's lookbehind, tried at every
# character of a text, cost 1.6 times this scan and STRAY at the places it finds
STRAY_WORD = re.compile(r"(?:" + WORDS + r")(?= )")
WE_THE_PEOPLE = LazyPattern(r" the \p{Lu}")


class CapitalMidSentence(CapitalisationRule):
    """A pronoun or determiner is capitalised in the middle of a sentence: `law It added`.

    What was the start of a sentence keeps its capital when the full stop before it is lost
    (`in violation of copyright law It added that`), when a spinner or an extractor joins
    two sentences (`also Another selling point`) or when a comma splices them (`He works
    hard, They like people`). Only closed-class words that cannot start a name or a title
    there are looked at (`It`, `They`, `Another`, `There`, …), between a lower-case word
    and a lower-case word: titles (`Faking It and`, `You Can Do It`), `We the People` and
    the pronouns of reverence (`He`, `His`, `Your`) are left alone. No fix: the stop, the
    line break or the lower case may be what is missing.
    """

    code, name = "NL206", "capital-mid-sentence"
    bad = [
        "The music was published in breach of copyright law ⟦It⟧ added that the case was closed.",
        "It was a new sensor, and also ⟦Another⟧ selling point for the phone.",
        "He works hard, ⟦They⟧ like people like that.",
    ]
    good = [
        "The channel showed Faking It and other comedies.",
        "The song pushed You Can Do It down to three.",
        "The lawyers said that We the People must decide.",
        "The kingdom is the Lord's, and He rules over the nations.",
        "It was late. They left.",
        "| a | It was |\n| b | c |",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        if not english(doc):
            return
        stray = STRAY.match
        for candidate in STRAY_WORD.finditer(text):
            at = candidate.start()
            m = stray(text, at)
            if m is None:
                continue
            if doc.is_protected(at) or doc.in_hidden(at):
                continue
            line = doc.line_index(at)
            if line in doc.table_lines or doc.is_heading(doc.lines[line][0]):
                continue
            if m.group() == "We" and WE_THE_PEOPLE.match(text, m.end()):
                continue
            yield self.violation(
                at,
                m.end(),
                f"'{m.group()}' capitalised mid-sentence: a full stop lost before it, or a "
                f"capital left from a sentence start",
            )
