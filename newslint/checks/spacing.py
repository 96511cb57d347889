"""NL3xx punctuation and spacing: glued sentences, stray spaces, quotes, brackets, doubles."""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from newslint.document import Document
from newslint.rule import Fix, Rule, Violation

OPEN_DQ, CLOSE_DQ = "\u201c", "\u201d"


class SpacingRule(Rule):
    family = "spacing"


# --- missing spaces ---------------------------------------------------------------------------

# Each pattern starts at the rare junction (punctuation directly followed by a letter), so the
# engine scans fast; the word before it is checked afterwards.
# from the start of a run of stops only, taken whole (a long run of dots was quadratic)
GLUED_SENTENCE = regex.compile(r"(?<![.!?])[.!?]++(?=\p{Lu}\p{Ll})")
WORD_BEFORE_SENTENCE = regex.compile(
    r"(?<![\p{L}\p{N}_@/\\.-])\p{L}*\p{Ll}\p{Ll}[)\]\"\u201d\u2019]?$"
)
GLUED_COMMA = regex.compile(r"[,;:](?=\p{L})")
WORD_BEFORE_COMMA = regex.compile(r"(?<![\p{L}\p{N}_&#@/\\.-])\p{L}{2,}$")
SCHEMES = frozenset(
    "javascript mailto urn tel file data irc news ftp http https sms callto skype"
    # wiki namespaces: Wikipedia:Lists, Category:Politics
    " wikipedia category template talk user help portal image special wp".split()
)
ENTITIES = frozenset("amp quot lt gt nbsp apos mdash ndash hellip rsquo lsquo ldquo rdquo".split())


class MissingSpaceAfterSentence(SpacingRule):
    """A sentence ends and the next starts without a space: `injured.Your`.

    Scrapers join paragraphs and spinners drop spaces; a reader sees one long garbled word,
    and sentence splitters, search indexes and text-to-speech all get it wrong. Domains
    (`bbc.co.uk`, `X.com`), URLs, e-mail addresses, numbers (`3.5`), abbreviations and
    initials (`U.S.`, `J.K. Rowling`) are left alone.
    """

    code, name = "NL301", "missing-space-after-sentence"
    fixable = "safe"
    bad = [
        (
            "They were found injured⟦.⟧Your government has lied.",
            "They were found injured. Your government has lied.",
        ),
        "It was promised aid in return⟦.⟧What is clear is the risk.",
        "Thank you for your insights⟦.⟧This is a complex situation.",
        "He said it was \u201cover\u201d⟦.⟧Then he left.",
    ]
    good = [
        "It cost $3.5m, up from 10.30 last year.",
        "See bbc.co.uk or X.com for more.",
        "The U.S. economy grew, said J.K. Rowling.",
        "Write to news@example.org today.",
        "Visit https://example.com/Page.Html now.",
        "He paused... Then he spoke.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for m in GLUED_SENTENCE.finditer(text):
            at, end = m.start(), m.end()
            if at and text[at - 1] in ".!?":
                continue  # inside a longer run, seen from its start
            if not WORD_BEFORE_SENTENCE.search(text, max(0, at - 40), at):
                continue
            if doc.is_protected(at) or doc.is_protected(end):
                continue
            yield self.violation(
                at,
                end,
                f"missing space after '{m.group()}'",
                Fix.insert(end, " ", title="insert a space"),
            )


class MissingSpaceAfterComma(SpacingRule):
    """A comma, semicolon or colon between two words has no space after it: `Korea,stay`.

    Numbers (`10,000`, `10:30`), URLs, e-mail addresses, HTML entities and URI schemes
    (`mailto:`) are left alone.
    """

    code, name = "NL302", "missing-space-after-comma"
    fixable = "safe"
    bad = [
        (
            "They can return to North Korea⟦,⟧stay in Ukraine or leave.",
            "They can return to North Korea, stay in Ukraine or leave.",
        ),
        "It is a profound tragedy⟦,⟧both politically and humanly.",
        "Thank you⟦,⟧Emma.",
        "The plan had one flaw⟦;⟧nobody read it.",
    ]
    good = [
        "Over 10,000 soldiers arrived at 10:30 on 1,2 March.",
        "Write to mailto:desk@example.com or see http://example.com/a,b.",
        "Tom &amp;quot;Jerry&amp;quot; said so.",
        "Scores: 3-1, 2-2; a draw.",
        "The show CSI:NY and the chart CD:UK.",
        "Here is the TL;DR version.",
        "See Wikipedia:Lists and Category:Politics.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for m in GLUED_COMMA.finditer(text):
            at, punct = m.start(), m.group()
            before = WORD_BEFORE_COMMA.search(text, max(0, at - 40), at)
            if not before or doc.is_protected(at) or doc.is_protected(before.start()):
                continue
            word = before.group().lower()
            if word in ENTITIES or (punct == ":" and word in SCHEMES):
                continue
            if punct == ":" and text[at + 1 : at + 2] == ":":
                continue  # std::move
            if punct in ":;" and _caps_pair(text, before.start(), at):
                continue  # CSI:NY, CD:UK, TL;DR
            yield self.violation(
                at,
                at + 1,
                f"missing space after '{punct}'",
                Fix.insert(at + 1, " ", title="insert a space"),
            )


CAPS_AFTER = regex.compile(r"\p{Lu}{2,}\b")


def _caps_pair(text: str, word_start: int, mark: int) -> bool:
    """Capitals on both sides of the mark: an acronym or a title (CD:UK, TL;DR)."""
    return text[word_start:mark].isupper() and bool(CAPS_AFTER.match(text, mark + 1))


# --- stray spaces -----------------------------------------------------------------------------

SPACE_BEFORE = regex.compile(
    r"(?<=[\p{L}\p{N}\u201d\"\u2019)])([ \t]+)([,;:!?]|\.(?!\.))(?=\s|[\"\u201d\u2019)]|$)"
)
MULTI_SPACE = regex.compile(r"(?<=\S)( {2,})(?=\S)")
# The lookbehind starts a match only where a run of blanks starts: without it a long run of
# spaces inside a line is rescanned from each of its characters (quadratic, minutes).
TRAILING = regex.compile(r"(?<![ \t\u00a0\u3000])[ \t\u00a0\u3000]+$", regex.MULTILINE)


class SpaceBeforePunctuation(SpacingRule):
    """A space stands before a comma, full stop, colon, semicolon, `?` or `!`: `said ,`.

    In English typography punctuation attaches to the word before it; a space there is a
    leftover from a join or a spinner.
    """

    code, name = "NL303", "space-before-punctuation"
    fixable = "safe"
    bad = [
        (
            "\u201cWe will stay,\u201d he said⟦ ,⟧ and left.",
            "\u201cWe will stay,\u201d he said, and left.",
        ),
        "Is this the end⟦ ?⟧ Nobody knows.",
    ]
    good = ["He paused ... and went on.", "Prices rose 3 % last year? No, 3%.", "A list: one, two."]

    def check(self, doc: Document) -> Iterator[Violation]:
        for m in SPACE_BEFORE.finditer(doc.text):
            if doc.is_protected(m.start(2)) or doc.line_index(m.start()) in doc.table_lines:
                continue
            yield self.violation(
                m.start(1),
                m.end(2),
                f"space before '{m.group(2)}'",
                Fix.delete(m.start(1), m.end(1), title="remove the space"),
            )


class MultipleSpaces(SpacingRule):
    """Two or more spaces inside a line between words.

    Usually a join or a deleted word. Opinionated (some writers put two spaces after a full
    stop), so off by default. Tables and space-aligned columns are left alone.
    """

    code, name = "NL304", "multiple-spaces"
    fixable = "safe"
    default_enabled = False
    bad = [("The troops⟦  ⟧were sent.", "The troops were sent.")]
    good = ["One space only.", "Team      P   W\nArsenal   3   2\n"]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for i, (s, e) in enumerate(doc.lines):
            if i in doc.table_lines or doc.in_hidden(s):
                continue
            runs = list(MULTI_SPACE.finditer(text, s, e))
            if len(runs) >= 2 or any(len(r.group(1)) >= 3 for r in runs):
                continue  # space-aligned columns
            for m in runs:
                yield self.violation(
                    m.start(1),
                    m.end(1),
                    f"{len(m.group(1))} spaces in a row",
                    Fix.replace(m.start(1), m.end(1), " ", title="use one space"),
                )


class TrailingWhitespace(SpacingRule):
    """A line ends with spaces or tabs.

    Invisible, but it breaks diffs, exact-match deduplication and some renderers. In Markdown,
    exactly two trailing spaces before a following line are a hard line break and are kept.
    Off by default: a reader of the text sees nothing wrong (select it for repository hygiene).
    """

    code, name = "NL305", "trailing-whitespace"
    fixable = "safe"
    default_enabled = False
    bad = [
        (
            "A line with spaces at the end.⟦   ⟧\nNext line.",
            "A line with spaces at the end.\nNext line.",
        )
    ]
    good = ["A clean line.\nAnother.\n"]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for m in TRAILING.finditer(text):
            if doc.in_hidden(m.start()):
                continue
            if doc.kind == "markdown" and m.group() == "  " and _next_line_has_text(text, m.end()):
                continue
            yield self.violation(
                m.start(),
                m.end(),
                "trailing whitespace",
                Fix.delete(m.start(), m.end(), title="remove it"),
            )


def _next_line_has_text(text: str, end: int) -> bool:
    nxt = text.find("\n", end + 1)
    return bool(text[end + 1 : nxt if nxt != -1 else len(text)].strip())


# --- quotes and brackets ----------------------------------------------------------------------

DOUBLE_QUOTES = regex.compile(r"[\"\u201c\u201d]")
HTML_TAG = regex.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?>")


def quote_role(text: str, i: int) -> str:
    """'open', 'close' or '' (ambiguous) for the double quote at ``i``, from its context.

    Brackets, dashes and Markdown emphasis (`_"Title"_`) stand where a space would."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    space_before = before.isspace() or before in "([{\u2014\u2013-/_*\u2018" or i == 0
    space_after = after.isspace() or after in ".,;:!?)]}\u2014\u2013-_*\u2019"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return ""


class WrongDirectionQuote(SpacingRule):
    """A closing curly quote opens a quotation, or an opening one closes it: `added, ”There`.

    Spinners and bad conversions flip quote marks; the quotation then reads as closed before it
    starts, and quote-aware tools lose track of who said what.
    """

    code, name = "NL306", "wrong-direction-quote"
    fixable = "safe"
    bad = [
        (
            "He added, ⟦\u201d⟧There should be no doubt.\u201d",
            "He added, \u201cThere should be no doubt.\u201d",
        ),
        "She said \u201cyes⟦\u201c⟧ and left.",
    ]
    good = ["He added, \u201cThere should be no doubt.\u201d", "The \u201cso-called\u201d deal."]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for m in regex.finditer(r"[\u201c\u201d]", text):
            i = m.start()
            if doc.is_protected(i):
                continue
            role = quote_role(text, i)
            if role == "open" and m.group() == CLOSE_DQ:
                yield self.violation(
                    i,
                    i + 1,
                    "closing quote \u201d used to open a quotation",
                    Fix.replace(i, i + 1, OPEN_DQ, title="use \u201c"),
                )
            elif role == "close" and m.group() == OPEN_DQ:
                yield self.violation(
                    i,
                    i + 1,
                    "opening quote \u201c used to close a quotation",
                    Fix.replace(i, i + 1, CLOSE_DQ, title="use \u201d"),
                )


def _quote_events(doc: Document, start: int, end: int) -> list:
    """(offset, 'open'|'close') for the double quotes of a span, inch marks left out.

    A quote mark whose context does not say (spaces on both sides, or none) is read from the
    state: it closes an open quotation and opens one otherwise, but an opening read that way
    is kept only if something closes it (set off by spaces, `" _Title_"`, or glued,
    `ended."Then`, it may as well be a stray mark or a missing space).  Between the end of a
    sentence and the start of the next (`ended."Then`) it also closes the open quotation.  So
    a closing quote set off by a stray space (`the goods . " As`) closes.  A curly mark with
    no context says which it is; a mark doubled (`""`) counts once; quote marks in an HTML tag
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
        if text[i - 1 : i] == ch and (
            text[i - 2 : i - 1].isalnum() or text[i + 1 : i + 2].isalnum()
        ):
            continue  # a doubled mark counts once: an ""unfair" sum (an empty "" is two)
        if ch == '"' and i > start and text[i - 1].isdigit() and not is_open:
            continue  # an inch mark: 12" vinyl, 6'2"
        role = quote_role(text, i)
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
    convention for quotations that run over several paragraphs).
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
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        paragraphs = doc.paragraphs
        text = doc.text
        for n, (s, e) in enumerate(paragraphs):
            if doc.line_index(s) in doc.table_lines:
                continue
            open_at = None
            for i, role in _quote_events(doc, s, e):
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
            if open_at is not None:
                nxt = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
                if nxt and text[nxt.start : nxt.start + 1] in ('"', OPEN_DQ, "\u2018", "'"):
                    continue
                yield self.violation(
                    open_at, open_at + 1, "quotation opened here is not closed in this paragraph"
                )


# round and square brackets: braces belong to code, LaTeX and templates, not to prose
BRACKETS = {")": "(", "]": "["}
BRACKET_CHARS = regex.compile(r"[()\[\]]")
ENUM_CLOSER = regex.compile(r"(?:^|(?<=[\s(*_]))(?:[A-Za-z]|[ivxIVX]{1,4}|\d{1,3})\)$")
LATEX_COMMAND = regex.compile(r"\\[A-Za-z]+$")  # \Bigl( \left[ : sized delimiters of a formula
EMOTICON = regex.compile(r"[:;=8][-']?[()\[\]]$")


# Markdown link and image syntax, whose text may run over paragraphs (a link card):
# [Title\n\nSummary](https://example.com/a_(b)) -- one level of nesting each side
MARKDOWN_LINK = regex.compile(
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
        "The bound \\Bigl( x + y \\Bigr) holds.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        links = _link_syntax(doc)
        for s, e in doc.paragraphs:
            stack = []
            for m in BRACKET_CHARS.finditer(text, s, e):
                i, ch = m.start(), m.group()
                if i in links or doc.is_protected(i):
                    continue
                if text[i - 1 : i].isalpha() and LATEX_COMMAND.search(text, max(s, i - 8), i):
                    continue
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


# --- doubles ------------------------------------------------------------------------------------

# the stdlib engine runs this backreference pattern about twice as fast as `regex`
DOUBLED = re.compile(r"\b([^\W\d_]+)[ \t]+(\1)\b", re.IGNORECASE)
GRAMMATICAL_DOUBLES = frozenset(
    """had that is do ha bye no so very really far well blah tut knock chop pom tom night cha bang
    boo yada there now go come such hip hey oh yeah yes bla la tick woof quack ho he hee ah
    aye baa beep bling bonbon bora dum tom-tom tsk uh huh mm hmm yo chi""".split()
)


class DoubledWord(SpacingRule):
    """The same word twice in a row: `the the`.

    A classic slip of editing and of extraction. Grammatical doubles (`had had`,
    `that that`, `is is` in "what it is is") and names written twice (`Duran Duran`) are left
    alone. The fix removes the second copy and is unsafe: a person should look.
    """

    code, name = "NL309", "doubled-word"
    fixable = "unsafe"
    bad = [
        ("He said that ⟦the the⟧ talks had failed.", "He said that the talks had failed."),
        "⟦The the⟧ talks failed.",
    ]
    good = [
        "He had had enough.",
        "He said that that was wrong.",
        "Duran Duran played.",
        "What it is is a mess.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        for m in DOUBLED.finditer(text):
            first, second = m.group(1), m.group(2)
            if first.lower() in GRAMMATICAL_DOUBLES or second[:1].isupper():
                continue  # grammatical doubles, names (Duran Duran)
            if first != second and not first.istitle():
                continue
            before = text[m.start() - 1 : m.start()]
            if (
                before in ("-", "'", "\u2019")
                or before.isalnum()
                or text[m.end() : m.end() + 1] in ("-", "'", "\u2019")
            ):
                continue  # bye-bye, so-so, 8x10in in
            if doc.is_protected(m.start()):
                continue
            yield self.violation(
                m.start(),
                m.end(),
                f"doubled word '{second}'",
                Fix.delete(m.end(1), m.end(), safety="unsafe", title="remove the second copy"),
            )


REPEATED_PUNCT = regex.compile(r"([!?,;])\1+|(?<![.\d/])\.\.(?![./\d])")


class RepeatedPunctuation(SpacingRule):
    """Punctuation doubled by accident: `!!`, `,,`, `..` (an ellipsis `...` is fine).

    Doubled commas and full stops come from joins; `!!` and `??` are out of place in news.
    """

    code, name = "NL310", "repeated-punctuation"
    fixable = "sometimes"
    bad = [
        ("The vote was lost⟦,,⟧ he said.", "The vote was lost, he said."),
        "It was over⟦..⟧ Then it began again.",
        "Amazing⟦!!⟧",
    ]
    good = ["He paused... then spoke.", "Really?! Yes.", "Go to ../docs for more."]

    def check(self, doc: Document) -> Iterator[Violation]:
        for m in REPEATED_PUNCT.finditer(doc.text):
            if doc.is_protected(m.start()) or doc.line_index(m.start()) in doc.table_lines:
                continue
            ch = m.group()[0]
            safety = "safe" if ch in ",;" else "unsafe"
            yield self.violation(
                m.start(),
                m.end(),
                f"repeated punctuation '{m.group()}'",
                Fix.replace(m.start(), m.end(), ch, safety=safety, title=f"use a single '{ch}'"),
            )
