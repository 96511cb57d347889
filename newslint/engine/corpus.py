"""The corpus phase: once every file is linted, the corpus rules run over the documents'
summaries, report filters see the whole corpus, suppressions and de-duplication apply, and the
suppression directives themselves are checked (NL006 unused, NL007 malformed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from newslint.engine.settings import FileResult


@dataclass
class Corpus:
    """What the corpus phase sees: (display, summaries by rule code) of every corpus file, in
    corpus order (``engine.cache``)."""

    entries: list
    # the corpus rules' reports over these very entries, remembered by the index from an
    # earlier run (``engine.cache``): an unchanged corpus is not compared again ...
    recalled: Optional[list] = None
    # ... else, where the index can remember them, called with the reports found
    remember: Optional[Callable[[list], None]] = None
    # the reports each report filter keeps (by code), decided by the corpus index's
    # aggregates for a run naming a few files (``engine.incremental``): ``entries`` then
    # holds the files named only
    filtered: Optional[dict] = None


def finish(linter, results: list, corpus: Optional[Corpus] = None) -> list:
    """All reports of a run: document reports, corpus reports, suppression reports; sorted.

    ``corpus``: every corpus document's summaries in corpus order (``engine.cache``); without
    it, the corpus is the files of the run.  Reports are kept for the files of the run only."""
    if corpus is None:  # the corpus phase decided on a Dask cluster (``engine.reduce``)
        corpus = getattr(results, "corpus", None)
    by_path = {r.path: r for r in results}
    candidates = [rep for res in results for rep in res.reports]
    found = corpus.recalled if corpus is not None else None
    if found is None:
        found = [
            rep
            for rule in linter.corpus_rules
            for rep in rule.check_corpus(summaries(results, rule.code, corpus))
        ]
        if corpus is not None and corpus.remember is not None:
            corpus.remember(found)
    for rep in found:
        if rep.path in by_path and linter.active(rep.code, linter.ignored_for(rep.path)):
            candidates.append(rep)
    for rule in linter.report_filters:
        if corpus is not None and corpus.filtered is not None:
            kept = corpus.filtered[rule.code]
            candidates = [rep for rep in candidates if rep.code != rule.code or rep in kept]
        else:
            candidates = rule.filter_reports(candidates, summaries(results, rule.code, corpus))
    reports = []
    for rep in candidates:
        sups = by_path[rep.path].suppressions
        if not (sups and sups.suppresses(rep.code, rep.line)):
            reports.append(rep)
    reports = one_report_per_fix(reports)
    for res in results:
        if res.suppressions:
            reports.extend(directive_reports(linter, res))
    return sorted(set(reports), key=lambda r: r.sort_key)


def kept_fixes(linter, results: list, corpus: Optional[Corpus] = None) -> list:
    """(index, kept) of every result that withheld fixes (--fix): ``kept`` holds those of its
    withheld reports the run keeps, filtered as the run's reports are (against the summaries
    of the corpus, else of the run's documents).  The same for every ``-j``."""
    withheld = [rep for res in results for rep in res.withheld]
    if not withheld:
        return []
    for rule in linter.report_filters:
        withheld = rule.filter_reports(withheld, summaries(results, rule.code, corpus))
    kept = set(withheld)
    out = []
    for i, res in enumerate(results):
        if res.withheld:
            out.append((i, frozenset(rep for rep in res.withheld if rep in kept)))
    return out


def summaries(results: list, code: str, corpus: Optional[Corpus] = None) -> list:
    """(path, summary) of one rule over every document of the corpus (else of the run), in
    corpus order: the order of the paths under the corpus root."""
    files = corpus.entries if corpus is not None else [(r.path, r.summaries) for r in results]
    return [(path, s) for path, sums in files for s in sums.get(code, ()) if s is not None]


def one_report_per_fix(reports: list) -> list:
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


def directive_reports(linter, res: FileResult) -> list:
    """NL007 for malformed directives, NL006 for directives that suppressed nothing."""
    sups = res.suppressions
    ignored = linter.ignored_for(res.path)
    out = []
    if linter.active("NL007", ignored):
        rule = linter.registry.rules["NL007"]
        for line, col, el, ec, msg in sups.malformed:
            out.append(rule.report(res.path, (line, col), msg, (el, ec)))
    if linter.active("NL006", ignored):
        rule = linter.registry.rules["NL006"]
        selected = linter.selected
        for d in sups.directives:
            if d.used or (
                d.codes and not all(any(s.startswith(c) for s in selected) for c in d.codes)
            ):
                continue
            what = " ".join(d.codes) if d.codes else "all rules"
            msg = f"unused suppression: '{d.action}' for {what} suppresses nothing"
            out.append(rule.report(res.path, (d.line, d.column), msg, (d.end_line, d.end_column)))
    return out
