"""The search's timeline: matching articles per month or per ISO week, gaps filled with zeros.

One backend call at most, whatever the number of articles.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from articles.search.backends import search_backend
from articles.search.links import SearchLinks
from articles.search.request import SearchRequest

# A selection spanning at most this many calendar months is charted per ISO week, otherwise per month.
WEEKLY_UP_TO_MONTHS = 3
# The chart stretches to a requested from/to range only up to this many bars.
MAX_BARS = 60


def _week_counts(request: SearchRequest) -> dict[dt.date, int]:
    """Matching articles per ISO week (Monday), the month filter left out as for the month facet."""
    days = search_backend().value_counts(request.selection(skip={"month"}), fields=["date"])["date"]
    weeks: dict[dt.date, int] = {}
    for day, n in days.items():
        monday = _monday(day)
        weeks[monday] = weeks.get(monday, 0) + n
    return weeks


@dataclass(frozen=True)
class ChartPoint:
    """One bar: a period, how many articles fall in it, and where a click on it leads."""

    label: str  # short axis label, e.g. "6월" or "6/16"
    start: dt.date
    end: dt.date  # inclusive
    count: int
    href: str = ""
    description: str = ""  # the bar's tooltip and accessible name; defaults to "label: count건"


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


def search_timeline(request: SearchRequest, *, month_facet: list[dict]) -> Timeline:
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
    period = request.filters.get("period")
    low, high = (period.low, period.high) if period is not None else (None, None)

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

    weeks = _week_counts(request)
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
