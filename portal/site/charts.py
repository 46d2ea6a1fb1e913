"""Bar charts drawn on the server as inline SVG: they work without JavaScript and need no library.

The function knows nothing of searches or entities: it takes data points, each with its own link,
so the search page and the entity pages draw the same chart from different data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.selectors.timeline import ChartPoint

__all__ = ["ChartPoint", "bar_chart_svg", "chart_width"]

# Geometry in SVG user units. The chart grows with the number of bars up to MAX_WIDTH and is then
# scaled down by CSS: a few bars stay at their natural size on a phone instead of being squeezed.
BAR_STEP = 44
MIN_WIDTH = 280
MAX_WIDTH = 760
HEIGHT = 180
MARGIN_TOP = 22
MARGIN_BOTTOM = 26
MARGIN_LEFT = 34
MARGIN_RIGHT = 8
MAX_BAR_WIDTH = 28  # a lone bar stays a bar, not a block filling the chart
LABEL_MIN_GAP = 36  # x-axis labels closer than this would crowd, so some are left out
COUNTS_ABOVE_BARS_UP_TO = 16  # beyond this the numbers over the bars become clutter


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def text_width(text: str) -> float:
    # Rough width at font-size 11: Hangul and other wide characters take about a full em.
    return sum(11.0 if ord(c) > 0x2E80 else 6.5 for c in text)


def chart_width(n: int) -> int:
    """The natural width of a chart of ``n`` bars, so a template can cap its CSS width."""
    return max(MIN_WIDTH, min(MAX_WIDTH, MARGIN_LEFT + MARGIN_RIGHT + n * BAR_STEP))


def _number(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.0f}%" if value >= 10 else f"{value:.1f}%"
    return f"{value:g}"


def bar_chart_svg(
    points: Sequence[ChartPoint],
    *,
    title: str,
    description: str = "",
    id_prefix: str = "chart",
    unit: str = "건",
) -> SafeString:
    """Render ``points`` as an accessible SVG bar chart; every bar with an ``href`` is a link.

    Bars are the points' heights (their counts, or their values, e.g. shares in percent with
    ``unit="%"``). The chart is an image named by its title and description, or a group when its
    bars are links (an image's content is not interactive); each link is named by its point's
    description, and the numbers drawn over the bars stay outside the links (a link's name then
    holds all of its visible text). Every
    piece of text is escaped here, so labels and links may come from user input. Returns an empty
    string when there is nothing to draw.
    """
    if not points:
        return mark_safe("")
    n = len(points)
    width = chart_width(n)
    plot_w = width - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_w / n
    bar_w = max(2.0, min(step * 0.72, MAX_BAR_WIDTH))
    peak = max(p.height for p in points) or 1
    baseline = MARGIN_TOP + plot_h
    widest = max(text_width(p.label) for p in points) + 8
    label_every = max(1, math.ceil(max(LABEL_MIN_GAP, widest) / step))
    show_counts = n <= COUNTS_ABOVE_BARS_UP_TO

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    total = sum(p.count for p in points)
    span = f"{points[0].label}부터 {points[-1].label}까지 {n}개 구간" if n > 1 else points[0].label
    desc = description or f"{span}, 모두 {total}건"
    role = "group" if any(p.href and p.count for p in points) else "img"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" viewBox="0 0 {width} {HEIGHT}" '
        f'width="{width}" height="{HEIGHT}" role="{role}" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
        # Axis: the peak value and zero, enough to read the bars' scale.
        f'<line class="axis" x1="{MARGIN_LEFT}" y1="{baseline}" x2="{width - MARGIN_RIGHT}" y2="{baseline}" '
        'stroke="#767676" stroke-width="1" aria-hidden="true"/>',
        f'<line class="grid" x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{width - MARGIN_RIGHT}" y2="{MARGIN_TOP}" '
        'stroke="#d0d0d0" stroke-width="1" stroke-dasharray="3 3" aria-hidden="true"/>',
        f'<text class="tick" x="{MARGIN_LEFT - 6}" y="{MARGIN_TOP + 4}" text-anchor="end" font-size="11" '
        f'aria-hidden="true">{escape(_number(peak, unit))}</text>',
        f'<text class="tick" x="{MARGIN_LEFT - 6}" y="{baseline + 4}" text-anchor="end" font-size="11" '
        'aria-hidden="true">0</text>',
    ]
    for i, point in enumerate(points):
        x = MARGIN_LEFT + i * step + (step - bar_w) / 2
        h = plot_h * point.height / peak
        # A period with articles never disappears, however small it is next to the peak.
        if point.height and h < 2:
            h = 2
        y = baseline - h
        name = point.description or f"{point.label}: {point.count}{unit}"
        bar = (
            f'<rect class="bar" x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(bar_w)}" height="{_fmt(h)}" '
            'fill="#0b57d0"/>'
        )
        if point.href and point.count:
            # The whole column is the link target, so a short bar is as easy to hit as a tall one.
            hit = (
                f'<rect class="hit" x="{_fmt(MARGIN_LEFT + i * step)}" y="{MARGIN_TOP}" width="{_fmt(step)}" '
                f'height="{plot_h}" fill="transparent"/>'
            )
            out.append(
                f'<a href="{escape(point.href)}" aria-label="{escape(name)}"><title>{escape(name)}</title>'
                f"{hit}{bar}</a>"
            )
        else:
            out.append(f'<g class="empty" aria-hidden="true"><title>{escape(name)}</title>{bar}</g>')
        if show_counts and point.height:
            shown = _number(point.height, unit) if unit == "%" else str(point.count)
            out.append(
                f'<text class="value" x="{_fmt(x + bar_w / 2)}" y="{_fmt(y - 4)}" text-anchor="middle" '
                f'font-size="11" aria-hidden="true">{escape(shown)}</text>'
            )
        if i % label_every == 0:
            out.append(
                f'<text class="label" x="{_fmt(MARGIN_LEFT + i * step + step / 2)}" y="{HEIGHT - 8}" '
                f'text-anchor="middle" font-size="11" aria-hidden="true">{escape(point.label)}</text>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))


# Distinguishable without colour too: each series has its own dash pattern and marker.
SERIES_STYLES = (
    ("#0b57d0", "", "circle"),
    ("#b3261e", "6 3", "square"),
    ("#146c2e", "2 3", "diamond"),
    ("#7c4dff", "8 3 2 3", "triangle"),
    ("#8a5a00", "1 2", "cross"),
)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{_fmt(x - 3)}" y="{_fmt(y - 3)}" width="6" height="6" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{_fmt(x)} {_fmt(y - 4)}L{_fmt(x + 4)} {_fmt(y)}L{_fmt(x)} {_fmt(y + 4)}L{_fmt(x - 4)} {_fmt(y)}Z" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{_fmt(x)} {_fmt(y - 4)}L{_fmt(x + 4)} {_fmt(y + 3)}L{_fmt(x - 4)} {_fmt(y + 3)}Z" fill="{colour}"/>'
    return (
        f'<path d="M{_fmt(x - 3)} {_fmt(y - 3)}L{_fmt(x + 3)} {_fmt(y + 3)}M{_fmt(x + 3)} {_fmt(y - 3)}'
        f'L{_fmt(x - 3)} {_fmt(y + 3)}" stroke="{colour}" stroke-width="1.5"/>'
    )


def line_chart_svg(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    description: str,
    id_prefix: str = "lines",
    unit: str = "건",
) -> SafeString:
    """Several series over the same periods as an SVG line chart, an image (it holds no links; the
    table beside it does), each series with its own colour, dash pattern and marker, and a legend.
    ``None`` is a gap (no coverage in that period)."""
    if not labels or not series:
        return mark_safe("")
    n = len(labels)
    width = chart_width(n)
    legend_h = 18 * len(series)
    height = HEIGHT + legend_h
    plot_w = width - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_w / n
    values = [v for _, vs in series for v in vs if v is not None]
    peak = max(values, default=0) or 1
    baseline = MARGIN_TOP + plot_h
    widest = max(text_width(label) for label in labels) + 8
    label_every = max(1, math.ceil(max(LABEL_MIN_GAP, widest) / step))
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="line-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        f'<line x1="{MARGIN_LEFT}" y1="{baseline}" x2="{width - MARGIN_RIGHT}" y2="{baseline}" stroke="#767676"/>',
        f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{width - MARGIN_RIGHT}" y2="{MARGIN_TOP}" '
        'stroke="#d0d0d0" stroke-dasharray="3 3"/>',
        f'<text x="{MARGIN_LEFT - 6}" y="{MARGIN_TOP + 4}" text-anchor="end" font-size="11">'
        f"{escape(_number(peak, unit))}</text>",
        f'<text x="{MARGIN_LEFT - 6}" y="{baseline + 4}" text-anchor="end" font-size="11">0</text>',
    ]
    for i, label in enumerate(labels):
        if i % label_every == 0:
            out.append(
                f'<text x="{_fmt(MARGIN_LEFT + i * step + step / 2)}" y="{HEIGHT - 8}" text-anchor="middle" '
                f'font-size="11">{escape(label)}</text>'
            )
    for k, (name, vs) in enumerate(series):
        colour, dash, marker = SERIES_STYLES[k % len(SERIES_STYLES)]
        points = [
            (MARGIN_LEFT + i * step + step / 2, baseline - plot_h * v / peak)
            for i, v in enumerate(vs)
            if v is not None
        ]
        path = " ".join(f"{'M' if j == 0 else 'L'}{_fmt(x)} {_fmt(y)}" for j, (x, y) in enumerate(points))
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashed}/>')
        if n <= 60:
            out.extend(_marker(marker, x, y, colour) for x, y in points)
        y = HEIGHT + 12 + 18 * k
        out.append(
            f'<line x1="{MARGIN_LEFT}" y1="{y - 4}" x2="{MARGIN_LEFT + 24}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="2"{dashed}/>{_marker(marker, MARGIN_LEFT + 12, y - 4, colour)}'
            f'<text x="{MARGIN_LEFT + 30}" y="{y}" font-size="12">{escape(name)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))
