"""NL703 HTML tags and script text, NL704 HTML entities."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterator
from html.entities import html5 as HTML5_ENTITIES

import regex

from newslint.checks.residue.base import ResidueRule, in_inline_code
from newslint.document import Document
from newslint.lazy import LazyPattern
from newslint.rule import Edit, Fix, Violation

# --- NL703 HTML tags and script text ---------------------------------------------------------------

TAG_NAMES = (
    "a abbr article aside audio b blockquote body br button caption center cite code dd div dl dt em "
    "embed figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input "
    "label li link meta nav noscript ol option p picture pre script section select small source span "
    "strong style sub sup svg table tbody td tfoot th thead time title tr u ul video"
).split()
ATTRIBUTE = r"""(?:\s+[\w:-]+(?:\s*=\s*(?:"[^"\n]{0,300}"|'[^'\n]{0,300}'|[^\s>"']{1,300}))?)"""
HTML_TAG = LazyPattern(
    r"</?(?:" + "|".join(TAG_NAMES) + r")(?![\w-])" + ATTRIBUTE + r"{0,20}\s*/?>"
    r"|<!--(?!\s*newslint:).{0,500}?-->|<!DOCTYPE html[^>\n]{0,100}>",
    regex.IGNORECASE,
)
CSS_PROPERTY = r"(?:display|color|margin|padding|font|width|height|background|border|position|float|visibility|overflow|text-align|text-decoration|line-height|z-index|top|left|right|bottom|opacity|max-width|min-width)(?:-[a-z]+)*"
SCRIPT = LazyPattern(
    r"\bfunction\s*[\w$]*\s*\([\w$,\s]{0,80}\)\s*\{"
    r"|\bvar\s+[A-Za-z_$][\w$]*\s*=(?!=)"
    r"|\b(?:let|const)\s+[A-Za-z_$][\w$]*\s*=\s*(?:function\b|new\s+\w|\[|\{|document\.|window\.|\$\(|[\"'])"
    r"|\b(?:document\.(?:write|getElementById|querySelector|createElement|addEventListener)|window\.(?:location|open|addEventListener|onload|dataLayer)|googletag\.\w+|dataLayer\.push)\s*[(=.]"
    r"|\(adsbygoogle\s*=|\bwindow\.[A-Za-z_$][\w$]*\s*=\s*window\.[A-Za-z_$][\w$]*\s*\|\|"  # an ad script's
    r"|\$\((?:document|window|function|[\"'][#.]?[\w-]+[\"'])\)"
)
# a shortcode of a blogging platform, left unrendered: `[caption id="a1" width="300"]`,
# `[/caption]`, `[vc_row]`. An opening code counts when it has attributes, a name no English
# word has (vc_row: an underscore), or its closing code is in the text; a closing code always
# (a bracketed word after a slash is no prose: `[sic]` and `[Video]` are left alone)
SHORTCODE = LazyPattern(
    r"\[(?P<close>/)?(?P<name>[a-z][a-z0-9]*(?P<joined>[_-][a-z0-9_-]+)?)"
    r"(?P<attrs>(?:\s+[a-z][\w-]{0,30}=(?:\"[^\"\n\]]{0,300}\"|'[^'\n\]]{0,300}'|[^\s\]\"']{1,100}))+)?\s*/?\]",
    regex.IGNORECASE,
)
# what SCRIPT's branches spell: a text with none of them is not searched
SCRIPT_WORDS = ("function", "$(", "document.", "window.", "googletag.", "dataLayer.push", "(adsb")
ASSIGNING = ("var", "let", "const")  # with an "="


def _may_hold_script(text: str) -> bool:
    return any(w in text for w in SCRIPT_WORDS) or (
        "=" in text and any(w in text for w in ASSIGNING)
    )


# a style block, found from its brace (scanning for selectors everywhere is slow); its selector
# is added by looking back
STYLE = LazyPattern(
    r"\{\s*"
    + CSS_PROPERTY
    + r"\s*:\s*[^;{}\n]{1,80}(?:;\s*[a-z-]+\s*:\s*[^;{}\n]{1,80}){0,10};?\s*\}"
)
SELECTOR = LazyPattern(r"[.#]?[\w-]{1,40}\s*\Z")
# a short upper-case code in angle brackets, set off by spaces: a ticker symbol in wire copy
# (`PHILLIPS <P> RAISES`, `Du Pont Co <DD> said`) unless the document shows other HTML
TICKER_LIKE = LazyPattern(r"<[A-Z]{1,6}>(?=[\s.,;:)]|$)")


def _shortcodes(text: str) -> list:
    """(start, end) of each unrendered shortcode (SHORTCODE)."""
    # (a Markdown reference link's label, `[text][our_guide]`, follows a bracket)
    codes = [m for m in SHORTCODE.finditer(text) if text[m.start() - 1 : m.start()] != "]"]
    closed = {m["name"].casefold() for m in codes if m["close"]}
    return [
        m.span()
        for m in codes
        if m["close"]
        or (m["attrs"] and not m["attrs"].lstrip().startswith(("http", "www")))
        or (m["joined"] and "_" in m["joined"])
        or m["name"].casefold() in closed
    ]


def _ticker_like(text: str, start: int, end: int) -> bool:
    m = TICKER_LIKE.match(text, start)
    return m is not None and m.end() == end


class HtmlTag(ResidueRule):
    """An HTML tag, comment, shortcode or script/style code is left in the text: `<p>`, `</a>`, `[caption id="a1"]`, `function(`.

    The extractor copied markup instead of text. Readers see raw code, and every downstream tool
    counts it as words. Tags are recognised by their HTML names (`<Reuters>` is not a tag; nor is a
    ticker symbol such as `Du Pont Co <DD>` in a document showing no other HTML), and script or
    style text by code shapes (`function (...) {`, `var x = [`, `{display:none}`). A blogging
    platform's shortcode counts when it is closed (`[/caption]`), has attributes
    (`[caption width="300"]`), a name no word has (`[vc_row]`), or its closing code is in the
    text: `[sic]` and `[Video]` are left alone.
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
        "Du Pont Co <DD> said so.⟦<BR>⟧The unit ⟦<P>⟧grew.",
        '⟦[caption id="attachment_12" align="alignnone" width="640"]⟧ The old library.⟦[/caption]⟧',
        "⟦[vc_row]⟧⟦[vc_column]⟧The council met.⟦[/vc_column]⟧",
        "⟦[embed]⟧https://example.com/v/1⟦[/embed]⟧",
        "⟦(adsbygoogle =⟧ window.adsbygoogle || []).push({});",
        "⟦window._ads = window._ads ||⟧ [];",
    ]
    good = [
        "Profits rose <5% while costs were >10%, the firm said.",
        "The <Reuters> tag was never used.",
        "He used the `<p>` element, the developer said.",
        "The function of the committee is to advise.",
        "Let x be the number of voters.",
        "PHILLIPS <P> RAISES DIVIDEND\nDu Pont Co <DD> said its <I> unit grew.",
        "He wrote [sic] and [the minister] replied. [Video] [1] [a=b]",
        "See [the report](https://example.com/a?b=1) and [the guide][our_guide].",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        found = []
        if "<" in text:
            found += [(m.start(), m.end(), "HTML markup") for m in HTML_TAG.finditer(text)]
        if _may_hold_script(text):
            found += [(m.start(), m.end(), "script code") for m in SCRIPT.finditer(text)]
        if "[" in text and ("[/" in text or "=" in text or "_" in text):
            found += [(a, b, "a shortcode") for a, b in _shortcodes(text)]
        if "{" in text:
            for m in STYLE.finditer(text):
                sel = SELECTOR.search(text, max(0, m.start() - 45), m.start())
                found.append((sel.start() if sel else m.start(), m.end(), "style code"))
        if found and all(
            what == "HTML markup" and _ticker_like(text, a, b) for a, b, what in found
        ):
            return  # only ticker-like codes and no other HTML: wire copy, not markup
        for start, end, what in sorted(found):
            if doc.in_hidden(start) or in_inline_code(doc, start):
                continue
            shown = text[start:end] if end - start <= 40 else text[start : start + 37] + "..."
            yield self.violation(start, end, f"{what} left in the text: '{shown}'")


# --- NL704 HTML entities -----------------------------------------------------------------------------

ENTITY = LazyPattern(
    r"&(?:amp;)+(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"  # double-escaped
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"  # an entity
    r"|&(?:amp|nbsp|quot)(?=\s)"  # without its semicolon
)
# the '&' lost (double-escaped feeds): "Belichick #39;s", "quot;Yes quot;"; any other
# numeric reference only where it is glued to a word or a figure ("don#146;t", "#36;5m") and
# stands for punctuation or a symbol (see _half_numeric): "issue #146; see" is a number
HALF_ENTITY = LazyPattern(
    r"(?<![&\w#])#(?:39|34|38|60|62|160|821[1-2]|821[6-7]|822[0-1]|8230|[xX]2[27]);"
    r"|(?<=\p{L})#(?:\d{2,4}|[xX][0-9a-fA-F]{2,4});"
    r"|(?<![&\w#])#(?:\d{2,4}|[xX][0-9a-fA-F]{2,4});(?=[\p{L}\p{N}])"
    r"|(?<![&\w;])(?:quot|amp|apos|nbsp|rsquo|lsquo|rdquo|ldquo|mdash|ndash|hellip|laquo|raquo);"
)
# one of these stands in every HALF_ENTITY match: a text without any is not searched
HALF_NAMES = "quot amp apos nbsp rsquo lsquo rdquo ldquo mdash ndash hellip laquo raquo".split()
HALF_LITERALS = ("#", *(name + ";" for name in HALF_NAMES))
# a colour in CSS ("color: #123;") is not an entity
CSS_BEFORE = LazyPattern(r"(?:" + CSS_PROPERTY + r"|solid|dashed|dotted)\s*:?[^;{}\n]{0,40}\Z")
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
    """An HTML entity is left in the text (`&amp;`, `&#39;`, `&nbsp;`), or a half-broken one from a double-escaped feed (`#39;s`, `#146;`, `quot;`, `&amp;quot;`).

    The text was escaped for HTML once too often, or the `&` was lost on the way. The fix
    decodes the entity (a non-breaking space becomes a plain space); it is safe for whole
    entities and unsafe for half-broken ones, where an apostrophe or closing quote after a space
    that stood for the lost `&` closes up: `Belichick #39;s` -> `Belichick's`. In Markdown, where
    entities are valid syntax, only double-escaped and half-broken ones are reported. Entities
    inside URLs are left alone. A half-broken numeric reference other than the usual quotes,
    apostrophes and dashes counts where it is glued to a word or a figure (`don#146;t`,
    `#36;5m`) and stands for punctuation, a symbol or a space, outside style sheets.
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
        ("I don⟦#146;⟧t know.", "I don\u2019t know."),
        ("It cost ⟦#36;⟧5m.", "It cost $5m."),
        ("Costs rose⟦&nbsp;⟧sharply.", "Costs rose sharply."),
    ]
    good = [
        "AT&T and R&D; spending, Q&A.",
        "See https://example.com/a?b=1&amp;c=2 for details.",
        "Tom & Jerry",
        "Use the #39 bus; it is quicker.",
        "The quota; the amplifier.",
        "See issue #146; it was fixed.",
        "a { color: #123;margin: 0 }",
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
        halves = HALF_ENTITY.finditer(text) if any(w in text for w in HALF_LITERALS) else ()
        for m in halves:
            if (
                doc.is_protected(m.start())
                and not text[m.start()] == "#"
                or doc.in_hidden(m.start())
            ):
                continue
            if m.group()[0] == "#" and not _half_numeric(text, m.start(), m.group()):
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


def _half_numeric(text: str, start: int, entity: str) -> bool:
    """A numeric reference that lost its '&' stands for punctuation, a symbol or a space
    (`#146;` is Windows-1252's apostrophe, `#36;` a dollar sign), outside CSS."""
    decoded = decode_entity(entity)
    if len(decoded) != 1 or decoded == "\ufffd":
        return False
    if unicodedata.category(decoded)[0] not in "PSZ":
        return False  # "#333;" in a style sheet is a colour, not a letter
    return not CSS_BEFORE.search(text, max(0, start - 60), start)


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
