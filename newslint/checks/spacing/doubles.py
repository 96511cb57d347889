"""NL309-NL310: a word or a punctuation mark written twice."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from newslint.checks.spacing.base import SpacingRule
from newslint.checks.spelling import analyse, user_words
from newslint.document import Document
from newslint.lazy import LazyPattern
from newslint.rule import Fix, Violation

# --- doubles ------------------------------------------------------------------------------------

# the stdlib engine runs this backreference pattern about twice as fast as `regex`
# (an opening quote mark may stand between the copies: `the “the bottom line”`); the word is
# taken whole, possessive where the stdlib has it (Python 3.11; a fifth faster): for speed
# only, since a shorter part of a word is followed by a letter, never by a space
_WHOLE = "++" if sys.version_info >= (3, 11) else "+"
DOUBLED = re.compile(rf"\b([^\W\d_]{_WHOLE})[ \t]+([\"'\u201c\u2018]?)(\1)\b", re.IGNORECASE)
QUOTE_CLOSING = frozenset("\"'\u201d\u2019")
NEXT_WORD = LazyPattern(r"[ \t]+\p{L}")
# "that that" is grammatical where the second is a pronoun or determiner ("that that was
# wrong", "that that man"); before a subject pronoun or an article it can be neither
THAT_THAT_SLIP = LazyPattern(r"[ \t]+(?i:i|you|he|she|it|we|they|the|a|an)[ \t]")
GRAMMATICAL_DOUBLES = frozenset(
    """had that is do ha bye no so very really far well blah tut knock chop pom tom night cha bang
    boo yada there now go come such hip hey oh yeah yes bla la tick woof quack ho he hee ah
    aye baa beep bling bonbon bora dum tom-tom tsk uh huh mm hmm yo chi""".split()
)


class DoubledWord(SpacingRule):
    """The same word twice in a row: `the the`, `the “the bottom line”`.

    A classic slip of editing and of extraction, also across an opening quotation mark (a
    quotation pasted after the word that starts it). Grammatical doubles (`had had`,
    `that that` but before a subject pronoun or an article, `is is` in "what it is is"),
    names written twice (`Duran Duran`) and a word quoted alone (`drop the “the”`) are left
    alone, as is a document not in English (NL103): many languages say a word twice on
    purpose (Indonesian `pagi pagi`, early in the morning). The fix removes the second copy
    (the first, before a quotation mark) and is unsafe: a person should look.
    """

    code, name = "NL309", "doubled-word"
    fixable = "unsafe"
    bad = [
        ("He said that ⟦the the⟧ talks had failed.", "He said that the talks had failed."),
        "⟦The the⟧ talks failed.",
        "Tests showed ⟦that that⟧ it was a fall.",
        ("It was ⟦the \u201cthe⟧ bottom line\u201d.", "It was \u201cthe bottom line\u201d."),
    ]
    good = [
        "He had had enough.",
        "He said that that was wrong.",
        "He knew that that man had left, and That That It was a film.",
        "Duran Duran played.",
        "What it is is a mess.",
        "Exports   nil   nil   12\nImports   nil   5     nil\n",
        "The pairs were:\n1. m y\n2. a a\n",
        "Style guides drop the \u201cthe\u201d from the name.",
        'He said that "that was wrong".',
        "\u201cHeh heh heh,\u201d he laughed, and the crowd shouted no no no.",
        "We loaded the data into a Timescale Vector vector store.",
        "Cuaca hari ini biasa biasa saja, kata petugas di bandara. Warga tetap pergi ke pasar "
        "pagi pagi sekali untuk membeli sayur dan ikan, dan harga beras naik sedikit demi "
        "sedikit setiap minggu.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        english = None  # asked of the spelling analysis at the first doubled word only
        for m in DOUBLED.finditer(text):
            first, quote, second = m.group(1), m.group(2), m.group(3)
            if quote and text[m.end() : m.end() + 1] in QUOTE_CLOSING:
                continue  # a word quoted alone is mentioned: drop the "the"
            if second[:1].isupper():
                continue  # names (Duran Duran)
            if first.lower() in GRAMMATICAL_DOUBLES and not (
                first.lower() == "that" and THAT_THAT_SLIP.match(text, m.end())
            ):
                continue  # grammatical doubles
            if len(first) == 1 and not NEXT_WORD.match(text, m.end()):
                continue  # letters listed (4. a a), not a slip before a word (a a house)
            if first != second and not (first.istitle() and _opens_sentence(text, m.start())):
                continue  # "Timescale Vector vector store": a name's last word, then the noun
            third = re.match(r"[ \t]+(\w+)", text[m.end() : m.end() + len(second) + 8])
            if (
                third
                and third.group(1).lower() == second.lower()
                and second.lower() not in FUNCTION_WORDS
            ):
                continue  # said three times on purpose: "Heh heh heh", "no no no"
            before = text[m.start() - 1 : m.start()]
            if (
                before in ("-", "'", "\u2019")
                or before.isalnum()
                or text[m.end() : m.end() + 1] in ("-", "'", "\u2019")
            ):
                continue  # bye-bye, so-so, 8x10in in
            if doc.is_protected(m.start()) or doc.line_index(m.start()) in doc.table_lines:
                continue
            if english is None:
                english = not analyse(doc, user_words(self.context)).non_english
            if not english:
                return
            fix = (
                Fix.delete(m.start(1), m.start(2), safety="unsafe", title="remove the first copy")
                if quote
                else Fix.delete(m.end(1), m.end(), safety="unsafe", title="remove the second copy")
            )
            yield self.violation(m.start(), m.end(), f"doubled word '{second}'", fix)


# words never said three times on purpose: "the the the" is a slip, "heh heh heh" is not
FUNCTION_WORDS = frozenset(
    """the a an and or but of to in on at for by with from as is are was were be it its this
    that these those he she they we you i his her their our your my not""".split()
)
SENTENCE_OPENERS = frozenset(".!?\n\"'\u201c\u2018(\u2014:")


def _opens_sentence(text: str, at: int) -> bool:
    """The word at ``at`` starts a sentence, a line or a quotation (its capital says nothing)."""
    j = at - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] in SENTENCE_OPENERS


REPEATED_PUNCT = LazyPattern(r"([!?,;])\1+|(?<![.\d/])\.\.(?![./\d])")


class RepeatedPunctuation(SpacingRule):
    """Punctuation doubled by accident: `!!`, `,,`, `..` (an ellipsis `...` is fine).

    Doubled commas and full stops come from joins; `!!` and `??` are out of place in news.
    Dot leaders (a line with more than one run of dots: `MAX TEMP..MIN TEMP..PRECIP`) are
    the layout of a table, not a slip.
    """

    code, name = "NL310", "repeated-punctuation"
    fixable = "sometimes"
    bad = [
        ("The vote was lost⟦,,⟧ he said.", "The vote was lost, he said."),
        "It was over⟦..⟧ Then it began again.",
        "Amazing⟦!!⟧",
    ]
    good = [
        "He paused... then spoke.",
        "Really?! Yes.",
        "Go to ../docs for more.",
        "MAX TEMP..MIN TEMP..PRECIP\nOMAHA 51 ....... 31",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for m in REPEATED_PUNCT.finditer(text):
            if doc.is_protected(m.start()) or doc.line_index(m.start()) in doc.table_lines:
                continue
            if m.group() == ".." and _leader_line(doc, m.start()):
                continue
            ch = m.group()[0]
            safety = "safe" if ch in ",;" else "unsafe"
            yield self.violation(
                m.start(),
                m.end(),
                f"repeated punctuation '{m.group()}'",
                Fix.replace(m.start(), m.end(), ch, safety=safety, title=f"use a single '{ch}'"),
            )


DOT_RUN = LazyPattern(r"\.{2,}")


def _leader_line(doc: Document, at: int) -> bool:
    """The line holds more than one run of dots: dot leaders of a table."""
    s, e = doc.lines[doc.line_index(at)]
    runs = DOT_RUN.finditer(doc.text, s, e)
    return next(runs, None) is not None and next(runs, None) is not None
