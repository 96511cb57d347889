"""NL314-NL315: punctuation marks that conversion left wrong: an ellipsis with more dots after
it, a quotation mark standing for an apostrophe."""

from __future__ import annotations

from collections.abc import Iterator

from newslint.checks.spacing.base import SpacingRule
from newslint.document import Document
from newslint.lazy import LazyPattern
from newslint.rule import Fix, Violation

# --- NL314 an ellipsis with more dots -----------------------------------------------------------

# a run of dots and ellipsis characters holding at least one of each
DOT_RUN = LazyPattern(r"[.\u2026]*\u2026[.\u2026]*")


class EllipsisWithDots(SpacingRule):
    """An ellipsis character with more dots run into it: `…....`, `...…`.

    Two truncations or conversions met: a `…` added where `...` already stood, or dots added
    after it. One ellipsis with one full stop (`….`, the four-dot ellipsis closing a sentence,
    or `.…`, an omission after a full sentence) and doubled ellipsis characters (`……`, the
    ellipsis of Chinese and Japanese) are left alone. The fix leaves one `…` and is unsafe: a sentence may have ended there.
    """

    code, name = "NL314", "ellipsis-with-dots"
    fixable = "unsafe"
    bad = [
        ("He never came back⟦\u2026....⟧", "He never came back\u2026"),
        "And then⟦...\u2026⟧ nothing.",
    ]
    good = [
        "He never came back\u2026",
        "He never came back\u2026.",
        "They are animals.\u2026 We will find them.",
        "\u4ed6\u6ca1\u6709\u56de\u6765\u2026\u2026",
        "Wait... what?",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        if "\u2026" not in text:
            return
        for m in DOT_RUN.finditer(text):
            run = m.group()
            dots = run.count(".")
            if dots == 0 or (dots == 1 and run.count("\u2026") == 1):
                continue  # …… (CJK), …. and .… (an ellipsis and a full stop)
            if doc.in_hidden(m.start()) or doc.line_index(m.start()) in doc.table_lines:
                continue
            yield self.violation(
                m.start(),
                m.end(),
                f"an ellipsis with more dots run into it: '{run}'",
                Fix.replace(m.start(), m.end(), "\u2026", "unsafe", "leave one '\u2026'"),
            )


# --- NL315 a quotation mark as an apostrophe ------------------------------------------------------

# an opening single quote, a reversed quote, a grave accent or an acute accent where an
# apostrophe stands: after a word (or the full stop of `Inc.`) and before the ending of a
# possessive or a contraction
QUOTE_FOR_APOSTROPHE = LazyPattern(
    r"(?<=[\p{L}.])[\u2018\u201b`\u00b4](?=(?:s|t|re|ll|ve|d|m)(?![\p{L}\p{M}\p{N}]))"
)
# 't follows n (don't, can't, won't); 'd and 'm follow pronouns
PRONOUN_BEFORE = frozenset("i you he she it we they who that there what where".split())


class QuoteAsApostrophe(SpacingRule):
    """A quotation mark stands for an apostrophe: `Inc.‘s`, `don‘t`, `it´s`.

    An opening single quote (`‘`), a reversed one (`‛`), a grave accent or an acute accent
    between a word and the ending of a possessive or contraction (`s`, `t`, `re`, `ll`, `ve`,
    `d`, `m`): a smart-quote converter or a keyboard put the wrong mark. Words in their own
    spelling (`Hawai‘i`, `O‘Neill`) and quotations opened after a space are left alone;
    `t` counts only after `n` (`don‘t`), `d` and `m` only after a pronoun. Backticks in
    Markdown are code and are not read. The fix puts the apostrophe (`’`, or `'` where the
    document writes straight apostrophes).
    """

    code, name = "NL315", "quote-as-apostrophe"
    fixable = "safe"
    bad = [
        ("Shares in Acme Inc.⟦\u2018⟧s parent fell.", "Shares in Acme Inc.\u2019s parent fell."),
        "I don⟦\u2018⟧t know, she said.",
        ("It⟦\u00b4⟧s over, isn't it?", "It's over, isn't it?"),
        "They⟦`⟧re late again.",
    ]
    good = [
        "Shares in Acme Inc.\u2019s parent fell.",
        "She flew to Hawai\u2018i with Mr O\u2018Neill.",
        "He called it \u2018special\u2019 twice.",
        "The pair sa\u2018d nothing.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        if not any(c in text for c in "\u2018\u201b`\u00b4"):
            return
        markdown = doc.kind == "markdown"
        straight = text.count("'") > text.count("\u2019")
        for m in QUOTE_FOR_APOSTROPHE.finditer(text):
            mark = m.group()
            if mark == "`" and markdown:
                continue
            if doc.is_protected(m.start()) or doc.in_hidden(m.start()):
                continue
            if not _contraction(text, m.start()):
                continue
            apostrophe = "'" if straight else "\u2019"
            yield self.violation(
                m.start(),
                m.end(),
                f"'{mark}' stands for an apostrophe",
                Fix.replace(m.start(), m.end(), apostrophe, title=f"use '{apostrophe}'"),
            )


WORD_BEFORE = LazyPattern(r"(?r)[\p{L}.]+\Z")


def _contraction(text: str, at: int) -> bool:
    """The letters after the mark end a possessive or a contraction of the word before it."""
    after = text[at + 1 : at + 3]
    ending = after if after in ("re", "ll", "ve") else after[:1]
    before = WORD_BEFORE.search(text, max(0, at - 30), at)
    word = before.group().lower() if before else ""
    if ending == "t":
        return word.endswith("n")
    if ending in ("d", "m"):
        return word in PRONOUN_BEFORE if ending == "d" else word == "i"
    if ending in ("re", "ll", "ve"):
        return word in PRONOUN_BEFORE
    return True  # 's: a possessive of any word
