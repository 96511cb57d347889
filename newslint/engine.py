"""Documents -> workers -> document rules; summaries -> corpus rules; suppressions, fixes."""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Callable, Optional

from newslint import sources, suppress
from newslint.document import Document
from newslint.globs import GlobSet
from newslint.registry import Registry, build_registry
from newslint.rule import Context, CorpusRule, RawEdit, Report, Violation

MAX_FIX_PASSES = 10


@dataclass
class Settings:
    """Everything a worker needs to lint a file: small and picklable."""

    select: tuple = ()
    rule_settings: dict = field(default_factory=dict)  # code -> options
    rule_paths: tuple = ()
    plugins: bool = True
    source: sources.SourceOptions = field(default_factory=sources.SourceOptions)
    per_file_ignores: tuple = ()  # ((glob, frozenset(codes)), ...)
    root: str = "."
    fix: Optional[str] = None  # None | "safe" | "unsafe"
    diff: bool = False
    verbose: bool = False
    extra: dict = field(default_factory=dict)  # settings other families read (dictionaries, cache)


@dataclass
class FileResult:
    path: str
    reports: list = field(default_factory=list)
    summaries: dict = field(default_factory=dict)  # code -> [summary per document]
    suppressions: Optional[suppress.Suppressions] = None
    fixed: int = 0  # edits applied
    diff: str = ""
    output: Optional[str] = None  # fixed text, for stdin
    size: int = 0
    error: str = ""
    notes: list = field(default_factory=list)  # --verbose: e.g. records skipped for having no text


class Linter:
    def __init__(self, settings: Settings, registry: Optional[Registry] = None):
        self.settings = settings
        self.registry = registry or build_registry(settings.rule_paths, settings.plugins)
        self.selected = frozenset(settings.select)
        self._globs: dict = {}
        context = Context(
            root=settings.root,
            words=tuple(settings.extra.get("words") or ()),
            dictionary_files=tuple(settings.extra.get("dictionary-files") or ()),
            corpus_root=settings.extra.get("corpus-root"),
            cache=bool(settings.extra.get("cache", False)),
        )
        rules = [
            self.registry.rules[c](settings.rule_settings.get(c), context) for c in settings.select
        ]
        self.document_rules = [r for r in rules if not isinstance(r, CorpusRule)]
        self.corpus_rules = [r for r in rules if isinstance(r, CorpusRule)]
        # document rules that drop some of their reports once the whole corpus is seen
        # (spelling: words found in many documents are vocabulary); they summarize too
        self.report_filters = [r for r in self.document_rules if r.filters_reports]
        self.summarizing = self.corpus_rules + self.report_filters

    # --- selection per file ---------------------------------------------------------------
    def ignored_for(self, path: str) -> frozenset:
        if not self.settings.per_file_ignores:
            return frozenset()
        rel = _relative(path, self.settings.root)
        out = set()
        for pattern, codes in self.settings.per_file_ignores:
            globs = self._globs.setdefault(pattern, GlobSet([pattern]))
            if globs.match(rel) or globs.match(path):
                out |= codes
        return frozenset(out)

    def active(self, code: str, ignored: frozenset) -> bool:
        return code in self.selected and not any(code.startswith(i) for i in ignored)

    # --- one file -------------------------------------------------------------------------
    def lint_file(self, fs_path: str, display: str, data: Optional[bytes] = None) -> FileResult:
        if data is None and sources.streamed(fs_path, display, self.settings.source):
            return self._lint_stream(fs_path, display)
        loaded = sources.load(fs_path, display, self.settings.source, data)
        result = FileResult(display, size=len(loaded.raw))
        ignored = self.ignored_for(display)
        result.suppressions = self._suppressions(loaded.documents)
        reports, edits = self._lint(loaded.documents, ignored, result.suppressions)
        if self.settings.fix and loaded.writable:
            new_raw, applied, reports = self._fix_loop(loaded, reports, edits, ignored)
            if applied:
                result.fixed = applied
                if data is not None:
                    result.output = new_raw
                elif self.settings.diff:
                    result.diff = unified_diff(loaded.raw, new_raw, display)
                else:
                    try:
                        write_atomic(fs_path, new_raw, loaded)
                    except OSError as exc:
                        result.error = f"{display}: cannot write fixes: {exc.strerror or exc}"
            elif data is not None:
                result.output = loaded.raw
        elif self.settings.fix and data is not None:
            result.output = loaded.raw
        result.reports = reports
        if self.summarizing:
            result.summaries = {
                r.code: [r.summarize(doc) for doc in loaded.documents if doc.text]
                for r in self.summarizing
            }
        if self.settings.verbose:
            result.notes = _notes(loaded.documents)
        return result

    def _lint_stream(self, fs_path: str, display: str) -> FileResult:
        """A JSON Lines file, record by record: memory stays flat; fixes go line by line
        into a temporary file that replaces the original at the end."""
        result = FileResult(display)
        result.suppressions = suppress.Suppressions()
        ignored = self.ignored_for(display)
        summaries = {r.code: [] for r in self.summarizing}
        fixing = self.settings.fix
        out, tmp, hunks = None, None, []
        try:
            for chunk in sources.stream(fs_path, display, self.settings.source):
                result.size += len(chunk.data)
                sups = self._suppressions(chunk.documents)
                for name in ("directives", "regions", "malformed"):
                    getattr(result.suppressions, name).extend(getattr(sups, name))
                reports, edits = self._lint(chunk.documents, ignored, sups)
                new_data = chunk.data
                if fixing and chunk.fixable and edits:
                    loaded = sources.Loaded(display, chunk.raw)
                    new_raw, applied, reports = self._fix_loop(
                        loaded, reports, edits, ignored, chunk.reparse
                    )
                    if applied:
                        result.fixed += applied
                        new_data = chunk.encode(new_raw)
                        if self.settings.diff:
                            hunks.append(
                                f"@@ -{chunk.lineno},1 +{chunk.lineno},1 @@\n-{chunk.raw}\n+{new_raw}\n"
                            )
                        elif out is None:
                            out, tmp = _start_copy(fs_path, chunk.offset)
                result.reports.extend(reports)
                if out is not None:
                    out.write(new_data)
                for r in self.summarizing:
                    summaries[r.code].extend(
                        r.summarize(doc) for doc in chunk.documents if doc.text
                    )
                if self.settings.verbose:
                    result.notes.extend(_notes(chunk.documents))
            if out is not None:
                out.close()
                shutil.copymode(fs_path, tmp)
                os.replace(tmp, fs_path)
                out = None
        except OSError as exc:
            result.error = f"{display}: cannot {'write fixes' if out is not None else 'read file'}: {exc.strerror or exc}"
        finally:
            if out is not None:
                out.close()
                if os.path.exists(tmp):
                    os.unlink(tmp)
        if hunks:
            result.diff = f"--- {display}\n+++ {display}\n" + "".join(hunks)
        if self.summarizing:
            result.summaries = summaries
        return result

    def _suppressions(self, documents) -> suppress.Suppressions:
        merged = suppress.Suppressions()
        for doc in documents:
            s = suppress.parse(doc, self._resolve_name)
            merged.directives += s.directives
            merged.regions += s.regions
            merged.malformed += s.malformed
        return merged

    def _resolve_name(self, name: str) -> Optional[str]:
        rule = self.registry.get(name)
        if rule:
            return rule.code
        up = name.upper()
        if up.startswith("NL") and up[2:].isdigit():
            return up  # a prefix, or a code of a rule not installed here
        return None

    def _lint(self, documents, ignored, sups) -> tuple[list, list]:
        reports, edits = [], []
        for doc in documents:
            for p in doc.problems:
                if not self.active(p.code, ignored):
                    continue
                line, col = p.position or doc.position(p.start)
                rule = self.registry.rules[p.code]
                reports.append(
                    Report(
                        doc.path, line, col, line, col, p.code, rule.name, p.message, rule.severity
                    )
                )
            if not doc.text:
                continue
            found = [
                v
                for rule in self.document_rules
                if not any(rule.code.startswith(i) for i in ignored)
                for v in rule.check(doc)
            ]
            for v in _without_yielded(found):
                report = to_report(doc, v)
                reports.append(report)
                if report.edits and not (
                    sups and sups.suppresses(report.code, report.line, mark=False)
                ):
                    edits.append((report, v.fix))
        return reports, edits

    def _fix_loop(self, loaded, reports, edits, ignored, reparse=None):
        raw, applied_total = loaded.raw, 0
        allowed = ("safe", "unsafe") if self.settings.fix == "unsafe" else ("safe",)
        for _ in range(MAX_FIX_PASSES):
            chosen = [r for r, f in edits if f.safety in allowed]
            if not chosen:
                break
            raw, applied = apply_edits(raw, [(r.sort_key, r.edits) for r in chosen])
            if not applied:
                break
            applied_total += applied
            if reparse is not None:
                docs = reparse(raw, loaded.path, self.settings.source)
            else:
                docs = sources.parse(
                    raw, loaded.path, sources.kind_of(loaded.path), self.settings.source
                )
            sups = self._suppressions(docs)
            reports, edits = self._lint(docs, ignored, sups)
        return raw, applied_total, reports

    # --- the corpus -----------------------------------------------------------------------
    def corpus_reports(self, results: list) -> list:
        out = []
        for rule in self.corpus_rules:
            out.extend(rule.check_corpus(_summaries(results, rule.code)))
        return out

    def finish(self, results: list) -> list:
        """All reports of a run: document reports, corpus reports, suppression reports; sorted."""
        by_path = {r.path: r for r in results}
        reports = []
        candidates = [rep for res in results for rep in res.reports]
        for rep in self.corpus_reports(results):
            if rep.path in by_path and self.active(rep.code, self.ignored_for(rep.path)):
                candidates.append(rep)
        for rule in self.report_filters:
            candidates = rule.filter_reports(candidates, _summaries(results, rule.code))
        for rep in candidates:
            sups = by_path[rep.path].suppressions
            if not (sups and sups.suppresses(rep.code, rep.line)):
                reports.append(rep)
        reports = _one_report_per_fix(reports)
        for res in results:
            if res.suppressions:
                reports.extend(self._directive_reports(res))
        return sorted(set(reports), key=lambda r: r.sort_key)

    def _directive_reports(self, res: FileResult) -> list:
        sups = res.suppressions
        ignored = self.ignored_for(res.path)
        out = []
        if self.active("NL007", ignored):
            rule = self.registry.rules["NL007"]
            for line, col, el, ec, msg in sups.malformed:
                out.append(
                    Report(res.path, line, col, el, ec, rule.code, rule.name, msg, rule.severity)
                )
        if self.active("NL006", ignored):
            rule = self.registry.rules["NL006"]
            for d in sups.directives:
                if d.used or (
                    d.codes
                    and not all(any(s.startswith(c) for s in self.selected) for c in d.codes)
                ):
                    continue
                what = " ".join(d.codes) if d.codes else "all rules"
                msg = f"unused suppression: '{d.action}' for {what} suppresses nothing"
                out.append(
                    Report(
                        res.path,
                        d.line,
                        d.column,
                        d.end_line,
                        d.end_column,
                        rule.code,
                        rule.name,
                        msg,
                        rule.severity,
                    )
                )
        return out


def _without_yielded(found: list) -> list:
    """One document's violations less those a rule yields to another's at the same place
    (``Rule.yields_to``): a report whose start lies in the span of a report it yields to."""
    if not any(v.rule.yields_to for v in found):
        return found
    spans: dict = {}
    for v in found:
        spans.setdefault(v.rule.code, []).append((v.start, v.end))
    return [
        v
        for v in found
        if not any(
            s <= v.start < e for code in v.rule.yields_to for s, e in spans.get(code, ())
        )
    ]


def _one_report_per_fix(reports: list) -> list:
    """Two rules that find the same defect at the same place with the same fix ('german' at a
    sentence start: NL201 name, NL204 sentence start) report it once, under the lower code."""
    seen, out = set(), []
    for rep in sorted(reports, key=lambda r: r.sort_key):
        if rep.edits:
            key = (rep.path, rep.line, rep.column, rep.end_line, rep.end_column, rep.edits)
            if key in seen:
                continue
            seen.add(key)
        out.append(rep)
    return out


def _summaries(results: list, code: str) -> list:
    """(path, summary) of one rule over every document of the run, in path order."""
    return [(res.path, s) for res in results for s in res.summaries.get(code, ()) if s is not None]


def to_report(doc: Document, v: Violation) -> Report:
    line, col = doc.position(v.start)
    end_line, end_col = doc.position(v.end)
    label = doc.label(v.start)
    message = f"{label}: {v.message}" if label else v.message
    edits = ()
    fix = v.fix
    if fix is not None and not _editable(doc.source_map, fix):
        fix = None  # e.g. an edit that would cross from one JSON string into the next
    if fix is not None:
        sm = doc.source_map
        raw_edits = []
        for e in fix.edits:
            rs, re_ = sm.raw_offset(e.start), sm.raw_offset(e.end)
            el, ec = doc.position(e.start)
            eel, eec = doc.position(e.end)
            raw_edits.append(RawEdit(rs, re_, sm.escape(e.content, rs), el, ec, eel, eec))
        edits = tuple(raw_edits)
    rule = v.rule
    return Report(
        doc.path,
        line,
        col,
        end_line,
        end_col,
        rule.code,
        rule.name,
        message,
        rule.severity,
        fix.safety if fix else None,
        fix.title if fix else "",
        edits,
    )


def _editable(source_map, fix) -> bool:
    editable = getattr(source_map, "editable", None)
    return editable is None or all(editable(e.start, e.end) for e in fix.edits)


def apply_edits(raw: str, groups: list) -> tuple[str, int]:
    """Apply each report's edits all-or-nothing, skipping any that overlap one already taken.

    ``groups`` holds (key, edits) pairs; the order (start, end, key) makes the choice
    deterministic.  Returns the new text and the number of reports fixed.
    """
    ordered = sorted(
        groups, key=lambda g: (min(e.start for e in g[1]), max(e.end for e in g[1]), g[0])
    )
    chosen, last_end, last_insert = [], -1, None
    for _, edits in ordered:
        start, end = min(e.start for e in edits), max(e.end for e in edits)
        if start < last_end or (start == end and start == last_insert):
            continue
        chosen.append(edits)
        last_end = end
        last_insert = start if start == end else None
    out, pos = [], 0
    for e in sorted((e for g in chosen for e in g), key=lambda e: (e.start, e.end)):
        out.append(raw[pos : e.start])
        out.append(e.content)
        pos = e.end
    out.append(raw[pos:])
    new = "".join(out)
    return new, (len(chosen) if new != raw else 0)


def _notes(documents) -> list:
    out = []
    for doc in documents:
        for p in doc.problems:
            if p.code == "note":
                line, col = p.position or doc.position(p.start)
                out.append(f"{doc.path}:{line}:{col}: {p.message}")
    return out


def _start_copy(path: str, length: int):
    """A temporary file beside ``path`` holding its first ``length`` bytes."""
    fd, tmp = tempfile.mkstemp(
        prefix=".newslint-", suffix=".tmp", dir=os.path.dirname(os.path.abspath(path))
    )
    out = os.fdopen(fd, "wb")
    with open(path, "rb") as src:
        while length > 0:
            block = src.read(min(length, 1 << 20))
            if not block:
                break
            out.write(block)
            length -= len(block)
    return out, tmp


def unified_diff(before: str, after: str, path: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=path,
        tofile=path,
    )
    return "".join(
        line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        for line in lines
    )


def write_atomic(path: str, raw: str, loaded) -> None:
    """Write through a temporary file and a rename, keeping encoding, BOM and permissions."""
    data = raw.encode(loaded.encoding)
    if loaded.bom:
        data = (
            b"\xef\xbb\xbf" + data
            if loaded.encoding.lower().replace("-", "") in ("utf8",)
            else "\ufeff".encode(loaded.encoding) + data
        )
    path = os.path.realpath(path)  # through a symlink to its target, never replacing the link
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".newslint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _relative(path: str, root: str) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:
        rel = path
    return rel.replace(os.sep, "/")


# --- running many files -------------------------------------------------------------------

_WORKER: Optional[Linter] = None


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = Linter(settings)


def _work(item) -> FileResult:
    fs_path, display = item
    try:
        return _WORKER.lint_file(fs_path, display)
    except Exception as exc:  # an internal error in one file must not lose the run
        return FileResult(display, error=f"{display}: internal error: {type(exc).__name__}: {exc}")


def run(
    linter: Linter,
    files: list,
    jobs: int = 1,
    progress: Optional[Callable[[FileResult], None]] = None,
) -> list:
    """Lint (fs_path, display) pairs, in parallel when it pays; results in input order.
    ``progress`` is called with each result as it arrives."""
    results = []
    if jobs <= 1 or len(files) < 4:
        for fs_path, display in files:
            try:
                res = linter.lint_file(fs_path, display)
            except Exception as exc:
                res = FileResult(
                    display, error=f"{display}: internal error: {type(exc).__name__}: {exc}"
                )
            results.append(res)
            if progress:
                progress(res)
        return results
    import multiprocessing

    ctx = (
        multiprocessing.get_context("fork")
        if hasattr(os, "fork")
        else multiprocessing.get_context()
    )
    chunk = max(1, min(64, len(files) // (jobs * 8)))
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(linter.settings,)) as pool:
        for res in pool.imap(_work, files, chunksize=chunk):
            results.append(res)
            if progress:
                progress(res)
    return results
