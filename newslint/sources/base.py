"""What every reader shares: the options, the Chunk a reader yields, and the Reader protocol.

A reader turns one input file into Chunks: pieces linted and fixed on their own, each with its
Documents, its original bytes and how to re-read and re-encode it after a fix.  Most readers
yield the whole file as one Chunk (``Reader.chunks`` does that); a streaming reader (JSON Lines)
yields one per line, so memory stays flat however large the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Callable, ClassVar, Optional

from newslint.document import Document, Problem, SourceMap
from newslint.sources import codec
from newslint.sources.urls import is_url, open_url, size_of

DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024
# one document may hold a tenth of max-file-size of text (and 1 MB whatever the limit): the
# rules' analyses of one document (its tokens, its sentences compared with each other) cost a
# hundred times its size and more
DOCUMENT_SHARE, DOCUMENT_FLOOR = 10, 1024 * 1024


@dataclass
class SourceOptions:
    encoding: Optional[str] = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    text_fields: tuple = (
        "title",
        "headline",
        "text",
        "body",
        "content",
        "articleBody",
        "description",
        "summary",
    )
    record_id_field: tuple = ("id", "url")
    source_field: tuple = ()  # where a record names its source; () for domain, then URL host
    verbose: bool = False
    stdin_format: Optional[str] = None  # text | markdown | json | jsonl; None: by name, sniffed
    per_record_ignores: tuple = ()  # ((record-id glob, frozenset(codes)), ...)


# the progress line's hook, in the process that reads (a run of a few files reads in the
# parent): called with the bytes of the current file read so far
_ON_BYTES: list = [None]


def on_bytes_read(hook: Optional[Callable[[int], None]]) -> None:
    _ON_BYTES[0] = hook


def bytes_read(n: int) -> None:
    hook = _ON_BYTES[0]
    if hook is not None:
        hook(n)


def _unchanged(raw: str) -> bytes:  # pragma: no cover - chunks that cannot be fixed
    raise ValueError("this chunk cannot be fixed")


@dataclass
class Chunk:
    """A piece of an input file linted and fixed on its own: the whole file, or a line of a
    streamed JSON Lines file."""

    documents: list
    raw: str = ""  # the decoded text, without BOM
    data: bytes = b""  # the original bytes of the piece (BOM and newline included)
    fixable: bool = False  # decoded faithfully: fixes may be written back
    reparse: Callable[[str], list] = field(default=lambda raw: [], repr=False)
    encode: Callable[[str], bytes] = field(default=_unchanged, repr=False)
    lineno: int = 1  # the piece's first line in the file
    offset: int = 0  # the piece's byte offset in the file
    whole: bool = True  # the whole file: a diff of it is one unified diff


class Reader:
    """Turns files with the given suffixes into Documents.

    Subclasses set ``kind``, ``suffixes`` and ``default_include`` (whether discovery picks
    their files without ``--extend-include``) and override ``parse``; a streaming reader also
    overrides ``chunks``.  Register an instance in ``newslint.sources.READERS``.
    """

    kind: ClassVar[str] = "text"
    suffixes: ClassVar[tuple] = ()
    default_include: ClassVar[bool] = True

    def parse(self, raw: str, display: str, options: SourceOptions) -> list:
        """Documents of decoded text (newlines as in the file).  At least one Document."""
        raise NotImplementedError  # pragma: no cover - interface

    def chunks(
        self, path: str, display: str, options: SourceOptions, data: Optional[bytes] = None
    ) -> Iterator[Chunk]:
        """The file at ``path`` (or the given bytes, for stdin) as one Chunk; never raises for
        bad input: unreadable, huge and binary files give a Chunk carrying the problem."""
        if data is None:
            data, problem = read_bounded(path, options.max_file_size)
            if problem is not None:
                yield problem_chunk(display, *problem)
                return
        if codec.is_binary(data):
            yield problem_chunk(display, "NL002", "binary file (contains NUL bytes): skipped", data)
            return
        text, encoding, bom, problem = codec.decode(data, options.encoding)
        documents = self.parse(text, display, options)
        limit = max(options.max_file_size // DOCUMENT_SHARE, DOCUMENT_FLOOR)
        largest = max(len(d.text) for d in documents)
        if largest > limit:
            yield problem_chunk(
                display,
                "NL005",
                f"a document of {largest / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB one "
                "document may hold (a tenth of max-file-size): not linted (split it, or raise "
                "max-file-size)",
                data,
            )
            return
        if problem is not None:
            documents[0].problems.insert(0, problem)
        yield Chunk(
            documents,
            text,
            data,
            fixable=problem is None,
            reparse=lambda raw: self.parse(raw, display, options),
            encode=lambda raw: codec.encode(raw, encoding, bom),
        )


def open_input(path: str):
    """A binary file object of a local path or a URL (``urls``); OSError when it cannot be
    read."""
    return open_url(path) if is_url(path) else open(path, "rb")


def read_bounded(path: str, limit: int) -> tuple:
    """(bytes, None), or (None, (code, message)) for a file over ``limit`` or unreadable."""
    try:
        size = size_of(path)
        if size > limit:
            return None, (
                "NL005",
                f"file is {size / 1e6:.1f} MB, over max-file-size ({limit / 1e6:.1f} MB): not linted",
            )
        with open_input(path) as fh:
            data = _read_at_most(fh, limit + 1, size)
        if len(data) > limit:
            return None, ("NL005", f"file is over max-file-size ({limit / 1e6:.1f} MB): not linted")
    except OSError as exc:
        return None, ("NL003", f"cannot read file: {exc.strerror or exc}")
    return data, None


def _read_at_most(fh, want: int, size: int) -> bytes:
    """Up to ``want`` bytes, in blocks: a device or pipe (/dev/zero) has no size for getsize to
    tell, and one read of a huge ``want`` would allocate it whole."""
    parts, total = [], 0
    while total < want:
        block = fh.read(min(want - total, max(size + 1 - total, 1 << 20)))
        if not block:
            break
        parts.append(block)
        total += len(block)
    return b"".join(parts)


def problem_document(display: str, code: str, message: str, position=(1, 1)) -> Document:
    return Document("", display, problems=[Problem(code, 0, message, position=position)])


def problem_chunk(display: str, code: str, message: str, data: bytes = b"") -> Chunk:
    """A file that cannot be linted, as one Chunk carrying its input problem (and, for stdin,
    its bytes, which ``--fix -`` echoes unchanged)."""
    return Chunk([problem_document(display, code, message)], data=data)


def text_document(raw: str, display: str, kind: str = "text", hidden=None) -> Document:
    text = codec.normalise_newlines(raw)
    source_map = SourceMap(text, raw) if len(text) != len(raw) or "\r" in raw else SourceMap(text)
    return Document(text, display, kind=kind, source_map=source_map, hidden=list(hidden or ()))
