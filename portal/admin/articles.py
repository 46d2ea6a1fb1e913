"""The curators' admin: review queue, corrections, tags, merges, exclusions, with full history.

Every write goes through the curation services (articles.services, policy.services), so an edit
made here is recorded in the history and refreshes the article's search vector and tags in the
same transaction as the edit itself.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import TruncMonth
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from simple_history.admin import SimpleHistoryAdmin

from articles.models import (
    Article,
    ArticleEntity,
    ArticleSource,
    NearDuplicate,
    Outlet,
    Source,
    newest_first_fields,
)
from articles.search.index import RawTsQuery, articles_index
from articles.search.query import QuerySyntaxError, compile_query
from articles.services.curation import CurationError, article_update, articles_merge, articles_set_status
from policy.models import Entity
from portal.admin.login import ThrottledAdminAuthenticationForm

admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.site_header = "AI 정책 뉴스 아카이브 관리"
admin.site.site_title = "아카이브 관리"
admin.site.index_title = "큐레이션"


class SubqueryCount(Subquery):
    """``(SELECT count(*) FROM (subquery))``: a per-row count that does not multiply joins."""

    template = "(SELECT count(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


class HistoryAdmin(SimpleHistoryAdmin):
    """simple_history's history, diff and revert pages, in Korean."""

    object_history_template = "admin/simple_history/object_history.html"
    object_history_list_template = "admin/simple_history/object_history_list.html"
    object_history_form_template = "admin/simple_history/object_history_form.html"

    def history_view_title(self, request, obj) -> str:
        return f"변경 히스토리: {obj}"

    def history_form_view_title(self, request, obj) -> str:
        return f"{'이 버전 보기' if self.revert_disabled(request, obj) else '이 버전으로 되돌리기'}: {obj}"


def _active_tags(kind: str):
    return (
        ArticleEntity.objects.active()
        .filter(article=OuterRef("pk"), entity__kind=kind)
        .order_by()
        .values("pk")
    )


def _duplicate_links():
    return NearDuplicate.objects.filter(Q(article=OuterRef("pk")) | Q(other=OuterRef("pk"))).order_by()


# --- outlets ---------------------------------------------------------------------------------


@admin.register(Outlet)
class OutletAdmin(HistoryAdmin):
    list_display = ["name", "name_en", "slug", "domain", "codes", "article_count"]
    search_fields = ["name", "name_en", "domain", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name", "name_en", "slug", "domain", "daum_codes"]

    def get_queryset(self, request):
        articles = Article.objects.filter(outlet=OuterRef("pk")).order_by().values("pk")
        return super().get_queryset(request).annotate(n_articles=SubqueryCount(articles))

    @admin.display(description="Daum 코드")
    def codes(self, obj: Outlet) -> str:
        return ", ".join(obj.daum_codes)

    @admin.display(description="기사 수", ordering="n_articles")
    def article_count(self, obj: Outlet) -> int:
        return obj.n_articles


# --- article list filters ----------------------------------------------------------------------


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
            return queryset.filter(Exists(_duplicate_links()))
        if self.value() == "no":
            return queryset.filter(~Exists(_duplicate_links()))
        if self.value() == "merged":
            return queryset.filter(merged_into__isnull=False)
        return queryset


# --- article page inlines ----------------------------------------------------------------------


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
    fields = ["source_link", "place", "source_format", "raw"]
    readonly_fields = fields
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
    readonly_fields = ["twin", "twin_status", "score", "linked_at"]
    fields = readonly_fields
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


# --- articles ------------------------------------------------------------------------------------


def _https_urls(db_field, **kwargs):
    if db_field.name == "url":
        kwargs["assume_scheme"] = "https"  # Korean outlets serve https; Django 6's default too
    return db_field.formfield(**kwargs)


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        formfield_callback = _https_urls
        fields = list(Article.CURATABLE_FIELDS)
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField", "style": "width: 60em"}),
            "subtitle": forms.Textarea(attrs={"rows": 3, "cols": 100}),
            "body": forms.Textarea(attrs={"rows": 24, "cols": 100}),
        }


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    form = ArticleForm
    change_list_template = "admin/articles/article/change_list.html"
    list_display = [
        "title",
        "outlet",
        "published_date",
        "status_label",
        "review",
        "people",
        "programmes",
        "sources_count",
        "duplicates",
        "accept",
    ]
    list_display_links = ["title"]
    list_filter = [
        "status",
        "outlet",
        MonthFilter,
        PersonFilter,
        ProgrammeFilter,
        DuplicatesFilter,
    ]
    list_select_related = ["outlet"]
    list_per_page = 50
    autocomplete_fields = ["outlet"]
    # get_search_results replaces the lookup; a search field must exist for the box to show.
    search_fields = ["title"]
    search_help_text = (
        '한국어 전문 검색 (포털과 같은 문법): 조사·어미는 무시, "구절", -제외어, OR, title:제목어. '
        "숫자만 쓰면 기사 번호(#123)로 찾습니다."
    )
    ordering = [
        Case(When(status=Article.Status.NEEDS_REVIEW, then=Value(0)), default=Value(1)).asc(),
        *newest_first_fields(),
    ]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "body"]}),
        (
            "출처·날짜",
            {"fields": ["outlet", ("published_date", "published_time"), "reporters", "url", "language"]},
        ),
        (
            "상태",
            {
                "fields": [
                    "status",
                    "review_reasons_list",
                    "curated",
                    "merge_info",
                    "created_at",
                    "updated_at",
                ],
                "description": "공개: 포털과 API에 보임. 검토 필요·제외: 숨김(제외된 기사도 원본과 함께 보관됨). "
                "여기서 고친 필드는 재수집이 덮어쓰지 않습니다.",
            },
        ),
    ]
    readonly_fields = ["review_reasons_list", "curated", "merge_info", "created_at", "updated_at"]
    inlines = [ArticleEntityInline, ArticleSourceInline, NearDuplicateInline, NearDuplicateOfInline]
    actions = ["publish_articles", "exclude_articles", "retag_articles", "reindex_articles", "merge_articles"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"  # as in ArticleForm
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # -- queryset and columns

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_people=SubqueryCount(_active_tags(Entity.Kind.PERSON)),
                n_programmes=SubqueryCount(_active_tags(Entity.Kind.PROGRAMME)),
                n_sources=SubqueryCount(
                    ArticleSource.objects.filter(article=OuterRef("pk")).order_by().values("pk")
                ),
                n_duplicates=SubqueryCount(_duplicate_links().values("pk")),
            )
        )

    @admin.display(description="상태", ordering="status")
    def status_label(self, obj: Article) -> str:
        if obj.merged_into_id:
            return f"병합됨 → #{obj.merged_into_id}"
        return obj.get_status_display()

    @admin.display(description="검토 사유")
    def review(self, obj: Article) -> str:
        if obj.status != Article.Status.NEEDS_REVIEW:
            return ""
        return "; ".join(obj.review_reasons) or "-"

    @admin.display(description="인물", ordering="n_people")
    def people(self, obj: Article) -> int:
        return obj.n_people

    @admin.display(description="정책", ordering="n_programmes")
    def programmes(self, obj: Article) -> int:
        return obj.n_programmes

    @admin.display(description="원본", ordering="n_sources")
    def sources_count(self, obj: Article) -> int:
        return obj.n_sources

    @admin.display(description="유사", ordering="n_duplicates")
    def duplicates(self, obj: Article) -> int:
        return obj.n_duplicates

    @admin.display(description="")
    def accept(self, obj: Article) -> str:
        if obj.status != Article.Status.NEEDS_REVIEW or obj.merged_into_id:
            return ""
        # A submit button of the changelist form (which carries the CSRF token): rows cannot hold forms.
        url = reverse("admin:articles_article_accept", args=[obj.pk])
        return format_html(
            '<button type="submit" class="button accept-article" formaction="{}" formmethod="post" '
            'name="_accept" value="{}">승인·공개</button>',
            url,
            obj.pk,
        )

    # -- change page read-only fields

    @admin.display(description="검토 사유 (수집 때)")
    def review_reasons_list(self, obj: Article) -> str:
        return "; ".join(obj.review_reasons) or "-"

    @admin.display(description="큐레이터가 고친 필드")
    def curated(self, obj: Article) -> str:
        names = {f.name: str(f.verbose_name) for f in Article._meta.fields}
        return ", ".join(names.get(n, n) for n in obj.curated_fields) or "-"

    @admin.display(description="병합")
    def merge_info(self, obj: Article) -> str:
        parts = []
        if obj.merged_into_id:
            url = reverse("admin:articles_article_change", args=[obj.merged_into_id])
            parts.append(
                format_html('이 기사는 <a href="{}">#{}</a>에 병합되었습니다.', url, obj.merged_into_id)
            )
        merged = list(obj.merged_from.values_list("pk", flat=True)) if obj.pk else []
        if merged:
            links = format_html_join(
                ", ",
                '<a href="{}">#{}</a>',
                ((reverse("admin:articles_article_change", args=[pk]), pk) for pk in merged),
            )
            parts.append(format_html("병합되어 들어온 기사: {}", links))
        return format_html_join(" ", "{}", ((p,) for p in parts)) if parts else "-"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.merged_into_id:
            # A merged copy only redirects; corrections belong on the canonical article.
            fields += [f for f in Article.CURATABLE_FIELDS if f not in fields]
        return fields

    # -- permissions

    def has_add_permission(self, request) -> bool:
        return False  # articles come from ingest, with their source file

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deleting would drop an article's provenance; curators exclude instead.
        actions.pop("delete_selected", None)
        return actions

    # -- search

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.lstrip("#").isdigit():
            return queryset.filter(pk=int(term.lstrip("#"))), False
        try:
            compiled = compile_query(term)
        except QuerySyntaxError as exc:
            self.message_user(request, f"검색어를 이해하지 못했습니다: {exc}", messages.WARNING)
            return queryset.none(), False
        return queryset.filter(search_vector=RawTsQuery(compiled.tsquery)), False

    # -- saving: through the curation service

    def save_model(self, request, obj, form, change) -> None:
        data = {
            name: form.cleaned_data[name] for name in Article.CURATABLE_FIELDS if name in form.cleaned_data
        }
        match = request.resolver_match
        reverting = match is not None and match.url_name == "articles_article_simple_history"
        article_update(
            article=obj,
            data=data,
            user=request.user,
            reason="이전 버전으로 되돌림" if reverting else "관리자에서 수정",
        )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            # Hand-added or removed tags: recount mentions in the same transaction as the edit.
            articles_index(ids=[form.instance.pk])

    # -- review queue: one-click accept

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/accept/",
                self.admin_site.admin_view(self.accept_view),
                name="articles_article_accept",
            )
        ]
        return urls + super().get_urls()

    def accept_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if article.merged_into_id:
            self.message_user(request, f"#{pk}는 병합된 기사라 공개할 수 없습니다.", messages.ERROR)
        else:
            articles_set_status(
                articles=[article], status=Article.Status.PUBLISHED, user=request.user, reason="검토 승인"
            )
            self.message_user(request, f"승인해 공개했습니다: #{pk} {article.title}", messages.SUCCESS)
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("admin:articles_article_changelist")
        return HttpResponseRedirect(back)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "review_count": Article.objects.needs_review().filter(merged_into__isnull=True).count(),
        }
        return super().changelist_view(request, extra_context)

    # -- bulk actions

    @admin.action(description="공개", permissions=["change"])
    def publish_articles(self, request, queryset):
        merged = queryset.filter(merged_into__isnull=False)
        if merged.exists():
            self.message_user(request, "병합된 기사는 공개할 수 없어 건너뜁니다.", messages.WARNING)
        n = articles_set_status(
            articles=queryset.filter(merged_into__isnull=True),
            status=Article.Status.PUBLISHED,
            user=request.user,
            reason="일괄 공개",
        )
        self.message_user(request, f"{n}개 기사를 공개했습니다.", messages.SUCCESS)

    @admin.action(description="아카이브에서 제외 (보관, 포털·API에서 숨김)", permissions=["change"])
    def exclude_articles(self, request, queryset):
        n = articles_set_status(
            articles=queryset, status=Article.Status.EXCLUDED, user=request.user, reason="일괄 제외"
        )
        self.message_user(request, f"{n}개 기사를 제외했습니다.", messages.SUCCESS)

    @admin.action(description="다시 태깅 (수동 추가·제거는 유지)", permissions=["change"])
    def retag_articles(self, request, queryset):
        # Tagging reads the same Kiwi analysis as the vector, so both are rebuilt together.
        n = articles_index(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{n}개 기사를 다시 태깅했습니다.", messages.SUCCESS)

    @admin.action(description="검색 벡터 재구축", permissions=["change"])
    def reindex_articles(self, request, queryset):
        n = articles_index(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{n}개 기사의 검색 벡터(와 태그)를 다시 만들었습니다.", messages.SUCCESS)

    @admin.action(description="중복 기사 병합…", permissions=["change"])
    def merge_articles(self, request, queryset):
        articles = list(queryset.select_related("outlet").prefetch_related("article_sources__source"))
        if len(articles) < 2:
            self.message_user(request, "병합하려면 기사를 두 개 이상 고르세요.", messages.WARNING)
            return None
        already = [a for a in articles if a.merged_into_id]
        if already:
            ids = ", ".join(f"#{a.pk}" for a in already)
            self.message_user(request, f"이미 병합된 기사는 다시 병합할 수 없습니다: {ids}", messages.ERROR)
            return None
        if "canonical" in request.POST:
            try:
                canonical = next(a for a in articles if str(a.pk) == request.POST["canonical"])
            except StopIteration:
                self.message_user(request, "기준 기사는 고른 기사 가운데 하나여야 합니다.", messages.ERROR)
                return None
            try:
                articles_merge(
                    canonical=canonical, others=[a for a in articles if a != canonical], user=request.user
                )
            except CurationError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return None
            self.message_user(
                request,
                f"{len(articles) - 1}개 기사를 #{canonical.pk}에 병합했습니다. 병합된 기사의 주소는 이 기사로 이동합니다.",
                messages.SUCCESS,
            )
            return None
        # The canonical article is the one with the most sources, then the oldest: usually the original.
        suggested = max(articles, key=lambda a: (len(a.article_sources.all()), -a.pk))
        context = {
            **self.admin_site.each_context(request),
            "title": "중복 기사 병합",
            "opts": self.model._meta,
            "articles": articles,
            "suggested": suggested.pk,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/articles/article/merge.html", context)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["file_name", "format", "size", "ingested_at"]
    list_filter = ["format"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = ["file_name", "sha256", "format", "size", "raw_text", "ingested_at", "articles_list"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # never edited: the provenance of what the archive holds

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="기사")
    def articles_list(self, obj: Source) -> str:
        links = obj.article_sources.select_related("article").order_by("position")
        return format_html_join(
            ", ",
            '<a href="{}">#{} {}</a> ({}번째)',
            (
                (
                    reverse("admin:articles_article_change", args=[ln.article_id]),
                    ln.article_id,
                    ln.article.title,
                    ln.position,
                )
                for ln in links
            ),
        )
