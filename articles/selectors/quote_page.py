"""Everything the quote search page (``/quotes/``) shows, in one call: the page of quotes, the
speaker and outlet facets, chips, sort and page links, each a plain GET URL on this search, built
by the same helpers as the article search page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import QueryDict
from django.urls import reverse

from articles.search.filters import FILTER
from articles.search.links import SearchLinks
from articles.search.params import QUOTE_KEYS, SearchParamError
from articles.search.request import SearchRequest
from articles.selectors.quotes import QUOTE_FACETS, QuoteResult, quotes_search
from articles.selectors.search_page import Chip, FacetGroup, _chips, _facet_group, _hidden, _sorts, pagination

# Parameters the page carries in hidden fields: they have no control of their own on it.
HIDDEN_PARAMS = ("person", "programme", "organisation", "mentions", "month", "page_size", "sort")


@dataclass
class QuotePage:
    """What ``articles/quotes.html`` draws (its context, field by field)."""

    q: str
    error: SearchParamError | None
    result: QuoteResult | None
    links: SearchLinks
    hidden: list[tuple[str, str]]
    facet_groups: list[FacetGroup] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    sorts: list[dict] = field(default_factory=list)
    pagination: dict | None = None
    first_index: int = 0
    last_index: int = 0
    period: tuple[dt.date | None, dt.date | None] = (None, None)
    export_query: str = ""
    without_error: str | None = None


def quote_links(data: QueryDict) -> SearchLinks:
    """The links of a quote search (``/quotes/``, its own parameters)."""
    return SearchLinks(data, path=reverse("articles:quotes"), keys=QUOTE_KEYS)


def quote_page(request: SearchRequest) -> QuotePage:
    """The quote search page of ``request`` (``quote_request_parse``)."""
    result = quotes_search(request=request)
    links = quote_links(request.querydict())
    period = request.filters.get("period")
    return QuotePage(
        q=request.q,
        error=None,
        result=result,
        links=links,
        hidden=_hidden(links, HIDDEN_PARAMS),
        facet_groups=[_facet_group(FILTER[name], request, result.facets[name]) for name in QUOTE_FACETS],
        chips=_chips(links, request),
        sorts=_sorts(links, request),
        pagination=pagination(links, request, result.count),
        first_index=request.offset + 1,
        last_index=request.offset + len(result.quotes),
        period=(period.low, period.high) if period is not None else (None, None),
        export_query=links.querystring,
    )


def quote_page_invalid(data: QueryDict, error: SearchParamError) -> QuotePage:
    """The page for a quote search that could not be parsed: the form again with everything else
    the request asked for, the bad parameter left out."""
    links = quote_links(data)
    return QuotePage(
        q=data.get("q", ""),
        error=error,
        result=None,
        links=links,
        hidden=_hidden(links, tuple(k for k in QUOTE_KEYS if k not in ("q", "page", error.param))),
        without_error=links.with_changes(drop=(error.param,)) if error.param != "q" else None,
    )
