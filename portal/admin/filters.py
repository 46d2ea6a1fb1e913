"""Filters of the article list: month, person, programme, duplicates."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import TruncMonth

from articles.models import (
    Article,
    ArticleEntity,
    NearDuplicate,
)
from policy.models import Entity


def active_tags(kind: str):
    return (
        ArticleEntity.objects.active()
        .filter(article=OuterRef("pk"), entity__kind=kind)
        .order_by()
        .values("pk")
    )


def duplicate_links():
    return NearDuplicate.objects.filter(Q(article=OuterRef("pk")) | Q(other=OuterRef("pk"))).order_by()


class MonthFilter(admin.SimpleListFilter):
    title = "발행 월"
    parameter_name = "month"

    def lookups(self, request, model_admin):
        months = (
            Article.objects.filter(published_date__isnull=False)
            .annotate(m=TruncMonth("published_date"))
            .values_list("m", flat=True)
            .distinct()
            .order_by("-m")
        )
        return [(m.strftime("%Y-%m"), m.strftime("%Y년 %m월")) for m in months]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            year, month = (int(x) for x in self.value().split("-"))
        except ValueError:
            return queryset.none()
        return queryset.filter(published_date__year=year, published_date__month=month)


class _EntityFilter(admin.SimpleListFilter):
    kind: str

    def lookups(self, request, model_admin):
        return [(e.slug, e.name) for e in Entity.objects.filter(kind=self.kind).order_by("name")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        tagged = ArticleEntity.objects.active().filter(article=OuterRef("pk"), entity__slug=self.value())
        return queryset.filter(Exists(tagged))


class PersonFilter(_EntityFilter):
    title = "인물"
    parameter_name = "person"
    kind = Entity.Kind.PERSON


class ProgrammeFilter(_EntityFilter):
    title = "정책·사업"
    parameter_name = "programme"
    kind = Entity.Kind.PROGRAMME


class DuplicatesFilter(admin.SimpleListFilter):
    title = "유사 기사"
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("yes", "유사 기사 있음"), ("no", "없음"), ("merged", "다른 기사에 병합됨")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(Exists(duplicate_links()))
        if self.value() == "no":
            return queryset.filter(~Exists(duplicate_links()))
        if self.value() == "merged":
            return queryset.filter(merged_into__isnull=False)
        return queryset


class ExtractionFilter(admin.SimpleListFilter):
    """Articles read by the generic extractor and published on strong signals alone: the ones a
    curator may want to look at later."""

    title = "추출"
    parameter_name = "extraction"

    def lookups(self, request, model_admin):
        return [
            ("auto", "일반 추출, 자동 공개 (나중에 확인)"),
            ("generic", "일반 추출 전체"),
            ("format", "형식 파서"),
        ]

    def queryset(self, request, queryset):
        generic = ~Q(extraction__in=["", "format parser"])
        if self.value() == "auto":
            return queryset.filter(generic, status=Article.Status.PUBLISHED).exclude(
                curated_fields__contains=["status"]
            )
        if self.value() == "generic":
            return queryset.filter(generic)
        if self.value() == "format":
            return queryset.filter(extraction="format parser")
        return queryset
