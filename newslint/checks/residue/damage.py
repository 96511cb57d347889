"""NL710-NL713 and NL715 extraction damage: what page extraction broke, rather than left in.

NL710 a lead-in left dangling where an embed was dropped, NL711 an article cut off
mid-sentence, NL712 a heading run into the sentence after it, NL713 a line holding only a full
stop, NL715 a block glued to the next with neither a line break nor a space.  Each reads the document's paragraphs and lines; the few word lists here are closed
classes of English (function words, verbs of saying, names of media), never learnt from a corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from newslint.checks.residue.base import ResidueRule
from newslint.document import Document, Span, is_list_item
from newslint.document.structure import looks_like_heading
from newslint.lazy import LazyPattern
from newslint.lexicon import derived, english_zipf, get_lexicon
from newslint.rule import Fix, Violation

# words no sentence ends on: articles, conjunctions, prepositions, auxiliaries
FUNCTION_ENDS = frozenset(
    """a an the and or nor but of to in on at by for from with as into onto than that which who
    whom whose is are was were be been being am has have had do does did not no so if then
    their our your my its his""".split()
)
WORDS = LazyPattern(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}'\u2019-]*")
LAST_WORD = LazyPattern(r"(?r)[\p{L}\p{N}][\p{L}\p{M}\p{N}'\u2019.-]*")


def _prose_paragraphs(doc: Document) -> list[Span]:
    """The paragraphs a reader sees as text: not hidden (code, markup, front matter), not
    table rows, stripped of their outer white space."""
    return doc.memo("residue.prose-paragraphs", lambda: _find_prose_paragraphs(doc))


def _find_prose_paragraphs(doc: Document) -> list[Span]:
    text, out = doc.text, []
    for s, e in doc.paragraphs:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e and not doc.in_hidden(s) and doc.line_index(s) not in doc.table_lines:
            out.append(Span(s, e))
    return out


def _line_prefix(doc: Document, start: int) -> str:
    """What stands on the line before ``start``: indentation, a list or block-quote marker."""
    line = doc.lines[doc.line_index(start)]
    return doc.text[line.start : start]


# --- NL710 a lead-in left dangling ------------------------------------------------------------

# a lead-in is a clause, not a label ("Update:", "Editor's note:", "Photo:")
LEAD_IN_WORDS = 4
QUOTE_CLOSE = "\"'\u201d\u2019\u00bb\u203a"
# a speaker's label opens a transcript line: "Q:", "Smith:", "MR JONES:"
SPEAKER = LazyPattern(r"[\p{Lu}][\p{L}.'\u2019 -]{0,30}:\s")
# words of saying: when one stands among the last words before the colon ("It reads:", "as she
# explained at the time:", "in a statement:"), a quotation follows, whatever its marks
SAYING = frozenset(
    """say says said saying tell tells told write writes wrote written read reads state states
    stated statement explain explains explained add adds added note notes noted put puts argue
    argues argued ask asks asked reply replies replied respond responds responded declare
    declares declared announce announces announced insist insists insisted warn warns warned
    continue continues continued conclude concludes concluded claim claims claimed report
    reports reported quote quotes quoted according letter email message words follows
    following thus""".split()
)
SAYING_REACH = 4  # words before the colon a verb governing it stands within
# a quotation speaks in the first or second person; a reporter's narrative seldom does
PERSON = LazyPattern(
    r"\b(?:I|I['\u2019](?:m|ve|d|ll)|(?i:me|my|we|we['\u2019](?:re|ve|ll|d)|our|us|you|your))\b"
)
# what text cannot carry: a lead-in naming one announces an embed
MEDIA = frozenset(
    """video videos clip clips footage photo photos photograph photographs picture pictures
    image images gallery slideshow tweet tweets audio recording graphic graphics infographic
    below""".split()
)
# the embed is there after all: a handle, a hashtag or a link of a social network
EMBED_LEFT = LazyPattern(r"(?<![\w@])@\w|pic\.twitter\.com|\bt\.co/|instagram\.com")


NOTHING_AFTER, GAP_AFTER = "nothing follows it", "and blank lines are left after it"
CUT = (NOTHING_AFTER, GAP_AFTER)  # the place of what was announced is empty


def _evidence(doc: Document, s: int, e: int, following: Optional[Span], gap: int) -> str:
    """Why a lead-in not continued was cut from what it announced, or "" if nothing says so."""
    text = doc.text
    if following is None:
        return NOTHING_AFTER
    if text.count("\n", e, following.start) > max(gap, 2):
        return GAP_AFTER
    sentence = text[max(s, text.rfind(". ", s, e) + 1) : e]
    if any(w.lower() in MEDIA for w in WORDS.findall(sentence)):
        return "and it announces what text cannot hold"
    return ""


def _usual_gap(doc: Document, paragraphs: list) -> int:
    """The commonest number of line breaks between paragraphs."""
    counts: dict = {}
    for (_, e), (s, _) in zip(paragraphs, paragraphs[1:]):
        n = doc.text.count("\n", e, s)
        counts[n] = counts.get(n, 0) + 1
    return max(counts, key=lambda n: (counts[n], -n)) if counts else 1


class DanglingLeadIn(ResidueRule):
    """A paragraph ends with a colon, and what follows does not continue it: an embedded post, video or quotation was dropped.

    "Here are some of those:" or "she apologised for doing so:" announces something the
    extractor left out (a tweet, a video, a gallery, a quotation in a widget); the next
    paragraph goes on with the story, or the article ends. Continuations are left alone: a
    list, a quotation (opened or only closed, or announced by a verb of saying or a named
    source just before the colon, or speaking in the first or second person), an indented or
    block-quoted paragraph, a heading or short unpunctuated lines (a list without markers), a
    transcript's speaker label, a paragraph in lower case or opening with a figure, an embed
    still there (a handle, a social-network link), and labels of fewer than four words
    (`Update:`).

    ## Options
    `require-evidence` (default true): report a lead-in only when something says the
    announced part was cut: nothing follows it, more blank lines follow it than the
    document's paragraphs have between them, or its sentence names what text cannot carry (a
    video, photo, tweet, graphic, "below"). False reports every lead-in not continued: more
    than half of those are quotations that lost their block-quote formatting, or lists that
    lost their bullets.
    """

    code, name = "NL710", "dangling-lead-in"
    options = {"require-evidence": True}
    bad = [
        "A councillor who shared the video later apologized for doing ⟦so:⟧\n\n"
        "The council meets again on Tuesday to discuss the budget.",
        "Snow fell overnight.\n\nViewers sent in dozens of pictures. Here are some of ⟦those:⟧"
        "\n\n\n\nForecasters expect the snow to ease by the weekend.\n\nSchools stay open.",
        "The band thanked fans in a short ⟦message:⟧",
    ]
    good = [
        "The minister said:\n\n\u201cWe will not give up.\u201d",
        "The plan has three parts:\n\n- lower taxes\n- more homes\n- better trains",
        "The winners were:\n\nJane Smith\n\nTom Brown",
        "Update:\n\nThe road has reopened.",
        "He put it this way:\n\n> Nothing is settled until it is settled.",
        "The ruling said:\n\nthe appeal was dismissed with costs.",
        "Asked about the vote, he replied:\n\nQ: Will you stand again?\n\nA: No.",
        "The statement read in full:\n\nWe regret the error and have corrected it.\u201d",
        "The agency spokesman explained it this way:\n\nThe road stays shut until it is safe.",
        "The new rules were set out by the Home Office:\n\nApplicants must apply online.",
        "A reader sent us this note about the closure:\n\nI have lived here for forty years.",
        "The council gave one reason for the long delay:\n\nThe budget was cut in March.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        if ":" not in text:
            return
        paragraphs = _prose_paragraphs(doc)
        gap = None
        for i, (s, e) in enumerate(paragraphs):
            if text[e - 1] != ":" or not text[e - 2 : e - 1].isalpha():
                continue  # "10:", "http:"
            if doc.is_heading(s) or doc.is_protected(e - 1):
                continue
            if len(WORDS.findall(text, s, e)) < LEAD_IN_WORDS:
                continue
            following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
            if text[e : following.start if following else len(text)].strip():
                continue  # code, an image, a table or markup stands between: what it announced
            if following is not None and _continues(doc, following):
                continue
            if gap is None:
                gap = _usual_gap(doc, paragraphs)
            why = _evidence(doc, s, e, following, gap)
            if why not in CUT and _announces_quotation(text, s, e):
                continue  # "It reads:", "told BuzzFeed:": unless nothing, or a gap, follows
            if not why and self.settings["require-evidence"]:
                continue
            word = LAST_WORD.search(text, s, e - 1)
            begin = word.start() if word else e - 1
            if following is None:
                what = "the article ends on it"
            else:
                what = "the next paragraph does not continue it" + (f", {why}" if why else "")
            yield self.violation(
                begin,
                e,
                f"dangling lead-in '{text[begin:e]}': {what} (an embedded post, video or "
                "quotation was probably dropped)",
            )


def _announces_quotation(text: str, s: int, e: int) -> bool:
    """A verb of saying governs the colon, or the lead-in ends by naming the speaker or the
    source ("told BuzzFeed:", "via the Daily Mail:"): a quotation follows."""
    words = WORDS.findall(text, max(s, e - 80), e)[-SAYING_REACH:]
    if not words:
        return False
    return words[-1][0].isupper() or any(w.lower() in SAYING for w in words)


def _continues(doc: Document, paragraph: Span) -> bool:
    """Whether ``paragraph`` can be what a colon before it announced."""
    text = doc.text
    s, e = paragraph
    body = text[s:e]
    first = body[0]
    if not first.isalpha() or first.islower():
        return True  # a quotation, bracket, dash, bullet, figure or handle; a wrapped sentence
    if _line_prefix(doc, s):
        return True  # indented, listed or block-quoted
    if is_list_item(body) or doc.is_heading(s) or SPEAKER.match(body):
        return True
    if "\n" not in body and looks_like_heading(body):
        return True  # short unpunctuated lines: a list without markers
    if body.rstrip(".,")[-1:] in QUOTE_CLOSE:
        return True  # a quotation whose opening mark is lost
    opening = body[: body.find(". ") + 1 or 300]
    return bool(PERSON.search(opening) or EMBED_LEFT.search(body))


# --- NL711 a truncated ending -------------------------------------------------------------------

# a marker a feed or CMS puts where it cut the text
# (both searched backwards from the end: a forward search tries every word of the paragraph)
CUT_MARKER = LazyPattern(r"(?r)[\[(](?:\u2026|\.{3})[\])]\Z")
# an ellipsis straight after a word or a comma, ending the text
TRAILING_ELLIPSIS = LazyPattern(
    r"(?r)([\p{L}\p{M}]+(?:['\u2019][\p{L}\p{M}]+)*)?(,)?[ \t]?(?:\u2026|\.{3,})\Z"
)
# an ending that no sentence has: a lower-case word, a figure, a comma or a dash, no stop
UNFINISHED = LazyPattern(r"[\p{Ll}\p{N},;\u2013\u2014-]")
ELLIPSIS_WORDS = 5  # words before a trailing ellipsis: a sentence, not "Read more..."
LONG_PARAGRAPH = 25  # words of a final paragraph long enough to be a sentence, not a credit
# what a long final paragraph without a stop may be instead of a cut sentence: a caption under
# a label ("Rescued: the dog ..."), headlines of related stories run together ("CookApple
# Watch", "marketsShanghai"), script code
CAPTION_LABEL = LazyPattern(r"[\p{Lu}][\p{L}'\u2019 -]{0,30}:\s")
RUN_TOGETHER = LazyPattern(r"\p{Ll}{3}\p{Lu}\p{Ll}")
CODE_MARKS = LazyPattern(r"[{};=<>]")


class TruncatedEnding(ResidueRule):
    """The article ends mid-sentence: cut off by the feed or the extractor (`opportunity to…`, `[…]`).

    The last paragraph ends with a cut marker (`[…]`, `[...]`); with an ellipsis where no
    sentence can stop: after a comma, a word such as `to`, `the`, `and`, or a word cut short
    (`entirel...`, the start of a known word; an ellipsis after a whole word may be the
    writer's); or, when it is long enough to be prose (25 words or more), with a lower-case
    word, a comma or a dash and no full stop. Short last lines (credits, tags, headings), URLs
    and handles, captions under a label, headlines run together and code are left alone; of
    a list written without markers (lines opening with capitals, none ending a sentence),
    only the last item is judged.
    """

    code, name = "NL711", "truncated-ending"
    bad = [
        "The council will vote on the plan in May.\n\n"
        "Residents who want to speak at the meeting will have the opportunity ⟦to\u2026⟧",
        "The company said profits rose. Analysts had expected a smaller rise in ⟦[\u2026]⟧",
        "Officials said the bridge would stay closed for at least another week while engineers "
        "inspect the damage caused by the flood, and that drivers should plan longer journeys "
        "through the town centre and ⟦the⟧",
        "A spokesman for the ministry said the talks would go on and declined to ⟦comment,...⟧",
        "The new stadium will hold forty thousand fans and open in the spring of ⟦nex...⟧",
    ]
    good = [
        "The council will vote on the plan in May.",
        "The vote is in May.\n\nReporting by Jane Smith; editing by Tom Brown",
        "He paused. \u201cAnd then\u2026\u201d he said. The rest is history.",
        "It was over.\n\nTags: politics, council, budget",
        "The report is online at https://example.com/report",
        "We will bring you more details on the vote as soon as they are confirmed\u2026",
        "Y luego me dijeron que tenía que apagarlas y pedir un deseo\u2026",
        "Rescued: the dog, who had been missing for a week, was found in a garden shed by a "
        "neighbour who heard it barking late on Sunday night and called the owners at once",
        "The new season brings:\n\nTwelve clubs in the top division and two promoted sides\n"
        "Three rounds of cup ties played on weekday nights in the spring\n"
        "A final at the national stadium with tickets on sale from today at the usual price",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        paragraphs = _prose_paragraphs(doc)
        if not paragraphs:
            return
        text = doc.text
        s, e = paragraphs[-1]
        found = _cut(doc, s, e)
        if found is None:
            return
        start, what = found
        yield self.violation(start, e, f"the article ends mid-sentence ({what}): '{text[start:e]}'")


def _cut(doc: Document, s: int, e: int) -> Optional[tuple]:
    """Where the last paragraph is cut off and how, or None."""
    text = doc.text
    last = text[e - 1]
    if not (last in ").]\u2026" or UNFINISHED.match(last)):
        return None  # a sentence's end, a quotation's
    if doc.is_protected(e - 1) or is_list_item(text[s:e]):
        return None
    tail = max(s, e - 200)  # the ending; the paragraph's start is never needed
    m = CUT_MARKER.search(text, tail, e) if last in ")]" else None
    if m:
        return m.start(), f"cut marker '{m.group()}'"
    m = TRAILING_ELLIPSIS.search(text, tail, e) if last in ".\u2026" else None
    if m:
        enough = len(WORDS.findall(text, s, e)) >= ELLIPSIS_WORDS
        if enough and (m.group(2) or _cut_word(m.group(1) or "")):
            return (m.start(1) if m.group(1) else m.start()), "an ellipsis where no sentence ends"
        return None
    if _item_lines(text, s, e):
        s = text.rfind("\n", s, e) + 1  # a list without markers: its last item is the ending
    if not UNFINISHED.match(last) or len(WORDS.findall(text, s, e)) < LONG_PARAGRAPH:
        return None
    body = text[s:e]
    if CAPTION_LABEL.match(body) or len(RUN_TOGETHER.findall(body)) >= 2:
        return None
    if CODE_MARKS.search(body[-40:]):
        return None
    word = LAST_WORD.search(text, s, e)
    if word and (word.group()[:1].isupper() or word.group().isdigit()):
        return None  # a name or a figure may end a credit or a table row
    return (word.start() if word else e - 1), "no full stop after a long paragraph"


def _item_lines(text: str, s: int, e: int) -> bool:
    """The paragraph's lines are the items of a list written without markers: two or more,
    each opening with a capital or a figure, none ending a sentence (`Spain (Group F): 11th
    appearance`); a cut sentence wrapped over lines goes on in lower case."""
    lines = text[s:e].split("\n")
    return (
        len(lines) >= 2
        and all(line[:1].isupper() or line[:1].isdigit() for line in lines)
        and not any(line.rstrip()[-1:] in ".!?\u2026" for line in lines)
    )


def _cut_word(word: str) -> bool:
    """No sentence ends on this word: a function word, a single letter, a word cut short."""
    if not word:
        return False
    lower = word.lower()
    if lower in FUNCTION_ENDS or (len(word) == 1 and lower not in ("a", "i")):
        return True
    if not word.islower() or get_lexicon().known(word) or derived(lower) is not None:
        return False
    return get_lexicon().words.starts(lower)  # the start of a word


# --- NL712 a heading run into the next sentence ------------------------------------------------

# words that open sentences and never stand capitalised mid-sentence unless one starts there
# (determiners, pronouns, conjunctions, prepositions opening a clause); not "A", "I", "May",
# "Will", "Her", "Us": they are also letters, names, months and titles
OPENERS = (
    "The This These Those That There It We They He She Our Their His Its In As But However "
    "When While After Before Although Despite During According Since If For With Many Most "
    "Some"
).split()
# a lower-case word that ends neither a sentence nor a heading (what a title, name or quotation
# goes on from: "the", "of", "said")
NOT_AN_END = FUNCTION_ENDS | frozenset(
    """said says say asked ask told tell wrote writes write added adds tweeted replied explained
    stated noted called named titled dubbed entitled like""".split()
)
# found from the capitalised word (few places in a text), then the word before it is read
FUSED = LazyPattern(r"(?<=\p{Ll}[ \t])(?:" + "|".join(OPENERS) + r")(?=[ \t]\p{Ll}{2})")
WORD_ENDING_AT = LazyPattern(r"(?r)(?<![\p{L}\p{M}'\u2019.-])\p{Ll}[\p{Ll}\p{M}]{2,}\Z")
# a heading in capitals at a paragraph's start, then a sentence: "LEARN MORE ABOUT US The club
# was founded", or the heading's last word opening the sentence: "ABOUT THE CLUB CLUB is"
CAPS_HEADING = LazyPattern(
    r"((?:\p{Lu}{2,}[ \t]+){1,7}?)"
    r"(?:(" + "|".join(OPENERS) + r")[ \t]+\p{Ll}{2}|(\p{Lu}{2,})[ \t]+(\3)[ \t]+\p{Ll}{2})"
)


class FusedHeading(ResidueRule):
    """A heading or a paragraph runs into the next sentence with no stop: `black clothing In addition`, `OUR MISSION We`.

    The extractor dropped the line break between a heading (or a paragraph) and what follows.
    Reported where a lower-case word is followed by a capitalised word that only opens
    sentences (`The`, `In`, `As`, `We` ...) and then by lower case; or where a paragraph opens
    with a heading in capitals run into a sentence opening with such a word, or with the
    heading's last word (`ABOUT THE CLUB CLUB is`). Titles and names (capitalised words
    after it), reported speech (`said The`) and words after `of`, `the`, `and` are left alone.
    Off by default: broken English, names (`We the People`) and sentences run together in
    edited copy look the same.
    """

    code, name = "NL712", "fused-heading"
    default_enabled = False  # broken English and names ("We the People") look the same
    bad = [
        "Police said the man wore black ⟦clothing In⟧ addition, he carried a bag.",
        "Our mission ⟦statement As⟧ members we serve the town.",
        "⟦ABOUT THE CLUB The⟧ club was founded in 1901.",
        "⟦ABOUT THE CLUB CLUB⟧ is open to all.",
    ]
    good = [
        "He starred in The Godfather and in It Follows.",
        "The lead singer of The band was late.",
        "He said The plan was dead.",
        "A TEENAGE BOY has been arrested.",
        "THE ISLAMIC State is losing ground.",
        "NEW YORK \u2014 The market fell.",
        "In addition, he carried a bag.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for s, e in _prose_paragraphs(doc):
            m = CAPS_HEADING.match(text, s, e)
            if m:
                # the sentence opens with a capitalised word, or with the heading's last word
                heading = m.group(1) if m.group(2) else m.group(1) + m.group(3)
                end = m.end(2) if m.group(2) else m.end(4)
                if len(heading.split()) >= 2 and not doc.overlaps_protected(s, end):
                    yield self.violation(
                        s, end, f"heading '{heading.strip()}' runs into the sentence after it"
                    )
                    continue
            for m in FUSED.finditer(text, s, e):
                word = WORD_ENDING_AT.search(text, max(s, m.start() - 40), m.start() - 1)
                if word is None or word.group() in NOT_AN_END:
                    continue
                if doc.overlaps_protected(word.start(), m.end()):
                    continue
                yield self.violation(
                    word.start(),
                    m.end(),
                    f"'{word.group()} {m.group()}': a heading or sentence runs into the next "
                    "without a full stop or line break",
                )


# --- NL715 a block glued to the next, its space lost too --------------------------------------

# a word that only opens sentences, glued to the letter before it and followed by lower case:
# found from the capital (few places in a text), then the word it is glued to is read
GLUED_OPENER = LazyPattern(r"(?<=\p{Ll})(?:" + "|".join(OPENERS) + r")(?=[ \t]+\p{Ll}{2})")
# the word the opener is glued to: lower case, or capitalised (a heading's last word, a name)
GLUED_HEAD = LazyPattern(r"(?r)(?<![\p{L}\p{M}\p{N}_@#/\\.'\u2019-])\p{Lu}?\p{Ll}{2,}\Z")


class GluedParagraph(ResidueRule):
    """A heading or paragraph runs into the next sentence with neither a line break nor a space: `aggressive actionThis year`.

    The extractor dropped the markup between two blocks and the white space with it: the last
    word of one (a heading, a caption, a credit, a paragraph without its stop) is glued to a
    word that only opens sentences (`The`, `This`, `In`, `We` ...), which lower case follows.
    English never writes a word so; a name that does (`LinkedIn`) is a word English writes,
    and is left alone, as are other names with capitals inside (`iFixit`), hashtags, handles,
    URLs and code.
    """

    code, name = "NL715", "glued-paragraph"
    bad = [
        "Officials are reluctant to take aggressive ⟦actionThis⟧ year, the city banned fireworks.",
        "Range and ⟦ChargingThe⟧ car should deliver 215 miles on a charge.",
        "Photo: Jane Doe, Example ⟦NewsIn⟧ this photo, a man waves.",
    ]
    good = [
        "Read his profile on LinkedIn this month, she said.",
        "The iFixit team opened it. They found glue.",
        "Call `setThe value` to change it.",
        "Use the #ThrowbackThe tag.",
        "It was cold.This year was warmer.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for m in GLUED_OPENER.finditer(text):
            head = GLUED_HEAD.search(text, max(0, m.start() - 40), m.start())
            if head is None:
                continue
            glued = head.group() + m.group()
            if english_zipf(glued.lower()) > 0 or get_lexicon().known(glued):
                continue  # LinkedIn: a name English writes so
            if doc.in_hidden(head.start()) or doc.overlaps_protected(head.start(), m.end()):
                continue
            yield self.violation(
                head.start(),
                m.end(),
                f"'{glued}': a heading or paragraph runs into the next sentence with no line "
                "break or space",
            )


# --- NL713 a lone full stop -------------------------------------------------------------------

LONE_DOT = LazyPattern(r"(?m)^[ \t]*\.[ \t]*$")


class LoneDot(ResidueRule):
    """A line holds only a full stop: the rest of its paragraph (a caption, an embed) was dropped.

    The fix deletes the line.
    """

    code, name = "NL713", "lone-dot-line"
    fixable = "safe"
    bad = [
        (
            "The vote was close.\n⟦.⟧\nThe count took all night.\n",
            "The vote was close.\nThe count took all night.\n",
        )
    ]
    good = ["The vote was close.\n...\nThe count took all night.", "It ended. Then."]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for m in LONE_DOT.finditer(text):
            dot = text.index(".", m.start())
            if doc.in_hidden(dot) or doc.line_index(dot) in doc.table_lines:
                continue
            start, end = m.start(), m.end()
            if end < len(text):
                end += 1  # the line and its newline
            elif start > 0:
                start -= 1  # the last line: the newline before it
            yield self.violation(
                dot,
                dot + 1,
                "a line holding only a full stop",
                Fix.delete(start, end, title="delete the line"),
            )
