"""What a rule is: a small self-describing unit that yields Violations.

A rule never prints, never reads configuration files and never knows about other rules.
"""

from __future__ import annotations

import inspect
import operator
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Optional

from newslint.document import Document

FAMILIES = {
    "input": "NL0",
    "spelling": "NL1",
    "capitalisation": "NL2",
    "spacing": "NL3",
    "tables": "NL4",
    "duplicates": "NL5",
    "corpus-duplicates": "NL6",
    "residue": "NL7",
    "encoding": "NL8",
    "phrasing": "NL9",
}
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Context:
    """What a rule may know about the run besides its own options: the user's dictionary and
    where the corpus index lives.  Passed to every rule when the engine makes it; a rule never
    reads configuration files or asks which other rules run."""

    root: str = "."  # the configuration's folder: relative settings are relative to it
    words: tuple = ()  # the user's dictionary: `words` ...
    dictionary_files: tuple = ()  # ... and `dictionary-files` (resolved paths)
    corpus_root: Optional[str] = None  # the configured `corpus-root`, if any
    cache: bool = False  # whether the corpus index may be used and written
    index_writable: bool = True  # False: the run writes nothing (--diff, stdin), nor the index


MARK_OPEN, MARK_CLOSE = "\u27e6", "\u27e7"  # ⟦flagged⟧ in examples


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] (Document offsets) with ``content``."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    edits: tuple
    safety: str = "safe"  # safe | unsafe
    title: str = ""

    @classmethod
    def replace(cls, start: int, end: int, content: str, safety: str = "safe", title: str = ""):
        return cls((Edit(start, end, content),), safety, title)

    @classmethod
    def insert(cls, at: int, content: str, safety: str = "safe", title: str = ""):
        return cls.replace(at, at, content, safety, title)

    @classmethod
    def delete(cls, start: int, end: int, safety: str = "safe", title: str = ""):
        return cls.replace(start, end, "", safety, title)


@dataclass
class Violation:
    """A document rule's finding, in Document offsets."""

    rule: Rule
    start: int
    end: int
    message: str
    fix: Optional[Fix] = None


@dataclass(frozen=True)
class RawEdit:
    """An edit in the raw file: character offsets into the decoded file, escaped content."""

    start: int
    end: int
    content: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Report:
    """A located, formatted finding: what the engine sorts, filters and prints."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    message: str
    severity: str = "warning"
    fix_safety: Optional[str] = None
    fix_title: str = ""
    edits: tuple = ()

    @property
    def sort_key(self):
        return (self.path, self.line, self.column, self.code, self.message)

    def __reduce__(self):
        """Pickled as its fields, unpickled by ``_report``: the words every report of a rule
        repeats are then held once (``sys.intern``), not once a report, and its fields in
        the object (a state set after it was made takes a dict of its own): ~350 bytes a
        report fewer in the parent of a run, which keeps every file's reports (issue 19)."""
        return _report, _FIELDS(self)


def _report(path, line, column, end_line, end_column, code, name, message, severity,
            fix_safety, fix_title, edits) -> Report:  # fmt: skip
    """A Report unpickled (a worker's result, a cached one), its rule's words interned."""
    intern = sys.intern
    return Report(
        path, line, column, end_line, end_column, intern(code), intern(name), message,
        intern(severity), fix_safety and intern(fix_safety), intern(fix_title), edits,
    )  # fmt: skip


_FIELDS = operator.attrgetter(*(f.name for f in fields(Report)))  # in _report's order


@dataclass(frozen=True)
class Example:
    text: str
    start: Optional[int] = None  # where the flagged place starts (bad examples)
    end: Optional[int] = None
    fixed: Optional[str] = None  # the text after applying the fix, when given


def parse_example(entry: Any) -> Example:
    """A bad example is ``"text with ⟦flagged⟧ part"`` or ``[that, fixed text]``."""
    fixed = None
    if isinstance(entry, (list, tuple)):
        entry, fixed = entry
    if isinstance(entry, dict):
        fixed = entry.get("fixed")
        entry = entry["text"]
    start = entry.find(MARK_OPEN)
    if start == -1:
        return Example(entry, fixed=fixed)
    end = entry.find(MARK_CLOSE, start)
    if end == -1:
        raise ValueError(f"example {entry!r}: {MARK_OPEN} without {MARK_CLOSE}")
    text = entry[:start] + entry[start + 1 : end] + entry[end + 1 :]
    return Example(text, start, end - 1, fixed)


class Rule:
    """Base class of every rule: document rules override ``check``.

    The class docstring's first line is the summary; the rest is the explanation.
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    family: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    default_enabled: ClassVar[bool] = True
    fixable: ClassVar[Optional[str]] = None  # None | "safe" | "unsafe" | "sometimes"
    options: ClassVar[dict] = {}
    # the least value of a whole-number option where it is not what its default implies
    # (a count whose default is 3 but which 0 turns off); configuration errors use it
    option_minimums: ClassVar[dict] = {}
    bad: ClassVar[list] = []
    good: ClassVar[list] = []
    scope: ClassVar[str] = "document"  # document | corpus
    origin: ClassVar[str] = "built-in"
    example_kind: ClassVar[str] = "text"  # text (str examples) | bytes (raw file examples)
    example_path: ClassVar[str] = "example.txt"  # the file name examples are linted as
    # codes of rules whose report makes this rule's report at the same place redundant (NL202
    # inconsistent capitalisation where NL201 already names the place): the engine drops this
    # rule's report when one of theirs spans its start; the rule itself never asks what runs
    yields_to: ClassVar[tuple] = ()
    # a document rule that also summarizes documents and, once the whole run is seen, drops
    # some of its reports (spelling: a word many documents use is vocabulary); --fix applies
    # its fixes only for the reports the run keeps (the engine holds them until it knows)
    filters_reports: ClassVar[bool] = False

    def __init__(self, settings: Optional[dict] = None, context: Optional[Context] = None):
        self.settings = {**self.options, **(settings or {})}
        self.context = context if context is not None else Context()

    @classmethod
    def summary(cls) -> str:
        return (inspect.getdoc(cls) or "").strip().split("\n\n")[0].replace("\n", " ")

    @classmethod
    def explanation(cls) -> str:
        parts = (inspect.getdoc(cls) or "").strip().split("\n\n", 1)
        return parts[1] if len(parts) > 1 else ""

    @classmethod
    def bad_examples(cls) -> list[Example]:
        return [parse_example(e) for e in cls.bad]

    @classmethod
    def good_examples(cls) -> list[Example]:
        return [parse_example(e) for e in cls.good]

    def check(self, doc: Document) -> Iterable[Violation]:  # pragma: no cover - interface
        return ()

    def violation(self, start: int, end: int, message: str, fix: Optional[Fix] = None) -> Violation:
        return Violation(self, start, end, message, fix)

    @classmethod
    def report(
        cls,
        path: str,
        position: tuple,
        message: str,
        end: Optional[tuple] = None,
        fix: Optional[Fix] = None,
        edits: tuple = (),
    ) -> Report:
        """A Report of this rule at (line, column) of ``path``; ``edits`` are the fix's edits
        in the raw file."""
        line, col = position
        end_line, end_col = end or position
        return Report(
            path,
            line,
            col,
            end_line,
            end_col,
            cls.code,
            cls.name,
            message,
            cls.severity,
            fix.safety if fix else None,
            fix.title if fix else "",
            edits,
        )

    # with ``filters_reports``: the summary of a document, and the filter over the run
    def summarize(self, doc: Document) -> Any:  # pragma: no cover - interface
        return None

    def filter_reports(self, reports: list, summaries: list) -> list:  # pragma: no cover
        return reports

    def asks_own_keys(self) -> bool:
        """With the incremental protocol: whether ``check_named`` / ``filter_named`` ask the
        aggregate only about keys the named documents hold themselves (or about others' only
        where one holder decides nothing). Then an aggregate without the keys that one
        document alone holds answers them as the whole does: a Dask run's tree reduction
        (``engine.reduce``) drops those. False unless the rule says so."""
        return False

    def keys_asked(self, summary: Any) -> Optional[Iterable]:
        """With the incremental protocol: the keys ``check_named`` / ``filter_named`` may ask
        about for this summary's document, each with what it asks of it: ``"holders"``
        (``holders``, ``value`` of their ranks), ``("first", n)`` (``count``, and ``holders``
        with a ``limit`` of n or less and no ``before``), ``"values"`` (only ``count`` and the
        holders' values: ``tally``, or ``holders``, which may give them grouped by value, in
        order of first appearance, without ranks or names) or ``"count"`` (``count`` only).
        A Dask run sends each batch only what its documents ask (``engine.reduce``).  None,
        the default: every key of the document's own (``corpus_keys``), for its holders."""
        return None


class CorpusRule(Rule):
    """A rule over the whole corpus.

    ``summarize`` runs in the worker on each Document and returns a compact, picklable
    summary; ``check_corpus`` runs once in the parent over every summary and yields Reports
    (located with the positions the summaries carry).  Its examples are corpora: lists of
    texts, each a document; a bad example's flagged document carries the marks.
    """

    scope: ClassVar[str] = "corpus"
    # the incremental protocol (optional): the corpus index keeps each document's keys, and a
    # run naming a few files asks the index only about the keys of their documents
    incremental: ClassVar[bool] = False

    def summarize(self, doc: Document) -> Any:  # pragma: no cover - interface
        return None

    def check_corpus(self, summaries: list) -> Iterator[Report]:  # pragma: no cover
        return iter(())

    # --- with ``incremental`` ------------------------------------------------------------------
    # ``corpus_keys(summary)`` -> (value, [(key, value)]): what one document's summary adds to
    # the corpus's aggregate, all bytes: its keys (a band bucket, a line, a word), each with a
    # small value, and a value of the document's own (None: the document is not counted).
    # ``check_named(named, keys)`` yields the reports of the documents ``named``
    # ([(rank, display, summary)] in corpus order) decided from ``keys``, the aggregate over
    # the whole corpus (``corpus_index.keys``: ``holders(key)`` in corpus order, ``count``,
    # ``tally`` (each value with how many holders give it), ``documents``, ``value(rank)``):
    # exactly the reports ``check_corpus`` would give them over every summary of the corpus
    # (tests/test_corpus_keys.py checks each rule).  A rule without it (plugins, packs) is
    # given every summary, as ever.  A report filter
    # (``filters_reports``) may do the same with ``corpus_keys`` and ``filter_named``.
    def corpus_keys(self, summary: Any) -> tuple:  # pragma: no cover - interface
        return None, []

    def check_named(self, named: list, keys: Any) -> Iterator[Report]:  # pragma: no cover
        return iter(())
