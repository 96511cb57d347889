"""NL709: page furniture inside a paragraph of the article: a sentence that is one of NL701's
boilerplate lines on its own ("Sign up for our newsletter."), a link's label ("(opens in a new
window)"), an embedded post's signature ("— Name (@handle) March 3, 2016") or link (t.co/…)
run into the text."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from newslint.checks.residue.base import ResidueRule
from newslint.checks.residue.flattened import (
    at_edge,
    line_entries,
    sentence_screen,
    split_before_sign,
)
from newslint.document import Document
from newslint.lazy import LazyPattern
from newslint.rule import Violation

# a link's label for screen readers, glued to the link text: "Read paper(opens in a new window)"
LINK_LABEL = LazyPattern(
    r"\(\s*(?:(?:link )?opens|open|opening|will open|launches) in (?:a )?new "
    r"(?:window|tab|browser(?: window| tab)?)\s*\)"
    r"|\(\s*(?:link is external|external link|external site|opens (?:an )?external "
    r"(?:site|link|website))\s*\)",
    regex.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# an embedded tweet's signature after its text: "... pic.twitter.com/x — Name (@handle) May 1, 2016"
POST_SIGNATURE = LazyPattern(
    r"(?:[\u2014\u2013]|--)[ \t]*[^\n()@\u2014\u2013]{1,60}\(@\w{1,15}\)[ \t]*(?:on[ \t]+)?"
    + _MONTH
    + r"\.?[ \t]+\d{1,2},?[ \t]+\d{4}",
    regex.IGNORECASE,
)
# a tweet's own links, left where the embedded tweet's text was kept without its signature
TWEET_LINK = LazyPattern(r"(?<![\w.])(?:https?://)?(?:t\.co|pic\.twitter\.com)/\w+")
QUOTES_OPEN, QUOTES_CLOSE = "\u201c", "\u201d"
# an advertisement's label run into the sentence after it, where a paragraph or a sentence
# begins: "... the vote. Advertisement The mayor said" (English opens no sentence so: "An
# advertisement ...", "The advert ...")
AD_LABEL = LazyPattern(
    r"(?:^|(?<=[.!?\"\u201d\u2019)][ \t]))(?:Advertisement|ADVERTISEMENT|Advert|ADVERT"
    r"|(?:Story|Article) continues below(?: this)?(?: advertisement| ad)?"
    r"|Continue reading below|Scroll to continue with content)(?=[ \t]+[\p{Lu}\"\u201c\u2018])",
    regex.MULTILINE,
)

_LEAD = (  # two sentences of an article
    "The council met on Monday to discuss the budget, and members argued for hours about the "
    "cost of repairing the old bridge. It has been closed to lorries since the spring."
)


class InlineBoilerplate(ResidueRule):
    """Page furniture inside a paragraph of the article: a sentence that is a call to action, a credit or a widget's label on its own (`Sign up for our newsletter.`, `Read the full post here.`), a link's label (`(opens in a new window)`), an embedded post's signature.

    Extractors join what a page sets beside the text to the paragraph next to it, so NL701's
    boilerplate lines turn up as sentences: `... said on Monday. Follow Jane Doe on Twitter
    @janedoe.` Each sentence of a paragraph that shares its line with other text is tested as
    if it were a line of its own against NL701's entries (rules/boilerplate.toml), their
    conditions included: it is reported only when the whole sentence is furniture. A sentence
    that merely mentions Twitter or a newsletter is left alone, as is one inside a quotation.
    Entries limited to the first or last lines of a document (sign-offs) count only there, and
    those that start with any word (a name and a credit: `Jane Doe/Reuters`) only as the last
    sentence of a paragraph, where a caption's credit is glued.
    Also reported wherever they stand in the text: a link's label for screen readers glued to
    the link text, an embedded tweet's signature (`— Name (@handle) March 3, 2016`), on a
    line without a signature a tweet's own link (`t.co/…`, `pic.twitter.com/…`), once a line,
    and an advertisement's label run into the sentence after it (`... the vote. Advertisement
    The mayor said`).
    """

    code, name = "NL709", "inline-boilerplate"
    yields_to = ("NL701", "NL707")
    bad = [
        f"{_LEAD} ⟦Sign up for our newsletter.⟧",
        f"{_LEAD} ⟦Follow Jane Doe on Twitter @janedoe.⟧",
        f"⟦Read the rest of the article, here.⟧ {_LEAD}",
        f"{_LEAD} ⟦CONTINUE READING⟧",
        f"{_LEAD} ⟦Check out the interview above.⟧ The vote is next week.",
        f"{_LEAD} ⟦(Reporting by Jane Doe; Editing by John Smith)⟧",
        "[Read the paper⟦(opens in a new window)⟧](https://example.com/paper)",
        "The minister was unmoved. pic.twitter.com/AbC123 ⟦— Jane Doe (@janedoe) March 3, 2016⟧",
        f"{_LEAD}\n\nWhat a day for the town. ⟦http://t.co/AbC123⟧\n\n{_LEAD}",
        f"Title\n\n{_LEAD}\n\nThe work starts in May. ⟦Thanks for reading!⟧",
        f"{_LEAD} ⟦Advertisement⟧ The mayor said the plan would go ahead.",
        f"⟦Story continues below advertisement⟧ The mayor said so.\n\n{_LEAD}",
    ]
    good = [
        f"{_LEAD} Millions follow him on Twitter, where he posts daily.",
        f"{_LEAD} Readers who sign up for our newsletter get a discount, the editor said.",
        f'{_LEAD} "Go on. Sign up for our newsletter. We did," she said.',
        f"{_LEAD} {_LEAD} Thanks for reading! The vote is next week.\n\n{_LEAD}",  # not at an edge
        f"{_LEAD}\nSign up for our newsletter.\nThe vote is next week.",  # a line: NL701's
        "He said the window (opened in a new way) was safe.",
        "— Jane Doe, March 3, 2016",
        "The shop moved to shop.co/home and the old site, at.co/x, was closed.",
        f"{_LEAD} The Advertisement Standards Council met. An advertisement The Times ran was banned.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        yield from self._sentences(doc)
        yield from self._fragments(doc)

    def _sentences(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        pack = line_entries()
        screen = sentence_screen()
        sentences, i = doc.sentences, 0
        table = doc.table_lines
        tail = screen.tail_in(doc)
        for ps, pe in doc.paragraphs:
            first = i
            while i < len(sentences) and sentences[i][0] < pe:
                i += 1
            spans = sentences[first:i]
            if text.find("©", ps, pe) != -1 or text.find("ⓒ", ps, pe) != -1:
                spans = [part for s, e in spans for part in split_before_sign(text, s, e)]
            if len(spans) < 2:
                continue  # a paragraph of one sentence is a line or more: NL701's
            heading = doc.heading_spans is not None and doc.is_heading(ps)  # a reader's own
            if heading or doc.in_hidden(ps) or doc.line_index(ps) in table:
                continue
            last = spans[-1][0]
            for s, e in spans:
                # a name and a credit (Jane Doe/Reuters) is glued to the end of its caption
                found = screen.entry(text, s, e, any_word=s == last, tail=tail)
                if found is None:
                    continue
                if _fills_its_lines(text, s, e) or doc.in_hidden(s) or _in_quotation(text, ps, s):
                    continue
                index, m = found
                position = pack.entry_position(index)
                if position != "any" and not at_edge(doc, s, e, position, pack.edge_lines):
                    continue
                message = pack.entry_message(index, m.group()).replace(
                    "boilerplate line", "boilerplate sentence in a paragraph", 1
                )
                yield self.violation(s + m.start(), s + m.end(), message)

    def _fragments(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        if "(" in text:
            for m in LINK_LABEL.finditer(text):
                if not doc.in_hidden(m.start()):
                    yield self.violation(m.start(), m.end(), "a link's label left in the text")
        signed = set()  # lines with a signature: the signature stands for the whole post
        if "(@" in text:
            for m in POST_SIGNATURE.finditer(text):
                if not doc.in_hidden(m.start()):
                    signed.add(doc.line_index(m.start()))
                    yield self.violation(
                        m.start(), m.end(), "an embedded post's signature left in the text"
                    )
        if "dvert" in text or "DVERT" in text or "ontinue" in text:
            for m in AD_LABEL.finditer(text):
                if not (doc.in_hidden(m.start()) or _fills_its_lines(text, m.start(), m.end())):
                    yield self.violation(
                        m.start(), m.end(), "an advertisement's label run into the text"
                    )
        if "t.co/" in text or "pic.twitter.com/" in text:
            reported = set(signed)
            for m in TWEET_LINK.finditer(text):
                line = doc.line_index(m.start())
                if line in reported or doc.in_hidden(m.start()):
                    continue
                reported.add(line)  # one report a post
                yield self.violation(
                    m.start(), m.end(), "an embedded tweet's link left in the text"
                )


def _fills_its_lines(text: str, start: int, end: int) -> bool:
    """Whether a sentence stands alone on its line or lines (NL701 reads it as a line)."""
    before = text.rfind("\n", 0, start) + 1
    after = text.find("\n", end)
    after = len(text) if after == -1 else after
    return not text[before:start].strip() and not text[end:after].strip()


def _in_quotation(text: str, paragraph: int, start: int) -> bool:
    """Whether a sentence starts inside a quotation the paragraph opened before it."""
    before = text[paragraph:start]
    return before.count('"') % 2 == 1 or before.count(QUOTES_OPEN) > before.count(QUOTES_CLOSE)
