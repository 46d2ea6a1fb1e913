"""The search's filters, one class per kind of filter: each knows how to parse its parameters, what
condition on a document field it means for the search backends, how its facet is counted and
named, and how it shows as a chip or in a sentence.

Values of one filter are OR (``outlet=a&outlet=b``); different filters are AND. People,
programmes, organisations and outlets are given by Korean name or slug. The parameters themselves
(names, labels, limits, docs) are defined in :mod:`articles.search.params`; adding a filter is a
parameter there, a filter object in :data:`FILTERS` here and, when it names a new document field,
that field in each backend (docs/architecture.md, "Files a change touches").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, cast

import django_filters
from django.db.models import Q, QuerySet
from django_filters.filterset import FilterSetMetaclass

from articles.models import Outlet
from articles.search.backends.base import AnyOf, Between, Condition, Field, field_named
from articles.search.fields import (
    Chip,
    MonthFilterField,
    MultiTextFilter,
    Named,
    NameOrSlugFilter,
    month_label,
)
from articles.search.params import LABELS, PARAM, FilterKind, SearchParamError
from policy.models import Entity

__all__ = [
    "FILTER", "FILTERS", "QUOTE_FILTERS", "FilterKind", "Named", "Period", "SearchFilter", "Speaker", "month_label",
]  # fmt: skip


def _unique(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(values))


# --- the filters ----------------------------------------------------------------------------


class SearchFilter:
    """One filter of the search. Subclasses set ``kind``, ``facet`` and the methods below.

    ``name`` is the filter's key in ``SearchRequest.filters`` (and the name ``skip`` uses);
    ``params`` are the query-string parameters it reads, in URL order.
    """

    kind: FilterKind  # a class attribute, but set per instance where one class serves several kinds
    field: Field | None = None  # the document field it conditions and, for a facet, counts

    def __init__(self, name: str, *, params: tuple[str, ...] | None = None, label: str = "") -> None:
        self.name = name
        self.params = params or (name,)
        self.label = label or LABELS[self.params[0]]

    @property
    def facet(self) -> bool:
        """Whether its values are counted next to the results (the parameter's definition says)."""
        return PARAM[self.params[0]].facet

    form_filter: ClassVar[type[django_filters.Filter]]  # validates the parameter's values

    def form_fields(self) -> dict[str, django_filters.Filter]:
        """The django-filter filters that validate this filter's parameters, by parameter name."""
        return {self.name: self.form_filter(label=self.label)}

    def value(self, cleaned: Mapping[str, Any]) -> Any:
        """The filter's value from the validated form data (each value once, in the order given);
        None when the request does not use it."""
        return _unique(cleaned.get(self.name) or ()) or None

    def conditions(self, value: Any) -> tuple[Condition, ...]:
        """What the filter means to a search backend: by default, its field holds one of the values."""
        assert self.field is not None
        return (AnyOf(self.field, tuple(value), group=self.name),)

    def facet_rows(self, counts: Mapping[Any, int]) -> list[dict[str, Any]]:
        """The backend's counts of ``field`` as rows of the API's facet lists, most first."""
        raise NotImplementedError

    def facet_option(self, row: dict[str, Any]) -> tuple[str, str]:
        """A facet row's ``(value, label)``: what its check box sends, what it shows."""
        raise NotImplementedError

    def selected(self, value: Any) -> list[tuple[str, str]]:
        """The ``(value, label)`` of each value the request chose, for its ticked boxes."""
        return [(str(v), str(v)) for v in value or ()]

    def chips(self, value: Any) -> list[Chip]:
        """One removable chip per chosen value."""
        return [
            Chip(self.name, f"{self.label}: {label}", {self.name: frozenset({key, label})})
            for key, label in self.selected(value)
        ]

    def describe(self, value: Any) -> str:
        """The filter in a sentence fragment (feed titles, export headers): ``인물: 하정우, 배경훈``."""
        return f"{self.label}: " + ", ".join(label for _, label in self.selected(value))

    def suggestion(self, value: Any) -> str:
        """The filter as "drop it" names it: ``인물 필터(하정우, 배경훈)``."""
        return f"{self.label} 필터(" + ", ".join(label for _, label in self.selected(value)) + ")"


class NamedFilter(SearchFilter):
    """Entities of one kind, or outlets: chosen by name or slug, counted by id."""

    def __init__(self, name: str, *, queryset_kind: str | None) -> None:
        super().__init__(name)
        self.entity_kind = queryset_kind
        self.kind = FilterKind.ENTITY if queryset_kind else FilterKind.OUTLET
        self.field = field_named(name)  # person, programme, organisation, outlet

    def _queryset(self) -> QuerySet[Any]:
        return Entity.objects.filter(kind=self.entity_kind) if self.entity_kind else Outlet.objects.all()

    def form_fields(self) -> dict[str, django_filters.Filter]:
        return {
            self.name: NameOrSlugFilter(queryset=self._queryset(), label_name=self.label, label=self.label)
        }

    def conditions(self, value: tuple[Named, ...]) -> tuple[Condition, ...]:
        return super().conditions(n.pk for n in value)

    def facet_rows(self, counts: Mapping[int, int]) -> list[dict[str, Any]]:
        rows = self._queryset().filter(pk__in=list(counts)).values_list("pk", "name", "slug")
        out = [{"name": name, "slug": slug, "count": counts[pk]} for pk, name, slug in rows]
        return sorted(out, key=lambda d: (-d["count"], d["name"]))

    def facet_option(self, row: dict[str, Any]) -> tuple[str, str]:
        return row["slug"], row["name"]

    def selected(self, value: tuple[Named, ...] | None) -> list[tuple[str, str]]:
        return [(n.slug, n.name) for n in value or ()]


class MentionsFilter(SearchFilter):
    """Entities of any kind that an article must all mention: one condition each, so they AND."""

    kind = FilterKind.ENTITIES

    def form_fields(self) -> dict[str, django_filters.Filter]:
        return {
            self.name: NameOrSlugFilter(
                queryset=Entity.objects.all(), label_name="인물·정책·기관", label=self.label
            )
        }

    def value(self, cleaned: Mapping[str, Any]) -> tuple[Named, ...] | None:
        chosen = cleaned.get(self.name) or []
        names = [n.name for n in chosen]
        ambiguous = sorted({name for name in names if names.count(name) > 1})
        if ambiguous:
            # One name of two kinds (a person and an organisation): the slug says which.
            raise SearchParamError(
                self.name,
                f"{self.name}: 이름이 같은 대상이 여럿입니다. 슬러그로 주세요: {', '.join(ambiguous)}",
            )
        return tuple(chosen) or None

    def conditions(self, value: tuple[Named, ...]) -> tuple[Condition, ...]:
        return tuple(AnyOf(field_named(n.kind), (n.pk,), group=self.name) for n in value)

    def selected(self, value: tuple[Named, ...] | None) -> list[tuple[str, str]]:
        return [(n.slug, n.name) for n in value or ()]


class ReporterFilter(SearchFilter):
    """Reporters' names exactly as in the bylines."""

    kind = FilterKind.TEXT
    field = "reporter"
    form_filter = MultiTextFilter

    def facet_rows(self, counts: Mapping[str, int]) -> list[dict[str, Any]]:
        return sorted(
            ({"name": k, "count": v} for k, v in counts.items()), key=lambda d: (-d["count"], d["name"])
        )

    def facet_option(self, row: dict[str, Any]) -> tuple[str, str]:
        return row["name"], row["name"]


class MonthFilter(SearchFilter):
    """Months of publication, ``YYYY-MM``."""

    kind = FilterKind.MONTH
    field = "month"
    form_filter = MonthFilterField

    def facet_rows(self, counts: Mapping[str, int]) -> list[dict[str, Any]]:
        return [{"value": m, "count": counts[m]} for m in sorted(counts)]  # calendar order

    def facet_option(self, row: dict[str, Any]) -> tuple[str, str]:
        return row["value"], month_label(row["value"])

    def selected(self, value: tuple[str, ...] | None) -> list[tuple[str, str]]:
        return [(m, month_label(m)) for m in value or ()]

    def chips(self, value: tuple[str, ...]) -> list[Chip]:
        return [
            Chip(self.name, f"{self.label}: {label}", {self.name: frozenset({key})})
            for key, label in self.selected(value)
        ]


@dataclass(frozen=True)
class Period:
    low: dt.date | None
    high: dt.date | None


class PeriodFilter(SearchFilter):
    """Published between ``from`` and ``to``, both inclusive, either open."""

    kind = FilterKind.DATE_FROM
    field = "date"

    def form_fields(self) -> dict[str, django_filters.Filter]:
        low, high = self.params
        return {
            low: django_filters.DateFilter(input_formats=["%Y-%m-%d"], label=low),
            high: django_filters.DateFilter(input_formats=["%Y-%m-%d"], label=high),
        }

    def value(self, cleaned: Mapping[str, Any]) -> Period | None:
        low, high = (cleaned.get(p) for p in self.params)
        if low and high and low > high:
            raise SearchParamError(
                self.params[0], f"{self.params[0]} 날짜가 {self.params[1]} 날짜보다 늦습니다."
            )
        return Period(low, high) if low or high else None

    def conditions(self, value: Period) -> tuple[Condition, ...]:
        return (Between("date", value.low, value.high, group=self.name),)

    def _text(self, value: Period, sep: str) -> str:
        low = value.low.isoformat() if value.low else ""
        high = value.high.isoformat() if value.high else ""
        return f"{low}{sep}{high}"

    def selected(self, value: Period | None) -> list[tuple[str, str]]:
        return [] if value is None else [("", self._text(value, "~"))]

    def chips(self, value: Period) -> list[Chip]:
        low = value.low.isoformat() if value.low else "처음"
        high = value.high.isoformat() if value.high else "끝"
        return [Chip("period", f"기간: {low} ~ {high}", {p: None for p in self.params})]

    def describe(self, value: Period) -> str:
        return f"{self.label}: {self._text(value, '~')}"

    def suggestion(self, value: Period) -> str:
        return f"{self.label} 필터"


@dataclass(frozen=True)
class Speaker:
    """A speaker a quote search names: an entity (``pk``, ``slug``) or only a name as written."""

    name: str
    pk: int | None = None
    slug: str = ""

    @property
    def key(self) -> str:
        return self.slug or self.name


class SpeakerFilter(SearchFilter):
    """Who said a quote: a person or organisation by slug or name, else the speaker as the
    articles name them (an unlinked name, an anonymous source's role). Not a condition on the
    article: the quote selector reads it (``articles.selectors.quotes``)."""

    kind = FilterKind.SPEAKER
    form_filter = MultiTextFilter

    def value(self, cleaned: Mapping[str, Any]) -> tuple[Speaker, ...] | None:
        values = _unique(cleaned.get(self.name) or ())
        if not values:
            return None
        kinds = (Entity.Kind.PERSON, Entity.Kind.ORGANISATION)
        rows = Entity.objects.filter(Q(name__in=values) | Q(slug__in=values), kind__in=kinds)
        found = list(rows.values_list("pk", "name", "slug"))
        chosen: dict[str, Speaker] = {}
        for v in values:
            hits = [Speaker(name, pk, slug) for pk, name, slug in found if v == slug] or [
                Speaker(name, pk, slug) for pk, name, slug in found if v == name
            ]
            if len(hits) > 1:  # a person and an organisation of one name: the slug says which
                raise SearchParamError(
                    self.name, f"{self.name}: 이름이 같은 대상이 여럿입니다. 슬러그로 주세요: {v}"
                )
            speaker = hits[0] if hits else Speaker(v)
            chosen.setdefault(speaker.key, speaker)
        return tuple(chosen.values())

    def conditions(self, value: Any) -> tuple[Condition, ...]:
        return ()

    def facet_rows(self, counts: Mapping[Speaker, int]) -> list[dict[str, Any]]:
        rows = [{"name": s.name, "slug": s.slug, "count": n} for s, n in counts.items()]
        return sorted(rows, key=lambda d: (-d["count"], d["name"]))

    def facet_option(self, row: dict[str, Any]) -> tuple[str, str]:
        return row["slug"] or row["name"], row["name"]

    def selected(self, value: tuple[Speaker, ...] | None) -> list[tuple[str, str]]:
        return [(s.key, s.name) for s in value or ()]


FILTERS: tuple[SearchFilter, ...] = (
    NamedFilter("person", queryset_kind=Entity.Kind.PERSON),
    NamedFilter("programme", queryset_kind=Entity.Kind.PROGRAMME),
    NamedFilter("organisation", queryset_kind=Entity.Kind.ORGANISATION),
    MentionsFilter("mentions"),
    NamedFilter("outlet", queryset_kind=None),
    ReporterFilter("reporter"),
    MonthFilter("month"),
    PeriodFilter("period", params=("from", "to"), label="기간"),
)
"""Every filter of a search, in the order the page lists them."""

SPEAKER_FILTER = SpeakerFilter("speaker")
QUOTE_FILTERS: tuple[SearchFilter, ...] = (
    SPEAKER_FILTER,
    *(f for f in FILTERS if f.name != "reporter"),
)
"""The quote search's filters: the speaker, then the article's (entities mentioned, outlet, dates)."""

FILTER = {f.name: f for f in (*FILTERS, SPEAKER_FILTER)}
FACETED = tuple(f for f in FILTERS if f.facet)
"""The filters counted next to the results, in the API's order of facets."""
# The filter that selects articles tagged with an entity of each kind (named after the kind).
ENTITY_FILTERS = {f.entity_kind: f for f in FILTERS if isinstance(f, NamedFilter) and f.entity_kind}


def filterset_class(filters: tuple[SearchFilter, ...] = FILTERS) -> type[django_filters.FilterSet]:
    """A FilterSet validating every parameter of ``filters``, named as the parameter (``from`` and
    ``to`` too, which could not be class attributes), in URL order: the first invalid one is reported."""

    class Meta:
        fields: list[str] = []

    attrs: dict[str, Any] = {"__module__": __name__, "Meta": Meta}
    for f in filters:
        attrs.update(f.form_fields())
    filterset = FilterSetMetaclass("SearchFilterSet", (django_filters.FilterSet,), attrs)
    return cast(type[django_filters.FilterSet], filterset)  # the metaclass made a FilterSet subclass
