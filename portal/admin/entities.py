"""Curating people, programmes and organisations: names, aliases, roles, and promoting candidates.

Names and aliases are the Kiwi user dictionary and the tagger's patterns, so saving them re-indexes
and re-tags the archive in the same transaction.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles.models import ArticleEntity
from articles.selectors.entities import entity_candidates
from articles.services.entities import alias_save, entities_retag, entity_promote, entity_save, names_delete
from policy.models import Alias, Entity, Role
from portal.admin.base import HistoryAdmin, SubqueryCount


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ["text", "needs_context"]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ["title", "start", "end"]


class PromoteForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Entity.Kind.choices)
    slug = forms.SlugField(max_length=200, required=False)


class RetagOnDeleteMixin:
    """Deleting names or aliases changes the dictionary: the service re-tags the archive."""

    def delete_model(self, request, obj) -> None:
        names_delete(objects=[obj], user=request.user)

    def delete_queryset(self, request, queryset) -> None:
        names_delete(objects=list(queryset), user=request.user)


@admin.register(Entity)
class EntityAdmin(RetagOnDeleteMixin, HistoryAdmin):
    list_display = ["name", "kind", "slug", "ministry", "alias_list", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__text"]
    fields = ["kind", "name", "slug", "description", "ministry", "start_date", "active_from", "context_terms"]
    change_list_template = "admin/policy/entity/change_list.html"

    def get_queryset(self, request):
        tags = ArticleEntity.objects.active().filter(entity=OuterRef("pk")).order_by().values("pk")
        return (
            super().get_queryset(request).prefetch_related("aliases").annotate(n_articles=SubqueryCount(tags))
        )

    def get_inlines(self, request, obj):
        if obj is not None and obj.kind != Entity.Kind.PERSON:
            return [AliasInline]
        return [AliasInline, RoleInline]

    @admin.display(description="별칭")
    def alias_list(self, obj: Entity) -> str:
        return ", ".join(a.text for a in obj.aliases.all())

    @admin.display(description="기사 수", ordering="n_articles")
    def article_count(self, obj: Entity) -> int:
        return obj.n_articles

    def save_model(self, request, obj, form, change) -> None:
        match = request.resolver_match
        # A revert saves no inlines (save_related is not called): the service re-tags at once.
        reverting = match is not None and match.url_name == "policy_entity_simple_history"
        reason = "이전 버전으로 되돌림" if reverting else "관리자에서 수정"
        request._retag_entities = entity_save(entity=obj, user=request.user, reason=reason, retag=reverting)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Alias:
            return super().save_formset(request, form, formset, change)
        for alias in formset.save(commit=False):
            alias_save(alias=alias, user=request.user, retag=False)
        names_delete(objects=formset.deleted_objects, user=request.user, retag=False)
        if formset.has_changed():
            request._retag_entities = True
        return None

    def save_related(self, request, form, formsets, change) -> None:
        # The entity and its aliases are saved; re-tag once for all of them.
        super().save_related(request, form, formsets, change)
        if getattr(request, "_retag_entities", False):
            n = entities_retag()
            self.message_user(request, f"사전이 바뀌어 기사 {n}개를 다시 색인·태깅했습니다.", messages.INFO)

    # -- candidates

    def get_urls(self):
        urls = [
            path(
                "candidates/",
                self.admin_site.admin_view(self.candidates_view),
                name="policy_entity_candidates",
            )
        ]
        return urls + super().get_urls()

    def candidates_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_add_permission(request):
                raise PermissionDenied
            form = PromoteForm(request.POST)
            if form.is_valid():
                try:
                    entity = entity_promote(user=request.user, **form.cleaned_data)
                except ValueError as exc:
                    self.message_user(request, str(exc), messages.ERROR)
                else:
                    url = reverse("admin:policy_entity_change", args=[entity.pk])
                    self.message_user(
                        request,
                        format_html(
                            '개체로 만들고 기사를 다시 태깅했습니다: <a href="{}">{} ({})</a>. 별칭을 더하려면 눌러서 고치세요.',
                            url,
                            entity.name,
                            entity.get_kind_display(),
                        ),
                        messages.SUCCESS,
                    )
            else:
                self.message_user(request, f"승격할 수 없습니다: {form.errors.as_text()}", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:policy_entity_candidates"))
        context = {
            **self.admin_site.each_context(request),
            "title": "개체 후보: 자주 나오지만 아직 개체·별칭이 아닌 고유명사",
            "opts": self.model._meta,
            "candidates": entity_candidates(limit=50),
            "kinds": Entity.Kind.choices,
            "can_promote": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/policy/entity/candidates.html", context)


@admin.register(Alias)
class AliasAdmin(RetagOnDeleteMixin, HistoryAdmin):
    list_display = ["text", "entity", "needs_context"]
    list_filter = ["needs_context", "entity__kind"]
    search_fields = ["text", "entity__name"]
    autocomplete_fields = ["entity"]

    def save_model(self, request, obj, form, change) -> None:
        alias_save(alias=obj, user=request.user, reason="관리자에서 수정")
