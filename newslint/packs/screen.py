"""The first-word screen of a built-in pack's whole-line entries (NL701's): which entries a line
or a sentence can start with, learnt from its first words, so that most lines and sentences
are never matched against the entries at all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

import regex

from newslint.packs.needs import (
    _ESCAPE_END,
    _GROUP,
    _class_end,
    _close,
    _quantified,
    _source,
    _Unknown,
    alternatives_of,
    folded,
    holds,
    needs_of,
)
from newslint.packs.rules import PATTERN_TIMEOUT

WORD = regex.compile(r"[^\W\d_]+")  # a sentence's first word: its letters
SPELT = regex.compile(r"[A-Za-z]+")  # the words a pattern spells out
TWO_WORDS = regex.compile(r"\S*(?:\s+\S+)?\s?")  # a sentence's first two words and a space
ESCAPE = regex.compile(r"\\[A-Za-z](?:\{[^}]*\})?")  # \s, \b, \p{L}: no words spelt
ANY_WORD = ("Zqxj", "zqxj", "ZQXJ")  # no entry starts so, unless it starts with any word


class SentenceScreen:
    """NL701's entries asked of a sentence, as if it were a line (``entry``), or of a line
    (``line_match``), at the cost of a few dictionary look-ups for most of them.

    Trying every entry on every sentence costs as much as the other residue rules together,
    and nearly every sentence of an article starts with words no entry starts with. So a
    sentence is tried only when (1) its first word is a word the entries' patterns spell out
    (`Follow`, `Photo`, `Read`; a sentence opening with a digit or a sign is looked up by that
    character) and some entries can start with it (the entries that spell a word beginning
    it, their patterns compiled then and matched partially against it, once per word), and
    those entries can start with its first two words; or (2) it is
    one of the entries that may start with any word (a name and a credit: `Jane Doe/Reuters`),
    which the pack keeps at its end and which are tried on every sentence the caller asks.
    Entries start with words they spell out (`thanks?` spells thank and thanks): the tests
    check it of every bad example, and that no entry before the pack's tail starts with any
    word. A line (NL701's, and a sentence NL707 and NL709 hold for one) is asked by what its
    first word begins with, whatever the word (`Fullscreen` starts `full ?screen`): the
    words every match of an entry begins with (``start_words``) are read off its pattern.
    Only the built-in packs, which the tests check so, are screened."""

    MAX_WORDS = 100_000  # pairs of first words remembered; then forgotten and learnt again

    def __init__(self, pack):
        self.pack = pack
        patterns = pack.entry_patterns
        tail = len(patterns)  # the entries from here on may start with any word
        while tail > 0 and any(patterns[tail - 1].match(w, partial=True) for w in ANY_WORD):
            tail -= 1
        self.tail = tail
        # what a text must hold for each entry of the tail to match in it (None: unknown)
        self.tail_needs = needs_of(patterns[tail:], pack.pattern.flags)
        # the strings of every alternative's first need: a text without any holds no need
        self.tail_firsts = (
            ("",)  # (in every text: no shortcut)
            if None in self.tail_needs
            else tuple(sorted({w for needs in self.tail_needs for alt in needs for w in alt[0]}))
        )
        self.bodies = patterns[:tail]  # compiled as they are first needed
        self.spelt = frozenset(w for p in self.bodies for w in _spelt(_source(p)))
        # per entry, the words it starts with (else every word it spells, escapes such as \\s
        # left out): an entry is asked about a first word only if one of them begins it
        # (`graphic` in `graphics?`)
        self.spelt_by = [_starting(_source(p)) for p in self.bodies]
        self.by_prefix: dict = {}  # a first word -> the entries starting with it
        for i, spelt in enumerate(self.spelt_by):
            for w in spelt:
                self.by_prefix.setdefault(w, set()).add(i)
        self.longest = max(map(len, self.by_prefix), default=0)
        self._any_pattern = None  # compiled on first use
        self._tail_pattern = None
        self._lines: dict = {}  # entry index -> its line pattern (``_entry_line``)
        self._alone: dict = {}  # entry index of the tail -> its any-word pattern
        self.starting: dict = {}  # first word (or character) -> entries that may start with it
        self.known: dict = {}  # first two words -> the entries that may start with them

    def prepare(self) -> None:
        """Compile the patterns now: in a process about to fork workers, it leaves them
        compiled in every worker, instead of each compiling its own (the rules no longer
        call it when they are made: a one-file run would pay for every pattern)."""
        for body in self.bodies:
            body.match("")
        for i in range(len(self.pack.entry_patterns)):
            self._entry_line(i)
        self.any_word.match("")
        self.tail_lines.match("")
        for i in range(self.tail, len(self.pack.entry_patterns)):
            self._tail_alone(i)

    @property
    def any_word(self):
        """The entries that may start with any word, one pattern (for ``fullmatch``)."""
        if self._any_pattern is None:
            patterns = self.pack.entry_patterns[self.tail :]
            source = "|".join(f"(?:{_source(p)})" for p in patterns)
            self._any_pattern = regex.compile(source or "(?!)", self.pack.pattern.flags)
        return self._any_pattern

    @property
    def tail_lines(self):
        """The pack's whole pattern but for the entries before its tail: what it matches at
        the start of a line that starts no entry before the tail (same groups, same order)."""
        if self._tail_pattern is None:
            full = self.pack.entry_full
            source = "|".join(f"(?P<e{i}>{_source(full[i])})" for i in range(self.tail, len(full)))
            self._tail_pattern = regex.compile(source or "(?!)", self.pack.pattern.flags)
        return self._tail_pattern

    def _entry_line(self, i: int):
        """Entry ``i``'s alternative of the pack's whole pattern (and of ``tail_lines``, for
        an entry of the tail), alone: the same group name, compiled on first use."""
        found = self._lines.get(i)
        if found is None:
            line = f"(?P<e{i}>{_source(self.pack.entry_full[i])})"
            found = self._lines[i] = regex.compile(line, self.pack.pattern.flags)
        return found

    def _tail_alone(self, i: int):
        """Entry ``i`` of the tail alone, as ``any_word`` holds it (for ``fullmatch``)."""
        found = self._alone.get(i)
        if found is None:
            alone = f"(?:{_source(self.pack.entry_patterns[i])})"
            found = self._alone[i] = regex.compile(alone, self.pack.pattern.flags)
        return found

    def line_match(self, text: str, start: int, end: int, run, tail: Optional[tuple] = None):
        """``run(pattern.match, text, start, end)`` of the pack's whole pattern (its entries as
        alternatives, the first that matches wins), for a line starting at ``start``: the
        entries its first two words may start, then those that may start with any word, and
        of those only the ones in ``tail`` (``tail_in``: those whose needs the document holds;
        None: all), each alone, in the pack's order as the alternation tries them.  The whole
        pattern is never compiled: a run compiles the few entries its lines may start (the
        pack's alternation took a tenth of a second to compile)."""
        for i in self._starters(text, start, end, exact=True):
            m = run(self._entry_line(i).match, text, start, end)
            if m is not None:
                return m
        if tail is None:
            return run(self.tail_lines.match, text, start, end)
        for i in tail:
            m = run(self._entry_line(i).match, text, start, end)
            if m is not None:
                return m
        return None

    def tail_in(self, doc) -> tuple:
        """The entries of the tail that may match in ``doc``: those whose needs its text holds
        (its line breaks as spaces, as a sentence is asked).  Three documents in four hold
        none: a credit's slash, `all rights reserved`, `newsletter`, `cookie`, `trade mark`."""
        return doc.memo(f"packs.tail.{self.pack.code}", lambda: self._tail_holding(doc.text))

    def _tail_holding(self, text: str) -> tuple:
        text = folded(text.replace("\n", " "))
        if text is not None and not any(w in text for w in self.tail_firsts):
            return ()  # most documents: a look for each first need settles it
        return tuple(i for i, needs in enumerate(self.tail_needs, self.tail) if holds(needs, text))

    def spelling(self, word: str) -> list:
        """The entries that may start with ``word`` (in lower case): those whose first words
        (``start_words``, else every word they spell) begin it (tests/test_line_screen.py
        checks every word the entries spell, and what may follow it, against the entries'
        own patterns)."""
        found: set = set()
        by_prefix = self.by_prefix
        for k in range(1, min(len(word), self.longest) + 1):
            entries = by_prefix.get(word[:k])
            if entries:
                found |= entries
        return sorted(found)

    def entry(
        self,
        text: str,
        start: int = 0,
        end: Optional[int] = None,
        any_word: bool = True,
        tail: Optional[tuple] = None,
    ) -> Optional[tuple]:
        """(entry index, match) when ``text[start:end]``, taken as a line (its line breaks as
        spaces), is one of NL701's entries; the match is of that sentence.  ``any_word=False``
        leaves out the entries that may start with any word, as does an empty ``tail``
        (``tail_in``: the document holds nothing they need)."""
        end = len(text) if end is None else end
        if not self._may_start(text, start, end) and not (
            any_word and tail != () and self._any_word(text, start, end, tail)
        ):
            return None
        sentence = text[start:end]
        return self.pack.line_entry(sentence.replace("\n", " ") if "\n" in sentence else sentence)

    def _any_word(self, text: str, start: int, end: int, tail: Optional[tuple] = None) -> bool:
        """Whether an entry of the tail (of ``tail``, when given) is the whole sentence."""
        if text.find("\n", start, end) != -1:
            text, start, end = text[start:end].replace("\n", " "), 0, end - start
        if tail is None:
            return _run(self.any_word.fullmatch, text, start, end) is not None
        return any(_run(self._tail_alone(i).fullmatch, text, start, end) for i in tail)

    def _may_start(self, text: str, start: int, end: int, exact: bool = False) -> bool:
        """Whether an entry before the tail may start at ``start``.  ``exact``: whatever the
        first word (`Fullscreen` starts `full ?screen`), else only a word the entries spell
        (as NL707 and NL709 have always asked)."""
        return bool(self._starters(text, start, end, exact))

    def _starters(self, text: str, start: int, end: int, exact: bool = False) -> tuple:
        """The entries before the tail that may start at ``start`` (``_may_start``), in the
        pack's order: those whose patterns its first word, then its first two words, may begin."""
        m = WORD.match(text, start, end)
        if m is None:
            first = text[start : start + 1]  # a digit or a sign: every entry is asked
        elif exact or m.group().casefold() in self.spelt:
            first = m.group()
        else:
            return ()
        entries = self.starting.get(first)
        if entries is None:
            if len(self.starting) >= self.MAX_WORDS:
                self.starting.clear()
            asked = range(len(self.bodies)) if m is None else self.spelling(first.casefold())
            bodies = self.bodies
            entries = self.starting[first] = tuple(
                i for i in asked if _run(bodies[i].match, first, partial=True)
            )
        if not entries:
            return ()
        words = TWO_WORDS.match(text, start, end).group().replace("\n", " ")
        known = self.known.get(words)
        if known is None:
            if len(self.known) >= self.MAX_WORDS:
                self.known.clear()
            bodies = self.bodies
            known = self.known[words] = tuple(
                i for i in entries if _run(bodies[i].match, words, partial=True)
            )
        return known


def _starting(source: str) -> tuple:
    """The words an entry may start with, or if that cannot be told, every word it spells."""
    words = start_words(source)
    if words is None:
        words = (w for w in _spelt(ESCAPE.sub(" ", source)) if w)
    return tuple(sorted(set(words)))


def start_words(source: str) -> Optional[frozenset]:
    """Lower-case words one of which begins every match of a pattern that starts with a letter
    (`(?:the )?video` gives the and video; `thanks?` gives thank), or None when its start is
    not plain enough to tell (a class or an escape that may match a letter, `.`, a
    back-reference).  A match starting with a sign or a digit needs no word: a sentence that
    does so has no first word, and every entry is asked about it."""
    try:
        alternatives, end = _alternatives(source, 0)
    except _Unknown:
        return None
    if end != len(source) or any(words is None for words, _ in alternatives):
        return None
    return frozenset(w for words, _ in alternatives for w in words)


# The parse reads a pattern only as far as its first words: each alternative up to its first
# item that must match (a letter, then the letters after it; a sign; a group that cannot match
# nothing), the rest of it skipped.  An item is (kind, value): "letter" (the letter), "other"
# (a sign, a digit, white space: no letter), "empty" (zero-width), "group" (value: its
# alternatives' (words, may match nothing)), "any" (may match a letter: a class, `.`, `\w`).
_NO_LETTER_ESCAPES = set("sdWbBAZntrfv.()[]{}|?*+^$\\/-#&'\"~:;,!@%=<>_ ")
_LOOK = regex.compile(r"\(\?<?[=!]")


def _alternatives(src: str, i: int) -> tuple:
    """([(words or None, whether it may match nothing)] per alternative, where they end)."""
    return alternatives_of(src, i, _sequence)


def _sequence(src: str, i: int) -> tuple:
    words: set = set()
    while i < len(src) and src[i] not in "|)":
        (kind, value), at = _atom(src, i)
        optional, i = _quantified(src, at)
        if kind == "letter" and not optional:
            while i == at and src[i : i + 1].isalpha():  # the letters after it, as far as sure
                optional, after = _quantified(src, i + 1)
                if optional:
                    break
                value, at, i = value + src[i].casefold(), i + 1, after
            words.add(value)
            return (words, False), _skip(src, i)
        if kind == "any":
            return (None, False), _skip(src, i)
        if kind == "letter":
            words.add(value)
        elif kind == "group":
            nullable = optional
            for found, empty in value:
                if found is None:
                    return (None, False), _skip(src, i)
                words |= found
                nullable = nullable or empty
            if not nullable:
                return (words, False), _skip(src, i)
        elif kind == "other" and not optional:
            return (words, False), _skip(src, i)
    return (words, True), i


def _skip(src: str, i: int) -> int:
    """The end of the alternative going on at ``i``: the next `|` or `)` outside groups,
    classes and escapes."""
    depth = 0
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(src, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return i
            depth -= 1
        elif c == "|" and depth == 0:
            return i
        i += 1
    return i


def _atom(src: str, i: int) -> tuple:
    c = src[i]
    if c == "(":
        look = _LOOK.match(src, i)
        if look:  # a lookaround: it matches nothing
            j = _skip(src, look.end())
            while src[j : j + 1] == "|":
                j = _skip(src, j + 1)
            return ("empty", None), _close(src, j)
        opening = _GROUP.match(src, i) if src.startswith("(?", i) else None
        if opening is None and src.startswith("(?", i):
            raise _Unknown  # inline flags for the whole pattern, a conditional
        alternatives, j = _alternatives(src, opening.end() if opening else i + 1)
        return ("group", alternatives), _close(src, j)
    if c == "[":
        end = _class_end(src, i)
        inner = src[i + 1 : end - 1]
        letters = inner.startswith("^")  # a negated class may match a letter
        j = 0
        while j < len(inner) and not letters:
            if inner[j] == "\\":
                letters = inner[j + 1 : j + 2] not in _NO_LETTER_ESCAPES
                j += 2
                continue
            ranged = inner[j] == "-" and 0 < j < len(inner) - 1
            letters = inner[j].isalpha() or ranged
            j += 1
        return ("any" if letters else "other", None), end
    if c == "\\":
        e = src[i + 1 : i + 2]
        if not e:
            raise _Unknown
        if e in "bBAZ":
            return ("empty", None), i + 2
        if e in _NO_LETTER_ESCAPES:
            return ("other", None), i + 2
        # \w, \p{L}, \S, \u00e9, \N{...}, a back-reference: may be a letter
        return ("any", None), _ESCAPE_END.match(src, i).end()
    if c in "^$":
        return ("empty", None), i + 1
    if c == ".":
        return ("any", None), i + 1
    if c.isalpha():
        return ("letter", c.casefold()), i + 1
    return ("other", None), i + 1


def _spelt(source: str) -> Iterator[str]:
    """The words a pattern spells out, in lower case: `thanks?` gives thanks and thank,
    `e-?mail` gives e, mail and email."""
    for text in (source, source.replace("-?", "").replace("'?", "")):
        for m in SPELT.finditer(text):
            yield m.group().casefold()
            if text.startswith("?", m.end()):
                yield m.group()[:-1].casefold()


def _run(method, text: str, *args, **kwargs):
    try:
        return method(text, *args, timeout=PATTERN_TIMEOUT, **kwargs)
    except TimeoutError:
        return True  # let line_entry decide (and time out) as it would have
