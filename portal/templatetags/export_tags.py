"""Template helpers for citation meta tags, export links and feed links."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.urls import reverse

from articles.search.params import without
from portal.site import exports, feeds

register = template.Library()


def _querydict(query) -> QueryDict:
    """The current search, given as ``request.GET`` or as its urlencoded string."""
    return query if isinstance(query, QueryDict) else QueryDict(str(query or "").lstrip("?"))


@register.simple_tag(takes_context=True)
def absolute_uri(context, path: str) -> str:
    """``path`` as an absolute URL of this site (meta tags and citations need absolute URLs)."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag
def export_url(query, fmt: str) -> str:
    """The export of the whole result set of ``query`` in ``fmt``, without its paging parameters."""
    encoded = without(_querydict(query), exports.IGNORED_PARAMS).urlencode()
    return (
        reverse("articles:api-export") + "?" + (f"{encoded}&" if encoded else "") + urlencode({"format": fmt})
    )


@register.simple_tag
def search_feed_url(query) -> str:
    """The Atom feed of the search ``query`` (``request.GET`` or a querystring)."""
    return feeds.search_feed_url(_querydict(query))


@register.simple_tag
def entity_feed_url(entity) -> str:
    """The Atom feed of everything tagged with ``entity``."""
    return feeds.entity_feed_url(entity)
