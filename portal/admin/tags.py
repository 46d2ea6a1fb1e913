"""The tag list: every article tag, for finding curators' additions and removals (read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from articles.models import ArticleEntity
from portal.admin.base import HistoryAdmin


@admin.register(ArticleEntity)
class ArticleEntityAdmin(HistoryAdmin):
    """Every tag, for finding curators' additions and removals; tags are edited on the article page."""

    list_display = ["article_link", "entity", "kind", "origin", "mentions"]
    list_filter = ["origin", "entity__kind"]
    search_fields = ["entity__name", "article__title"]
    list_select_related = ["article", "entity"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="기사", ordering="article_id")
    def article_link(self, obj: ArticleEntity) -> str:
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">#{} {}</a>', url, obj.article_id, obj.article.title)

    @admin.display(description="종류", ordering="entity__kind")
    def kind(self, obj: ArticleEntity) -> str:
        return obj.entity.get_kind_display()
