from django.urls import path

from articles import api, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("api/articles/", api.articles_list, name="api-list"),
    path("api/articles/<int:pk>/", api.article_detail, name="api-detail"),
]
