"""JSON with raw spans: a parser that keeps where every string literal stands in the raw
text, the decoding of a literal with a map from each decoded character back to the raw file,
and the RecordMap that turns Document offsets of a record into raw-file offsets."""

from __future__ import annotations

import bisect
import json
import re
from json.decoder import scanstring
from typing import Callable, NamedTuple, Optional

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


# --- decoding a string literal with a map of every character ------------------------------

_ESCAPE = re.compile(r'\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))')
_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def decode_literal(raw: str, lit: Str):
    """(text, breakpoints) of a string literal: newlines normalised to ``\\n``, lone surrogates
    to U+FFFD.  Breakpoints are (text offset, raw offset, run length) triples."""
    body, end = lit.start + 1, lit.end - 1
    if raw.find("\\", body, end) == -1:
        text = raw[body:end]
        return clean_text(text), [(0, body, len(text)), (len(text), end, 0)]
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


def clean_text(text: str) -> str:
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
