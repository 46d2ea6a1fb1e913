"""The values a search filter reads and shows: the entities and outlets it names, the chips of the
active search, and the form fields that validate each parameter (django-filter reads the QueryDict
through them). The filters themselves, which give these values a meaning, are in
:mod:`articles.search.filters`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from articles.search.params import MONTH_PATTERN


@dataclass(frozen=True)
class Named:
    """An entity or an outlet a filter names: its id, its name and its slug."""

    pk: int
    name: str
    slug: str
    kind: str = ""  # an entity's kind (person, programme, organisation); empty for an outlet


@dataclass(frozen=True)
class Chip:
    """One removable piece of the active search: its label and the parameter values removing it drops."""

    kind: str
    label: str
    drop: Mapping[str, frozenset[str] | None]  # parameter → values to drop (None: the whole parameter)


def month_label(value: str) -> str:
    """``"2025-07"`` → ``"2025년 7월"``."""
    year, month = value.split("-")
    return f"{year}년 {int(month)}월"


# --- form fields: how the parameters are validated (django-filter reads the QueryDict) ------------


class NameOrSlugField(forms.Field):
    """Several values, each the name or slug of a row in ``queryset``; unknown values are errors."""

    widget = forms.SelectMultiple

    def __init__(self, *, queryset: QuerySet[Any], label_name: str, **kwargs: Any) -> None:
        self.queryset = queryset
        self.label_name = label_name
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[Named]:
        values = [v.strip() for v in (value or []) if v and v.strip()]
        if not values:
            return []
        kinds = hasattr(self.queryset.model, "kind")
        rows = self.queryset.filter(Q(name__in=values) | Q(slug__in=values))
        found = [
            Named(pk, name, slug, kind if kinds else "")
            for pk, name, slug, kind in rows.values_list("pk", "name", "slug", "kind" if kinds else "slug")
        ]
        known = {n.name for n in found} | {n.slug for n in found}
        unknown = [v for v in values if v not in known]
        if unknown:
            raise forms.ValidationError(f"알 수 없는 {self.label_name}: {', '.join(unknown)}")
        # In the order asked, each once (a name and a slug of one row are one value).
        chosen: dict[int, Named] = {}
        for v in values:
            for n in found:
                if v in (n.name, n.slug):
                    chosen.setdefault(n.pk, n)
        return list(chosen.values())


class NameOrSlugFilter(django_filters.Filter):
    field_class = NameOrSlugField


class MultiTextField(forms.Field):
    widget = forms.SelectMultiple

    def to_python(self, value: Any) -> list[str]:
        return [v.strip() for v in (value or []) if v and v.strip()]


class MonthField(MultiTextField):
    def to_python(self, value: Any) -> list[str]:
        values = super().to_python(value)
        for v in values:
            if not re.fullmatch(MONTH_PATTERN, v):
                raise forms.ValidationError(f"월은 YYYY-MM 형식이어야 합니다: {v}")
        return values


class MultiTextFilter(django_filters.Filter):
    field_class = MultiTextField


class MonthFilterField(django_filters.Filter):
    field_class = MonthField
