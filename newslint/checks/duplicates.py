"""NL5xx/NL6xx duplication within a document and across the corpus.

Within a document (NL5xx) every rule reads one shared analysis of the document's
paragraphs and sentences (built once, cached on the Document).  Across the corpus (NL6xx)
each document is summarised by hashes and a MinHash signature; candidates come from LSH
banding (never all pairs) and, with the corpus index on, from the SQLite index of
documents linted before (see ``newslint.corpus_index``).
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
import zlib
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain, compress, count
from typing import NamedTuple, Optional

import regex

from newslint.document import HEADING_MD, WORD, Document, split_sentences
from newslint.rule import CorpusRule, Report, Rule, Violation

# --- normalised words -----------------------------------------------------------------------

NORM_WORD = re.compile(r"[^\W_]+")  # letters and digits (stdlib re: faster here than regex)
STOPWORDS = frozenset(
    """a an the and or but of in on at to for from by with as is are was were be been it its this that
    these those into over after before about than then so if not no how why what who when where which
    while new""".split()
)


def words_of(text: str) -> list:
    """Case-, quote-, punctuation- and whitespace-insensitive words of a text."""
    return NORM_WORD.findall(unicodedata.normalize("NFKC", text).casefold())


SEPARATOR = (
    "\x00"  # joins spans for one normalisation: no character composes with it, none becomes it
)
WORD_OR_SEPARATOR = re.compile(r"[^\W_]+|\x00")
NON_ASCII = re.compile(r"[^\x00-\x7f]")


def spans_words(text: str, spans: list) -> tuple:
    """(``words_of`` of each span, ``words_of`` of the whole text or None), in one pass.

    The text is cut at the spans' starts, and at their ends unless only white space follows
    (it has no words), and the pieces are normalised together, joined by SEPARATOR.  When
    every cut has white space on one side (no character composes across it, no word spans
    it), the pieces' words are also the whole text's.
    """
    if SEPARATOR in text:
        return [words_of(text[s:e]) for s, e in spans], None
    cuts, index, pos, size = [], [], 0, len(text)
    for k, (s, e) in enumerate(spans):
        if s < pos:
            break
        cuts.append(s)
        index.append(len(cuts))  # the span's piece: from its start to the next cut
        gap = text[e : spans[k + 1][0] if k + 1 < len(spans) else size]
        if gap and not gap.isspace():  # white space after a span has no words: no cut needed
            cuts.append(e)
        pos = e
    else:
        if all(c <= 0 or c >= size or text[c - 1].isspace() or text[c].isspace() for c in cuts):
            pieces = [text[a:b] for a, b in zip([0] + cuts, cuts + [size])]
            found = split_words(SEPARATOR.join(pieces), len(pieces))
            return [found[j] for j in index], list(chain.from_iterable(found))
    if not spans:
        return [], None
    return split_words(SEPARATOR.join([text[s:e] for s, e in spans]), len(spans)), None


@lru_cache(maxsize=4096)
def _plain(char: str) -> bool:
    """A character ``words_of`` reads as a separator, normalised or not (`£`, `”`, `…`): no
    letter, digit or mark in it, its normalised and folded forms, or its lower case."""
    forms = char + unicodedata.normalize("NFKC", char).casefold() + char.lower()
    return not any(c.isalnum() or unicodedata.category(c).startswith("M") for c in forms)


# ASCII letters folded, digits and SEPARATOR kept, every other byte a space (`?` included: what
# encoding a separator-only non-ASCII character to ASCII leaves)
ASCII_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 or c == 0 else 32
    for c in range(256)
)


def split_words(joined: str, count: int) -> list:
    """``words_of`` of each of the count SEPARATOR-joined pieces."""
    if joined.isascii() or all(map(_plain, set(NON_ASCII.findall(joined)))):
        # nothing to normalise, nothing to fold but ASCII letters: a byte table does it, and
        # str.split finds the words, several times faster than a regular expression
        folded = joined.encode("ascii", "replace").translate(ASCII_FOLD).decode("ascii")
        return [piece.split() for piece in folded.split(SEPARATOR, count - 1)]
    found = WORD_OR_SEPARATOR.findall(unicodedata.normalize("NFKC", joined).casefold())
    out, i = [], 0
    index = found.index
    for _ in range(count - 1):
        j = index(SEPARATOR, i)
        out.append(found[i:j])
        i = j + 1
    out.append(found[i:])
    return out


def doc_words(doc: Document) -> list:
    """The document's normalised words, computed once per Document.

    Had in one pass with each line's words (for ``span_words``): the cuts at line starts follow
    a newline, so the lines' words are the text's.
    """
    found = doc.__dict__.get("_duplicates_words")
    if found is None:
        per_line, found = spans_words(doc.text, doc.lines)
        if found is None:
            found = words_of(doc.text)
        else:
            doc.__dict__["_duplicates_line_words"] = per_line
        doc.__dict__["_duplicates_words"] = found
    return found


def span_words(doc: Document, start: int, end: int, per_line: Optional[list]) -> list:
    """``words_of(doc.text[start:end])``, from the lines' words (``doc_words``) when the span
    covers whole lines but for white space."""
    if per_line is not None:
        text, lines, line_index = doc.text, doc.lines, doc.line_index
        first, last = line_index(start), line_index(end)
        before, after = text[lines[first][0] : start], text[end : lines[last][1]]
        if (not before or before.isspace()) and (not after or after.isspace()):
            if first == last:
                return list(per_line[first])
            return list(chain.from_iterable(per_line[first : last + 1]))
    return words_of(doc.text[start:end])


def digest(words: list) -> int:
    """A stable unsigned 64-bit hash of a word sequence."""
    return int.from_bytes(
        hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest(), "little"
    )


def stems(words: list) -> set:
    """Content words cut to five letters: `complexities` ~ `complex`, `troops` ~ `troop`."""
    return {w[:5] for w in words if w not in STOPWORDS}


def shingles(words: list, n: int) -> set:
    if len(words) < n:
        return {tuple(words)} if words else set()
    if n == 2:
        return set(zip(words, words[1:]))  # the n-grams, built in C
    if n < 1:
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    return set(zip(*[words[k:] for k in range(n)]))


def containment(a: set, b: set) -> float:
    """How much of the smaller set the larger holds."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# --- the shared within-document analysis ------------------------------------------------------


LIST_ITEM = regex.compile(r"[ \t]*(?:[-*+\u2022]|\d{1,3}[.)])[ \t]+\S")


class Para(NamedTuple):
    start: int
    end: int
    line: int  # the reported line (raw file)
    words: list
    heading: bool
    sentences: list  # [(start, end, words)]


class Analysis:
    """Paragraphs of a document as the NL5xx rules see them (prose only, tables and markup out)."""

    def __init__(self, doc: Document):
        self.doc = doc
        text = doc.text
        kept = []  # (start, end, sentence spans) of the prose paragraphs
        in_hidden, line_index, table_lines = doc.in_hidden, doc.line_index, doc.table_lines
        for s, e in doc.paragraphs:
            if in_hidden(s) or (table_lines and line_index(s) in table_lines):
                continue
            kept.append((s, e, list(split_sentences(text, s, e))))
        words, whole = spans_words(text, [span for _, _, spans in kept for span in spans])
        if whole is not None:
            doc.__dict__.setdefault("_duplicates_words", whole)  # doc_words, had in the same pass
        # (start, end) -> words_of of a kept paragraph: exact when every cut had white space
        # on one side (``whole``), as then no word or normalisation spans a sentence's edge
        self.paragraph_words = {}
        paras, k = [], 0
        for s, e, spans in kept:
            # sentences cover their paragraph but for white space: its words are theirs, in order
            sents, para_words = [], []
            for ss, se in spans:
                sw = words[k]
                k += 1
                if sw:
                    sents.append((ss, se, sw))
                    para_words.extend(sw)
            if whole is not None:
                self.paragraph_words[s, e] = para_words
            if not para_words:
                continue
            # HEADING_MD needs a `#` among the first four characters
            heading = doc.is_heading(s) or (
                "#" in text[s : s + 4] and bool(HEADING_MD.match(text[s:e]))
            )
            paras.append(Para(s, e, doc.position(s)[0], para_words, heading, sents))
        self.paras = paras
        title = doc.title
        self.title = next(
            (i for i, p in enumerate(paras) if title and p.start == title.start), None
        )

    @property
    def opening(self) -> Optional[int]:
        """The first body paragraph: the first non-heading paragraph after the title."""
        first = 0 if self.title is None else self.title + 1
        return next((i for i in range(first, len(self.paras)) if not self.paras[i].heading), None)

    @property
    def exact_repeats(self) -> dict:
        """Later paragraph index -> earlier index of a paragraph with the same words."""
        cached = getattr(self, "_exact", None)
        if cached is None:
            seen, cached = {}, {}
            for i, p in enumerate(self.paras):
                if p.heading:
                    continue
                key = tuple(p.words)
                if key in seen:
                    cached[i] = seen[key]
                else:
                    seen[key] = i
            self._exact = cached
        return cached

    def near_repeats(self, min_words: int, n: int) -> dict:
        """Later paragraph -> (sentence, earlier paragraph, earlier sentence, similarity).

        Similarity is the Jaccard similarity of word n-grams between a sentence and its most
        similar earlier sentence (see ``context`` for the two paragraphs').  List items are
        left out: a list's entries are alike by design.  Candidates come from an index of
        n-gram -> sentences, never from all pairs.
        """
        key = (min_words, n)
        cache = self.__dict__.setdefault("_near", {})
        if key in cache:
            return cache[key]
        text = self.doc.text
        units = []  # (para index, sentence index, shingles)
        seen, shared = (
            set(),
            set(),
        )  # n-grams held by a sentence, by more than one (only they make pairs)
        for pi, p in enumerate(self.paras):
            if p.heading or LIST_ITEM.match(text, p.start):
                continue
            for si, (_, _, sw) in enumerate(p.sentences):
                if len(sw) >= min_words:
                    sh = shingles(sw, n)
                    shared |= sh & seen
                    seen |= sh
                    units.append((pi, si, sh))
        postings: dict = {}  # shared n-gram -> the sentences holding it, in order
        best: dict = {}
        first_of: dict = {}  # a set of n-grams -> the first sentence with exactly those
        for uid, (pi, si, sh) in enumerate(units):
            twin = first_of.setdefault(frozenset(sh), uid)
            if twin != uid:
                # the same n-grams as an earlier sentence: similarity 1 with the first such,
                # which is what counting would find; kept out of the index, a sentence
                # repeated thousands of times does not cost all pairs
                if pi not in best or 1.0 > best[pi][3]:
                    best[pi] = (si, units[twin][0], units[twin][1], 1.0)
                continue
            common = sh & shared
            if not common:
                continue
            counts: dict = {}  # earlier sentence -> n-grams shared
            for g in common:
                earlier = postings.get(g)
                if earlier is None:
                    postings[g] = [uid]
                else:
                    for u in earlier:
                        counts[u] = counts.get(u, 0) + 1
                    earlier.append(uid)
            if not counts:
                continue
            size = len(sh)
            if len(counts) == 1:
                ((u, c),) = counts.items()
                sim = c / (size + len(units[u][2]) - c)
                if pi not in best or sim > best[pi][3]:
                    best[pi] = (si, units[u][0], units[u][1], sim)
                continue
            sims = {u: c / (size + len(units[u][2]) - c) for u, c in counts.items()}
            sim = max(sims.values())
            if pi not in best or sim > best[pi][3]:
                tied = [u for u, x in sims.items() if x == sim]
                if len(tied) > 1:  # the first met counting over the n-grams in the set's order
                    tied = set(tied)
                    tied = [
                        next(u for g in sh for u in postings.get(g, ()) if u < uid and u in tied)
                    ]
                other = units[tied[0]]
                best[pi] = (si, other[0], other[1], sim)
        cache[key] = best
        return best

    def context(self, pi: int, ep: int, n: int) -> float:
        """How much of the smaller of two paragraphs' word n-grams the other holds.

        A re-told paragraph shares more than one sentence with the original.
        """
        return containment(shingles(self.paras[pi].words, n), shingles(self.paras[ep].words, n))


def analysis(doc: Document) -> Analysis:
    """The document's duplicate analysis, built once per Document."""
    found = doc.__dict__.get("_duplicates_analysis")
    if found is None:
        found = doc.__dict__["_duplicates_analysis"] = Analysis(doc)
    return found


class DuplicateRule(Rule):
    family = "duplicates"


# --- NL501 ------------------------------------------------------------------------------------


class DuplicateParagraph(DuplicateRule):
    """A paragraph or line repeats an earlier one word for word.

    Scrapers that concatenate pages, and templates that print a paragraph twice, leave exact
    copies in the body.  Paragraphs are compared after normalising case, whitespace, quotes
    and punctuation; headings (NL504), short lines such as `Advertisement` (below
    `min-words`) and questions (an interview round-up asks each guest the same one) are
    left alone.  Reported at the later copy, naming the earlier line.
    """

    code, name = "NL501", "duplicate-paragraph"
    options = {"min-words": 8}
    bad = [
        "A title\n\nThe council voted to close the library on Monday evening.\n\nResidents protested.\n\n"
        "⟦The Council voted to close the library, on Monday evening!⟧\n",
        "Intro line here.\nShe said the bridge would reopen in the spring of next year.\n"
        "Other news followed.\n⟦She said the bridge would reopen in the spring of next year.⟧\n",
    ]
    good = [
        "A title\n\nThe council voted to close the library on Monday evening.\n\n"
        "The council voted to close the pool on Monday evening.\n",
        "Advertisement\n\nThe first paragraph of the story is here.\n\nAdvertisement\n",
        "| Team | Points |\n| A | 3 |\n| A | 3 |\n",
        "Chefs\n\nWhat kind of food do you like to cook at home for your family?\n\nPasta.\n\n"
        "What kind of food do you like to cook at home for your family?\n\nCurry.\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        a = analysis(doc)
        min_words = self.settings["min-words"]
        for later, earlier in sorted(a.exact_repeats.items()):
            p = a.paras[later]
            if len(p.words) >= min_words and not doc.text[p.start : p.end].rstrip().endswith("?"):
                yield self.violation(
                    p.start, p.end, f"duplicate paragraph: repeats line {a.paras[earlier].line}"
                )
        # lines of wrapped paragraphs (a paragraph that is one line was compared above)
        seen: dict = {}
        for i, p in enumerate(a.paras):
            if p.heading or i in a.exact_repeats or doc.text.find("\n", p.start, p.end) < 0:
                continue
            for k in range(doc.line_index(p.start), doc.line_index(p.end) + 1):
                s, e = doc.lines[k]
                key = tuple(words_of(doc.text[s:e]))
                if len(key) < min_words:
                    continue
                if key in seen:
                    yield self.violation(s, e, f"duplicate line: repeats line {seen[key]}")
                else:
                    seen[key] = doc.position(s)[0]


# --- NL502 ------------------------------------------------------------------------------------


class NearDuplicateParagraph(DuplicateRule):
    """A paragraph re-tells an earlier one: a sentence and its paragraph share most word pairs with earlier text.

    Spinners append a reworded second copy of an article; the copy shares most of its word
    sequences with the original (`voted on Tuesday to close the last ferry line` /
    `voted on Tuesday to shut the last ferry line`).  Each sentence of at least
    `min-words` words is compared with every earlier sentence by the Jaccard similarity of
    their word `shingle`-grams.  A sentence at `threshold` or above is a copy; one at
    `retelling-threshold` or above counts when its paragraph also shares at least `context`
    of its word pairs with the earlier paragraph — news writing often restates one sentence
    (a quote given first in part, then in full), a re-told paragraph restates several.
    Reported once per paragraph, at the sentence, with the similarity and the earlier line.
    Exact copies of paragraphs are NL501's; list items are left alone.
    """

    code, name = "NL502", "near-duplicate-paragraph"
    options = {
        "threshold": 0.8,
        "retelling-threshold": 0.6,
        "context": 0.4,
        "min-words": 10,
        "shingle": 2,
    }
    bad = [
        "Storm hits the coast\n\n"
        "Heavy rain and strong winds battered the northern coast on Sunday, cutting power to thousands of homes.\n\n"
        "Officials opened shelters in three towns.\n\n"
        "⟦Heavy rains and strong winds battered the northern coast on Sunday, cutting electricity to thousands of homes.⟧"
        " Officials opened shelters in three towns.\n",
        "Storm hits the coast\n\n"
        "Officials opened shelters in three towns on Sunday after the storm cut power to thousands of homes.\n\n"
        "The weather service expects calmer weather by Tuesday.\n\n"
        "Police closed the coast road. ⟦Officials opened shelters in three towns on Sunday after the storm cut power to thousands of homes.⟧\n",
    ]
    good = [
        "Storm hits the coast\n\n"
        "Heavy rain and strong winds battered the northern coast on Sunday, cutting power to thousands of homes.\n\n"
        "Officials said strong winds would return to the northern coast later in the week.\n",
        "Short line one here.\n\nShort line one here too.\n",
        "Union talks\n\nThe union leader said he was glad to see the back of the chief executive, who quit on Monday.\n\n"
        "Shares rose. Analysts were split. The union's leader, Ann Lee, has said she is glad to see the back of him, "
        "and wants a new start with whoever replaces him at the top of the firm.\n",
        "Poll\n\n- Tim Dams, Screen International: Film - The Aviator; director - Clint Eastwood.\n"
        "- Angie Errigo, Empire: Film - The Aviator; director - Clint Eastwood.\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        a = analysis(doc)
        exact = a.exact_repeats
        st = self.settings
        n = st["shingle"]
        for pi, (si, ep, _, sim) in sorted(a.near_repeats(st["min-words"], n).items()):
            if pi in exact or not (
                sim >= st["threshold"]
                or (sim >= st["retelling-threshold"] and a.context(pi, ep, n) >= st["context"])
            ):
                continue
            s, e, _ = a.paras[pi].sentences[si]
            yield self.violation(
                s, e, f"near-duplicate of line {a.paras[ep].line} (similarity {sim:.2f})"
            )


# --- NL503 ------------------------------------------------------------------------------------


class RestartedArticle(DuplicateRule):
    """The article starts again: a later headline re-states the title, or a block re-tells the opening.

    Scrapers that follow a second page and spinners that append a rewritten copy leave a
    second headline (`Harbour Town Votes to Close Last Ferry Line: A Divided Community…`
    after `Harbour Town Votes to Close Its Last Ferry Line: A Community Divided`) followed by
    a retelling of the first paragraph.  Reported once, at the start of the second copy, with the range it repeats.
    A later heading counts when its content words match the title's (Jaccard at least
    `title-similarity`, or 0.85 alone) and the paragraph after it re-tells the opening
    (`opening-similarity`); two consecutive paragraphs re-telling the first two also count.
    """

    code, name = "NL503", "restarted-article"
    options = {"title-similarity": 0.5, "opening-similarity": 0.5}
    bad = [
        "Floods Close Schools Across the Northern Region\n\n"
        "Heavy rain forced dozens of schools across the northern region to close on Monday, officials said.\n\n"
        "Parents were told to keep children at home until the water recedes.\n\n"
        "⟦Floods Close Northern Region Schools: What We Know⟧\n\n"
        "Dozens of schools across the northern region were forced to close on Monday by heavy rain, officials said.\n",
        "Budget Talks Resume\n\n"
        "Ministers met again on Tuesday to try to settle the budget before the deadline next month.\n\n"
        "The finance minister said progress had been made on spending for schools and hospitals.\n\n"
        "A vote is expected next week.\n\n"
        "⟦Ministers met again on Tuesday to settle the budget before the deadline next month.⟧\n\n"
        "The finance minister said that progress had been made on spending for schools and hospitals.\n",
    ]
    good = [
        "Floods Close Schools Across the Northern Region\n\n"
        "Heavy rain forced dozens of schools across the northern region to close on Monday, officials said.\n\n"
        "Parents were told to keep children at home until the water recedes.\n\n"
        "Schools in the Northern Region: What Happens Next\n\n"
        "The education board will meet on Friday to decide when classrooms can reopen safely.\n",
        "Budget Talks Resume\n\n"
        "Ministers met again on Tuesday to try to settle the budget before the deadline next month.\n\n"
        "The finance minister said progress had been made on spending for schools and hospitals.\n\n"
        "A vote is expected next week.\n\n"
        "Ministers met again on Tuesday to try to settle the budget before the deadline next month.\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        found = restart(
            analysis(doc), self.settings["title-similarity"], self.settings["opening-similarity"]
        )
        if found:
            start, end, first, last = found
            a = analysis(doc)
            what = f"lines {first}-{last}" if last != first else f"line {first}"
            yield self.violation(
                a.paras[start].start,
                a.paras[start].end,
                f"restarted article: lines {a.paras[start].line}-{a.paras[end].line} repeat {what}",
            )


def restart(a: Analysis, title_sim: float, opening_sim: float) -> Optional[tuple]:
    """(first para of the copy, its last para, first repeated line, last repeated line), or None."""
    paras, opening = a.paras, a.opening
    if opening is None or len(paras) < 4:
        return None
    near = a.near_repeats(10, 2)

    def retells(pi: int, earlier: int) -> bool:
        if pi >= len(paras) or paras[pi].heading:
            return False
        if a.exact_repeats.get(pi) == earlier:
            return True
        m = near.get(pi)
        return bool(m and m[1] == earlier and m[3] >= opening_sim)

    title_stems = stems(paras[a.title].words) if a.title is not None else set()
    for hi in range(opening + 2, len(paras)):
        h = paras[hi]
        if h.heading and title_stems:
            hs = stems(h.words)
            sim = len(hs & title_stems) / len(hs | title_stems) if hs else 0.0
            if sim >= 0.85 or (sim >= title_sim and retells(hi + 1, opening)):
                end, k = hi, 0
                while retells(hi + 1 + k, opening + k):
                    end, k = hi + 1 + k, k + 1
                last = paras[opening + k - 1].line if k else paras[a.title].line
                return hi, end, paras[a.title].line, last
        elif not h.heading and retells(hi, opening) and retells(hi + 1, opening + 1):
            end, k = hi + 1, 2
            while retells(hi + k, opening + k):
                end, k = hi + k, k + 1
            return hi, end, paras[opening].line, paras[opening + k - 1].line
    return None


# --- NL504 ------------------------------------------------------------------------------------

ROLE_PHRASES = {
    "conclusion": [
        "conclusion",
        "conclusions",
        "in conclusion",
        "to conclude",
        "final thoughts",
        "closing thoughts",
        "final words",
        "summary",
        "in summary",
        "the bottom line",
        "bottom line",
        "wrapping up",
        "the takeaway",
    ],
    "key points": [
        "key points",
        "key takeaways",
        "takeaways",
        "key facts",
        "highlights",
        "at a glance",
    ],
    "related": [
        "related",
        "related articles",
        "related stories",
        "related posts",
        "related news",
        "read more",
        "read also",
        "see also",
        "more on this story",
        "you may also like",
        "recommended",
    ],
    "faq": ["faq", "faqs", "frequently asked questions"],
    "introduction": ["introduction", "intro", "overview"],
}
ROLE_OF = {p: role for role, phrases in ROLE_PHRASES.items() for p in phrases}


def heading_role(text: str) -> Optional[str]:
    """`Conclusion: Waiting for a Breakthrough` -> 'conclusion'."""
    head = text.lstrip("#").strip()
    for part in (head.split(":", 1)[0], head):
        role = ROLE_OF.get(" ".join(words_of(part)))
        if role:
            return role
    return None


class RepeatedSection(DuplicateRule):
    """A second section of the same role: a second `Conclusion`, `Key Points`, `Related`, `FAQ`.

    An article has one conclusion; a second one (`Conclusion: A Long Dispute Ahead` …
    `Conclusion: Waiting for a Breakthrough`) means the body went on after it ended — a
    generator asked to "continue", or two pages glued together.  Reported at the later
    heading, naming the first.  A repeat of the title is NL503's; other repeated headings
    (`Buy Now`, `Ingredients`, a schedule's `Eat every 2-3 hours`) are structure, not repeats.
    """

    code, name = "NL504", "repeated-section"
    bad = [
        "Rates rise again\n\nThe bank raised rates.\n\nConclusion: A Turning Point\n\nIt was a big day.\n\n"
        "What Comes Next\n\nMore rises may follow.\n\n⟦Conclusion: The Story Continues⟧\n\nMarkets wait.\n",
        "# Guide\n\nText.\n\n## Related\n\nLink one.\n\n## Details\n\nMore text.\n\n⟦## Related articles⟧\n\nLink two.\n",
    ]
    good = [
        "Rates rise again\n\nThe bank raised rates.\n\nWhat Comes Next\n\nMore rises may follow.\n\n"
        "Conclusion: A Turning Point\n\nIt was a big day.\n",
        "Match report\n\nThe home side won.\n\n| Key Points | Details |\n| Score | 2-1 |\n\nKey Points\n\nA late goal.\n",
        "Deals\n\nToday's offers.\n\nApple AirPods Pro\n\nBuy Now\n\nThe case charges fast.\n\nA Kindle\n\nBuy Now\n\nThin.\n",
        "Fixtures\n\nThe draw was made.\n\nSeychelles v South Africa\n\nMauritius v Madagascar\n\nWinners meet in final\n\n"
        "Mozambique v Zimbabwe\n\nNamibia v Botswana\n\nWinners meet in final\n\nKick-off is at three.\n",
        "Rates rise again\n\nThe bank raised rates.\n\nMore rises may follow.\n\nRates rise again\n\nMarkets wait.\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        a = analysis(doc)
        seen: dict = {}
        for i, p in enumerate(a.paras):
            if not p.heading or i == a.title:
                continue
            role = heading_role(doc.text[p.start : p.end])
            if role is None:
                continue
            if role in seen:
                first = a.paras[seen[role]]
                yield self.violation(
                    p.start,
                    p.end,
                    f"repeated section: a second '{role}' section; the first is at line {first.line}",
                )
            else:
                seen[role] = i


# --- NL505 ------------------------------------------------------------------------------------

LAUGHTER = frozenset(
    "ha haha he hee ho la na no yeah yes bla blah very so go tick tock knock bang boom wow oh ah "
    "hip hurrah hooray chop bye pom tut".split()
)
RUN_GAP = regex.compile(r"[\s|\u2022\u00b7]*")
MAX_RUN_WORDS = 8
IDIOM_LINKS = frozenset("to for by after upon a an versus vs in on".split())


# WORD on lower-cased text whose only letters are ASCII, alone and with "" for a run of
# characters no gap of a run holds (RUN_GAP's \s is the stdlib's, but for \x1c-\x1f)
ASCII_WORD = re.compile(r"[a-z]+(?:['\u2019][a-z]+)*")
ASCII_WORD_OR_BREAK = re.compile(
    r"([a-z]+(?:['\u2019][a-z]+)*)|(?:[^a-z'\u2019|\u2022\u00b7\s]|\n)+"
)
LETTER_OR_MARK = regex.compile(r"[\p{L}\p{M}]")
# ASCII letters folded, apostrophes kept, every other byte a space; then the apostrophes not
# between two letters (the pattern starts with the apostrophe, so the stdlib skips to each
# one; the text needs a character before its first): what is left splits into ASCII_WORD's
ASCII_LETTERS = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or c == 39 else 32 for c in range(256)
)
STRAY_APOSTROPHE = re.compile(r"'(?:(?![a-z])|(?<=[^a-z]'))")
RUN_CANDIDATE = re.compile(rf"([^\x00])\1\1|([^\x00]{{2,{MAX_RUN_WORDS}}})\2", re.DOTALL)


@lru_cache(maxsize=4096)
def _inert(char: str) -> bool:
    """Neither a letter nor a mark to WORD: a separator, whatever its case."""
    return LETTER_OR_MARK.match(char) is None


def _repeats(words) -> bool:
    """Whether n words equal the next n (n up to MAX_RUN_WORDS), or one word the next two,
    with no "" (a break) among them: each distinct word becomes one character, and a
    regular expression looks for the repeat."""
    if len(words) >= 0x10FFFF:  # pragma: no cover - more words than characters to name them
        return True
    ids: dict = {"": 0}
    return RUN_CANDIDATE.search("".join(map(chr, map(ids.setdefault, words, count(1))))) is not None


def _ascii_words(text: str) -> list:
    """``ASCII_WORD.findall(text.lower())`` for text whose letters are ASCII, but with `’`
    read as `'` (a screen may only find more repeats), several times faster."""
    folded = text.replace("\u2019", "'").encode("ascii", "replace").translate(ASCII_LETTERS)
    folded = " " + folded.decode("ascii")
    if "'" in folded:
        folded = STRAY_APOSTROPHE.sub(" ", folded)
    return folded.split()


def may_repeat(text: str) -> bool:
    """False when no word sequence repeats back to back as a run needs: a quick screen.

    A run's tokens are consecutive WORD matches (a token skipped inside a protected span
    would leave letters in a gap), so a run needs, among the casefolded matches, n words
    equal to the next n (n from 2 to MAX_RUN_WORDS) or one word three times.  Text whose
    letters are all ASCII (the usual case) is matched by the stdlib on its lower-case copy,
    then, if a repeat is found, again with the breaks (new lines, punctuation, digits).
    """
    if text.isascii() or all(map(_inert, set(NON_ASCII.findall(text)))):
        return _repeats(_ascii_words(text)) and _repeats(ASCII_WORD_OR_BREAK.findall(text.lower()))
    words = WORD.findall(text)
    return _repeats("\x00".join(words).casefold().split("\x00") if words else [])


class RepeatedRun(DuplicateRule):
    """The same word or phrase repeats back to back: `Share Share Share`, `Read more Read more`.

    Buttons, links and labels scraped into the text repeat in runs, and edits leave doubled
    phrases (`worked for worked for`).  A phrase of two to eight words counts from
    two copies in a row, with only spaces or `|` separators between them; a single word from
    three copies at the start or end of a line (`Share Share Share`), or five anywhere —
    mid-sentence, `Baby Baby Baby` is a song title.  Idioms (`on and on`, `back to back`,
    `a house a house`) and interjections (`ha ha ha`) are left alone.
    """

    code, name = "NL505", "repeated-run"
    bad = [
        "Great story. Share ⟦Share Share⟧\n",
        "The minister resigned on Friday. Read more ⟦Read more⟧\n",
        "Tags: Politics | ⟦Politics | Politics⟧\n",
        "He has worked for ⟦worked for⟧ the ferry company since May.\n",
        "The council voted in favour of the ⟦of the⟧ new bridge.\n",
    ]
    good = [
        "New York, New York is a song.\n",
        "He said that that was final, and bye bye to it.\n",
        "\u201cHa ha ha,\u201d she laughed, \u201cno no no no no.\u201d It was very very very cold.\n",
        "The Walla Walla council met in Bora Bora.\n",
        "Sales grew stronger and stronger and we hired more and more staff.\n",
        "She asked again and again and again, and the queue went on and on and on.\n",
        "They won back to back titles. Critics praised her in Much Ado for Much Ado fans.\n",
        "It is what makes a house a house, said the singer of Baby Baby Baby in 1999.\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
        if not may_repeat(text):
            return
        toks = doc.tokens
        low = [t.text.casefold() for t in toks]
        # a run of period n starting at i needs low[i + n] == low[i]: collect those (i, n) only
        periods: dict = defaultdict(list)
        last: dict = {}
        for j, w in enumerate(low):
            i = last.get(w)
            if i is not None and j - i <= MAX_RUN_WORDS:
                periods[i].append(j - i)
            last[w] = j
        skip_to = 0
        dead: dict = {}  # period -> end of a run that never counts from anywhere inside it
        for i in sorted(periods):
            if i < skip_to:
                continue
            for n in periods[i]:
                if i + 2 * n > len(toks):
                    break
                if dead.get(n, 0) > i:
                    continue
                copies = 1
                if not self._joined(text, toks, i, i + n):
                    continue
                while (
                    i + (copies + 1) * n <= len(toks)
                    and low[i + copies * n : i + (copies + 1) * n] == low[i : i + n]
                    # the run so far is joined: check the gap before the next copy and inside it
                    and self._joined(text, toks, i + copies * n - 1, i + (copies + 1) * n)
                ):
                    copies += 1
                if copies >= 2 and self._counts(text, toks, low, i, n, copies):
                    start, end = toks[i + n].start, toks[i + copies * n - 1].end
                    phrase = text[toks[i].start : toks[i + n - 1].end]
                    yield self.violation(start, end, f"'{phrase}' repeated {copies} times in a row")
                    skip_to = i + copies * n
                    break
                if copies >= 2 and self._never_counts(low, i, n):
                    # its later starts repeat the same word: without this, 'ha ha ha ...'
                    # thousands of times long is re-measured from every word (quadratic)
                    dead[n] = i + copies * n

    @staticmethod
    def _never_counts(low: list, i: int, n: int) -> bool:
        """A run of this gram is never reported, wherever it starts: laughter or a one-letter
        word repeated, or one word repeated as a longer gram (`no no no no`)."""
        if n == 1:
            return low[i] in LAUGHTER or len(low[i]) < 2
        return len(set(low[i : i + n])) == 1

    @classmethod
    def _counts(cls, text: str, toks: list, low: list, i: int, n: int, copies: int) -> bool:
        if cls._never_counts(low, i, n):
            return False
        if n == 1:
            if copies < 3:
                return False
            if copies >= 5:
                return True
            line_start = text.rfind("\n", 0, toks[i].start) + 1
            line_end = text.find("\n", toks[i + copies - 1].end)
            line_end = len(text) if line_end == -1 else line_end
            before = text[line_start : toks[i].start]
            after = text[toks[i + copies - 1].end : line_end]
            return not NORM_WORD.search(before) or not NORM_WORD.search(after)
        run = low[i : i + copies * n]
        for k in range(
            len(run) - 2
        ):  # an idiom inside the run: `more and more`, (to) `back to back`
            x, c, y = run[k : k + 3]
            if x == y and (
                c in ("and", "or", "nor")
                or (c in IDIOM_LINKS and x not in STOPWORDS and run[0] == c)
            ):
                return False
        return True

    @staticmethod
    def _joined(text: str, toks: list, a: int, b: int) -> bool:
        """Only spaces or separators between tokens a..b-1, all on one line."""
        for k in range(a, b - 1):
            gap = text[toks[k].end : toks[k + 1].start]
            if "\n" in gap or RUN_GAP.fullmatch(gap) is None:
                return False
        return True


# --- NL506 (opinionated, off by default) ---------------------------------------------------------


class RepetitionStatistics(DuplicateRule):
    """Gopher-style repetition statistics over a threshold: a document made of repeated text.

    The measures of the Gopher quality filter (Rae et al. 2021): the fraction of characters
    in duplicated lines and paragraphs, in the most frequent 2-, 3- and 4-gram, and in
    duplicated 5- to 10-grams.  The worst measure relative to its threshold is reported once,
    at line 1, with its value: useful to rank documents, opinionated, so off by default.
    Documents under `min-words` words are skipped.
    """

    code, name = "NL506", "repetition-statistics"
    default_enabled = False
    options = {
        "min-words": 50,
        "duplicate-line-chars": 0.20,
        "duplicate-paragraph-chars": 0.20,
        "top-ngram-chars": [0.20, 0.18, 0.16],
        "duplicate-ngram-chars": [0.15, 0.14, 0.13, 0.12, 0.11, 0.10],
    }
    bad = [
        "⟦B⟧uy now and save big today on every item in the store. " * 12,
    ]
    good = [
        "The council met on Monday to discuss the new budget, which includes funding for schools, "
        "roads and a library. Residents asked questions about parking near the market, and the mayor "
        "promised a review before the summer. Opposition members said the plan ignored the villages "
        "to the north, where bus services were cut last year and shops have closed. A vote is due "
        "next month after a public consultation that closes on Friday.\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        measures = repetition_measures(doc.text, doc_words(doc))
        if measures is None or measures["words"] < self.settings["min-words"]:
            return
        limits = [
            (
                "duplicate-line-chars",
                "characters in duplicated lines",
                measures["lines"],
                self.settings["duplicate-line-chars"],
            ),
            (
                "duplicate-paragraph-chars",
                "characters in duplicated paragraphs",
                measures["paragraphs"],
                self.settings["duplicate-paragraph-chars"],
            ),
        ]
        for n, limit in zip((2, 3, 4), self.settings["top-ngram-chars"]):
            limits.append(
                ("", f"characters in the most frequent {n}-gram", measures["top"][n], limit)
            )
        for n, limit in zip(range(5, 11), self.settings["duplicate-ngram-chars"]):
            limits.append(("", f"characters in duplicated {n}-grams", measures["dup"][n], limit))
        worst = max(limits, key=lambda x: x[2] / x[3] if x[3] else 0)
        if worst[3] and worst[2] > worst[3]:
            yield self.violation(
                0, 0, f"repetition: {worst[2]:.0%} of {worst[1]} (threshold {worst[3]:.0%})"
            )


def most_frequent(counts: Counter) -> tuple:
    """(item, count) of ``counts.most_common(1)``, the first of equals, or ((), 0) when empty:
    the largest count is found in C, then its first item, without sorting or a key function."""
    if not counts:
        return (), 0
    c = max(counts.values())
    return next(compress(counts, map(c.__eq__, counts.values()))), c


def repetition_measures(text: str, words: Optional[list] = None) -> Optional[dict]:
    """The Gopher repetition measures of a text (``words``: its ``words_of``, when known).

    An n-gram occurring more than once has a prefix (n-1)-gram occurring more than once, so
    the n-grams are counted only at the positions where the (n-1)-gram is repeated: after
    the bigrams, the work is proportional to the repeated text, not to the document.
    """
    if words is None:
        words = words_of(text)
    if not words:
        return None
    lens = list(map(len, words))
    total = sum(lens)
    size = len(words)

    def dup_chars(items: list) -> float:
        counts = Counter(filter(None, map(str.strip, items)))
        dup = sum(
            len(x) * (c - 1) for x, c in counts.items() if c > 1
        )  # every copy after the first
        whole = sum(len(x) * c for x, c in counts.items())
        return dup / whole if whole else 0.0

    top, dup = {}, {}
    pairs = list(zip(words, words[1:]))
    grams = Counter(pairs)
    g, c = most_frequent(grams)
    top[2] = (sum(len(w) for w in g) * c / total) if c > 1 else 0.0
    starts = list(compress(count(), map((1).__lt__, map(grams.__getitem__, pairs))))
    for n in range(3, 11):
        starts = starts[: bisect_right(starts, size - n)]  # increasing: the n-grams that fit
        if not starts:  # no repeated (n-1)-gram, so no repeated longer one: the rest are 0
            top.update(dict.fromkeys(range(n, 5), 0.0))
            dup.update(dict.fromkeys(range(max(n, 5), 11), 0.0))
            break
        ngrams = [tuple(words[i : i + n]) for i in starts]
        counts = Counter(ngrams)  # in first-occurrence order, as over every position
        if n <= 4:  # any repeated n-gram is counted here, so the first of equals is found
            g, c = most_frequent(counts)
            top[n] = (sum(len(w) for w in g) * c / total) if c > 1 else 0.0
        starts = list(compress(starts, map((1).__lt__, map(counts.__getitem__, ngrams))))
        if n >= 5:
            covered, run_start, run_end = 0, 0, 0
            for i in starts:  # increasing: merge the windows [i, i + n)
                if i > run_end:
                    covered += sum(lens[run_start:run_end])
                    run_start = i
                run_end = i + n
            covered += sum(lens[run_start:run_end])
            dup[n] = covered / total
    return {
        "words": size,
        "lines": dup_chars(text.split("\n")),
        "paragraphs": dup_chars(text.split("\n\n")),
        "top": top,
        "dup": dup,
    }


# --- across the corpus: summaries ------------------------------------------------------------------

SUMMARY_VERSION = (
    3  # bump when normalisation, hashing or summaries change: old index entries are dropped
)
MERSENNE = (1 << 61) - 1
MAX_HASH = (1 << 32) - 1


class DocSummary(NamedTuple):
    """What a worker sends about one document: positions and hashes, never the text."""

    index: int  # the document's index in its file (JSON Lines records)
    label: str
    line: int
    col: int
    digest: int  # normalised-text hash
    words: int
    payload: bytes  # rule-specific: a MinHash signature, paragraph hashes ...


MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
BAND_SEED = 0xC2B2AE3D27D4EB4F


NUMPY_AFTER = (
    16  # calls: a short run (a pre-commit hook) is cheaper in pure Python than importing numpy
)
_numpy_calls = [0]


def numpy_or_none(eager: bool = False):
    """numpy (vectorised signatures and banding) once a run is large enough to pay for its
    import, or when it is already loaded; else None (pure Python, identical values)."""
    if not eager and "numpy" not in sys.modules:
        _numpy_calls[0] += 1
        if _numpy_calls[0] <= NUMPY_AFTER:
            return None
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is a dependency
        return None
    return numpy


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple:
    """MinHash permutations ((a...), (b...)), h -> (a*h + b) mod (2^61 - 1), as datasketch's legacy scheme."""
    import random

    rng = random.Random(seed)
    pairs = [(rng.randrange(1, MERSENNE), rng.randrange(0, MERSENNE)) for _ in range(num_perm)]
    return tuple(a for a, _ in pairs), tuple(b for _, b in pairs)


class _WordCrc(dict):
    """word -> crc32 of its UTF-8, shared by the documents of a run (a word is hashed once)."""

    LIMIT = 1 << 20  # distinct words kept before starting afresh (memory stays bounded)

    def __missing__(self, word: str) -> int:
        if len(self) >= self.LIMIT:
            self.clear()
        h = self[word] = zlib.crc32(word.encode("utf-8"))
        return h


_WORD_CRC = _WordCrc()


def _shingle_hash_values(words: list, n: int, np):
    """The 32-bit hashes of a word list's n-grams, unsorted and possibly repeated: a uint64
    numpy array with np, else a set; None for no words."""
    if not words:
        return None
    wh = list(map(_WORD_CRC.__getitem__, words))
    m = max(1, len(wh) - n + 1)
    k_max = min(n, len(wh))
    if np is not None:
        arr = np.array(wh, dtype=np.uint64)
        golden, s31 = np.uint64(GOLDEN), np.uint64(31)
        h = arr[:m].copy()  # 0 ^ the first word's hash
        tmp = np.empty(m, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(k_max):
                if k:
                    np.bitwise_xor(h, arr[k : k + m], out=h)
                np.multiply(h, golden, out=h)
                np.right_shift(h, s31, out=tmp)
                np.bitwise_xor(h, tmp, out=h)
        np.bitwise_and(h, np.uint64(MAX_HASH), out=h)
        return h
    out = set()
    for i in range(m):
        h = 0
        for k in range(k_max):
            h = ((h ^ wh[i + k]) * GOLDEN) & MASK64
            h ^= h >> 31
        out.add(h & MAX_HASH)
    return out


def shingle_hashes(words: list, n: int) -> list:
    """Sorted distinct 32-bit hashes of a word list's n-grams.

    Each word is hashed once (crc32); an n-gram's hash mixes its words' hashes (64-bit
    multiply-xorshift), computed with numpy when it is installed.
    """
    if not words:
        return []
    np = numpy_or_none()
    found = _shingle_hash_values(words, n, np)
    if np is not None:
        return np.unique(found).tolist()
    return sorted(found)


@lru_cache(maxsize=8)
def _permutation_arrays(num_perm: int, seed: int) -> tuple:
    """``permutations`` as uint64 numpy arrays (built once)."""
    import numpy as np

    a, b = permutations(num_perm, seed)
    return np.array(a, dtype=np.uint64), np.array(b, dtype=np.uint64)


LANE = 96  # bits per permutation in a packed integer: h * a + b < 2^94


def _pack(values) -> int:
    return int.from_bytes(b"".join(v.to_bytes(LANE // 8, "little") for v in values), "little")


@lru_cache(maxsize=8)
def _packed_permutations(num_perm: int, seed: int) -> tuple:
    """``permutations`` packed into integers of LANE-bit lanes, and the lane masks."""
    a, b = permutations(num_perm, seed)
    return _pack(a), _pack(b), *(_pack([v] * num_perm) for v in (MERSENNE, 7, 1, MAX_HASH))


def _signature_numpy(np, hv, a, b) -> bytes:
    """min over hv of ((h * a + b) mod 2^64 mod (2^61 - 1)) & MAX_HASH for uint64 arrays a, b.

    With x = (h * a + b) mod 2^64, x mod (2^61 - 1) is y = (x & M) + (x >> 61) unless y
    reaches M, and y's low 32 bits are those of x + (x >> 61).  Where y reaches M
    (y = M + k, k < 8) those bits read MAX_HASH or k - 1 instead of k: when any value reads
    so, the remainder itself is taken.  Repeated hashes do not change a minimum.
    """
    h = np.asarray(hv, dtype=np.uint64)[:, None]
    with np.errstate(over="ignore"):
        x = np.multiply(h, a)  # (h * a) mod 2^64
        np.add(x, b, out=x)
        low = np.right_shift(x, np.uint64(61))
        np.add(low, x, out=low)
        low = low.astype(np.uint32)  # the low 32 bits
        sig = low.min(axis=0)
        if sig.min() < 8 or low.max() == MAX_HASH:  # y may have reached M somewhere
            x = np.remainder(np.add(np.multiply(h, a), b), np.uint64(MERSENNE))
            np.bitwise_and(x, np.uint64(MAX_HASH), out=x)
            sig = x.min(axis=0)
    return sig.astype("<u4").tobytes()


def _signature_packed(hv, num_perm: int, packed: tuple) -> Optional[list]:
    """``_signature_scalar`` with the permutations in the lanes of one integer (a lane's
    bits never carry into the next); None when a lane's sum reaches M (rare: then the
    scalar computation is exact) or when ``array`` has no 32-bit unsigned type."""
    from array import array

    if array("I").itemsize != 4:  # pragma: no cover - every common platform
        return None
    a, b, m61, seven, one, low32 = packed
    guard = one << 32
    cur, wrap = None, 0
    for h in hv:
        x = h * a + b  # each lane: bits 0-63 are (h * a + b) mod 2^64
        y = (x & m61) + ((x >> 61) & seven)  # each lane: (x & M) + (x >> 61) < 2^62
        wrap |= y + one  # bit 61 of a lane: y reached M
        r = y & low32
        if cur is None:
            cur = r
            continue
        # lanes where cur >= r (bit 32 of 2^32 + cur - r) take r
        keep = ((((cur | guard) - r) >> 32) & one) * MAX_HASH
        cur ^= (cur ^ r) & keep
    if cur is None or (wrap >> 61) & one:
        return None
    found = array("I", cur.to_bytes(num_perm * LANE // 8, "little"))
    if sys.byteorder != "little":  # pragma: no cover
        found.byteswap()
    return found[:: LANE // 32].tolist()


def _signature_scalar(hv, a, b) -> list:
    return [
        min((((h * ai + bi) & MASK64) % MERSENNE) & MAX_HASH for h in hv) for ai, bi in zip(a, b)
    ]


def minhash(words: list, n: int, num_perm: int, seed: int = 1) -> bytes:
    """The MinHash signature of a document's word n-grams: num_perm little-endian uint32.

    Identical to ``datasketch.MinHash(num_perm, permutations=permutations(num_perm, seed),
    scheme="legacy")`` updated with ``shingle_hashes`` (tests/test_duplicates.py checks
    it), without importing datasketch, whose LSH module pulls in scipy: half a second per
    run of a pre-commit hook.  numpy when installed, else pure Python (same values).
    """
    import struct

    hv = None
    if words:
        hv = _shingle_hash_values(words, n, numpy_or_none())
    if hv is None or not len(hv):
        return struct.pack(f"<{num_perm}I", *([MAX_HASH] * num_perm))
    np = numpy_or_none()
    if np is not None:
        if isinstance(hv, set):
            hv = sorted(hv)
        return _signature_numpy(np, hv, *_permutation_arrays(num_perm, seed))
    if not isinstance(hv, set):
        hv = set(hv.tolist())
    sig = _signature_packed(hv, num_perm, _packed_permutations(num_perm, seed))
    if sig is None:
        sig = _signature_scalar(hv, *permutations(num_perm, seed))
    return struct.pack(f"<{num_perm}I", *sig)


def signature(payload: bytes) -> tuple:
    import struct

    return struct.unpack(f"<{len(payload) // 4}I", payload)


def band_keys_of(sig, bands: int, rows: int) -> list:
    """LSH band keys of one signature: a 64-bit hash of each band's rows."""
    out = []
    for b in range(bands):
        h = ((b + 1) * BAND_SEED) & MASK64
        for r in range(b * rows, (b + 1) * rows):
            h = ((h ^ sig[r]) * GOLDEN) & MASK64
            h ^= h >> 29
        out.append(h)
    return out


def band_keys(sigs, bands: int, rows: int):
    """``band_keys_of`` for a (documents x num_perm) uint32 numpy matrix: (documents x bands) uint64."""
    import numpy as np

    n = sigs.shape[0]
    out = np.empty((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for b in range(bands):
            h = np.full(n, ((b + 1) * BAND_SEED) & MASK64, dtype=np.uint64)
            for r in range(b * rows, (b + 1) * rows):
                h = (h ^ sigs[:, r].astype(np.uint64)) * np.uint64(GOLDEN)
                h ^= h >> np.uint64(29)
            out[:, b] = h
    return out


FP_WEIGHT, FN_WEIGHT = 0.1, 0.9  # a missed pair is lost; a false candidate only costs a check


# lsh_params of the default settings, so that a short run needs no numpy; a test recomputes them
KNOWN_LSH_PARAMS = {(0.8, 128, FP_WEIGHT, FN_WEIGHT): (14, 9)}


@lru_cache(maxsize=16)
def lsh_params(
    threshold: float, num_perm: int, fp_weight: float = FP_WEIGHT, fn_weight: float = FN_WEIGHT
) -> tuple:
    """(bands, rows) minimising the weighted false positive and false negative areas at ``threshold``.

    The criterion of datasketch.MinHashLSH, integrated on a fixed grid with numpy instead of
    scipy (whose import alone costs more than a pre-commit run).  Candidates are verified on
    their signatures, so false negatives weigh more: at 0.8 and 128 permutations, 14 bands
    of 9 rows propose 87% of pairs at Jaccard 0.8 and 99.9% at 0.9 (equal weights: 40%, 93%).
    """
    known = KNOWN_LSH_PARAMS.get((threshold, num_perm, fp_weight, fn_weight))
    if known:
        return known
    np = numpy_or_none(eager=True)
    steps = 256 if np is not None else 48
    lo = [(i + 0.5) / steps * threshold for i in range(steps)]
    hi = [threshold + (i + 0.5) / steps * (1 - threshold) for i in range(steps)]
    if np is not None:
        lo, hi = np.array(lo), np.array(hi)
        mean = np.mean
    else:
        mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    best, params = float("inf"), (1, num_perm)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            if np is not None:
                fp = mean(1 - (1 - lo**r) ** b) * threshold
                fn = mean((1 - hi**r) ** b) * (1 - threshold)
            else:
                fp = mean([1 - (1 - x**r) ** b for x in lo]) * threshold
                fn = mean([(1 - x**r) ** b for x in hi]) * (1 - threshold)
            cost = fp * fp_weight + fn * fn_weight
            if cost < best:
                best, params = cost, (b, r)
    return params


class Item(NamedTuple):
    """A document in a corpus comparison: from this run, or from the index."""

    in_run: bool
    display: str
    summary: DocSummary
    key: Optional[str] = None  # index path (files under the corpus root)

    @property
    def order(self):
        return (self.in_run, self.display, self.summary.index)

    def name(self) -> str:
        s = self.summary
        return f"{self.display} ({s.label})" if s.label else self.display


class CorpusDuplicateRule(CorpusRule):
    family = "corpus-duplicates"
    example_kind = "text"

    def params(self) -> str:
        """Everything that changes a summary or its keys: entries made otherwise are dropped."""
        return f"v{SUMMARY_VERSION} {sorted(self.settings.items())}"

    def base_summary(self, doc: Document, payload: bytes = b"") -> DocSummary:
        hashed = doc.__dict__.get("_duplicates_digest")  # the same for every corpus rule
        if hashed is None:
            words = doc_words(doc)
            hashed = doc.__dict__["_duplicates_digest"] = (digest(words), len(words))
        line, col = doc.position(0)
        return DocSummary(doc.index, doc.label(0), line, col, *hashed, payload)

    def keys(self, summary: DocSummary) -> tuple:  # pragma: no cover - interface
        return ()

    def usable(self, summary: DocSummary) -> bool:
        return summary.words >= self.settings.get("min-words", 1)

    def gather(self, summaries: list, limit_per_key: int = 0) -> list:
        """This run's documents and, with the index on, the indexed ones sharing a key; sorted.

        Also writes this run's summaries to the index.
        """
        from newslint import corpus_index

        items = [Item(True, path, s) for path, s in summaries if self.usable(s)]
        root = corpus_index.find_root(self.context)
        index = corpus_index.CorpusIndex.open(root) if root else None
        if index is None:
            return sorted(items, key=lambda it: it.order)
        try:
            index.use_params(self.code, self.params())
            mine, entries, in_run_paths = [], [], set()
            for path, _ in summaries:
                rel = index.relative(path)
                if rel is not None:
                    in_run_paths.add(rel)
            stamps = {rel: index.stamp(rel) for rel in in_run_paths}
            for it in items:
                rel = index.relative(it.display)
                mine.append(it._replace(key=rel))
                if rel is not None and stamps.get(rel):
                    s = it.summary
                    entries.append(
                        corpus_index.Entry(
                            rel,
                            s.index,
                            *stamps[rel],
                            s.label,
                            s.line,
                            s.col,
                            s.digest,
                            s.words,
                            s.payload,
                            self.keys(s),
                        )
                    )
            wanted = {k for it in items for k in self.keys(it.summary)}
            others = []
            for e in index.lookup(self.code, wanted, in_run_paths, limit_per_key):
                s = DocSummary(
                    e.idx,
                    e.label,
                    e.line,
                    e.col,
                    e.digest & ((1 << 64) - 1),
                    e.words,
                    bytes(e.payload),
                )
                others.append(Item(False, index.display(e.path), s, e.path))
            index.store(self.code, entries, in_run_paths)
        finally:
            index.close()
        return sorted(others + mine, key=lambda it: it.order)

    def at(self, item: Item, message: str, position: Optional[tuple] = None) -> Report:
        s = item.summary
        if s.label:
            message = f"{s.label}: {message}"
        return self.report(item.display, position or (s.line, s.col), message)


# --- NL601 --------------------------------------------------------------------------------------


class DuplicateDocument(CorpusDuplicateRule):
    """A document is an exact copy of another (after normalising case, whitespace, quotes, punctuation).

    Aggregators re-publish a story under several names; a corpus with copies over-weights
    them and leaks test data into training.  Reported on every copy after the first (in path
    order; with the corpus index, files already indexed come first), naming the first.
    Documents under `min-words` words are left alone.
    """

    code, name = "NL601", "duplicate-document"
    options = {"min-words": 10}
    bad = [
        [
            "Jobs growth slows\n\nThe economy added fewer jobs than expected in March, figures show.\n",
            "⟦J⟧obs Growth Slows\n\nThe economy added fewer jobs than expected in March - figures show!\n",
        ],
    ]
    good = [
        [
            "Jobs growth slows\n\nThe economy added fewer jobs than expected in March, figures show.\n",
            "Jobs growth slows\n\nThe economy added more jobs than expected in March, figures show.\n",
        ],
        ["Page not found.\n", "Page not found.\n"],
    ]

    def summarize(self, doc: Document) -> DocSummary:
        return self.base_summary(doc)

    def keys(self, summary: DocSummary) -> tuple:
        return (summary.digest,)

    def check_corpus(self, summaries: list) -> Iterator[Report]:
        first: dict = {}
        for it in self.gather(summaries):
            f = first.setdefault(it.summary.digest, it)
            if f is not it and it.in_run:
                yield self.at(it, f"duplicate document: same text as {f.name()}")


# --- NL602 --------------------------------------------------------------------------------------


class NearDuplicateDocument(CorpusDuplicateRule):
    """A document is a near copy of another: MinHash Jaccard similarity of word shingles at `threshold` or above.

    Re-published stories with a new headline, a changed byline or a trimmed last paragraph
    escape exact hashing.  Each document's word `shingle`-gram set is summarised by a
    `num-perm` MinHash signature; LSH banding proposes candidate pairs (never all pairs) and
    each candidate's estimated Jaccard similarity is checked before reporting.  Reported
    once per document after the first (in path order), naming the most similar earlier one.
    Exact copies are NL601's.
    """

    code, name = "NL602", "near-duplicate-document"
    options = {"threshold": 0.8, "num-perm": 128, "shingle": 5, "min-words": 30}
    MAX_BUCKET_PARTNERS = 50
    _BODY = (
        "The central bank raised interest rates by a quarter of a point on Thursday, the third rise this year, "
        "saying that inflation remained too high and that the labour market was still tight. Economists had "
        "expected the move after figures last week showed prices rising faster than forecast in every region. "
        "The governor said further rises could not be ruled out if wages kept growing at the current pace, "
        "but added that the board would look closely at the housing market before deciding."
    )
    bad = [
        [
            "Bank raises rates again\n\n" + _BODY + "\n",
            "⟦R⟧ates rise for third time\n\n" + _BODY + "\n",
        ],
    ]
    good = [
        [
            "Bank raises rates again\n\n" + _BODY + "\n",
            "Bank holds rates\n\nThe central bank left interest rates unchanged on Thursday, saying that "
            "inflation was falling faster than expected and that the labour market had cooled. Economists were "
            "split before the decision; figures last week showed prices rising more slowly in every region.\n",
        ],
    ]

    def summarize(self, doc: Document) -> DocSummary:
        return self.base_summary(
            doc, minhash(doc_words(doc), self.settings["shingle"], self.settings["num-perm"])
        )

    def params(self) -> str:
        return f"{super().params()} bands={self._bands()}"

    def _bands(self) -> tuple:
        return lsh_params(float(self.settings["threshold"]), int(self.settings["num-perm"]))

    def keys(self, summary: DocSummary) -> tuple:
        return tuple(band_keys_of(signature(summary.payload), *self._bands()))

    def check_corpus(self, summaries: list) -> Iterator[Report]:
        items = self.gather(summaries)
        if len(items) < 2:
            return
        np = numpy_or_none()
        if np is not None:
            sigs = np.vstack([np.frombuffer(it.summary.payload, dtype="<u4") for it in items])
            keys = band_keys(sigs, *self._bands())
            runs = []
            for b in range(keys.shape[1]):
                order = np.argsort(keys[:, b], kind="stable")
                bounds = np.flatnonzero(np.diff(keys[order, b])) + 1
                runs.extend(r.tolist() for r in np.split(order, bounds) if len(r) > 1)

            def similarity(i: int, j: int) -> float:
                return float(np.count_nonzero(sigs[i] == sigs[j])) / sigs.shape[1]
        else:
            plain = [signature(it.summary.payload) for it in items]
            buckets: dict = defaultdict(list)
            for i, sig in enumerate(plain):
                for b, k in enumerate(band_keys_of(sig, *self._bands())):
                    buckets[b, k].append(i)
            runs = [r for r in buckets.values() if len(r) > 1]

            def similarity(i: int, j: int) -> float:
                return sum(x == y for x, y in zip(plain[i], plain[j])) / len(plain[i])

        partners = defaultdict(set)  # later item -> earlier candidates sharing a band
        for run in runs:
            run = sorted(run)
            for k in range(1, len(run)):
                if items[run[k]].in_run:
                    partners[run[k]].update(run[max(0, k - self.MAX_BUCKET_PARTNERS) : k])
        threshold = self.settings["threshold"]
        for j in sorted(partners):
            best, best_sim = None, 0.0
            for i in sorted(partners[j]):
                if items[i].summary.digest == items[j].summary.digest:
                    continue  # an exact copy: NL601's
                sim = similarity(i, j)
                if sim > best_sim:
                    best, best_sim = i, sim
            if best is not None and best_sim >= threshold:
                yield self.at(
                    items[j],
                    f"near-duplicate document: similarity {best_sim:.2f} with {items[best].name()}",
                )


# --- NL603 --------------------------------------------------------------------------------------

WHOLE_COPY = (
    0.4  # documents sharing more of their words than this are versions of one article, not quoting
)


class SharedParagraph(CorpusDuplicateRule):
    """A paragraph also appears in another, otherwise different, document: syndicated or copied text.

    A wire paragraph pasted into a local story, or one article's paragraph lifted into
    another, is a copy a reader should know about.  Paragraphs of at least `min-words` words
    are compared after normalising case, punctuation and spacing; a paragraph found in more
    than `max-documents` documents is boilerplate (the residue rules' business), and pairs
    of documents sharing over 40% of their words are versions of one article (NL601/NL602).
    Reported at the paragraph of each later document (path order), naming the first
    document and line holding it.
    """

    code, name = "NL603", "shared-paragraph"
    options = {"min-words": 15, "max-documents": 5}
    _SHARED = (
        "The minister said the new rules would come into force next spring and would apply to "
        "every company with more than fifty employees, including charities."
    )
    bad = [
        [
            "Rules for firms\n\nBusiness groups welcomed the plan on Monday, saying it would end years of "
            "uncertainty for employers in every region.\n\n"
            + _SHARED
            + "\n\nUnions want more, and say the "
            "rules should cover every firm with more than ten staff.\n",
            "Charities worried\n\nSmall charities fear the cost of new paperwork, which they say could take "
            "volunteers away from the people they help.\n\n⟦" + _SHARED + "⟧\n\n"
            "One trustee said she might have to close the shop that pays for the charity's day centre.\n",
        ],
    ]
    good = [
        [
            "Rules for firms\n\nBusiness groups welcomed the plan on Monday.\n\n"
            + _SHARED
            + "\n\nUnions want more.\n",
            "Charities worried\n\nSmall charities fear the cost of new paperwork.\n\nThe minister said the rules "
            "would start next spring for companies with more than fifty staff.\n",
        ],
    ]

    def summarize(self, doc: Document) -> DocSummary:
        import struct

        text, hashes, positions, seen = doc.text, [], [], set()
        is_heading, in_hidden = doc.is_heading, doc.in_hidden
        kept = [(s, e) for s, e in doc.paragraphs if not (is_heading(s) or in_hidden(s))]
        per_line = doc.__dict__.get("_duplicates_line_words")  # had with doc_words
        shared = doc.__dict__.get("_duplicates_analysis")  # had by the NL5xx rules
        known = shared.paragraph_words if shared is not None else {}
        if per_line is not None or known:
            found = [
                known[s, e] if (s, e) in known else span_words(doc, s, e, per_line) for s, e in kept
            ]
        else:
            found, whole = spans_words(text, kept)  # every paragraph's words_of, in one pass
            if whole is not None:  # doc_words, had in the same pass
                doc.__dict__.setdefault("_duplicates_words", whole)
        min_words = self.settings["min-words"]
        for (start, _), words in zip(kept, found):
            if len(words) < min_words:
                continue
            h = digest(words)
            if h not in seen:
                seen.add(h)
                hashes.append(h)
                positions.extend((*doc.position(start), len(words)))
        payload = struct.pack(f"<{len(hashes)}Q", *hashes) + struct.pack(
            f"<{len(positions)}I", *positions
        )
        return self.base_summary(doc, payload)

    @staticmethod
    def paragraphs(summary: DocSummary) -> list:
        """[(hash, (line, col), words)] of a summary."""
        import struct

        n = len(summary.payload) // 20
        hashes = struct.unpack_from(f"<{n}Q", summary.payload)
        pos = struct.unpack_from(f"<{3 * n}I", summary.payload, 8 * n)
        return [(h, (pos[3 * i], pos[3 * i + 1]), pos[3 * i + 2]) for i, h in enumerate(hashes)]

    def usable(self, summary: DocSummary) -> bool:
        return len(summary.payload) > 0

    def keys(self, summary: DocSummary) -> tuple:
        return tuple(h for h, _, _ in self.paragraphs(summary))

    @staticmethod
    def _repeated_hashes(items: list) -> set:
        """Paragraph hashes held by more than one document (a first pass, so memory stays small)."""
        import struct

        np = numpy_or_none()
        chunks = [it.summary.payload[: 8 * (len(it.summary.payload) // 20)] for it in items]
        if np is not None:
            hashes = np.frombuffer(b"".join(chunks), dtype="<u8")
            values, counts = np.unique(hashes, return_counts=True)
            return set(values[counts > 1].tolist())
        counts = Counter(h for c in chunks for h in struct.unpack(f"<{len(c) // 8}Q", c))
        return {h for h, c in counts.items() if c > 1}

    def check_corpus(self, summaries: list) -> Iterator[Report]:
        max_docs = self.settings["max-documents"]
        items = self.gather(summaries, limit_per_key=max_docs + 1)
        repeated = self._repeated_hashes(items)
        holders = defaultdict(
            list
        )  # repeated paragraph hash -> [(item, position, words)] in corpus order
        for i, it in enumerate(items):
            for h, pos, n in self.paragraphs(it.summary):
                if h in repeated:
                    holders[h].append((i, pos, n))
        shared = Counter()  # (earlier, later) -> words in paragraphs both hold
        for hs in holders.values():
            if 1 < len(hs) <= max_docs:
                for x in range(len(hs)):
                    for y in range(x + 1, len(hs)):
                        shared[hs[x][0], hs[y][0]] += hs[x][2]

        def whole_copy(i: int, j: int) -> bool:
            """Most of the smaller document is shared: a document copy, NL601/NL602's."""
            if items[i].summary.digest == items[j].summary.digest:
                return True
            return shared[min(i, j), max(i, j)] > WHOLE_COPY * min(
                items[i].summary.words, items[j].summary.words
            )

        for hs in holders.values():
            if not 1 < len(hs) <= max_docs:
                continue
            for k in range(1, len(hs)):
                j, pos, _ = hs[k]
                if not items[j].in_run:
                    continue
                earlier = [(i, p) for i, p, _ in hs[:k] if not whole_copy(i, j)]
                if earlier:
                    i, p = earlier[0]
                    yield self.at(
                        items[j], f"shared paragraph: also in {items[i].name()} line {p[0]}", pos
                    )
