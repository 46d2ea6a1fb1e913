from django.contrib import admin

from articles.models import Article, ArticleSource, NearDuplicate, Outlet, Source


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "domain"]
    search_fields = ["name", "name_en", "domain"]
    prepopulated_fields = {"slug": ["name_en"]}


class ArticleSourceInline(admin.TabularInline):
    model = ArticleSource
    extra = 0
    can_delete = False
    readonly_fields = ["source", "position"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class NearDuplicateInline(admin.TabularInline):
    model = NearDuplicate
    fk_name = "article"
    extra = 0
    readonly_fields = ["other", "similarity", "created_at"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_date", "published_time", "status"]
    list_filter = ["status", "outlet", "published_date"]
    search_fields = ["title"]
    date_hierarchy = "published_date"
    readonly_fields = ["review_reasons", "curated_fields", "created_at", "updated_at"]
    inlines = [ArticleSourceInline, NearDuplicateInline]
    list_select_related = ["outlet"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["file_name", "format", "size", "ingested_at"]
    list_filter = ["format"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = ["file_name", "sha256", "format", "size", "raw_text", "ingested_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The change page doubles as a read-only view; nothing on it can be saved.
        return request.method in ("GET", "HEAD") and super().has_view_permission(request, obj)
