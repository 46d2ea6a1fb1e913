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


def _text_width(text: str) -> float:
    # Rough width at font-size 11: Hangul and other wide characters take about a full em.
    return sum(11.0 if ord(c) > 0x2E80 else 6.5 for c in text)


def chart_width(n: int) -> int:
    """The natural width of a chart of ``n`` bars, so a template can cap its CSS width."""
    return max(MIN_WIDTH, min(MAX_WIDTH, MARGIN_LEFT + MARGIN_RIGHT + n * BAR_STEP))


def bar_chart_svg(
    points: Sequence[ChartPoint],
    *,
    title: str,
    description: str = "",
    id_prefix: str = "chart",
    unit: str = "건",
) -> SafeString:
    """Render ``points`` as an accessible SVG bar chart; every bar with an ``href`` is a link.

    Every piece of text is escaped here, so labels and links may come from user input. Returns an
    empty string when there is nothing to draw.
    """
    if not points:
        return mark_safe("")
    n = len(points)
    width = chart_width(n)
    plot_w = width - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_w / n
    bar_w = max(2.0, min(step * 0.72, MAX_BAR_WIDTH))
    peak = max(p.count for p in points) or 1
    baseline = MARGIN_TOP + plot_h
    widest = max(_text_width(p.label) for p in points) + 8
    label_every = max(1, math.ceil(max(LABEL_MIN_GAP, widest) / step))
    show_counts = n <= COUNTS_ABOVE_BARS_UP_TO

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    total = sum(p.count for p in points)
    span = f"{points[0].label}부터 {points[-1].label}까지 {n}개 구간" if n > 1 else points[0].label
    desc = description or f"{span}, 모두 {total}{unit}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" viewBox="0 0 {width} {HEIGHT}" '
        f'width="{width}" height="{HEIGHT}" role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
        # Axis: the peak value and zero, enough to read the bars' scale.
        f'<line class="axis" x1="{MARGIN_LEFT}" y1="{baseline}" x2="{width - MARGIN_RIGHT}" y2="{baseline}" '
        'stroke="#767676" stroke-width="1"/>',
        f'<line class="grid" x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{width - MARGIN_RIGHT}" y2="{MARGIN_TOP}" '
        'stroke="#d0d0d0" stroke-width="1" stroke-dasharray="3 3"/>',
        f'<text class="tick" x="{MARGIN_LEFT - 6}" y="{MARGIN_TOP + 4}" text-anchor="end" font-size="11">'
        f"{peak}</text>",
        f'<text class="tick" x="{MARGIN_LEFT - 6}" y="{baseline + 4}" text-anchor="end" font-size="11">0</text>',
    ]
    for i, point in enumerate(points):
        x = MARGIN_LEFT + i * step + (step - bar_w) / 2
        h = plot_h * point.count / peak
        # A period with articles never disappears, however small it is next to the peak.
        if point.count and h < 2:
            h = 2
        y = baseline - h
        name = point.description or f"{point.label}: {point.count}{unit}"
        bar = (
            f'<rect class="bar" x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(bar_w)}" height="{_fmt(h)}" '
            'fill="#0b57d0"/>'
        )
        parts = [f"<title>{escape(name)}</title>", bar]
        if show_counts and point.count:
            parts.append(
                f'<text class="value" x="{_fmt(x + bar_w / 2)}" y="{_fmt(y - 4)}" text-anchor="middle" '
                f'font-size="11">{point.count}</text>'
            )
        if point.href and point.count:
            # The whole column is the link target, so a short bar is as easy to hit as a tall one.
            hit = (
                f'<rect class="hit" x="{_fmt(MARGIN_LEFT + i * step)}" y="{MARGIN_TOP}" width="{_fmt(step)}" '
                f'height="{plot_h}" fill="transparent"/>'
            )
            out.append(
                f'<a href="{escape(point.href)}" aria-label="{escape(name)}">{hit}{"".join(parts)}</a>'
            )
        else:
            out.append(f'<g class="empty">{"".join(parts)}</g>')
        if i % label_every == 0:
            out.append(
                f'<text class="label" x="{_fmt(MARGIN_LEFT + i * step + step / 2)}" y="{HEIGHT - 8}" '
                f'text-anchor="middle" font-size="11">{escape(point.label)}</text>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))
