"""Attention over time: how many articles a search matches per calendar period, and what share that
is of all coverage of the same outlets in the same period; several searches compared.

Shares are computed from the sums of each bucket (matched articles / all articles), never as an
average of smaller buckets' shares, and every bucket of the range is present, zeros included.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from articles.search.analyses import Compared
from articles.search.backends import search_backend
from articles.search.backends.base import Selection
from articles.search.params import SearchParamError
from articles.search.request import SearchRequest

# Daily buckets over decades would be tens of thousands of rows: past this, ask for a longer interval.
MAX_BUCKETS = 10_000


def bucket_start(day: dt.date, interval: str) -> dt.date:
    """The first day of the calendar bucket holding ``day``: itself, its ISO week's Monday, the
    first of its month or of its year."""
    if interval == "day":
        return day
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def bucket_end(start: dt.date, interval: str) -> dt.date:
    """The last day (inclusive) of the bucket starting on ``start``."""
    if interval == "day":
        return start
    if interval == "week":
        return start + dt.timedelta(days=6)
    if interval == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start.replace(month=12, day=31)


def buckets_between(first: dt.date, last: dt.date, interval: str) -> list[dt.date]:
    """The starts of every bucket from the one holding ``first`` to the one holding ``last``."""
    starts, start = [], bucket_start(first, interval)
    while True:
        starts.append(start)
        end = bucket_end(start, interval)
        if end >= last or len(starts) > MAX_BUCKETS:
            return starts
        start = end + dt.timedelta(days=1)


def per_bucket(days: Mapping[dt.date, int], interval: str) -> dict[dt.date, int]:
    """Counts per day summed per bucket."""
    out: dict[dt.date, int] = {}
    for day, n in days.items():
        start = bucket_start(day, interval)
        out[start] = out.get(start, 0) + n
    return out


@dataclass(frozen=True)
class AttentionBucket:
    start: dt.date
    end: dt.date  # inclusive
    count: int  # matched articles published in the bucket
    total: int  # all readable articles of the same outlets (and period) published in the bucket

    @property
    def share(self) -> float | None:
        """``count / total``; None when the outlets published nothing in the bucket."""
        return self.count / self.total if self.total else None


@dataclass
class Attention:
    interval: str
    buckets: list[AttentionBucket] = field(default_factory=list)
    matched: int = 0  # every matched article, dated or not
    undated: int = 0  # matched articles without a date: in no bucket


class TooManyBuckets(SearchParamError):
    """The range holds more buckets of the interval than an answer lists: a bad request."""

    def __init__(self, count: int, interval: str) -> None:
        super().__init__(
            "interval",
            f"기간이 너무 깁니다: {interval} 단위로 {MAX_BUCKETS}개 구간까지 셉니다 ({count}개 넘음). "
            "더 긴 단위(interval)를 쓰거나 기간(from, to)을 좁히세요.",
        )


# The filters a search's coverage keeps: its shares are of all articles of its outlets in its period.
COVERAGE_FILTERS = frozenset({"outlet", "period"})


def _coverage(request: SearchRequest) -> Selection:
    """All readable articles of the search's outlets (all outlets when it names none) in its period:
    the denominator of its shares."""
    return request.selection(skip={"q", *(set(request.filters) - COVERAGE_FILTERS)})


@dataclass(frozen=True)
class _Series:
    matched: int
    undated: int
    counts: dict[dt.date, int]  # per day
    totals: dict[dt.date, int]  # per day


def _series(request: SearchRequest) -> _Series:
    backend = search_backend()
    selection = request.selection()
    (matched,) = backend.counts([selection])
    counts = backend.value_counts(selection, fields=["date"])["date"]
    totals = backend.value_counts(_coverage(request), fields=["date"])["date"]
    return _Series(matched, matched - sum(counts.values()), counts, totals)


def _range(request: SearchRequest, series: Iterable[_Series]) -> tuple[dt.date, dt.date] | None:
    """The search's period when it gives both ends, else the span of its coverage (the outlets'
    articles): the range every bucket of which is listed."""
    days = [d for s in series for d in s.totals]
    period = request.filters.get("period")
    low = period.low if period is not None and period.low else (min(days) if days else None)
    high = period.high if period is not None and period.high else (max(days) if days else None)
    if low is None or high is None or low > high:
        return None
    return low, high


def _buckets(series: _Series, interval: str, span: tuple[dt.date, dt.date] | None) -> list[AttentionBucket]:
    if span is None:
        return []
    starts = buckets_between(*span, interval)
    if len(starts) > MAX_BUCKETS:
        raise TooManyBuckets(MAX_BUCKETS, interval)
    counts, totals = per_bucket(series.counts, interval), per_bucket(series.totals, interval)
    return [
        AttentionBucket(start, bucket_end(start, interval), counts.get(start, 0), totals.get(start, 0))
        for start in starts
    ]


def search_attention(*, request: SearchRequest, interval: str) -> Attention:
    """The search's matched articles per ``interval`` (day, ISO week, month, year) beside all articles
    of the same outlets in the same buckets, every bucket of the range present. Two backend counts by
    day, whatever the number of articles; buckets are summed from days, so a week's share is the
    week's matches over the week's articles."""
    series = _series(request)
    buckets = _buckets(series, interval, _range(request, [series]))
    return Attention(interval, buckets, series.matched, series.undated)


@dataclass
class ComparedSeries:
    label: str
    querystring: str
    attention: Attention


@dataclass
class Comparison:
    interval: str
    searches: list[ComparedSeries]
    overlap: int | None = None  # articles both of the first two searches match


def searches_compare(*, compared: Sequence[Compared], interval: str) -> Comparison:
    """Up to five searches side by side on one calendar axis (the union of their ranges), each with
    its counts and its shares of its own outlets' coverage, and how many articles the first two
    have in common."""
    series = [_series(c.request) for c in compared]
    spans = [s for c, one in zip(compared, series, strict=True) if (s := _range(c.request, [one]))]
    span = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
    out = [
        ComparedSeries(
            c.label,
            c.querystring,
            Attention(interval, _buckets(one, interval, span), one.matched, one.undated),
        )
        for c, one in zip(compared, series, strict=True)
    ]
    overlap = None
    if len(compared) >= 2:
        first, second = compared[0].request.selection(), compared[1].request.selection()
        (overlap,) = search_backend().counts([first.also(second)])
    return Comparison(interval, out, overlap)
