"""What the HTML report shows, gathered from a run: documents, words, sources, reports.

The engine hands the formats its sorted reports and the files it read; the words and records
checked (the denominators of every rate on the page) are counted by the engine while it has
the text (``Settings.document_stats``, set for ``--format html``), or else here, by reading
each file once more through its reader (the writer called without a run).

A document's source is what a JSON or JSON Lines record names: its configured ``source-field``,
else its domain field or its URL's host; else the entry under the run's common folder that holds it: the top-level folder, or the file
itself when the files sit side by side (one JSON file per extractor).
"""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Optional

from newslint import sources

# the other document a corpus report names: "same text as x.jsonl (record 3)", "also in y line 9"
OTHER = re.compile(r"(?:same text as|with|also in) (.+?)(?: \(record ([^)]+)\))?(?: line \d+)?$")
RECORD = re.compile(r"^record (\S+?)(?: \(|:(?:\s|$))")  # a name may hold colons: a URL
CORPUS_DUPLICATES = ("NL601", "NL602", "NL603")


@dataclass
class DocStat:
    path: str
    record: str  # "" for a file that is one document
    source: str
    words: int
    anchor: str
    line: int = 1  # the file's line where the document starts
    place: str = ""  # the folder or file that holds it (its source when no record names one)
    reports: int = 0
    families: Counter = field(default_factory=Counter)

    @property
    def title(self) -> str:
        return f"{self.path} ({self.record})" if self.record else self.path


@dataclass
class RunData:
    docs: list
    files: int
    words: int
    by_doc: dict  # id(report) -> DocStat
    unread: list  # files whose words could not be counted


def _read_again(path: str, fs_path: str, where: str, options, given: dict, unread: list) -> list:
    """The DocStats of a file the engine did not count: read once more through its reader."""
    found: list = []
    try:
        for chunk in sources.read(fs_path, path, options, given.get(path)):
            for doc in chunk.documents:  # a JSON record that names its site: its source
                words = len(doc.text.split())
                found.append(
                    DocStat(
                        path, _label(doc), doc.site or where, words, "", doc.position(0)[0], where
                    )
                )
    except (OSError, UnicodeError, ValueError):
        unread.append(path)
    return found


def source_of(path: str, root: str) -> str:
    """The top-level entry under ``root`` that holds ``path``."""
    rel = os.path.relpath(path, root) if root else path
    first = rel.split(os.sep, 1)[0]
    return first if first not in ("", ".", "..") else path


def common_root(paths: list) -> str:
    dirs = [os.path.dirname(os.path.abspath(p)) for p in paths]
    if not dirs:
        return ""
    try:
        return os.path.commonpath(dirs)
    except ValueError:  # different drives
        return ""


def _label(doc) -> str:
    return _record_name(doc.label(-1) if doc.label else "")


def _record_name(label: str) -> str:
    """ "record 12" -> "12"; "" for a file that is one document."""
    m = RECORD.match(label + ":") if label else None
    return m.group(1) if m else label


def collect(
    results: list, reports: list, options, fs_of=None, given: Optional[dict] = None
) -> RunData:
    """Documents and word counts of every file of the run, and which document each report is
    in.  ``fs_of`` maps a displayed path to the file read; ``given`` holds the bytes of inputs
    that were not files (stdin), by displayed path."""
    given = given or {}
    paths = [r.path for r in results]
    fs = {r.path: (fs_of(r.path) if fs_of else r.path) for r in results}
    root = common_root([fs[r.path] for r in results if r.path not in given])
    docs, unread, by_doc = [], [], {}
    per_path = defaultdict(list)
    for rep in reports:
        per_path[rep.path].append(rep)
    for res in results:
        where = source_of(fs[res.path], root)
        counted = getattr(res, "documents", None)  # by the engine (Settings.document_stats)
        if counted:
            found = [
                DocStat(res.path, _record_name(label), site or where, words, "", line, where)
                for line, label, words, site in counted
            ]
        else:
            found = _read_again(res.path, fs[res.path], where, options, given, unread)
        for k, stat in enumerate(found):
            stat.anchor = f"d{len(docs) + k}"
        if not found:  # unreadable now, or no text: still a place for its reports
            found.append(DocStat(res.path, "", where, 0, f"d{len(docs)}", place=where))
        starts = [d.line for d in found]  # a record's reports may precede its text field
        named = {d.record: d for d in found if d.record}
        for rep in per_path.get(res.path, ()):
            # a record's report names it ("record 12 (text): ..."): records of a JSON file
            # written on one line all start on that line
            m = RECORD.match(rep.message) if named else None
            if m and m.group(1) in named:
                by_doc[id(rep)] = named[m.group(1)]
                continue
            i = max(0, bisect.bisect_right(starts, rep.line) - 1)
            by_doc[id(rep)] = found[i]
        docs.extend(found)
    for rep in reports:  # reports on paths no result names (the corpus phase's): their own place
        if id(rep) not in by_doc:
            where = source_of(rep.path, root)
            stat = DocStat(rep.path, "", where, 0, f"d{len(docs)}", place=where)
            docs.append(stat)
            by_doc[id(rep)] = stat
            paths.append(rep.path)
    return RunData(docs, len(set(paths)), sum(d.words for d in docs), by_doc, unread)


def clusters(reports: list, by_doc: dict, text_of) -> list:
    """Groups of documents the corpus duplicate rules tie together: (code, shared text,
    [DocStat...]) -- one group per duplicated document or shared paragraph."""
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def key(path, record):
        return (path, record or "")

    docs_by_key = {}
    for stat in by_doc.values():
        docs_by_key.setdefault(key(stat.path, stat.record), stat)
    groups: dict = {}
    for rep in reports:
        if rep.code not in CORPUS_DUPLICATES:
            continue
        stat = by_doc.get(id(rep))
        m = OTHER.search(rep.message)
        if stat is None or m is None:
            continue
        here, there = key(stat.path, stat.record), key(m.group(1), m.group(2))
        if rep.code == "NL603":
            shared = text_of(rep)
            groups.setdefault(("NL603", shared), set()).update((here, there))
        else:
            parent[find(here)] = find(there)
    whole: dict = defaultdict(set)
    for k in list(parent):
        whole[find(k)].add(k)
    out = [("NL601/NL602", "", sorted(members)) for members in whole.values()]
    out += [(code, shared, sorted(members)) for (code, shared), members in groups.items()]
    out.sort(key=lambda g: (-len(g[2]), g[0], g[2]))
    return [
        (code, shared, [docs_by_key.get(m) or DocStat(m[0], m[1], "", 0, "") for m in members])
        for code, shared, members in out
    ]
