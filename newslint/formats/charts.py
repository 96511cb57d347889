"""Inline SVG charts for the HTML report: horizontal bars and a histogram.

A few lines of our own rather than a plotting library: the report needs two kinds of chart,
drawn as text inside the page (no image files, no script), and every label in them is corpus
text or a rule name, escaped here like everything else the page shows.
"""

from __future__ import annotations

from markupsafe import Markup, escape

BAR_HEIGHT = 18
GAP = 4
LABEL_WIDTH = 270
PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6", "#9d755d")


def _number(value: float) -> str:
    if value >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def bars(items: list, *, width: int = 760, title: str = "", links: bool = False) -> Markup:
    """A horizontal bar chart of (label, value) pairs, largest first as given; with ``links``
    each label is (text, anchor) and its bar links to that part of the page."""
    if not items:
        return Markup('<p class="empty">nothing to draw</p>')
    top = max(v for _, v in items) or 1
    plot = width - LABEL_WIDTH - 70
    height = len(items) * (BAR_HEIGHT + GAP) + GAP
    out = [
        f'<svg class="chart bars" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>" if title else "",
    ]
    for i, (label, value) in enumerate(items):
        anchor = None
        if links:
            label, anchor = label
        y = GAP + i * (BAR_HEIGHT + GAP)
        w = max(1.0, plot * value / top) if value else 0
        text = escape(str(label))
        short = escape(str(label) if len(str(label)) <= 40 else str(label)[:39] + "\u2026")
        bar = (
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{PALETTE[i % len(PALETTE)] if links else PALETTE[0]}"><title>{text}: '
            f"{_number(value)}</title></rect>"
        )
        row = (
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 5}" text-anchor="end">{short}</text>'
            f"{bar}"
            f'<text x="{LABEL_WIDTH + w + 4:.1f}" y="{y + BAR_HEIGHT - 5}">{_number(value)}</text>'
        )
        if anchor:
            row = f'<a href="#{escape(anchor)}">{row}</a>'
        out.append(f"<g>{row}</g>")
    out.append("</svg>")
    return Markup("".join(out))


def histogram(bins: list, *, width: int = 640, height: int = 180, title: str = "") -> Markup:
    """Vertical bars of (bin label, count), in order: documents by their number of reports."""
    if not bins:
        return Markup('<p class="empty">nothing to draw</p>')
    top = max(c for _, c in bins) or 1
    left, bottom = 40, 36
    plot_w, plot_h = width - left - 10, height - bottom - 10
    step = plot_w / len(bins)
    out = [
        f'<svg class="chart histogram" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>" if title else "",
        f'<line x1="{left}" y1="{10 + plot_h}" x2="{width - 10}" y2="{10 + plot_h}" stroke="#888"/>',
        f'<text x="{left - 4}" y="16" text-anchor="end">{top:,}</text>',
    ]
    for i, (label, count) in enumerate(bins):
        h = plot_h * count / top
        x = left + i * step
        out.append(
            f'<rect x="{x + 1:.1f}" y="{10 + plot_h - h:.1f}" width="{max(1.0, step - 2):.1f}" '
            f'height="{h:.1f}" fill="{PALETTE[0]}"><title>{escape(str(label))} reports: '
            f"{count:,} documents</title></rect>"
            f'<text x="{x + step / 2:.1f}" y="{height - bottom + 18}" text-anchor="middle">'
            f"{escape(str(label))}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))
