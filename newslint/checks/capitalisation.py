"""NL2xx capitalisation: lower-case proper nouns, sentences that start in lower case, headings.

Capitals are learned from three places: a gazetteer shipped as data (rules/gazetteer.toml,
NL201), the document's own mid-sentence capitals (NL202) and the corpus's (NL203).  Capitals
are never learned from headings, title lines or table rows, nor from the first word of a
sentence, a line, a quotation or a clause after a colon: capitals there say nothing about
names.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import sys
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple, Optional

import regex

from newslint.document import Document, _is_abbreviation
from newslint.lazy import once
from newslint.lexicon import get_lexicon
from newslint.rule import CorpusRule, Fix, Rule, Violation

# --- data, loaded lazily and cached per process ------------------------------------------------


class Gazetteer(NamedTuple):
    safe: dict  # lower-case form -> canonical form (its lower case is not a word)
    ambiguous: dict  # lower-case form -> (canonical form, "place" | "nationality"); a word too
    dates: frozenset  # lower-case months/weekdays that are words: march, may, august
    multi: dict  # flaggable word (lower) -> [(words lower, canonical words, flaggable indexes, its index)]
    keys: frozenset  # every lower-case form NL201 looks at


@once
def gazetteer() -> Gazetteer:
    """The names NL201 knows, read from the gazetteer pack on first use."""
    from importlib import resources

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    text = resources.files("newslint.rules").joinpath("gazetteer.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)["pack"]["gazetteer"]
    safe = {}
    for key, names in data.items():
        if isinstance(names, str):  # one name per line (parsed far faster than an array)
            safe.update((n.lower(), n) for n in names.split("\n") if n)
        elif isinstance(names, list) and key != "dates":
            safe.update((n.lower(), n) for n in names)
    multi: dict = {}
    for name, flags in data.get("multi", {}).items():
        words = name.split()
        keys = tuple(w.lower() for w in words)
        for j in flags:
            multi.setdefault(keys[j], []).append((keys, tuple(words), tuple(flags), j))
    ambiguous = {k: tuple(v) for k, v in data.get("ambiguous", {}).items()}
    dates = frozenset(d.lower() for d in data.get("dates", []))
    return Gazetteer(
        safe,
        ambiguous,
        dates,
        multi,
        frozenset(safe) | frozenset(ambiguous) | dates | frozenset(multi),
    )


@lru_cache(maxsize=65536)
def ordinary_name(word: str) -> bool:
    """The word list also writes this word as a name (Carter, Brown, Cook)."""
    return get_lexicon().has_capitalised_form(word)


def _corpus_candidate(word: str) -> bool:
    """A lower-case form NL203 may flag: not an ordinary word, not a particle, not tiny.

    Not cached itself: _corpus_candidates asks about each distinct form once per process."""
    return len(word) >= 3 and word.islower() and word not in PARTICLES and not ordinary(word)


_CANDIDATES: set = set()  # forms _corpus_candidate accepted
_JUDGED: set = set()  # forms _corpus_candidate was asked about


def _corpus_candidates(forms: set) -> set:
    """The forms _corpus_candidate accepts, each distinct form judged once per process."""
    new = forms - _JUDGED
    if new:
        _CANDIDATES.update(filter(_corpus_candidate, new))
        _JUDGED.update(new)
    return forms & _CANDIDATES


@lru_cache(maxsize=65536)
def ordinary(word: str) -> bool:
    """Is the lower-case form an ordinary English word (turkey, may, carter)?"""
    return get_lexicon().has_lowercase_form(word)


# --- shared word lists (ours) -----------------------------------------------------------------

# name particles and foreign function words, written in lower case inside names: al-Assad, de Gaulle
PARTICLES = frozenset(
    """al el ul bin ibn abu bint de del della dei der den des di da do dos du la le les lo los las
    van von ter ten zu und et y e o ben mac af av""".split()
)
# generic words that end a name in one place and stand alone in another (Labour Party / party)
GENERIC_HEADS = frozenset(
    """party parties government minister ministers secretary president office department ministry
    council committee commission court house street road avenue square river lake mountain
    university college school hospital club union league cup championship championships award
    awards prize festival year day days week month group company bank fund service services agency
    board police army force forces navy church museum gallery theatre theater centre center
    station airport bridge park hall state states city county region province district island
    islands sea ocean chancellor times news people unit act bill plan report show series album
    film band game games trophy open final finals conference summit tour race parliament rights
    magazine rugby football""".split()
)
ARTICLES = frozenset(("the", "a", "an"))
DETERMINERS = frozenset(
    "the a an this that these those their his her its our your my each every".split()
)
DATE_PREPOSITIONS = frozenset(
    "in since until till during early late mid last next from by before after through throughout".split()
)
# words after a lower-case "may" that make it the verb: "by may be"
VERB_AFTER = frozenset(
    """be have not well also never still need want seem take make get go come become face help lead
    already even yet only just soon cause prove find see feel do say give keep put run use""".split()
)
MAY_BEFORE_DATE = DATE_PREPOSITIONS | DETERMINERS | frozenset("on of and or to between".split())
PLACE_PREPOSITIONS = frozenset(
    """in from to into across against towards toward throughout between visit visited visiting via
    outside inside including on behind near beyond like than""".split()
)
# what may follow a place name after a preposition: "in japan which", "from china since"
PLACE_FOLLOW = frozenset(
    """which that where who since only over during within through by from because now earlier later
    today yesterday alone itself too also seemed say said remains could should must might can did does
    not""".split()
)
NATIONALITY_PREPOSITIONS = frozenset(
    "in from with for of by against between among under on all most many some several few both other fellow".split()
)  # not "to polish"
# ordinary phrases with a lower-case nationality word: french fries, polish remover
NOT_NATIONALITY = frozenset(
    """fries windows window doors door kiss polish dressing toast horn bread press pastry pastries stick
    sticks loaf bean beans manicure knickers letters cuff cuffs braid rarebit terrier hound blanket rug
    rugs cream remover off up out down away""".split()
)
# words that may follow the month "may" (never the verb): "in may and", "since may when"
MAY_FOLLOW = frozenset(
    """and or but to when as after before the this last next with for while because until so at in of
    on a an he she they we it i there its his her their was is will would had has have are were
    said says saw last next year""".split()
)
SPEECH_VERBS = "said|says|say|added|adds|asked|asks|stated|declared|wrote|writes|explained|insisted|warned|told [\\p{L}]+"

EMBED_BEFORE = frozenset("/\\_@#&=")
EMBED_AFTER = frozenset("/\\_@=")
POSSESSIVE = regex.compile(r"['\u2019]s?$")
DAY_OR_YEAR_AFTER = regex.compile(
    r"[ \t]+(?:(?:[12]?\d|3[01])(?:st|nd|rd|th)?|(?:19|20)\d\d)\b(?![.,:]\d)"
)
DAY_BEFORE = regex.compile(
    r"(?<![\d.,:/-])(?:(?:[12]?\d|3[01])[-\u2013])?(?:[12]?\d|3[01])(?:st|nd|rd|th)?[ \t]+$"
)
END_OF = regex.compile(
    r"\b(?:end|beginning|start|middle|half|month|week|weeks|first|last)[ \t]+of[ \t]+$"
)
YEAR_AFTER = regex.compile(r"[ \t]+(?:last|this|next)[ \t]+year\b")
WORD_BEFORE = regex.compile(r"(\p{L}+)[ \t]+$")
WORD_AFTER = regex.compile(r"[ \t]+(\p{L}+)")


def _lower(word: str) -> bool:
    return word.islower()


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def _internal_capital(word: str) -> bool:
    return any(c.isupper() for c in word[1:])


INITIAL_AFTER = frozenset(
    "\n.!?:;\"'()[]{}\u201c\u201d\u2018\u2019\u2026\u2014\u2013|*#>\u2022-/\\"
)
APOSTROPHE = regex.compile(r"(?<=\p{L})['\u2019](?=\p{L})|(?<=\p{L}s)['\u2019]")
_TEXT = operator.itemgetter(2)
_FIRST = operator.itemgetter(0)
_START = operator.itemgetter(0)


def _initial(text: str, start: int) -> bool:
    """The word opens a sentence, line, quotation or clause: its capital says nothing."""
    j = start - 1
    while j >= 0 and (text[j] == " " or text[j] == "\t"):
        j -= 1
    return j < 0 or text[j] in INITIAL_AFTER


def _merge_lines(doc: Document, lines: set) -> list:
    """Character spans of the given line indexes, merged, in order."""
    out: list = []
    for i in sorted(lines):
        s, e = doc.lines[i]
        if out and out[-1][1] >= s - 1:
            out[-1] = (out[-1][0], e + 1)
        else:
            out.append((s, e + 1))
    return out


def _title_like(doc: Document) -> bool:
    """The first line is a title (not the first sentence of a one-paragraph text)."""
    if doc.title_span is not None:
        return True
    line = doc.text[doc.title.start : doc.title.end].strip()
    return len(line.split()) <= 20 and not line.endswith((".", "\u201d", '"'))


# --- one pass over a document, shared by the rules -------------------------------------------


class Word(NamedTuple):
    index: int  # in the document's tokens
    start: int
    end: int  # end of the word without a possessive 's
    text: str  # without the possessive
    initial: bool  # first word of a sentence, line, quotation or clause: its capital says nothing
    learnable: bool  # in prose (not a heading, title or table row) and not initial


class Hit(NamedTuple):
    start: int
    end: int
    replacement: str
    message: str
    safe: bool


def _base(word: str) -> str:
    return POSSESSIVE.sub("", word) if "'" in word or "\u2019" in word else word


def _without_possessives(text: str, starts: list, raw: list) -> list:
    """The token texts without a possessive 's (Korea's -> Korea): the name is the same."""
    texts = list(raw)
    for m in APOSTROPHE.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and ("'" in texts[i] or "\u2019" in texts[i]):
            texts[i] = _base(texts[i])
    return texts


def _skipped_lines(doc: Document) -> set:
    """Indexes of the lines capitals are never learned from: headings, the title, tables."""
    skip_lines = set(doc.table_lines)
    for s, e in doc.headings:
        skip_lines.update(range(doc.line_index(s), doc.line_index(max(s, e - 1)) + 1))
    if doc.title and _title_like(doc):
        skip_lines.add(doc.line_index(doc.title.start))
    return skip_lines


def _learnable_capitals(text: str, starts: list, texts: list, skip: list) -> dict:
    """Lower-case key -> indexes of its capitalised occurrences that say it is a name: not
    all capitals, not initial, not in a skipped span (``skip``: sorted character spans)."""
    caps: dict = {}
    k, n = 0, len(skip)
    for i in itertools.compress(itertools.count(), map(str.isupper, map(_FIRST, texts))):
        w = texts[i]
        if w.isupper() and len(w) > 1:
            continue
        st = starts[i]
        c = text[st - 1] if st else "\n"
        if c == " " or c == "\t":
            c = text[st - 2] if st > 1 else "\n"
            if (c == " " or c == "\t") and _initial(text, st):
                continue
        if c in INITIAL_AFTER:
            continue
        while k < n and skip[k][1] <= st:
            k += 1
        if k < n and skip[k][0] <= st:
            continue
        caps.setdefault(w.lower(), []).append(i)
    return caps


class Analysis:
    """The words of a document and the capitals it uses mid-sentence.

    Work is per unique word form: only capitalised words (to learn from) and lower-case words
    that some rule could flag (gazetteer forms, forms the document capitalises) are looked at
    one by one.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        starts, raw = _token_lists(doc)
        self.raw = raw  # token texts, possessives included
        self.starts = starts
        self.texts = _without_possessives(doc.text, starts, raw)
        self._skip = skip = _merge_lines(doc, _skipped_lines(doc))
        self._skip_starts = [a for a, _ in skip]
        self._words: dict = {}
        # lower-case key -> indexes of its capitalised learnable occurrences
        self.caps = _learnable_capitals(doc.text, starts, self.texts, skip)
        self.forms = set(self.texts)
        self._gazetteer_hits: Optional[list] = None
        self._document_hits: Optional[list] = None
        self._evidence_memo: dict = {}

    def _make(self, i: int) -> Word:
        start = self.starts[i]
        w = self.texts[i]
        initial = _initial(self.doc.text, start)
        j = bisect.bisect_right(self._skip_starts, start) - 1
        skipped = j >= 0 and start < self._skip[j][1]
        word = Word(i, start, start + len(w), w, initial, not initial and not skipped)
        self._words[i] = word
        return word

    def word(self, i: int) -> Word:
        w = self._words.get(i)
        return w if w is not None else self._make(i)

    def __len__(self) -> int:
        return len(self.texts)

    def positions(self, forms) -> list:
        """Indexes of the words whose form is in ``forms`` (a set), in text order."""
        if not forms:
            return []
        return list(itertools.compress(itertools.count(), map(forms.__contains__, self.texts)))

    def embedded(self, w: Word) -> bool:
        """Part of a path, handle, file name or domain rather than prose."""
        text = self.doc.text
        before = text[w.start - 1] if w.start else " "
        after = text[w.end] if w.end < len(text) else " "
        if before in EMBED_BEFORE or after in EMBED_AFTER:
            return True
        if before == "." and w.start >= 2 and text[w.start - 2].isalnum():
            return True
        return after == "." and w.end + 1 < len(text) and text[w.end + 1].isalnum()

    def neighbour_text(self, start: int, end: int) -> tuple:
        text = self.doc.text
        return text[max(0, start - 40) : start], text[end : end + 30]

    def in_table(self, w: Word) -> bool:
        return bisect.bisect_right(self.doc.line_starts, w.start) - 1 in self.doc.table_lines

    # NL201 ---------------------------------------------------------------------------------
    def gazetteer_hits(self) -> list:
        if self._gazetteer_hits is None:
            self._gazetteer_hits = list(self._find_gazetteer())
        return self._gazetteer_hits

    def _find_gazetteer(self) -> Iterator[Hit]:
        gaz = gazetteer()
        text = self.doc.text
        n = len(self.texts)
        forms = self.forms & gaz.keys
        covered_until = -1
        for i in self.positions(forms):
            w = self.word(i)
            if w.start < covered_until:
                continue
            hit = None
            for keys, canon, flags, j in gaz.multi.get(w.text, ()):
                first = i - j
                if first < 0 or first + len(keys) > n:
                    continue
                if any(self.texts[first + m].lower() != k for m, k in enumerate(keys)):
                    continue
                run = [self.word(k) for k in range(first, first + len(keys))]
                if any(text[a.end : b.start] != " " for a, b in zip(run, run[1:])):
                    continue
                raw = self.raw
                if any(
                    len(raw[k]) != len(self.texts[k]) for k in range(first, first + len(keys) - 1)
                ):
                    continue  # a possessive inside the name
                wrong = [f for f in flags if _lower(run[f].text) and run[f].text != canon[f]]
                if not wrong or any(r.text.isupper() for r in run) or self.embedded(run[-1]):
                    continue
                phrase = text[run[0].start : run[-1].end]
                fixed = " ".join(canon)
                hit = Hit(
                    run[0].start, run[-1].end, fixed, f"'{phrase}' is a name: write '{fixed}'", True
                )
                break
            if hit is not None:
                if hit.start >= covered_until:
                    covered_until = hit.end
                    yield hit
                continue
            if self.embedded(w):
                continue
            canon = gaz.safe.get(w.text)
            if canon is not None:
                yield Hit(w.start, w.end, canon, f"'{w.text}' is a name: write '{canon}'", True)
            elif w.text in gaz.dates and self._date_context(i):
                canon = w.text.capitalize()
                yield Hit(
                    w.start, w.end, canon, f"'{w.text}' is the month here: write '{canon}'", False
                )
            elif w.text in gaz.ambiguous and self._name_context(i, gaz.ambiguous[w.text][1]):
                canon = gaz.ambiguous[w.text][0]
                yield Hit(
                    w.start, w.end, canon, f"'{w.text}' is a name here: write '{canon}'", False
                )

    def _neighbours(self, i: int) -> tuple:
        """(previous word, next word) when only a space separates them from word i, else None."""
        text = self.doc.text
        w = self.word(i)
        prev = self.word(i - 1) if i else None
        nxt = self.word(i + 1) if i + 1 < len(self.texts) else None
        return (
            w,
            prev,
            nxt,
            prev is not None and text[prev.end : w.start] == " ",
            nxt is not None and text[w.end : nxt.start] == " ",
        )

    def _name_context(self, i: int, kind: str) -> bool:
        """An ambiguous country or nationality where only the name reads: "trade with china,"."""
        text = self.doc.text
        w, prev, nxt, prev_adjacent, next_adjacent = self._neighbours(i)
        before, after = self.neighbour_text(w.start, w.end)
        prev_word = prev.text.lower() if prev_adjacent else ""
        if text.startswith(("'s", "\u2019s"), w.end):
            return prev_word not in DETERMINERS
        listed = (
            before.rstrip(" ").endswith(",") and prev is not None and _capitalised(prev.text)
        ) or (
            after.startswith(", ")
            and nxt is not None
            and _capitalised(nxt.text)
            and not nxt.initial
        )
        if listed:
            return True
        next_word = nxt.text if next_adjacent else ""
        if kind == "place":
            if prev_word in ("and", "or") and i >= 2 and self.texts[i - 2][:1].isupper():
                return True
            if (
                next_word in ("and", "or")
                and i + 2 < len(self.texts)
                and self.texts[i + 2][:1].isupper()
            ):
                return True
            follows = not next_word or next_word in MAY_FOLLOW or next_word in PLACE_FOLLOW
            return prev_word in PLACE_PREPOSITIONS and follows
        if prev_word in DETERMINERS or prev_word in NATIONALITY_PREPOSITIONS:
            if next_word[:1].isupper():
                return True
            return (
                _lower(next_word)
                and next_word not in MAY_FOLLOW
                and next_word not in NOT_NATIONALITY
            )
        return False

    def _date_context(self, i: int) -> bool:
        w, prev, nxt, prev_adjacent, next_adjacent = self._neighbours(i)
        before, after = self.neighbour_text(w.start, w.end)
        prev_m = WORD_BEFORE.search(before)
        prev_word = prev_m.group(1).lower() if prev_m else ""
        next_m = WORD_AFTER.match(after)
        next_word = next_m.group(1).lower() if next_m else ""
        if next_word in VERB_AFTER:
            return False
        if DAY_BEFORE.search(before):
            return True
        if w.text == "may" and next_m and next_word not in MAY_FOLLOW:
            return False
        if DAY_OR_YEAR_AFTER.match(after):
            if w.text == "may":
                return (
                    prev_word in MAY_BEFORE_DATE
                    or before.rstrip(" \t").endswith((",", "("))
                    or not prev_m
                )
            return prev_word not in DETERMINERS
        if END_OF.search(before) or YEAR_AFTER.match(after) or before.endswith("mid-"):
            return True
        if prev_word in DATE_PREPOSITIONS:
            if prev_word in ("last", "next", "early", "late"):
                pp = WORD_BEFORE.search(before[: prev_m.start()])
                if pp and pp.group(1).lower() in DETERMINERS:
                    return False
            return True
        return False

    # NL202 ---------------------------------------------------------------------------------
    def document_hits(self) -> list:
        if self._document_hits is None:
            self._document_hits = list(self._find_document())
        return self._document_hits

    def _evidence(self, key: str) -> tuple:
        """(majority form, isolated capitalised occurrences, line of the first)."""
        ev = self._evidence_memo.get(key)
        if ev is None:
            occ = self.caps[key]
            form = Counter(self.texts[i] for i in occ).most_common(1)[0][0]
            alone = [i for i in occ if self.isolated(i)]
            ev = form, len(alone), self.doc.position(self.starts[(alone or occ)[0]])[0]
            self._evidence_memo[key] = ev
        return ev

    def isolated(self, i: int) -> bool:
        """A capitalised word standing alone, not inside a run of capitals (a title, a name)."""
        texts, starts, text = self.texts, self.starts, self.doc.text
        end = starts[i] + len(texts[i])
        if (
            i + 1 < len(texts)
            and texts[i + 1][:1].isupper()
            and not text[end : starts[i + 1]].strip(" ")
        ):
            return False
        if i and texts[i - 1][:1].isupper():
            o = texts[i - 1]
            if not text[starts[i - 1] + len(o) : starts[i]].strip(" ") and not (
                _initial(text, starts[i - 1]) and ordinary(o.lower())
            ):
                return False
        return True

    def foreign(self, i: int) -> bool:
        """A neighbouring lower-case word is unknown to the lexicon: a phrase in another language."""
        lex = get_lexicon()
        for j in (i - 1, i + 1):
            if 0 <= j < len(self.texts):
                o = self.texts[j]
                if _lower(o) and len(o) > 2 and not lex.known(o):
                    return True
        return False

    def _same_use(self, i: int, key: str) -> bool:
        """After an article ("the eurozone") a word is used as a common noun unless the document
        also writes it capitalised after an article ("the Kursk region")."""
        if not i or self.texts[i - 1].lower() not in ARTICLES:
            return True
        return any(j and self.texts[j - 1].lower() in ARTICLES for j in self.caps[key])

    def _find_document(self) -> Iterator[Hit]:
        gaz = gazetteer()
        text = self.doc.text
        # only bigrams whose second word the document also writes in lower case can matter
        bigrams = self._bigrams(self.forms & self.caps.keys())
        # a generic head (party) or a particle (de) never ends a name written in lower case
        tails = {k2 for _, k2 in bigrams if k2 not in GENERIC_HEADS and k2 not in PARTICLES}
        learned = {
            k for k in self.forms & self.caps.keys() if k in gaz.ambiguous or not ordinary(k)
        }
        found = self.positions(learned | (self.forms & tails))
        lows = Counter(self.texts[i] for i in found)
        texts = self.texts
        for i in found:
            key = texts[i]
            if key not in learned and (i == 0 or (texts[i - 1].lower(), key) not in bigrams):
                continue  # an ordinary word here can only be the lower-cased tail of a name
            w = self.word(i)
            if len(key) < 2 or self.embedded(w) or self.in_table(w):
                continue
            if key in learned and key not in PARTICLES and not text.startswith("-", w.end):
                form, alone, line = self._evidence(key)
                low = lows[key]
                if not ordinary(key):
                    if (
                        alone >= 1
                        and alone >= low
                        and not self.foreign(i)
                        and self._same_use(i, key)
                    ):
                        yield Hit(
                            w.start,
                            w.end,
                            form,
                            f"'{key}' is written '{form}' elsewhere in this document (line {line})",
                            True,
                        )
                        continue
                else:
                    canon = gaz.ambiguous.get(key, ("",))[0]
                    prev = self.texts[i - 1].lower() if i else ""
                    if (
                        canon
                        and form == canon
                        and alone >= 2
                        and low == 1
                        and prev not in DETERMINERS
                    ):
                        yield Hit(
                            w.start,
                            w.end,
                            form,
                            f"'{key}' is written '{form}' elsewhere in this document (line {line})",
                            False,
                        )
                        continue
            # the last word of a name written in lower case: "Lena varga"
            if i == 0 or key not in tails:
                continue
            a = self.word(i - 1)
            if (
                text[a.end : w.start] != " "
                or (a.end - a.start) != len(self.raw[i - 1])
                or not _capitalised(a.text)
            ):
                continue
            ev = bigrams.get((a.text.lower(), key))
            if not ev:
                continue
            first, forms = ev
            (fa, fb), count = Counter(forms).most_common(1)[0][0], len(forms)
            if a.text != fa or lows[key] > count:
                continue
            if ordinary(key) and (
                count < 2
                or f"{a.text.lower()} {key}" in text
                or lows[key] > 1
                or not ordinary_name(key)
                or (a.initial and a.text.lower() not in self.caps)
            ):
                continue
            line = self.doc.position(first)[0]
            yield Hit(
                w.start,
                w.end,
                fb,
                f"'{a.text} {key}' is written '{fa} {fb}' elsewhere in this document (line {line})",
                not ordinary(key),
            )

    def _bigrams(self, keys: set) -> dict:
        """Two capitalised words in a row, the second learnable: 'Lena Varga', 'South Korea'
        (only those whose second word's key is in ``keys``)."""
        out: dict = {}
        text = self.doc.text
        texts, starts = self.texts, self.starts
        caps = self.caps
        for key in [k for k in caps if k in keys]:  # in the order of self.caps
            for i in caps[key]:
                if i == 0 or not _capitalised(texts[i - 1]):
                    continue
                a = texts[i - 1]
                if text[starts[i - 1] + len(a) : starts[i]] != " ":
                    continue  # also skips a possessive: "Korea's South"
                b = texts[i]
                key = (a.lower(), b.lower())
                ev = out.get(key)
                if ev is None:
                    out[key] = (starts[i - 1], [(a, b)])
                else:
                    ev[1].append((a, b))
        return out


ENGLISH_MARKERS = frozenset("the and of to is that with was for The".split())


def english(doc: Document) -> bool:
    """Enough of the commonest English words to be English text: the rules know English names
    and English sentence case only (a Portuguese 'loja' or Indonesian 'kita' is not a city)."""
    cached = doc.__dict__.get("_english")
    if cached is None:
        texts = _token_lists(doc)[1]
        cached = doc.__dict__["_english"] = len(texts) < 20 or sum(
            map(ENGLISH_MARKERS.__contains__, texts)
        ) >= 0.04 * len(texts)
    return cached


_WORD_RUN = regex.compile(
    r"(?:[^\p{L}]*+(\p{L}[\p{L}\p{M}]*+(?:['\u2019]\p{L}[\p{L}\p{M}]*+)*+))*+"
)  # every match of document.WORD in one match: its captures, without a Token per word


# Possessive quantifiers (Python 3.11+) match the same words -- nothing follows the group to
# backtrack for -- but spare the engine its backtracking bookkeeping: a quarter of the split.
_ASCII_WORD_SPLIT = re.compile(
    r"([A-Za-z]++(?:['\u2019][A-Za-z]++)*+)"
    if sys.version_info >= (3, 11)
    else r"([A-Za-z]+(?:['\u2019][A-Za-z]+)*)"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LETTER_OR_MARK = regex.compile(r"[\p{L}\p{M}]")


@lru_cache(maxsize=4096)
def _inert(ch: str) -> bool:
    """A non-ASCII character that is neither a letter nor a mark (£, ’, “, —)."""
    return _LETTER_OR_MARK.match(ch) is None


def _token_lists(doc: Document) -> tuple:
    """(starts, texts) of ``doc.tokens``, built without the Token objects when not yet made."""
    cached = doc.__dict__.get("_cap_tokens")
    if cached is not None:
        return cached
    tokens = doc.__dict__.get("tokens")
    if tokens is not None:
        starts, texts = list(map(_START, tokens)), list(map(_TEXT, tokens))
    else:
        text = doc.text
        if text.isascii() or all(map(_inert, set(_NON_ASCII.findall(text)))):
            # \p{L} is [A-Za-z] here and \p{M} matches nothing: the stdlib splits faster
            parts = _ASCII_WORD_SPLIT.split(text)
            starts = list(itertools.accumulate(map(len, parts)))[0:-1:2]
            texts = parts[1::2]
        else:
            m = _WORD_RUN.match(text)
            starts, texts = m.starts(1), m.captures(1)
        spans = doc.protected
        if spans and starts:
            drop = []
            for s, e in spans:
                lo = bisect.bisect_left(starts, s)
                hi = bisect.bisect_left(starts, e, lo)
                if lo < hi:
                    drop.append((lo, hi))
            if drop:
                keep_s, keep_t, prev = [], [], 0
                for lo, hi in drop:
                    keep_s += starts[prev:lo]
                    keep_t += texts[prev:lo]
                    prev = hi
                keep_s += starts[prev:]
                keep_t += texts[prev:]
                starts, texts = keep_s, keep_t
    cached = doc.__dict__["_cap_tokens"] = (starts, texts)
    return cached


def analysis(doc: Document) -> Analysis:
    cached = doc.__dict__.get("_capitalisation")
    if cached is None:
        cached = doc.__dict__["_capitalisation"] = Analysis(doc)
    return cached


class CapitalisationRule(Rule):
    family = "capitalisation"

    def hit_violation(self, h) -> Violation:
        """A hit of the shared analysis, with the fix that restores its capitals."""
        safety = "safe" if h.safe else "unsafe"
        fix = Fix.replace(h.start, h.end, h.replacement, safety, f"write '{h.replacement}'")
        return self.violation(h.start, h.end, h.message, fix)


# --- NL201 ------------------------------------------------------------------------------------


class LowercaseProperNoun(CapitalisationRule):
    """A country, city, region, nationality, language, weekday or month is written in lower case.

    Scraped and spun text loses capitals: `seoul`, `russian`, `south Korea`. The names come
    from a gazetteer shipped as data (rules/gazetteer.toml, generated by
    scripts/make_gazetteer.py from GeoNames, CLDR and countryinfo data); only names whose
    lower-case form is not an ordinary English word are flagged anywhere (`turkey`, `china`,
    `polish`, `nice` and `reading` are words). `may`, `march` and `august` are flagged only
    where they are plainly months (`in may`, `5 march 2005`), and `china`, `japan` or `polish`
    only where only the name reads (`trade with china,`, `the polish government`). The fix
    restores the capital; it is unsafe where the lower-case form is also a word.
    """

    code, name = "NL201", "lowercase-proper-noun"
    fixable = "sometimes"
    bad = [
        (
            "Ministers from Tokyo and ⟦seoul⟧ met on Friday.",
            "Ministers from Tokyo and Seoul met on Friday.",
        ),
        "The convoy carried ⟦russian⟧ diplomats.",
        ("Exports to ⟦south Korea⟧ rose, he said.", "Exports to South Korea rose, he said."),
        "The ⟦North korean⟧ delegation left early.",
        ("Sales fell sharply in ⟦may⟧ and June.", "Sales fell sharply in May and June."),
        "Exports to ⟦china⟧, Japan and India rose.",
        "The vote is on 5 ⟦march⟧ 2005.",
        "She speaks fluent ⟦portuguese⟧ and some Spanish.",
        "The talks resume on ⟦monday⟧.",
    ]
    good = [
        "We roasted a turkey and set out the best china.",
        "He may march on; it was an august occasion.",
        "Reading the report in Nice, she said the polish was fine.",
        "Two big serves to polish off the game; a tin of french polish; a plate of french fries.",
        "See www.seoul.example/kursk for maps.",
        "The file is russian_weapons.csv in the seoul/ folder.",
        "A long march through the hills. They may 10 times refuse.",
        "Korea's east coast and the south of Korea were hit.",
        "The east London office and a Virginia beach house.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        if not english(doc):
            return
        for h in analysis(doc).gazetteer_hits():
            yield self.hit_violation(h)


# --- NL202 ------------------------------------------------------------------------------------


class InconsistentCapitalisation(CapitalisationRule):
    """A name the document capitalises mid-sentence elsewhere is written here in lower case.

    Scraped and spun text writes `seoul` beside `Seoul` and `Lena varga` beside `Lena Varga`.
    Capitals are learned only mid-sentence in prose, never from headings, titles, table rows
    or the first word of a sentence. A single word is flagged when its lower-case form is not
    an ordinary English word and the document capitalises it standing alone; the last word of
    a two-word name (`Lena varga`) when the name is written with both capitals elsewhere and
    its lower case is not used on its own. The message names the other form and its line; the
    fix uses the document's majority form (unsafe when the lower case is also a word).
    """

    code, name = "NL202", "inconsistent-capitalisation"
    fixable = "sometimes"
    yields_to = ("NL201",)  # a gazetteer name NL201 flags is not flagged twice
    bad = [
        (
            "Kim met Zelinski on Monday. Later ⟦zelinski⟧ left.",
            "Kim met Zelinski on Monday. Later Zelinski left.",
        ),
        "The envoy, Lena Varga, spoke to us. Lena Varga: Thank you.\nLena ⟦varga⟧: Goodbye.",
        "Troops near Zorvik were shelled. Later ⟦zorvik⟧ fell.",
    ]
    good = [
        "Zelinski\nThe heading said it; zelinski is a user name here.",
        "| Name | Zelinski |\n| Role | lead |\nLater zelinski left.",
        "The Labour Party met. The party chose a leader. Labour Party members agreed.",
        "He said: Bruno was late. The bruno variety of grape.",
        "Al Gore spoke about al-Qaeda and the al Jazeera reports.",
        "Gold Medal Winners list. The gold medal went to Kenya.",
        "The Mac Mini is new. The Mac mini is small. The Mac mini is cheap.",
        "The programme Supervolcano Live aired. Each supervolcano erupts rarely.",
        "It is known as TV Numerique. TV numerique terrestre is digital TV.",
        "Talks of Eurozone ministers ended. They said the eurozone is growing.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        if not english(doc):
            return
        for h in analysis(doc).document_hits():
            yield self.hit_violation(h)


# --- NL203 ------------------------------------------------------------------------------------


class CorpusCapitalisation(CorpusRule):
    """A word the corpus writes capitalised in many documents is written here in lower case.

    This is how a corpus of a thousand articles teaches newslint that `Kursk` is a name
    without anyone writing a list. Counts are per document, not per occurrence: a word is
    learned when at least `min-documents` documents capitalise it mid-sentence and at most
    `max-lowercase-share` of the documents using it write it in lower case. Only words whose
    lower-case form is not an ordinary English word are flagged.
    """

    code, name, family = "NL203", "corpus-capitalisation", "capitalisation"
    options = {"min-documents": 3, "max-lowercase-share": 0.25}
    bad = [
        [
            "Fighting near Vexlund went on.",
            "The Vexlund region was shelled.",
            "Troops left Vexlund at dawn.",
            "Refugees reached ⟦vexlund⟧ on foot.",
        ]
    ]
    good = [
        [
            "Fighting near Vexlund went on.",
            "The Vexlund region was shelled.",
            "Refugees reached vexlund on foot.",
        ],
        [
            "We met Quorra there.",
            "Then Quorra left.",
            "Ask Quorra.",
            "quorra said no.",
            "she saw quorra.",
            "a quorra thing.",
        ],
    ]

    def summarize(self, doc: Document):
        if not english(doc):
            return None
        a = analysis(doc)
        # words the gazetteer or the document itself shows to be names are NL201's and NL202's
        skip = {doc.text[h.start : h.end].lower() for h in a.gazetteer_hits()}
        skip.update(doc.text[h.start : h.end].lower() for h in a.document_hits())
        caps = {
            k: a.texts[v[0]]
            for k, v in a.caps.items()
            if not ordinary(k) and any(map(a.isolated, v))
        }
        lows: dict = {}
        text = doc.text
        forms = _corpus_candidates(a.forms)
        forms -= a.caps.keys()
        forms -= skip
        found = a.positions(forms)
        counts = Counter(a.texts[i] for i in found)
        for i in found:
            if counts[a.texts[i]] > 2:
                continue  # used in lower case throughout: the writer's choice
            w = a.word(i)
            if a.embedded(w) or text.startswith("-", w.end) or a.foreign(i) or a.in_table(w):
                continue
            lows.setdefault(w.text, []).append((doc.position(w.start), doc.position(w.end)))
        return {"cap": caps, "low": lows}

    def check_corpus(self, summaries: list):
        cap_docs: Counter = Counter()
        forms: dict = {}
        low_docs: Counter = Counter()
        for _, s in summaries:
            for k, form in s["cap"].items():
                cap_docs[k] += 1
                forms.setdefault(k, Counter())[form] += 1
            low_docs.update(s["low"].keys())
        need, share = self.settings["min-documents"], self.settings["max-lowercase-share"]
        for path, s in summaries:
            for k, spots in s["low"].items():
                n = cap_docs.get(k, 0)
                if n < need or low_docs[k] > share * (n + low_docs[k]):
                    continue
                form = forms[k].most_common(1)[0][0]
                for pos, end in spots:
                    yield self.report(
                        path,
                        pos,
                        f"'{k}' is written '{form}' in {n} other documents of the corpus",
                        end,
                    )


# --- NL204 ------------------------------------------------------------------------------------

PARA_START = regex.compile(r"[ \t]*[\"'\u201c\u2018\[]*(\p{L}[\p{L}\p{M}]*)")
SENTENCE_LOWER = regex.compile(r"(?<=[\p{L}\p{N}])(\.)\s+[\"'\u201c\u2018]?(\p{Ll}[\p{L}\p{M}]*)")
QUOTE_LOWER = regex.compile(
    r"\b(?:"
    + SPEECH_VERBS
    + r")[,:][ \t]*[\"\u201c](\p{Ll}[\p{L}\p{M}]*)[^\"\u201c\u201d\n]*?[.!?][\"\u201d]"
)
# what every QUOTE_LOWER match contains: a quick screen
QUOTE_HINT = regex.compile(r"[,:][ \t]*[\"\u201c]\p{Ll}")
# a quotation resumed after its speaker: '"It works," he said, "but not yet."'
RESUMED_QUOTE = regex.compile(r"[\"\u201d][ \t]+(?:\p{L}+[ \t]+){0,3}$")
LIST_ITEM = regex.compile(r"^[ \t]*(?:[-*+\u2022\u2013\u2014>]|\d{1,3}[.)]|[a-z][.)])[ \t]")
ENDS_SENTENCE = tuple(".!?\"'\u201d\u2019)\u2026]")  # not ":" -- a colon's continuation
# a paragraph that lost its capital starts like a sentence; one starting with a verb ("won the
# race") lost its first words instead, a defect for another rule
STARTERS = frozenset(
    """the a an this that these those it its he she they we i you his her their our my your there here
    in on at for with from by after before during when while if as but however meanwhile although
    though since so what why how where one some many most all both each every no last next mr mrs ms
    dr prof sir st according despite under over about following earlier later today yesterday""".split()
)


class SentenceStartsLowercase(CapitalisationRule):
    """A sentence, paragraph, quoted sentence or speaker line starts with a lower-case letter.

    `dr. Ilse Moritz: The lanes...` and `talks failed. the army moved in` lost a capital. Sentence
    ends are abbreviation-aware (no report after `e.g.`, `approx.`, `Mr.`); list items, table
    rows, brand names lower-case by design (`iPhone`, `eBay`, `easyJet`), ellipses, text after
    a colon or a question mark (`Shall We Dance? at number three`), quotations resumed after
    their speaker, and lines continuing an unfinished line are left alone. A paragraph is
    flagged only when its first word starts sentences (`the`, `he`, `dr`) or is a name: a
    paragraph starting `won the race` lost words, not a capital. The fix capitalises the
    letter; after a full stop inside a paragraph it is unsafe (the stop may be the error).
    """

    code, name = "NL204", "sentence-starts-lowercase"
    fixable = "sometimes"
    bad = [
        (
            "Lena Varga: Thank you.\n⟦dr⟧. Ilse Moritz: The lanes matter.",
            "Lena Varga: Thank you.\nDr. Ilse Moritz: The lanes matter.",
        ),
        "The talks failed. ⟦the⟧ army then moved in.",
        'He said, "⟦the⟧ troops will come home soon."',
        "The talks failed.\n\n⟦the⟧ army then moved in.",
    ]
    good = [
        "Lena Varga: how would you put it?",
        "Prices rose, e.g. for bread, by approx. five per cent.",
        "He bought an iPhone. iPhone sales rose. eBay and easyJet too.",
        "- item one\n- item two\nwith a lowercase start",
        "| a | b |\n| c | d |",
        "It went on and on... and then stopped. It ended\nwith a lowercase continuation.",
        '"Why?" he asked. "Really!" she said. Shall We Dance? is at number three.',
        'He called it "a disaster for everyone."',
        '"It works," he said, "but not for everyone."',
        "Visit www.example.com today. bbc.co.uk is down.",
        "The race was fast.\n\nwon the 60m in 6.5 seconds.",
        "Fans of M.A.S.K. get a remake. All ID. models gain it.",
        "my6sense is a firm.\n\nThis could occur:\n\nif it rains.\n\nIt rained. ecobee makes thermostats. on. it.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        if not english(doc):
            return
        text = doc.text
        table = doc.table_lines
        prev_end = None
        for ps, pe in doc.paragraphs:
            if doc.in_hidden(ps) or doc.line_index(ps) in table:
                prev_end = None
                continue
            para = text[ps:pe]
            if not LIST_ITEM.match(para) and self._after_finished(text, prev_end):
                m = PARA_START.match(text, ps, pe)
                if (
                    m
                    and self._flaggable(doc, m.start(1), m.group(1))
                    and not _ellipsis_before(text, m.start(1), ps)
                ):
                    word = m.group(1)
                    if word in STARTERS and not _one_word_sentence(text, m.end(1), word):
                        yield self._report(
                            m.start(1), word, "paragraph starts with a lower-case letter", "safe"
                        )
            for m in SENTENCE_LOWER.finditer(text, ps, pe):
                at, word = m.start(2), m.group(2)
                if (
                    _is_abbreviation(text, m.start(1), ps)
                    or _short_unknown(text, m.start(1))
                    or _dotted(text, m.start(1))
                ):
                    continue
                if doc.is_protected(m.start(1)) or not self._flaggable(doc, at, word):
                    continue
                if not (ordinary(word) or word in STARTERS) or _one_word_sentence(
                    text, at + len(word), word
                ):
                    continue  # a brand (ecobee) or a one-word sentence (on. it.): by design
                yield self._report(at, word, "sentence starts with a lower-case letter", "unsafe")
            if not (
                (text.find('"', ps, pe) >= 0 or text.find("\u201c", ps, pe) >= 0)
                and QUOTE_HINT.search(text, ps, pe)
            ):
                prev_end = pe
                continue  # no QUOTE_LOWER match can lie in the paragraph
            for m in QUOTE_LOWER.finditer(text, ps, pe):
                if RESUMED_QUOTE.search(text, max(ps, m.start() - 40), m.start()):
                    continue
                if len(m.group().split()) >= 5 and self._flaggable(doc, m.start(1), m.group(1)):
                    yield self._report(
                        m.start(1),
                        m.group(1),
                        "quoted sentence starts with a lower-case letter",
                        "safe",
                    )
            prev_end = pe

    @staticmethod
    def _after_finished(text: str, prev_end: Optional[int]) -> bool:
        if prev_end is None:
            return True
        j = prev_end
        while j and text[j - 1].isspace():  # text[:prev_end].rstrip(), without the copy
            j -= 1
        return j > 0 and text[j - 1] in ENDS_SENTENCE

    @staticmethod
    def _flaggable(doc: Document, at: int, word: str) -> bool:
        if not word[:1].islower() or _internal_capital(word) or doc.is_protected(at):
            return False
        text = doc.text
        if at and text[at - 1] in "'\u2019(":
            return False  # 's after a lost name, (seeds in brackets)
        end = at + len(word)
        nxt = text[end : end + 2]
        if nxt[:1].isdigit():
            return False  # my6sense
        return not (nxt[:1] in "._@/" and nxt[1:2].isalnum()) and not nxt.startswith(" /")

    def _report(self, at: int, word: str, message: str, safety: str) -> Violation:
        fixed = word[0].upper() + word[1:]  # the whole word, as NL201 would write a name
        return self.violation(
            at,
            at + len(word),
            f"{message}: '{word}'",
            Fix.replace(at, at + len(word), fixed, safety, f"write '{fixed}'"),
        )


def _dotted(text: str, dot: int) -> bool:
    """The dot ends an acronym written with stops: M.A.S.K."""
    if dot >= 2 and text[dot - 2] == ".":
        return True
    m = SHORT_CAPS_END.search(text, max(0, dot - 6), dot)
    return bool(m)


def _ellipsis_before(text: str, at: int, floor: int) -> bool:
    return text[floor:at].lstrip().startswith(("...", "\u2026"))


_ONE_WORD = regex.compile(r"(?:['\u2019]\p{L}+)?\.(?:\s|$)")
TITLES = frozenset("mr mrs ms dr prof sir st gen sen rep gov lt col capt sgt rev".split())


def _one_word_sentence(text: str, end: int, word: str) -> bool:
    """'on. it.': a one-word sentence, lower case by design (not 'dr.', an abbreviation)."""
    return word not in TITLES and bool(_ONE_WORD.match(text, end))


SHORT_CAPS_END = regex.compile(r"(?<!\p{L})\p{Lu}{2,4}$")  # ID. models
SHORT_WORD_END = regex.compile(r"(?<!\p{L})(\p{Ll}{1,4})$")


def _short_unknown(text: str, dot: int) -> bool:
    """A short lower-case word before the dot that is not a word: an abbreviation (sq. ft.)."""
    m = SHORT_WORD_END.search(text[max(0, dot - 6) : dot])
    return bool(m) and not ordinary(m.group(1))


# --- NL205 ------------------------------------------------------------------------------------

MINOR = frozenset(
    """a an the and or nor but of in on at to for with by from as via vs into onto over per than up
    off out is are was be its it this that these those his her their our my your now not all no""".split()
)


class HeadingCapitalisation(CapitalisationRule):
    """A heading mixes title case and sentence case: `The Wider implications: A crisis Deepening`.

    Judged against the document's other headings: when they use title case, the lower-case
    words stand out; when they use sentence case, the capitalised ordinary words do. Names
    (words the document capitalises mid-sentence, or that are not ordinary words) and the
    word after a colon are left alone. Opinionated, so off by default.
    """

    code, name = "NL205", "heading-capitalisation"
    default_enabled = False
    bad = [
        "Options for Stranded Sailors\n\nThe crews waited.\n\nThe Long Road Back to Port\n\nThey sailed.\n\n"
        "The Wider ⟦implications⟧: A crisis Deepening\n\nThey left.",
    ]
    good = [
        "Options for Stranded Sailors\n\nThe crews waited.\n\nThe Long Road Back to Port\n\nThey sailed.",
        "Options for stranded sailors\n\nThe crews waited in South Africa.\n\nThe long road back to South Africa\n\nThey sailed.",
    ]

    def check(self, doc: Document) -> Iterator[Violation]:
        if not english(doc):
            return
        a = analysis(doc)
        by_heading = []
        title = doc.title.start if doc.title else -1
        for s, e in doc.headings:
            if s == title:
                continue  # a headline has its own style
            caps, lows = self._style(doc, a, s, e)
            by_heading.append((s, caps, lows))
        title = sum(1 for _, c, lo in by_heading if c and not lo)
        sentence = sum(1 for _, c, lo in by_heading if lo and not c)
        for _, caps, lows in by_heading:
            if not (caps and lows):
                continue
            if title > sentence:
                odd, style = lows, "title case"
            elif sentence > title:
                odd, style = caps, "sentence case"
            else:
                continue
            if len(odd) < 2:
                continue  # one odd word is as likely a name or a quirk as a mix of styles
            w = odd[0]
            yield self.violation(
                w[0],
                w[1],
                f"heading mixes title case and sentence case; the other headings use {style}: '{doc.text[w[0] : w[1]]}'",
            )

    @staticmethod
    def _style(doc: Document, a: Analysis, s: int, e: int) -> tuple:
        text = doc.text
        caps, lows = [], []
        first = True
        for m in regex.finditer(r"\p{L}[\p{L}\p{M}'\u2019-]*", text[s:e]):
            word = m.group()
            start = s + m.start()
            after_colon = text[s:start].rstrip().endswith(":")
            if first or after_colon or text[max(s, start - 1) : start] in "(-":
                first = False
                continue
            low = word.lower()
            if low in MINOR or len(word) < 3 or word.isupper() or "-" in word:
                continue
            if word[0].isupper():
                if ordinary(low) and low not in a.caps:
                    caps.append((start, start + len(word)))
            elif ordinary(low):
                lows.append((start, start + len(word)))
        return caps, lows
