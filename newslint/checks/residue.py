"""NL7xx scraper residue: what page extraction leaves in the text.

NL701 (boilerplate lines) is a pack: rules/boilerplate.toml.  Here: NL702 boilerplate learnt
from the corpus, NL703 HTML tags and script text, NL704 HTML entities, NL705 other extraction
artefacts, NL706 image credits glued into the text (opinionated), NL707 boilerplate sentences run
into a very long line (NL701's entries applied to the sentences of a flattened page).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator
from functools import lru_cache
from html.entities import html5 as HTML5_ENTITIES

import regex

from newslint.document import Document, split_sentences
from newslint.packs import builtin_rule
from newslint.rule import CorpusRule, Edit, Fix, Rule, Violation


class ResidueRule(Rule):
    family = "residue"


# --- NL702 boilerplate learnt from the corpus -----------------------------------------------------

EDGE = regex.compile(r"[\s\p{P}\p{S}]+")
EDGE_BACKWARDS = regex.compile(r"(?r)[\s\p{P}\p{S}]+")
SPACES = regex.compile(r"\s+")
DIGITS = regex.compile(r"\d+")
NOT_REGEX_SPACES = ("\x1c", "\x1d", "\x1e", "\x1f")  # str.split splits at these, \s does not


def normalise_line(line: str) -> str:
    """The form lines are compared in: case, spacing, numbers and edge punctuation ignored.

    Edges are found by one match at each end (a pattern anchored at the end would be tried at
    every character), and spaces collapsed by str.split: twice as fast as regex substitutions."""
    line = line.casefold()
    start, end = 0, len(line)
    m = EDGE.match(line)
    if m:
        start = m.end()
    m = EDGE_BACKWARDS.search(line, start, end)
    if m and m.end() == end:
        end = m.start()
    line = line[start:end]
    if any(c in line for c in NOT_REGEX_SPACES):
        line = SPACES.sub(" ", line)
    else:
        line = " ".join(line.split())
    return DIGITS.sub("0", line)


def _key(norm: str) -> str:
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


_TOWNS = ("Leeds", "York", "Hull", "Derby", "Bath")
_BLURB = "Get the best of our journalism delivered to your inbox every weekday morning."


class CorpusBoilerplate(CorpusRule):
    """The same line appears in many different documents of the corpus: a site's sign-off, a navigation menu, a newsletter blurb.

    A line that many unrelated articles share is not written for any of them. Lines are compared
    after normalising case, spacing, numbers and edge punctuation; documents count once each, and
    copies of one story (the same title, or the same longest paragraph, as syndicated copies
    have) count once together, so duplicated articles do not make their paragraphs look like
    boilerplate. Short lines (titles, "He said.") are never reported. Each document holding the
    line gets a report carrying the count. Options: `min-documents` (default 5), `min-length`
    (characters, default 30), `min-words` (default 5).
    """

    code, name, family = "NL702", "corpus-boilerplate", "residue"
    options = {"min-documents": 5, "min-length": 30, "min-words": 5}
    bad = [
        [
            f"Story about {t}\nA long first paragraph about what happened in {t} this week.\n⟦{_BLURB}⟧"
            for t in _TOWNS
        ],
        [
            "Storm title\nThe storm hit at dawn.\n⟦Sign up to our daily newsletter for the stories you need to know⟧",
            *[
                f"Title {i}\nText {i}.\nSign up to our daily newsletter for the stories you need to know"
                for i in range(4)
            ],
        ],
    ]
    good = [
        [
            f"Story {i} title\nBody {i}.\n{_BLURB}" for i in range(4)
        ],  # four documents: below the threshold
        [f"Title {i}\nHe said it was not true.\nBody {i}." for i in range(8)],  # too short
        ["Same story\nThe council voted on Monday to close the library on Fridays from June.\n"]
        * 6,  # copies
        [  # a syndicated story under five headlines
            f"Headline {i}\nThe council voted on Monday to close the library on Fridays from June.\n"
            "Residents said they would fight the decision in the courts, and a petition has begun."
            for i in range(5)
        ],
    ]

    def summarize(self, doc: Document):
        text = doc.text
        min_length, min_words = self.settings["min-length"], self.settings["min-words"]
        title = doc.title
        title_key = (
            _key(SPACES.sub(" ", text[title.start : title.end].casefold()).strip()) if title else ""
        )
        lines, seen, longest = [], set(), []
        for s, e in doc.lines:
            if e - s < min_length or doc.in_hidden(s):
                continue
            line = text[s:e]
            stripped = line.strip()
            if len(stripped) < min_length:
                continue
            norm = normalise_line(stripped)
            if norm.count(" ") + 1 < min_words:
                continue
            key = _key(norm)
            if key in seen:
                continue
            seen.add(key)
            start = s + (len(line) - len(line.lstrip()))
            end = start + len(stripped)
            preview = stripped if len(stripped) <= 50 else stripped[:47] + "..."
            lines.append((key, doc.position(start), doc.position(end), preview))
            longest.append((len(stripped), key))
        longest = [k for _, k in sorted(longest, reverse=True)[:2]]
        return {"title": title_key, "lines": lines, "longest": longest}

    def check_corpus(self, summaries: list) -> Iterator:
        minimum = self.settings["min-documents"]
        holders: dict = {}
        for number, (path, summary) in enumerate(summaries):
            for key, start, end, preview in summary["lines"]:
                holders.setdefault(key, []).append((number, path, start, end, preview))
        for key, found in holders.items():
            if (
                len(found) < minimum
                or _distinct_stories(key, [summaries[n][1] for n, *_ in found]) < minimum
            ):
                continue
            for _, path, start, end, preview in found:
                message = f"line repeated in {len(found)} documents (site boilerplate): '{preview}'"
                yield self.report(path, tuple(start), message, tuple(end))


def _distinct_stories(key: str, summaries: list) -> int:
    """How many different stories hold a line: copies (same title, or same longest paragraph
    other than the line itself, as syndicated copies have) count once."""
    parent = list(range(len(summaries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict = {}
    for i, summary in enumerate(summaries):
        marks = [("t", summary["title"])] + [("l", k) for k in summary["longest"] if k != key]
        for mark in marks:
            if mark[1] and mark in owner:
                parent[find(i)] = find(owner[mark])
            else:
                owner[mark] = i
    return len({find(i) for i in range(len(summaries))})


# --- NL703 HTML tags and script text ---------------------------------------------------------------

TAG_NAMES = (
    "a abbr article aside audio b blockquote body br button caption center cite code dd div dl dt em "
    "embed figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input "
    "label li link meta nav noscript ol option p picture pre script section select small source span "
    "strong style sub sup svg table tbody td tfoot th thead time title tr u ul video"
).split()
ATTRIBUTE = r"""(?:\s+[\w:-]+(?:\s*=\s*(?:"[^"\n]{0,300}"|'[^'\n]{0,300}'|[^\s>"']{1,300}))?)"""
HTML_TAG = regex.compile(
    r"</?(?:" + "|".join(TAG_NAMES) + r")(?![\w-])" + ATTRIBUTE + r"{0,20}\s*/?>"
    r"|<!--(?!\s*newslint:).{0,500}?-->|<!DOCTYPE html[^>\n]{0,100}>",
    regex.IGNORECASE,
)
CSS_PROPERTY = r"(?:display|color|margin|padding|font|width|height|background|border|position|float|visibility|overflow|text-align|text-decoration|line-height|z-index|top|left|right|bottom|opacity|max-width|min-width)(?:-[a-z]+)*"
SCRIPT = regex.compile(
    r"\bfunction\s*[\w$]*\s*\([\w$,\s]{0,80}\)\s*\{"
    r"|\bvar\s+[A-Za-z_$][\w$]*\s*=(?!=)"
    r"|\b(?:let|const)\s+[A-Za-z_$][\w$]*\s*=\s*(?:function\b|new\s+\w|\[|\{|document\.|window\.|\$\(|[\"'])"
    r"|\b(?:document\.(?:write|getElementById|querySelector|createElement|addEventListener)|window\.(?:location|open|addEventListener|onload|dataLayer)|googletag\.\w+|dataLayer\.push|\(adsbygoogle)\s*[(=.]"
    r"|\$\((?:document|window|function|[\"'][#.]?[\w-]+[\"'])\)"
)
# a style block, found from its brace (scanning for selectors everywhere is slow); its selector
# is added by looking back
STYLE = regex.compile(
    r"\{\s*"
    + CSS_PROPERTY
    + r"\s*:\s*[^;{}\n]{1,80}(?:;\s*[a-z-]+\s*:\s*[^;{}\n]{1,80}){0,10};?\s*\}"
)
SELECTOR = regex.compile(r"[.#]?[\w-]{1,40}\s*\Z")


class HtmlTag(ResidueRule):
    """An HTML tag, comment or script/style code is left in the text: `<p>`, `</a>`, `function(`.

    The extractor copied markup instead of text. Readers see raw code, and every downstream tool
    counts it as words. Tags are recognised by their HTML names (`<Reuters>` is not a tag), and
    script or style text by code shapes (`function (...) {`, `var x = [`, `{display:none}`).
    Inline code in backticks and Markdown code blocks are left alone.
    """

    code, name = "NL703", "html-tag"
    bad = [
        "The minister resigned.⟦<br/>⟧He denied wrongdoing.",
        '⟦<div class="caption">⟧Flood waters in York',
        "See the report⟦</a>⟧ for details.",
        "Share this ⟦function() {⟧ return false; }",
        "Latest news ⟦.ad-slot { display:none }⟧ continues here.",
        "⟦var googletag = googletag || {};⟧",
    ]
    good = [
        "Profits rose <5% while costs were >10%, the firm said.",
        "The <Reuters> tag was never used.",
        "He used the `<p>` element, the developer said.",
        "The function of the committee is to advise.",
        "Let x be the number of voters.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        found = []
        if "<" in text:
            found += [(m.start(), m.end(), "HTML markup") for m in HTML_TAG.finditer(text)]
        if "(" in text or "=" in text:
            found += [(m.start(), m.end(), "script code") for m in SCRIPT.finditer(text)]
        if "{" in text:
            for m in STYLE.finditer(text):
                sel = SELECTOR.search(text, max(0, m.start() - 45), m.start())
                found.append((sel.start() if sel else m.start(), m.end(), "style code"))
        for start, end, what in sorted(found):
            if doc.in_hidden(start) or _in_inline_code(doc, start):
                continue
            shown = text[start:end] if end - start <= 40 else text[start : start + 37] + "..."
            yield self.violation(start, end, f"{what} left in the text: '{shown}'")


def _in_inline_code(doc: Document, offset: int) -> bool:
    return doc.is_protected(offset) and "`" in doc.text[max(0, offset - 200) : offset]


# --- NL704 HTML entities -----------------------------------------------------------------------------

ENTITY = regex.compile(
    r"&(?:amp;)+(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"  # double-escaped
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"  # an entity
    r"|&(?:amp|nbsp|quot)(?=\s)"  # without its semicolon
)
# the '&' lost (double-escaped feeds): "Belichick #39;s", "quot;Yes quot;"
HALF_ENTITY = regex.compile(
    r"(?<![&\w#])#(?:39|34|38|60|62|160|821[1-2]|821[6-7]|822[0-1]|8230|[xX]2[27]);"
    r"|(?<![&\w;])(?:quot|amp|apos|nbsp|rsquo|lsquo|rdquo|ldquo|mdash|ndash|hellip);"
)
NAMED = {k[:-1] for k in HTML5_ENTITIES if k.endswith(";")}


def decode_entity(entity: str) -> str:
    """What an entity, double-escaped or with its '&' lost, stands for (a space for nbsp)."""
    if not entity.startswith("&"):
        entity = "&" + entity
    if not entity.endswith(";"):
        entity += ";"
    previous = None
    while previous != entity:
        previous, entity = entity, html.unescape(entity)
    return entity.replace("\u00a0", " ")


class HtmlEntity(ResidueRule):
    """An HTML entity is left in the text (`&amp;`, `&#39;`, `&nbsp;`), or a half-broken one from a double-escaped feed (`#39;s`, `quot;`, `&amp;quot;`).

    The text was escaped for HTML once too often, or the `&` was lost on the way. The fix
    decodes the entity (a non-breaking space becomes a plain space); it is safe for whole
    entities and unsafe for half-broken ones, where an apostrophe or closing quote after a space
    that stood for the lost `&` closes up: `Belichick #39;s` -> `Belichick's`. In Markdown, where
    entities are valid syntax, only double-escaped and half-broken ones are reported. Entities
    inside URLs are left alone.
    """

    code, name = "NL704", "html-entity"
    fixable = "sometimes"
    bad = [
        ("Tom ⟦&amp;⟧ Jerry", "Tom & Jerry"),
        ("The coach⟦&#39;⟧s plan", "The coach's plan"),
        (
            "Patriots coach Bill Belichick⟦ #39;⟧s plan worked.",
            "Patriots coach Bill Belichick's plan worked.",
        ),
        ("He said ⟦&amp;quot;no&amp;quot;⟧.", 'He said "no".'),
        ("He said ⟦quot;⟧no quot; twice.", 'He said "no" twice.'),
        ("Costs rose⟦&nbsp;⟧sharply.", "Costs rose sharply."),
    ]
    good = [
        "AT&T and R&D; spending, Q&A.",
        "See https://example.com/a?b=1&amp;c=2 for details.",
        "Tom & Jerry",
        "Use the #39 bus; it is quicker.",
        "The quota; the amplifier.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        if "&" not in text and ";" not in text:
            return
        markdown = doc.kind == "markdown"
        by_line: dict = {}  # one report per line: a feed left unescaped leaves many
        for m in ENTITY.finditer(text):
            entity = m.group()
            double = entity.startswith("&amp;") and entity != "&amp;"
            name = entity[1:-1]
            if (
                not double
                and entity.endswith(";")
                and not name.startswith("#")
                and name not in NAMED
            ):
                continue  # R&D; is not an entity
            if (markdown and not double) or doc.is_protected(m.start()) or doc.in_hidden(m.start()):
                continue
            by_line.setdefault(doc.line_index(m.start()), []).append((m, double))
        for found in by_line.values():
            first, double = found[0]
            what = "double-escaped HTML entity" if any(d for _, d in found) else "HTML entity"
            entities = list(dict.fromkeys(m.group() for m, _ in found))
            shown = "', '".join(entities[:3]) + ("', ..." if len(entities) > 3 else "'")
            if len(found) > 1:
                what = f"{len(found)} {what.replace('entity', 'entities')}"
            edits = tuple(Edit(m.start(), m.end(), decode_entity(m.group())) for m, _ in found)
            title = f"decode to '{edits[0].content}'" if len(edits) == 1 else "decode them"
            yield self.violation(
                first.start(),
                found[-1][0].end(),
                f"{what} left in the text: '{shown}",
                Fix(edits, "safe", title),
            )
        for m in HALF_ENTITY.finditer(text):
            if (
                doc.is_protected(m.start())
                and not text[m.start()] == "#"
                or doc.in_hidden(m.start())
            ):
                continue
            start, decoded = m.start(), decode_entity(m.group())
            if _closes_up(text, start, m.end(), decoded):
                start -= 1  # "Belichick #39;s", "no quot;": the space stood for the lost '&'
            yield self.violation(
                start,
                m.end(),
                f"half-broken HTML entity '{m.group()}' (its '&' was lost)",
                Fix.replace(start, m.end(), decoded, "unsafe", f"decode to '{decoded}'"),
            )


def _closes_up(text: str, start: int, end: int, decoded: str) -> bool:
    """An apostrophe or closing quote after a space that stood for the lost '&'."""
    if (
        decoded not in ("'", '"', "\u2019", "\u201d")
        or start < 2
        or text[start - 1] != " "
        or text[start - 2].isspace()
    ):
        return False
    after = text[end : end + 1]
    return (
        after.isalpha() if decoded in ("'", "\u2019") and after.isalpha() else not after.isalnum()
    )


# --- NL705 other extraction artefacts -------------------------------------------------------------

# one pattern per kind: five small searches are four times faster than one alternation
ARTEFACTS = (
    regex.compile(
        r"(?P<wiki>\[(?:edit|citation needed|clarification needed|dubious(?: [–-] discuss)?|according to whom\?|by whom\?|when\?|who\?|verification needed|better source needed|failed verification|dead link|permanent dead link)\])"
    ),
    regex.compile(r"(?P<js>\bjavascript:(?:void\(0\)|;|\S))"),
    regex.compile(r"(?P<lorem>\b(?i:lorem ipsum)\b)"),
    regex.compile(
        r"(?P<template>\{\{\s*[\w.\-|: ]{1,40}?\s*\}\}|\{%\s*\w[^%\n]{0,60}%\}|\$\{[A-Za-z_][\w.]{0,40}\}|(?<![\w%])%(?:s|\(\w{1,30}\)s)(?![\w])|\[\[\s*[A-Z][A-Z_ ]{2,30}\s*\]\]|__[A-Z][A-Z_]{2,30}__|\[INSERT [A-Z ]{2,30}\]|\{(?:title|headline|author|name|first_name|last_name|date|city|url|link|summary|description|body|content)\})"
    ),
    regex.compile(
        r"(?P<caption>(?<![\w])(?:Image|Media|Video) (?:copyright|caption)(?![\w])|(?<![\w])Image source,|(?<![\w])Photo credit:)"
    ),
)
ARTEFACT_NAMES = {
    "wiki": "wiki markup",
    "js": "a javascript: link",
    "lorem": "placeholder text (lorem ipsum)",
    "template": "an unfilled template placeholder",
    "caption": "an image caption or credit label",
}


class ExtractionArtefact(ResidueRule):
    """Other extraction artefacts: wiki markup (`[edit]`, `[citation needed]`), `javascript:` links, lorem ipsum, unfilled template placeholders (`{{ title }}`, `%s`), image caption labels (`Image copyright`, `Media caption`).

    Each is a sure sign that page furniture or an unrendered template reached the text.
    """

    code, name = "NL705", "extraction-artefact"
    bad = [
        "The battle of Hastings⟦[edit]⟧ was fought in 1066.",
        "The claim⟦[citation needed]⟧ was repeated.",
        "Share ⟦javascript:void(0)⟧ now",
        "⟦Lorem ipsum⟧ dolor sit amet.",
        "Breaking: ⟦{{ headline }}⟧ in town",
        "Hello ⟦%s⟧, your results are ready.",
        "The march began at noon. ⟦Image copyright⟧ Getty Images Thousands joined.",
    ]
    good = [
        "The editor was asked to edit the story.",
        "JavaScript: The Good Parts is a book.",
        "Prices rose 5% since June; 10%s of voters... no.",
        "The image caption was misleading, the regulator found.",
        "A {brace} and a 100% rise.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        found = sorted(
            (m for pattern in ARTEFACTS for m in pattern.finditer(doc.text)),
            key=lambda m: (m.start(), -m.end()),
        )
        end = 0
        for m in found:
            if m.start() < end or doc.in_hidden(m.start()) or _in_inline_code(doc, m.start()):
                continue
            end = m.end()
            yield self.violation(
                m.start(),
                m.end(),
                f"extraction artefact: {ARTEFACT_NAMES[m.lastgroup]} '{m.group()}'",
            )


# --- NL706 image credits glued into the text ---------------------------------------------------------

AGENCY = r"(?:Getty(?: Images)?|AFP|Reuters|AP|PA(?: Media| Wire)?|EPA(?:-EFE)?|Shutterstock|Alamy|iStock(?:photo)?|Bloomberg|Xinhua|Rex Features|REX)"
CREDIT = regex.compile(
    r"\((?:Photo|Picture|Pic|Image|Video|Credit)s?(?: by| credit| courtesy of)?\s*[:\-]?\s*[^()\n]{1,80}?(?:/\s*[^()\n]{1,40}|\b"
    + AGENCY
    + r")\)"
    r"|(?<=(?:\A|\n)[ \t]*)(?:Photo|Picture|Image|Credit)s?(?: credit)?\s*:\s*[^\n]{1,80}(?=[ \t]*(?:\n|\Z))"
    r"|\bAP Photo/[\p{L} .'-]{2,40}"
    r"|(?<=(?:\A|\n)[ \t]*)(?:©|ⓒ|\(c\))[ \t]*[^\n\d]{1,60}(?=[ \t]*(?:\n|\Z))"  # "© Reuters": a photo's credit line
)


class ImageCredit(ResidueRule):
    """An image credit or caption is glued into the article text: `(Photo: Jane Doe/Getty Images)`, a line `Photo: Reuters`.

    Extractors keep the caption of a photo and run it into the paragraph next to it.
    Opinionated (some publishers credit photos inline on purpose): off by default.
    """

    code, name = "NL706", "image-credit"
    default_enabled = False
    bad = [
        "Crowds gathered ⟦(Photo: Jane Doe/Getty Images)⟧ outside the court.",
        "Story text.\n⟦Photo: Reuters⟧\nMore text.",
        "The bridge collapsed ⟦(Picture: PA)⟧ at dawn.",
        "Flood waters in York\n⟦© Reuters / Jane Doe⟧\nThe river rose.",
    ]
    good = [
        "The photo was taken in 2019 (it showed the bridge).",
        "Photographs: see below for the list of winners.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        for m in CREDIT.finditer(doc.text):
            if not doc.in_hidden(m.start()):
                yield self.violation(
                    m.start(), m.end(), f"image credit in the text: '{m.group()[:60]}'"
                )


# --- NL707 boilerplate sentences inside a flattened line ----------------------------------------------

_FILLER = (  # five sentences, 460 characters
    "The council met on Monday to discuss the budget, and members argued for hours about the cost "
    "of repairing the old bridge over the river. It has been closed to lorries since the spring. "
    "Residents told the meeting that the detour adds twenty minutes to every journey into town, and "
    "shopkeepers said trade had fallen by a third since the closure began in April last year. "
    "A decision is expected next month, after engineers report on the state of the foundations. "
)


@lru_cache(maxsize=1)
def _line_entries():
    """NL701, the whole-line boilerplate entries of the built-in pack (rules/boilerplate.toml):
    one source of truth for what a line of page furniture looks like."""
    return builtin_rule("boilerplate-line")()


class FlattenedBoilerplate(ResidueRule):
    """A sentence of a flattened article (one very long line holding the page) is page furniture on its own: a sign-up, a copyright or cookie notice, share buttons, "Advertisement", a read-more link.

    Some extractors put a whole page on one or two lines, so the boilerplate lines NL701 looks for
    are run into the text. In a line longer than `min-line-length` characters (default 400) that
    holds at least half of the document, each sentence is tested as if it were a line of its own,
    against the same pack entries and conditions as NL701 (rules/boilerplate.toml): it is reported
    only if the whole sentence is boilerplate. The same words inside a normal sentence are left
    alone, as is a label run into the next sentence without punctuation. Entries limited to the
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
        pack = _line_entries()
        for i in sorted(long):
            ls, le = lines[i]
            if pack.starts_line(text[ls:le].strip()):
                continue  # NL701 reports the long line whole
            for s, e in _segments(text, ls, le):
                if doc.in_hidden(s):
                    continue
                found = pack.line_entry(text[s:e])
                if found is None:
                    continue
                index, m = found
                position = pack.entry_position(index)
                if position != "any" and not _at_edge(doc, s, e, position, pack.edge_lines):
                    continue
                message = pack.entry_message(index, m.group())
                message = message.replace(
                    "boilerplate line", "boilerplate sentence in a long line", 1
                )
                yield self.violation(s + m.start(), s + m.end(), message)


# a copyright sign after a sentence's end starts a new segment: "... foundations. © 2024 Example"
_BEFORE_SIGN = regex.compile(r"(?<=[.!?\u2026][\"'\u201d\u2019)\]]*)\s+(?=[©ⓒ])")


def _segments(text: str, start: int, end: int) -> Iterator[tuple]:
    """The sentences of a line, split once more before a copyright sign."""
    for s, e in split_sentences(text, start, end):
        if "©" not in text[s:e] and "ⓒ" not in text[s:e]:
            yield s, e
            continue
        for m in _BEFORE_SIGN.finditer(text, s, e):
            yield s, m.start()
            s = m.end()
        yield s, e


def _at_edge(doc: Document, start: int, end: int, position: str, n: int) -> bool:
    """Whether a sentence is among the first (start) or last (end) ``n`` sentences of a
    document, each line ending a sentence."""

    def count(lo: int, hi: int) -> int:
        total = 0
        for i in range(doc.line_index(lo), doc.line_index(max(lo, hi - 1)) + 1):
            s, e = doc.lines[i]
            total += sum(1 for _ in _segments(doc.text, max(s, lo), min(e, hi)))
            if total >= n:
                break
        return total

    return (position in ("edge", "start") and count(0, start) < n) or (
        position in ("edge", "end") and count(end, len(doc.text)) < n
    )
