"""Bytes <-> text for every input and output: BOMs, legacy encodings, undecodable bytes.

Loading, streaming, stdin, ``--show-source`` and writing fixes back all go through here, so a
file is decoded one way and written back in the encoding (and with the BOM) it came in.
"""

from __future__ import annotations

import codecs
from typing import NamedTuple, Optional

from newslint.document import Problem

BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class Decoded(NamedTuple):
    text: str  # without the BOM
    encoding: str
    bom: bool
    problem: Optional[Problem]  # NL001 at the first undecodable byte, or None


def is_binary(data: bytes) -> bool:
    """Whether bytes are skipped as a binary file (NL002): a NUL early on, unless UTF-16."""
    return b"\x00" in data[:65536] and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    )


def decode(data: bytes, encoding: Optional[str]) -> Decoded:
    """Decoded text, the encoding used, whether a BOM was there, and an NL001 problem or None.

    With no encoding given: a UTF-16 BOM, else UTF-8 (with or without its BOM).  Undecodable
    bytes become U+FFFD and the problem says where the first one is and what the file likely is.
    """
    bom = False
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            return _undecodable(data, exc, encoding)
        if text.startswith("\ufeff"):
            return Decoded(text[1:], encoding, True, None)
        return Decoded(text, encoding, False, None)
    for mark, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(mark) and not data.startswith(codecs.BOM_UTF32_LE):
            try:
                return Decoded(data[2:].decode(name), name, True, None)
            except UnicodeDecodeError as exc:
                return _undecodable(data[2:], exc, name)._replace(bom=True)
    if data.startswith(codecs.BOM_UTF8):
        data, bom = data[3:], True
    try:
        return Decoded(data.decode("utf-8"), "utf-8", bom, None)
    except UnicodeDecodeError as exc:
        return _undecodable(data, exc, "utf-8")._replace(bom=bom)


# why a text that starts with U+FEFF cannot be written to a file that had no BOM: every
# reader, newslint's own among them, would take the character for one and drop it
READS_AS_BOM = "the text would start with U+FEFF, which reads as a byte order mark"


def encode(text: str, encoding: str, bom: bool) -> bytes:
    """``text`` in ``encoding``, with the BOM in front when the input had one.
    UnicodeEncodeError when the encoding cannot hold a character of it, or when the input
    had no BOM and the text starts with U+FEFF (``READS_AS_BOM``), checked second: an
    encoding that cannot hold U+FEFF says so."""
    data = text.encode(encoding)
    if not bom:
        if text.startswith("\ufeff"):
            raise UnicodeEncodeError(encoding, text, 0, 1, READS_AS_BOM)
        return data
    if encoding.lower().replace("-", "") == "utf8":
        return codecs.BOM_UTF8 + data
    return "\ufeff".encode(encoding) + data


def unencodable_message(exc: UnicodeEncodeError) -> str:
    """Why fixes were not written: the text they insert is not in the file's encoding, or
    would start the file with what reads as a BOM."""
    if exc.reason == READS_AS_BOM:
        return f"fixes not written: {READS_AS_BOM}"
    return f"fixes not written: {exc.encoding} cannot encode {exc.object[exc.start : exc.end]!r}"


def undecodable_message(data: bytes, exc: UnicodeDecodeError, encoding: str) -> str:
    """What NL001 says about the first byte ``encoding`` cannot decode."""
    bad = data[exc.start : exc.start + 1]
    message = f"not valid {encoding.upper()}: byte 0x{bad.hex()} cannot be decoded"
    guess = guess_encoding(data)
    if guess:
        message += f" (likely {guess}; set 'encoding' or --encoding)"
    return message


def _undecodable(data: bytes, exc: UnicodeDecodeError, encoding: str) -> Decoded:
    prefix = normalise_newlines(data[: exc.start].decode(encoding, errors="replace"))
    line = prefix.count("\n") + 1
    col = len(prefix) - (prefix.rfind("\n") + 1) + 1
    message = undecodable_message(data, exc, encoding)
    text = data.decode(encoding, errors="replace")
    return Decoded(text, encoding, False, Problem("NL001", 0, message, position=(line, col)))


def guess_encoding(data: bytes) -> str:
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


def normalise_newlines(raw: str) -> str:
    if "\r" not in raw:
        return raw
    return raw.replace("\r\n", "\n").replace("\r", "\n")
