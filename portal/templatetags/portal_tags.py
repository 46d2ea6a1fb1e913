"""Small template tags and filters for the portal's pages."""

from __future__ import annotations

from pathlib import PurePath

from django import template
from django.utils.safestring import SafeString

from portal.site.charts import bar_chart_svg, line_chart_svg

register = template.Library()


@register.simple_tag
def bar_chart(points, *, title: str, id_prefix: str = "chart", unit: str = "건") -> SafeString:
    """A timeline's points as the site's SVG bar chart (``portal.site.charts``)."""
    return bar_chart_svg(points, title=title, id_prefix=id_prefix, unit=unit)


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
