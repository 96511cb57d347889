"""Readers that turn files into Documents with offset maps back into the raw file.

``load`` reads bytes from disk (or stdin), decodes them and reports input problems (NL0xx);
``parse`` turns decoded text into Documents by format.  Both never raise for bad input.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from typing import Optional

from newslint.document import Document, Problem, SourceMap

KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024


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
    verbose: bool = False


@dataclass
class Loaded:
    """One input file: its decoded raw text and the Documents read from it."""

    path: str
    raw: str = ""
    encoding: str = "utf-8"
    bom: bool = False
    documents: list = field(default_factory=list)
    writable: bool = False  # False when the file could not be decoded faithfully


def kind_of(path: str) -> str:
    return KINDS.get(os.path.splitext(path)[1].lower(), "text")


def problem_document(display: str, code: str, message: str, position=(1, 1)) -> Document:
    return Document("", display, problems=[Problem(code, 0, message, position=position)])


def load(path: str, display: str, options: SourceOptions, data: Optional[bytes] = None) -> Loaded:
    """Read ``path`` (or the given bytes, for stdin) into Documents; never raises for bad input."""
    if data is None:
        try:
            size = os.path.getsize(path)
            if size > options.max_file_size:
                msg = f"file is {size / 1e6:.1f} MB, over max-file-size ({options.max_file_size / 1e6:.1f} MB): not linted"
                return Loaded(display, documents=[problem_document(display, "NL005", msg)])
            with open(path, "rb") as fh:
                # bounded: a device or pipe (/dev/zero) has no size for getsize to tell
                data = fh.read(options.max_file_size + 1)
            if len(data) > options.max_file_size:
                msg = (
                    f"file is over max-file-size ({options.max_file_size / 1e6:.1f} MB): not linted"
                )
                return Loaded(display, documents=[problem_document(display, "NL005", msg)])
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return Loaded(
                display,
                documents=[problem_document(display, "NL003", f"cannot read file: {reason}")],
            )
    if is_binary(data):
        return Loaded(
            display,
            documents=[
                problem_document(display, "NL002", "binary file (contains NUL bytes): skipped")
            ],
        )
    raw, encoding, bom, problem = decode(data, options.encoding)
    kind = kind_of(display)
    documents = parse(raw, display, kind, options)
    if problem is not None:
        documents[0].problems.insert(0, problem)
    return Loaded(display, raw, encoding, bom, documents, writable=problem is None)


def is_binary(data: bytes) -> bool:
    """Whether bytes are skipped as a binary file (NL002): a NUL early on, unless UTF-16."""
    return b"\x00" in data[:65536] and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    )


def streamed(path: str, display: str, options: SourceOptions) -> bool:
    """Whether a file is read record by record (JSON Lines) instead of loaded whole."""
    if kind_of(display) != "jsonl":
        return False
    from newslint.sources import records

    return records.streamable(path, options)


def stream(path: str, display: str, options: SourceOptions):
    """The lines of a JSON Lines file as records.Chunks, one at a time."""
    from newslint.sources import records

    return records.stream_jsonl(path, display, options)


def decode(data: bytes, encoding: Optional[str]):
    """Decoded text, the encoding used, whether a BOM was there, and an NL001 problem or None."""
    bom = False
    if encoding:
        try:
            text = data.decode(encoding)
            if text.startswith("\ufeff"):
                return text[1:], encoding, True, None
            return text, encoding, False, None
        except (UnicodeDecodeError, LookupError) as exc:
            if isinstance(exc, LookupError):
                raise
            return _undecodable(data, exc, encoding)
    for mark, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(mark) and not data.startswith(codecs.BOM_UTF32_LE):
            try:
                return data[2:].decode(name), name, True, None
            except UnicodeDecodeError as exc:
                text, _, _, problem = _undecodable(data[2:], exc, name)
                return text, name, True, problem
    if data.startswith(codecs.BOM_UTF8):
        data, bom = data[3:], True
    try:
        return data.decode("utf-8"), "utf-8", bom, None
    except UnicodeDecodeError as exc:
        text, _, _, problem = _undecodable(data, exc, "utf-8")
        return text, "utf-8", bom, problem


def _undecodable(data: bytes, exc: UnicodeDecodeError, encoding: str):
    prefix = data[: exc.start].decode(encoding, errors="replace")
    norm = prefix.replace("\r\n", "\n").replace("\r", "\n")
    line = norm.count("\n") + 1
    col = len(norm) - (norm.rfind("\n") + 1) + 1
    bad = data[exc.start : exc.start + 1]
    guess = _guess_encoding(data)
    message = f"not valid {encoding.upper()}: byte 0x{bad.hex()} cannot be decoded"
    if guess:
        message += f" (likely {guess}; set 'encoding' or --encoding)"
    text = data.decode(encoding, errors="replace")
    return text, encoding, False, Problem("NL001", 0, message, position=(line, col))


def _guess_encoding(data: bytes) -> str:
    high = {b for b in data if b >= 0x80}
    if not high:
        return ""
    if all(0xA0 <= b <= 0xFF for b in high):
        return "Latin-1 (ISO-8859-1)"
    try:
        data.decode("cp1252")
        return "Windows-1252"
    except UnicodeDecodeError:
        return "a legacy 8-bit encoding"


def parse(raw: str, display: str, kind: str, options: SourceOptions) -> list:
    """Documents of decoded text, by format.  Always at least one Document."""
    if kind == "markdown":
        from newslint.sources.markdown import parse_markdown

        return [parse_markdown(raw, display)]
    if kind in ("json", "jsonl"):
        from newslint.sources import records

        return records.parse_records(raw, display, kind, options)
    return [text_document(raw, display)]


def text_document(raw: str, display: str, kind: str = "text", hidden=None) -> Document:
    text = normalise_newlines(raw)
    source_map = SourceMap(text, raw) if len(text) != len(raw) or "\r" in raw else SourceMap(text)
    return Document(text, display, kind=kind, source_map=source_map, hidden=list(hidden or ()))


def normalise_newlines(raw: str) -> str:
    if "\r" not in raw:
        return raw
    return raw.replace("\r\n", "\n").replace("\r", "\n")
