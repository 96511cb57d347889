"""NL702: boilerplate learnt from the corpus: lines many documents share."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from newslint.document import Document, continues_line
from newslint.lazy import LazyPattern
from newslint.rule import CorpusRule

# --- NL702 boilerplate learnt from the corpus -----------------------------------------------------

EDGE = LazyPattern(r"[\s\p{P}\p{S}]+")
EDGE_BACKWARDS = LazyPattern(r"(?r)[\s\p{P}\p{S}]+")
SPACES = LazyPattern(r"\s+")
QUOTE_MARKS = "\"'\u201c\u2018\u00ab"
NOT_REGEX_SPACES = ("\x1c", "\x1d", "\x1e", "\x1f")  # str.split splits at these, \s does not


def normalise_line(line: str) -> str:
    """The form lines are compared in: case, spacing and edge punctuation ignored.  Numbers
    count: `Net loss 5,666,000 vs profit 84,000` in one report and `Net loss 1,020,000 vs
    profit 9,000` in another are two lines of data, not one line of furniture.

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
    return line


def _key(norm: str) -> str:
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


_TOWNS = ("Leeds", "York", "Hull", "Derby", "Bath")
_BLURB = "Get the best of our journalism delivered to your inbox every weekday morning."


class CorpusBoilerplate(CorpusRule):
    """The same line appears in many different documents of the corpus: a site's sign-off, a navigation menu, a newsletter blurb.

    A line that many unrelated articles share is not written for any of them. Lines are compared
    after normalising case, spacing and edge punctuation (numbers count: lines of figures that
    differ only in their numbers are data); documents count once each, and
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
        [  # a quotation every report of one event carries
            f"Story about {t}\nPolice were called to {t} on Monday.\n"
            '"We are not going to confirm the identity of anyone at this stage," police said.'
            for t in _TOWNS
        ],
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
        table = doc.table_lines
        for i, (s, e) in enumerate(doc.lines):
            if e - s < min_length or doc.in_hidden(s) or i in table:
                continue  # short, hidden, or a table's row or header: data, not furniture
            if continues_line(text, doc.lines, i):
                continue  # a piece of a hard-wrapped sentence, not a line of its own
            if text[s:e].lstrip()[:1] in QUOTE_MARKS:
                continue  # somebody's words, quoted by every copy of the story: not furniture
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
            label = doc.label(start)
            lines.append((key, doc.position(start), doc.position(end), preview, label))
            longest.append((len(stripped), key))
        longest = [k for _, k in sorted(longest, reverse=True)[:2]]
        return {"title": title_key, "lines": lines, "longest": longest}

    def check_corpus(self, summaries: list) -> Iterator:
        minimum = self.settings["min-documents"]
        holders: dict = {}
        for number, (path, summary) in enumerate(summaries):
            for key, start, end, preview, label in summary["lines"]:
                holders.setdefault(key, []).append((number, path, start, end, preview, label))
        for key, found in holders.items():
            if (
                len(found) < minimum
                or _distinct_stories(key, [summaries[n][1] for n, *_ in found]) < minimum
            ):
                continue
            for _, path, start, end, preview, label in found:
                message = f"line repeated in {len(found)} documents (site boilerplate): '{preview}'"
                if label:
                    message = f"{label}: {message}"
                yield self.report(path, tuple(start), message, tuple(end))

    # the incremental protocol: keys, the lines; each holder's value, what tells copies of one
    # story apart (its title and longest lines)
    incremental = True

    def asks_own_keys(self) -> bool:
        return True  # its documents' own lines

    def corpus_keys(self, summary: dict) -> tuple:
        story = ",".join([summary["title"], *summary["longest"]]).encode("ascii")
        return None, [(bytes.fromhex(line[0]), story) for line in summary["lines"]]

    def keys_asked(self, summary: dict) -> list:
        """Its lines, each for how many documents hold it and their stories: values."""
        return [(bytes.fromhex(line[0]), "values") for line in summary["lines"]]

    def check_named(self, named: list, keys) -> Iterator:
        minimum = self.settings["min-documents"]
        for n in named:
            for key, start, end, preview, label in n.summary["lines"]:
                k = bytes.fromhex(key)
                if keys.count(k) < minimum:
                    continue
                found = keys.holders(k)
                stories = []
                for h in found:
                    title, *longest = h.value.decode("ascii").split(",")
                    stories.append({"title": title, "longest": longest})
                if len(found) < minimum or _distinct_stories(key, stories) < minimum:
                    continue
                message = f"line repeated in {len(found)} documents (site boilerplate): '{preview}'"
                if label:
                    message = f"{label}: {message}"
                yield self.report(n.display, tuple(start), message, tuple(end))


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
