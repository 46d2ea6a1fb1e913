"""Inlines of the article page: tags (hand-added and removed), sources, near-duplicates, quotes."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Case, Value, When
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html

from articles.models import (
    ArticleEntity,
    ArticleSource,
    NearDuplicate,
    Quote,
)


class TagForm(forms.ModelForm):
    class Meta:
        model = ArticleEntity
        fields = ["entity", "origin"]
        labels = {"entity": "인물·정책·기관", "origin": "출처"}
        help_texts = {"origin": "자동: 태거가 판단 · 수동 추가: 늘 붙음 · 수동 제거: 다시 붙지 않음"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            self.fields["origin"].initial = ArticleEntity.Origin.MANUAL

    def clean_origin(self) -> str:
        origin = self.cleaned_data["origin"]
        if self.instance._state.adding and origin == ArticleEntity.Origin.AUTO:
            return ArticleEntity.Origin.MANUAL  # a tag added by hand is never the tagger's
        return origin


class TagFormSet(BaseInlineFormSet):
    """Removing a tag keeps its row, marked removed by hand, so re-tagging never brings it back."""

    def delete_existing(self, obj, commit=True) -> None:
        obj.origin = ArticleEntity.Origin.REMOVED
        if commit:
            obj.save(update_fields=["origin"])


class ArticleEntityInline(admin.TabularInline):
    model = ArticleEntity
    form = TagForm
    formset = TagFormSet
    template = "admin/articles/article/tags_inline.html"
    fields = ["entity", "kind", "origin", "mentions"]
    readonly_fields = ["kind", "mentions"]
    autocomplete_fields = ["entity"]
    extra = 1
    verbose_name = "태그"
    verbose_name_plural = "태그 (인물·정책·기관)"

    def get_queryset(self, request):
        # Tags that count first, then those a curator removed.
        removed_last = Case(When(origin=ArticleEntity.Origin.REMOVED, then=Value(1)), default=Value(0))
        return (
            super()
            .get_queryset(request)
            .select_related("entity")
            .order_by(removed_last, "entity__kind", "-mentions", "entity__name")
        )

    @admin.display(description="종류")
    def kind(self, obj: ArticleEntity) -> str:
        return obj.entity.get_kind_display() if obj.entity_id else ""

    # A merged copy's tags moved to its canonical article; tagging the copy would change nothing public.
    def has_add_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.merged_into_id) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.merged_into_id) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.merged_into_id) and super().has_delete_permission(request, obj)


class ArticleSourceInline(admin.TabularInline):
    model = ArticleSource
    extra = 0
    can_delete = False
    fields = readonly_fields = ("source_link", "place", "source_format", "raw")
    verbose_name = "원본 파일 (읽기 전용)"
    verbose_name_plural = "원본 파일 (읽기 전용)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="파일")
    def source_link(self, obj: ArticleSource) -> str:
        url = reverse("admin:articles_source_change", args=[obj.source_id])
        return format_html('<a href="{}">{}</a>', url, obj.source.file_name)

    @admin.display(description="파일 안 순서")
    def place(self, obj: ArticleSource) -> int:
        return obj.position

    @admin.display(description="형식")
    def source_format(self, obj: ArticleSource) -> str:
        return obj.source.format

    @admin.display(description="원문")
    def raw(self, obj: ArticleSource) -> str:
        return format_html(
            '<details><summary>원문 보기 ({} 바이트, sha256 {}…)</summary><pre class="raw-source">{}</pre></details>',
            obj.source.size,
            obj.source.sha256[:12],
            obj.source.raw_text,
        )


class _DuplicateInline(admin.TabularInline):
    model = NearDuplicate
    extra = 0
    readonly_fields = fields = ("twin", "twin_status", "score", "linked_at")
    twin_field: str

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.twin_field).order_by("-similarity")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="기사")
    def twin(self, obj: NearDuplicate) -> str:
        article = getattr(obj, self.twin_field)
        url = reverse("admin:articles_article_change", args=[article.pk])
        return format_html('<a href="{}">#{} {}</a>', url, article.pk, article.title)

    @admin.display(description="유사도")
    def score(self, obj: NearDuplicate) -> str:
        return f"{obj.similarity:.0%}"

    @admin.display(description="연결된 때")
    def linked_at(self, obj: NearDuplicate):
        return obj.created_at

    @admin.display(description="상태")
    def twin_status(self, obj: NearDuplicate) -> str:
        article = getattr(obj, self.twin_field)
        if article.merged_into_id:
            return f"#{article.merged_into_id}에 병합됨"
        return article.get_status_display()


class NearDuplicateInline(_DuplicateInline):
    fk_name = "article"
    twin_field = "other"
    verbose_name = "유사 기사 (이 기사가 닮은 기사)"
    verbose_name_plural = "유사 기사 (이 기사가 닮은 기사) — '삭제'는 오탐 링크만 지웁니다"


class _DuplicateOfFormSet(BaseInlineFormSet):
    @classmethod
    def get_default_prefix(cls) -> str:
        return "duplicate_of"  # `other` has no reverse accessor (related_name="+") to name the prefix


class NearDuplicateOfInline(_DuplicateInline):
    fk_name = "other"
    formset = _DuplicateOfFormSet
    twin_field = "article"
    verbose_name = "유사 기사 (이 기사를 닮은 기사)"
    verbose_name_plural = "유사 기사 (이 기사를 닮은 기사)"


class QuoteInline(admin.TabularInline):
    """The article's quotes as the extractor and curators left them; each is corrected on its own
    page (인용문), where a missed one is added too."""

    model = Quote
    fields = readonly_fields = ("quote_link", "speaker", "role", "kind", "anonymous", "origin")
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name = "인용문"
    verbose_name_plural = "인용문 (고치기·추가는 인용문 화면에서)"

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("start", "pk")

    @admin.display(description="인용문")
    def quote_link(self, obj: Quote) -> str:
        url = reverse("admin:articles_quote_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.text[:60] + ("…" if len(obj.text) > 60 else ""))
