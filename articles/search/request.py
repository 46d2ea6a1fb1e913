"""A search request, parsed once: the query read by Kiwi, each filter's value, the order and the page.

The search page, the API, exports, feeds, the entity pages and the analyses all parse their query
strings here, so a parameter is accepted, refused (with the same Korean message) and understood the
same way everywhere. What follows the parse sees only the frozen :class:`SearchRequest`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from django.conf import settings
from django.http import QueryDict
from django.utils import translation

from articles.models import Article
from articles.search.backends.base import Selection, Sort
from articles.search.filters import FILTER, FILTERS, QUOTE_FILTERS, SearchFilter, filterset_class
from articles.search.params import (
    DEFAULT_PAGE_SIZE,
    EXPORT_FORMATS,
    FALSE_VALUES,
    PARAM,
    PARAMS,
    QUOTE_KEYS,
    QUOTE_PARAMS,
    SEARCH_KEYS,
    SORTS,
    TRUE_VALUES,
    SearchParam,
    SearchParamError,
)
from articles.search.query import QuerySyntaxError, SearchQuery, query_compile
from articles.search.selection import Match, Not, Words


@dataclass(frozen=True)
class SearchScope:
    """What a search looks through, as its parameters say: articles (``ARTICLES``) or quotes
    (``QUOTES``). The same definitions of each parameter and filter, a different selection of them."""

    params: tuple[SearchParam, ...]
    filters: tuple[SearchFilter, ...]
    keys: tuple[str, ...]

    @cached_property
    def filterset(self) -> type:
        return filterset_class(self.filters)


ARTICLES = SearchScope(PARAMS, FILTERS, SEARCH_KEYS)
QUOTES = SearchScope(QUOTE_PARAMS, QUOTE_FILTERS, QUOTE_KEYS)
SearchFilterSet = ARTICLES.filterset


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: the query, the filters' values by filter name, the order and the page.

    ``params`` keeps the request's own search parameters, cleaned and in URL order, for the links
    that change one thing about this search (permalinks, chips, pages).
    """

    q: str = ""
    query: SearchQuery | None = None
    filters: Mapping[str, Any] = field(default_factory=dict)
    sort: Sort = "newest"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    params: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def selection(self, *, skip: Collection[str] = ()) -> Selection:
        """The articles this search counts, leaving out the filters named in ``skip`` (``"q"``, the
        query). For "what if this filter were dropped" counts and timelines beside the search."""
        conditions = tuple(
            c
            for name, value in self.filters.items()
            if name not in skip
            for c in FILTER[name].conditions(value)
        )
        match = self.query.match if self.query is not None and "q" not in skip else None
        return Selection(match, conditions)

    def active(self) -> Iterator[tuple[Any, Any]]:
        """``(filter, value)`` of every filter this search uses, in the order filters are listed."""
        for name, value in self.filters.items():
            yield FILTER[name], value

    def querydict(self) -> QueryDict:
        """The request's own search parameters (a fresh, mutable copy)."""
        data = QueryDict(mutable=True)
        for key, values in self.params:
            data.setlist(key, list(values))
        return data


def clean_params(
    data: QueryDict, keys: tuple[str, ...] = SEARCH_KEYS
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Only the search's own parameters (``keys``), without empty values, in a stable order."""
    out = []
    for key in keys:
        values = tuple(v.strip() for v in data.getlist(key) if v and v.strip())
        if values:
            out.append((key, values))
    return tuple(out)


def int_param(data: QueryDict, param: SearchParam) -> int:
    """The integer value of ``param`` in ``data`` (its default when absent), within its limits; raises
    SearchParamError with the Korean message every other bad parameter gets."""
    name, raw = param.name, data.get(param.name)
    if not raw:
        return int(param.default or 0)
    low = 1 if param.minimum is None else param.minimum
    try:
        value = int(raw)
    except ValueError:
        raise SearchParamError(name, f"{name}는 {low} 이상의 정수여야 합니다: {raw!r}") from None
    if value < low:
        raise SearchParamError(name, f"{name}는 {low} 이상의 정수여야 합니다: {raw!r}")
    if param.maximum is not None and value > param.maximum:
        raise SearchParamError(name, f"{name}는 {param.maximum} 이하여야 합니다: {raw!r}")
    return value


def _filters(data: QueryDict, scope: SearchScope) -> dict[str, Any]:
    form = scope.filterset(data=data, queryset=Article.objects.none()).form
    # Django's own messages ("올바른 날짜를 입력하세요.") would follow the reader's Accept-Language;
    # every message is Korean, as the API documents.
    with translation.override(settings.LANGUAGE_CODE):
        if not form.is_valid():
            param, errors = next(iter(form.errors.items()))
            raise SearchParamError(param, f"{param}: {' '.join(map(str, errors))}")
    values = {f.name: f.value(form.cleaned_data) for f in scope.filters}
    return {name: value for name, value in values.items() if value is not None}


def search_request_parse(data: QueryDict, *, scope: SearchScope = ARTICLES) -> SearchRequest:
    """Validate a search's parameters into a SearchRequest; raises SearchParamError naming the bad one.
    ``scope``: which parameters the search takes (``QUOTES`` for the quote search)."""
    for name, values in data.lists():
        # PostgreSQL text cannot hold NUL: refuse it here rather than fail in a query.
        if any("\x00" in value for value in values):
            raise SearchParamError(name, f"{name}에 쓸 수 없는 문자(NUL)가 있습니다.")
    for param in scope.params:
        count = len(data.getlist(param.name))
        if param.max_values is not None and count > param.max_values:
            raise SearchParamError(
                param.name, f"{param.name} 값은 한 번에 {param.max_values}개까지 줄 수 있습니다 ({count}개)."
            )
    q = (data.get("q") or "").strip()
    query = None
    if q:
        try:
            query = query_compile(q)
        except QuerySyntaxError as exc:
            raise SearchParamError("q", str(exc)) from None
    sort = data.get("sort") or ("relevance" if query else "newest")
    if sort not in SORTS:
        raise SearchParamError("sort", f"sort는 {', '.join(SORTS)} 중 하나여야 합니다: {sort!r}")
    if sort == "relevance" and not query:
        sort = "newest"  # nothing to be relevant to
    filters = _filters(data, scope)
    return SearchRequest(
        q=q,
        query=query,
        filters=filters,
        sort=cast(Sort, sort),  # one of SORTS, checked above
        page=int_param(data, PARAM["page"]),
        page_size=int_param(data, PARAM["page_size"]),
        params=clean_params(data, scope.keys),
    )


def _titles_only(match: Match) -> bool:
    if isinstance(match, Words):
        return match.title_only
    if isinstance(match, Not):
        return _titles_only(match.child)
    return any(_titles_only(child) for child in match.children)


def quote_request_parse(data: QueryDict) -> SearchRequest:
    """Validate a quote search's parameters (``QUOTES``): the query is matched against the quotes'
    own words, so ``title:`` has nothing to look in and is refused, like any bad parameter."""
    request = search_request_parse(data, scope=QUOTES)
    if request.query is not None and _titles_only(request.query.match):
        raise SearchParamError("q", "인용문 검색에는 title:을 쓸 수 없습니다: 인용문에는 제목이 없습니다.")
    return request


@dataclass(frozen=True)
class ExportOptions:
    """What an export adds to a search: the file format and whether to include article texts."""

    format: str
    include_body: bool


def export_options_parse(data: QueryDict, *, formats: tuple[str, ...] = EXPORT_FORMATS) -> ExportOptions:
    """Validate ``format`` (one of ``formats``) and ``include_body``; raises SearchParamError naming
    the bad one."""
    fmt = data.get("format") or str(PARAM["format"].default)
    if fmt not in formats:
        raise SearchParamError("format", f"format은 {', '.join(formats)} 중 하나여야 합니다: {fmt!r}")
    raw = (data.get("include_body") or "").strip().lower()
    if raw not in TRUE_VALUES + FALSE_VALUES:
        raise SearchParamError("include_body", f"include_body는 1 또는 0이어야 합니다: {raw!r}")
    return ExportOptions(format=fmt, include_body=raw in TRUE_VALUES)
