"""Readers that turn files into Documents with offset maps back into the raw file.

One registry: ``READER_MODULES`` names the modules under ``newslint.sources`` whose
``READERS`` serve the file suffixes they declare; a file with any other suffix is read as
plain text.  ``read`` turns a file (or stdin's bytes) into Chunks and never raises for bad
input: unreadable, huge, binary and undecodable files come back as Chunks carrying their
NL0xx problem.  Adding an input format is one new module and one line here.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from typing import Optional

from newslint.sources.base import (
    DEFAULT_MAX_FILE_SIZE,
    Chunk,
    Reader,
    SourceOptions,
    problem_document,
    text_document,
)

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


def read(
    path: str, display: str, options: SourceOptions, data: Optional[bytes] = None
) -> Iterator[Chunk]:
    """The Chunks of ``path`` (or of the given bytes, for stdin), read by its reader."""
    return reader_for(display).chunks(path, display, options, data)
