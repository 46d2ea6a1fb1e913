from django.contrib import admin
from django.urls import include, path

from portal.site.urls import article_urls, entity_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((article_urls, "articles"))),
    path("", include((entity_urls, "policy"))),
]
