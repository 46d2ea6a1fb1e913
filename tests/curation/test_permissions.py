"""Who may do what: the curator group and anonymous researchers. The admin login throttle is
tested in tests/portal/admin/test_login.py."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles.models import Article, Source
from policy.models import Entity

from .helpers import curator_group

pytestmark = pytest.mark.django_db


def test_curator_group_has_exactly_what_curation_needs():
    perms = {f"{p.content_type.app_label}.{p.codename}" for p in curator_group().permissions.all()}
    assert {
        "articles.view_article",
        "articles.change_article",
        "articles.view_source",
        "articles.change_outlet",
        "policy.add_alias",
        "policy.delete_alias",
        "policy.change_entity",
        "articles.add_articleentity",
        # Upload article files in the admin (the only way a curator adds articles).
        "articles.add_article",
        "articles.view_historicalarticle",
        "policy.view_historicalentity",
    } <= perms
    assert "articles.delete_article" not in perms
    assert "articles.change_source" not in perms
    assert not {p for p in perms if p.startswith(("auth.", "admin.", "contenttypes.", "sessions."))}


def test_curator_can_curate(curator_client, curator, review_article):
    assert curator_client.get("/admin/").status_code == 200
    assert curator_client.get("/admin/articles/article/").status_code == 200
    page = curator_client.get(reverse("admin:articles_article_change", args=[review_article.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="title"' in html and 'name="entity_tags-TOTAL_FORMS"' in html
    assert (
        curator_client.get(reverse("admin:articles_article_history", args=[review_article.pk])).status_code
        == 200
    )
    curator_client.post(reverse("admin:articles_article_accept", args=[review_article.pk]))
    review_article.refresh_from_db()
    assert review_article.status == Article.Status.PUBLISHED
    assert review_article.history.first().history_user == curator
    assert curator_client.get("/admin/policy/entity/").status_code == 200
    assert curator_client.get(reverse("admin:policy_entity_candidates")).status_code == 200
    source = Source.objects.first()
    assert curator_client.get(reverse("admin:articles_source_change", args=[source.pk])).status_code == 200


def test_curator_cannot_delete_articles_or_manage_users(curator_client):
    article = Article.objects.first()
    assert curator_client.get(reverse("admin:articles_article_delete", args=[article.pk])).status_code == 403
    assert curator_client.get("/admin/auth/user/").status_code == 403
    assert curator_client.get("/admin/auth/group/").status_code == 403
    changelist = curator_client.get("/admin/articles/article/")
    actions = dict(changelist.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions
    assert {
        "publish_articles",
        "exclude_articles",
        "retag_articles",
        "reanalyse_articles",
        "merge_articles",
    } <= set(actions)
    response = curator_client.post(
        "/admin/articles/article/", {"action": "delete_selected", ACTION_CHECKBOX_NAME: [article.pk]}
    )
    assert Article.objects.filter(pk=article.pk).exists()
    assert response.status_code in (200, 302)


def test_staff_without_the_group_sees_nothing(client, django_user_model):
    user = django_user_model.objects.create_user("plain", "p@example.org", "pw-plain-123", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/articles/article/").status_code == 403
    assert (
        client.post(reverse("admin:articles_article_accept", args=[Article.objects.first().pk])).status_code
        == 403
    )


def test_anonymous_researchers_see_only_published_articles(client, review_article):
    excluded = Article.objects.get(title="배경훈 장관 후보자의 우선 과제는")
    excluded.status = Article.Status.EXCLUDED
    excluded.save()
    published = Article.objects.readable().first()
    assert client.get(f"/articles/{published.pk}/").status_code == 200
    for hidden in (review_article, excluded):
        assert client.get(f"/articles/{hidden.pk}/").status_code == 404
        assert client.get(f"/api/articles/{hidden.pk}/").status_code == 404
    ids = {r["id"] for r in client.get("/api/articles/?page_size=100").json()["results"]}
    assert ids == set(Article.objects.readable().values_list("pk", flat=True))
    assert review_article.pk not in ids and excluded.pk not in ids
    # the admin asks anonymous users to log in
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get(reverse("admin:policy_entity_candidates")).status_code == 302
    assert Entity.objects.exists()
