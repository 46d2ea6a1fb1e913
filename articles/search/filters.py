"""The archive's filters, shared by the search page, the JSON API, feeds and exports.

Values of one filter are OR (``outlet=a&outlet=b``); different filters are AND. People,
programmes and outlets are given by Korean name or slug.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from articles.models import Article, ArticleEntity, Outlet
from policy.models import Entity


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
            if not re.fullmatch(r"(?!0000)\d{4}-(0[1-9]|1[0-2])", v):
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


class ArticleFilterSet(django_filters.FilterSet):
    person = NameOrSlugFilter(
        queryset=Entity.objects.people(), label_name="인물", method="filter_entities", label="인물"
    )
    programme = NameOrSlugFilter(
        queryset=Entity.objects.programmes(),
        label_name="정책·사업",
        method="filter_entities",
        label="정책·사업",
    )
    organisation = NameOrSlugFilter(
        queryset=Entity.objects.organisations(), label_name="기관", method="filter_entities", label="기관"
    )
    outlet = NameOrSlugFilter(
        queryset=Outlet.objects.all(), label_name="매체", method="filter_outlets", label="매체"
    )
    reporter = MultiTextFilter(method="filter_reporters", label="기자")
    month = MonthFilter(method="filter_months", label="월")
    date_from = django_filters.DateFilter(
        field_name="published_date", lookup_expr="gte", input_formats=["%Y-%m-%d"], label="부터"
    )
    date_to = django_filters.DateFilter(
        field_name="published_date", lookup_expr="lte", input_formats=["%Y-%m-%d"], label="까지"
    )

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


# The public parameter names are `from` and `to`, which cannot be Python attribute names.
ArticleFilterSet.base_filters["from"] = ArticleFilterSet.base_filters.pop("date_from")
ArticleFilterSet.base_filters["to"] = ArticleFilterSet.base_filters.pop("date_to")

FACETS = ("person", "programme", "outlet", "reporter", "month")
