"""JSON and JSON Lines records: one Document per record, every offset mapped into the raw file.

A record's text fields (``text-fields``, dotted paths for nested ones) are decoded and joined
by blank lines; its title field is the Document's title and each body field gives paragraphs.
The RecordMap maps each text offset back to the character inside the JSON string literal, so
``\\n``, ``\\"``, ``\\u2019`` and surrogate pairs are accounted for, and fixes are re-encoded
as JSON.  JSON Lines files are streamed record by record (``stream_jsonl``).
"""

from __future__ import annotations

import bisect
import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Callable, Optional

from newslint.document import Document, Problem, Span
from newslint.sources import codec
from newslint.sources.base import Chunk, Reader, bytes_read, open_input, problem_chunk
from newslint.sources.json_spans import (
    JsonError,
    RecordMap,
    Str,
    clean_text,
    decode_literal,
    parse_json,
)
from newslint.sources.record_paths import (
    fields_seen,
    lookup,
    lookup_all,
    records_of,
    strings_of,
    unwrap,
)
from newslint.sources.sites import record_site

TITLE_FIELDS = ("title", "headline")
SEPARATOR = "\n\n"  # between fields in the Document text; never part of the raw file


# --- records -> Documents -----------------------------------------------------------------


@dataclass
class Context:
    """What every record of one file shares."""

    raw: str
    display: str
    kind: str
    options: object
    locate: Callable[[int], tuple]
    ascii_only: bool
    base: int = 0  # where the record (JSON Lines) or the file starts
    fields: tuple = ()  # the text-fields, less the wrapper unwrapped ('articles[].')

    def __post_init__(self):
        self.fields = self.fields or tuple(self.options.text_fields)


def record_id(record: dict, options, key: Optional[str], index: int) -> str:
    for name in options.record_id_field:
        value = lookup(record, name)
        if isinstance(value, Str) and value.value.strip():
            return _short(value.value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
    if key is not None:
        return _short(key)
    return f"#{index + 1}"


def _short(value: str) -> str:
    value = clean_text(" ".join(value.split()))
    return value if len(value) <= 100 else value[:99] + "\u2026"


def record_document(record, ctx: Context, index: int, key: Optional[str] = None) -> Document:
    """The Document of one record, or an empty placeholder (with a note) when it has no text."""
    rid = (
        record_id(record, ctx.options, key, index) if isinstance(record, dict) else f"#{index + 1}"
    )
    found = []  # (name, Str)
    if isinstance(record, dict):
        seen = set()
        for name in ctx.fields:
            nodes = lookup_all(record, name)
            several = len(nodes) > 1 or (nodes and isinstance(nodes[0], list))
            strings = [lit for node in nodes for lit in strings_of(node)]
            for n, lit in enumerate(strings):
                if lit.value.strip() and lit.start not in seen:
                    seen.add(lit.start)
                    found.append((f"{name}.{n}" if several else name, lit))
    if not found:
        problems = []
        if ctx.options.verbose:
            where = None if ctx.kind == "jsonl" else _record_start(record)
            what = (
                "not an object"
                if not isinstance(record, dict)
                else "no text in " + ", ".join(ctx.fields)
            )
            problems.append(
                Problem(
                    "note",
                    0,
                    f"record {rid}: {what}: skipped",
                    position=ctx.locate(ctx.base if where is None else where),
                )
            )
        doc = Document("", ctx.display, kind=ctx.kind, index=index, problems=problems)
        doc.__dict__["record_without_text"] = record
        return doc
    title = next(
        (i for i, (name, _) in enumerate(found) if name.rsplit(".", 1)[-1] in TITLE_FIELDS), None
    )
    if title is not None:
        found.insert(0, found.pop(title))
    parts, points, fields, paragraphs = [], [], [], []
    t = 0
    title_span = None
    for i, (name, lit) in enumerate(found):
        if i:
            parts.append(SEPARATOR)
            t += len(SEPARATOR)
        text, pts = decode_literal(ctx.raw, lit)
        points.extend((t + a, r, run) for a, r, run in pts)
        fields.append((t, t + len(text), name))
        if i == 0 and title is not None:
            title_span = Span(t, t + len(text))
            paragraphs.append(title_span)
        else:
            paragraphs.extend(_line_paragraphs(text, t))
        parts.append(text)
        t += len(text)
    source_map = RecordMap(points, fields, ctx.locate, ctx.ascii_only)

    def label(offset: int, _map=source_map, _rid=rid) -> str:
        if offset < 0:  # the whole record
            return f"record {_rid}"
        return f"record {_rid} ({_map.fields[_map.field_at(offset)][2]})"

    doc = Document(
        "".join(parts),
        ctx.display,
        kind="json",
        index=index,
        source_map=source_map,
        title_span=title_span,
        paragraph_spans=paragraphs,
        label=label,
        site=record_site(record, ctx.options.source_field),
    )
    ignored = _record_ignores(rid, ctx.options)
    if ignored:
        doc.__dict__["record_ignores"] = ignored  # suppress.parse turns them into a region
    return doc


def _record_ignores(rid: str, options) -> tuple:
    """The codes ``per-record-ignores`` ignores in the record ``rid`` (its globs match it)."""
    if not options.per_record_ignores:
        return ()
    return tuple(
        sorted(
            {
                c
                for glob, codes in options.per_record_ignores
                if fnmatchcase(rid, glob)
                for c in codes
            }
        )
    )


def no_text_warning(docs: list, ctx_fields: tuple, display: str, position=(1, 1)):
    """A Document carrying the warning that none of a file's records has text (naming the
    fields its records do have), or None when some record has text or there are none."""
    without = [d for d in docs if "record_without_text" in d.__dict__]
    if not without or any(d.text for d in docs):
        return None
    seen = []
    for d in without[:5]:
        for name in fields_seen(d.__dict__["record_without_text"]):
            if name not in seen:
                seen.append(name)
    return _warning_document(len(without), seen[:12], ctx_fields, display, position)


def _warning_document(n: int, seen: list, fields: tuple, display: str, position) -> Document:
    what = "its record has no" if n == 1 else f"none of its {n:,} records has"
    message = (
        f"warning: {what} text in the text-fields ({', '.join(fields)}): nothing linted; "
        + (f"fields seen: {', '.join(seen)}" if seen else "the records have no string fields")
        + ' (set text-fields, e.g. text-fields = ["data.bodyText"])'
    )
    return Document(
        "", display, kind="json", problems=[Problem("note", 0, message, position=position)]
    )


def _line_paragraphs(text: str, base: int) -> list:
    """In a scraped text field a newline ends a paragraph: each non-blank line is one."""
    out = []
    for m in _LINE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append(Span(base + s, base + e))
    return out


_LINE = re.compile(r"[^\n]+")


def _record_start(record) -> Optional[int]:
    """Where the record's first string stands, depth first in document order; iterative, so
    JSON nested a thousand deep is no RecursionError."""
    stack = [iter((record,))]
    while stack:
        for node in stack[-1]:
            if isinstance(node, Str):
                return node.start
            if isinstance(node, (dict, list)):
                stack.append(iter(node.values() if isinstance(node, dict) else node))
                break
        else:
            stack.pop()
    return None


def _error_problem(s: str, start: int, end: int, exc: JsonError) -> tuple:
    """NL004 message and the error's offset, preferring the json module's wording."""
    try:
        json.loads(s[start:end])
    except json.JSONDecodeError as e:
        return f"invalid JSON: {e.msg.replace(' starting at', '')}", start + e.pos
    except (ValueError, RecursionError):
        pass
    return f"invalid JSON: {exc.message}", exc.pos


def _ascii_only(raw: str, options) -> bool:
    """Whether fixes write non-ASCII characters as \\u escapes: in ASCII files (the writer used
    ensure_ascii) and in legacy encodings (where the character may not be encodable)."""
    encoding = (options.encoding or "utf-8").lower().replace("_", "-")
    return raw.isascii() or not encoding.startswith(("utf", "u8"))


def _line_locator(raw: str) -> Callable[[int], tuple]:
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", raw)]

    def locate(offset: int) -> tuple:
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    return locate


def _record_locator(raw: str, start: int, end: int, lineno: int) -> Callable[[int], tuple]:
    """(line, col) of a raw offset in one JSON Lines record; a lone CR (JSON whitespace) still
    starts a new line for editors, as everywhere else in newslint."""
    if raw.find("\r", start, end) == -1:
        return lambda offset: (lineno, offset - start + 1)
    starts = [start] + [i + 1 for i in range(start, end) if raw[i] == "\r"]

    def locate(offset: int) -> tuple:
        k = bisect.bisect_right(starts, offset) - 1
        return lineno + k, offset - starts[k] + 1

    return locate


def parse_records(raw: str, display: str, kind: str, options) -> list:
    """Documents of a whole JSON or JSON Lines text.  Always at least one Document."""
    ascii_only = _ascii_only(raw, options)
    if kind == "jsonl":
        docs = []
        pos, lineno = 0, 1
        while pos <= len(raw):
            nl = raw.find("\n", pos)
            stop = len(raw) if nl == -1 else nl
            line_end = stop - 1 if stop > pos and raw[stop - 1] == "\r" else stop
            docs.extend(
                jsonl_line(raw, pos, line_end, lineno, display, options, lineno - 1, ascii_only)
            )
            if nl == -1:
                break
            pos, lineno = nl + 1, lineno + 1 + raw.count("\r", pos, line_end)
        warning = no_text_warning(docs, tuple(options.text_fields), display)
        return (docs + [warning] if warning else docs) or [Document("", display, kind="json")]
    locate = _line_locator(raw)
    ctx = Context(raw, display, kind, options, locate, ascii_only)
    try:
        root = parse_json(raw)
    except JsonError as exc:
        # the records read before the error are still linted; their strings are complete
        message, at = _error_problem(raw, 0, len(raw), exc)
        error = Document(
            "", display, kind="json", problems=[Problem("NL004", 0, message, position=locate(at))]
        )
        return [error] + _documents(exc.partial, ctx, options)
    return _documents(root, ctx, options) or [Document("", display, kind="json")]


def _documents(root, ctx: Context, options) -> list:
    if not isinstance(root, (dict, list)):
        return []
    root, ctx.fields = unwrap(root, tuple(options.text_fields))
    docs = [
        record_document(rec, ctx, i, key)
        for i, (key, rec) in enumerate(records_of(root, ctx.fields))
    ]
    warning = no_text_warning(docs, ctx.fields, ctx.display)
    return docs + [warning] if warning is not None else docs


def jsonl_line(
    raw: str, start: int, end: int, lineno: int, display: str, options, index: int, ascii_only: bool
) -> list:
    """The Documents of one JSON Lines line raw[start:end] (a blank line has none)."""
    if not raw[start:end].strip():
        return []

    locate = _record_locator(raw, start, end, lineno)

    try:
        record = parse_json(raw, start, end)
    except JsonError as exc:
        message, at = _error_problem(raw, start, end, exc)
        return [
            Document(
                "",
                display,
                kind="json",
                index=index,
                problems=[Problem("NL004", 0, message, position=locate(at))],
            )
        ]
    ctx = Context(raw, display, "jsonl", options, locate, ascii_only, start)
    return [record_document(record, ctx, index)]


# --- the readers: JSON whole, JSON Lines streamed ------------------------------------------


class JsonReader(Reader):
    kind = "json"
    suffixes = (".json",)
    default_include = False  # many .json files are not articles: opt in with --extend-include

    def parse(self, raw: str, display: str, options) -> list:
        return parse_records(raw, display, self.kind, options)


class JsonLinesReader(JsonReader):
    """JSON Lines, streamed line by line (flat memory, fixes written line by line) unless the
    bytes are given (stdin) or the file is UTF-16/32, which is read whole."""

    kind = "jsonl"
    suffixes = (".jsonl", ".ndjson")
    default_include = True

    def chunks(self, path: str, display: str, options, data: Optional[bytes] = None):
        if data is None and streamable(path, options):
            return stream_jsonl(path, display, options)
        return super().chunks(path, display, options, data)

    def streamable(self, path: str, options) -> bool:
        return streamable(path, options)

    def range_chunks(self, path: str, display: str, options, span):
        """The Chunks of a byte range of a streamable file (``ranges.ByteRange``)."""
        return stream_jsonl(path, display, options, span)


READERS = (JsonReader(), JsonLinesReader())


def streamable(path: str, options) -> bool:
    """Whether a JSON Lines file can be read line by line on bytes (not UTF-16/32)."""
    enc = (options.encoding or "utf-8").lower().replace("-", "").replace("_", "")
    if enc.startswith(("utf16", "utf32", "ucs")):
        return False
    try:
        with open_input(path) as fh:
            head = fh.read(4)
    except OSError:
        return True  # reported by stream_jsonl
    return not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _line_chunk(data: bytes, lineno: int, offset: int, display: str, options, reported: bool):
    """One line of a JSON Lines file as a Chunk, and whether it reported an undecodable byte."""
    encoding = options.encoding or "utf-8"
    body = data[:-1] if data.endswith(b"\n") else data
    if body.endswith(b"\r"):
        body = body[:-1]
    newline = data[len(body) :]
    bom = codecs.BOM_UTF8 if lineno == 1 and body.startswith(codecs.BOM_UTF8) else b""
    text_bytes = body[len(bom) :]
    problems = []
    try:
        raw = text_bytes.decode(encoding)
        fixable = True
    except UnicodeDecodeError as exc:
        raw = text_bytes.decode(encoding, errors="replace")
        fixable = False
        if not reported:
            reported = True
            col = len(text_bytes[: exc.start].decode(encoding, errors="replace")) + 1
            message = codec.undecodable_message(text_bytes, exc, encoding)
            problems.append(Problem("NL001", 0, message, position=(lineno, col)))
    index = lineno - 1

    def reparse(new_raw: str) -> list:
        return jsonl_line(
            new_raw, 0, len(new_raw), lineno, display, options, index, _ascii_only(new_raw, options)
        ) or [Document("", display, kind="json")]

    def encode(new_raw: str) -> bytes:
        return bom + new_raw.encode(encoding) + newline

    docs = jsonl_line(raw, 0, len(raw), lineno, display, options, index, _ascii_only(raw, options))
    if problems:
        docs = [Document("", display, kind="json", problems=problems)] + docs
    chunk = Chunk(docs, raw, data, fixable, reparse, encode, lineno, offset, whole=False)
    return chunk, reported


def stream_jsonl(path: str, display: str, options, span=None) -> Iterator[Chunk]:
    """The lines of a JSON Lines file, decoded and parsed one at a time (flat memory); with
    ``span`` (a ``ranges.ByteRange``), the lines of that range only, its ``tally`` filled
    with what the whole file decides (the first undecodable byte, the no-text warning)."""
    opened = _open_checked(path, display)
    if isinstance(opened, Chunk):
        yield opened
        return
    with opened as fh:
        offset, lineno, end = 0, 0, None
        if span is not None:
            offset, lineno, end = span.start, span.lineno - 1, span.end
            fh.seek(offset)
        reported, documents = False, 0
        with_text, without, seen = 0, 0, []  # seen: fields of the first 5 without text
        for data in fh:
            lineno += 1
            chunk, now = _line_chunk(data, lineno, offset, display, options, reported)
            if now and not reported and span is not None:
                span.tally.undecodable = (documents, lineno)
            reported = now
            documents += len(chunk.documents)
            for doc in chunk.documents:
                if doc.text:
                    with_text += 1
                elif "record_without_text" in doc.__dict__:
                    without += 1
                    if without <= 5:
                        seen.append(fields_seen(doc.__dict__["record_without_text"]))
            yield chunk
            offset += len(data)
            bytes_read(offset)
            lineno += chunk.raw.count("\r")  # lone CRs in a line: JSON whitespace, line breaks
            if end is not None and offset >= end:
                break
        if span is not None:
            span.tally.with_text, span.tally.without, span.tally.seen = with_text, without, seen
        elif without and not with_text:
            yield Chunk(
                [no_text_document(without, seen, options, display)],
                lineno=lineno + 1,
                offset=offset,
                whole=False,
            )


def no_text_document(without: int, seen: list, options, display: str) -> Document:
    """The warning that none of a streamed file's ``without`` records has text; ``seen``: the
    fields of its first records without text."""
    names: list = []
    for fields in seen[:5]:
        names += [f for f in fields if f not in names]
    return _warning_document(without, names[:12], tuple(options.text_fields), display, (1, 1))


def _open_checked(path: str, display: str):
    """The file open for reading, or a Chunk carrying why it cannot be read (unreadable,
    binary)."""
    try:
        fh = open_input(path)
    except OSError as exc:
        return problem_chunk(display, "NL003", f"cannot read file: {exc.strerror or exc}")
    try:
        head = fh.read(65536)
        fh.seek(0)
    except OSError as exc:
        fh.close()
        return problem_chunk(display, "NL003", f"cannot read file: {exc.strerror or exc}")
    if b"\x00" in head:
        fh.close()
        return problem_chunk(display, "NL002", "binary file (contains NUL bytes): skipped")
    return fh
