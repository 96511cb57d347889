"""NL306-NL308: quote marks and brackets that face the wrong way or are left open."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from newslint.checks.spacing.base import SpacingRule
from newslint.document import Document
from newslint.lazy import LazyPattern
from newslint.rule import Fix, Violation
from newslint.text import offsets_of

OPEN_DQ, CLOSE_DQ = "\u201c", "\u201d"
# „ opens a quotation that “ closes in German and its neighbours (that ” closes in Polish)
LOW_DQ = "\u201e"
QUOTE_MARKS = '"' + OPEN_DQ + CLOSE_DQ + LOW_DQ

# --- quotes and brackets ----------------------------------------------------------------------

# '' after a word: a closing quote typed as two apostrophes (`very strong''.`)
DOUBLE_QUOTES = LazyPattern(r"[\"\u201c\u201d\u201e]|(?<=\S)''(?!')")
HTML_TAG = LazyPattern(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?>")


def quote_role(text: str, i: int) -> str:
    """'open', 'close' or '' (ambiguous) for the double quote at ``i``, from its context.

    Brackets, dashes and Markdown emphasis (`_"Title"_`) stand where a space would."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    space_before = before.isspace() or before in "([{\u2014\u2013-/_*\u2018:" or i == 0
    space_after = after.isspace() or after in ".,;:!?)]}\u2014\u2013-_*\u2019"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return ""


class WrongDirectionQuote(SpacingRule):
    """A closing curly quote opens a quotation, or an opening one closes it: `added, ”There`; or a straight quote pairs with a curly one: `“Yes," she said`.

    Spinners and bad conversions flip quote marks; the quotation then reads as closed before it
    starts, and quote-aware tools lose track of who said what.  A quotation opened with `“` and
    closed with a straight `"` (or opened straight and closed with `”`) was typed or converted
    in two styles; the straight mark is reported, with the curly one it should be.
    """

    code, name = "NL306", "wrong-direction-quote"
    fixable = "safe"
    bad = [
        (
            "He added, ⟦\u201d⟧There should be no doubt.\u201d",
            "He added, \u201cThere should be no doubt.\u201d",
        ),
        "She said \u201cyes⟦\u201c⟧ and left.",
        ('\u201cIt is the best of all⟦"⟧ she said.', "\u201cIt is the best of all\u201d she said."),
        (
            "He wrote about \u201cthe 'alligators,'⟦\"⟧ but not more.",
            "He wrote about \u201cthe 'alligators,'\u201d but not more.",
        ),
        ('She said ⟦"⟧yes,\u201d and left.', "She said \u201cyes,\u201d and left."),
    ]
    good = [
        "He added, \u201cThere should be no doubt.\u201d",
        "The \u201cso-called\u201d deal.",
        "Die App \u201eVivy\u201c wurde vorgestellt, unter dem Motto \u201eTake C.A.R.E\u201c.",
        '\u201cHe said "yes" to me,\u201d she said. "Fine," he said.',
        'It is 6" long.\n\n\u201cYes,\u201d she said.',
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for i in offsets_of(text, OPEN_DQ + CLOSE_DQ):
            if doc.is_protected(i):
                continue
            role = quote_role(text, i)
            if role == "open" and text[i] == CLOSE_DQ:
                yield self.violation(
                    i,
                    i + 1,
                    "closing quote \u201d used to open a quotation",
                    Fix.replace(i, i + 1, OPEN_DQ, title="use \u201c"),
                )
            elif role == "close" and text[i] == OPEN_DQ and not _closes_low_quote(text, i):
                yield self.violation(
                    i,
                    i + 1,
                    "opening quote \u201c used to close a quotation",
                    Fix.replace(i, i + 1, CLOSE_DQ, title="use \u201d"),
                )
        if '"' in text and (OPEN_DQ in text or CLOSE_DQ in text):
            yield from self._mixed(doc)

    def _mixed(self, doc: Document) -> Iterator[Violation]:
        """Straight quotes pairing with curly ones in the same paragraph: the double quote
        mark before a closing straight one is “, or the one after an opening straight one ”."""
        text = doc.text
        marks = _quote_marks(doc)
        for k, i in enumerate(marks):
            if text[i] != '"':
                continue
            role = quote_role(text, i)
            if role == "close":
                other = marks[k - 1] if k else -1
                want, curly = OPEN_DQ, CLOSE_DQ
                message = 'straight quote " closes a quotation opened with \u201c'
            elif role == "open":
                other = marks[k + 1] if k + 1 < len(marks) else -1
                want, curly = CLOSE_DQ, OPEN_DQ
                message = 'straight quote " opens a quotation closed with \u201d'
            else:
                continue
            if other < 0 or text[other] != want or abs(other - i) > QUOTE_REACH:
                continue
            if "\n\n" in text[min(i, other) : max(i, other)] or doc.is_protected(i):
                continue
            yield self.violation(
                i, i + 1, message, Fix.replace(i, i + 1, curly, title=f"use {curly}")
            )


QUOTE_REACH = 2000  # characters back to the mark a closing “ may answer


def _quote_marks(doc: Document) -> list:
    """The offsets of the document's double quote marks, found once (NL306 and the quote
    events of NL307 and NL311 read them)."""
    return doc.memo("spacing.quote_marks", lambda: offsets_of(doc.text, QUOTE_MARKS))


def _closes_low_quote(text: str, i: int) -> bool:
    """The double quote mark before ``i``, in the same paragraph, is „: the “ at ``i`` closes
    it, as German writes a quotation (`„Vivy“`)."""
    floor = max(0, i - QUOTE_REACH)  # bounded: a text of quotes is not searched to its start
    before = max(text.rfind(mark, floor, i) for mark in QUOTE_MARKS)
    return before >= 0 and text[before] == LOW_DQ and "\n\n" not in text[before:i]


def _quote_events(doc: Document, start: int, end: int) -> list:
    """The events of a span, worked out once per document and span (NL307, NL311 and the
    look at the next paragraph all ask)."""
    cache = doc.memo("spacing.quote_events", dict)
    key = (start, end)
    events = cache.get(key)
    if events is None:
        marks = _quote_marks(doc)
        at = bisect.bisect_left(marks, start)
        # most paragraphs hold no double quote mark, and so no events (two apostrophes only
        # ever close a quotation a mark opened): found without a search of their own
        has_marks = at < len(marks) and marks[at] < end
        events = cache[key] = _find_quote_events(doc, start, end) if has_marks else []
    return events


def _find_quote_events(doc: Document, start: int, end: int) -> list:
    """(offset, 'open'|'close') for the double quotes of a span, inch marks left out.

    A quote mark whose context does not say (spaces on both sides, or none) is read from the
    state: it closes an open quotation and opens one otherwise, but an opening read that way
    is kept only if something closes it (set off by spaces, `" _Title_"`, or glued,
    `ended."Then`, it may as well be a stray mark or a missing space).  Between the end of a
    sentence and the start of the next (`ended."Then`) it also closes the open quotation.  So
    a closing quote set off by a stray space (`the goods . " As`) closes.  A curly mark with
    no context says which it is, but “ closes a quotation „ opened (`„Vivy“-App`), and „
    always opens; a mark doubled (`""`) counts once; quote marks in an HTML tag
    (`<a href="x">`) or escaped (`\\"id\\"`) are code."""
    text = doc.text
    events: list = []
    is_open, tentative = False, -1  # tentative: where the events of an unsure opening start
    tags = [t.span() for t in HTML_TAG.finditer(text, start, end)] if "<" in text[start:end] else []
    for m in DOUBLE_QUOTES.finditer(text, start, end):
        i = m.start()
        ch = m.group()
        if doc.is_protected(i) or text[i - 1 : i] == "\\":
            continue  # an escaped quote is code: \"id\"
        if tags and any(a < i < b for a, b in tags):
            continue
        if ch == "''":
            if is_open:
                events.append((i, "close"))
                is_open, tentative = False, -1
            continue
        if text[i - 1 : i] == ch and (
            text[i - 2 : i - 1].isalnum() or text[i + 1 : i + 2].isalnum()
        ):
            continue  # a doubled mark counts once: an ""unfair" sum (an empty "" is two)
        if ch == '"' and i > start and text[i - 1].isdigit() and not is_open:
            continue  # an inch mark: 12" vinyl, 6'2"
        role = "open" if ch == LOW_DQ else quote_role(text, i)
        if not role and ch == OPEN_DQ and is_open and text[events[-1][0]] == LOW_DQ:
            role = "close"  # „Vivy“-App: the German closing mark
        if not role:
            role = "open" if ch == OPEN_DQ else "close" if ch == CLOSE_DQ else ""
        if not role:
            if not is_open:
                role, tentative = "open", len(events)
            elif text[i - 1 : i] in ".!?" and text[i + 1 : i + 2].isupper():
                events.append((i, "close"))
                role, tentative = "open", len(events)
            else:
                role = "close"
        if role == "close":
            tentative = -1
        events.append((i, role))
        is_open = role == "open"
    if is_open and tentative >= 0:
        del events[tentative:]
    return events


class UnbalancedQuotes(SpacingRule):
    """A paragraph opens a quotation it never closes, or closes one it never opened.

    The usual sign of a truncated quote or two paragraphs glued or split by an extractor. A
    paragraph left open is fine when the next paragraph opens with a quote mark (the
    convention for quotations that run over several paragraphs), or closes the quotation before
    it opens another (a quotation run over paragraphs without being reopened).
    """

    code, name = "NL307", "unbalanced-quotes"
    bad = [
        "⟦\u201c⟧We will never surrender, he said.",
        "He said the deal was done.⟦\u201d⟧ Then he left.",
    ]
    good = [
        "\u201cWe will stay,\u201d he said. \u201cAnd fight.\u201d",
        "\u201cThe first paragraph of a long quote.\n\n\u201cThe second, which ends it.\u201d",
        'A 12" record and a 6\'2" player.',
        'He said "no" twice.',
        'He said it would "always have the goods . " As it happened, it did.',
        'The decision read:"We have a zero tolerance policy." He agreed.',
        'She said "it was intense."It was loud," she added.',
        'He said "I am up for it."Earlier, there were rumours.',
        'Verizon is set to pay an ""unfair" sum, they said.',
        '![""](images/chart.png) and a \\"quoted\\" id.',
        '- " _I have a deep commitment to being good._"',
        'Source: AP <a href="http://example.com/watch/">Watch</a> more.',
        '![](chart.png)_"Features" table in the new pages_',
        "\"He said 'we go'\" was the headline.",
        "\u201cFrom all of us in the class\n\nPS. We are all proud of you.\u201d",
        'A fan said:" I hope you are safe and well." He agreed.',
        "He \"heard the explosion, which was very strong''. Then it was quiet.",
        "Die App \u201eVivy\u201c wurde vorgestellt; die \u201eVivy\u201c-App auch.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        paragraphs = doc.paragraphs
        text = doc.text
        carried = False  # the paragraph before left a quotation open that this one may close
        for n, (s, e) in enumerate(paragraphs):
            if doc.line_index(s) in doc.table_lines:
                carried = False
                continue
            open_at = None
            events = _quote_events(doc, s, e)
            if carried and events and events[0][1] == "close":
                events = events[1:]  # a quotation run over paragraphs, not reopened: closed here
            for i, role in events:
                if role == "open":
                    if open_at is None:
                        open_at = i
                    # a second opener while open: nested or a lost close; judged at the end
                elif open_at is None:
                    yield self.violation(
                        i, i + 1, "closing quote without an opening quote in this paragraph"
                    )
                else:
                    open_at = None
            carried = False
            if open_at is not None:
                nxt = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
                if nxt and text[nxt.start : nxt.start + 1] in ('"', OPEN_DQ, "\u2018", "'"):
                    continue
                if nxt and _closes_first(doc, nxt.start, nxt.end):
                    carried = True
                    continue
                yield self.violation(
                    open_at, open_at + 1, "quotation opened here is not closed in this paragraph"
                )


def _closes_first(doc: Document, start: int, end: int) -> bool:
    events = _quote_events(doc, start, end)
    return bool(events) and events[0][1] == "close"


BRACKETS = {")": "(", "]": "["}
ENUM_CLOSER = LazyPattern(r"(?:^|(?<=[\s(*_]))(?:[A-Za-z]|[ivxIVX]{1,4}|\d{1,3})\)$")
LATEX_COMMAND = LazyPattern(r"\\[A-Za-z]+$")
# a paragraph written in LaTeX: its brackets are a formula's
LATEX_FORMULA = LazyPattern(
    r"\\(?:frac|left|right|sqrt|sum|prod|int|mathbb|mathrm|cdot|circ|sin|cos|tan|log|boxed|begin|end)(?![A-Za-z])"
)  # \Bigl( \left[ : sized delimiters of a formula
EMOTICON = LazyPattern(r"[:;=8][-']?[()\[\]]$")


# Markdown link and image syntax, whose text may run over paragraphs (a link card):
# [Title\n\nSummary](https://example.com/a_(b)) -- one level of nesting each side
MARKDOWN_LINK = LazyPattern(
    r"\[[^\[\]]*+(?:\[[^\[\]]*+\][^\[\]]*+)*+\]\([^()\s]*+(?:\([^()\s]*+\)[^()\s]*+)*+\)"
)


def _link_syntax(doc: Document) -> frozenset:
    """Offsets of the brackets that write Markdown links and images: `[`, `](` and `)`."""

    def build() -> frozenset:
        text = doc.text
        if "](" not in text:
            return frozenset()
        out = set()
        for m in MARKDOWN_LINK.finditer(text):
            mid = text.rindex("](", m.start(), m.end())
            out.update((m.start(), mid, mid + 1, m.end() - 1))
        return frozenset(out)

    return doc.memo("spacing.link_syntax", build)


class UnbalancedBrackets(SpacingRule):
    """A paragraph opens a bracket it never closes, or closes one it never opened.

    Round and square brackets only (braces are code, LaTeX or template syntax). Enumerations
    (`a)`, `**2)**`), emoticons, a formula's `\\left(`, and the brackets of Markdown links
    and images (whose text may run over several paragraphs: a link card) are left alone.
    """

    code, name = "NL308", "unbalanced-brackets"
    bad = ["The minister ⟦(⟧who resigned on Monday said nothing.", "It rose 5%⟦)⟧ on Friday."]
    good = [
        "The minister (who resigned) said nothing [sic].",
        "Choose a) stay or b) leave.",
        "Great news :)",
        "[Research\n\nHow models learn\n\nMar 13, 2025](https://example.com/learn_(ai))",
        "Costs fell (see [the report](https://example.com/r) and [data](https://x.org/d)).",
        "**1) Data extraction** and **2) Summaries**",
        "@misc{petri2025,\n\nurl = {https://example.com}",
        "The bound \\Bigl( x + y \\Bigr) holds, as \\[4\\] and \\] show.",
        "Hence \\frac{(\\sin 90 - 2}{(\\cos 10} holds.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        links = _link_syntax(doc)
        # the brackets of the whole text, found at once: a paragraph gets its own by bisection,
        # and most have none (a search per paragraph cost more than the rest of the rule)
        brackets = offsets_of(text, "()[]")
        for s, e in doc.paragraphs:
            lo = bisect.bisect_left(brackets, s)
            hi = bisect.bisect_left(brackets, e, lo)
            if lo == hi:
                continue
            stack = []
            if text.find("\\", s, e) != -1 and LATEX_FORMULA.search(text, s, e):
                continue
            for i in brackets[lo:hi]:
                ch = text[i]
                if i in links or doc.is_protected(i):
                    continue
                if text[i - 1 : i] == "\\" or (
                    text[i - 1 : i].isalpha() and LATEX_COMMAND.search(text, max(s, i - 8), i)
                ):
                    continue  # escaped (\[ in Markdown) or a formula's \left(
                if ch in "([":
                    stack.append((i, ch))
                    continue
                head = text[max(s, i - 5) : i + 1]
                if stack and stack[-1][1] == BRACKETS[ch]:
                    stack.pop()
                elif EMOTICON.search(head) or ENUM_CLOSER.search(head):
                    continue
                else:
                    yield self.violation(i, i + 1, f"'{ch}' without a matching '{BRACKETS[ch]}'")
            for i, ch in stack:
                if EMOTICON.search(text[max(s, i - 3) : i + 1]):
                    continue
                yield self.violation(i, i + 1, f"'{ch}' is never closed in this paragraph")


# --- spaces inside ------------------------------------------------------------------------------

# Both start at the bracket, a rare character, so the engine scans fast (a pattern opening with
# a lookbehind or with the spaces was tried at every character or every space); what stands
# before is read afterwards: after a space, a quote mark, emphasis or the text's start, and
# not a formula's escaped spaces (\ (p(x)\ )); after a word, not after a bracket or a sign
SPACE_AFTER_OPENING = LazyPattern(r"[(\[]([ \t]+)(?=[^\s)\]])")
SPACE_BEFORE_CLOSING = LazyPattern(r"[)\]](?=[\s.,;:!?\"\u201d*_]|$)")
BEFORE_OPENING = frozenset(' \t\n\r\f\v\u00a0"\u201c*_')
NOT_BEFORE_SPACES = frozenset("([:;=\\")


class SpaceInsideBrackets(SpacingRule):
    """A space stands just inside a bracket or a quotation: `( TTFB)`, `" [apps](url)"`.

    Converters that turn links and emphasis into text, and spinners that re-join words, leave
    a space after an opening bracket or quote mark, or before a closing one.  Quote marks count
    only in a quotation the paragraph opens and closes; Markdown task boxes (`[ ]`), emoticons
    and tables are left alone.  Removing a space by a bracket is safe; by a straight quote mark
    it is unsafe (the mark may be the other one of its pair).
    """

    code, name = "NL311", "space-inside-brackets"
    fixable = "sometimes"
    bad = [
        (
            "It cut the Time To First Byte ⟦( ⟧[TTFB](https://web.dev/ttfb/)) by half.",
            "It cut the Time To First Byte ([TTFB](https://web.dev/ttfb/)) by half.",
        ),
        "The costs (all of them⟦ )⟧ were paid.",
        'We can build ⟦" ⟧[transitional apps](https://example.com/t)" now.',
        'He said it would "always have the goods.⟦ "⟧ As it happened, it did.',
    ]
    good = [
        "The costs (all of them) were paid, \u201cin full.\u201d",
        "- [ ] write the story\n- [x] file it",
        "Great news : ) and more",
        "| a ( b | c ) |\n|---|---|\n| 1 | 2 |",
        'He said " nothing to add',
        "Choose \\ (p(x)\\ ) to be odd.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        table = doc.table_lines
        for m in SPACE_AFTER_OPENING.finditer(text):
            at = m.start()
            if at and (text[at - 1] not in BEFORE_OPENING and not text[at - 1].isspace()):
                continue  # a bracket inside a word or after a sign: f(x), a[ 1]
            if at > 1 and text[at - 2] == "\\" and text[at - 1].isspace():
                continue  # a formula's escaped space
            if text[m.end() : m.end() + 1] in "]x" and text[at] == "[":
                continue  # a task box: [ ] or [ x]
            if not doc.is_protected(at) and doc.line_index(at) not in table:
                yield self._report(at, m.start(1), m.end(1), f"space after '{text[at]}'", "safe")
        for m in SPACE_BEFORE_CLOSING.finditer(text):
            at = m.start()
            gap = _blank_run(text, at, -1)
            if (
                gap is None
                or not gap
                or text[gap - 1].isspace()
                or text[gap - 1] in NOT_BEFORE_SPACES
            ):
                continue
            if not doc.is_protected(at) and doc.line_index(at) not in table:
                yield self._report(gap, gap, at, f"space before '{text[at]}'", "safe")
        for s, e in doc.paragraphs:
            if doc.line_index(s) in table:
                continue
            opened = None
            for i, role in _quote_events(doc, s, e):
                if role == "open":
                    opened = i if opened is None else opened
                    continue
                if opened is None:
                    continue
                safety = "unsafe" if text[i] == '"' else "safe"
                gap = _blank_run(text, opened + 1, 1)
                if gap:
                    yield self._report(
                        opened, opened + 1, gap, "space after the opening quote", safety
                    )
                gap = _blank_run(text, i, -1)
                if gap is not None and gap < i and text[gap - 1 : gap] not in ("", "\n"):
                    yield self._report(gap, gap, i, "space before the closing quote", safety)
                opened = None

    def _report(self, start: int, gap_start: int, gap_end: int, message: str, safety: str):
        end = max(gap_end, start + 1)
        if start == gap_start:  # the space comes first: the report covers the mark after it
            end = gap_end + 1
        fix = Fix.delete(gap_start, gap_end, safety=safety, title="remove the space")
        return self.violation(start, end, message, fix)


def _blank_run(text: str, at: int, step: int):
    """Where a run of spaces or tabs next to ``at`` ends (after it: its end; before it: its
    start), or None when there is none."""
    j = at
    if step > 0:
        while j < len(text) and text[j] in " \t":
            j += 1
        return j if j > at else None
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j if j < at else None
