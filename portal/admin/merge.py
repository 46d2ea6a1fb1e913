"""The merge screen: the curator picks the canonical article among duplicates; the service merges."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse

from articles.services.curation import CurationError, articles_merge


class MergeActionMixin:
    """The "merge duplicates" bulk action of the article list, with its confirmation page."""

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
