"""Everything the analysis page of a search (분석) and the comparison page show, in one call each:
the attention chart and table, the associated words, the co-mention network, and every link that
changes one option, exports one analysis or asks the API for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from articles.search.analyses import (
    ATTENTION,
    INTERVAL_LABELS,
    INTERVALS,
    MAX_COMPARED,
    NETWORK,
    WORDS,
    AnalysisOptions,
    Compared,
)
from articles.search.links import SearchLinks
from articles.search.params import QUOTE_KEYS, SearchParamError, names
from articles.search.request import SearchRequest
from articles.selectors.attention import Attention, Comparison, search_attention, searches_compare
from articles.selectors.network import Network, search_network
from articles.selectors.quotes import search_speakers
from articles.selectors.timeline import ChartPoint
from articles.selectors.words import AssociatedWord, AssociatedWords, search_words

VIEW_LABELS = {"count": "기사 수", "share": "비율"}
# Analysis options a link keeps when it changes another one (in URL order).
OPTION_NAMES = tuple(p.name for a in (ATTENTION, WORDS, NETWORK) for p in a.params)


@dataclass
class OptionLink:
    label: str
    url: str
    current: bool


def _interval_links(options: AnalysisOptions, url) -> list[OptionLink]:
    """A link per interval, ``url(interval=…)`` each; the current one marked."""
    return [OptionLink(INTERVAL_LABELS[i], url(interval=i), i == options.interval) for i in INTERVALS]


def _view_links(options: AnalysisOptions, url) -> list[OptionLink]:
    """A link per view (counts, shares), ``url(view=…)`` each; the current one marked."""
    return [OptionLink(label, url(view=v), v == options.view) for v, label in VIEW_LABELS.items()]


def _query(request_params: QueryDict, options: AnalysisOptions, **changes: object) -> str:
    """The search's parameters and the non-default analysis options, with ``changes``, URL-encoded."""
    pairs = [
        (k, v) for k in request_params for v in request_params.getlist(k) if k not in names("sort", "paging")
    ]
    defaults = AnalysisOptions()
    for name in OPTION_NAMES:
        value = changes.get(name, getattr(options, name))
        if value != getattr(defaults, name):
            pairs.append((name, str(value)))
    return urlencode(pairs)


def attention_points(links: SearchLinks, attention: Attention, *, view: str) -> list[ChartPoint]:
    """The buckets as bars of counts or shares, each linking to the search narrowed to its dates."""
    points: list[ChartPoint] = []
    for bucket in attention.buckets:
        share = bucket.share
        if view == "share":
            shown = "–" if share is None else f"{share:.1%}"
            value = 0.0 if share is None else share * 100
        else:
            shown, value = f"{bucket.count}건", float(bucket.count)
        description = (
            f"{bucket.start.isoformat()} ~ {bucket.end.isoformat()}: {shown} "
            f"(전체 {bucket.total}건 중 {bucket.count}건)"
        )
        label = _bucket_label(bucket.start, attention.interval, first=not points)
        url = links.with_changes(drop=("month",), from_=bucket.start.isoformat(), to=bucket.end.isoformat())
        points.append(ChartPoint(label, bucket.start, bucket.end, bucket.count, url, description, value))
    return points


def _bucket_label(start, interval: str, *, first: bool) -> str:
    """A short axis label; the year is written on the first bar and where it changes."""
    if interval == "year":
        return str(start.year)
    if interval == "month":
        return f"{start.year}.{start.month}" if first or start.month == 1 else f"{start.month}월"
    if first or (start.month == 1 and start.day <= 7):
        return f"{start.year}.{start.month}.{start.day}"
    return f"{start.month}/{start.day}"


@dataclass
class AnalysisPage:
    """What ``analysis/page.html`` draws (its context, field by field)."""

    request: SearchRequest
    options: AnalysisOptions
    search_url: str
    querystring: str  # the search and its options, for the API and export links
    attention: Attention
    attention_points: list[ChartPoint]
    words: AssociatedWords
    network: Network
    intervals: list[OptionLink] = field(default_factory=list)
    views: list[OptionLink] = field(default_factory=list)
    compare_url: str = ""
    hidden: list[tuple[str, str]] = field(default_factory=list)  # what the options' form keeps
    cloud: list[tuple[AssociatedWord, int]] = field(default_factory=list)  # each word with a size, 1 to 5
    # Who is quoted in the search's articles (발언자): name, slug, quotes, and their quotes in the
    # quote search under the search's filters (its query matches articles, not quotes: left out).
    speakers: list[dict] = field(default_factory=list)

    @property
    def rest(self) -> int:
        """The archive's articles the search does not match: what its words are set against."""
        return self.words.archive - self.words.matched


def _cloud(words: list[AssociatedWord]) -> list[tuple[AssociatedWord, int]]:
    """The words in score order, each with a size from 5 (the top fifth) to 1."""
    n = len(words)
    return [(w, 5 - (5 * i) // n) for i, w in enumerate(words)] if n else []


def analysis_page(request: SearchRequest, options: AnalysisOptions) -> AnalysisPage:
    """The analysis page of ``request``: attention, associated words and the co-mention network."""
    params = request.querydict()
    links = SearchLinks(params)
    here = reverse("articles:analysis")
    attention = search_attention(request=request, interval=options.interval)
    words = search_words(request=request, limit=options.limit, min_df=options.min_df)
    kept = [(k, v) for k in params for v in params.getlist(k) if k not in names("sort", "paging")]
    return AnalysisPage(
        request=request,
        options=options,
        search_url=links.current,
        querystring=_query(params, options),
        attention=attention,
        attention_points=attention_points(links, attention, view=options.view),
        words=words,
        cloud=_cloud(words.words),
        network=search_network(request=request, min_edge=options.min_edge, max_nodes=options.max_nodes),
        intervals=_interval_links(
            options, lambda **change: f"{here}?{_query(params, options, **change)}#attention"
        ),
        views=_view_links(options, lambda **change: f"{here}?{_query(params, options, **change)}#attention"),
        compare_url=reverse("articles:analysis-compare") + "?" + urlencode({"search": urlencode(kept)}),
        hidden=kept,
        speakers=_speakers(request, kept),
    )


def _speakers(request: SearchRequest, kept: list[tuple[str, str]]) -> list[dict]:
    filters = [(k, v) for k, v in kept if k in QUOTE_KEYS and k != "q"]
    quotes = reverse("articles:quotes")
    return [
        {**row, "href": f"{quotes}?{urlencode([('speaker', row['slug'] or row['name']), *filters])}"}
        for row in search_speakers(request=request)
    ]


@dataclass
class CompareRow:
    """One bucket of a comparison: its dates and each search's count, share and coverage."""

    start: object
    end: object
    cells: list[tuple[int, int, float | None]]  # (count, total, share) per search


@dataclass
class ComparePage:
    """What ``analysis/compare.html`` draws."""

    comparison: Comparison | None
    compared: list[Compared]
    options: AnalysisOptions
    rows: list[CompareRow] = field(default_factory=list)
    querystring: str = ""
    intervals: list[OptionLink] = field(default_factory=list)
    views: list[OptionLink] = field(default_factory=list)
    error: SearchParamError | None = None
    can_add: bool = True

    @property
    def chart_labels(self) -> list[str]:
        interval = self.options.interval
        return [_bucket_label(row.start, interval, first=i == 0) for i, row in enumerate(self.rows)]

    @property
    def chart_series(self) -> list[tuple[str, list[float | None]]]:
        """Each search's counts, or its shares in percent (None where its outlets published nothing)."""
        assert self.comparison is not None
        share = self.options.view == "share"
        return [
            (
                one.label,
                [
                    (None if (cell_share := row.cells[k][2]) is None else cell_share * 100)
                    if share
                    else float(row.cells[k][0])
                    for row in self.rows
                ],
            )
            for k, one in enumerate(self.comparison.searches)
        ]


def _compare_query(compared: list[Compared], options: AnalysisOptions, **changes: object) -> str:
    pairs = [("search", c.querystring) for c in compared] + [("label", c.label) for c in compared]
    for name in ("interval", "view"):
        value = changes.get(name, getattr(options, name))
        if value != getattr(AnalysisOptions(), name):
            pairs.append((name, str(value)))
    return urlencode(pairs)


def compare_page(compared: list[Compared], options: AnalysisOptions) -> ComparePage:
    """Up to five searches side by side (attention per bucket, raw and as a share) and the overlap
    of the first two; every state a permalink."""
    comparison = searches_compare(compared=compared, interval=options.interval)
    here = reverse("articles:analysis-compare")
    rows = []
    if comparison.searches:
        for i, bucket in enumerate(comparison.searches[0].attention.buckets):
            cells = []
            for one in comparison.searches:
                b = one.attention.buckets[i]
                cells.append((b.count, b.total, b.share))
            rows.append(CompareRow(bucket.start, bucket.end, cells))
    return ComparePage(
        comparison=comparison,
        compared=compared,
        options=options,
        rows=rows,
        querystring=_compare_query(compared, options),
        intervals=_interval_links(
            options, lambda **change: f"{here}?{_compare_query(compared, options, **change)}"
        ),
        views=_view_links(options, lambda **change: f"{here}?{_compare_query(compared, options, **change)}"),
        can_add=len(compared) < MAX_COMPARED,
    )
