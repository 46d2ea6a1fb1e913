"""Small template tags and filters for the portal's pages."""

from __future__ import annotations

from pathlib import PurePath

from django import template
from django.utils.html import format_html_join
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
    per value (that was most of the search page's rendering time, bench/RESULTS.md)."""
    return format_html_join(
        "",
        '<li><label class="facet-option" for="{0}">'
        '<input type="checkbox" id="{0}" name="{1}" value="{2}" form="search-form"{3}>'
        '<span class="facet-name">{4}</span>'
        '<span class="facet-count">{5}<span class="visually-hidden">건</span></span>'
        "</label></li>",
        (
            (
                f"{prefix}-{group.name}-{number}",
                group.name,
                option.value,
                mark_safe(" checked") if option.selected else "",
                option.label,
                option.count,
            )
            for number, option in enumerate(options, start=1)
        ),
    )


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
