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
from json.decoder import scanstring
from typing import Callable, NamedTuple, Optional

from newslint.document import Document, Problem, Span

TITLE_FIELDS = ("title", "headline")
SEPARATOR = "\n\n"  # between fields in the Document text; never part of the raw file


# --- a JSON parser that keeps the raw span of every string ---------------------------------


class Str(NamedTuple):
    value: str
    start: int  # the opening quote
    end: int  # just after the closing quote


class JsonError(ValueError):
    def __init__(self, message: str, pos: int):
        super().__init__(message)
        self.message, self.pos, self.partial = message, pos, None


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_CONSTANTS = {
    "true": True,
    "false": False,
    "null": None,
    "NaN": float("nan"),
    "Infinity": float("inf"),
    "-Infinity": float("-inf"),
}


def parse_json(s: str, pos: int = 0, end: Optional[int] = None):
    """The JSON value in s[pos:end], strings as Str; raises JsonError (whose ``partial`` holds
    the outermost container as far as it was read).  Iterative: no depth limit."""
    stack: list = []  # [container, pending key or None]
    try:
        return _parse(s, pos, len(s) if end is None else end, stack)
    except JsonError as exc:
        for inner, outer in zip(stack[:0:-1], stack[-2::-1]):  # close what is open, innermost first
            if isinstance(outer[0], dict):
                if outer[1] is not None:
                    outer[0][outer[1]] = inner[0]
            else:
                outer[0].append(inner[0])
        exc.partial = stack[0][0] if stack else None
        raise


def _parse(s: str, pos: int, n: int, stack: list):
    ws = _WS.match
    i = ws(s, pos, n).end()
    while True:
        c = s[i] if i < n else ""
        if c == "{" or c == "[":
            j = ws(s, i + 1, n).end()
            closer = "}" if c == "{" else "]"
            if j < n and s[j] == closer:
                value, i = ({} if c == "{" else []), j + 1
            else:
                frame = [{}, None] if c == "{" else [[], None]
                stack.append(frame)
                i = _key(s, j, n, frame) if c == "{" else j
                continue
        elif c == '"':
            value, i = _string(s, i, n)
        elif c == "-" or c.isdigit():
            m = _NUMBER.match(s, i, n)
            if m is None or m.end() == i:
                if s.startswith("-Infinity", i) and i + 9 <= n:
                    value, i = float("-inf"), i + 9
                else:
                    raise JsonError("Expecting value", i)
            else:
                value, i = _number(m.group()), m.end()
        else:
            for word, const in _CONSTANTS.items():
                if s.startswith(word, i) and i + len(word) <= n:
                    value, i = const, i + len(word)
                    break
            else:
                raise JsonError("Expecting value", i)
        # attach the finished value, closing containers as far as they end here
        while True:
            i = ws(s, i, n).end()
            if not stack:
                if i < n:
                    raise JsonError("Extra data", i)
                return value
            frame = stack[-1]
            container = frame[0]
            if isinstance(container, dict):
                container[frame[1]] = value
            else:
                container.append(value)
            c = s[i] if i < n else ""
            if c == ",":
                i = ws(s, i + 1, n).end()
                if isinstance(container, dict):
                    i = _key(s, i, n, frame)
                break
            if c == ("}" if isinstance(container, dict) else "]"):
                stack.pop()
                value, i = container, i + 1
                continue
            raise JsonError("Expecting ',' delimiter", i)


def _number(text: str):
    if "." in text or "e" in text or "E" in text:
        return float(text)
    try:
        return int(text)
    except ValueError:
        # more digits than Python converts (sys.get_int_max_str_digits, 4300 by default):
        # valid JSON all the same, so keep its magnitude as a float rather than fail the file
        return float(text)


def _string(s: str, i: int, n: int):
    try:
        value, j = scanstring(s, i + 1, True)
    except ValueError as exc:
        raise JsonError(getattr(exc, "msg", "Invalid string"), getattr(exc, "pos", i)) from None
    if j > n:
        raise JsonError("Unterminated string starting at", i)
    return Str(value, i, j), j


def _key(s: str, i: int, n: int, frame: list) -> int:
    if i >= n or s[i] != '"':
        raise JsonError("Expecting property name enclosed in double quotes", i)
    key, i = _string(s, i, n)
    frame[1] = key.value
    i = _WS.match(s, i, n).end()
    if i >= n or s[i] != ":":
        raise JsonError("Expecting ':' delimiter", i)
    return _WS.match(s, i + 1, n).end()


def plain(node):
    """A parsed value with Str replaced by its string (for ids and messages)."""
    if isinstance(node, Str):
        return node.value
    if isinstance(node, dict):
        return {k: plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node


# --- decoding a string literal with a map of every character ------------------------------

_ESCAPE = re.compile(r'\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))')
_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def decode_literal(raw: str, lit: Str):
    """(text, breakpoints) of a string literal: newlines normalised to ``\\n``, lone surrogates
    to U+FFFD.  Breakpoints are (text offset, raw offset, run length) triples."""
    body, end = lit.start + 1, lit.end - 1
    if raw.find("\\", body, end) == -1:
        text = raw[body:end]
        return _clean(text), [(0, body, len(text)), (len(text), end, 0)]
    out: list = []
    points: list = []
    t, pos = 0, body
    search = _ESCAPE.search
    while pos < end:
        m = search(raw, pos, end)
        if m is None or m.start() > pos:
            stop = end if m is None else m.start()
            run = raw[pos:stop]
            points.append((t, pos, len(run)))
            out.append(run)
            t += len(run)
            pos = stop
            if m is None:
                break
        ch, nxt = _escaped(m)
        if 0xD800 <= ord(ch) <= 0xDBFF:
            m2 = search(raw, nxt, end)
            if m2 is not None and m2.start() == nxt and m2.group(1):
                low = int(m2.group(1), 16)
                if 0xDC00 <= low <= 0xDFFF:
                    ch = chr(0x10000 + ((ord(ch) - 0xD800) << 10) + (low - 0xDC00))
                    nxt = m2.end()
        if ch == "\r":
            m2 = search(raw, nxt, end)
            if m2 is not None and m2.start() == nxt and _escaped(m2)[0] == "\n":
                nxt = m2.end()
            ch = "\n"
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            ch = "\ufffd"
        points.append((t, m.start(), 0))
        out.append(ch)
        t += 1
        pos = nxt
    points.append((t, end, 0))
    return "".join(out), points


def _escaped(m):
    if m.group(1):
        return chr(int(m.group(1), 16)), m.end()
    return _SIMPLE[m.group(2)], m.end()


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


class RecordMap:
    """Document offsets of one record -> offsets and (line, col) in the raw file."""

    def __init__(
        self, points: list, fields: list, locate: Callable[[int], tuple], ascii_only: bool
    ):
        self._t = [p[0] for p in points]
        self._r = [p[1] for p in points]
        self._run = [p[2] for p in points]
        self.fields = fields  # [(text start, text end, name)]
        self._field_starts = [f[0] for f in fields]
        self.locate = locate
        self.ascii_only = ascii_only

    def raw_offset(self, offset: int) -> int:
        k = bisect.bisect_right(self._t, offset) - 1
        if k < 0:
            return self._r[0]
        return self._r[k] + max(0, min(offset - self._t[k], self._run[k]))

    def position(self, offset: int) -> tuple:
        return self.locate(self.raw_offset(offset))

    def escape(self, replacement: str, raw_start: int) -> str:
        return json.dumps(replacement, ensure_ascii=self.ascii_only)[1:-1]

    def field_at(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._field_starts, offset) - 1)

    def editable(self, start: int, end: int) -> bool:
        """An edit may not cross from one field's string into another's."""
        i = self.field_at(start)
        s, e, _ = self.fields[i]
        return s <= start and end <= e


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


def _lookup(node, path: str):
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _strings(node) -> list:
    if isinstance(node, Str):
        return [node]
    if isinstance(node, list):
        return [x for x in node if isinstance(x, Str)]
    return []


def record_id(record: dict, options, key: Optional[str], index: int) -> str:
    for name in options.record_id_field:
        value = _lookup(record, name)
        if isinstance(value, Str) and value.value.strip():
            return _short(value.value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
    if key is not None:
        return _short(key)
    return f"#{index + 1}"


def _short(value: str) -> str:
    value = _clean(" ".join(value.split()))
    return value if len(value) <= 100 else value[:99] + "\u2026"


def record_document(record, ctx: Context, index: int, key: Optional[str] = None) -> Document:
    """The Document of one record, or an empty placeholder (with a note) when it has no text."""
    rid = (
        record_id(record, ctx.options, key, index) if isinstance(record, dict) else f"#{index + 1}"
    )
    found = []  # (name, Str)
    if isinstance(record, dict):
        seen = set()
        for name in ctx.options.text_fields:
            node = _lookup(record, name)
            for n, lit in enumerate(_strings(node)):
                if lit.value.strip() and lit.start not in seen:
                    seen.add(lit.start)
                    found.append((f"{name}.{n}" if isinstance(node, list) else name, lit))
    if not found:
        where = None if ctx.kind == "jsonl" else _record_start(record)
        what = (
            "not an object"
            if not isinstance(record, dict)
            else "no text in " + ", ".join(ctx.options.text_fields)
        )
        note = Problem(
            "note",
            0,
            f"record {rid}: {what}: skipped",
            position=ctx.locate(ctx.base if where is None else where),
        )
        return Document("", ctx.display, kind=ctx.kind, index=index, problems=[note])
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
        return f"record {_rid} ({_map.fields[_map.field_at(offset)][2]})"

    return Document(
        "".join(parts),
        ctx.display,
        kind="json",
        index=index,
        source_map=source_map,
        title_span=title_span,
        paragraph_spans=paragraphs,
        label=label,
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
    if isinstance(record, Str):
        return record.start
    if isinstance(record, dict):
        for v in record.values():
            s = _record_start(v)
            if s is not None:
                return s
    if isinstance(record, list):
        for v in record:
            s = _record_start(v)
            if s is not None:
                return s
    return None


def _records_of(root, options) -> Iterator[tuple]:
    """(key, record) pairs of a .json file: an array, an object of records, or one record;
    ``{"output": ...}`` wrappers are unwrapped."""
    if (
        isinstance(root, dict)
        and not _has_text(root, options)
        and isinstance(root.get("output"), (dict, list))
    ):
        root = root["output"]
    if isinstance(root, list):
        for record in root:
            yield None, record
    elif isinstance(root, dict):
        if _has_text(root, options) or not any(isinstance(v, dict) for v in root.values()):
            yield None, root
        else:
            for key, record in root.items():
                yield key, record


def _has_text(record: dict, options) -> bool:
    return any(_lookup(record, name) is not None for name in options.text_fields)


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
        return docs or [Document("", display, kind="json")]
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
    return [
        record_document(rec, ctx, i, key) for i, (key, rec) in enumerate(_records_of(root, options))
    ]


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


# --- streaming JSON Lines -------------------------------------------------------------------


@dataclass
class Chunk:
    """One line of a JSON Lines file as it is streamed."""

    lineno: int
    offset: int  # byte offset of the line in the file
    data: bytes  # the line's bytes, newline included
    raw: str  # decoded, without BOM and newline
    newline: bytes
    documents: list
    fixable: bool
    encoding: str
    index: int

    def reparse(self, raw: str, display: str, options) -> list:
        return jsonl_line(
            raw, 0, len(raw), self.lineno, display, options, self.index, _ascii_only(raw, options)
        ) or [Document("", display, kind="json")]

    def encode(self, raw: str) -> bytes:
        head = (
            codecs.BOM_UTF8 if self.lineno == 1 and self.data.startswith(codecs.BOM_UTF8) else b""
        )
        return head + raw.encode(self.encoding) + self.newline


def _problem_chunk(display: str, code: str, message: str, encoding: str) -> Chunk:
    """A file that cannot be streamed, as one chunk carrying its input problem."""
    from newslint.sources import problem_document

    return Chunk(1, 0, b"", "", b"", [problem_document(display, code, message)], False, encoding, 0)


def streamable(path: str, options) -> bool:
    """Whether a JSON Lines file can be read line by line on bytes (not UTF-16/32)."""
    enc = (options.encoding or "utf-8").lower().replace("-", "").replace("_", "")
    if enc.startswith(("utf16", "utf32", "ucs")):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError:
        return True  # reported by stream_jsonl
    return not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def stream_jsonl(path: str, display: str, options) -> Iterator[Chunk]:
    """The lines of a JSON Lines file, decoded and parsed one at a time (flat memory)."""
    from newslint.sources import _guess_encoding

    encoding = options.encoding or "utf-8"
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield _problem_chunk(display, "NL003", f"cannot read file: {exc.strerror or exc}", encoding)
        return
    with fh:
        try:
            head = fh.read(65536)
            fh.seek(0)
        except OSError as exc:
            yield _problem_chunk(
                display, "NL003", f"cannot read file: {exc.strerror or exc}", encoding
            )
            return
        if b"\x00" in head:
            yield _problem_chunk(
                display, "NL002", "binary file (contains NUL bytes): skipped", encoding
            )
            return
        offset, reported, lineno = 0, False, 0
        for data in fh:
            lineno += 1
            body = data[:-1] if data.endswith(b"\n") else data
            if body.endswith(b"\r"):
                body = body[:-1]
            newline = data[len(body) :]
            text_bytes = body[3:] if lineno == 1 and body.startswith(codecs.BOM_UTF8) else body
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
                    message = f"not valid {encoding.upper()}: byte 0x{text_bytes[exc.start : exc.start + 1].hex()} cannot be decoded"
                    guess = _guess_encoding(text_bytes)
                    if guess:
                        message += f" (likely {guess}; set 'encoding' or --encoding)"
                    problems.append(Problem("NL001", 0, message, position=(lineno, col)))
            except LookupError:
                raise
            docs = jsonl_line(
                raw, 0, len(raw), lineno, display, options, lineno - 1, _ascii_only(raw, options)
            )
            if problems:
                docs = [Document("", display, kind="json", problems=problems)] + docs
            yield Chunk(lineno, offset, data, raw, newline, docs, fixable, encoding, lineno - 1)
            offset += len(data)
            lineno += raw.count("\r")  # lone CRs inside the line: JSON whitespace, but line breaks
