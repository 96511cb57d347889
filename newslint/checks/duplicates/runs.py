"""NL505: a word or phrase repeated back to back (`Share Share Share`)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from itertools import count

import regex

from newslint.checks.duplicates.analysis import DuplicateRule
from newslint.checks.duplicates.words import NORM_WORD, STOPWORDS
from newslint.checks.spacing.gaps import junctions
from newslint.document import WORD, Document
from newslint.lazy import LazyPattern
from newslint.rule import Violation
from newslint.text import NON_ASCII, inert

LAUGHTER = frozenset(
    "ha haha he hee ho la na no yeah yes bla blah very so go tick tock knock bang boom wow oh ah "
    "hip hurrah hooray chop bye pom tut".split()
)
RUN_GAP = LazyPattern(r"[\s|\u2022\u00b7]*")
MAX_RUN_WORDS = 8
# a passage repeated at once: from a sentence's start, at least this many words and characters
PASSAGE_WORDS = 8
PASSAGE_CHARS = 40
# what may stand before a sentence's first word: an opening mark, a quote or list marker
OPENING_CHARS = 4
PASSAGE_KEY = 12  # the characters two starts must share to be compared
# a copy is looked for this far back, among this many earlier starts sharing its key (a line of
# one sentence repeated thousands of times would otherwise pair every start with every other)
PASSAGE_REACH = 5000
PASSAGE_TRIES = 16
PASSAGE_END = ' \t"\u201c\u2018\u201d\u2019('
IDIOM_LINKS = frozenset("to for by after upon a an versus vs in on".split())


# What a run's screen reads of text whose letters are all ASCII, as bytes: the letters folded
# and apostrophes kept (a word's, as WORD's, once the stray ones are gone); a space for what
# may stand in a run's gap (RUN_GAP's white space, but the new line, and `|`); BREAK for
# anything else (digits, punctuation, a new line, and `?`, what a non-ASCII character
# encodes to, but those a gap may hold, made spaces first)
BREAK = "\x00"
GAP_BYTES = b" \t\x0b\x0c\r\x1c\x1d\x1e\x1f|"
ASCII_RUN_TEXT = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or c == 39 else 32 if c in GAP_BYTES else 0
    for c in range(256)
)
# the apostrophes not between two letters (the pattern starts with the apostrophe, so the
# stdlib skips to each one; the text needs a character before its first)
STRAY_APOSTROPHE = re.compile(r"'(?:(?![a-z])|(?<=[^a-z]'))")
RUN_CANDIDATE = re.compile(rf"([^\x00])\1\1|([^\x00]{{2,{MAX_RUN_WORDS}}})\2", re.DOTALL)


def _repeats(words) -> bool:
    """Whether n words equal the next n (n up to MAX_RUN_WORDS), or one word the next two,
    with no "" or BREAK (a break) among them: each distinct word becomes one character, and
    a regular expression looks for the repeat."""
    if len(words) >= 0x10FFFF:  # pragma: no cover - more words than characters to name them
        return True
    ids: dict = {"": 0, BREAK: 0}
    return RUN_CANDIDATE.search("".join(map(chr, map(ids.setdefault, words, count(1))))) is not None


def _ascii_words(text: str, others: set) -> list:
    """The words and breaks (BREAK) of text whose letters are ASCII, its other characters
    ``others``: what ``WORD_OR_BREAK.findall(text.lower())`` finds, but with `’` read as `'`
    and a run of breaks as several (neither finds fewer repeats), several times faster."""
    for c in others:  # a closing quote, a bullet, a non-breaking space: not a break
        if c == "\u2019":
            text = text.replace(c, "'")
        elif c.isspace() or c in "\u2022\u00b7":
            text = text.replace(c, " ")
    folded = text.encode("ascii", "replace").translate(ASCII_RUN_TEXT).decode("ascii")
    if "'" in folded:
        folded = STRAY_APOSTROPHE.sub(" ", " " + folded)
    return folded.replace(BREAK, " \x00 ").split()


def may_repeat(text: str) -> bool:
    """False when no word sequence repeats back to back as a run needs: a quick screen.

    A run's tokens are consecutive WORD matches (a token skipped inside a protected span
    would leave letters in a gap) on one line, with only white space and separators between
    them, so a run needs, among the casefolded matches and the breaks between them (a new
    line, punctuation, digits), n words equal to the next n (n from 2 to MAX_RUN_WORDS) or
    one word three times.  Text whose letters are all ASCII (the usual case) is read by a
    byte table and str.split.
    """
    others = set() if text.isascii() else set(NON_ASCII.findall(text))
    if all(map(inert, others)):
        return _repeats(_ascii_words(text, others))
    words = WORD.findall(text)
    return _repeats("\x00".join(words).casefold().split("\x00") if words else [])


@lru_cache(maxsize=64)
def _repeating(unit: str):
    return regex.compile(f"(?:{regex.escape(unit)})+")


def _periodic_end(text: str, start: int, period: int) -> int:
    """Where the text that repeats its first ``period`` characters from ``start`` stops."""
    return _repeating(text[start : start + period]).match(text, start).end()


def _opening(text: str, start: int, end: int) -> int:
    """Where the sentence at ``start`` has its first letter or figure (`> “With`: at W)."""
    for k in range(start, min(end, start + OPENING_CHARS)):
        if text[k].isalnum():
            return k
    return start


class RepeatedRun(DuplicateRule):
    """The same word, phrase or passage repeats back to back: `Share Share Share`, `Read more Read more`.

    Buttons, links and labels scraped into the text repeat in runs, and edits leave doubled
    phrases (`worked for worked for`).  A phrase of two to eight words counts from
    two copies in a row, with only spaces or `|` separators between them; a single word from
    three copies at the start or end of a line (`Share Share Share`), or five anywhere —
    mid-sentence, `Baby Baby Baby` is a song title.  Idioms (`on and on`, `back to back`,
    `day after day after day`, `a house a house`), interjections (`ha ha ha`) and tables
    (`Exports   NIL   NIL   NIL`) are left alone.  A passage of eight words or more, from a
    sentence's start, that repeats at once on its line (`It rained all day. It rained all
    day.`, a quotation pasted twice) counts too.
    """

    code, name = "NL505", "repeated-run"
    bad = [
        "Great story. Share ⟦Share Share⟧\n",
        "The minister resigned on Friday. Read more ⟦Read more⟧\n",
        "Tags: Politics | ⟦Politics | Politics⟧\n",
        "He has worked for ⟦worked for⟧ the ferry company since May.\n",
        "The council voted in favour of the ⟦of the⟧ new bridge.\n",
        "> \u201cWith the new system we know what we ship is close to perfect.⟦With the new system "
        "we know what we ship is close to perfect.⟧\u201d\n",
        "It rained. The river rose above the old stone bridge by noon. ⟦The river rose above the "
        "old stone bridge by noon.⟧ Then it fell.\n",
    ]
    good = [
        "New York, New York is a song.\n",
        "A quiet day." * 20 + "\n",
        "She said the river rose. It rose again. The river rose above the bridge by noon, and "
        "the town waited for the water to fall.\n",
        "He said that that was final, and bye bye to it.\n",
        "\u201cHa ha ha,\u201d she laughed, \u201cno no no no no.\u201d It was very very very cold.\n",
        "The Walla Walla council met in Bora Bora.\n",
        "Sales grew stronger and stronger and we hired more and more staff.\n",
        "She asked again and again and again, and the queue went on and on and on.\n",
        "They won back to back titles. Critics praised her in Much Ado for Much Ado fans.\n",
        "Day after day after day, layer upon layer upon layer: back to back to back wins.\n",
        "It is what makes a house a house, said the singer of Baby Baby Baby in 1999.\n",
        "          Feb 87     Jan 87    Feb 86\nExports   NIL        NIL       NIL\n",
        "We call the model trained against the public charter the Public charter model.\n",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        if may_repeat(doc.text):
            yield from self._runs(doc)
        yield from self._passages(doc)

    def _passages(self, doc: Document) -> Iterator[Violation]:
        """Passages repeated at once on a line: a sentence start q and an earlier start p on
        its line whose text from p to q, its closing marks aside, starts again at q.  The
        starts are the document's sentences' and NL301's junctions' (`everything.With`);
        they are paired only when their first characters agree (a look-up per start)."""
        text = doc.text
        if len(text) < 2 * PASSAGE_CHARS:
            return
        # the document's sentences (shared with the other rules), and those glued to the last
        starts = {_opening(text, ss, se) for ss, se in doc.sentences}
        starts.update(m.end() for m in junctions(doc))
        starts = sorted(starts)
        seen: dict = {}
        done = 0  # the end of the last copy reported
        for q in starts:
            key = text[q : q + PASSAGE_KEY]
            earlier = seen.get(key)
            if earlier is None:
                seen[key] = [q]
                continue
            tries = earlier[-PASSAGE_TRIES:] if q >= done else ()
            earlier.append(q)
            for p in reversed(tries):  # the nearest first
                if q - p > PASSAGE_REACH or p < done:
                    break
                if q - p < PASSAGE_CHARS:
                    continue
                if text.find("\n", p, q) != -1:
                    break  # an earlier line: so are the others
                unit = text[p:q]
                core = unit.rstrip(PASSAGE_END)
                if not (text.startswith(core, q) and len(core.split()) >= PASSAGE_WORDS):
                    continue
                period = (unit + unit).find(unit, 1)
                if period < len(unit):  # copies of a shorter unit (`A quiet day.A quiet day.`)
                    done = _periodic_end(text, p, period)  # none of its starts begins one
                    break
                if doc.is_protected(q) or doc.in_hidden(q):
                    continue
                if doc.line_index(q) in doc.table_lines:
                    continue
                copies, at = 2, q  # and any more copies after the second
                while text.startswith(unit, at) and text.startswith(core, at + len(unit)):
                    copies, at = copies + 1, at + len(unit)
                end = at + len(core)
                words = len(core.split())
                shown = core if len(core) <= 40 else core[:37] + "..."
                times = "" if copies == 2 else f" ({copies} copies)"
                yield self.violation(
                    q, end, f"a passage of {words} words repeated at once{times}: '{shown}'"
                )
                done = end
                break

    def _runs(self, doc: Document) -> Iterator[Violation]:
        text = doc.text
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
                if (
                    copies >= 2
                    and self._counts(text, toks, low, i, n, copies)
                    and doc.line_index(toks[i].start) not in doc.table_lines
                ):
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
        for c in range(1, copies):  # a copy written otherwise names something: not a stutter
            if any(toks[i + j].text != toks[i + c * n + j].text for j in range(1, n)):
                return False  # "against the public constitution the Public constitution model"
        run = low[i : i + copies * n]
        end = i + copies * n
        if (
            n == 2
            and run[1] in IDIOM_LINKS
            and run[0] not in STOPWORDS
            and end < len(low)
            and low[end] == run[0]
            and cls._joined(text, toks, end - 1, end + 1)
        ):
            return False  # the figure closes on its word: `day after day after day`
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
