"""Shared admin plumbing: the site's titles, history pages, per-row counts.

The login form is Django's own: django-axes refuses a locked-out login (portal/admin/login.py).
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import IntegerField, Subquery
from simple_history.admin import SimpleHistoryAdmin

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
