"""What a run is (Settings, small and picklable) and what linting one file gives (FileResult)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Optional

from newslint import suppress
from newslint.rule import Context
from newslint.sources import SourceOptions


class ExecutorError(Exception):
    """The cluster cannot run this run (unreachable, workers that differ): exit 2.  Defined
    here, not in ``dask_executor``, so that the CLI catches it without importing Dask's side."""


@dataclass
class Settings:
    """Everything a worker needs to lint a file: small and picklable."""

    select: tuple = ()
    rule_settings: dict = field(default_factory=dict)  # code -> options
    rule_paths: tuple = ()
    plugins: bool = True
    source: SourceOptions = field(default_factory=SourceOptions)
    per_file_ignores: tuple = ()  # ((glob, frozenset(codes)), ...)
    root: str = "."
    fix: Optional[str] = None  # None | "safe" | "unsafe"
    diff: bool = False
    fix_roots: tuple = ()  # real paths of the paths given: fixes are written only under them
    verbose: bool = False
    document_stats: bool = False  # each document's place, label and words (--format html)
    extra: dict = field(default_factory=dict)  # the rules' Context: dictionaries, corpus index
    executor: str = "local"  # "local": this process or a process pool; "dask": a Dask cluster
    scheduler: Optional[str] = None  # with "dask": the scheduler's address; None: a LocalCluster

    def context(self) -> Context:
        """What the rules may know of the run besides their own options."""
        return Context(
            root=self.root,
            words=tuple(self.extra.get("words") or ()),
            dictionary_files=tuple(self.extra.get("dictionary-files") or ()),
            corpus_root=self.extra.get("corpus-root"),
            cache=bool(self.extra.get("cache", False)),
            index_writable=bool(self.extra.get("index-writable", True)),
        )


@dataclass
class FileResult:
    path: str
    reports: list = field(default_factory=list)
    summaries: dict = field(default_factory=dict)  # code -> [summary per document]
    suppressions: Optional[suppress.Suppressions] = None
    fixed: int = 0  # edits applied
    not_fixed: str = ""  # why the file's fixes were not written (NL008), when they were not
    unwritten: int = 0  # fixes left out, their text not in the file's encoding (NL008)
    diff: str = ""
    output: Optional[str] = None  # fixed text, for stdin
    size: int = 0  # bytes read
    error: str = ""
    notes: list = field(default_factory=list)  # --verbose: e.g. records skipped for having no text
    fs_path: str = ""  # where it was read
    data: Optional[bytes] = None  # what was read, when given rather than read (stdin)
    # with Settings.document_stats: (first line, label, words, site) of each document read
    documents: list = field(default_factory=list)
    # reports of report-filtering rules whose fixes wait for the run's decision (--fix)
    withheld: list = field(default_factory=list)
    started: dict = field(default_factory=dict)  # with them: chunk -> where its fixes got to


NO_SUMMARIES = MappingProxyType({})  # a result's summaries once the corpus index holds them


class Settled:
    """A file's result once the corpus index holds its summaries (``engine.streaming``): what
    the rest of the run reads of it, in slots (about 100 bytes, where a FileResult with its
    empty lists takes 650 to 1,000; issue 19: a run over 100,000 files keeps one a file).  It
    reads as a FileResult of a run that fixes nothing: the fields it does not hold are their
    defaults, and empty lists are shared empty tuples (nothing adds to a result once it is in)."""

    __slots__ = ("path", "reports", "summaries", "suppressions", "size", "error", "notes")
    __slots__ += ("fs_path", "documents")
    fixed, not_fixed, unwritten, diff, output, data = 0, "", 0, "", None, None
    withheld: tuple = ()
    started = MappingProxyType({})

    def __init__(self, res: FileResult, path: str, fs_path: str):
        self.path, self.fs_path = path, fs_path  # (the names the run holds anyway)
        self.reports, self.notes = res.reports or (), res.notes or ()
        self.documents = res.documents or ()
        self.summaries = res.summaries
        self.suppressions = res.suppressions or None  # (an empty one reads as none)
        self.size, self.error = res.size, res.error

    @classmethod
    def of(cls, res, path: str, fs_path: str) -> Optional[Settled]:
        """``res`` as a Settled result, or None where it does not ``fit``."""
        return cls(res, path, fs_path) if cls.fits(res) else None

    @staticmethod
    def fits(res) -> bool:
        """Whether ``res`` is a whole file's result of a run that fixes nothing."""
        return (
            type(res) is FileResult
            and not (res.fixed or res.not_fixed or res.unwritten or res.diff or res.withheld)
            and res.output is None
            and res.data is None
            and not res.started
        )

    def result(self) -> FileResult:
        """The FileResult this stands for (the lists its own again)."""
        out = FileResult(self.path)
        for f in fields(FileResult):
            value = getattr(self, f.name)
            if isinstance(value, (tuple, MappingProxyType)):
                value = type(getattr(out, f.name))(value)
            setattr(out, f.name, value)
        return out
