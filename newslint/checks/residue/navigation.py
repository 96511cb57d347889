"""NL714: a site's menu, share bar or list of headlines run into the text as one long string of
capitalised labels (what a page's `get_text()` leaves where the navigation stood)."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from newslint.checks.residue.base import ResidueRule
from newslint.document import Document
from newslint.rule import Violation

# A label word: a capital, then letters, digits or joiners, not ending in punctuation ("AR/VR",
# "GamesBeat", "U.S"); or a short lower-case word that menus hold ("Sign in", "About us",
# "Follow X on Y", "Terms of Use") and separators.  Not "and": prose joins names with it.
_LABEL = r"\p{Lu}[\p{L}\p{M}\d'’&/.\-]*+(?<=[\p{L}\p{M}\d])"  # possessive: no backtracking
_SMALL = r"(?:of|on|in|us|to|the|for|up|[&|/•·–-])"
_WORD = rf"(?:{_LABEL}|{_SMALL})"
MIN_LABELS = 15
# A run starts on a label (leading short words are not part of it): tried at capitals only.
RUN = regex.compile(rf"(?<!\S){_LABEL}(?:[ \t]+{_WORD}){{{MIN_LABELS - 1},}}(?!\S)")
SMALL = regex.compile(rf"{_SMALL}\Z")
NEXT_LOWER = regex.compile(r"[ \t]+\p{Ll}")
WORDS = regex.compile(r"\p{L}[\p{L}\p{M}'’]*")


class NavigationRun(ResidueRule):
    """A line holds a long run of capitalised labels with no sentence between them: a menu, a share bar or a list of other stories' headlines flattened into the text.

    Fifteen or more capitalised words in a row (a short word such as "of", "on" or "in" may
    stand between them, at most one word in four; an "and" ends the run, as prose lists join
    names with it), with no punctuation ending a sentence or a clause among them: prose puts
    commas, verbs in lower case or a full stop in a stretch that long, even in a list of names. A document written in title case throughout is left alone, and so are
    tables, code and text in capitals.
    """

    code, name = "NL714", "navigation-run"
    yields_to = ("NL701", "NL707", "NL708", "NL709")
    bad = [
        "The council met on Monday. ⟦Home News Sport Business Tech Science Health Education Arts "
        "Travel Weather Video Audio Podcasts Newsletters⟧ Sign in to read more. The vote was close.",
        "The vote was close on Monday night.\n⟦Follow Example News on Facebook Follow Example News "
        "on Twitter Follow Example News on Instagram Follow Example News on YouTube⟧\nThe count took "
        "all night.",
        "The vote was close. ⟦Council Votes To Close Library Mayor Says Budget Cuts Will Hit "
        "Parks Next Year Police Name Man Found In River⟧ Read more.",
    ]
    good = [
        "Wales Secretary Jane Doe, Welsh Minister John Roe and Ulster Minister Ann Poe met in "
        "Cardiff on Monday.",
        "THE COUNCIL VOTED TO CLOSE THE LIBRARY ON MONDAY AFTER A LONG AND BITTER MEETING "
        "THAT LASTED WELL INTO THE NIGHT",
        "Council Votes To Close Library\nMayor Says Budget Cuts Will Hit Parks Next Year As "
        "The Council Tries To Balance Its Books Before The Spring\n",
        "| Home | Away | Date | Ground | Referee | Result | Scorers | Crowd | Notes | Kick Off "
        "| Half Time | Full Time | Booked | Sent Off | Subs |\n|---|---|---|---|---|---|---|---|"
        "---|---|---|---|---|---|---|\n",
        "The band played Dazed And Confused, Whole Lotta Love, Black Dog and Rock And Roll.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        runs = []
        for m in RUN.finditer(text):
            words = m.group().split()
            if NEXT_LOWER.match(text, m.end()) and not SMALL.match(words[-1]):
                words.pop()  # "... Subscribe The council said": the next sentence's first word
            while SMALL.match(words[-1]):
                words.pop()
            small = sum(1 for w in words if SMALL.match(w))
            labels = len(words) - small
            capitals = sum(1 for w in words if len(w) > 1 and w.isupper())
            if labels < MIN_LABELS or small * 4 > len(words) or capitals * 2 > labels:
                continue
            start = m.start()
            if doc.is_protected(start) or doc.in_hidden(start):
                continue
            if doc.line_index(start) in doc.table_lines:
                continue
            end = _end_of(text, start, words)
            if _is_title(doc, start, end):
                continue
            runs.append((start, end, labels))
        if not runs or _written_in_title_case(text, runs):
            return
        for start, end, labels in runs:
            yield self.violation(
                start,
                end,
                f"{labels} capitalised labels in a row with no sentence between them: a menu, "
                "share bar or list of headlines run into the text",
            )


def _end_of(text: str, start: int, words: list) -> int:
    """Where the last of ``words`` (found in order from ``start``) ends."""
    pos = start
    for w in words:
        pos = text.index(w, pos) + len(w)
    return pos


def _is_title(doc: Document, start: int, end: int) -> bool:
    """Whether the run is the document's title (its title field, or its first line) whole."""
    title = doc.title
    if title is None:
        return False
    s, e = title
    line = doc.text[s:e]
    s += len(line) - len(line.lstrip())
    e -= len(line) - len(line.rstrip())
    return s == start and e == end


def _written_in_title_case(text: str, runs: list) -> bool:
    """Whether most of the document's words outside ``runs`` start with a capital: a house
    style (or a document that is nothing but labels), not a menu in prose."""
    rest, pos = [], 0
    for start, end, _ in runs:
        rest.append(text[pos:start])
        pos = end
    rest.append(text[pos:])
    words = WORDS.findall(" ".join(rest))
    return sum(1 for w in words if w[0].isupper()) * 2 >= len(words)
