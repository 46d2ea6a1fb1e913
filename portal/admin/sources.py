"""The source screen: raw files exactly as ingested, read-only."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join

from articles.models import (
    Source,
)


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
