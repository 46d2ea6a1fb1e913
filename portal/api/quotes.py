"""The quote search in the JSON API: ``/api/quotes/``. It takes the article search's parameter
conventions (parsed by the same function, with the quote search's selection of parameters) plus
``speaker``; the query matches the quotes' own words."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from articles.search.params import QUOTE_PARAMS, request_data
from articles.search.request import quote_request_parse
from articles.selectors.quotes import quotes_search
from portal.api.parameters import openapi_parameter
from portal.api.schemas import Error, QuotePage

router = Router(tags=["quotes"])


@router.get(
    "",
    response={200: QuotePage, 400: Error},
    url_name="api-quotes",
    operation_id="searchQuotes",
    summary="Search the quotes (인용문): one page of quotes with their articles, the total and the facets",
    openapi_extra={"parameters": [openapi_parameter(p) for p in QUOTE_PARAMS]},
)
def quotes_list(request: HttpRequest) -> dict:
    """`/api/quotes/?q=…&speaker=…`: the query over the quotes' own words, the speaker, and the
    article's filters (entities mentioned, outlet, month, dates); newest first without a query."""
    search_request = quote_request_parse(request_data(request))
    result = quotes_search(request=search_request)
    return {
        "count": result.count,
        "page": search_request.page,
        "page_size": search_request.page_size,
        "num_pages": result.num_pages,
        "results": result.quotes,
        "facets": result.facets,
    }
