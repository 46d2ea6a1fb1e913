"""Small template tags and filters for the portal's pages."""

from __future__ import annotations

from pathlib import PurePath

from django import template
from django.utils.safestring import SafeString

from portal.site.charts import bar_chart_svg

register = template.Library()


@register.simple_tag
def bar_chart(points, *, title: str, id_prefix: str = "chart") -> SafeString:
    """A timeline's points as the site's SVG bar chart (``portal.site.charts``)."""
    return bar_chart_svg(points, title=title, id_prefix=id_prefix)


@register.filter
def basename(path: str) -> str:
    """The file name without its directories: where the ingesting machine kept it is nobody's business."""
    return PurePath(str(path).replace("\\", "/")).name if path else ""
