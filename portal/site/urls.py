"""The public site's URLs. Names keep their namespaces: ``articles:`` for article pages, search,
exports and the API; ``policy:`` for entity pages."""

from django.urls import URLPattern, URLResolver, include, path

from portal.api import views as api
from portal.site import analysis, entities, exports, feeds, quotes, views

article_urls: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/feed/", feeds.SearchFeed(), name="search-feed"),
    path("analysis/", analysis.analysis, name="analysis"),
    path("analysis/compare/", analysis.compare, name="analysis-compare"),
    path("quotes/", quotes.quotes, name="quotes"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/cite.<str:fmt>", exports.article_cite, name="cite"),
    path("api/articles/export/", exports.articles_export, name="api-export"),
    path("api/quotes/export/", exports.quotes_export, name="api-quotes-export"),
    path("api/analysis/<slug:name>/export/", analysis.analysis_export, name="api-analysis-export"),
    path("api/docs/", exports.api_docs, name="api-docs"),
    # The JSON API (django-ninja), its OpenAPI document and its interactive docs.
    path("api/", include(api.urlpatterns)),
]

entity_urls: list[URLPattern | URLResolver] = [
    path("people/<slug:slug>/", entities.entity_detail, {"kind": "person"}, name="person"),
    path("programmes/<slug:slug>/", entities.entity_detail, {"kind": "programme"}, name="programme"),
    path("organisations/<slug:slug>/", entities.entity_detail, {"kind": "organisation"}, name="organisation"),
]
