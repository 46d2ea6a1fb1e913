"""Small template filters for the portal's pages."""

from __future__ import annotations

from pathlib import PurePath

from django import template

register = template.Library()


@register.filter
def basename(path: str) -> str:
    """The file name without its directories: where the ingesting machine kept it is nobody's business."""
    return PurePath(str(path).replace("\\", "/")).name if path else ""
