"""NL501-NL504: paragraphs, sentences and sections that repeat earlier ones, read from the
shared ``Analysis`` of the document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from newslint.checks.duplicates.analysis import Analysis, DuplicateRule, analysis, place
from newslint.checks.duplicates.words import shingles, stems, words_of
from newslint.document import Document
from newslint.lazy import LazyPattern
from newslint.rule import Violation

# --- NL501 ------------------------------------------------------------------------------------


class DuplicateParagraph(DuplicateRule):
    """A paragraph or line repeats an earlier one word for word.

    Scrapers that concatenate pages, and templates that print a paragraph twice, leave exact
    copies in the body.  Paragraphs are compared after normalising case, whitespace, quotes
    and punctuation; headings (NL504), short lines such as `Advertisement` (below
    `min-words`), questions (an interview round-up asks each guest the same one), list items
    and lines set wholly in bold (an outline or a list restated in a summary) and copies
    that each open a section under a different heading (panels showing the same prompt) are
    left alone; but a heading or a bold line printed twice in a row, nothing between the
    copies, is a copy too (a headline or a video's title set twice).  Reported at the later
    copy, naming the earlier line.
    """

    code, name = "NL501", "duplicate-paragraph"
    options = {"min-words": 8}
    bad = [
        "A title\n\nThe council voted to close the library on Monday evening.\n\nResidents protested.\n\n"
        "⟦The Council voted to close the library, on Monday evening!⟧\n",
        "Intro line here.\nShe said the bridge would reopen in the spring of next year.\n"
        "Other news followed.\n⟦She said the bridge would reopen in the spring of next year.⟧\n",
        "The rally was loud.\n\nSword swallowers and acrobats turn out for the rally in town\n"
        "⟦Sword swallowers and acrobats turn out for the rally in town⟧\nThe crowd cheered.\n",
    ]
    good = [
        "A title\n\nThe council voted to close the library on Monday evening.\n\n"
        "The council voted to close the pool on Monday evening.\n",
        "Advertisement\n\nThe first paragraph of the story is here.\n\nAdvertisement\n",
        "| Team | Points |\n| A | 3 |\n| A | 3 |\n",
        "Chefs\n\nWhat kind of food do you like to cook at home for your family?\n\nPasta.\n\n"
        "What kind of food do you like to cook at home for your family?\n\nCurry.\n",
        "Speed\n\n## Model A takes ten seconds\n\nshow a command to list the packages installed on this machine\n\n"
        "npm list\n\n## Model B takes two seconds\n\nshow a command to list the packages installed on this machine\n",
        "Findings\n\n- Agents that need longer runs degrade more quickly than the others do.\n\n"
        "The details follow below.\n\nIn summary:\n\n- Agents that need longer runs degrade more quickly than the others do.\n",
        "Outline\n\n**Which search engine should the agent call for each of its steps**\n\nText.\n\n"
        "**Which search engine should the agent call for each of its steps**\n\nMore text here.\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        a = analysis(doc)
        min_words = self.settings["min-words"]
        repeats = dict(a.exact_repeats)
        for i in range(1, len(a.paras)):  # a heading or a bold line set twice in a row
            p, q = a.paras[i], a.paras[i - 1]
            if (p.heading or q.heading) and p.words == q.words and i not in repeats:
                if not a.list_item(p) and not a.list_item(q):
                    repeats[i] = i - 1
        for later, earlier in sorted(repeats.items()):
            p = a.paras[later]
            if _section_openers(a, later, earlier):
                continue
            if len(p.words) >= min_words and not doc.text[p.start : p.end].rstrip().endswith("?"):
                yield self.violation(
                    p.start,
                    p.end,
                    f"duplicate paragraph: repeats {place(doc, a.paras[earlier].start)}",
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


def _section_openers(a: Analysis, later: int, earlier: int) -> bool:
    """Both copies open a section under a heading of their own: side-by-side panels showing
    the same prompt (`## Model A` / `## Model B`), not a paragraph printed twice."""
    return (
        later > 0
        and earlier > 0
        and a.paras[later - 1].heading
        and a.paras[earlier - 1].heading
        and a.paras[later - 1].words != a.paras[earlier - 1].words
    )


# --- NL502 ------------------------------------------------------------------------------------


# Paragraphs this close that differ in a few words are parallel by design (captions side by
# side, steps of a procedure); a copy there is near-verbatim or holds the whole of the other.
NEIGHBOURS = 2
SAME = 0.9


def _holds(a: Analysis, pi: int, si: int, ep: int, esi: int, n: int) -> bool:
    """The later sentence holds (nearly) every n-gram of the earlier one."""
    later = shingles(a.paras[pi].sentences[si][2], n)
    earlier = shingles(a.paras[ep].sentences[esi][2], n)
    return len(earlier & later) >= SAME * len(earlier)


def _parallel(a: Analysis, pi: int, si: int, ep: int, esi: int, n: int, sim: float) -> bool:
    """A one-sentence paragraph close after the other, or a sentence close after the other in
    one paragraph, alike but for a few words, and not holding the whole of it (a caption
    repeated with its credit added is a copy)."""
    if sim >= SAME:
        return False
    if pi == ep:  # two sentences of one paragraph: anaphora (I'm never going to … / I'm never …)
        if not 0 < si - esi <= NEIGHBOURS:
            return False
    elif not 0 < pi - ep <= NEIGHBOURS or len(a.paras[pi].sentences) != 1:
        return False
    return not _holds(a, pi, si, ep, esi, n)


FIGURE = LazyPattern(r"\d+(?:[.,]\d+)*")


def _other_figures(text: str, s: int, e: int, es: int, ee: int) -> bool:
    """Each sentence gives a figure the other lacks ("got 57% ... 0.76 seconds" / "got 65% ...
    0.57 seconds"): two results in one frame.  A copy keeps its figures; it may drop or add
    some (a post's date after an embedded tweet) but does not change them."""
    later = set(FIGURE.findall(text, s, e))
    earlier = set(FIGURE.findall(text, es, ee))
    return bool(later - earlier) and bool(earlier - later)


def _mostly_links(doc: Document, start: int, end: int) -> bool:
    """Half the sentence or more is addresses (URLs, e-mails, code): a line of links whose
    words are mostly its targets ("Data source: [https://…/husserl/](…)"), alike by design."""
    covered = 0
    for s, e in doc.protected:
        if e > start and s < end:
            covered += min(e, end) - max(s, start)
    return 2 * covered >= end - start


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
    Exact copies of paragraphs are NL501's; list items are left alone, and so are neighbouring
    one-sentence paragraphs (up to two apart) that differ in a few words, as parallel captions
    and steps do, unless near-verbatim (`SAME`) or holding the whole of the other (a caption
    repeated with its credit).
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
        "Rally\n\nThe candidate speaks at a campaign rally in Manchester on the eve of the vote.\n"
        "⟦The candidate speaks at a campaign rally in Manchester on the eve of the vote. (JANE DOE/AGENCY)⟧\n",
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
        "Results\n\nLeft: final train and test scores of the small agents after ten million steps of training.\n\n"
        "Right: final train and test scores of the large agents after ten million steps of training.\n",
        "Councils agree to share the cost of the new coastal flood barriers\n\nThe deal was signed.\n\n"
        "Source: Councils agree to share the cost of the new coastal flood barriers, Daily Planet\n",
        "Doubt\n\nI am never going to have enough friends to make me happy in this town. "
        "I am never going to have enough money to make me happy in this town.\n",
        "Trials\n\nWe found that with this approach the small model managed to get 57% of the answers in the "
        "test set right, and it was much faster and cheaper than the method before it, taking 0.76 seconds to "
        "run on average and costing very little in total.\n\n"
        "The second prompt was shorter.\n\nIt left out the examples.\n\nIt cost less to run.\n\n"
        "We found that with this approach the small model managed to get 65% of the answers in the "
        "test set right, and it was much faster and cheaper than the method before it, taking 0.57 seconds to "
        "run on average and costing very little in total.\n",
        "Sources\n\nData source: [https://example.org/archive/encyclopedia/entries/kant/]"
        "(https://example.org/archive/encyclopedia/entries/kant/?ref=blog.example.com)\n\n"
        "The essays were split into passages.\n\nEach passage was embedded.\n\nThe index was built.\n\n"
        "Data source: [https://example.org/archive/encyclopedia/entries/hegel/]"
        "(https://example.org/archive/encyclopedia/entries/hegel/?ref=blog.example.com)\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        a = analysis(doc)
        exact = a.exact_repeats
        st = self.settings
        n = st["shingle"]
        floor = min(st["threshold"], st["retelling-threshold"])
        for pi, (si, ep, esi, sim) in sorted(a.near_repeats(st["min-words"], n, floor).items()):
            if pi in exact or not (
                sim >= st["threshold"]
                or (sim >= st["retelling-threshold"] and a.context(pi, ep, n) >= st["context"])
            ):
                continue
            if ep == a.title:
                continue  # the headline echoed (a breadcrumb, a slug, a "Source:" line): NL503's
            if _parallel(a, pi, si, ep, esi, n, sim):
                continue  # neighbours alike by design: Left: … / Right: …, pre / post hook
            s, e, _ = a.paras[pi].sentences[si]
            es, ee, _ = a.paras[ep].sentences[esi]
            if _other_figures(doc.text, s, e, es, ee) or _mostly_links(doc, s, e):
                continue  # the same frame stating other results, or a line of links: not a copy

            yield self.violation(
                s,
                e,
                f"near-duplicate of {place(doc, a.paras[ep].sentences[esi][0])} (similarity {sim:.2f})",
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
            here = a.line(start), a.line(end)
            copy = (
                f"lines {here[0]}-{here[1]} repeat"
                if here[1] != here[0]
                else f"line {here[0]} repeats"
            )
            if doc.kind == "json":  # one line of the file: say where in it
                copy = f"the text from {place(doc, a.paras[start].start)} repeats"
                what = f"the text from {place(doc, a.paras[a.opening].start)}"
            yield self.violation(
                a.paras[start].start, a.paras[start].end, f"restarted article: {copy} {what}"
            )


def restart(a: Analysis, title_sim: float, opening_sim: float) -> Optional[tuple]:
    """(first para of the copy, its last para, first repeated line, last repeated line), or None."""
    paras, opening = a.paras, a.opening
    if opening is None or len(paras) < 4:
        return None
    near = a.near_repeats(10, 2, opening_sim)

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
                last = a.line(opening + k - 1) if k else a.line(a.title)
                return hi, end, a.line(a.title), last
        elif not h.heading and retells(hi, opening) and retells(hi + 1, opening + 1):
            end, k = hi + 1, 2
            while retells(hi + k, opening + k):
                end, k = hi + k, k + 1
            return hi, end, a.line(opening), a.line(opening + k - 1)
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
    """A second section of the same role: a second `Conclusion`, `Key Points`, `FAQ`.

    An article has one conclusion; a second one (`Conclusion: A Long Dispute Ahead` …
    `Conclusion: Waiting for a Breakthrough`) means the body went on after it ended — a
    generator asked to "continue", or two pages glued together.  Reported at the later
    heading, naming the first.  A repeat of the title is NL503's; other repeated headings
    (`Buy Now`, `Ingredients`, a schedule's `Eat every 2-3 hours`) are structure, not repeats,
    and `Related` or `Read more` blocks, which pages scatter through a story, are page
    furniture (NL7), not a second section.
    """

    code, name = "NL504", "repeated-section"
    bad = [
        "Rates rise again\n\nThe bank raised rates.\n\nConclusion: A Turning Point\n\nIt was a big day.\n\n"
        "What Comes Next\n\nMore rises may follow.\n\n⟦Conclusion: The Story Continues⟧\n\nMarkets wait.\n",
        "# Guide\n\nText.\n\n## FAQ\n\nLink one.\n\n## Details\n\nMore text.\n\n⟦## Frequently asked questions⟧\n\nTwo.\n",
    ]
    good = [
        "Rates rise again\n\nThe bank raised rates.\n\nWhat Comes Next\n\nMore rises may follow.\n\n"
        "Conclusion: A Turning Point\n\nIt was a big day.\n",
        "Match report\n\nThe home side won.\n\n| Key Points | Details |\n| Score | 2-1 |\n\nKey Points\n\nA late goal.\n",
        "Deals\n\nToday's offers.\n\nApple AirPods Pro\n\nBuy Now\n\nThe case charges fast.\n\nA Kindle\n\nBuy Now\n\nThin.\n",
        "Fixtures\n\nThe draw was made.\n\nSeychelles v South Africa\n\nMauritius v Madagascar\n\nWinners meet in final\n\n"
        "Mozambique v Zimbabwe\n\nNamibia v Botswana\n\nWinners meet in final\n\nKick-off is at three.\n",
        "Rates rise again\n\nThe bank raised rates.\n\nMore rises may follow.\n\nRates rise again\n\nMarkets wait.\n",
        "Rates rise again\n\nThe bank raised rates.\n\nRelated: Banks cut jobs\n\nMore rises may follow.\n\n"
        "Related: What a rate rise means for you\n\nMarkets wait.\n",
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
                    f"repeated section: a second '{role}' section; the first is at {place(doc, first.start)}",
                )
            else:
                seen[role] = i
