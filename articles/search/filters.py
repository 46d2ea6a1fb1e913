"""How each kind of search filter is validated and applied: the engine behind
:mod:`articles.search.params`, which names the filters and builds their FilterSet here.

Values of one filter are OR (``outlet=a&outlet=b``); different filters are AND. People,
programmes and outlets are given by Korean name or slug.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from articles.models import Article, ArticleEntity, Outlet
from policy.models import Entity

if TYPE_CHECKING:
    from articles.search.params import SearchParam

# A month of publication, YYYY-MM (year 0 does not exist).
MONTH_PATTERN = r"(?!0000)\d{4}-(0[1-9]|1[0-2])"


class NameOrSlugField(forms.Field):
    """Several values, each the name or slug of a row in ``queryset``; unknown values are errors."""

    widget = forms.SelectMultiple

    def __init__(self, *, queryset: QuerySet, label_name: str, **kwargs) -> None:
        self.queryset = queryset
        self.label_name = label_name
        super().__init__(**kwargs)

    def to_python(self, value) -> list:
        values = [v.strip() for v in (value or []) if v and v.strip()]
        if not values:
            return []
        found = list(self.queryset.filter(Q(name__in=values) | Q(slug__in=values)))
        known = {o.name for o in found} | {o.slug for o in found}
        unknown = [v for v in values if v not in known]
        if unknown:
            raise forms.ValidationError(f"알 수 없는 {self.label_name}: {', '.join(unknown)}")
        return found


class NameOrSlugFilter(django_filters.Filter):
    field_class = NameOrSlugField


class MultiTextField(forms.Field):
    widget = forms.SelectMultiple

    def to_python(self, value) -> list[str]:
        return [v.strip() for v in (value or []) if v and v.strip()]


class MonthField(MultiTextField):
    def to_python(self, value) -> list[str]:
        values = super().to_python(value)
        for v in values:
            if not re.fullmatch(MONTH_PATTERN, v):
                raise forms.ValidationError(f"월은 YYYY-MM 형식이어야 합니다: {v}")
        return values


class MultiTextFilter(django_filters.Filter):
    field_class = MultiTextField


class MonthFilter(django_filters.Filter):
    field_class = MonthField


def _tagged_with(entities: list[Entity]) -> Exists:
    return Exists(
        ArticleEntity.objects.active().filter(article=OuterRef("pk"), entity__in=[e.pk for e in entities])
    )


class FilterKind(StrEnum):
    """What a filter's values are, and so how they are checked and matched."""

    ENTITY = "entity"  # names or slugs of knowledge-base entities of one kind
    OUTLET = "outlet"  # names or slugs of outlets
    TEXT = "text"  # reporters' names as in the byline
    MONTH = "month"  # YYYY-MM
    DATE_FROM = "date_from"  # published on or after
    DATE_TO = "date_to"  # published on or before


class ArticleFilters(django_filters.FilterSet):
    """The filter methods; the filters themselves come from the parameter definitions."""

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_entities(self, queryset, name, value):
        return queryset.filter(_tagged_with(value)) if value else queryset

    def filter_outlets(self, queryset, name, value):
        return queryset.filter(outlet__in=value) if value else queryset

    def filter_reporters(self, queryset, name, value):
        return queryset.filter(reporters__overlap=value) if value else queryset

    def filter_months(self, queryset, name, value):
        if not value:
            return queryset
        condition = Q()
        for month in value:
            year, mon = (int(x) for x in month.split("-"))
            condition |= Q(published_date__year=year, published_date__month=mon)
        return queryset.filter(condition)


def _filter(param: SearchParam) -> django_filters.Filter:
    label = param.label
    match param.filter:
        case FilterKind.ENTITY:
            entities = Entity.objects.filter(kind=param.entity_kind)
            return NameOrSlugFilter(
                queryset=entities, label_name=label, method="filter_entities", label=label
            )
        case FilterKind.OUTLET:
            return NameOrSlugFilter(
                queryset=Outlet.objects.all(), label_name=label, method="filter_outlets", label=label
            )
        case FilterKind.TEXT:
            return MultiTextFilter(method="filter_reporters", label=label)
        case FilterKind.MONTH:
            return MonthFilter(method="filter_months", label=label)
        case FilterKind.DATE_FROM | FilterKind.DATE_TO:
            lookup = "gte" if param.filter == FilterKind.DATE_FROM else "lte"
            return django_filters.DateFilter(
                field_name="published_date", lookup_expr=lookup, input_formats=["%Y-%m-%d"], label=label
            )
    raise ValueError(f"{param.name} is not a filter")


def filterset_class(params: Iterable[SearchParam]) -> type[django_filters.FilterSet]:
    """A FilterSet with one filter per parameter, named as the parameter (``from`` and ``to`` too,
    which could not be class attributes), in the order given: the first invalid one is reported."""
    attrs = {"__module__": __name__, **{param.name: _filter(param) for param in params}}
    return type(ArticleFilters)("ArticleFilterSet", (ArticleFilters,), attrs)
