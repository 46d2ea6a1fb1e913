"""The quote search page (``/quotes/``). Thin: parse, call the selector, render."""

from __future__ import annotations

from django.http import QueryDict
from django.shortcuts import render

from articles.search.params import SearchParamError, request_data
from articles.search.request import quote_request_parse
from articles.selectors.quote_page import quote_page, quote_page_invalid


def quotes(request):
    data = QueryDict()  # what is drawn again if even the query string cannot be read
    try:
        data = request_data(request)
        search_request = quote_request_parse(data)
    except SearchParamError as exc:
        return render(request, "articles/quotes.html", vars(quote_page_invalid(data, exc)), status=400)
    return render(request, "articles/quotes.html", vars(quote_page(search_request)))
