"""The search parameters, defined once: names, Korean labels, types, limits, docs and validation.

The search page, the JSON API, exports, feeds, the entity pages and the OpenAPI document all read
this module, so a parameter means the same everywhere and the documentation cannot drift from what
is accepted. Values of one filter are OR (``outlet=a&outlet=b``); different filters are AND.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, QueryDict

from policy.models import Entity

# A month of publication, YYYY-MM (year 0 does not exist).
MONTH_PATTERN = r"(?!0000)\d{4}-(0[1-9]|1[0-2])"


class FilterKind(StrEnum):
    """What a filter parameter's values are, and so how they are checked and matched."""

    ENTITY = "entity"  # names or slugs of knowledge-base entities of one kind
    ENTITIES = "entities"  # slugs (or names) of entities of any kind, all of which must be mentioned
    OUTLET = "outlet"  # names or slugs of outlets
    TEXT = "text"  # reporters' names as in the byline
    MONTH = "month"  # YYYY-MM
    DATE_FROM = "date_from"  # published on or after
    DATE_TO = "date_to"  # published on or before
    SPEAKER = "speaker"  # who said a quote: an entity's slug or name, else the name as written


Group = Literal["query", "filter", "sort", "paging", "output", "analysis"]

SORT_LABELS = {"relevance": "관련도", "newest": "최신순", "oldest": "오래된순"}
SORTS = tuple(SORT_LABELS)
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Deep enough for any real archive, small enough that OFFSET stays a bigint.
MAX_PAGE = 100_000
EXPORT_FORMATS = ("csv", "jsonl", "ris", "bibtex", "csl-json")
QUOTE_EXPORT_FORMATS = ("csv", "jsonl")  # quotes are rows of data, not citable works
TRUE_VALUES, FALSE_VALUES = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")
# Values of one filter at once: more than a reader ticks (the sidebar lists 40 a facet), few enough
# that the search page, which links every chosen value to the search without it, stays small.
MAX_VALUES = 50


@dataclass(frozen=True)
class SearchParam:
    """One query-string parameter: what it is called, shows as, accepts and means.

    ``type``/``format``/``pattern``/``choices``/``minimum``/``maximum`` describe one value in JSON
    Schema terms (for the OpenAPI document); ``filter`` says what kind of values it takes (the
    filter objects of :mod:`articles.search.filters` validate and apply them).
    """

    name: str
    label: str
    group: Group
    description: str
    example: str
    type: Literal["string", "integer"] = "string"
    repeatable: bool = False
    facet: bool = False  # counted per value next to the results
    filter: FilterKind | None = None
    entity_kind: str | None = None
    format: str | None = None
    pattern: str | None = None
    choices: tuple[str, ...] = ()
    default: str | int | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    max_values: int | None = None  # of a repeatable parameter, in one request


def _entity(kind: Entity.Kind, label: str, description: str, example: str) -> SearchParam:
    # The parameter is named after the entity kind: person, programme, organisation.
    return SearchParam(
        kind.value, label, "filter", description, example,
        repeatable=True, max_values=MAX_VALUES, facet=True, filter=FilterKind.ENTITY,
        entity_kind=kind.value,
    )  # fmt: skip


PARAMS = (
    SearchParam(
        "q", "검색어", "query",
        "Full-text query in the query language (see the API description). Sorts by relevance "
        "unless `sort` says otherwise.",
        "하정우 국가AI컴퓨팅센터", max_length=500,
    ),
    _entity(Entity.Kind.PERSON, "인물", "A person, by Korean name or slug (`배경훈` or `bae-kyunghoon`).",
            "bae-kyunghoon"),
    _entity(Entity.Kind.PROGRAMME, "정책·사업", "A programme, by name or slug.",
            "national-ai-computing-center"),
    _entity(Entity.Kind.ORGANISATION, "기관", "An organisation, by name or slug.", "lg-ai-research"),
    SearchParam("mentions", "함께 언급", "filter",
                "Articles that mention every one of these people, programmes or organisations (by slug, "
                "or by name when only one entity has it). Unlike the entity filters, several values AND: "
                "`mentions=a&mentions=b` finds the articles that mention both, as the co-mention network "
                "counts them.", "ha-jungwoo",
                repeatable=True, max_values=MAX_VALUES, filter=FilterKind.ENTITIES),
    SearchParam("outlet", "매체", "filter", "An outlet, by name or slug.", "zdnet-korea",
                repeatable=True, max_values=MAX_VALUES, facet=True, filter=FilterKind.OUTLET),
    SearchParam("reporter", "기자", "filter", "A reporter's name, exactly as in the byline.", "장유미",
                repeatable=True, max_values=MAX_VALUES, facet=True, filter=FilterKind.TEXT),
    SearchParam("month", "월", "filter", "A month of publication, `YYYY-MM`.", "2025-07",
                repeatable=True, max_values=MAX_VALUES, facet=True, filter=FilterKind.MONTH,
                pattern=f"^{MONTH_PATTERN}$"),
    SearchParam("from", "부터", "filter", "Published on or after this date (inclusive).", "2025-07-01",
                filter=FilterKind.DATE_FROM, format="date"),
    SearchParam("to", "까지", "filter", "Published on or before this date (inclusive); not before `from`.",
                "2025-08-31", filter=FilterKind.DATE_TO, format="date"),
    SearchParam("sort", "정렬", "sort",
                "`relevance` (the default with `q`), `newest` (the default without) or `oldest`.",
                "newest", choices=SORTS),
    SearchParam("page", "쪽", "paging", "Page number, from 1.", "2",
                type="integer", default=1, minimum=1, maximum=MAX_PAGE),
    SearchParam("page_size", "쪽당 기사 수", "paging", f"Results per page, 1 to {MAX_PAGE_SIZE}.", "50",
                type="integer", default=DEFAULT_PAGE_SIZE, minimum=1, maximum=MAX_PAGE_SIZE),
)  # fmt: skip
"""Every parameter of a search, in the order URLs are written."""

EXPORT_PARAMS = (
    SearchParam(
        "format", "형식", "output",
        "`csv` (UTF-8 with BOM, for Excel), `jsonl` (JSON Lines), `ris`, `bibtex` (biblatex "
        "`@article` with `entrysubtype = {newspaper}`) or `csl-json`.",
        "csv", choices=EXPORT_FORMATS, default="csv",
    ),
    SearchParam("include_body", "본문 포함", "output",
                "`1` adds the article text (`body`) to CSV and JSON Lines.", "1",
                choices=("0", "1"), default="0"),
)  # fmt: skip
"""The export's own parameters, beside the search's."""

SPEAKER_PARAM = SearchParam(
    "speaker", "발언자", "filter",
    "Quotes of this speaker: a person or organisation by slug or name (`ha-jungwoo`, `하정우`), "
    "or the speaker exactly as the articles name them (`업계 관계자`).",
    "ha-jungwoo", repeatable=True, max_values=MAX_VALUES, facet=True, filter=FilterKind.SPEAKER,
)  # fmt: skip
QUOTE_PARAMS = (
    PARAMS[0],
    SPEAKER_PARAM,
    *(p for p in PARAMS[1:] if p.name != "reporter"),
)
"""The quote search's parameters: the article search's (the query over the quote's own words, the
filters on its article: entities mentioned, outlet, month, dates), without the reporter, plus the
speaker."""

PARAM = {p.name: p for p in (*PARAMS, SPEAKER_PARAM, *EXPORT_PARAMS)}
SEARCH_KEYS = tuple(p.name for p in PARAMS)
QUOTE_KEYS = tuple(p.name for p in QUOTE_PARAMS)
FILTERS = tuple(p for p in PARAMS if p.group == "filter")
FACETS = tuple(p.name for p in PARAMS if p.facet)
LABELS = {p.name: p.label for p in (*PARAMS, SPEAKER_PARAM)}


def names(*groups: Group) -> tuple[str, ...]:
    """The names of the parameters in ``groups``, e.g. ``names("paging", "output")``."""
    return tuple(p.name for p in (*PARAMS, *EXPORT_PARAMS) if p.group in groups)


class SearchParamError(ValueError):
    """A parameter of a search request is invalid; ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


def without(data: QueryDict, drop: Iterable[str]) -> QueryDict:
    """A copy of ``data`` without the parameters named in ``drop``."""
    kept = data.copy()
    for name in drop:
        kept.pop(name, None)
    return kept


def _most_sent_key(query_string: str) -> tuple[str, int]:
    # WSGI hands the query string over as latin-1 text of the bytes sent; keys are %-encoded UTF-8.
    keys = Counter(part.partition("=")[0] for part in query_string.split("&") if part)
    raw, count = keys.most_common(1)[0]
    name = unquote_to_bytes(raw.encode("latin-1", "replace").replace(b"+", b" ")).decode("utf-8", "replace")
    return name, count


def request_data(request: HttpRequest) -> QueryDict:
    """``request.GET``, or SearchParamError (naming the key sent most often) when the query string
    holds more parameters than Django parses (``DATA_UPLOAD_MAX_NUMBER_FIELDS``): Django would
    answer its own bare English 400, not the message every other bad parameter gets."""
    try:
        return request.GET
    except TooManyFieldsSent:
        name, count = _most_sent_key(request.META.get("QUERY_STRING", ""))
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        raise SearchParamError(
            name, f"검색 조건이 너무 많습니다: 한 요청에 {limit}개까지 받습니다 ({name} {count}개)."
        ) from None
