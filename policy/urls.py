from django.urls import path

from policy import views

app_name = "policy"

urlpatterns = [
    path("people/<slug:slug>/", views.entity_detail, {"kind": "person"}, name="person"),
    path("programmes/<slug:slug>/", views.entity_detail, {"kind": "programme"}, name="programme"),
    path("organisations/<slug:slug>/", views.entity_detail, {"kind": "organisation"}, name="organisation"),
]
