"""The article screen: review queue, corrections, bulk status changes, re-tagging and merges.

Every write goes through the curation services, so an edit made here is recorded in the history and
refreshes the article's search vector and tags in the same transaction as the edit itself.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, OuterRef, Value, When
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme

from articles.models import (
    Article,
    ArticleSource,
    newest_first_fields,
)
from articles.search.query import QuerySyntaxError
from articles.selectors.articles import articles_text_search
from articles.services.analysis import articles_analyse
from articles.services.curation import CurationError, article_update, articles_set_status
from policy.models import Entity
from portal.admin.base import HistoryAdmin, SubqueryCount
from portal.admin.filters import (
    DuplicatesFilter,
    ExtractionFilter,
    MonthFilter,
    PersonFilter,
    ProgrammeFilter,
    active_tags,
    duplicate_links,
)
from portal.admin.inlines import (
    ArticleEntityInline,
    ArticleSourceInline,
    NearDuplicateInline,
    NearDuplicateOfInline,
    QuoteInline,
)
from portal.admin.merge import MergeActionMixin
from portal.admin.upload import UploadMixin


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
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),  # 60em wide: static/css/admin.css
            "subtitle": forms.Textarea(attrs={"rows": 3, "cols": 100}),
            "body": forms.Textarea(attrs={"rows": 24, "cols": 100}),
        }


def _count_column(annotation: str, description: str):
    """A sortable list column showing one of ``get_queryset``'s per-row counts."""

    @admin.display(description=description, ordering=annotation)
    def column(self, obj: Article) -> int:
        return getattr(obj, annotation)

    return column


@admin.register(Article)
class ArticleAdmin(UploadMixin, MergeActionMixin, HistoryAdmin):
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
        ExtractionFilter,
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
                    "extraction",
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
    readonly_fields = [
        "review_reasons_list",
        "extraction",
        "curated",
        "merge_info",
        "created_at",
        "updated_at",
    ]
    inlines = [
        ArticleEntityInline,
        QuoteInline,
        ArticleSourceInline,
        NearDuplicateInline,
        NearDuplicateOfInline,
    ]
    actions = [
        "publish_articles",
        "exclude_articles",
        "retag_articles",
        "reanalyse_articles",
        "merge_articles",
    ]

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
                n_people=SubqueryCount(active_tags(Entity.Kind.PERSON)),
                n_programmes=SubqueryCount(active_tags(Entity.Kind.PROGRAMME)),
                n_sources=SubqueryCount(
                    ArticleSource.objects.filter(article=OuterRef("pk")).order_by().values("pk")
                ),
                n_duplicates=SubqueryCount(duplicate_links().values("pk")),
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

    people = _count_column("n_people", "인물")
    programmes = _count_column("n_programmes", "정책")
    sources_count = _count_column("n_sources", "원본")
    duplicates = _count_column("n_duplicates", "유사")

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
            return articles_text_search(queryset=queryset, q=term), False
        except QuerySyntaxError as exc:
            self.message_user(request, f"검색어를 이해하지 못했습니다: {exc}", messages.WARNING)
            return queryset.none(), False

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
            articles_analyse(ids=[form.instance.pk])

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
        try:
            articles_set_status(
                articles=[article], status=Article.Status.PUBLISHED, user=request.user, reason="검토 승인"
            )
        except CurationError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
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
        n = articles_analyse(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{n}개 기사를 다시 태깅했습니다.", messages.SUCCESS)

    @admin.action(description="한국어 분석 다시 하기 (검색 벡터·태그)", permissions=["change"])
    def reanalyse_articles(self, request, queryset):
        n = articles_analyse(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{n}개 기사의 검색 벡터(와 태그)를 다시 만들었습니다.", messages.SUCCESS)
