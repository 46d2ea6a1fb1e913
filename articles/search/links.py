"""URLs of the search page derived from one search's parameters.

Facet check boxes, chips, sort and page links, the chart's bars and the "drop a filter" suggestions
all derive from the request's query string, so every state of the page is a plain GET URL: a
permalink, a bookmark, a step the back button returns to.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from articles.search.params import SEARCH_KEYS
from articles.search.request import clean_params


def clean_query(data: QueryDict, keys: tuple[str, ...] = SEARCH_KEYS) -> QueryDict:
    """Only the search's own parameters (``keys``), without empty values, in a stable order."""
    clean = QueryDict(mutable=True)
    for key, values in clean_params(data, keys):
        clean.setlist(key, list(values))
    return clean


class SearchLinks:
    """URLs of a search page derived from one query string: the article search's, or another page
    taking the parameters ``keys`` (the quote search: ``path`` and ``QUOTE_KEYS``)."""

    def __init__(
        self, data: QueryDict, *, path: str | None = None, keys: tuple[str, ...] = SEARCH_KEYS
    ) -> None:
        self.keys = keys
        self.data = clean_query(data, keys)
        self.path = path or reverse("articles:search")
        # A page makes a hundred links or more (facet boxes, chips, bars): each starts from a copy
        # of plain lists, where a QueryDict's copy is a deep copy (about half a millisecond).
        self._lists: dict[str, list[str]] = {key: list(self.data.getlist(key)) for key in self.data}

    def _copy(self) -> dict[str, list[str]]:
        return {key: list(values) for key, values in self._lists.items()}

    def _url(self, query: Mapping[str, list[str]]) -> str:
        ordered = [(k, v) for k in self.keys for v in query.get(k, ())]
        return f"{self.path}?{urlencode(ordered)}" if ordered else self.path

    @property
    def current(self) -> str:
        return self._url(self._lists)

    @property
    def querystring(self) -> str:
        return self.data.urlencode()

    def with_changes(
        self, *, drop: tuple[str, ...] = (), keep_page: bool = False, **values: str | None
    ) -> str:
        """This search with ``drop`` removed and single values set. A new selection starts at page 1."""
        query = self._copy()
        for key in (*drop, *(() if keep_page else ("page",))):
            query.pop(key, None)
        for key, value in values.items():
            key = key.rstrip("_")  # from_= for the `from` parameter
            if not value:
                query.pop(key, None)
            else:
                query[key] = [value]
        return self._url(query)

    def without_values(self, key: str, values: Collection[str]) -> str:
        """This search without ``values`` of the parameter ``key`` (back at page 1)."""
        return self.dropping({key: frozenset(values)})

    def dropping(self, drop: Mapping[str, Collection[str] | None]) -> str:
        """This search without the given values of each parameter (None: the whole parameter)."""
        query = self._copy()
        query.pop("page", None)
        for key, values in drop.items():
            kept = [] if values is None else [v for v in query.get(key, ()) if v not in values]
            if kept:
                query[key] = kept
            else:
                query.pop(key, None)
        return self._url(query)

    def adding(self, key: str, values: Collection[str]) -> str:
        """This search with ``values`` added to the parameter ``key`` (back at page 1)."""
        query = self._copy()
        query.pop("page", None)
        present = query.get(key, [])
        query[key] = [*present, *(v for v in values if v not in present)]
        return self._url(query)

    def page(self, number: int) -> str:
        return self.with_changes(keep_page=True, page=None if number == 1 else str(number))
