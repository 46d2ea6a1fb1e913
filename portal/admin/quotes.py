"""Quotes (인용문): listed, corrected (speaker, entity, kind, anonymity), marked as not a quote,
and added by hand; every write goes through ``articles.services.quotes``."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Quote
from articles.services.curation import CurationError
from articles.services.quotes import (
    CURATABLE,
    quote_add,
    quote_correct,
    quote_locate,
    quotes_remove,
    quotes_restore,
)
from portal.admin.base import HistoryAdmin

_CONTEXT = 120  # characters of the body shown on each side of a quote


class QuoteForm(forms.ModelForm):
    class Meta:
        model = Quote
        fields = [
            "article",
            "text",
            "start",
            "kind",
            "speaker",
            "role",
            "speaker_kind",
            "speaker_entity",
            "anonymous",
            "verb",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "cols": 100})}
        help_texts = {
            "text": "본문에 있는 그대로: 직접 인용은 따옴표 안의 말, 간접 인용은 전한 내용",
            "start": "같은 말이 본문에 여러 번 나오면 몇 번째 글자에서 시작하는지 (비우면 처음 나온 곳)",
        }

    def clean(self):
        data = super().clean()
        article = data.get("article") or getattr(self.instance, "article", None)
        text = data.get("text")
        if article is not None and text:
            try:
                quote_locate(article=article, text=text, start=data.get("start"))
            except CurationError as exc:
                self.add_error("text", str(exc))
        return data


@admin.register(Quote)
class QuoteAdmin(HistoryAdmin):
    form = QuoteForm
    list_display = [
        "excerpt",
        "speaker",
        "role",
        "speaker_entity",
        "kind",
        "anonymous",
        "origin",
        "article_link",
    ]
    list_filter = [
        "origin",
        "kind",
        "anonymous",
        "speaker_kind",
        ("speaker_entity", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["text", "speaker", "role", "article__title"]
    search_help_text = "인용문·발언자·직함·기사 제목으로 찾습니다."
    list_select_related = ["article", "speaker_entity"]
    list_per_page = 50
    autocomplete_fields = ["article", "speaker_entity"]
    actions = ["mark_not_quote", "restore_quote"]
    readonly_fields = ["context", "origin", "resolution", "end", "created_at", "updated_at"]

    def get_fields(self, request, obj=None):
        if obj is None:  # a missed quote added by hand
            return [
                "article",
                "text",
                "start",
                "kind",
                "speaker",
                "role",
                "speaker_kind",
                "speaker_entity",
                "anonymous",
                "verb",
            ]
        return [
            "context",
            "text",
            ("start", "end"),
            "kind",
            "speaker",
            "role",
            "speaker_kind",
            "speaker_entity",
            "anonymous",
            "verb",
            ("origin", "resolution"),
            ("created_at", "updated_at"),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "article"] if obj is not None else []

    # A quote is never deleted: marked as not a quote, it stays out of the next extraction.
    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj: Quote, form, change) -> None:
        reason = f"관리 화면: {request.user}"
        if not change:
            created = quote_add(
                article=obj.article,
                text=obj.text,
                kind=obj.kind,
                speaker=obj.speaker,
                role=obj.role,
                speaker_kind=obj.speaker_kind,
                speaker_entity=obj.speaker_entity,
                anonymous=obj.anonymous,
                verb=obj.verb,
                start=form.cleaned_data.get("start"),
                user=request.user,
                reason=reason,
            )
            obj.pk = created.pk
            return
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in CURATABLE}
        quote_correct(quote=obj, data=data, user=request.user, reason=reason)

    @admin.display(description="인용문")
    def excerpt(self, obj: Quote) -> str:
        return obj.text[:80] + ("…" if len(obj.text) > 80 else "")

    @admin.display(description="기사", ordering="article_id")
    def article_link(self, obj: Quote) -> str:
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">#{} {}</a>', url, obj.article_id, obj.article.title[:40])

    @admin.display(description="본문 속 위치")
    def context(self, obj: Quote) -> str:
        body = obj.article.body
        if obj.start is None or obj.end is None:
            return "본문에서 찾을 수 없습니다 (기사 본문이 고쳐졌습니다)."
        lo, hi = max(0, obj.start - _CONTEXT), min(len(body), obj.end + _CONTEXT)
        return format_html(
            '<div class="quote-context">{}<mark>{}</mark>{}</div>',
            ("…" if lo else "") + body[lo : obj.start],
            body[obj.start : obj.end],
            body[obj.end : hi] + ("…" if hi < len(body) else ""),
        )

    @admin.action(description="인용문 아님으로 표시 (다시 추출되지 않음)", permissions=["change"])
    def mark_not_quote(self, request, queryset) -> None:
        n = quotes_remove(quotes=queryset, user=request.user, reason=f"관리 화면: {request.user}")
        self.message_user(request, f"{n}건을 인용문 아님으로 표시했습니다.", messages.SUCCESS)

    @admin.action(description="인용문으로 되살리기", permissions=["change"])
    def restore_quote(self, request, queryset) -> None:
        n = quotes_restore(quotes=queryset, user=request.user, reason=f"관리 화면: {request.user}")
        self.message_user(request, f"{n}건을 인용문으로 되살렸습니다.", messages.SUCCESS)
