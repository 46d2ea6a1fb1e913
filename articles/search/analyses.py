"""The research analyses of a search, defined once: their names, their own parameters (beside the
search's, which they all take), their methods and versions and their export formats.

The analysis pages, the JSON API, the exports and the OpenAPI document read this module, as the
search reads :mod:`articles.search.params`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict

from articles.search.params import SearchParam, SearchParamError
from articles.search.request import SearchRequest, int_param, search_request_parse

INTERVALS = ("day", "week", "month", "year")
INTERVAL_LABELS = {"day": "일", "week": "주", "month": "월", "year": "연"}
VIEWS = ("count", "share")
MAX_COMPARED = 5
MAX_LABEL = 60

_INTERVAL = SearchParam(
    "interval", "단위", "analysis",
    "`day`, `week` (ISO weeks, from Monday), `month` or `year`: calendar buckets.",
    "week", choices=INTERVALS, default="month",
)  # fmt: skip
_VIEW = SearchParam(
    "view", "보기", "analysis",
    "The chart's scale on the page: `count` (articles) or `share` (of all coverage of the same outlets). "
    "Data and exports always carry both.",
    "share", choices=VIEWS, default="count",
)  # fmt: skip


@dataclass(frozen=True)
class Analysis:
    """One analysis: what it is called, the parameters it adds to a search's, how it is computed
    (``method``, with a ``version`` that changes when its output would), and its export formats."""

    name: str
    label: str
    params: tuple[SearchParam, ...]
    formats: tuple[str, ...]
    method: str
    version: str = "1"

    def param(self, name: str) -> SearchParam:
        return next(p for p in self.params if p.name == name)


WORDS = Analysis(
    "words",
    "연관어",
    (
        SearchParam("limit", "낱말 수", "analysis", "How many words, 1 to 500.", "50",
                    type="integer", default=50, minimum=1, maximum=500),
        SearchParam("min_df", "최소 기사 수", "analysis",
                    "A word must appear in at least this many matched articles (1 to 10000).", "3",
                    type="integer", default=3, minimum=1, maximum=10_000),
    ),
    ("csv", "json"),
    "dunning-g2-document-frequency",
)  # fmt: skip
NETWORK = Analysis(
    "network",
    "관계도",
    (
        SearchParam("min_edge", "최소 동시 언급", "analysis",
                    "An edge needs at least this many matched articles mentioning both (1 to 10000).", "2",
                    type="integer", default=2, minimum=1, maximum=10_000),
        SearchParam("max_nodes", "최대 노드 수", "analysis",
                    "At most this many people, programmes and organisations, most mentioned first (2 to 300).",
                    "50", type="integer", default=50, minimum=2, maximum=300),
    ),
    ("nodes-csv", "edges-csv", "gexf", "graphml", "json"),
    "co-mention-article-counts",
)  # fmt: skip
ATTENTION = Analysis("attention", "추이", (_INTERVAL, _VIEW), ("csv", "json"), "share-of-outlet-coverage")
COMPARE = Analysis(
    "compare",
    "비교",
    (
        SearchParam("search", "검색", "analysis",
                    f"One search to compare, as its URL-encoded query string (`q=AI&person=…`); up to "
                    f"{MAX_COMPARED}, in order.", "q=%EB%B0%B0%EA%B2%BD%ED%9B%88",
                    repeatable=True, max_values=MAX_COMPARED),
        SearchParam("label", "이름", "analysis",
                    "The name shown for each search, in the same order (default: its query).", "배경훈",
                    repeatable=True, max_values=MAX_COMPARED, max_length=MAX_LABEL),
        _INTERVAL,
        _VIEW,
    ),
    ("csv", "json"),
    "share-of-outlet-coverage",
)  # fmt: skip
ANALYSES = {a.name: a for a in (WORDS, NETWORK, ATTENTION, COMPARE)}
# The analysis page shows attention, words and the network of one search: it takes all their options.
PAGE = Analysis("page", "분석", (*ATTENTION.params, *WORDS.params, *NETWORK.params), (), "")


@dataclass(frozen=True)
class AnalysisOptions:
    """An analysis's own parameters, validated (the defaults where a request leaves them out)."""

    interval: str = "month"
    view: str = "count"
    limit: int = 50
    min_df: int = 3
    min_edge: int = 2
    max_nodes: int = 50


def _choice(data: QueryDict, param: SearchParam) -> str:
    value = data.get(param.name) or str(param.default)
    if value not in param.choices:
        raise SearchParamError(
            param.name, f"{param.name}는 {', '.join(param.choices)} 중 하나여야 합니다: {value!r}"
        )
    return value


def analysis_options_parse(analysis: Analysis, data: QueryDict) -> AnalysisOptions:
    """The options ``analysis`` takes from ``data`` (others keep their defaults); raises
    SearchParamError naming the bad one, as every search parameter does."""
    values: dict[str, str | int] = {}
    for param in analysis.params:
        if param.type == "integer":
            values[param.name] = int_param(data, param)
        elif param.choices:
            values[param.name] = _choice(data, param)
    return AnalysisOptions(**values)  # type: ignore[arg-type]


def export_format_parse(analysis: Analysis, data: QueryDict) -> str:
    """The export ``format`` of ``analysis`` (its first format by default)."""
    fmt = data.get("format") or analysis.formats[0]
    if fmt not in analysis.formats:
        raise SearchParamError(
            "format", f"format은 {', '.join(analysis.formats)} 중 하나여야 합니다: {fmt!r}"
        )
    return fmt


@dataclass(frozen=True)
class Compared:
    """One search of a comparison: its label and its request."""

    label: str
    request: SearchRequest
    querystring: str


def compared_parse(data: QueryDict) -> list[Compared]:
    """The searches of a comparison (``search`` repeated, with optional ``label``s in the same order);
    a bad search is reported by its number and its own parameter: ``search 2: q: …``."""
    searches, labels = data.getlist("search"), data.getlist("label")
    if len(labels) > len(searches):
        raise SearchParamError(
            "label", f"label이 search보다 많습니다 ({len(labels)}개, search {len(searches)}개)."
        )
    # A form's empty row (and its label) is no search.
    rows = [(s, labels[i] if i < len(labels) else "") for i, s in enumerate(searches) if s.strip()]
    if not rows:
        raise SearchParamError("search", "비교할 검색을 하나 이상 주세요 (search=q%3D…).")
    if len(rows) > MAX_COMPARED:
        raise SearchParamError(
            "search", f"search는 한 번에 {MAX_COMPARED}개까지 비교할 수 있습니다 ({len(rows)}개)."
        )
    compared = []
    for i, (typed, label) in enumerate(rows):
        querystring = search_querystring(typed)
        try:
            request = search_request_parse(QueryDict(querystring))
        except SearchParamError as exc:
            raise SearchParamError("search", f"search {i + 1}: {exc.message}") from None
        label = label.strip()
        if len(label) > MAX_LABEL:
            raise SearchParamError("label", f"label은 {MAX_LABEL}자 이하여야 합니다: {label[:20]!r}…")
        compared.append(Compared(label or _default_label(request, i), request, querystring))
    return compared


def search_querystring(typed: str) -> str:
    """A search as a reader gives it to compare: a query string (``q=AI&outlet=…``), a search page's
    address (what follows its ``?``), or words alone (the query)."""
    text = typed.strip()
    if "?" in text:
        text = text.split("?", 1)[1]
    if "=" not in text:
        return urlencode({"q": text}) if text else ""
    return text


def _default_label(request: SearchRequest, index: int) -> str:
    if request.q:
        return request.q[:MAX_LABEL]
    values = [label for f, value in request.active() for _, label in f.selected(value)]
    return ", ".join(values)[:MAX_LABEL] or f"검색 {index + 1}"
