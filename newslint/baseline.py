"""A baseline: the reports a corpus already had when newslint was adopted, so that a run
shows only what is new.

Each entry is keyed by the rule, the file (relative to the baseline file's folder) or the
record inside it, and the normalised text around the reported span -- never a line number --
and has a count.  Inserting lines or paragraphs, reordering paragraphs or editing elsewhere
leaves the keys as they were; a new defect of the same kind in the same file has other text
around it, and a third copy of a defect baselined twice is over the count: both are shown.
Entries that match nothing any more (the defect was fixed or changed) are stale: they are
listed, and ``--update-baseline`` prunes them.  (PHPStan and detekt key by message and file
with counts; ESLint's bulk suppressions by rule and file with counts: neither tells two
defects of one rule in one file apart, which the text around the span does.)

The file is JSON, one entry a line, sorted: it diffs well under version control.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Optional

from newslint.formats.records import record_and_field

VERSION = 1
CONTEXT = 24  # characters kept on each side of the span
MAX_SPAN = 80  # characters of the span itself
SPACES = re.compile(r"\s+")
LINES = re.compile(r"\r\n|\r|\n")


class BaselineError(Exception):
    pass


@dataclass
class Baseline:
    path: str
    counts: Counter = field(default_factory=Counter)  # key -> count
    messages: dict = field(default_factory=dict)  # key -> a message, for people

    @property
    def base(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))


def _normalised(text: str) -> str:
    return SPACES.sub(" ", text).strip()


QUOTE = re.compile(r'(?<!\\)"')  # a JSON string's own quote, not an escaped one


def context_of(line: Optional[str], r, in_record: bool = False) -> str:
    """The normalised text around a report's span on its line: 'injured.Your govern' with
    the span marked, or "" when the line is not known.  Inside a JSON record the context
    stops at the string's quotes: what follows (a comma, the next field) moves with the
    record, not with the defect."""
    if line is None:
        return ""
    start = min(max(r.column - 1, 0), len(line))
    end = r.end_column - 1 if r.end_line == r.line else len(line)
    end = min(max(end, start), start + MAX_SPAN, len(line))
    before = line[max(0, start - CONTEXT) : start]
    after = line[end : end + CONTEXT]
    if in_record:
        quotes = list(QUOTE.finditer(before))
        before = before[quotes[-1].end() :] if quotes else before
        quote = QUOTE.search(after)
        after = after[: quote.start()] if quote else after
    span = _normalised(line[start:end])
    return f"{_normalised(before)}\u27e6{span}\u27e7{_normalised(after)}"


def file_key(display: str, base: str) -> str:
    if display == "-" or not display:
        return display
    rel = os.path.relpath(os.path.abspath(display), base)
    return rel.replace(os.sep, "/")


def keys(reports: list, text_of: Callable[[str], str], base: str) -> list:
    """The key of each report, in order: (code, file, record, context).  Each file's text is
    read once and dropped before the next (reports come sorted by path)."""
    out = []
    current, lines = None, []
    for r in reports:
        if r.path != current:
            current = r.path
            lines = LINES.split(text_of(r.path) or "")
        line = lines[r.line - 1] if 0 < r.line <= len(lines) else None
        record, _ = record_and_field(r)
        context = context_of(line, r, record is not None)
        out.append((r.code, file_key(r.path, base), record or "", context))
    return out


def load(path: str) -> Baseline:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: baseline file not found (write one with --write-baseline {path})"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: malformed baseline: {exc}") from None
    if not isinstance(data, dict) or data.get("newslint-baseline") != VERSION:
        raise BaselineError(f"{path}: not a newslint baseline (version {VERSION})")
    baseline = Baseline(path)
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: malformed baseline: 'entries' is not a list")
    for n, e in enumerate(entries, 1):
        try:
            key = (e["code"], e["file"], e.get("record", ""), e["context"])
            count = int(e.get("count", 1))
            if not all(isinstance(k, str) for k in key) or count < 1:
                raise ValueError
        except (KeyError, TypeError, ValueError, AttributeError):
            raise BaselineError(f"{path}: malformed baseline entry {n}: {e!r}") from None
        baseline.counts[key] += count
        baseline.messages.setdefault(key, str(e.get("message", "")))
    return baseline


@dataclass
class Applied:
    kept: list  # reports not in the baseline
    suppressed: int  # reports the baseline held
    stale: list  # (key, count, message) of entries no report matched, in checked files


def apply(baseline: Baseline, reports: list, report_keys: list, checked: set) -> Applied:
    """The reports less those the baseline holds (each entry as many times as its count).
    Entries of the files ``checked`` (file keys) that matched less than their count are
    stale; entries of files not checked in this run are left alone."""
    left = Counter(baseline.counts)
    kept, suppressed = [], 0
    for r, key in zip(reports, report_keys):
        if left[key] > 0:
            left[key] -= 1
            suppressed += 1
        else:
            kept.append(r)
    stale = [
        (key, n, baseline.messages.get(key, ""))
        for key, n in sorted(left.items())
        if n > 0 and key[1] in checked
    ]
    return Applied(kept, suppressed, stale)


def recorded(
    reports: list, report_keys: list, keep: Optional[Baseline], checked: frozenset
) -> Baseline:
    """Today's reports as a baseline; of ``keep`` (the file being rewritten), the entries of
    files not ``checked`` in this run stay (a run over part of the corpus)."""
    out = Baseline(keep.path if keep else "")
    out.counts.update(report_keys)
    for r, key in zip(reports, report_keys):
        out.messages.setdefault(key, r.message)
    if keep is not None:
        for key, n in keep.counts.items():
            if key[1] not in checked:
                out.counts[key] += n
                out.messages.setdefault(key, keep.messages.get(key, ""))
    return out


def pruned(baseline: Baseline, stale: list) -> Baseline:
    """The baseline less its stale entries (counts lowered to what still matched); nothing
    new is added (PHPStan's users asked for this: regenerating a baseline also swallows the
    defects added since; ESLint has --prune-suppressions for it)."""
    out = Baseline(baseline.path, Counter(baseline.counts), dict(baseline.messages))
    for key, n, _ in stale:
        out.counts[key] -= n
    out.counts = Counter({k: n for k, n in out.counts.items() if n > 0})
    return out


def write(path: str, baseline: Baseline) -> tuple:
    """Write a baseline at ``path``, one entry a line, sorted by file: (entries, reports)."""
    counts, messages = baseline.counts, baseline.messages
    lines = []
    for key in sorted(counts, key=lambda k: (k[1], k[2], k[0], k[3])):  # by file
        code, file, record, context = key
        entry = {"file": file, "code": code}
        if record:
            entry["record"] = record
        entry.update(context=context, count=counts[key], message=messages.get(key, ""))
        lines.append(json.dumps(entry, ensure_ascii=False))
    body = "\n" + ",\n".join(lines) + "\n" if lines else ""
    text = f'{{"newslint-baseline": {VERSION}, "entries": [{body}]}}\n'
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise BaselineError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    return len(counts), sum(counts.values())


def describe_stale(stale: list, limit: Optional[int]) -> str:
    """The stale entries, one a line (``limit`` of them, or all)."""
    n = sum(count for _, count, _ in stale)
    out = [
        f"newslint: baseline: {n} stale entr{'y' if n == 1 else 'ies'}, matching no report "
        "(fixed or changed): prune with --update-baseline\n"
    ]
    shown = stale if limit is None else stale[:limit]
    for (code, file, record, context), count, _ in shown:
        where = f"{file} record {record}" if record else file
        times = f" (x{count})" if count > 1 else ""
        out.append(f"  {where}: {code} {context!r}{times}\n")
    if len(shown) < len(stale):
        out.append(f"  ... and {len(stale) - len(shown)} more (-v lists them all)\n")
    return "".join(out)
