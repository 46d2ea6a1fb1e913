"""The search's timeline: articles per month or per ISO week, and counts with a filter dropped.

A fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek

from articles.search.engine.results import engine_filters
from articles.search.engine.search import engine_counts
from articles.search.params import SearchParams
from articles.search.selectors import articles_matching

# A selection spanning at most this many calendar months is charted per ISO week, otherwise per month.
WEEKLY_UP_TO_MONTHS = 3
# The chart stretches to a requested from/to range only up to this many bars.
MAX_BARS = 60


def search_selection(params: SearchParams, *, skip: Collection[str] = ()) -> QuerySet:
    """The articles ``articles_search`` counts for ``params``, unordered, without the filters in ``skip``."""
    return articles_matching(params=params, skip=skip)


def search_count(params: SearchParams, *, skip: Collection[str] = ()) -> int:
    """How many articles match ``params`` once the filters named in ``skip`` are dropped."""
    if settings.SEARCH_BACKEND == "index":
        return engine_counts(tree=_tree(params), filters=engine_filters(params), skip=skip)[0]
    return search_selection(params, skip=skip).count()


def _tree(params: SearchParams):
    return params.query.tree if params.query is not None else None


def _week_counts(params: SearchParams) -> dict[dt.date, int]:
    """Matching articles per ISO week (Monday), the month filter left out as for the month facet."""
    if settings.SEARCH_BACKEND == "index":
        _, counts = engine_counts(
            tree=_tree(params), filters=engine_filters(params), skip={"month"}, fields=["day"]
        )
        weeks: dict[dt.date, int] = {}
        for day, n in counts["day"].items():
            monday = _monday(dt.date(day // 10000, day // 100 % 100, day % 100))
            weeks[monday] = weeks.get(monday, 0) + n
        return weeks
    rows = (
        search_selection(params, skip={"month"})
        .filter(published_date__isnull=False)
        .annotate(week=TruncWeek("published_date"))
        .values("week")
        .annotate(count=Count("pk"))
        .order_by("week")
    )
    return {_as_date(row["week"]): row["count"] for row in rows}


@dataclass(frozen=True)
class Bucket:
    start: dt.date
    end: dt.date  # inclusive
    count: int


@dataclass
class Timeline:
    granularity: str  # "month" | "week"
    buckets: list[Bucket] = field(default_factory=list)


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def search_timeline(params: SearchParams, *, month_facet: list[dict]) -> Timeline:
    """Matching articles per period for the chart, gaps filled with zeros.

    ``month_facet`` is ``articles_search``'s month facet (the selection minus the month filter), so a
    long span costs no query; a span of at most ``WEEKLY_UP_TO_MONTHS`` months is counted per ISO week
    (one query). When both from and to are given and fit in ``MAX_BARS`` periods, the axis covers
    that whole range, empty periods included: the reader asked about that range. Periods are clipped
    to from/to, so a bar's dates are exactly the articles it counts.
    """
    months = {dt.date.fromisoformat(f"{row['value']}-01"): row["count"] for row in month_facet}
    if not months:
        return Timeline("month")
    cleaned = params.filterset.form.cleaned_data if params.filterset is not None else {}
    low, high = cleaned.get("from"), cleaned.get("to")

    def clip(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
        return (max(start, low) if low else start, min(end, high) if high else end)

    first, last = min(months), max(months)
    if _months_between(first, last) > WEEKLY_UP_TO_MONTHS:
        if low and high and _months_between(low, high) <= MAX_BARS:
            first, last = low.replace(day=1), high.replace(day=1)
        buckets, month = [], first
        while month <= last:
            buckets.append(Bucket(*clip(month, _month_end(month)), months.get(month, 0)))
            month = _next_month(month)
        return Timeline("month", buckets)

    weeks = _week_counts(params)
    if not weeks:
        return Timeline("week")
    first_week, last_week = min(weeks), max(weeks)
    if low and high and (high - low).days // 7 < MAX_BARS:
        first_week, last_week = _monday(low), _monday(high)
    buckets, week = [], first_week
    while week <= last_week:
        buckets.append(Bucket(*clip(week, week + dt.timedelta(days=6)), weeks.get(week, 0)))
        week += dt.timedelta(days=7)
    return Timeline("week", buckets)


def _months_between(first: dt.date, last: dt.date) -> int:
    """Calendar months from ``first``'s to ``last``'s, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
