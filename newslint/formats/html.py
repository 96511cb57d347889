"""``--format html``: one self-contained page a corpus owner would rather look at than read.

Overview, rates by source and family, the distribution of reports over documents, the
duplicate clusters, and the reports themselves with their context, filterable by code,
family and source.  Everything is aggregated first; examples are capped per code and per
document, and the page says how many it left out, so that 300,000 reports make a page of a
few megabytes.  The page is a Jinja2 template with autoescaping on (every text from a corpus
is escaped), inline CSS and SVG, and a few lines of plain JavaScript; it loads nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Optional

from jinja2 import Environment, PackageLoader, select_autoescape

from newslint import __version__
from newslint.engine.settings import FileResult, Settings
from newslint.formats import charts
from newslint.formats.html_data import clusters, collect

CAP_PER_CODE = 200  # report examples shown for one code, over the whole page
CAP_PER_DOC = 50  # ... and for one document
CAP_TOTAL = 5000  # ... and in all
CAP_CLUSTERS = 100
CAP_MEMBERS = 25
WORST = 20
CONTEXT = 60  # characters of context each side of a report's span
BINS = ((0, 0), (1, 1), (2, 2), (3, 4), (5, 9), (10, 19), (20, 49), (50, None))

_ENV: Optional[Environment] = None


def environment() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = Environment(
            loader=PackageLoader("newslint.formats", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _ENV


def _snippet(line: Optional[str], rep) -> tuple:
    """(before, span, after) of a report's line, at most CONTEXT characters each side."""
    if not line:
        return "", "", ""
    start = max(0, rep.column - 1)
    end = rep.end_column - 1 if rep.end_line == rep.line else len(line)
    end = min(max(end, start), start + 2 * CONTEXT, len(line))
    before = line[max(0, start - CONTEXT) : start]
    after = line[end : end + CONTEXT]
    return (
        ("\u2026" if start > CONTEXT else "") + before,
        line[start:end],
        after + ("\u2026" if end + CONTEXT < len(line) else ""),
    )


def _family(registry, code: str) -> str:
    rule = registry.rules.get(code) if registry is not None else None
    return getattr(rule, "family", "") or code[:3]


def _rule_docs(registry, codes) -> list:
    out = []
    for code in sorted(codes):
        rule = registry.rules.get(code) if registry is not None else None
        if rule is None:
            out.append({"code": code, "name": "", "family": code[:3], "summary": "", "text": ""})
            continue
        doc = (rule.__doc__ or "").strip()
        summary, _, rest = doc.partition("\n")
        out.append(
            {
                "code": code,
                "name": rule.name,
                "family": getattr(rule, "family", ""),
                "summary": summary.strip(),
                "text": "\n".join(line.strip() for line in rest.strip().splitlines()),
            }
        )
    return out


def _bins(counts: list) -> list:
    out = []
    for lo, hi in BINS:
        label = f"{lo}+" if hi is None else (str(lo) if lo == hi else f"{lo}-{hi}")
        out.append((label, sum(1 for c in counts if c >= lo and (hi is None or c <= hi))))
    return out


def _per_k(n: int, words: int) -> float:
    return 1000.0 * n / words if words else 0.0


def build(reports, *, registry=None, line_source=None, results=None, session=None) -> dict:
    """The template's context: every figure and example on the page."""
    if results is None:  # called without the run: a result per path that has reports
        results = [FileResult(p) for p in sorted({r.path for r in reports})]
    options = session.settings.source if session is not None else Settings().source
    fs_of, given = None, {}
    if session is not None:
        known = {display: fs for fs, display in getattr(session, "files", ())}
        fs_of = lambda p: known.get(p, p)  # noqa: E731
        if session.stdin:
            given[session.stdin] = getattr(session, "_stdin_data", b"") or b""
    run = collect(results, reports, options, fs_of, given)
    family_of = {code: _family(registry, code) for code in {r.code for r in reports}}
    by_code = Counter(r.code for r in reports)
    by_family = Counter(family_of[r.code] for r in reports)
    fixable = sum(1 for r in reports if r.fix_safety)
    for rep in reports:
        stat = run.by_doc[id(rep)]
        stat.reports += 1
        stat.families[family_of[rep.code]] += 1
    families = sorted(by_family)

    # by source; and by folder or file when records name sources of their own (the extractor
    # that wrote each JSON file, whose records name the sites they were scraped from)
    source_rows = _rates(run.docs, lambda d: d.source, families)
    places = any(d.place != d.source for d in run.docs)
    place_rows = _rates(run.docs, lambda d: d.place, families) if places else []

    # the reports, grouped by document, capped
    shown_code: Counter = Counter()
    groups: dict = {}
    shown = 0
    for rep in reports:
        stat = run.by_doc[id(rep)]
        group = groups.get(stat.anchor)
        if group is None:
            group = groups[stat.anchor] = {"doc": stat, "rows": [], "left": 0}
        if (
            len(group["rows"]) >= CAP_PER_DOC
            or shown_code[rep.code] >= CAP_PER_CODE
            or shown >= CAP_TOTAL
        ):
            group["left"] += 1
            continue
        shown_code[rep.code] += 1
        shown += 1
        line = line_source(rep.path, rep.line) if line_source else None
        group["rows"].append(
            {"rep": rep, "family": family_of[rep.code], "snippet": _snippet(line, rep)}
        )

    def text_of(rep) -> str:
        line = line_source(rep.path, rep.line) if line_source else None
        return _snippet(line, rep)[1] if line else ""

    dup = clusters(reports, run.by_doc, text_of)
    docs_with = sorted(run.docs, key=lambda d: (-d.reports, d.path, d.record))
    worst = [d for d in docs_with[:WORST] if d.reports]
    shown_clusters = [(c, s, m[:CAP_MEMBERS], len(m)) for c, s, m in dup[:CAP_CLUSTERS]]
    # a document gets a section when it shows a report or another section links to it; the
    # others (every report capped) are counted in one line, not given an empty section each
    linked = {d.anchor for d in worst}
    linked.update(m.anchor for _, _, members, _ in shown_clusters for m in members if m.anchor)
    kept = [g for g in groups.values() if g["rows"] or g["doc"].anchor in linked]
    hidden = [g for g in groups.values() if not g["rows"] and g["doc"].anchor not in linked]
    settings = session.settings if session is not None else None
    rules = _rule_docs(registry, by_code)
    rule_names = {r["code"]: r["name"] for r in rules}
    return {
        "version": __version__,
        "files": run.files,
        "records": sum(1 for d in run.docs if d.record) or len(run.docs),
        "documents": len(run.docs),
        "words": run.words,
        "total": len(reports),
        "rate": _per_k(len(reports), run.words),
        "fixable": fixable,
        "families": families,
        "family_chart": charts.bars(
            [(f, n) for f, n in by_family.most_common()], title="reports by family"
        ),
        "code_chart": charts.bars(
            [
                ((f"{c} {rule_names[c]}".rstrip(), f"rule-{c}"), n)
                for c, n in by_code.most_common(40)
            ],
            title="reports by code",
            links=True,
        ),
        "codes_left": max(0, len(by_code) - 40),
        "sources": source_rows,
        "source_chart": charts.bars(
            [(r["name"], r["rate"]) for r in source_rows[:60] if r["words"]],
            title="reports per 1,000 words by source",
        ),
        "sources_left": max(0, len(source_rows) - 60),
        "places": place_rows,
        "place_chart": charts.bars(
            [(r["name"], r["rate"]) for r in place_rows[:60] if r["words"]],
            title="reports per 1,000 words by folder or file",
        )
        if place_rows
        else "",
        "histogram": charts.histogram(
            _bins([d.reports for d in run.docs]), title="documents by number of reports"
        ),
        "worst": worst,
        "clusters": shown_clusters,
        "clusters_left": max(0, len(dup) - CAP_CLUSTERS),
        "groups": kept,
        "hidden_documents": len(hidden),
        "hidden_reports": sum(g["left"] for g in hidden),
        "shown": shown,
        "codes": sorted(by_code),
        "source_names": sorted({r["name"] for r in source_rows}),
        "rules": rules,
        "selected": sorted(settings.select) if settings is not None else [],
        "rule_options": sorted((settings.rule_settings or {}).items()) if settings else [],
        "unread": run.unread,
        "caps": (CAP_PER_CODE, CAP_PER_DOC, CAP_TOTAL),
    }


def _rates(docs: list, key, families: list) -> list:
    """A row per value of ``key``: documents, words, reports, reports per 1,000 words (in all and
    by family); cleanest first, and a source with no words checked (a rate of nothing) last."""
    groups: dict = defaultdict(lambda: {"docs": 0, "words": 0, "reports": 0, "fam": Counter()})
    for d in docs:
        s = groups[key(d)]
        s["docs"] += 1
        s["words"] += d.words
        s["reports"] += d.reports
        s["fam"].update(d.families)
    rows = [
        {
            "name": name,
            "docs": s["docs"],
            "words": s["words"],
            "reports": s["reports"],
            "rate": _per_k(s["reports"], s["words"]),
            "fam": [_per_k(s["fam"][f], s["words"]) for f in families],
        }
        for name, s in groups.items()
    ]
    return sorted(rows, key=lambda r: (not r["words"], r["rate"], r["name"]))


def write(reports, *, registry=None, line_source=None, results=None, session=None, **_) -> str:
    """A self-contained HTML page: statistics, charts and the reports, filterable."""
    context = build(
        reports, registry=registry, line_source=line_source, results=results, session=session
    )
    return environment().get_template("report.html.j2").render(**context)
