"""One file -> a FileResult: its chunks read, linted, fixed and written back.

Every input goes one way: its reader yields Chunks (the whole file, or one JSON Lines line at
a time when streamed); each chunk's Documents are checked by the document rules, its fixes
applied in passes until nothing changes, and its fixed text handed to a FixedFile.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Optional

from newslint import sources, suppress
from newslint.document import Document
from newslint.engine import corpus
from newslint.engine.fixes import FixedFile, NotWritten, Written, choose_edits, splice
from newslint.engine.settings import FileResult, Settings
from newslint.globs import GlobSet, relative
from newslint.registry import Registry, build_registry
from newslint.rule import CorpusRule, RawEdit, Report, Violation
from newslint.sources import codec
from newslint.sources.ranges import Tally

MAX_FIX_PASSES = 10


@dataclass
class PieceResult(FileResult):
    """The result of a byte range of a file, and what it saw that the whole file decides."""

    tally: Optional[Tally] = None


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
        self.filter_codes = frozenset(r.code for r in self.report_filters)
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
    def lint_file(
        self,
        fs_path: str,
        display: str,
        data: Optional[bytes] = None,
        kept: Optional[frozenset] = None,
        started: Optional[dict] = None,
        span=None,
    ) -> FileResult:
        """Lint the file at ``fs_path`` (or the given bytes: stdin), reported as ``display``.

        With --fix, the fixes of report-filtering rules wait for the run's decision (the
        corpus may drop their reports): they are the result's ``withheld`` reports, and a file
        holding one is not written; a second pass (``fix_kept``) fixes it, with ``kept`` the
        withheld reports the run kept, each chunk from where the first pass left it
        (``started``: the result's ``started``) if the chunk is still what it read.

        ``span``: a byte range of a JSON Lines file (``sources.ranges.ByteRange``), linted
        alone and never fixed; its PieceResult is joined with the other ranges' (``split``)."""
        kind = FileResult if span is None else PieceResult
        result = kind(display, suppressions=suppress.Suppressions(), fs_path=fs_path)
        if data is not None:
            result.data = data
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
        # corpus rules summarize the documents as read; report filters those whose reports
        # they filter: as fixed (or, should the fixes not be written, as read)
        summarizing = self.summarizing if kept is None else self.report_filters
        summaries: dict = {r.code: [] for r in summarizing}
        as_read: dict = {r.code: [] for r in self.report_filters}
        unfixed: list = []
        skipped = False  # whether a chunk's reports as read were not worked out (``started``)
        try:
            chunks = sources.read(fs_path, display, self.settings.source, data, span)
            for index, chunk in enumerate(chunks):
                result.size += len(chunk.data)
                if self.settings.document_stats:
                    result.documents.extend(document_stats(chunk))
                sups = self._suppressions(chunk.documents)
                result.suppressions.merge(sups)
                start = _started(started, index, chunk) if fixing and chunk.fixable else None
                if start is None:
                    reports, edits = self._lint(chunk.documents, ignored, sups)
                    unfixed.extend(reports)  # what stands if the fixes cannot be written
                else:  # where the first pass left it; as read, linted only if needed
                    reports, edits, skipped = start[3], start[4], True
                new_raw, docs = None, chunk.documents
                if fixing and chunk.fixable and edits:
                    loop = self._fix_loop(chunk, reports, edits, ignored, kept, start)
                    fixed, applied, reports, unwritten, docs, withheld, state = loop
                    if withheld and not result.withheld:
                        out.defer()
                    result.withheld.extend(withheld)
                    if result.withheld and applied:  # where the second pass starts
                        result.started[index] = (_digest(chunk), fixed, applied, *state)
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
                for r in summarizing:
                    mine = [
                        r.summarize(d)
                        for d in (docs if r.filters_reports else chunk.documents)
                        if d.text
                    ]
                    summaries[r.code].extend(mine)
                    if r.filters_reports and not skipped:
                        if docs is not chunk.documents:
                            mine = [r.summarize(d) for d in chunk.documents if d.text]
                        as_read[r.code].extend(mine)
                if self.settings.verbose:
                    result.notes.extend(_notes(chunk.documents))
                # what rules derived keeps its document (a reference cycle): freed now, not
                # by the cycle collector later (about a fifth of a run's CPU)
                for d in chunk.documents:
                    d.release()
                if docs is not chunk.documents:
                    for d in docs:
                        d.release()
            result.diff = out.finish()
        except (NotWritten, OSError, UnicodeEncodeError) as exc:
            out.abort()
            if skipped:
                unfixed, as_read = self._as_read(fs_path, display, data, ignored)
            self._unwritten(result, exc, out, unfixed, ignored)
            summaries.update(as_read)
        except BaseException:  # stopped (SIGINT, SIGTERM): no temporary file left behind
            out.abort()
            raise
        if summarizing:
            result.summaries = summaries
        if span is not None:
            result.tally = span.tally
        return result

    def _unwritten(self, result, exc, out, unfixed, ignored) -> None:
        """The result of a file whose fixes are not written: its reports as read."""
        display = result.path
        result.withheld, result.started = [], {}
        if isinstance(exc, NotWritten):  # changed while being fixed, or a link out of the tree
            result.fixed, result.unwritten, result.not_fixed = 0, 0, str(exc)
            note = self._not_written(None, str(exc), ignored, display)
            result.reports = unfixed + ([note] if note is not None else [])
        elif isinstance(exc, OSError):
            doing = "write fixes" if out.target else "read file"
            result.fixed, result.unwritten, result.reports = 0, 0, unfixed  # what was written
            result.error = f"{display}: cannot {doing}: {exc.strerror or exc}"
        else:  # a fix inserts what the file's encoding cannot hold
            result.fixed, result.unwritten, result.reports = 0, 0, unfixed
            result.error = f"{display}: {codec.unencodable_message(exc)}; the file is unchanged"

    def _as_read(self, fs_path, display, data, ignored) -> tuple:
        """A file's reports and report filters' summaries as it reads now, nothing fixed."""
        reports: list = []
        summaries: dict = {r.code: [] for r in self.report_filters}
        try:
            for chunk in sources.read(fs_path, display, self.settings.source, data):
                sups = self._suppressions(chunk.documents)
                reports.extend(self._lint(chunk.documents, ignored, sups)[0])
                for r in self.report_filters:
                    summaries[r.code].extend(r.summarize(d) for d in chunk.documents if d.text)
        except OSError:
            pass  # what could be read
        return reports, summaries

    # --- fixes the run decides: a second pass ---------------------------------------------
    def fix_kept(self, results: list, relint=None, corpus_of=None) -> None:
        """The second pass of --fix: each file whose fixes wait for the run's decision (fixes
        of report-filtering rules, whose reports the corpus may drop) is fixed again from where
        its first pass left it (nothing of it was written), the fixes the run keeps allowed,
        and its result in ``results`` replaced.  ``relint`` lints a list of (fs_path,
        display, data, kept, started) (in a pool); by default this process does.
        ``corpus_of(results)``: the corpus the decision is made over (``corpus.Corpus``: every
        corpus file, the files of ``results`` among them); by default, these files."""
        kept = corpus.kept_fixes(self, results, corpus_of(results) if corpus_of else None)
        if not kept:
            return
        items = [
            (results[i].fs_path, results[i].path, results[i].data, k, results[i].started)
            for i, k in kept
        ]
        again = relint(items) if relint else [self.lint_file(*item) for item in items]
        for res in results:
            res.withheld, res.started = [], {}
        for (i, _), second in zip(kept, again):
            first = results[i]
            second.summaries = {**first.summaries, **second.summaries}  # corpus rules: as read
            second.notes = first.notes
            results[i] = second

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
        rules = self.document_rules
        if ignored:  # a file's directives turned some off
            rules = [r for r in rules if not any(r.code.startswith(i) for i in ignored)]
        for doc in documents:
            found = [v for rule in (rules if doc.text else ()) for v in rule.check(doc)]
            # the reader's problems, and the rules' (NL009: a pack pattern ran out of time)
            for p in doc.problems:
                if not self.active(p.code, ignored):
                    continue
                line, col = p.position or doc.position(p.start)
                reports.append(self.registry.rules[p.code].report(doc.path, (line, col), p.message))
            if not doc.text:
                continue
            for v in without_yielded(found):
                report = to_report(doc, v)
                reports.append(report)
                if report.edits and not (
                    sups and sups.suppresses(report.code, report.line, mark=False)
                ):
                    edits.append((report, v.fix))
        return reports, edits

    def _fix_loop(self, chunk, reports, edits, ignored, kept, start=None):
        """The chunk's text fixed in passes: the fixes applied, the reports that stand, the
        fixes left out because the chunk's encoding cannot hold their text ((report, why)),
        the last documents, and the reports of report-filtering rules whose fixes wait.

        Those fixes wait for the run (first pass: ``kept`` None); then only the ``kept`` ones
        are applied, once the other fixes are done, as the first pass left them (``start``:
        its text, fixes applied, Written, reports and edits, when the second pass starts
        there).  Both share MAX_FIX_PASSES passes; the kept fixes get one pass at least.  A
        fix inside text its own rule wrote in an earlier pass is not applied (``Written``)."""
        raw, applied_total, docs = chunk.raw, 0, chunk.documents
        written = Written()
        if start is not None:
            raw, applied_total, written, reports, edits = start
            docs = None  # parsed again only if no pass changes the text
        allowed = ("safe", "unsafe") if self.settings.fix == "unsafe" else ("safe",)
        enc = self.settings.source.encoding
        held = self.filter_codes

        def wanted(r, f, now) -> bool:
            return f.safety in allowed and (r.code not in held or (now is not None and r in now))

        for now in (None,) if kept is None else (None, kept):
            while written.passes < MAX_FIX_PASSES or (now is not None and not written.kept_pass):
                chosen = [
                    r
                    for r, f in edits
                    if wanted(r, f, now)
                    and not written.holds(r.code, r.edits)
                    and not _unencodable(chunk, r, enc)
                ]
                if not chosen:
                    break
                taken = choose_edits([(r.sort_key, r.edits, r.code) for r in chosen])
                new = splice(raw, [e for _, group, _ in taken for e in group])
                if new == raw:
                    break
                raw = new
                applied_total += len(taken)
                written.add_pass([(code, group) for _, group, code in taken])
                written.kept_pass = now is not None
                docs = chunk.reparse(raw)
                reports, edits = self._lint(docs, ignored, self._suppressions(docs))
        unwritten = [
            (r, why)
            for r, f in edits
            if wanted(r, f, kept) and (why := _unencodable(chunk, r, enc))
        ]
        withheld = (
            [r for r, f in edits if r.code in held and f.safety in allowed] if kept is None else []
        )
        if docs is None:
            docs = chunk.reparse(raw)
        return raw, applied_total, reports, unwritten, docs, withheld, (written, reports, edits)

    # --- the corpus -----------------------------------------------------------------------
    def finish(self, results: list, whole: Optional[corpus.Corpus] = None) -> list:
        """All reports of a run: document reports, corpus reports, suppression reports; sorted.
        The fixes the run keeps are applied first (what ``pool.run`` did not: stdin).
        ``whole``: every corpus document's summaries (``engine.cache``); else the run's."""
        if self.settings.fix:  # decided over the corpus the reports are decided over
            self.fix_kept(results, corpus_of=None if whole is None else lambda _: whole)
        return corpus.finish(self, results, whole)


def _digest(chunk) -> bytes:
    return hashlib.blake2b(chunk.data, digest_size=20).digest()


def _started(started: Optional[dict], index: int, chunk) -> Optional[tuple]:
    """Where the first pass left chunk ``index`` (text, fixes, Written, reports, edits), if it
    read the same."""
    entry = (started or {}).get(index)
    if entry is None or entry[0] != _digest(chunk):
        return None
    return entry[1:]


def _unencodable(chunk, report: Report, encoding: Optional[str]) -> str:
    """Why a report's fix cannot be written in the chunk's encoding (``encoding``, when one is
    configured: the codec's own name may be "charmap"), or would start a chunk that had no
    BOM with U+FEFF, which reads as one; "" when it can."""
    for e in report.edits:
        try:
            chunk.encode(e.content)
        except UnicodeEncodeError as exc:
            if exc.reason == codec.READS_AS_BOM:
                if e.start == 0:
                    return f"fix not written: {codec.READS_AS_BOM}"
                continue  # inside the text, U+FEFF is only a character
            bad = exc.object[exc.start : exc.end]
            return f"fix not written: {encoding or exc.encoding} cannot encode {bad!r}"
    return ""


def without_yielded(found: list) -> list:
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


def document_stats(chunk) -> list:
    """(first line, record label, words, site) of each document of a chunk, for the HTML
    report's rates: counted while the text is at hand, never by reading the corpus again."""
    return [
        (doc.position(0)[0], doc.label(-1) if doc.label else "", len(doc.text.split()), doc.site)
        for doc in chunk.documents
    ]
