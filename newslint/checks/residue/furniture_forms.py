"""NL708's features of a line (how it ends, title case, what it is about, jusText's stop-list,
its characters in links) and its forms without a label: a photo caption or another story's headline written as a
sentence with no full stop, and the words by which a caption points at its picture."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from newslint.checks.residue.damage import FUNCTION_ENDS
from newslint.document import EMAIL, HANDLE, URL, WORD
from newslint.lazy import LazyPattern

CLOSERS = "\"'\u201d\u2019)]*_"
# what may not close a sentence without its stop: a bracket, emphasis (a quoted title may:
# "... worn on “The Late Show”"; a line opening with a quotation mark is one)
BRACKETS = ")]*_"
SENTENCE_END = ".!?\u2026:;,"
# the words a title leaves in lower case (articles, conjunctions, prepositions): a closed class
TITLE_SMALL_WORDS = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via vs with from into "
    "onto over upon than that".split()
)
INNER_STOP = LazyPattern(r"[.!?]\s+\S")
# a headline half of whose key words recur in the paragraphs after it is their heading
ABOUT_NEXT = 0.5

# --- a sentence without its stop ---------------------------------------------------------------
# a sentence is six words at least: a name, a label or a short heading is fewer
SENTENCE_WORDS = 6
# a heading is at most twelve words: a longer line is a sentence, whatever the lines after it say
HEADING_WORDS = 12
# a caption pointing at its picture may be a sentence and a clause, longer than a loose line
CAPTION_WORDS = 40
# the document ends its paragraphs as sentences when three in four of them do, at least three
PUNCTUATED_SHARE = 0.75
PUNCTUATED_LEAST = 3
# words pointing at a picture: "(pictured)", "(left)", ", right,", "(above)", "pictured above"
POSITION = r"(?:left|right|centre|center|above|below|top|bottom|inset|far left|far right)"
PICTURE = LazyPattern(
    r"(?i)\((?:pictured|" + POSITION + r")(?:[ ,][^()]{0,40})?\)"
    r"|,\s(?:pictured|" + POSITION + r")(?:,|$)|\bpictured\s" + POSITION + r"\b"
)
# the cue closing a caption: "... was cut out (pictured)", "... in Syria, pictured"
PICTURE_END = LazyPattern(
    r"(?i)(?:,?\s\((?:pictured|" + POSITION + r")\)|,\s(?:pictured|" + POSITION + r"))$"
)
# what only a page's picture box says: its toggle, its counter with a label ("Photo 3 of 12")
GALLERY = LazyPattern(
    r"(?i)\bexpand\s?\|\s?collapse\b"
    r"|^(?i:photo|image|picture|slide)\s\d{1,3}\sof\s\d{1,3}\b|^\d{1,3}\sof\s\d{1,3}$"
)
# a player's label glued to the running time after a video's title: "... Play Video0:39"
PLAYER_TIME = LazyPattern(
    r"\s(?i:play(?: video)?|replay|watch(?: video)?|video)\s?\d{1,2}:[0-5]\d$"
)
# a caption's label, a word or a few and a colon (or "!", "?") before its sentence: "Denial: ..."
LABEL = LazyPattern(r"^\p{Lu}[^\s:!?]*(?:\s+[^\s:!?]+){0,4}[:!?]\s+\p{Lu}")
# a counter opening a caption that has no stop: "1 of 2 The mayor cuts the ribbon"
COUNTER = LazyPattern(r"^(\d{1,3})\sof\s(\d{1,3})\s+\p{Lu}")
ENDS_OPEN = tuple("-\u2013\u2014&/+=([{")


def is_sentence(text: str) -> bool:
    """Whether ``text`` ends as a sentence (or a lead-in) does."""
    tail = text.rstrip().rstrip(CLOSERS)
    return not tail or tail[-1] in SENTENCE_END


def unpunctuated_sentence(text: str) -> bool:
    """A sentence with no stop at its end: six words or more, opening with a capital, in
    sentence case (lower-case words among its long ones), ending on a word that may end a
    sentence or a quoted title after it, not on a bracket, a dash or a word such as "the" (a
    piece of a sentence, a cut line)."""
    text = PICTURE_END.sub("", text)
    words = WORD.findall(text)
    if len(words) < SENTENCE_WORDS or not text[0].isupper() or text[-1] in BRACKETS:
        return False
    if text.endswith(ENDS_OPEN) or words[-1].lower() in FUNCTION_ENDS or is_sentence(text):
        return False
    return sum(w[0].islower() for w in words[1:] if len(w) > 3) >= 2


def caption_cue(text: str) -> bool:
    """Whether a line without a stop points at its picture, or opens with a gallery's counter."""
    m = COUNTER.match(text)
    return bool(PICTURE.search(text) or (m and int(m.group(1)) <= int(m.group(2))))


def punctuated(blocks: list) -> bool:
    """Whether the document ends its paragraphs of text as sentences, as edited prose does: a
    line without a stop is then an exception, not the document's style (notes, lists, posts).
    Counted over its paragraphs of text of a sentence's length that are no furniture by shape
    (nor the title beside a player's label)."""
    ends = [
        is_sentence(b.text)
        for k, b in enumerate(blocks)
        if k
        and b.role == "text"
        and b.sentence_length
        and b.cue is None
        and not b.long_caption
        and not _by_player(blocks, k)
    ]
    done = sum(ends)
    return done >= PUNCTUATED_LEAST and done >= PUNCTUATED_SHARE * len(ends)


def _by_player(blocks: list, k: int) -> bool:
    """A loose line with no stop beside a player's label or running time: the title of the
    player's video."""
    return (
        blocks[k].loose
        and not is_sentence(blocks[k].text)
        and any(
            0 <= n < len(blocks) and blocks[n].cue in ("widget", "duration") for n in (k - 1, k + 1)
        )
    )


def heading_length(text: str) -> bool:
    return len(text.split()) <= HEADING_WORDS


def unpunctuated(text: str, after: list) -> Optional[str]:
    """``sentence`` when ``text`` is a sentence without its stop, not a heading-length line
    whose key words the paragraphs ``after`` take up (their heading)."""
    if not unpunctuated_sentence(text) or (heading_length(text) and about(text, after)):
        return None
    return "sentence"


# --- features ----------------------------------------------------------------------------------


def key_words(text: str) -> list:
    stop = stoplist()
    return [w for w in WORD.findall(text) if len(w) > 2 and w.lower() not in stop]


def title_case(text: str) -> bool:
    """A headline in title case: five words or more, starting with a capital, every word of
    four letters or more capitalised but a few prepositions and conjunctions (as style guides
    write titles), one clause (no sentence end inside, at most one comma: not a list of names),
    not all in capitals (a heading style)."""
    words = WORD.findall(text)
    if len(words) < 5 or not text[0].isupper() or text.isupper() or text.count(",") > 1:
        return False
    if INNER_STOP.search(text):
        return False
    long = [w for w in words if len(w) > 3 and w.lower() not in TITLE_SMALL_WORDS]
    return len(long) >= 3 and all(w[0].isupper() for w in long)


def _stem(word: str) -> str:
    return word.lower()[:5]


def about(heading: str, section: list) -> bool:
    """Whether the paragraphs of ``section`` take up the key words of ``heading``: it is
    their heading."""
    keys = {_stem(w) for w in key_words(heading)}
    if not keys:
        return True
    found = {_stem(w) for block in section for w in WORD.findall(block.text)}
    return len(keys & found) >= ABOUT_NEXT * len(keys)


@lru_cache(maxsize=1)
def stoplist() -> frozenset:
    """jusText's English stop-list (503 words)."""
    return frozenset(justext().get_stoplist("English"))


def justext():
    import justext  # lxml underneath: imported on first use, not at start-up

    return justext


MD_LINK = LazyPattern(r"(?<![!\\])\[([^\[\]\n]+)\]\(")


def link_chars(visible: str, raw: str, markdown: bool) -> int:
    """Characters of ``visible`` in URLs, e-mail addresses and handles, and of ``raw`` in the
    texts of Markdown links: what jusText counts as the characters in links."""
    spans = []
    if "://" in visible or "www." in visible:
        spans += [m.span() for m in URL.finditer(visible)]
    if "@" in visible or "#" in visible:
        # a handle, not a path's scope ("@scope/package")
        spans += [
            m.span() for m in HANDLE.finditer(visible) if visible[m.end() : m.end() + 1] != "/"
        ]
        spans += [m.span() for m in EMAIL.finditer(visible)]
    covered, end = 0, 0
    for s, e in sorted(spans):
        s = max(s, end)
        if e > s:
            covered += e - s
            end = e
    if markdown and "](" in raw:
        covered += sum(len(m.group(1)) for m in MD_LINK.finditer(raw))
    return covered
