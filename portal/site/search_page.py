"""What the search page shows besides the results, built as links on the current URL.

Facet check boxes, active-filter chips, sort and page links, the chart's bars and the "drop a filter"
suggestions all derive from the request's query string, so every state of the page is a plain GET
URL: a permalink, a bookmark, a step the back button returns to. Nothing here touches the session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import QueryDict
from django.urls import reverse

from articles.search.params import (
    ENTITY_PARAMS,
    FACET_LABELS,
    FILTERS,
    LABELS,
    SEARCH_KEYS,
    SORT_LABELS,
    SearchParams,
)
from articles.search.selectors import SearchResult
from articles.search.timeline import Timeline, search_count
from portal.site.charts import ChartPoint

FACET_VISIBLE = 8  # the rest of a facet's values fold under "더 보기"
# ... up to this many: an archive has thousands of reporters; past the top 40 a reader types a
# name (the API and exports still count every value), and each listed value costs rendering time.
FACET_MORE = 32
PAGE_WINDOW = 2  # pages shown either side of the current one
PAGE_ENDS = 1  # pages shown at either end, before or after a gap


def clean_query(data: QueryDict) -> QueryDict:
    """Only the search's own parameters, without empty values, in a stable order."""
    clean = QueryDict(mutable=True)
    for key in SEARCH_KEYS:
        values = [v.strip() for v in data.getlist(key) if v and v.strip()]
        if values:
            clean.setlist(key, values)
    return clean


def month_label(value: str) -> str:
    year, month = value.split("-")
    return f"{year}년 {int(month)}월"


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


class SearchLinks:
    """URLs of the search page derived from one query string."""

    def __init__(self, data: QueryDict) -> None:
        self.data = clean_query(data)
        self.path = reverse("articles:search")

    def _url(self, query: QueryDict) -> str:
        ordered = [(k, v) for k in SEARCH_KEYS for v in query.getlist(k)]
        return f"{self.path}?{urlencode(ordered)}" if ordered else self.path

    @property
    def current(self) -> str:
        return self._url(self.data)

    @property
    def querystring(self) -> str:
        return self.data.urlencode()

    def with_changes(
        self, *, drop: tuple[str, ...] = (), keep_page: bool = False, **values: str | None
    ) -> str:
        """This search with ``drop`` removed and single values set. A new selection starts at page 1."""
        query = self.data.copy()
        for key in (*drop, *(() if keep_page else ("page",))):
            query.pop(key, None)
        for key, value in values.items():
            key = key.rstrip("_")  # from_= for the `from` parameter
            if value in (None, ""):
                query.pop(key, None)
            else:
                query.setlist(key, [value])
        return self._url(query)

    def without_values(self, key: str, values: set[str]) -> str:
        query = self.data.copy()
        query.pop("page", None)
        kept = [v for v in query.getlist(key) if v not in values]
        if kept:
            query.setlist(key, kept)
        else:
            query.pop(key, None)
        return self._url(query)

    def page(self, number: int) -> str:
        return self.with_changes(keep_page=True, page=None if number == 1 else str(number))


def _selected(params: SearchParams, name: str) -> list:
    if params.filterset is None:
        return []
    return params.filterset.form.cleaned_data.get(name) or []


def facet_groups(params: SearchParams, facets: dict[str, list[dict]]) -> list[FacetGroup]:
    """The sidebar's facets. A selected value is always listed, with 0 when nothing matches any more,
    so its box can be unticked (a value missing from the form would be dropped silently)."""
    groups = []
    for name, legend in FACET_LABELS.items():
        rows = facets.get(name, [])
        selected = _selected(params, name)
        if name in (*ENTITY_PARAMS.values(), "outlet"):
            chosen = {obj.slug: obj.name for obj in selected}
            options = [FacetOption(r["slug"], r["name"], r["count"], r["slug"] in chosen) for r in rows]
            listed = {r["slug"] for r in rows}
            options += [
                FacetOption(slug, label, 0, True) for slug, label in chosen.items() if slug not in listed
            ]
        else:
            chosen_values = set(selected)
            if name == "month":
                # Newest first: recent months are what a reader looks for; the chart shows them in order.
                rows = sorted(rows, key=lambda r: r["value"], reverse=True)
            label = month_label if name == "month" else str
            key = "value" if name == "month" else "name"
            options = [FacetOption(r[key], label(r[key]), r["count"], r[key] in chosen_values) for r in rows]
            listed = {r[key] for r in rows}
            options += [FacetOption(v, label(v), 0, True) for v in sorted(chosen_values - listed)]
        visible = [o for i, o in enumerate(options) if i < FACET_VISIBLE or o.selected]
        more = [o for i, o in enumerate(options) if i >= FACET_VISIBLE and not o.selected][:FACET_MORE]
        groups.append(FacetGroup(name, legend, visible, more))
    return groups


def active_chips(links: SearchLinks, params: SearchParams) -> list[Chip]:
    """One removable chip per active filter value, and one for the query and one for the period."""
    chips = []
    if params.q:
        chips.append(Chip("q", f"{LABELS['q']}: {params.q}", links.with_changes(drop=("q",))))
    for name in (*ENTITY_PARAMS.values(), "outlet"):
        for obj in _selected(params, name):
            url = links.without_values(name, {obj.slug, obj.name})
            chips.append(Chip(name, f"{LABELS[name]}: {obj.name}", url))
    for value in _selected(params, "reporter"):
        chips.append(
            Chip("reporter", f"{LABELS['reporter']}: {value}", links.without_values("reporter", {value}))
        )
    for value in _selected(params, "month"):
        label = f"{LABELS['month']}: {month_label(value)}"
        chips.append(Chip("month", label, links.without_values("month", {value})))
    low, high = _period(params)
    if low or high:
        label = f"기간: {low.isoformat() if low else '처음'} ~ {high.isoformat() if high else '끝'}"
        chips.append(Chip("period", label, links.with_changes(drop=("from", "to"))))
    return chips


def _period(params: SearchParams) -> tuple[dt.date | None, dt.date | None]:
    if params.filterset is None:
        return None, None
    cleaned = params.filterset.form.cleaned_data
    return cleaned.get("from"), cleaned.get("to")


def sort_links(links: SearchLinks, params: SearchParams) -> list[dict]:
    # Relevance needs a query to be relevant to.
    names = [n for n in SORT_LABELS if params.query is not None or n != "relevance"]
    return [
        {"value": n, "label": SORT_LABELS[n], "url": links.with_changes(sort=n), "current": n == params.sort}
        for n in names
    ]


def pagination(links: SearchLinks, params: SearchParams, count: int) -> dict | None:
    """Previous/next and a window of page numbers around the current page; None when one page holds all.

    Django's paginator elides the page numbers; a page beyond the last (an old link to a search that
    shrank) shows the window at the end, with no page marked current and no "next".
    """
    paginator = Paginator(range(count), params.page_size)
    num_pages, current = paginator.num_pages, params.page
    if num_pages <= 1:
        return None
    numbers = paginator.get_elided_page_range(
        min(current, num_pages), on_each_side=PAGE_WINDOW, on_ends=PAGE_ENDS
    )
    items = [
        None  # a gap, drawn as "…"
        if number == Paginator.ELLIPSIS
        else {"number": number, "url": links.page(number), "current": number == current}
        for number in numbers
    ]
    return {
        "items": items,
        "previous": links.page(current - 1) if 1 < current <= num_pages else None,
        "next": links.page(current + 1) if current < num_pages else None,
    }


def chart_points(links: SearchLinks, timeline: Timeline) -> list[ChartPoint]:
    """The timeline's periods as bars, each linking to this search narrowed to that period.

    The link replaces the month filter: a month ticked in the sidebar would otherwise exclude the
    period the reader clicked."""
    points = []
    for i, bucket in enumerate(timeline.buckets):
        if timeline.granularity == "month":
            first = i == 0 or bucket.start.month == 1
            label = f"{bucket.start.year}.{bucket.start.month}" if first else f"{bucket.start.month}월"
            description = f"{bucket.start.year}년 {bucket.start.month}월: {bucket.count}건"
        else:
            label = f"{bucket.start.month}/{bucket.start.day}"
            description = f"{bucket.start.isoformat()} ~ {bucket.end.isoformat()}: {bucket.count}건"
        url = links.with_changes(drop=("month",), from_=bucket.start.isoformat(), to=bucket.end.isoformat())
        points.append(ChartPoint(label, bucket.start, bucket.end, bucket.count, url, description))
    return points


def no_result_suggestions(links: SearchLinks, params: SearchParams) -> list[Suggestion]:
    """For each active filter, how many articles the search finds without it (one count each)."""
    groups: list[tuple[str, tuple[str, ...], set[str]]] = []
    if params.q:
        groups.append((f"검색어 ‘{params.q}’", ("q",), {"q"}))
    for name in (p.name for p in FILTERS if p.repeatable):
        selected = _selected(params, name)
        if selected:
            names = ", ".join(month_label(v) if name == "month" else getattr(v, "name", v) for v in selected)
            groups.append((f"{LABELS[name]} 필터({names})", (name,), {name}))
    low, high = _period(params)
    if low or high:
        groups.append(("기간 필터", ("from", "to"), {"from", "to"}))
    suggestions = []
    for label, keys, skip in groups:
        count = search_count(params, skip=skip)
        if count:
            suggestions.append(Suggestion(label, count, links.with_changes(drop=keys)))
    return suggestions


def search_page_context(
    data: QueryDict, params: SearchParams, result: SearchResult, timeline: Timeline
) -> dict:
    """Everything the search template needs next to the result itself."""
    links = SearchLinks(data)
    return {
        "links": links,
        "facet_groups": facet_groups(params, result.facets),
        "chips": active_chips(links, params),
        "sorts": sort_links(links, params),
        "pagination": pagination(links, params, result.count),
        "chart_points": chart_points(links, timeline),
        "granularity": timeline.granularity,
        "suggestions": no_result_suggestions(links, params) if result.count == 0 else [],
        "first_index": (params.page - 1) * params.page_size + 1,
        "last_index": (params.page - 1) * params.page_size + len(result.articles),
        # Article links carry the query (for highlighting) and the whole search (for "back to results").
        "detail_query": urlencode(
            {"q": params.q, "back": links.querystring} if params.q else {"back": links.querystring}
        ),
        "hidden": [
            (key, value) for key in ("organisation", "page_size", "sort") for value in links.data.getlist(key)
        ],
        "period": _period(params),
    }
