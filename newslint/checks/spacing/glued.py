"""NL312-NL313: words run together with no space between them.

Glued words are a spacing defect (the letters are right, the space is lost), so they are NL3
rules, but finding them takes the lexicon: NL312 starts from the unknown lower-case words the
spelling analysis has already found (no second pass over the text), NL313 from capitalised
words run together (`AlignmentResearch`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import regex

from newslint.checks.spacing.base import SpacingRule
from newslint.checks.spelling import analyse, user_words
from newslint.document import Document
from newslint.lazy import LazyPattern
from newslint.lexicon import MAX_WORD, derived, get_lexicon, in_use
from newslint.rule import Edit, Fix, Violation

# Closed-class words: articles, pronouns, auxiliaries, conjunctions and prepositions that do
# not form solid compounds.  Those that do are left out: particles (in, on, up, out, off,
# over, down, by, back, through: login, setup, bygone, walkthrough) and the determiners of
# any-, some-, every-, no- words (anycast, someplace).  The established compounds of the rest
# (whatever, into, cannot) are in the lexicon; an unknown word made of one of these and a
# common word is two words run together: `despitenever`, `forclick`, `ofthe`.
FUNCTION_WORDS = frozenset(
    """the an and or but nor of to for from with at as is are was were be been being has have
    had do does did will would shall should can could may might must not never despite
    although though because while whilst whether if than then that this these those there
    their they them he she it its his her we our you your my me him who whom whose which what
    when where why how also very just into onto upon during before after against between
    among without within until since such each both either neither more most many much only
    even still yet so""".split()
)
MIN_GLUED = 5  # letters of a glued word: shorter ones are abbreviations or listed misspellings
MIN_CAPS_GLUED = 7  # letters of a glued word in capitals, where acronyms live
COMMON = 1000  # how common (pyspellchecker's counts) the other word must be
CAPS_TOKEN = LazyPattern(
    r"(?<![\p{L}\p{M}\p{N}_'\u2019@#./\\-])\p{Lu}{7,}(?![\p{L}\p{M}\p{N}_'\u2019])"
)
# capitalised words run together: two to four of them, each of three letters or more
CAMEL = LazyPattern(
    r"(?<![\p{L}\p{M}\p{N}_'\u2019@#./\\-])(?:\p{Lu}\p{Ll}{2,}){2,4}(?![\p{L}\p{M}\p{N}_(\-'\u2019])"
)
HUMP = LazyPattern(r"\p{Lu}\p{Ll}+")
MIN_PART = 4  # letters of each word of a capitalised compound: brands are made of short ones
LONG_PART = 6  # from this length a word need not be in the frequency list (interpretability)
TERM_USES = 3  # a capitalised compound used this often is the document's own term
_SPLITS: dict = {}


def glued_split(word: str) -> Optional[tuple]:
    """(head, tail) when the lower-case ``word`` is a closed-class word and a common word run
    together, and English does not write the two solid; else None.  Memoised per process."""
    if word in _SPLITS:
        return _SPLITS[word]
    if len(word) > MAX_WORD:  # no two words run together are this long (the splits are
        return None  # quadratic in length: 11 s for a run of 20,000 letters)
    found = None
    lex = get_lexicon()
    if not lex.known(word) and derived(word) not in ("prefix", "suffix"):
        splits = [(word[:i], word[i:]) for i in range(2, len(word) - 2)]  # tails of 3 or more
        for head, tail in splits:
            if head not in FUNCTION_WORDS and tail not in FUNCTION_WORDS:
                continue
            other = tail if head in FUNCTION_WORDS else head
            if other in FUNCTION_WORDS or _common(other):
                found = (head, tail)
                break
        if found and (
            in_use(word, " ".join(found))  # real English writes it solid (alot, anyways)
            or any(_common(h) and _common(t) for h, t in splits if len(h) >= 3)  # gameshow
            or any(edit in ("swap", "drop") for _, edit, n in lex.neighbours(word) if n)
        ):
            found = None  # ... or a compound of two content words, or a typo (withcraft)
    _SPLITS[word] = found
    return found


def _common(word: str) -> bool:
    """A common ordinary lower-case word that is not a closed-class one."""
    lex = get_lexicon()
    return (
        word not in FUNCTION_WORDS
        and lex.frequency(word) >= COMMON
        and lex.has_lowercase_form(word)
    )


def _occurrences(doc: Document, word: str) -> Iterator[tuple]:
    """(start, end) of ``word`` as a whole word, outside URLs, handles, code and markup."""
    pattern = regex.compile(
        r"(?<![\p{L}\p{M}\p{N}_'\u2019@#./\\-])"
        + regex.escape(word)
        + r"(?![\p{L}\p{M}\p{N}_'\u2019-])"
    )
    for m in pattern.finditer(doc.text):
        if not (doc.is_protected(m.start()) or doc.in_hidden(m.start())):
            yield m.start(), m.end()


class GluedWords(SpacingRule):
    """Two words run together with no space: `despitenever`, `ofthe`, `FORCLICK`.

    A lost space or line break between two words. Reported when a word the lexicon does not
    know is a closed-class word (`the`, `for`, `despite`, `never` ...) and a common word run
    together, the two halves being words on their own and the whole not a derivation
    (`unfollow`, `strugglers`), a form English writes solid (wordfreq: `alot`, `anyways`), a
    compound of two content words (`gameshow`) nor one slip from a word (`withcraft`).
    Particles and determiners that do make compounds (`login`, `setup`, `walkthrough`,
    `anycast`) are not counted; the second word needs three letters (`logit`, `readme` end
    like words), and in capitals, where acronyms live, both do. URLs, handles, hashtags and
    code are left alone. The fix puts the space back and is unsafe. Off by default: it finds
    typos of edited copy as often as extraction damage (`willmean`, `inwhich`).
    """

    code, name = "NL312", "glued-words"
    fixable = "unsafe"
    default_enabled = False  # precise, but edited copy has these too: 0.27 per 100 BBC stories
    yields_to = ("NL101", "NL102")
    bad = [
        (
            "The team kept playing ⟦despitenever⟧ having won a game.",
            "The team kept playing despite never having won a game.",
        ),
        "He was one ⟦ofthe⟧ first to arrive.",
        "SHOP ⟦WITHTHE⟧ BEST",
    ]
    good = [
        "The team kept playing despite never having won a game.",
        "Log in to the setup page and check out.",
        "Follow #thisisglued and @forclick for more.",
        "It cost alot more than anyways expected.",
        "Watch the walkthrough of the gameshow readme.",
        "NASDAQ and UNICEF met the WHO.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        analysis = analyse(doc, user_words(self.context))
        if analysis.non_english:
            return
        words = {w for w in analysis.unknown_words if len(w) >= MIN_GLUED}
        if any(c.isupper() for c in doc.text):
            for m in CAPS_TOKEN.finditer(doc.text):
                words.add(m.group())
        for word in sorted(words):
            split = glued_split(word.lower())
            if split is None:
                continue
            head, tail = split
            if word.isupper() and (len(head) < 3 or len(tail) < 3 or len(word) < MIN_CAPS_GLUED):
                continue
            for start, end in _occurrences(doc, word):
                cut = start + len(head)
                yield self.violation(
                    start,
                    end,
                    f"'{word}' is two words run together: '{word[: len(head)]} "
                    f"{word[len(head) :]}'",
                    Fix.insert(cut, " ", safety="unsafe", title="put the space back"),
                )


# a line of labels (tags, categories, a breadcrumb): no word in lower case, no sentence end
LOWER_WORD = LazyPattern(r"(?<![\p{L}\p{M}])\p{Ll}{2,}")
SENTENCE_END = LazyPattern(r"[.!?]\W*\Z")


def _label_line(doc: Document, at: int) -> bool:
    s, e = doc.lines[doc.line_index(at)]
    line = doc.text[s:e].strip()
    return not LOWER_WORD.search(line) and not SENTENCE_END.search(line)


class GluedCapitalisedWords(SpacingRule):
    """Capitalised words run together on a line of labels: tags or categories glued when the markup between them was dropped, `AlignmentResearch`.

    A candidate stands on a line of labels (tags, categories, breadcrumbs: no word in lower
    case, no sentence end), each of its parts is an ordinary lower-case word of the lexicon of
    four letters or more (a short one that the frequency list never saw is a clipping:
    `Comp`, `Multi`), and the whole is neither in the lexicon nor written by real English
    (wordfreq): product names (`PlayStation`, `YouTube`, `WordPress`) are one or the other.
    Names coined from words (`PinkNews`, a user name) look the same, so a candidate is
    reported only when its labels are seen glued to different neighbours: another candidate
    on the same line, or one sharing a part with it in the document or anywhere in the run
    (`AlignmentResearch`, `InterpretabilityResearch`: a site's tags). In a sentence such a
    compound is a name and is left alone, as are one used three times or more in the
    document, hashtags, handles, URLs and code. The fix puts the spaces back and is unsafe;
    a candidate only other documents confirm has none (fixes are made before the run is seen
    whole).
    """

    code, name = "NL313", "glued-capitalised-words"
    fixable = "unsafe"
    filters_reports = True  # a label glued to different neighbours across the run
    bad = [
        (
            "Topics\n\n⟦InterpretabilityResearch⟧ AlignmentPolicy",
            "Topics\n\nInterpretability Research Alignment Policy",
        ),
        "⟦AlignmentResearch⟧\n\nText.\n\nPolicyResearch",
    ]
    good = [
        "Watch it on YouTube or PlayStation, or read it on WordPress.",
        "She told FinanceDaily that the deal was done.",
        "Topics: PlayStation \u00b7 WordPress",
        "Follow #AlignmentResearch and #PolicyResearch for more.",
        "Call `VectorStore.search()` to query it.",
        "Courtesy: FinanceDaily",
        "Contributors\n\nPaperMoose\n\nJane Smith\n\nFluffyKebab",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        for (start, end), parts, sure in _label_compounds(doc):
            edits, at = [], start
            for p in parts[:-1]:
                at += len(p)
                edits.append(Edit(at, at, " "))
            # a candidate only the run can confirm gets no fix: fixes are made before the
            # corpus filter may drop it
            fix = Fix(tuple(edits), "unsafe", "put the spaces back") if sure else None
            glued, spaced = doc.text[start:end], " ".join(parts)
            yield self.violation(
                start, end, f"'{glued}' is {len(parts)} words run together: '{spaced}'", fix
            )

    def summarize(self, doc: Document):
        found = _label_compounds(doc)
        if not found:
            return None
        return {
            "compounds": {parts for _, parts, _ in found},
            "unsure": {doc.position(s): parts for (s, _), parts, sure in found if not sure},
        }

    def filter_reports(self, reports: list, summaries: list) -> list:
        """Drop candidates whose parts are glued to no other neighbour anywhere in the run."""
        compounds: dict = {}  # part -> the distinct compounds it is found in
        unsure: dict = {}
        for path, s in summaries:
            for parts in s["compounds"]:
                for p in parts:
                    compounds.setdefault(p, set()).add(parts)
            for pos, parts in s["unsure"].items():
                unsure[(path, *pos)] = parts
        if not unsure:
            return reports

        def recombined(parts) -> bool:
            return any(len(compounds.get(p, ())) >= 2 for p in parts)

        return [
            r
            for r in reports
            if r.code != self.code
            or (r.path, r.line, r.column) not in unsure
            or recombined(unsure[(r.path, r.line, r.column)])
        ]

    # the incremental protocol of a report filter (``CorpusRule``): keys, the parts of the
    # document's compounds, each with the compound it is found in
    incremental = True

    def asks_own_keys(self) -> bool:
        return True  # the parts of its documents' own compounds

    def corpus_keys(self, summary: dict) -> tuple:
        return None, [
            (
                p.encode("utf-8", "surrogatepass"),
                "\x1f".join(parts).encode("utf-8", "surrogatepass"),
            )
            for parts in summary["compounds"]
            for p in parts
        ]

    def keys_asked(self, summary: dict) -> list:
        """The parts of its unsure compounds, each for the compounds it is found in: values."""
        parts = {p for ps in summary["unsure"].values() for p in ps}
        return [(p.encode("utf-8", "surrogatepass"), "values") for p in parts]

    def filter_named(self, reports: list, named: list, keys) -> list:
        """``filter_reports`` of the reports of the documents ``named``, the compounds of
        each part asked of ``keys``."""
        unsure = {
            (n.display, *pos): parts for n in named for pos, parts in n.summary["unsure"].items()
        }
        if not unsure:
            return reports
        known: dict = {}

        def recombined(parts) -> bool:
            for p in parts:
                if p not in known:
                    held = keys.holders(p.encode("utf-8", "surrogatepass"))
                    known[p] = len({h.value for h in held}) >= 2
                if known[p]:
                    return True
            return False

        return [
            r
            for r in reports
            if r.code != self.code
            or (r.path, r.line, r.column) not in unsure
            or recombined(unsure[(r.path, r.line, r.column)])
        ]


def _label_word(part: str) -> bool:
    """An ordinary word of four letters or more; a short one the frequency list never saw is
    a clipping (comp, admin, multi), not a label."""
    lex = get_lexicon()
    if len(part) < MIN_PART or not lex.has_lowercase_form(part):
        return False
    return len(part) >= LONG_PART or lex.frequency(part) > 0


def _label_compounds(doc: Document) -> list:
    """((start, end), parts, sure) of the capitalised compounds on the document's label lines;
    ``sure`` when the line holds another one or a part recombines within the document."""
    return doc.memo("spacing.label-compounds", lambda: _find_label_compounds(doc))


def _find_label_compounds(doc: Document) -> list:
    text = doc.text
    if not any(c.isupper() for c in text):
        return []
    seen: dict = {}
    for m in CAMEL.finditer(text):
        seen.setdefault(m.group(), []).append(m)
    if not seen:
        return []  # the lexicon is loaded only when a candidate needs it
    lex = get_lexicon()
    found = []
    for token, matches in seen.items():
        if len(matches) >= TERM_USES:
            continue
        # cheapest first: in a sentence it is a name (PinkNews, MailOnline)
        matches = [m for m in matches if _label_line(doc, m.start())]
        if not matches:
            continue
        parts = tuple(HUMP.findall(token))
        if any(not _label_word(p) for p in parts):
            continue
        lower = token.lower()
        if lex.known(token) or lex.known(lower) or in_use(lower, " ".join(parts).lower()):
            continue
        for m in matches:
            if not (doc.is_protected(m.start()) or doc.in_hidden(m.start())):
                found.append((m.span(), parts, doc.line_index(m.start())))
    per_line: dict = {}
    compounds: dict = {}
    for _, parts, line in found:
        per_line.setdefault(line, set()).add(parts)
        for p in parts:
            compounds.setdefault(p, set()).add(parts)
    return [
        (
            span,
            parts,
            len(per_line[line]) >= 2 or any(len(compounds[p]) >= 2 for p in parts),
        )
        for span, parts, line in sorted(found)
    ]
