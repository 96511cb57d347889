"""NL714: a site's menu, share bar or list of headlines left in the text: one long string of
capitalised labels in a line (what a page's `get_text()` leaves where the navigation stood), or
a column of ten or more label lines (what an HTML-to-text or Markdown converter leaves)."""

from __future__ import annotations

from collections.abc import Iterator

from newslint.checks.residue.base import ResidueRule
from newslint.document import Document
from newslint.lazy import LazyPattern
from newslint.rule import Violation

# A label word: a capital, then letters, digits or joiners, not ending in punctuation ("AR/VR",
# "GamesBeat", "U.S"); or a short lower-case word that menus hold ("Sign in", "About us",
# "Follow X on Y", "Terms of Use") and separators.  Not "and": prose joins names with it.
_LABEL = r"\p{Lu}[\p{L}\p{M}\d'’&/.\-]*+(?<=[\p{L}\p{M}\d])"  # possessive: no backtracking
_SMALL = r"(?:of|on|in|us|to|the|for|up|[&|/•·–-])"
_WORD = rf"(?:{_LABEL}|{_SMALL})"
MIN_LABELS = 15
# A run starts on a label (leading short words are not part of it): tried at capitals only.
RUN = LazyPattern(rf"(?<!\S){_LABEL}(?:[ \t]+{_WORD}){{{MIN_LABELS - 1},}}(?!\S)")
SMALL = LazyPattern(rf"{_SMALL}\Z")
NEXT_LOWER = LazyPattern(r"[ \t]+\p{Ll}")
WORDS = LazyPattern(r"\p{L}[\p{L}\p{M}'’]*")

# A menu's line: a list bullet, then a label of one to five words, perhaps a Markdown link
# (`* [White House][1]`, `- [Politics](/politics)`) or emphasis, with no sentence punctuation.
MIN_ITEMS = 10
MAX_ITEM = 300  # characters in a menu's line, a link's address included
_BULLET = r"[ \t]*(?:[*+•·-]|\d{1,2}[.)])?[ \t]*"
BULLET = LazyPattern(_BULLET)
ITEM_START = LazyPattern(rf"{_BULLET}[\[*_]*\p{{Lu}}")
LINK = LazyPattern(r"!?\[[ \t]*([^\]\n]*?)[ \t]*\](?:\[[^\]\n]*\]|\([^)\n]*\))")
ITEM = LazyPattern(rf"{_LABEL}(?:[ \t]+(?:{_LABEL}|{_SMALL}|and)){{0,4}}")


class NavigationRun(ResidueRule):
    """A site's menu, share bar or list of headlines is left in the text: a long run of capitalised labels in a line, or a column of label lines.

    In a line (a page flattened by its extractor): fifteen or more capitalised words in a row
    (a short word such as "of", "on" or "in" may stand between them, at most one word in four;
    an "and" ends the run, as prose lists join names with it), with no punctuation ending a
    sentence or a clause among them: prose puts commas, verbs in lower case or a full stop in a
    stretch that long, even in a list of names. A document written in title case throughout is
    left alone, and so are its title, tables, code and text in capitals.

    In a column (what HTML-to-text and Markdown converters leave): ten or more lines in a row,
    blank lines aside, each a label of one to five capitalised words with no sentence
    punctuation (a list bullet, a Markdown link or emphasis around it allowed), half of them
    links or single words, and nearly all different. A column of people's names (two or three
    words, no links) is a list of people, and one that repeats its labels (`Medium`, `Low`) a
    list of values, not a menu.
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
        "The vote was close.\n* ⟦[Home][1]\n* [News][2]\n* [Sport][3]\n* [Business][4]\n"
        "* [Money][5]\n* [Travel][6]\n* [Weather][7]\n* [Puzzles][8]\n* [Letters][9]\n"
        "* [Contact Us][10]⟧\nThe count took all night.",
        "The vote was close.\n⟦Home\nNews\nSport\nBusiness\nMoney\nTravel\nWeather\n\nPuzzles"
        "\nLetters\nContact Us⟧\n",
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
        "We thank our volunteers:\n\n"
        + "\n\n".join(
            f"{a} {b}"
            for a, b in zip(
                ["Ann", "Bill", "Cara", "Dev", "Eve"] * 2, ["Doe", "Roe", "Poe", "Moe", "Zoe"] * 2
            )
        ),
        "Five stories:\n* [Home][1]\n* [News][2]\n* [Sport][3]\n* [Money][4]\n* [Travel][5]\n",
        "Risk by hazard:\n"
        + "\n".join("Fire High Flood Low Wind Medium Heat High Cold Low Rain Medium".split()),
        "Steps:\n" + "".join(f"{i}. Add the flour.\n" for i in range(1, 12)),
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        yield from self._runs(doc)
        yield from self._columns(doc)

    def _runs(self, doc: Document) -> Iterator[Violation]:
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

    def _columns(self, doc: Document) -> Iterator[Violation]:
        text, lines = doc.text, doc.lines
        if len(lines) < MIN_ITEMS:
            return
        items: list = []  # (start, kind, label, end) of the current column's items
        for i, (s, e) in enumerate(lines):
            item = _item_kind(text, s, e) if e - s <= MAX_ITEM else None
            if item is None:
                if s == e or text[s:e].isspace():
                    continue  # blank lines may stand between a menu's items
            elif not (doc.in_hidden(s) or doc.is_protected(s) or i in doc.table_lines):
                items.append((*item, s + len(text[s:e].rstrip())))
                continue
            if items:
                yield from self._column(items)
                items = []
        yield from self._column(items)

    def _column(self, items: list) -> Iterator[Violation]:
        """A menu: ten or more label lines in a row, half of them links or single words (a
        column of names, two or three words each and no links, is a list of people)."""
        n = len(items)
        if n < MIN_ITEMS:
            return
        kinds = [k for _, k, _, _ in items]
        if kinds.count("link") * 2 < n and kinds.count("word") * 2 < n:
            return
        if len({label for _, _, label, _ in items}) * 10 < n * 9:
            return  # labels repeated ("Medium", "Low"): a list of values, not a menu
        yield self.violation(
            items[0][0],
            items[-1][3],
            f"{n} label lines in a row: a menu or list of links left in the text",
        )


def _item_kind(text: str, start: int, end: int):
    """(where its label starts, kind, label) if a line is a menu item, kind 'link', 'word' or
    'words'; else None."""
    if not ITEM_START.match(text, start, end):
        return None
    at = BULLET.match(text, start, end).end()
    label, links = LINK.subn(r"\1", text[at:end])
    label = label.strip().strip("*_").strip()
    if not ITEM.fullmatch(label):
        return None
    if links:
        return at, "link", label
    return at, ("word" if " " not in label else "words"), label


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
