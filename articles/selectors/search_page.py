"""Everything the search page shows, in one call: the result, its timeline, and the facet sidebar,
chips, sort and page links and "drop a filter" suggestions, each a plain GET URL on this search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import QueryDict
from django.urls import reverse

from articles.search.filters import FACETED, SearchFilter
from articles.search.links import SearchLinks
from articles.search.params import LABELS, SEARCH_KEYS, SORT_LABELS, SearchParamError, names
from articles.search.request import SearchRequest
from articles.selectors.search import SearchResult, articles_search, search_counts
from articles.selectors.timeline import ChartPoint, Timeline, chart_points, search_timeline

FACET_VISIBLE = 8  # the rest of a facet's values fold under "더 보기"
# ... up to this many: an archive has thousands of reporters; past the top 40 a reader types a
# name (the API and exports still count every value), and each listed value costs rendering time.
FACET_MORE = 32
PAGE_WINDOW = 2  # pages shown either side of the current one
PAGE_ENDS = 1  # pages shown at either end, before or after a gap
# Search parameters the page carries in hidden fields: they have no control of their own on it.
HIDDEN_PARAMS = ("mentions", "page_size", "sort")


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    name: str
    legend: str
    options: list[FacetOption]
    more: list[FacetOption] = field(default_factory=list)

    @property
    def selected_count(self) -> int:
        return sum(o.selected for o in self.options + self.more)


@dataclass
class Chip:
    kind: str
    label: str
    remove_url: str


@dataclass
class Suggestion:
    label: str
    count: int
    url: str


@dataclass
class SearchPage:
    """What ``articles/search.html`` draws (its context, field by field)."""

    q: str
    error: SearchParamError | None
    result: SearchResult | None
    links: SearchLinks
    hidden: list[tuple[str, str]]
    facet_groups: list[FacetGroup] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    sorts: list[dict] = field(default_factory=list)
    pagination: dict | None = None
    chart_points: list[ChartPoint] = field(default_factory=list)
    chart_title: str = ""
    granularity: str = "month"
    suggestions: list[Suggestion] = field(default_factory=list)
    first_index: int = 0
    last_index: int = 0
    detail_query: str = ""
    period: tuple[dt.date | None, dt.date | None] = (None, None)
    without_error: str | None = None
    analysis_url: str = ""  # this search's analysis page (분석)
    compare_url: str = ""  # a comparison starting with this search


def _facet_group(f: SearchFilter, request: SearchRequest, rows: list[dict]) -> FacetGroup:
    """One filter's sidebar box. A selected value is always listed, with 0 when nothing matches any
    more, so its box can be unticked (a value missing from the form would be dropped silently)."""
    chosen = f.selected(request.filters.get(f.name))
    if f.name == "month":
        # Newest first: recent months are what a reader looks for; the chart shows them in order.
        rows = sorted(rows, key=lambda r: r["value"], reverse=True)
    keys = {key for key, _ in chosen}
    options = []
    for row in rows:
        value, label = f.facet_option(row)
        options.append(FacetOption(value, label, row["count"], value in keys))
    listed = {o.value for o in options}
    missing = [(key, label) for key, label in chosen if key not in listed]
    if f.name == "month":
        missing.sort()
    options += [FacetOption(key, label, 0, True) for key, label in missing]
    visible = [o for i, o in enumerate(options) if i < FACET_VISIBLE or o.selected]
    more = [o for i, o in enumerate(options) if i >= FACET_VISIBLE and not o.selected][:FACET_MORE]
    return FacetGroup(f.name, f.label, visible, more)


def _chips(links: SearchLinks, request: SearchRequest) -> list[Chip]:
    """One removable chip for the query and per active filter value."""
    chips = []
    if request.q:
        chips.append(Chip("q", f"{LABELS['q']}: {request.q}", links.with_changes(drop=("q",))))
    for f, value in request.active():
        chips += [Chip(c.kind, c.label, links.dropping(c.drop)) for c in f.chips(value)]
    return chips


def _sorts(links: SearchLinks, request: SearchRequest) -> list[dict]:
    # Relevance needs a query to be relevant to.
    names = [n for n in SORT_LABELS if request.query is not None or n != "relevance"]
    return [
        {"value": n, "label": SORT_LABELS[n], "url": links.with_changes(sort=n), "current": n == request.sort}
        for n in names
    ]


def pagination(links: SearchLinks, request: SearchRequest, count: int) -> dict | None:
    """Previous/next and a window of page numbers around the current page; None when one page holds all.

    Django's paginator elides the page numbers; a page beyond the last (an old link to a search that
    shrank) shows the window at the end, with no page marked current and no "next".
    """
    paginator = Paginator(range(count), request.page_size)
    num_pages, current = paginator.num_pages, request.page
    if num_pages <= 1:
        return None
    numbers = paginator.get_elided_page_range(
        min(current, num_pages), on_each_side=PAGE_WINDOW, on_ends=PAGE_ENDS
    )
    items = [
        None  # a gap, drawn as "…"
        if number == Paginator.ELLIPSIS or not isinstance(number, int)
        else {"number": number, "url": links.page(number), "current": number == current}
        for number in numbers
    ]
    return {
        "items": items,
        "previous": links.page(current - 1) if 1 < current <= num_pages else None,
        "next": links.page(current + 1) if current < num_pages else None,
    }


def _suggestions(links: SearchLinks, request: SearchRequest) -> list[Suggestion]:
    """For each active filter (and the query), how many articles the search finds without it: one
    call to the backend for all of them."""
    options: list[tuple[str, set[str], dict]] = []
    if request.q:
        options.append((f"검색어 ‘{request.q}’", {"q"}, {"q": None}))
    for f, value in request.active():
        options.append((f.suggestion(value), {f.name}, {p: None for p in f.params}))
    counts = search_counts(request, skips=[skip for _, skip, _ in options])
    return [
        Suggestion(label, count, links.dropping(drop))
        for (label, _, drop), count in zip(options, counts, strict=True)
        if count
    ]


def _hidden(links: SearchLinks, keys: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(key, value) for key in keys for value in links.data.getlist(key)]


def search_page(request: SearchRequest) -> SearchPage:
    """The search page of ``request``: the result with its facets, the timeline and every link."""
    result = articles_search(request=request)
    timeline: Timeline = search_timeline(request, month_facet=result.facets.get("month", []))
    links = SearchLinks(request.querydict())
    period = request.filters.get("period")
    unit = "주" if timeline.granularity == "week" else "월"
    return SearchPage(
        q=request.q,
        error=None,
        result=result,
        links=links,
        hidden=_hidden(links, HIDDEN_PARAMS),
        facet_groups=[_facet_group(f, request, result.facets.get(f.name, [])) for f in FACETED],
        chips=_chips(links, request),
        sorts=_sorts(links, request),
        pagination=pagination(links, request, result.count),
        chart_points=chart_points(links, timeline),
        chart_title=f"{unit}별 검색 결과 기사 수",
        granularity=timeline.granularity,
        suggestions=_suggestions(links, request) if result.count == 0 else [],
        first_index=request.offset + 1,
        last_index=request.offset + len(result.articles),
        # Article links carry the query (for highlighting) and the whole search (for "back to results").
        detail_query=urlencode(
            {"q": request.q, "back": links.querystring} if request.q else {"back": links.querystring}
        ),
        period=(period.low, period.high) if period is not None else (None, None),
        analysis_url=_analysis_url(links),
        compare_url=reverse("articles:analysis-compare") + "?" + urlencode({"search": _result_set(links)}),
    )


def _result_set(links: SearchLinks) -> str:
    """The search's parameters without paging and sorting: what an analysis reads."""
    query = links.data.copy()
    for key in names("sort", "paging"):
        query.pop(key, None)
    return query.urlencode()


def _analysis_url(links: SearchLinks) -> str:
    querystring = _result_set(links)
    return reverse("articles:analysis") + (f"?{querystring}" if querystring else "")


def search_page_invalid(data: QueryDict, error: SearchParamError) -> SearchPage:
    """The search page for a request that could not be parsed: the form is drawn again with
    everything else the request asked for, so fixing the one bad value keeps the other filters; the
    bad one is left out so that submitting does not repeat it."""
    links = SearchLinks(data)
    return SearchPage(
        q=data.get("q", ""),
        error=error,
        result=None,
        links=links,
        hidden=_hidden(links, tuple(k for k in SEARCH_KEYS if k not in ("q", "page", error.param))),
        without_error=links.with_changes(drop=(error.param,)) if error.param != "q" else None,
    )
