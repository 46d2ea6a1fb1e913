"""The outlet screen: names, domains and codes that identify a publisher."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import OuterRef

from articles.models import (
    Article,
    Outlet,
)
from portal.admin.base import HistoryAdmin, SubqueryCount


@admin.register(Outlet)
class OutletAdmin(HistoryAdmin):
    list_display = ["name", "name_en", "slug", "kind", "domain", "codes", "article_count"]
    list_filter = ["kind"]
    list_per_page = 500  # the whole registry (a few hundred outlets) on one page, easy to scan
    search_fields = ["name", "name_en", "domain", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["parent"]
    fields = [
        "name",
        "name_en",
        "slug",
        "kind",
        "parent",
        "domain",
        "domains",
        "aliases",
        "former_names",
        "dateline_marks",
        "naver_oid",
        "daum_codes",
    ]

    def get_queryset(self, request):
        articles = Article.objects.filter(outlet=OuterRef("pk")).order_by().values("pk")
        return super().get_queryset(request).annotate(n_articles=SubqueryCount(articles))

    @admin.display(description="Daum 코드")
    def codes(self, obj: Outlet) -> str:
        return ", ".join(obj.daum_codes)

    @admin.display(description="기사 수", ordering="n_articles")
    def article_count(self, obj: Outlet) -> int:
        return obj.n_articles
