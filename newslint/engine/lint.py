"""One file -> a FileResult: its chunks read, linted, fixed and written back.

Every input goes one way: its reader yields Chunks (the whole file, or one JSON Lines line at
a time when streamed); each chunk's Documents are checked by the document rules, its fixes
applied in passes until nothing changes, and its fixed text handed to a FixedFile.
"""

from __future__ import annotations

from typing import Optional

from newslint import sources, suppress
from newslint.document import Document
from newslint.engine import corpus
from newslint.engine.fixes import FixedFile, NotWritten, apply_edits
from newslint.engine.settings import FileResult, Settings
from newslint.globs import GlobSet, relative
from newslint.registry import Registry, build_registry
from newslint.rule import CorpusRule, RawEdit, Report, Violation
from newslint.sources import codec

MAX_FIX_PASSES = 10


class Linter:
    def __init__(self, settings: Settings, registry: Optional[Registry] = None):
        self.settings = settings
        self.registry = (
            registry
            if registry is not None
            else build_registry(settings.rule_paths, settings.plugins)
        )
        self.selected = frozenset(settings.select)
        self._globs: dict = {}
        context = settings.context()
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
        rel = relative(path, self.settings.root)
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
        """Lint the file at ``fs_path`` (or the given bytes: stdin), reported as ``display``."""
        result = FileResult(display, suppressions=suppress.Suppressions())
        ignored = self.ignored_for(display)
        fixing = self.settings.fix
        out = FixedFile(
            fs_path,
            display,
            self.settings.diff,
            stdin=data is not None,
            fixing=bool(fixing),
            roots=self.settings.fix_roots,
        )
        summaries: dict = {r.code: [] for r in self.summarizing}
        unfixed: list = []
        try:
            for chunk in sources.read(fs_path, display, self.settings.source, data):
                result.size += len(chunk.data)
                sups = self._suppressions(chunk.documents)
                result.suppressions.merge(sups)
                reports, edits = self._lint(chunk.documents, ignored, sups)
                unfixed.extend(reports)  # what stands if the fixes cannot be written
                new_raw = None
                if fixing and chunk.fixable and edits:
                    fixed, applied, reports, unwritten = self._fix_loop(
                        chunk, reports, edits, ignored
                    )
                    if applied:
                        result.fixed += applied
                        new_raw = fixed
                    if unwritten:
                        result.unwritten += len(unwritten)
                        notes = [self._not_written(r, why, ignored) for r, why in unwritten]
                        reports = reports + [n for n in notes if n is not None]
                if data is not None and fixing:
                    result.output = chunk.raw if new_raw is None else new_raw
                out.add(chunk, new_raw)
                result.reports.extend(reports)
                for r in self.summarizing:
                    summaries[r.code].extend(
                        r.summarize(doc) for doc in chunk.documents if doc.text
                    )
                if self.settings.verbose:
                    result.notes.extend(_notes(chunk.documents))
            result.diff = out.finish()
        except NotWritten as exc:  # changed while being fixed, or a link out of the tree
            out.abort()
            result.fixed, result.unwritten, result.not_fixed = 0, 0, str(exc)
            note = self._not_written(None, str(exc), ignored, display)
            result.reports = unfixed + ([note] if note is not None else [])
        except OSError as exc:
            doing = "write fixes" if out.target else "read file"
            out.abort()
            result.fixed, result.unwritten, result.reports = 0, 0, unfixed  # what was written
            result.error = f"{display}: cannot {doing}: {exc.strerror or exc}"
        except UnicodeEncodeError as exc:  # a fix inserts what the file's encoding cannot hold
            out.abort()
            result.fixed, result.unwritten, result.reports = 0, 0, unfixed
            result.error = f"{display}: {codec.unencodable_message(exc)}; the file is unchanged"
        except BaseException:  # stopped (SIGINT, SIGTERM): no temporary file left behind
            out.abort()
            raise
        if self.summarizing:
            result.summaries = summaries
        return result

    def _not_written(
        self, report: Optional[Report], why: str, ignored: frozenset, path: str = ""
    ) -> Optional[Report]:
        """An NL008 report (when selected): at ``report``, the fix of which is left out, or
        at the top of the file ``path``, whose fixes are not written."""
        if not self.active("NL008", ignored):
            return None
        rule = self.registry.rules["NL008"]
        if report is None:
            return rule.report(path, (1, 1), why)
        return rule.report(report.path, (report.line, report.column), f"{report.code}: {why}")

    def _suppressions(self, documents) -> suppress.Suppressions:
        merged = suppress.Suppressions()
        for doc in documents:
            merged.merge(suppress.parse(doc, self._resolve_name))
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
            found = [
                v
                for rule in (self.document_rules if doc.text else ())
                if not any(rule.code.startswith(i) for i in ignored)
                for v in rule.check(doc)
            ]
            # the reader's problems, and the rules' (NL009: a pack pattern ran out of time)
            for p in doc.problems:
                if not self.active(p.code, ignored):
                    continue
                line, col = p.position or doc.position(p.start)
                reports.append(self.registry.rules[p.code].report(doc.path, (line, col), p.message))
            if not doc.text:
                continue
            for v in _without_yielded(found):
                report = to_report(doc, v)
                reports.append(report)
                if report.edits and not (
                    sups and sups.suppresses(report.code, report.line, mark=False)
                ):
                    edits.append((report, v.fix))
        return reports, edits

    def _fix_loop(self, chunk, reports, edits, ignored):
        """The chunk's text fixed in passes; the fixes applied, the reports that stand, and
        the fixes left out because the chunk's encoding cannot hold their text: (report, why)."""
        raw, applied_total = chunk.raw, 0
        allowed = ("safe", "unsafe") if self.settings.fix == "unsafe" else ("safe",)
        enc = self.settings.source.encoding
        for _ in range(MAX_FIX_PASSES):
            chosen = [
                r for r, f in edits if f.safety in allowed and not _unencodable(chunk, r, enc)
            ]
            if not chosen:
                break
            raw, applied = apply_edits(raw, [(r.sort_key, r.edits) for r in chosen])
            if not applied:
                break
            applied_total += applied
            docs = chunk.reparse(raw)
            reports, edits = self._lint(docs, ignored, self._suppressions(docs))
        unwritten = [
            (r, why)
            for r, f in edits
            if f.safety in allowed and (why := _unencodable(chunk, r, enc))
        ]
        return raw, applied_total, reports, unwritten

    # --- the corpus -----------------------------------------------------------------------
    def finish(self, results: list) -> list:
        """All reports of a run: document reports, corpus reports, suppression reports; sorted."""
        return corpus.finish(self, results)


def _unencodable(chunk, report: Report, encoding: Optional[str]) -> str:
    """Why a report's fix cannot be written in the chunk's encoding (``encoding``, when one is
    configured: the codec's own name may be "charmap"); "" when it can."""
    for e in report.edits:
        try:
            chunk.encode(e.content)
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            return f"fix not written: {encoding or exc.encoding} cannot encode {bad!r}"
    return ""


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
        if not any(s <= v.start < e for code in v.rule.yields_to for s, e in spans.get(code, ()))
    ]


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
    return v.rule.report(doc.path, (line, col), message, (end_line, end_col), fix, edits)


def _editable(source_map, fix) -> bool:
    editable = getattr(source_map, "editable", None)
    return editable is None or all(editable(e.start, e.end) for e in fix.edits)


def _notes(documents) -> list:
    out = []
    for doc in documents:
        for p in doc.problems:
            if p.code == "note":
                line, col = p.position or doc.position(p.start)
                out.append(f"{doc.path}:{line}:{col}: {p.message}")
    return out
