"""NL708 furniture paragraphs: a caption, a teaser, a credit or a player label standing alone
between two paragraphs of an article, found by jusText's paragraph classification."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Optional

from newslint.checks.residue.artefacts import AGENCY
from newslint.checks.residue.base import ResidueRule
from newslint.checks.residue.furniture_boxes import around_furniture, described
from newslint.checks.residue.furniture_forms import (
    CAPTION_WORDS,
    CLOSERS,
    GALLERY,
    LABEL,
    PLAYER_TIME,
    SENTENCE_END,
    SENTENCE_WORDS,
    about,
    caption_cue,
    heading_length,
    is_sentence,
    link_chars,
    punctuated,
    stoplist,
    title_case,
    unpunctuated,
    unpunctuated_sentence,
)
from newslint.checks.residue.furniture_justext import justext_classes
from newslint.document import (
    EMAIL,
    HANDLE,
    HEADING_MD,
    URL,
    WORD,
    Document,
    continues_line,
    is_list_item,
    strip_span,
)
from newslint.lazy import LazyPattern
from newslint.rule import Violation

# a loose line is a few words: a longer unpunctuated paragraph is a sentence missing its stop
MAX_WORDS = 24
# a line longer than this is not hard-wrapped (document.structure splits paragraphs the same way)
WRAPPED = 120
# a line of links says a few words besides them ("Follow on Twitter", "Source:")
LINK_LINE_WORDS = 5
# a caption set twice is a few words at least (a short line repeated may be a refrain)
REPEAT_WORDS = 4
# a player's label is a few words, a full stop or none
WIDGET_WORDS = 6
# at most this many loose lines in a row stand between two paragraphs; more are a list
MAX_RUN = 4
SECTION = 3

# --- what a loose line looks like -------------------------------------------------------------
QUOTE_CLOSE = ('"', "\u201d", "\u2019", "'")
QUOTE_OPEN = "\"'\u201c\u2018\u00ab\u201e>"
# an all-capitals label and a colon before a headline: "HORROR: ...", "WATCH: ...", "DEC. 18: ..."
TEASER = LazyPattern(r"^(?=[^:]*\p{Lu}{3})[\p{Lu}\d][\p{Lu}\d .'\u2019&-]{1,24}:\s+(?P<rest>\S.*)$")
# an interview's labels: a question and its answer ("Q: Favourite books?", "A. Two novels")
INTERVIEW = LazyPattern(r"^(?:Q|A|Question|Answer)\s?[:.]\s")
# a credit: names set off by slashes, in capitals (AGENCY/NAME) or ending with a photo agency
CREDIT = LazyPattern(
    r"^[\p{Lu}\d][\p{Lu}\d .,'\u2019&-]+(?:\s?/\s?[\p{Lu}\d][\p{Lu}\d .,'\u2019&-]+)+$"
    r"|^[^/\n]{2,60}(?:\s?/\s?[^/\n]{2,40})*\s?/\s?" + AGENCY + r"$"
)
# a credit in brackets closing a caption: "... in 2013. (JANE DOE/AGENCY)"
CREDIT_TAIL = LazyPattern(
    r"\((?:[\p{Lu}\d][\p{Lu}\d .,'\u2019&-]*/\s?)+[\p{Lu}\d][\p{Lu}\d .,'\u2019&-]*\)$"
)
# a label sending readers to other stories: "Related: ...", "Read more: ..."
RELATED = LazyPattern(
    r"^(?:(?i:related|more|recommended|trending|watch|listen)"
    r"(?i: (?:stories|story|articles?|coverage|videos?))?\s*:"
    r"|(?i:read more|see also|also read|read also|most read|most popular)\s*:?)"
    r"\s+(?P<rest>[\p{Lu}\d'\"\u2018\u201c].*)$"
)
# a player's clock after a title: "... Thank You 2:28"
DURATION = LazyPattern(r"(?<![\d:.])(?P<word>\S+)\s+\d{1,2}:[0-5]\d$")
# what stands before a clock time: a day (glued or not), a time of day, a time zone
CLOCK_BEFORE = LazyPattern(
    r"(?i:yesterday|today|tonight|(?:mon|tues|wednes|thurs|fri|satur|sun)day)$"
    r"|^(?i:a\.?m\.?|p\.?m\.?|gmt|utc|bst|[ecmp][sd]?t)$"
)
# the labels of a media player or a widget, as a line of their own
WIDGET = LazyPattern(
    r"^(?i:play|replay|watch)(?:\s+(?i:the|our|full))?\s+(?:(?i:video|clip)\b|\p{Lu})"
    r"|^(?i:(?:video|poll|gallery|slideshow|photo gallery|photos|player|comments) (?:is )?loading)\b"
    r"|^(?i:loading (?:the )?(?:video|poll|gallery|slideshow|photo gallery|photos|player|comments))\b"
    r"|^(?i:scroll down (?:for|to (?:see|watch|view)) (?:the )?(?:videos?|photos|pictures))\b"
)
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# a dateline or a date on its own: "LONDON (Reuters) -", "March 3, 2015", "Updated 12:30 GMT"
DATELINE = LazyPattern(  # the place in capitals: "During the operation, the tumour -" is none
    r"^\p{Lu}[\p{Lu} .,'-]{2,40}(?:\([^)]{1,30}\))?\s*[\u2014\u2013-]"
    r"|(?i:^(?:\w+\s+){0,2}(?:" + MONTH + r"\s+\d{1,2}|\d{1,2}\s+" + MONTH + r")\b[\s\d,:apm.]*"
    r"(?:\p{Lu}{2,4})?$)"
)
CAPITALS = LazyPattern(r"\p{Lu}.*\p{Lu}.*\p{Lu}")
LIST_MARKER = LazyPattern(r"^\s*(?:[-*+\u2022]|\d{1,9}[.)])\s+$")
EMPHASIS = LazyPattern(r"^(\*{1,2}|_{1,2}).+\1$")
MD_LINK_WHOLE = LazyPattern(r"(?<![!\\])\[[^\[\]\n]+\]\([^()\s]*\)")

_BEFORE = (  # two paragraphs of article text for the examples (jusText's "good": 200+ characters)
    "The mayor opened the new library on Saturday morning, and she thanked the builders who "
    "had finished the work two months ahead of time and well within the budget that the "
    "council had set for it when the old building was closed."
)
_AFTER = (
    "Hundreds of children queued in the rain to borrow their first books, and the librarians "
    "said that they had never seen so many of them in one place, not even at the summer fair "
    "that the school holds in the park every year."
)

_THREE = f"{_AFTER}\n\n{_BEFORE}\n\n{_AFTER}"  # three paragraphs ending as sentences

PROSE = ("good", "neargood")  # jusText's classes of a paragraph that reads as text on its own

MESSAGES = {
    "teaser": "a teaser for another story",
    "credit": "a photo credit",
    "duration": "a video title with its running time",
    "widget": "a media player's label",
    "links": "a line of links or handles",
    "headline": "a headline of another story",
    "block": "a line of a video or photo block",
    "repeat": "a caption set twice",
    "caption": "a photo caption",
    "sentence": "a caption or another story's headline, a sentence with no full stop",
    "box": "a line of a box of page furniture",
}


@dataclass
class Block:
    """One paragraph as the classifier sees it."""

    start: int
    end: int
    text: str  # the visible text, spaces collapsed
    raw: str  # the text as written
    role: str  # title | heading | list | table | quote | figure | text
    links: int  # characters in URLs, handles and link texts: jusText's link density
    loose: bool = False  # one short line of text
    sentence_length: bool = False  # six words or more
    long_caption: bool = False  # a caption too long for a loose line
    cue: Optional[str] = None  # what furniture its shape says it is
    candidate: bool = False  # loose, not kept by jusText, and furniture-shaped or no sentence
    cf_class: str = ""  # jusText's class of the paragraph alone: short | bad | neargood | good
    final: str = ""  # jusText's class in context: good | bad


class FurnitureParagraph(ResidueRule):
    """A short line stands between two paragraphs of the article as page furniture: a photo caption or credit, a teaser for another story, a media player's label.

    Extractors keep what a page sets between the paragraphs of a story: a teaser in capitals
    (`SHOCK: Man bites dog in park`), a related link (`Related: ...`, `Read more ...`), a
    credit (`JANE DOE/AGENCY/GETTY IMAGES`, a caption ending `(JANE DOE/AGENCY)`), a player's
    label (`Play VIDEO`, `Video loading`, `Scroll down for video`), a video's title with its
    running time (`... 2:28`), a line of links or handles, a caption set twice (a card's title
    and its image's text), a title-case headline of another story.

    Every paragraph is classified as jusText classifies the paragraphs of a web page, on its
    text alone: length, stop-word density against jusText's English stop-list, and link density
    (URLs, handles and Markdown link texts stand for links), then in the context of its
    neighbours. A line of at most 24 words is reported when it stands, alone or with up to three
    such lines, between two paragraphs of text (jusText keeps them, or they end as sentences),
    jusText does not keep it as text on its own, and its shape says furniture: one of the forms
    above, or no sentence end beside a player's label. A title-case headline counts only when
    the next paragraphs do not take up half of its key words (a section's heading is about its
    section) and the document has no other title-case line standing elsewhere (then it has
    section headings); capitalised labels are speakers, not teasers, where they open sentences
    in two paragraphs or more, and an interview's questions and answers (`Q: ...`, `A: ...`,
    both in the document) are never furniture.

    In plain text and JSON (Markdown marks its headings), a caption or another story's headline
    kept as a sentence with no stop is furniture where edited prose ends every paragraph with
    one: a line of six words or more in sentence case, standing alone between two paragraphs
    that end as sentences, in a document where three in four paragraphs do (else its style is
    unpunctuated). A line of twelve words or fewer whose key words the next paragraphs take
    up is their heading, and one standing where other lines without a stop stand elsewhere may
    be a section heading, unless a caption's label opens it (`Denial: ...`). A caption pointing
    at its picture (`(pictured)`, `, left,`, `(above)`, `pictured above`) is reported under the
    same conditions up to 40 words; those words also stand in articles' own sentences, so never
    alone. A gallery's toggle or counter (`Expand | Collapse`, `Photo 3 of 12`) is furniture on
    its own. Beside furniture: the line under a player's title (`... Play Video1:42`) ending
    with its source in brackets is the video's description, and a short line of one sentence
    framed by two of NL701's lines, no blank line between, is a line of the same box (a
    newsletter's pitch between its title and its `Sign up`).

    Never reported: the title or first paragraph, headings in Markdown, list items, table rows,
    quotations, datelines, emphasised lines, images and lines after a lead-in ending with a
    colon. Edited news (the BBC corpus) gets no report.
    """

    code, name = "NL708", "furniture-paragraph"
    yields_to = ("NL701",)
    bad = [
        f"{_BEFORE}\n\n⟦SHOCK: Pensioner finds rare coin in garden shed⟧\n\n{_AFTER}",
        f"{_BEFORE}\n\n⟦JANE DOE/EXAMPLE PRESS/GETTY IMAGES⟧\n\n{_AFTER}",
        f"{_BEFORE}\n\n⟦Play VIDEO⟧\n\n{_AFTER}",
        f"{_BEFORE}\n\n⟦Video loading⟧\n\n{_AFTER}",
        f"{_BEFORE}\n\n⟦Mayor Cuts Ribbon With Giant Pair Of Scissors 1:42⟧\n\n{_AFTER}",
        f"{_BEFORE}\n\n⟦Local Baker Wins National Prize For Sourdough Loaf⟧\n\n{_AFTER}",
        f"{_BEFORE}\n\n⟦Follow @examplenews and #libraryday⟧\n\n{_AFTER}",
        f"{_BEFORE}\n\n⟦Related: Council votes to keep the swimming pool open⟧\n\n{_AFTER}",
        f"{_BEFORE}\n\n⟦The mayor cuts the ribbon at the new library.⟧\n"
        "The mayor cuts the ribbon at the new library. (JANE DOE/EXAMPLE PRESS)\n\n"
        f"{_AFTER}",
        f"{_BEFORE}\n\n⟦The mayor waves to the crowd from the steps of the town hall⟧\n\n{_THREE}",
        f"{_BEFORE}\n\n⟦Hundreds of children, left, wait for the doors to open⟧\n\n{_THREE}",
        f"{_BEFORE}\n\n⟦Expand | Collapse⟧\n\n{_AFTER}",
        f"{_BEFORE}\n\n⟦Mayor opens the library  Play Video1:42⟧\n{_AFTER} (Example News)\n\n{_AFTER}",
        f"{_BEFORE}\n\nThe Town Brief newsletter\n⟦All the news before breakfast.⟧\nSign up\n\n{_AFTER}",
    ]
    good = [
        f"Library Opens Its Doors To The Town\n\n{_BEFORE}\n\n{_AFTER}",  # the title
        f"{_BEFORE}\n\n## Queues Round The Block For Books\n\n{_AFTER}",  # a Markdown heading
        f"{_BEFORE}\n\nChildren Queue For Their First Books\n\n{_AFTER}",  # the section's heading
        f"{_BEFORE}\n\n- Free Wifi For Every Visitor Today\n\n{_AFTER}",  # a list item
        f"{_BEFORE}\n\nMAYOR: We are proud of this building.\n\n{_AFTER}",  # a sentence
        f"{_BEFORE}\n\nQ: Favourite books?\n\nA: The Long Tide Home\n\n{_AFTER}",  # an interview
        f"{_BEFORE}\n\nThe reading room opens at 10:30\n\n{_AFTER}",  # a clock time
        f"{_BEFORE}\n\n“Come Back Every Saturday”\n\n{_AFTER}",  # a quotation
        f"{_BEFORE}\n\nSheffield\n\n{_AFTER}",  # one word: nothing says furniture
        f"{_BEFORE}\n\nWatch the video below:\n\n{_AFTER}",  # a lead-in
        f"{_BEFORE}\n\nLONDON, March 3\n\n{_AFTER}",  # a dateline
        f"{_BEFORE}\n\nThe builders finished the work ahead of time\n\n{_THREE}",  # its heading
        f"{_BEFORE}\n\nThe mayor (pictured) thanked the builders.\n\n{_THREE}",  # a sentence
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        blocks = doc.memo("residue.furniture", lambda: classify(doc))
        for block, kind in blocks:
            yield self.violation(
                block.start,
                block.end,
                f"page furniture between paragraphs ({MESSAGES[kind]}): '{block.text[:60]}'",
            )


# --- the paragraphs, classified -----------------------------------------------------------------


def classify(doc: Document) -> list:
    """(block, kind) for every loose line of ``doc`` that is furniture."""
    blocks = _blocks(doc)
    speakers = None
    asked = {b.text[0] for b in blocks if INTERVIEW.match(b.text)} == {"Q", "A"}  # an interview
    for k, block in enumerate(blocks):
        if block.loose:
            speakers = _transcript(blocks) if speakers is None else speakers
            block.cue = _cue(blocks, k, doc, speakers)
            block.candidate = block.cue is not None or not is_sentence(block.text)
            block.candidate = block.candidate and not (asked and INTERVIEW.match(block.text))
    if not any(block.candidate or block.long_caption for block in blocks):
        return []  # nothing to classify: jusText is not even run
    justext_classes(blocks)
    for block in blocks:
        block.candidate = block.candidate and block.cf_class != "good"  # jusText keeps it
    # where headings are not marked and paragraphs end as sentences, a line without a stop tells
    edited = doc.kind != "markdown" and punctuated(blocks)
    found = []
    i, n = 0, len(blocks)
    while i < n:
        if not blocks[i].candidate:
            i += 1
            continue
        j = i
        while j < n and blocks[j].candidate:
            j += 1
        after = _content(blocks, j) or (described(doc, blocks, i, j) and _content(blocks, j + 1))
        if j - i <= MAX_RUN and _content(blocks, i - 1) and after:
            found.extend(_run(blocks, i, j, doc, edited))
        i = j
    if edited:  # a long caption pointing at its picture, beside text or other furniture
        done = {b.start for b, _ in found}
        for k, block in enumerate(blocks):
            if block.long_caption and _beside(blocks, k - 1, done) and _beside(blocks, k + 1, done):
                found.append((block, "caption"))
        found.sort(key=lambda pair: pair[0].start)
    return _headings_left(blocks, around_furniture(doc, blocks, found))


def _beside(blocks: list, k: int, done: set) -> bool:
    """Whether paragraph ``k`` may stand beside a caption: text ending as a sentence (not going
    on in lower case), another long caption, or furniture found."""
    if not 0 <= k < len(blocks):
        return False
    block = blocks[k]
    if block.start in done or block.long_caption:
        return True
    return _content(blocks, k) and _ends(block) and not block.text[0].islower()


def _ends(block: Block) -> bool:
    """Whether a paragraph ends as a sentence, or is a long caption (a sentence's length)."""
    return block.long_caption or is_sentence(block.text)


def _headings_left(blocks: list, found: list) -> list:
    """``found`` less its headlines when title-case lines that are no other furniture stand in
    two places or more between the paragraphs, and less its heading-length sentences without a
    stop when such lines do: the document has section headings, and these may be some."""
    titles, lines, place = set(), set(), -1
    # a line beside a player's label or in a box (its frame too) is the widget's, no heading
    widget = {b.start for b, kind in found if kind in ("block", "box")}
    shaped = {
        b.start for k, b in enumerate(blocks) if b.start in widget or widget & _frame(blocks, k)
    }
    for k, block in enumerate(blocks):
        if block.loose and not (k and blocks[k - 1].loose):
            place += 1
        if block.loose and block.cue is None and block.start not in shaped:
            if title_case(block.text):
                titles.add(place)
            if not is_sentence(block.text):
                lines.add(place)
    return [
        (b, kind)
        for b, kind in found
        if not (kind == "headline" and len(titles) > 1)
        and not (kind == "sentence" and len(lines) > 1 and _heading_like(b.text))
    ]


def _frame(blocks: list, k: int) -> set:
    return {blocks[n].start for n in (k - 1, k + 1) if 0 <= n < len(blocks)}


def _heading_like(text: str) -> bool:
    """A heading's length and no caption's label ("Denial: ...", "CEN Shock: ...")."""
    return heading_length(text) and not LABEL.match(text)


def _content(blocks: list, i: int) -> bool:
    """Whether paragraph ``i`` is article text: jusText keeps it (alone or in context), or it
    ends as a sentence."""
    if not 0 <= i < len(blocks) or blocks[i].role not in ("text", "title", "quote"):
        return False
    block = blocks[i]
    if block.text.endswith(":"):
        return False  # a lead-in: what follows is what it announces (a list, a quotation, a post)
    return block.final == "good" or block.cf_class in PROSE or is_sentence(block.text)


def _run(blocks: list, i: int, j: int, doc: Document, edited: bool) -> list:
    """The furniture among the loose lines ``blocks[i:j]`` standing between two paragraphs;
    in a document whose paragraphs end as sentences (``edited``), a sentence without its stop
    standing alone between two that end as sentences is one too."""
    player = any(b.cue in ("widget", "duration") for b in blocks[i:j])
    # a name and a title after a quotation are its speaker, not a headline
    quoted = blocks[i - 1].role == "quote" or blocks[i - 1].text.endswith(QUOTE_CLOSE)
    alone = edited and sum(b.cue is None for b in blocks[i:j]) <= 1  # not a list's items
    if alone:  # and not a piece of a sentence going on in the next line
        nxt = blocks[j].text
        alone = _ends(blocks[i - 1]) and _ends(blocks[j]) and not nxt[0].islower()
    out = []
    for block in blocks[i:j]:
        kind = block.cue
        if kind == "pictured":  # beside a player's label, a title of the player's
            kind = "block" if player else "caption" if alone else None
        if kind is None and not is_sentence(block.text):
            if player:
                kind = "block"  # a title beside a player's label belongs to the player
            elif (
                not quoted
                and doc.kind != "markdown"  # headings are marked there: this is a figure's title
                and block.cf_class in ("short", "bad")
                and title_case(block.text)
                and not about(block.text, blocks[j : j + SECTION])
            ):
                kind = "headline"
            elif (
                alone
                and not (quoted and not LABEL.match(block.text))
                and not TEASER.match(block.text)
            ):  # nor a speaker's line (a name, a title; "Jane Doe: ..." is a caption's label)
                kind = unpunctuated(block.text, blocks[j : j + SECTION])
        if kind is not None:
            out.append((block, kind))
    return out


def _pictured(block: Block, doc: Document) -> bool:
    """A caption pointing at its picture ("(pictured)", ", left,") with no stop, outside
    Markdown: furniture even where it is long enough for jusText to keep it as text."""
    return doc.kind != "markdown" and caption_cue(block.text) and unpunctuated_sentence(block.text)


def _clock(before: str) -> bool:
    """Whether a time after the word ``before`` is a clock time ("at 10:30", "Yesterday 20:05"),
    not a video's running time."""
    return before.lower() in stoplist() or bool(CLOCK_BEFORE.search(before))


def _transcript(blocks: list) -> bool:
    """Whether capitalised labels and a colon open sentences in two paragraphs or more: they
    name speakers (an interview, a transcript), and a label there is no teaser."""
    said = 0
    for block in blocks:
        if block.role == "text" and is_sentence(block.text) and TEASER.match(block.text):
            said += 1
    return said > 1


def _cue(blocks: list, k: int, doc: Document, speakers: bool = False) -> Optional[str]:
    """What kind of furniture the loose line ``blocks[k]`` is by its shape alone, if any."""
    text = blocks[k].text
    if text.endswith(":"):
        return None  # a lead-in: it announces what follows
    words = len(text.split())
    sentence = is_sentence(text)
    if WIDGET.match(text) and (words <= WIDGET_WORDS or not sentence):
        return "widget"
    if GALLERY.search(text):
        return "caption"
    if (CREDIT.match(text) or CREDIT_TAIL.search(text)) and CAPITALS.search(text):
        return "credit"
    m = DURATION.search(text)
    if words >= 3 and (PLAYER_TIME.search(text) or (m and not _clock(m.group("word")))):
        return "duration"
    m = RELATED.match(text) or (None if speakers else TEASER.match(text))
    if m and len(m.group("rest").split()) >= 3 and not sentence:
        return "teaser"
    block = blocks[k]
    if block.links > 0.5 * len(text) and _words_outside_links(block.raw) <= LINK_LINE_WORDS:
        return "links"
    if any(_repeats(text, blocks, other) for other in (k - 1, k + 1)):
        return "repeat"
    if _pictured(block, doc):
        return "pictured"  # a caption if the document ends its paragraphs as sentences
    return None


def _words_outside_links(text: str) -> int:
    """How many words ``text`` says besides its URLs, handles and Markdown links."""
    rest = MD_LINK_WHOLE.sub(" ", text) if "](" in text else text
    rest = URL.sub(" ", rest) if "://" in rest or "www." in rest else rest
    rest = EMAIL.sub(" ", HANDLE.sub(" ", rest)) if "@" in rest or "#" in rest else rest
    return len(WORD.findall(rest))


def _repeats(text: str, blocks: list, other: int) -> bool:
    """Whether the loose line next to this one says the same, or the same and a credit: a
    caption set twice (a card's title and its image's text)."""
    if not 0 <= other < len(blocks) or not blocks[other].loose:
        return False
    twin = blocks[other].text
    short, long = sorted((text, twin), key=len)
    short = short.rstrip(CLOSERS + SENTENCE_END)
    return len(short.split()) >= REPEAT_WORDS and long.startswith(short)


def _visible(doc: Document, s: int, e: int, hidden: list) -> str:
    """``doc.text[s:e]`` less the hidden spans in it (Markdown link targets, markup)."""
    if not hidden:
        return doc.text[s:e]
    parts, pos = [], s
    for hs, he in hidden:
        if he <= pos or hs >= e:
            continue
        parts.append(doc.text[pos:hs] if hs > pos else "")
        pos = max(pos, he)
    parts.append(doc.text[pos:e] if pos < e else "")
    return "".join(parts)


def _role(doc: Document, s: int, line: int, raw: str, visible: str, first: bool) -> str:
    """What a paragraph is: only a ``text`` one may be furniture."""
    if first:
        return "title"
    if (doc.heading_spans is not None and doc.is_heading(s)) or (
        "#" in raw[:4] and HEADING_MD.match(raw)
    ):
        return "heading"
    if line in doc.table_lines or raw.count("|") >= 2:
        return "table"
    before = doc.text[doc.lines[line].start : s]  # a marker the reader left out
    if (not raw[0].isalpha() and is_list_item(raw)) or (before and LIST_MARKER.match(before)):
        return "list"
    if raw[0] in QUOTE_OPEN or ">" in before:
        return "quote"
    if raw.startswith("![") or (
        visible[0] in "*_[" and EMPHASIS.match(visible.replace("[", "").replace("]", ""))
    ):
        return "figure"
    return "text"


def _paragraphs(doc: Document) -> Iterator[tuple]:
    """The document's paragraphs; in plain text written a paragraph a line (some line is longer
    than a wrapped one), a block of short lines is lines of their own, not a wrapped paragraph."""
    by_line = doc.kind == "text" and any(e - s > WRAPPED for s, e in doc.lines)
    for s, e in doc.paragraphs:
        if by_line and "\n" in doc.text[s:e]:
            first, last = doc.line_index(s), doc.line_index(e - 1)
            yield from (doc.lines[i] for i in range(first, last + 1))
        else:
            yield s, e


def _blocks(doc: Document) -> list:
    text = doc.text
    hidden = sorted(doc.hidden) if doc.hidden else []
    markdown = doc.kind == "markdown"
    title = doc.title
    out = []
    for s, e in _paragraphs(doc):
        s, e = strip_span(text, s, e)
        if s >= e:
            continue
        raw = text[s:e]
        first = not out or (title is not None and s == title.start)
        words = _visible(doc, s, e, hidden).split()
        if not words:
            continue
        visible = " ".join(words)
        at = doc.line_index(s)
        role = _role(doc, s, at, raw, visible, first)
        block = Block(s, e, visible, raw, role, link_chars(visible, raw, markdown))
        block.sentence_length = len(words) >= SENTENCE_WORDS
        line = (  # a line of text of its own, not a piece of a hard-wrapped sentence
            role == "text" and "\n" not in raw and not continues_line(text, doc.lines, at)
        )
        block.loose = line and len(words) <= MAX_WORDS and not DATELINE.match(visible)
        block.long_caption = (  # longer than a loose line, pointing at its picture
            line and MAX_WORDS < len(words) <= CAPTION_WORDS and _pictured(block, doc)
        )
        out.append(block)
    return out
