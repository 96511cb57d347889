"""NL708's furniture found beside furniture: the description under a video's title (a line
ending with its source in brackets) and a line framed by two of NL701's boilerplate lines in
one box (a newsletter box's pitch between its title and its button)."""

from __future__ import annotations

from newslint.checks.residue.flattened import sentence_screen
from newslint.checks.residue.furniture_forms import INNER_STOP
from newslint.document import Document
from newslint.lazy import LazyPattern

# a source or a list of names in brackets closing a line: "(Jane Doe, John Roe/Example News)"
SOURCE_TAIL = LazyPattern(
    r"\((?:[\p{Lu}][\p{L}.'\u2019&-]*+)"
    r"(?:(?:[ \t]*[,/][ \t]*|[ \t]+(?:(?:and|of|the|for)[ \t]+)?)[\p{Lu}][\p{L}.'\u2019&-]*+){0,11}"
    r"\)$"
)
# a player's title and what stands under it
PLAYER_KINDS = ("duration", "widget")
# a box's line between its title and its button is a few words: a pitch, a count, a date
BOX_WORDS = 12
# a description is a sentence or two: a longer line is the article's
DESCRIPTION_WORDS = 60


def around_furniture(doc: Document, blocks: list, found: list) -> list:
    """``found`` and the furniture standing beside it, in the document's order."""
    done = {b.start for b, _ in found}
    more = []
    for k, block in enumerate(blocks):
        if block.start in done or block.role != "text" or "\n" in block.raw:
            continue
        if _description(doc, blocks, k, found, done):
            more.append((block, "block"))
        elif _boxed(doc, blocks, k):
            more.append((block, "box"))
    if not more:
        return found
    return sorted(found + more, key=lambda pair: pair[0].start)


def _adjacent(doc: Document, first, second) -> bool:
    """Whether two blocks stand on consecutive lines, no blank line between them."""
    return doc.line_index(second.start) == doc.line_index(first.end) + 1


def described(doc: Document, blocks: list, i: int, j: int) -> bool:
    """Whether the loose lines ``blocks[i:j]`` hold a player's label or running time and the
    paragraph after them is its description: the text goes on after that."""
    return (
        j < len(blocks)
        and any(b.cue in PLAYER_KINDS for b in blocks[i:j])
        and _describes(doc, blocks[j - 1], blocks[j])
    )


def _description(doc: Document, blocks: list, k: int, found: list, done: set) -> bool:
    """A line under a video's title (its running time or a player's label)."""
    if not k or blocks[k - 1].start not in done:
        return False
    kinds = {kind for b, kind in found if b.start == blocks[k - 1].start}
    return bool(kinds & set(PLAYER_KINDS)) and _describes(doc, blocks[k - 1], blocks[k])


def _describes(doc: Document, title, block) -> bool:
    """A line right under a video's title ending with its source in brackets: the video's
    description, however long a sentence it is."""
    return (
        block.role == "text"
        and "\n" not in block.raw
        and _adjacent(doc, title, block)
        and len(block.text.split()) <= DESCRIPTION_WORDS
        and block.text.endswith(")")
        and SOURCE_TAIL.search(block.text) is not None
    )


def _boxed(doc: Document, blocks: list, k: int) -> bool:
    """A short line of one sentence framed, with no blank line, by two lines each of which is
    one of NL701's boilerplate lines: a line of the same box ("Get the morning briefing."
    between a newsletter's title and its "Sign up" button, a count between two labels)."""
    block = blocks[k]
    if not block.loose or not 0 < k < len(blocks) - 1 or len(block.text.split()) > BOX_WORDS:
        return False
    if INNER_STOP.search(block.text):
        return False  # two sentences: the article's, between two labels
    before, after = blocks[k - 1], blocks[k + 1]
    if not (before.loose and after.loose):
        return False
    if not (_adjacent(doc, before, blocks[k]) and _adjacent(doc, blocks[k], after)):
        return False
    return _boilerplate(before.text) and _boilerplate(after.text)


def _boilerplate(text: str) -> bool:
    """Whether a line is one of NL701's entries that count anywhere in a document."""
    screen = sentence_screen()
    found = screen.entry(text)
    return (
        found is not None
        and found[1].end() == len(text)
        and screen.pack.entry_position(found[0]) == "any"
    )
