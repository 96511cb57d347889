"""Readers that turn files into Documents with offset maps back into the raw file.

One registry: ``READER_MODULES`` names the modules under ``newslint.sources`` whose
``READERS`` serve the file suffixes they declare; a file with any other suffix is read as
plain text.  ``read`` turns a file (or stdin's bytes) into Chunks and never raises for bad
input: unreadable, huge, binary and undecodable files come back as Chunks carrying their
NL0xx problem.  Adding an input format is one new module and one line here.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Iterator
from typing import Optional

from newslint.sources.base import (
    DEFAULT_MAX_FILE_SIZE,
    Chunk,
    Reader,
    SourceOptions,
    on_bytes_read,
    problem_document,
    text_document,
)
from newslint.sources.urls import is_url

READER_MODULES = (
    "text",  # .txt .text
    "markdown",  # .md .markdown
    "records",  # .json; .jsonl .ndjson (streamed)
)

__all__ = [
    "DEFAULT_MAX_FILE_SIZE",
    "Chunk",
    "Reader",
    "SourceOptions",
    "on_bytes_read",
    "problem_document",
    "read",
    "reader_for",
    "readers",
    "text_document",
]

_READERS: list = []
_BY_SUFFIX: dict = {}


def readers() -> list:
    """Every registered reader, in registry order."""
    if not _READERS:
        for name in READER_MODULES:
            for reader in importlib.import_module(f"newslint.sources.{name}").READERS:
                _READERS.append(reader)
                for suffix in reader.suffixes:
                    _BY_SUFFIX.setdefault(suffix, reader)
    return _READERS


def reader_for(path: str) -> Reader:
    """The reader of a file, by its suffix; plain text for any suffix no reader declares."""
    readers()
    return _BY_SUFFIX.get(os.path.splitext(path)[1].lower(), _READERS[0])


def default_include() -> tuple:
    """The globs discovery picks without ``--extend-include``."""
    return tuple(f"*{s}" for r in readers() if r.default_include for s in r.suffixes)


def reader_of_kind(kind: str) -> Reader:
    for reader in readers():
        if reader.kind == kind:
            return reader
    raise KeyError(kind)


def stdin_reader(display: str, data: bytes, options: SourceOptions) -> Reader:
    """The reader of stdin: --stdin-format's, else --stdin-filename's suffix's; without
    either, JSON Lines when the first non-blank line is a JSON object, else plain text."""
    if options.stdin_format:
        return reader_of_kind(options.stdin_format)
    reader = reader_for(display)
    if os.path.splitext(display)[1] or reader.kind != "text":
        return reader
    return reader_of_kind("jsonl") if looks_like_jsonl(data) else reader


def looks_like_jsonl(data: bytes) -> bool:
    for line in data[: 1 << 20].splitlines():
        if line.strip():
            try:
                return isinstance(json.loads(line.decode("utf-8-sig")), dict)
            except (ValueError, UnicodeDecodeError, RecursionError):
                return False
    return False


def read(
    path: str, display: str, options: SourceOptions, data: Optional[bytes] = None, span=None
) -> Iterator[Chunk]:
    """The Chunks of ``path`` (or of the given bytes, for stdin), read by its reader; with
    ``span`` (a ``ranges.ByteRange`` of a JSON Lines file), the Chunks of that range."""
    if span is not None:
        return reader_of_kind("jsonl").range_chunks(path, display, options, span)
    reader = reader_for(display) if data is None else stdin_reader(display, data, options)
    return reader.chunks(path, display, options, data)


def splittable(path: str, display: str, options: SourceOptions) -> bool:
    """Whether a file may be linted in byte ranges: a local JSON Lines file read line by line."""
    reader = reader_for(display)
    return reader.kind == "jsonl" and not is_url(path) and reader.streamable(path, options)
