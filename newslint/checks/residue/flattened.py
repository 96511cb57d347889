"""NL707: NL701's boilerplate entries found among the sentences of a flattened line; and what
NL709 (prompts.py) shares with it: the pack's entries asked of sentences, a line's sentences."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from newslint.checks.residue.base import ResidueRule
from newslint.checks.spacing.gaps import glued_stops
from newslint.document import Document, split_sentences
from newslint.lazy import LazyPattern
from newslint.packs import builtin_rule
from newslint.packs.screen import SentenceScreen
from newslint.rule import Violation

# --- NL707 boilerplate sentences inside a flattened line ----------------------------------------------

_FILLER = (  # five sentences, 460 characters
    "The council met on Monday to discuss the budget, and members argued for hours about the cost "
    "of repairing the old bridge over the river. It has been closed to lorries since the spring. "
    "Residents told the meeting that the detour adds twenty minutes to every journey into town, and "
    "shopkeepers said trade had fallen by a third since the closure began in April last year. "
    "A decision is expected next month, after engineers report on the state of the foundations. "
)


@lru_cache(maxsize=1)
def line_entries():
    """NL701, the whole-line boilerplate entries of the built-in pack (rules/boilerplate.toml):
    one source of truth for what a line of page furniture looks like (NL707 and NL709 ask it
    of sentences)."""
    return builtin_rule("boilerplate-line")()


def sentence_screen() -> SentenceScreen:
    """NL701's first-word screen (packs/screen.py), the one its own rule uses."""
    return line_entries().line_screen()


class FlattenedBoilerplate(ResidueRule):
    """A sentence of a flattened article (one very long line holding the page) is page furniture on its own: a sign-up, a copyright or cookie notice, share buttons, "Advertisement", a read-more link.

    Some extractors put a whole page on one or two lines, so the boilerplate lines NL701 looks for
    are run into the text. In a line longer than `min-line-length` characters (default 400) that
    holds at least half of the document, each sentence is tested as if it were a line of its own,
    against the same pack entries and conditions as NL701 (rules/boilerplate.toml): it is reported
    only if the whole sentence is boilerplate. Sentences glued together without a space
    (`stated.Follow us on Twitter.`, paragraphs joined by the extractor) are split where NL301
    reads two sentences. The same words inside a normal sentence are left alone, as is a label
    run into the next sentence without punctuation. Entries limited to the
    first or last lines of a document (sign-offs) apply to its first or last three sentences.
    """

    code, name = "NL707", "flattened-boilerplate"
    options = {"min-line-length": 400}
    bad = [
        f"{_FILLER}⟦Subscribe to our newsletter.⟧ {_FILLER}",
        f"{_FILLER}⟦Advertisement⟧",
        f"{_FILLER}⟦© 2024 Example Media Ltd. All rights reserved.⟧",
        f"{_FILLER}⟦Click here to read the full report.⟧ {_FILLER}",
        f"{_FILLER}⟦Facebook Twitter WhatsApp Email Print⟧",
        f"{_FILLER}⟦We use cookies to improve your experience.⟧ {_FILLER}",
        f"Title\n{_FILLER}More text. ⟦Thanks for reading!⟧",
        f"{_FILLER}It reopens in May.⟦Subscribe to our newsletter.⟧The council met again. {_FILLER}",
    ]
    good = [
        f"{_FILLER}Millions subscribe to our newsletter, the editor said. {_FILLER}",
        f"{_FILLER}The advertisement was banned. Advertising revenue fell 12%.",
        "Short line.\nSubscribe to our newsletter, she urged, and we did.\nAnother short line.",
        f"{_FILLER}Read more books, the minister urged. {_FILLER}",
        f"{_FILLER}Thanks for reading! {_FILLER}",  # a sign-off only counts at the edges
        f"Subscribe to our newsletter. {_FILLER}"[:300],  # the line is not long
        f"{_FILLER}Subscribe to our newsletter.\n{_FILLER}\n{_FILLER}",  # one paragraph of three
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        minimum = self.settings["min-line-length"]
        text, lines = doc.text, doc.lines
        half = len(text.strip()) / 2  # a flattened line holds at least half of the document
        long = {i for i, (s, e) in enumerate(lines) if e - s > minimum and e - s >= half}
        if not long:
            return
        pack = line_entries()
        screen = sentence_screen()
        tail = screen.tail_in(doc)
        for i in sorted(long):
            ls, le = lines[i]
            if pack.starts_line(text[ls:le].strip()):
                continue  # NL701 reports the long line whole
            for s, e in sentence_segments(text, ls, le):
                if doc.in_hidden(s):
                    continue
                found = screen.entry(text, s, e, tail=tail)
                if found is None:
                    continue
                index, m = found
                position = pack.entry_position(index)
                if position != "any" and not at_edge(doc, s, e, position, pack.edge_lines):
                    continue
                message = pack.entry_message(index, m.group())
                message = message.replace(
                    "boilerplate line", "boilerplate sentence in a long line", 1
                )
                yield self.violation(s + m.start(), s + m.end(), message)


# a copyright sign after a sentence's end starts a new segment: "... foundations. © 2024 Example"
_BEFORE_SIGN = LazyPattern(r"(?<=[.!?\u2026][\"'\u201d\u2019)\]]*)\s+(?=[©ⓒ])")


def sentence_segments(text: str, start: int, end: int) -> Iterator[tuple]:
    """The sentences of a line or paragraph, split once more where two were glued together
    (`stated.Follow us`: a page whose paragraphs were joined without a space) and before a
    copyright sign."""
    for s, e in split_sentences(text, start, end):
        for gs, ge in split_glued(text, s, e):
            yield from split_before_sign(text, gs, ge)


def split_glued(text: str, start: int, end: int) -> Iterator[tuple]:
    """A sentence, split after each stop that NL301 reads as two sentences glued together."""
    for m in glued_stops(text, start, end):
        yield start, m.end()
        start = m.end()
    yield start, end


def split_before_sign(text: str, start: int, end: int) -> Iterator[tuple]:
    """A sentence, split before a copyright sign that follows a sentence's end."""
    if text.find("©", start, end) == -1 and text.find("ⓒ", start, end) == -1:
        yield start, end
        return
    for m in _BEFORE_SIGN.finditer(text, start, end):
        yield start, m.start()
        start = m.end()
    yield start, end


def at_edge(doc: Document, start: int, end: int, position: str, n: int) -> bool:
    """Whether a sentence is among the first (start) or last (end) ``n`` sentences of a
    document, each line ending a sentence."""

    def count(lo: int, hi: int) -> int:
        total = 0
        for i in range(doc.line_index(lo), doc.line_index(max(lo, hi - 1)) + 1):
            s, e = doc.lines[i]
            total += sum(1 for _ in sentence_segments(doc.text, max(s, lo), min(e, hi)))
            if total >= n:
                break
        return total

    return (position in ("edge", "start") and count(0, start) < n) or (
        position in ("edge", "end") and count(end, len(doc.text)) < n
    )
