from django.urls import path

from articles import api, exports, feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/feed/", feeds.SearchFeed(), name="search-feed"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/cite.<str:fmt>", exports.article_cite, name="cite"),
    path("api/articles/", api.articles_list, name="api-list"),
    path("api/articles/export/", exports.articles_export, name="api-export"),
    path("api/articles/<int:pk>/", api.article_detail, name="api-detail"),
    path("api/schema/", exports.api_schema, name="api-schema"),
    path("api/docs/", exports.api_docs, name="api-docs"),
]
