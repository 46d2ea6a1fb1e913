"""Small template tags and filters for the portal's pages."""

from __future__ import annotations

import html
from pathlib import PurePath

from django import template
from django.utils.safestring import SafeString, mark_safe

from portal.site.charts import bar_chart_svg, line_chart_svg

register = template.Library()


@register.simple_tag
def bar_chart(points, *, title: str, id_prefix: str = "chart", unit: str = "건") -> SafeString:
    """A timeline's points as the site's SVG bar chart (``portal.site.charts``)."""
    return bar_chart_svg(points, title=title, id_prefix=id_prefix, unit=unit)


@register.simple_tag
def facet_options(group, options, *, prefix: str) -> SafeString:
    """A facet's options as checkboxes of the search form: one call per list, not an ``{% include %}``
    per value (that was most of the search page's rendering time, bench/RESULTS.md). Built with the
    standard library's escaping (what Django's ``escape`` calls), not ``format_html``: a page's
    sidebar has about a hundred options of six values each (2.0 ms a page → 0.3 ms, same bytes)."""
    name = _escaped(group.name)
    rows = [
        f'<li><label class="facet-option" for="{_escaped(f"{prefix}-{group.name}-{number}")}">'
        f'<input type="checkbox" id="{_escaped(f"{prefix}-{group.name}-{number}")}" name="{name}" '
        f'value="{_escaped(option.value)}" form="search-form"{" checked" if option.selected else ""}>'
        f'<span class="facet-name">{_escaped(option.label)}</span>'
        f'<span class="facet-count">{_escaped(option.count)}<span class="visually-hidden">건</span></span>'
        "</label></li>"
        for number, option in enumerate(options, start=1)
    ]
    return mark_safe("".join(rows))  # every value above is escaped


def _escaped(value: object) -> str:
    # conditional_escape's rule (text already marked safe is kept) without its lazy-string wrapper.
    return str(value) if hasattr(value, "__html__") else html.escape(str(value))


@register.filter
def basename(path: str) -> str:
    """The file name without its directories: where the ingesting machine kept it is nobody's business."""
    return PurePath(str(path).replace("\\", "/")).name if path else ""


@register.filter
def percent(value: float | None) -> str:
    """A share as a percentage with one decimal ("12.3%"); a dash when there is none."""
    return "–" if value is None else f"{value * 100:.1f}%"


@register.simple_tag
def line_chart(labels, series, *, title: str, description: str, unit: str = "건") -> SafeString:
    """Several series over the same periods as the site's SVG line chart (``portal.site.charts``)."""
    return line_chart_svg(labels, series, title=title, description=description, unit=unit)
