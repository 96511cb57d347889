"""The rule classes a TOML pack becomes: existence and substitution rules, whole or made of
entries with their own conditions, and the patterns they run (compiled once, bounded in time)."""

from __future__ import annotations

import bisect
import time
from collections.abc import Iterator
from typing import Callable, Optional

import regex

from newslint.document import Document, Problem, continues_line
from newslint.lazy import LazyPattern
from newslint.packs.needs import folded as folded_text
from newslint.packs.needs import holds, needs_of
from newslint.rule import Fix, Rule, Violation

# the time a rule's patterns may take on one document: a runaway pattern must not hang a run
PATTERN_TIMEOUT = 1.0  # seconds, plus PATTERN_TIME_PER_CHAR for each character of the text
PATTERN_TIME_PER_CHAR = 1e-5  # a long document takes long: 10 s more a megabyte
TIMED_OUT = "NL009"  # the input rule that reports a rule stopped on a document


class PackError(Exception):
    """A rule pack is broken: the message names the pack, the rule and the field."""


EAGER = [True]  # user packs are compiled (and so validated) when they are loaded


def compile_pattern(pattern: str, flags: int, label: str):
    # a built-in pack's pattern is compiled on first use: the shipped packs are validated by
    # the test suite, and compiling all of them at start-up would cost more than linting a file
    if not EAGER[0]:
        return LazyPattern(pattern, flags)
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise PackError(f"{label}: bad pattern: {exc}") from None


def class_name(name: str) -> str:
    return "Pack_" + name.replace("-", "_")


class Clock:
    """The processor time left to one rule on one document, and where its patterns were.

    The limit is in processor time, so that a busy machine (many workers, other jobs) does
    not stop a pattern that is merely waiting its turn: ``run`` gives a pattern call what is
    left as its (wall-clock) ``timeout`` and repeats a call that timed out while time was
    still left; once none is, it raises TimeoutError."""

    __slots__ = ("limit", "started", "at", "read_at", "spare")

    def __init__(self, doc: Document):
        self.limit = PATTERN_TIMEOUT + PATTERN_TIME_PER_CHAR * len(doc.text)
        self.started = time.thread_time()
        self.at = 0  # the start of the text being searched
        self.read_at, self.spare = time.perf_counter(), self.limit  # the last reading

    def left(self) -> float:
        # A thread spends no more processor time than the wall-clock time that passes, so
        # while under half of what was left at the last reading has passed on the wall clock
        # (a cheap call), at least the rest is left: the processor clock, a system call that
        # cost a tenth of NL701's time when read for every line, is read again only then.
        # A pattern given that rest and timing out is run again (``run``) after a reading.
        since = time.perf_counter() - self.read_at
        if since < self.spare / 2:
            return self.spare - since
        left = self.limit - (time.thread_time() - self.started)
        if left <= 0:
            raise TimeoutError
        self.read_at, self.spare = time.perf_counter(), left
        return left

    def run(self, method: Callable, *args):
        """``method(*args, timeout=...)`` (a pattern's match, search or fullmatch), within the
        time left."""
        while True:
            left = self.left()  # raises once the processor time is spent
            try:
                return method(*args, timeout=left)
            except TimeoutError:
                self.spare = 0.0  # read the processor clock next time
                continue  # timed out waiting its turn, or the time is spent: left() tells

    def finditer(self, pattern, *args, left: float = 0.0) -> list:
        """Every match of ``pattern.finditer(*args)``, within the time left.  ``left``, when
        given, is what ``left()`` said before a few such calls: taken as the timeout first, it
        saves asking for the time at each (the hot loops run a pattern an entry a sentence)."""
        if left:
            try:
                return list(pattern.finditer(*args, timeout=left))
            except TimeoutError:
                self.spare = 0.0  # read the processor clock next time
        return self.run(_every_match, pattern, *args)


def _every_match(pattern, *args, timeout: float) -> list:
    return list(pattern.finditer(*args, timeout=timeout))


class PackRule(Rule):
    pack_scope = "sentence"
    message_template = ""
    pattern = None
    exceptions: list = []
    prose_only = True
    pack_label = ""  # "<pack file>: rule <code>", for reports about the rule itself

    def check(self, doc: Document) -> Iterator[Violation]:
        """The rule's findings until its patterns run out of time (or memory) on the document:
        then an NL009 problem for the engine to report, and the rule stops there."""
        clock = Clock(doc)
        try:
            yield from self.findings(doc, clock)
        except (TimeoutError, MemoryError) as exc:
            what = (
                f"took over {clock.limit:.1f} s"
                if isinstance(exc, TimeoutError)
                else "ran out of memory"
            )
            doc.problems.append(
                Problem(
                    TIMED_OUT,
                    clock.at,
                    f"{self.pack_label or self.code}: a pattern {what} on this document and was "
                    f"stopped; the rule's reports here may be incomplete",
                )
            )

    def findings(self, doc: Document, clock: Clock) -> Iterator[Violation]:
        raise NotImplementedError  # pragma: no cover - the kinds below

    def matches(self, doc: Document, clock: Clock) -> Iterator:
        text, pattern = doc.text, self.pattern
        for start, end in doc.iter_scope(self.pack_scope):
            clock.at = start
            for m in clock.finditer(pattern, text, start, end, left=clock.left()):
                if self.accepts(doc, m, clock):
                    yield m

    def accepts(self, doc: Document, m, clock: Clock) -> bool:
        """A match counts unless it is empty, touches a protected span (URL, number, code) in a
        prose-only rule, or is one of the rule's exceptions."""
        if m.end() == m.start():
            return False
        if self.prose_only and doc.overlaps_protected(m.start(), m.end()):
            return False
        found = m.group()
        return not any(clock.run(x.fullmatch, found) for x in self.exceptions)

    def format(self, match: str, replacement: str = "") -> str:
        return self.message_template.replace("{match}", match).replace("{replacement}", replacement)


class ExistenceRule(PackRule):
    def findings(self, doc: Document, clock: Clock) -> Iterator[Violation]:
        for m in self.matches(doc, clock):
            yield self.violation(m.start(), m.end(), self.format(m.group()))


def expanded(template: str, pattern, doc: Document, m, clock: Clock) -> str:
    """``template`` expanded on ``pattern``'s own match of ``m``'s text (so that ``\\1`` is
    a group of that pattern, not of the rule's pattern of alternatives); as written where
    it does not match there."""
    own = clock.run(pattern.fullmatch, doc.text, m.start(), m.end())
    return own.expand(template) if own else template


class SubstitutionRule(PackRule):
    replacements: list = []
    # a regex swap's key patterns, by index, for the templates that hold a backslash: a
    # template's groups are its own key's (in the rule's pattern, \\1 is the first key's whole)
    swap_patterns: dict = {}

    def findings(self, doc: Document, clock: Clock) -> Iterator[Violation]:
        for m in self.matches(doc, clock):
            index = int(m.lastgroup[1:]) if m.lastgroup and m.lastgroup.startswith("s") else 0
            replacement = self.replacements[index]
            if index in self.swap_patterns:
                replacement = expanded(replacement, self.swap_patterns[index], doc, m, clock)
            replacement = match_case(m.group(), replacement)
            fix = Fix.replace(
                m.start(), m.end(), replacement, self.fixable, f"replace with '{replacement}'"
            )
            yield self.violation(m.start(), m.end(), self.format(m.group(), replacement), fix)


_ENTRY_NEEDS: dict = {}  # an entry rule's class -> its entries' needs


class EntryRule(PackRule):
    """A pack rule built from entries: each match is checked against its entry's conditions."""

    entry_patterns: list = []
    entry_conditions: list = []  # (position, message, replacement) per entry
    edge_lines = 3
    whole_lines = False  # every entry matches whole lines only
    entry_looks_back: list = []  # (before, not-before) patterns per entry, anchored at the match
    entry_triggers: list = []  # per entry: words one of which every match contains, or None
    entry_full: list = []  # per entry: its pattern with its lookahead conditions
    MAX_LINE = 1000  # whole-line entries: longer lines are prose, not page furniture
    # the built-in packs' whole-line rules: the class of their first-word screen (packs/screen.py)
    screen_class = None

    @classmethod
    def line_screen(cls):
        """The rule's first-word screen, made on first use (None: every line is matched)."""
        if cls.screen_class is None:
            return None
        screen = cls.__dict__.get("_line_screen")
        if screen is None:
            screen = cls._line_screen = cls.screen_class(cls())
        return screen

    @classmethod
    def entry_needs(cls) -> tuple:
        """What each entry needs a text to hold for it to match (packs/needs.py), read off the
        patterns on first use.  Kept beside the class, not in it: a rule's data is what a Dask
        worker's rule is checked against (engine/dask_executor.py), and a worker that has not
        used the rule yet has not read them."""
        needs = _ENTRY_NEEDS.get(cls)
        if needs is None:
            needs = _ENTRY_NEEDS[cls] = needs_of(cls.entry_patterns, cls.pattern.flags)
        return needs

    def matches(self, doc: Document, clock: Clock) -> Iterator:
        if not self.whole_lines:
            yield from super().matches(doc, clock)
            return
        text = doc.text
        screen = self.line_screen()
        tail = None if screen is None else screen.tail_in(doc)
        lines = (
            doc.lines  # a line scope's spans are the lines themselves
            if self.pack_scope == "line"
            else (
                line
                for span in doc.iter_scope(self.pack_scope)
                for line in _line_spans_in(doc, *span)
            )
        )
        for s, e in lines:
            while s < e and text[s] in " \t":
                s += 1
            if s == e or e - s > self.MAX_LINE:
                continue
            clock.at = s  # one attempt per line, at its first character
            if screen is None:
                m = clock.run(self.pattern.match, text, s, e)
            else:  # the same match, most lines only looked up
                m = screen.line_match(text, s, e, clock.run, tail)
            if m is None or continues_line(text, doc.lines, doc.line_index(s)):
                continue  # a wrapped sentence's last words ("comment.") are not a label
            if self.accepts(doc, m, clock):
                yield m

    def indexed_matches(self, doc: Document, clock: Clock) -> Iterator[tuple]:
        """(entry index, match), running only the entries whose trigger words the text has."""
        if self.entry_triggers.count(None) == len(self.entry_triggers):
            for m in self.matches(doc, clock):  # every entry is run: nothing to fold for
                yield int(m.lastgroup[1:]), m
            return
        folded = doc.text.casefold()
        chosen = [
            i for i, t in enumerate(self.entry_triggers) if t is None or any(w in folded for w in t)
        ]
        if not chosen:
            return
        if self.whole_lines or len(chosen) == len(self.entry_triggers):
            for m in self.matches(doc, clock):
                yield int(m.lastgroup[1:]), m
            return
        text = doc.text
        full, triggers = self.entry_full, self.entry_triggers
        # where the chosen entries' trigger words are: offsets of the text itself when folding
        # kept every character one character (else each span is folded and searched)
        places = _trigger_places(folded, chosen, triggers) if len(folded) == len(text) else None
        needs = self.entry_needs()
        for start, end in doc.iter_scope(self.pack_scope):
            # a match lies inside its scope span: an entry runs only where its trigger is
            if places is not None:
                run = _entries_inside(places, start, end, chosen, triggers)
            else:
                here = text[start:end].casefold()
                run = [
                    i for i in chosen if triggers[i] is None or any(w in here for w in triggers[i])
                ]
            if run:  # the span may hold a trigger word but not the rest an entry needs
                here = folded_text(text[start:end])
                run = [i for i in run if holds(needs[i], here)]
            if not run:
                continue
            clock.at = start
            left = clock.left()
            found = []
            for i in run:
                found.extend(
                    (m.start(), i, m) for m in clock.finditer(full[i], text, start, end, left=left)
                )
            for _, i, m in sorted(found, key=lambda f: (f[0], f[1])):
                if self.accepts(doc, m, clock):
                    yield i, m

    def entry_matches(self, doc: Document, clock: Clock) -> Iterator[tuple]:
        edges = None
        text = doc.text
        for index, m in self.indexed_matches(doc, clock):
            before, not_before = self.entry_looks_back[index]
            if before or not_before:
                lo = max(0, m.start() - 120)
                at = m.start()
                if before and not clock.run(before.search, text, lo, at):
                    continue
                if not_before and clock.run(not_before.search, text, lo, at):
                    continue
            position = self.entry_conditions[index][0]
            if position != "any":
                if edges is None:
                    edges = _edge_lines(doc, self.edge_lines)
                line = doc.line_index(m.start())
                first, last = edges
                if not (
                    (position in ("edge", "start") and line in first)
                    or (position in ("edge", "end") and line in last)
                ):
                    continue
            yield index, m

    def entry_message(self, index: int, match: str, replacement: str = "") -> str:
        template = self.entry_conditions[index][1] or self.message_template
        return template.replace("{match}", match).replace("{replacement}", replacement)

    def entry_position(self, index: int) -> str:
        """Where in a document an entry counts: any, edge, start or end."""
        return self.entry_conditions[index][0]

    # what NL707 asks of the sentences of a flattened page: is this, alone, a line of NL701's?
    def starts_line(self, line: str) -> bool:
        """Whether an entry matches at the start of a (stripped) line, conditions aside."""
        return len(line) <= self.MAX_LINE and self._line_match(line) is not None

    def _line_match(self, line: str):
        """``self.pattern.match(line)`` (None if it times out), through the screen if any."""
        screen = self.line_screen()
        if screen is None:
            return _match_start(self.pattern, line)
        return screen.line_match(line, 0, len(line), _bounded)

    def line_entry(self, text: str) -> Optional[tuple]:
        """(entry index, match) when ``text`` taken as a line of its own (nothing before it) is
        one of the entries, exceptions and before / not-before conditions checked; None if it
        is not.  Positions are left to the caller, which knows what its edges are."""
        if len(text) > self.MAX_LINE:
            return None
        m = self._line_match(text)
        if m is None or m.end() == m.start():
            return None
        try:
            if any(x.fullmatch(m.group(), timeout=PATTERN_TIMEOUT) for x in self.exceptions):
                return None
        except TimeoutError:
            return None
        index = int(m.lastgroup[1:])
        before, not_before = self.entry_looks_back[index]
        if (before is not None and not before.search("")) or (
            not_before is not None and not_before.search("")
        ):
            return None
        return index, m


def _trigger_places(folded: str, chosen: list, triggers: list) -> tuple:
    """(starts, ends, entries): every place of a chosen entry's trigger word in the folded
    text, in order of start (overlapping places too, as ``in`` finds them)."""
    found = []
    for i in chosen:
        for w in triggers[i] or ():
            at = folded.find(w)
            while at != -1:
                found.append((at, at + len(w), i))
                at = folded.find(w, at + 1)
    found.sort()
    return [f[0] for f in found], [f[1] for f in found], [f[2] for f in found]


def _entries_inside(places: tuple, start: int, end: int, chosen: list, triggers: list) -> list:
    """The chosen entries to run on ``text[start:end]``: those without trigger words, and those
    with one inside the span."""
    starts, ends, entries = places
    inside = set()
    k = bisect.bisect_left(starts, start)
    while k < len(starts) and starts[k] < end:
        if ends[k] <= end:
            inside.add(entries[k])
        k += 1
    return [i for i in chosen if triggers[i] is None or i in inside]


def _match_start(pattern, text: str):
    return _bounded(pattern.match, text)


def _bounded(method, *args):
    """``method(*args)`` (a pattern's match), None if it takes over PATTERN_TIMEOUT."""
    try:
        return method(*args, timeout=PATTERN_TIMEOUT)
    except TimeoutError:
        return None


def _line_spans_in(doc: Document, start: int, end: int) -> Iterator[tuple]:
    """The lines (or parts of lines) inside a scope span."""
    first, last = doc.line_index(start), doc.line_index(max(start, end - 1))
    for i in range(first, last + 1):
        s, e = doc.lines[i]
        yield max(s, start), min(e, end)


def _edge_lines(doc: Document, n: int) -> tuple:
    """Indices of the first and the last ``n`` non-blank lines of a document."""
    text = doc.text
    filled = [i for i, (s, e) in enumerate(doc.lines) if text[s:e].strip()]
    return frozenset(filled[:n]), frozenset(filled[-n:] if n else ())


class EntryExistenceRule(EntryRule):
    def findings(self, doc: Document, clock: Clock) -> Iterator[Violation]:
        for index, m in self.entry_matches(doc, clock):
            yield self.violation(m.start(), m.end(), self.entry_message(index, m.group()))


class EntrySubstitutionRule(EntryRule):
    def findings(self, doc: Document, clock: Clock) -> Iterator[Violation]:
        for index, m in self.entry_matches(doc, clock):
            replacement = self.entry_conditions[index][2]
            if "\\" in replacement:  # a template: \\1, \\g<name>
                replacement = expanded(replacement, self.entry_patterns[index], doc, m, clock)
            replacement = match_case(m.group(), replacement)
            fix = Fix.replace(
                m.start(), m.end(), replacement, self.fixable, f"replace with '{replacement}'"
            )
            yield self.violation(
                m.start(), m.end(), self.entry_message(index, m.group(), replacement), fix
            )


def match_case(original: str, replacement: str) -> str:
    """Carry the original's capitalisation over to the replacement."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
