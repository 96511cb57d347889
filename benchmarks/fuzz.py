#!/usr/bin/env python3
"""Fuzz newslint through its command line and count what must never happen.

    python benchmarks/fuzz.py [--count 1000] [--seed 1] [--races 50]

Inputs come from six generators, each input from its own seed (``seed/category/index``), so
input 17 of a category is the same whatever ``--count``:

- **bytes**: random bytes, broken UTF-8, surrogates, NULs, named .txt/.md/.json/.jsonl;
- **text**: news-like text with the defects newslint fixes (glued sentences, stray spaces,
  lowercase names, mojibake, invisible characters, quotes) and random Unicode;
- **json**: JSON and JSON Lines, valid, broken, deeply nested, in odd wrappers;
- **markdown**: tables, backtick runs, code fences, HTML comments and tags, directives;
- **encodings**: Latin-1, Windows-1252, UTF-16 with and without BOM, UTF-8 BOM, EBCDIC,
  CRLF/CR/mixed newlines, with and without ``--encoding``;
- **packs**: a random small rule pack (``--rule-path``; catastrophic patterns, bad swaps,
  wrong types) run on text made to trip them.

Every input is linted (``--format json``) and fixed (``--fix --unsafe-fixes``), with
``--isolated --no-cache -j 1 --select ALL`` (packs: ``--select NL0,<the pack's codes>``).
Inputs share a run, ``--batch`` at a time (over 100 KB: three; packs: one), when they take
the same options; a run that crashes without naming its file, or takes over ``--limit``
seconds, is rerun one input a run, so each count belongs to one input. Counted:

- **internal errors**: "internal error" on stderr, a Traceback, or death by a signal;
- **runs over the limit** (10 s) of one input (all inputs are under 1 MB);
- **bytes changed outside fix spans**: the lint run must leave the file alone, and every
  byte ``--fix`` changes must lie inside the edits the JSON reports list. newslint fixes in
  passes, so the passes are replayed from the reports (the lint run's edits applied as the
  engine applies them, the result linted again, ...); when the replay ends on the file
  ``--fix`` wrote, every change is inside a listed edit. Otherwise the text outside the
  union of the listed edits must still stand, in order, in the fixed file; what is not found
  there is counted (its size in the file's encoding). Reports a corpus-wide filter drops
  depend on the other files of a run, so an input that fails in a shared run is checked
  again alone: the count is of the lone run, and what fails only in company is listed apart;
- **lost concurrent edits**: ``--races`` times, a large file (.txt and .jsonl in turn) is
  fixed while this process appends a line at a random moment of the run; the line must be
  in the file afterwards. A run that reported it left the file (NL008) is counted apart.

Exit status 1 when any count is not zero. ``--save DIR`` writes each failing input (and the
pack) under DIR, for a reproducer.
"""

from __future__ import annotations

import argparse
import bisect
import codecs
import difflib
import json
import os
import random
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from command import NEWSLINT

BIG = 100_000  # bytes: inputs larger than this share a run with at most two others
MAX_PASSES = 10  # as the engine: fixes are applied in at most this many passes


def newslint_cmd(*args) -> list:
    return [
        *NEWSLINT,  # never the working directory's newslint ahead of the installed one
        "--isolated",
        "--no-cache",
        "-j",
        "1",
        *args,
    ]


@dataclass
class Run:
    code: Optional[int]
    out: str
    err: str
    wall: float
    timed_out: bool


def run(cmd: list, cwd, timeout: float) -> Run:
    """One run in its own process group (killed whole on time-out)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc.pid)
        out, err = proc.communicate()
    wall = time.perf_counter() - start
    dec = lambda b: b.decode("utf-8", "replace")  # noqa: E731
    return Run(proc.returncode, dec(out), dec(err), wall, timed_out)


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# --- what one input came to -----------------------------------------------------------------
@dataclass
class Outcome:
    internal: str = ""  # the first internal-error line
    slow: float = 0.0  # seconds of a single-input run over the limit
    slow_run: str = ""  # which: "lint" or "--fix"
    outside: int = 0  # bytes changed outside the listed fix spans
    outside_why: str = ""
    fixed: bool = False  # --fix changed the file (the span check had work to do)
    refused: bool = False  # a run ended with exit 2 and an error message, not a crash
    batch_only: int = 0  # bytes outside the fix spans in a run with other inputs, not alone
    runs: int = 0
    max_wall: float = 0.0

    def note_run(self, r: Run) -> None:
        self.runs += 1
        self.max_wall = max(self.max_wall, r.wall)


# --- decoding as the file was read, to turn (line, column) into offsets --------------------
@dataclass
class Decoded:
    text: str
    encoding: str
    bom: bool
    errors: str = "surrogatepass"

    def encode(self, text: str) -> bytes:
        data = text.encode(self.encoding, self.errors)
        if not self.bom:
            return data
        if self.encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
            return codecs.BOM_UTF8 + data
        return "\ufeff".encode(self.encoding) + data


def decode(data: bytes, encoding: Optional[str]) -> Optional[Decoded]:
    """The text newslint lints (BOM removed). Bytes UTF-8 cannot decode are kept as lone
    surrogates (``surrogateescape``): newslint leaves them alone (it never writes back what
    it could not decode; JSON Lines are decoded line by line), so they must stay as they
    are. None when another encoding fails: such a file must not change at all."""
    try:
        if encoding:
            text = data.decode(encoding)
            if text.startswith("\ufeff"):
                return Decoded(text[1:], encoding, True)
            return Decoded(text, encoding, False)
        for mark, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            if data.startswith(mark) and not data.startswith(codecs.BOM_UTF32_LE):
                return Decoded(data[2:].decode(name), name, True)
        if data.startswith(codecs.BOM_UTF8):
            return Decoded(data[3:].decode("utf-8"), "utf-8", True)
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        if (encoding or "utf-8").lower().replace("_", "-") not in ("utf-8", "utf8", "utf-8-sig"):
            return None
        bom = data.startswith(codecs.BOM_UTF8)
        body = data[3:] if bom else data
        return Decoded(body.decode("utf-8", "surrogateescape"), "utf-8", bom, "surrogateescape")
    except LookupError:
        return None


def line_starts(text: str) -> list:
    starts, i, n = [0], 0, len(text)
    while i < n:
        c = text[i]
        if c == "\r" and i + 1 < n and text[i + 1] == "\n":
            i += 2
            starts.append(i)
            continue
        i += 1
        if c in "\r\n":
            starts.append(i)
    return starts


def offset(starts: list, n: int, line: int, column: int) -> int:
    line = max(1, min(line, len(starts)))
    return max(0, min(starts[line - 1] + column - 1, n))


def fix_groups(reports: list, name: str, text: str) -> list:
    """(sort key, [(start, end, content)]) of every report of ``name`` that carries a fix."""
    starts, groups = line_starts(text), []
    for r in reports:
        fix = r.get("fix") if isinstance(r, dict) else None
        if r.get("path") != name or not fix or not fix.get("edits"):
            continue
        edits = [
            (
                offset(starts, len(text), e["line"], e["column"]),
                offset(starts, len(text), e["end_line"], e["end_column"]),
                e["content"],
            )
            for e in fix["edits"]
        ]
        key = (r["path"], r["line"], r["column"], r["code"], r["message"])
        groups.append((key, edits))
    return groups


def apply_groups(text: str, groups: list) -> tuple:
    """The engine's choice: by (start, end, report), skipping any group overlapping one taken,
    and a second insertion at the same place. Returns the new text and the edits applied."""
    ordered = sorted(groups, key=lambda g: (min(e[0] for e in g[1]), max(e[1] for e in g[1]), g[0]))
    chosen, last_end, last_insert = [], -1, None
    for _, edits in ordered:
        start, end = min(e[0] for e in edits), max(e[1] for e in edits)
        if start < last_end or (start == end and start == last_insert):
            continue
        chosen.extend(edits)
        last_end = end
        last_insert = start if start == end else None
    chosen.sort(key=lambda e: (e[0], e[1]))
    out, pos = [], 0
    for s, e, content in chosen:
        out.append(text[pos:s])
        out.append(content)
        pos = e
    out.append(text[pos:])
    return "".join(out), chosen


class Pass:
    """The edits one pass applied, to map positions after it back to positions before it."""

    def __init__(self, chosen: list):
        self.edits, self.starts, self.shifts = chosen, [], []  # shifts: before each edit
        shift = 0
        for s, e, content in chosen:
            self.starts.append(s + shift)
            self.shifts.append(shift)
            shift += len(content) - (e - s)
        self.total = shift

    def back(self, pos: int, left: bool) -> int:
        """Inside (or at the edge of) a replacement: that edit's start (``left``) or end."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0:
            return pos
        s, e, content = self.edits[i]
        if pos <= self.starts[i] + len(content):
            return s if left else e
        return pos - self.shifts[i] - (len(content) - (e - s))


@dataclass
class Replay:
    name: str
    dec: Decoded
    final: str
    cur: str = ""
    spans: list = field(default_factory=list)
    passes: list = field(default_factory=list)  # the edits applied by each pass
    done: bool = False

    def step(self, groups: list) -> None:
        for _, edits in groups:
            s, e = min(x[0] for x in edits), max(x[1] for x in edits)
            for done in reversed(self.passes):
                s, e = done.back(s, True), done.back(e, False)
            self.spans.append((s, e))
        # a fix inserting what the file's encoding cannot hold is skipped (NL008)
        new, chosen = apply_groups(self.cur, [g for g in groups if self.encodable(g[1])])
        if new == self.cur:
            self.done = True
            return
        self.passes.append(Pass(chosen))
        self.cur = new
        self.done = new == self.final

    def encodable(self, edits: list) -> bool:
        try:
            self.dec.encode("".join(e[2] for e in edits))
            return True
        except UnicodeEncodeError:
            return False


def outside_spans(original: str, spans: list, final: str, enc: Decoded) -> tuple:
    """Bytes outside ``spans`` that ``final`` changed, and where the first change is: the text
    between the spans must stand in ``final`` in order; a piece that does not is compared with
    what stands in its place."""
    merged = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    cuts = [0] + [p for s, e in merged for p in (s, e)] + [len(original)]
    pieces = [original[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts), 2)]
    places, pos = [], 0  # (start, end) in final of each piece, or None
    for i, piece in enumerate(pieces):
        if i == 0:
            found = 0 if final.startswith(piece) and (len(pieces) > 1 or final == piece) else -1
        elif i == len(pieces) - 1:
            found = len(final) - len(piece) if final.endswith(piece) else -1
            found = found if found >= pos else -1
        else:
            found = final.find(piece, pos)
        places.append(None if found == -1 else (found, found + len(piece)))
        pos = pos if found == -1 else found + len(piece)
    lost, first = 0, ""
    for i, piece in enumerate(pieces):
        if places[i] is not None or not piece:
            continue
        start = max([p[1] for p in places[:i] if p] or [0])
        end = min([p[0] for p in places[i + 1 :] if p] or [len(final)])
        region = final[start : max(start, end)]
        lost += max(1, changed_size(piece, region, enc))
        if not first:
            at = common_prefix(piece, region)
            was, now = piece[max(0, at - 12) : at + 12], region[max(0, at - 12) : at + 12]
            first = f"{was!r} became {now!r}"
    return lost, first


def changed_size(before: str, after: str, enc: Decoded) -> int:
    """Bytes that differ between two texts (difflib on small ones, else the middle between
    their common start and end)."""
    size = lambda t: len(t.encode(enc.encoding, "replace"))  # noqa: E731
    if len(before) + len(after) <= 40_000:
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        return sum(
            max(size(before[i1:i2]), size(after[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        )
    p = common_prefix(before, after)
    q = common_prefix(before[p:][::-1], after[p:][::-1])
    return max(size(before[p : len(before) - q]), size(after[p : len(after) - q]))


def common_prefix(a, b) -> int:
    """Length of the common start of two strings (or byte strings), by halving."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def changed_bytes(a: bytes, b: bytes) -> int:
    """Bytes between the common start and the common end of two versions of a file."""
    p = common_prefix(a, b)
    q = common_prefix(a[p:][::-1], b[p:][::-1])
    return max(len(a), len(b)) - p - q


# --- the inputs -----------------------------------------------------------------------------
CATEGORIES = ("bytes", "text", "json", "markdown", "encodings", "packs")
SHARES = {"bytes": 15, "text": 20, "json": 18, "markdown": 17, "encodings": 16, "packs": 14}


@dataclass
class Input:
    category: str
    index: int
    name: str
    data: bytes
    note: str
    encoding: Optional[str] = None  # the --encoding option of its runs
    pack: Optional[bytes] = None  # a rule pack (packs): run with --rule-path
    codes: tuple = ()

    @property
    def key(self) -> str:
        return f"{self.category}/{self.index}"

    @property
    def options(self) -> tuple:
        return ("--encoding", self.encoding) if self.encoding else ()


def generate(categories: list, count: int, seed: int, only: frozenset = frozenset()) -> list:
    """Of ``count`` inputs shared out among all the categories by SHARES, those of
    ``categories`` (and, if given, with a key in ``only``); input i of a category has its own
    seed, so a subset of a run is the same inputs as in the whole run."""
    weights = [SHARES[c] for c in CATEGORIES]
    counts = [count * w // sum(weights) for w in weights]
    for i in range(count - sum(counts)):
        counts[i % len(counts)] += 1
    out = []
    for cat, n in zip(CATEGORIES, counts):
        if cat not in categories:
            continue
        for i in range(n):
            if only and f"{cat}/{i}" not in only:
                continue
            rng = random.Random(f"{seed}/{cat}/{i}")
            suffix, data, note, extra = GENERATORS[cat](rng)
            data = data[:999_999]
            out.append(Input(cat, i, f"{cat[:3]}{i:05d}{suffix}", data, note, **extra))
    return out


# fmt: off
SUBJECTS = ["The minister", "Police", "The company", "Officials", "The club", "Shares", "Voters"]
VERBS = ["said", "announced", "rose", "fell", "warned", "confirmed", "denied", "reported"]
OBJECTS = [
    "the plan was good", "profits rose 5 per cent", "the storm hit the coast", "talks would resume",
    "10,000 jobs were at risk", "the match ended 2-1", "the report was published",
]
NAMES = ["monday", "london", "january", "britain", "europe", "tony blair", "bbc", "friday"]
TYPOS = ["goverment", "waether", "recieve", "teh", "wich", "comittee", "begining", "untill"]
DEFECTS = [
    ".", ",", " ,", " .", "..", "!!", ",,", "?!", "  ", "   ", "\t", " \n", "\n", "\n\n",
    "\r\n", "\r", "\u201c", "\u201d", "\u2018", "\u2019", '"', "'", "(", ")", "[", "]",
    "\u00a0", "\u200b", "\u200d", "\ufeff", "\u2028", "\u0085", "\x0c", "\ufffd", "&amp;",
    "&nbsp;", "&#8217;", "<b>", "</b>", "<br>", "https://example.org/a?b=1,c.", "news@example.org",
    "U.S.", "e.g.", "Dr.", "3.5", "1,000", "Â£5", "â€™", "Ã©", "the the", "The the", "is is",
    "Photo: Getty Images", "Advertisement", "Share this article", "| a | b |", "---", "# ",
    "<!-- newslint: disable NL301 -->", "<!-- newslint: enable -->", "<!-- newslint: bogus",
]
RANGES = [
    (0x20, 0x7E), (0x20, 0x7E), (0x00, 0x1F), (0x80, 0x9F), (0xA0, 0xFF), (0x100, 0x24F),
    (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF), (0x2000, 0x206F),
    (0x20A0, 0x20CF), (0x2190, 0x21FF), (0x3000, 0x303F), (0x4E00, 0x4E80), (0xAC00, 0xAC40),
    (0xE000, 0xE010), (0xFB00, 0xFB06), (0xFE00, 0xFE0F), (0xFF01, 0xFF5E), (0xFFF0, 0xFFFF),
    (0x1D400, 0x1D420), (0x1F300, 0x1F64F), (0xE0000, 0xE007F), (0x10FFF0, 0x10FFFF),
]
# small pieces repeated to the size of pathological inputs (each stays under 1 MB)
REPEATS = [
    "`", "``", "<!--", "-->", "<!-- newslint: disable NL301 ", "<a ", "b ", "a", ". ", ",",
    '"', "\u201c", "(", "[", "|", "| ", "*", "_", "#", "\u200b", "the ", "é", "Ã©Ã¨â€œâ€\x9dÂ ",
    "&amp;", "\r", "\n", "\r\n", " \n", "x.", "A.", ".It", " ,", "\ufffd", "<", "\\", "{", "[[",
]
# fmt: on


def sentence(rng: random.Random) -> str:
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    words = s.split(" ")
    for _ in range(rng.randint(0, 2)):
        words.insert(rng.randint(1, len(words)), rng.choice(NAMES + TYPOS))
    return " ".join(words) + rng.choice([".", ".", ".", "!", "?", ""])


def random_unicode(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        lo, hi = rng.choice(RANGES)
        c = rng.randint(lo, hi)
        out.append(chr(c if not 0xD800 <= c <= 0xDFFF else 0xFFFD))
    return "".join(out)


def mojibake(text: str, rng: random.Random) -> str:
    broken = text.encode("utf-8").decode(rng.choice(["cp1252", "latin-1"]), "replace")
    return broken.replace("\x00", "")


def news_text(rng: random.Random, sentences: Optional[int] = None) -> str:
    """Sentences with the defects the rules look for, some random Unicode, odd newlines."""
    parts = []
    for _ in range(sentences if sentences is not None else rng.randint(1, 40)):
        r = rng.random()
        if r < 0.55:
            parts.append(sentence(rng))
        elif r < 0.8:
            parts.append(rng.choice(DEFECTS))
        elif r < 0.9:
            parts.append(random_unicode(rng, rng.randint(1, 12)))
        else:
            parts.append(mojibake(sentence(rng) + " caf\u00e9 \u201cquoted\u201d \u2013", rng))
        parts.append(rng.choice([" ", " ", "", "\n", "\n\n", "  ", " \n"]))
    return "".join(parts)


def pathological(rng: random.Random, most: int = 100000) -> str:
    """A small piece repeated up to ``most`` times (and up to 400 KB)."""
    piece = rng.choice(REPEATS) + (rng.choice(REPEATS) if rng.random() < 0.3 else "")
    n = min(most, rng.choice([1000, 5000, 20000, 100000]))
    n = min(n, 400_000 // max(1, len(piece.encode("utf-8"))))
    lead = rng.choice(["", "Storm hits coast\n\n", "# Title\n\n", sentence(rng) + " "])
    return lead + piece * n


def gen_bytes(rng: random.Random) -> tuple:
    kind = rng.choice(["random", "ascii+high", "nul", "broken-utf8", "surrogates", "controls"])
    n = rng.choice([0, 1, 3, rng.randint(4, 256), rng.randint(256, 8192), rng.randint(8192, 65536)])
    if kind == "random":
        data = rng.randbytes(n)
    elif kind == "ascii+high":
        data = bytes(
            rng.randint(0x80, 0xFF) if rng.random() < 0.05 else rng.randint(0x20, 0x7E)
            for _ in range(n)
        )
    elif kind == "nul":
        data = (
            news_text(rng).encode()
            + b"\x00" * rng.randint(1, 8)
            + rng.randbytes(rng.randint(0, 64))
        )
        if rng.random() < 0.5:
            data = data[: rng.randint(0, len(data))]
    elif kind == "broken-utf8":
        bad = [
            b"\xc0\xaf",
            b"\xe2\x80",
            b"\xf4\x90\x80\x80",
            b"\xff",
            b"\xfe",
            b"\xc3",
            b"\xed\xa0\x80",
        ]
        text = news_text(rng).encode("utf-8")
        cuts = sorted(rng.randint(0, len(text)) for _ in range(rng.randint(1, 5)))
        pieces, last = [], 0
        for c in cuts:
            pieces += [text[last:c], rng.choice(bad)]
            last = c
        data = b"".join(pieces) + text[last:]
    elif kind == "surrogates":
        data = (news_text(rng) + "\ud800" + sentence(rng) + "\udfff").encode(
            "utf-8", "surrogatepass"
        )
    else:
        data = bytes(
            rng.choice([0x1B, 0x07, 0x08, 0x0B, 0x0C, 0x7F, 0x0D, 0x0A, 0x85]) for _ in range(n)
        )
        data = (
            rng.choice([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]) + data
        )
    suffix = rng.choice([".txt"] * 6 + [".md", ".json", ".jsonl", ".text", ".markdown"])
    return suffix, data, f"bytes:{kind}", {}


def gen_text(rng: random.Random) -> tuple:
    r = rng.random()
    if r < 0.12:
        text, note = pathological(rng), "text:repeated piece"
    elif r < 0.25:
        text, note = random_unicode(rng, rng.randint(0, 4000)), "text:random unicode"
    else:
        text = "\n\n".join(news_text(rng) for _ in range(rng.randint(1, 8)))
        note = "text:news with defects"
    if rng.random() < 0.1:
        text = mojibake(text, rng)
        note += " (mojibake)"
    return rng.choice([".txt", ".txt", ".text", ".md"]), text.encode("utf-8", "replace"), note, {}


def record(rng: random.Random) -> dict:
    rec = {}
    for key in rng.sample(
        ["id", "url", "title", "headline", "body", "text", "content", "summary", "tags", "date"],
        rng.randint(1, 6),
    ):
        if key in ("id", "url", "date"):
            rec[key] = rng.choice(
                [
                    rng.randint(0, 10**6),
                    f"https://example.org/{rng.randint(0, 99)}",
                    None,
                    "2005-01-01",
                ]
            )
        elif key == "tags":
            rec[key] = [sentence(rng) for _ in range(rng.randint(0, 3))]
        else:
            rec[key] = rng.choice(
                [
                    news_text(rng),
                    news_text(rng),
                    sentence(rng),
                    "",
                    None,
                    42,
                    [news_text(rng)],
                    {"text": sentence(rng)},
                ]
            )
    return rec


def dumps(rng: random.Random, obj) -> str:
    return json.dumps(
        obj, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, None, 2, "\t"])
    )


def break_json(rng: random.Random, text: str) -> str:
    how = rng.choice(
        [
            "truncate",
            "char",
            "quotes",
            "trailing-comma",
            "comment",
            "nan",
            "lone-surrogate",
            "nul-escape",
        ]
    )
    if how == "truncate":
        return text[: rng.randint(0, len(text))]
    if how == "char":
        i = rng.randint(0, len(text))
        return text[:i] + rng.choice(list('{}[],:"\\\n\x00')) + text[i:]
    if how == "quotes":
        return text.replace('"', "'", rng.randint(1, 6))
    if how == "trailing-comma":
        return text.replace("}", ",}", 1)
    if how == "comment":
        return "// scraped\n" + text
    if how == "nan":
        return text.replace("null", rng.choice(["NaN", "Infinity", "-Infinity"]), 1) + "\n"
    if how == "lone-surrogate":
        return text.replace('"', '"\\ud800', 2)
    return text.replace('"', '"\\u0000', 2)


def gen_json(rng: random.Random) -> tuple:
    kind = rng.choice(
        [
            "object",
            "array",
            "wrapper",
            "jsonl",
            "jsonl-mixed",
            "broken",
            "nested",
            "scalar",
            "long-string",
            "duplicate-keys",
        ]
    )
    suffix = ".json"
    if kind == "object":
        text = dumps(rng, record(rng))
    elif kind == "array":
        text = dumps(rng, [record(rng) for _ in range(rng.randint(0, 20))])
    elif kind == "wrapper":
        key = rng.choice(["articles", "items", "data", "results", "hits"])
        text = dumps(
            rng,
            {
                key: [record(rng) for _ in range(rng.randint(0, 10))],
                "count": 3,
                "meta": {"body": sentence(rng)},
            },
        )
    elif kind in ("jsonl", "jsonl-mixed"):
        suffix, rows = ".jsonl", []
        for _ in range(rng.randint(0, 60)):
            row = json.dumps(record(rng), ensure_ascii=rng.random() < 0.5)
            if kind == "jsonl-mixed" and rng.random() < 0.3:
                row = rng.choice(
                    [break_json(rng, row), "", "  ", "[1, 2]", '"a string"', "null", "{}"]
                )
            rows.append(row)
        newline = rng.choice(["\n", "\n", "\r\n", "\r"])
        text = newline.join(rows) + rng.choice([newline, ""])
    elif kind == "broken":
        suffix = rng.choice([".json", ".jsonl"])
        text = break_json(rng, dumps(rng, rng.choice([record(rng), [record(rng), record(rng)]])))
    elif kind == "nested":
        depth = rng.choice([10, 100, 500, 999, 1000, 1001, 3000, 20000])
        inner = json.dumps({"body": news_text(rng)})
        opens = [rng.choice(["[", '{"body": ']) for _ in range(depth)]
        closes = "".join("]" if o == "[" else "}" for o in reversed(opens))
        text = "".join(opens) + inner + closes
        if rng.random() < 0.3:
            text = text[: rng.randint(0, len(text))]
        suffix = rng.choice([".json", ".jsonl"])
    elif kind == "scalar":
        text = rng.choice(
            [
                "",
                " ",
                "null",
                "true",
                "0",
                '"just a string. It is."',
                "[]",
                "{}",
                "\ufeff{}",
                "1e999999",
                "-",
                '"\\ud800"',
            ]
        )
    elif kind == "long-string":
        text = json.dumps({"body": pathological(rng)})
    else:
        a, b, c = (json.dumps(news_text(rng)) for _ in range(3))
        text = f'{{"body": {a}, "body": {b}, "title": {c}}}'
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.08:
        data = codecs.BOM_UTF8 + data
    return suffix, data, f"json:{kind}", {}


def table(rng: random.Random) -> str:
    cols = rng.randint(1, 6)
    rows = []
    for r in range(rng.randint(1, 12)):
        cells = [
            rng.choice(["a", sentence(rng)[:20], "", " 1,000 ", "`x|y`", "\\|", "**b**"])
            for _ in range(cols + rng.choice([0, 0, 0, -1, 1]))
        ]
        row = "|".join(cells)
        if rng.random() < 0.8:
            row = "| " + row + " |"
        rows.append(row)
        if r == 0 and rng.random() < 0.8:
            rows.append(
                "|"
                + "|".join(
                    rng.choice(["---", ":--", "--:", ":-:", "-", "", "==="]) for _ in range(cols)
                )
                + "|"
            )
    return "\n".join(rows)


def md_block(rng: random.Random) -> str:
    kind = rng.randrange(14)
    if kind == 0:
        return "#" * rng.randint(1, 7) + " " + sentence(rng)
    if kind == 1:
        return table(rng)
    if kind == 2:
        fence = rng.choice(["```", "~~~", "````"])
        close = fence if rng.random() < 0.8 else ""
        return f"{fence}{rng.choice(['', 'python', 'json'])}\n{news_text(rng)}\n{close}"
    if kind == 3:
        ticks = "`" * rng.randint(1, 5)
        return f"{sentence(rng)} {ticks}{sentence(rng)}{ticks if rng.random() < 0.7 else ''} {sentence(rng)}"
    if kind == 4:
        return f"<!-- {news_text(rng, 3)} " + rng.choice(["-->", "", "--!>", "<!-- -->"])
    if kind == 5:
        code = rng.choice(["NL301", "NL3", "NL999", "missing-space-after-sentence", "", "ALL"])
        what = rng.choice(
            ["disable", "enable", "disable-next-line", "disable-file", "disable-line", "bogus"]
        )
        return f"<!-- newslint: {what} {code} -->" + rng.choice(["", "\n" + sentence(rng)])
    if kind == 6:
        tag = rng.choice(["div", "script", "style", "a href='x'", "p", "table", "pre", "iframe"])
        return f"<{tag}>{news_text(rng, 4)}" + rng.choice([f"</{tag.split()[0]}>", ""])
    if kind == 7:
        return (
            "---\n"
            + rng.choice(["title: " + sentence(rng), "a: [", ""])
            + "\n"
            + rng.choice(["---", ""])
        )
    if kind == 8:
        return "\n".join(
            rng.choice(["- ", "* ", "1. ", "> ", "    ", "\t"]) + sentence(rng)
            for _ in range(rng.randint(1, 6))
        )
    if kind == 9:
        return f"[{sentence(rng)}]({rng.choice(['http://x.y', 'a b', '<', ''])}) ![img](x.png) [ref]: http://x"
    if kind == 10:
        return sentence(rng) + "\n" + rng.choice(["===", "---", "***"])
    if kind == 11:
        return f"*{sentence(rng)}* **{sentence(rng)}** _{sentence(rng)}_"
    if kind == 12 and rng.random() < 0.3:
        return pathological(rng, most=5000)
    return news_text(rng)


def gen_markdown(rng: random.Random) -> tuple:
    if rng.random() < 0.15:
        return ".md", pathological(rng).encode("utf-8"), "markdown:repeated piece", {}
    sep = rng.choice(["\n\n", "\n", "\r\n\r\n"])
    text = sep.join(md_block(rng) for _ in range(rng.randint(1, 25)))
    return rng.choice([".md", ".md", ".markdown"]), text.encode("utf-8"), "markdown:blocks", {}


# fmt: off
ENCODINGS = [
    ("latin-1", True), ("latin-1", False), ("cp1252", True), ("cp1252", False),
    ("utf-16", False), ("utf-16", True), ("utf-16-le", True), ("utf-16-be", True),
    ("utf-16-le", False), ("utf-8-sig", False), ("utf-8", True), ("cp037", True),
    ("mac_roman", True), ("utf-32", True),
]
# fmt: on


def gen_encoding(rng: random.Random) -> tuple:
    encoding, given = rng.choice(ENCODINGS)
    text = (
        news_text(rng)
        + " caf\u00e9 na\u00efve \u00a3100 \u2018q\u2019 \u201cq\u201d \u20ac5 \u2014 "
    )
    text += "\n".join(news_text(rng) for _ in range(rng.randint(0, 5)))
    newline = rng.choice(["\n", "\r\n", "\r", "mixed", "lone-cr"])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if newline == "mixed":
        text = "".join(c if c != "\n" else rng.choice(["\n", "\r\n", "\r"]) for c in text)
    elif newline == "lone-cr":
        text = text.replace(" ", " \r", 2)
    else:
        text = text.replace("\n", newline)
    if rng.random() < 0.5:
        text = text.rstrip("\r\n")
    data = text.encode(encoding, "replace")
    suffix = rng.choice([".txt", ".txt", ".txt", ".md", ".jsonl"])
    if suffix == ".jsonl":
        rows = [json.dumps({"body": line}, ensure_ascii=False) for line in text.splitlines()]
        data = "\r\n".join(rows).encode(encoding, "replace")
    newline = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}.get(newline, newline)
    note = f"encodings:{encoding} {'with' if given else 'without'} --encoding, {newline} newlines"
    return suffix, data, note, {"encoding": encoding if given else None}


# fragments of user patterns: ordinary and slow ones, catastrophic ones, invalid ones
# fmt: off
PATTERNS = [
    r"\bthe\b", r"good\.It", r"\d+", r"(?i)monday", r"a+!", r"\p{Lu}{2,}", r"(?<=\.)\w", r"^$",
    r"", r"\b", r"(?m)^", r"\s+$", r".", r"(?s).*", r"\n", r"(?P<n>a)(?P=n)", r"[\u201c\u201d]",
    r"(?<!a+)b", r"a{99999}", r"(?V1)[[a]--[b]]", r"(a|aa)+b", r"(?R)?a", r"(\w+)\s+\1",
]
CATASTROPHIC = [r"(a|a)+$", r"(a+)+$", r"(\w+\s?)*$", r"(x+x+)+y", r"(.*a){12}", r"(a|a?)+!$"]
INVALID = [r"[", r"(", r"\g<nope>", r"\1", r"\N{BOGUS}", r"(?P<n>a)(?P<n>b)", r"*", r"(?<=a+"]
SWAPS = ["x", "", "é", "\n", "\u201c", "$1", "a" * 50, "\u00a0", "\ufeff"]
REGEX_SWAPS = [r"\g<0>\g<0>", r"[\g<0>]", r"\n"]
BAD_SWAPS = [r"\9", r"\g<nope>", "\\", r"\1", r"\g<-1>", "a\\"]
WORDS = ["per cent", "e-mail", "the", "good.It", "monday", "a", "x", " ", "é", '"', "it's", "aaaa"]
BAD_WORDS = ["", "\\", "\u27e6"]
WRONG_TYPES = [[1, 2], [{"a": 1}], 7, "x", {"a": 1}, True]
# fmt: on


def toml_str(s) -> str:
    if not isinstance(s, str):
        return json.dumps(s)
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{toml_str(k)} = {toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, int):
        return str(v)
    return toml_str(v)


def pattern(rng: random.Random) -> str:
    return rng.choice(CATASTROPHIC) if rng.random() < 0.12 else rng.choice(PATTERNS)


def pack_rule(rng: random.Random, code: str) -> dict:
    """A rule a loader accepts (or ought to: its patterns compile, its swaps are sound)."""
    kind = rng.choice(["existence", "substitution"])
    rule = {
        "code": code,
        "name": f"fuzz-{code.lower()}",
        "kind": kind,
        "message": rng.choice(["found '{match}'", "write '{replacement}', not '{match}'", "m"]),
        "scope": rng.choice(["line", "sentence", "paragraph", "heading", "title", "document"]),
    }
    if kind == "existence":
        if rng.random() < 0.6:
            rule["patterns"] = [pattern(rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.5 or "patterns" not in rule:
            rule["tokens"] = rng.sample(WORDS, rng.randint(1, 3))
    else:
        rule["fix"] = rng.choice(["safe", "unsafe"])
        if rng.random() < 0.5:
            rule["regex"] = True
            swaps = SWAPS + REGEX_SWAPS
            rule["swap"] = {pattern(rng): rng.choice(swaps) for _ in range(rng.randint(1, 3))}
        else:
            rule["swap"] = {rng.choice(WORDS): rng.choice(SWAPS) for _ in range(rng.randint(1, 3))}
    if rng.random() < 0.3:
        rule["exceptions"] = [pattern(rng) for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.3:
        entry = {"pattern": pattern(rng)} if rng.random() < 0.5 else {"token": rng.choice(WORDS)}
        for key in rng.sample(["before", "after", "not-before", "not-after"], rng.randint(0, 2)):
            entry[key] = pattern(rng)
        if kind == "substitution":
            entry["replacement"] = rng.choice(SWAPS)
        rule["entries"] = [entry]
        if rng.random() < 0.5:
            rule.pop("swap", None)
    if rng.random() < 0.3:
        rule["ignorecase"] = rng.random() < 0.5
    if rng.random() < 0.1:
        rule["good"] = [sentence(rng)]
    if rng.random() < 0.08:
        rule["bad"] = ["x \u27e6" + rng.choice(WORDS) + "\u27e7 y"]
    return rule


def spoil(rng: random.Random, rule: dict) -> str:
    """Make one rule invalid in one way the loader must name (exit 2, not a crash)."""
    how = rng.choice(["pattern", "swap", "word", "type", "message", "code"])
    if how == "pattern":
        key = rng.choice(["patterns", "exceptions", "swap", "entries"])
        bad = rng.choice(INVALID)
        if key == "swap":
            rule["regex"], rule["swap"] = True, {bad: "x"}
        elif key == "entries":
            rule["entries"] = [{"token": "the", rng.choice(["before", "not-after"]): bad}]
        else:
            rule[key] = [bad]
    elif how == "swap":
        regex = rng.random() < 0.5
        rule.update(kind="substitution", fix="safe", regex=regex)
        rule["swap"] = {(pattern(rng) if regex else rng.choice(WORDS)): rng.choice(BAD_SWAPS)}
    elif how == "word":
        rule["tokens"] = [rng.choice(BAD_WORDS)]
    elif how == "type":
        key = rng.choice(["tokens", "patterns", "swap", "scope", "fix", "ignorecase", "entries"])
        rule[key] = rng.choice(WRONG_TYPES)
    elif how == "message":
        rule["message"] = rng.choice(["{nope}", "{", "{0}", "{match!r:>{x}}"])
    else:
        rule["code"] = rng.choice(["NL301", "XX1", "NL", "nl960", "NL9600"])
    return how


def gen_pack(rng: random.Random) -> tuple:
    codes = tuple(dict.fromkeys(f"NL{rng.randint(950, 999)}" for _ in range(rng.randint(1, 3))))
    rules = [pack_rule(rng, c) for c in codes]
    spoilt = spoil(rng, rng.choice(rules)) if rng.random() < 0.3 else ""
    lines = []
    for rule in rules:
        lines.append("[[rules]]")
        lines += [f"{k} = {toml_value(v)}" for k, v in rule.items()]
        lines.append("")
    pack = "\n".join(lines)
    if rng.random() < 0.03:
        pack, spoilt = 'rules = ["x", 1]\n', "rules"
    if rng.random() < 0.04:
        pack = "\ufeff" + pack
    pieces = ["a" * 40 + "!", "x" * 30 + "y", "a" * 26 + "b", "# " + sentence(rng), ""]
    body = [
        rng.choice(pieces) if rng.random() < 0.5 else news_text(rng, 3)
        for _ in range(rng.randint(1, 60))
    ]
    text = "\n".join(body) + "\n"
    catastrophic = any(toml_str(p)[1:-1] in pack for p in CATASTROPHIC)
    note = f"packs:{len(rules)} rules"
    note += " (catastrophic pattern)" if catastrophic else ""
    note += f" (spoilt: {spoilt})" if spoilt else ""
    extra = {"pack": pack.encode("utf-8"), "codes": codes}
    return ".txt", text.encode("utf-8"), note, extra


GENERATORS = {
    "bytes": gen_bytes,
    "text": gen_text,
    "json": gen_json,
    "markdown": gen_markdown,
    "encodings": gen_encoding,
    "packs": gen_pack,
}


# --- running a group of inputs --------------------------------------------------------------
def internal_lines(r: Run) -> list:
    lines = [ln for ln in r.err.splitlines() if "internal error" in ln]
    if "Traceback (most recent call last)" in r.err:
        lines.append(r.err.strip().splitlines()[-1] + " (Traceback)")
    if r.code is not None and r.code < 0 and not r.timed_out:
        lines.append(f"killed by signal {-r.code}")
    return lines


class Fuzzer:
    def __init__(self, root: Path, limit: float, batch: int):
        self.root, self.limit, self.batch = root, limit, batch
        self.outcomes: dict = {}
        self.groups = 0

    def check(self, inputs: list) -> None:
        """Inputs that take the same options, ``batch`` a run; the others one a run."""
        by_options: dict = {}
        for inp in inputs:
            self.outcomes[inp.key] = Outcome()
            by_options.setdefault(inp.options, []).append(inp)
        for group in by_options.values():
            # packs one a run; large inputs (the likely slow ones) a few a run
            small = [i for i in group if len(i.data) <= BIG and i.pack is None]
            large = [i for i in group if len(i.data) > BIG and i.pack is None]
            for batch, size in ((small, self.batch), (large, 3), ([i for i in group if i.pack], 1)):
                for i in range(0, len(batch), size):
                    self.check_group(batch[i : i + size])

    def _dir(self, name: str) -> Path:
        self.groups += 1
        d = self.root / f"g{self.groups:05d}" / name
        d.mkdir(parents=True)
        return d

    def _args(self, inputs: list, base: Path) -> list:
        inp = inputs[0]
        args = ["--encoding", inp.encoding] if inp.encoding else []
        if inp.pack is None:
            return [*args, "--select", "ALL"]
        pack = base / "pack"
        pack.mkdir(exist_ok=True)
        (pack / "pack.toml").write_bytes(inp.pack)
        return [*args, "--rule-path", str(pack), "--select", ",".join(["NL0", *inp.codes])]

    def _run(self, inputs: list, args: list, where: Path) -> Optional[Run]:
        """One run over ``inputs``; None when it was split into one run per input."""
        for inp in inputs:
            (where / inp.name).write_bytes(inp.data)
        r = run(newslint_cmd(*args, *[i.name for i in inputs]), where, self.limit)
        lines = internal_lines(r)
        unnamed = [ln for ln in lines if not any(i.name in ln for i in inputs)]
        if len(inputs) > 1 and (r.timed_out or r.wall > self.limit or unnamed):
            for inp in inputs:
                o = self.outcomes[inp.key]
                o.outside, o.outside_why = 0, ""  # the lone run checks it all again
                self.check_group([inp])
            return None
        for inp in inputs:
            o = self.outcomes[inp.key]
            o.note_run(r)
            mine = [ln for ln in lines if inp.name in ln] or (unnamed if len(inputs) == 1 else [])
            if mine and not o.internal:
                o.internal = mine[0].strip()[:300]
            if r.code == 2 and not lines and not r.out.strip():  # refused the run, cleanly
                o.refused = True
            if len(inputs) == 1 and (r.timed_out or r.wall > self.limit):
                o.slow = max(o.slow, r.wall)
                o.slow_run = "--fix" if "--fix" in args else "lint"
        return r

    def check_group(self, inputs: list) -> None:
        lint_dir = self._dir("lint")
        base = lint_dir.parent
        args = self._args(inputs, base)
        r = self._run(inputs, [*args, "--format", "json", "--exit-zero"], lint_dir)
        if r is None or r.timed_out:
            return
        reports = parse_reports(r.out)
        for inp in inputs:  # linting alone never writes
            after = (lint_dir / inp.name).read_bytes()
            if after != inp.data:
                o = self.outcomes[inp.key]
                o.outside += changed_bytes(inp.data, after)
                o.outside_why = "the lint run (no --fix) changed the file"
        fix_dir = base / "fix"
        fix_dir.mkdir()
        r = self._run(
            inputs, [*args, "--fix", "--unsafe-fixes", "--format", "json", "--exit-zero"], fix_dir
        )
        if r is None or r.timed_out:
            return
        replays = []
        for inp in inputs:
            after = (fix_dir / inp.name).read_bytes()
            if after == inp.data:
                continue
            o = self.outcomes[inp.key]
            o.fixed = True
            before_dec, after_dec = decode(inp.data, inp.encoding), decode(after, inp.encoding)
            if before_dec is None or after_dec is None or before_dec.bom != after_dec.bom:
                o.outside += changed_bytes(inp.data, after)
                o.outside_why = "a file that does not decode (not UTF-8), or its BOM, was rewritten"
                continue
            replays.append(Replay(inp.name, before_dec, after_dec.text, before_dec.text))
        self.replay(inputs, replays, reports, args, base)
        if len(inputs) > 1:  # alone too? Corpus-wide filters make some reports depend on the run
            for inp in inputs:
                o = self.outcomes[inp.key]
                if o.outside:
                    was, o.outside, o.outside_why = o.outside, 0, ""
                    self.check_group([inp])
                    o.batch_only = 0 if o.outside else was

    def replay(self, inputs: list, replays: list, reports: list, args: list, base: Path) -> None:
        by_name = {i.name: i for i in inputs}
        for k in range(MAX_PASSES):
            pending = [p for p in replays if not p.done]
            if not pending:
                break
            if k:
                where = base / f"pass{k}"
                where.mkdir()
                for p in pending:
                    try:
                        (where / p.name).write_bytes(p.dec.encode(p.cur))
                    except UnicodeEncodeError:  # an edit the file's encoding cannot hold
                        p.done = True
                pending = [p for p in pending if not p.done]
                if not pending:
                    break
                r = run(
                    newslint_cmd(
                        *args, "--format", "json", "--exit-zero", *[p.name for p in pending]
                    ),
                    where,
                    self.limit * 3,
                )
                reports = parse_reports(r.out)
            for p in pending:
                p.step(fix_groups(reports, p.name, p.cur))
        for p in replays:
            if p.cur == p.final:
                continue
            lost, first = outside_spans(p.dec.text, p.spans, p.final, p.dec)
            if lost:
                o = self.outcomes[by_name[p.name].key]
                o.outside += lost
                o.outside_why = f"no reported edit covers it: {first}"


def parse_reports(out: str) -> list:
    try:
        data = json.loads(out)
    except ValueError:
        return []
    return data if isinstance(data, list) else []


# --- concurrent edits -----------------------------------------------------------------------
BIG_LINE = "The plan was good.It was announced , on monday.  "


def big_file(kind: str, lines: int) -> bytes:
    if kind == "jsonl":
        return (json.dumps({"id": 0, "body": BIG_LINE}) + "\n").encode() * lines
    return (BIG_LINE + "\n").encode() * lines


def races(n: int, seed: int, root: Path, sizes: dict) -> dict:
    """``n`` runs of ``newslint --fix`` on a large file (.txt and .jsonl in turn, ``sizes``
    lines), this process appending a line at a random moment of each run."""
    rng = random.Random(f"{seed}/races")
    counts = {"races": 0, "during": 0, "kept": 0, "reported": 0, "lost": 0, "lost_during": 0}
    took = {}
    for kind, lines in sizes.items():  # how long a run takes: the window to hit
        path = root / f"calibrate.{kind}"
        path.write_bytes(big_file(kind, lines))
        took[kind] = run(newslint_cmd("--fix", "--exit-zero", path.name), root, 600).wall
    counts["took"] = took
    for i in range(n):
        kind = list(sizes)[i % len(sizes)]
        path = root / f"race{i:03d}.{kind}"
        path.write_bytes(big_file(kind, sizes[kind]))
        marker = f"USER EDIT {i} {rng.getrandbits(48):012x}"
        line = json.dumps({"id": -1, "body": marker}) if kind == "jsonl" else marker
        delay = rng.uniform(0.02, 0.98) * took[kind]
        proc = subprocess.Popen(
            newslint_cmd("--fix", "--exit-zero", path.name),
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        time.sleep(delay)
        during = proc.poll() is None
        with open(path, "a", encoding="utf-8") as f:  # another writer: a scraper, an editor
            f.write(line + "\n")
        try:
            out, err = proc.communicate(timeout=max(60, 10 * took[kind]))
        except subprocess.TimeoutExpired:
            kill_group(proc.pid)
            out, err = proc.communicate()
        said = (out + err).decode("utf-8", "replace")
        counts["races"] += 1
        counts["during"] += during
        if marker in path.read_text(encoding="utf-8", errors="replace"):
            counts["kept"] += 1
        else:
            counts["lost"] += 1
            counts["lost_during"] += during
        counts["reported"] += "NL008" in said
        path.unlink()
    return counts


def use_path(path: Optional[Path]) -> None:
    """Every newslint run of this process takes the package in ``path``."""
    if path is not None:
        if not (path / "newslint" / "__main__.py").is_file():
            raise SystemExit(f"{path}: no newslint package in it")
        os.environ["PYTHONPATH"] = str(path.resolve())


# --- the run --------------------------------------------------------------------------------
def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=1000, help="inputs in all (default 1000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--races", type=int, default=50, help="timed concurrent-edit races")
    p.add_argument("--race-lines", type=int, default=15000, help="lines of the raced .txt file")
    p.add_argument(
        "--race-records", type=int, default=3000, help="records of the raced .jsonl file"
    )
    p.add_argument("--limit", type=float, default=10.0, help="seconds a run of one input may take")
    p.add_argument("--batch", type=int, default=25, help="small inputs linted in one run")
    p.add_argument(
        "--categories",
        default=",".join(CATEGORIES),
        help="check only these of the --count inputs' categories (comma-separated): "
        + ", ".join(CATEGORIES),
    )
    p.add_argument(
        "--only", default="", help="comma-separated inputs to check, e.g. markdown/107,packs/98"
    )
    p.add_argument("--save", type=Path, help="write each failing input under this folder")
    p.add_argument(
        "--newslint-path",
        type=Path,
        help="run the newslint package in this folder (PYTHONPATH), not the installed one: "
        "a snapshot, while the working tree is being edited",
    )
    args = p.parse_args(argv)
    categories = [c.strip() for c in args.categories.split(",") if c.strip()]
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown:
        p.error(f"unknown categories: {', '.join(unknown)}")
    if args.count < len(CATEGORIES):
        p.error(f"--count must be at least {len(CATEGORIES)}")

    use_path(args.newslint_path)
    started = time.perf_counter()
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(
        f"seed: {args.seed}; {args.count} inputs; {args.races} races; limit {args.limit:g} s; "
        f"{os.cpu_count()} cores"
    )
    print(f"newslint: {shlex.join(newslint_cmd())} --select ALL [--fix --unsafe-fixes] FILES")
    if args.newslint_path:
        print(f"PYTHONPATH={args.newslint_path}")
    only = frozenset(k.strip() for k in args.only.split(",") if k.strip())
    inputs = generate(categories, args.count, args.seed, only)
    assert all(len(i.data) < 1_000_000 for i in inputs), "every fuzz input is under 1 MB"
    with tempfile.TemporaryDirectory(prefix="newslint-fuzz-") as tmp:
        fuzzer = Fuzzer(Path(tmp), args.limit, args.batch)
        for cat in categories:
            t0 = time.perf_counter()
            fuzzer.check([i for i in inputs if i.category == cat])
            print(f"  {cat}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
        race_counts = None
        if args.races:
            race_root = Path(tmp) / "races"
            race_root.mkdir()
            sizes = {"txt": args.race_lines, "jsonl": args.race_records}
            race_counts = races(args.races, args.seed, race_root, sizes)
    elapsed = time.perf_counter() - started
    return report(inputs, fuzzer.outcomes, categories, race_counts, args, elapsed)


def report(inputs, outcomes, categories, race_counts, args, elapsed) -> int:
    over = f"over {args.limit:g} s"
    print(
        f"{'category':<10} {'inputs':>6} {'runs':>5} {'refused':>7} {'fixed':>5} "
        f"{'internal errors':>15} {over:>9} {'bytes outside fix spans':>23} {'slowest s':>9}"
    )
    totals = {}
    for cat in [*categories, "total"]:
        mine = [outcomes[i.key] for i in inputs if cat in (i.category, "total")]
        if not mine and cat != "total":
            continue  # --only named none of them
        outside = sum(o.outside for o in mine)
        row = {
            "internal": sum(bool(o.internal) for o in mine),
            "slow": sum(o.slow > 0 for o in mine),
            "outside": outside,
        }
        totals = row
        spans = f"{outside} ({sum(o.outside > 0 for o in mine)} inputs)" if outside else "0"
        print(
            f"{cat:<10} {len(mine):>6} {sum(o.runs for o in mine):>5} "
            f"{sum(o.refused for o in mine):>7} {sum(o.fixed for o in mine):>5} "
            f"{row['internal']:>15} {row['slow']:>9} {spans:>23} "
            f"{max((o.max_wall for o in mine), default=0.0):>9.1f}"
        )
    batch_only = [(i, outcomes[i.key].batch_only) for i in inputs if outcomes[i.key].batch_only]
    if batch_only:
        print(
            f"not counted above: {sum(n for _, n in batch_only)} bytes outside fix spans in "
            f"{len(batch_only)} inputs only when linted with other inputs (none alone): "
            f"{', '.join(i.key for i, _ in batch_only[:12])}{' ...' if len(batch_only) > 12 else ''}"
        )
    lost = 0
    if race_counts:
        rc = race_counts
        lost = rc["lost"]
        took = ", ".join(f".{k} {v:.1f} s" for k, v in rc["took"].items())
        print(
            f"races: {rc['races']}, a line appended during `--fix` of a {args.race_lines}-line "
            f".txt or a {args.race_records}-record .jsonl (one run: {took}); "
            f"appended while newslint ran {rc['during']}; edit kept {rc['kept']}; "
            f"NL008 reported {rc['reported']}; lost {lost} ({rc['lost_during']} while it ran)"
        )
    props = [
        ("internal errors", totals["internal"]),
        (f"runs {over} (inputs under 1 MB)", totals["slow"]),
        ("bytes changed outside fix spans", totals["outside"]),
        (f"lost concurrent edits ({race_counts['races'] if race_counts else 0} races)", lost),
    ]
    print(f"{'property':<40} {'count':>6}")
    for label, n in props:
        print(f"{label:<40} {n:>6}")
    failing = [i for i in inputs if outcomes[i.key].internal]
    failing += [i for i in inputs if outcomes[i.key].slow and i not in failing]
    failing += [i for i in inputs if outcomes[i.key].outside and i not in failing]
    if failing:
        print(f"failing inputs ({len(failing)}; crashes, then slow runs, then the first 30):")
    shown = [i for i in failing if outcomes[i.key].internal or outcomes[i.key].slow]
    for inp in shown + [i for i in failing if i not in shown][:30]:
        o = outcomes[inp.key]
        what = [o.internal] if o.internal else []
        if o.slow:
            stop = " (stopped)" if o.slow >= args.limit else ""
            what.append(f"{o.slow_run} run over {args.limit:g} s: {o.slow:.1f} s{stop}")
        if o.outside:
            what.append(f"{o.outside} bytes outside fix spans: {o.outside_why}")
        print(f"  {inp.key} {inp.name} ({inp.note}, {len(inp.data)} bytes): {'; '.join(what)}")
    if args.save and failing:
        for inp in failing:
            d = args.save / inp.key.replace("/", "-")
            d.mkdir(parents=True, exist_ok=True)
            (d / inp.name).write_bytes(inp.data)
            if inp.pack is not None:
                (d / "pack.toml").write_bytes(inp.pack)
            options = list(inp.options)
            if inp.pack is not None:
                options += ["--rule-path", "pack.toml", "--select", ",".join(["NL0", *inp.codes])]
            (d / "options.txt").write_text(shlex.join(options) + "\n", encoding="utf-8")
        print(f"saved under {args.save}")
    print(f"wall time: {elapsed:.1f} s")
    return 1 if any(n for _, n in props) else 0


if __name__ == "__main__":
    raise SystemExit(main())
