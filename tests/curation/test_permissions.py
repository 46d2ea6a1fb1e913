"""Who may do what: the curator group, anonymous researchers, and the throttled admin login."""

from __future__ import annotations

import time

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles.models import Article, Source
from policy.models import Entity
from portal.admin import login as login_throttle

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
        "articles.view_historicalarticle",
        "policy.view_historicalentity",
    } <= perms
    assert "articles.delete_article" not in perms
    assert "articles.add_article" not in perms
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
        "reindex_articles",
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


def _login(client, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "curator", "password": password},
        REMOTE_ADDR=address,
    )


def test_admin_login_is_throttled_after_repeated_failures(client, curator):
    for _ in range(login_throttle.MAX_FAILURES):
        response = _login(client, "wrong")
        assert response.status_code == 200 and "throttled" not in response.context["form"].errors.as_json()
    # the right password is refused too while the block lasts, with a clear message
    blocked = _login(client, "curator-password-1")
    assert blocked.status_code == 200
    assert "로그인에 여러 번 실패해 잠시 막혔습니다" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    # another address is not blocked, and a success there clears that address's count only
    assert _login(client, "curator-password-1", address="10.0.0.2").status_code == 302
    client.logout()
    assert _login(client, "curator-password-1").status_code == 200


def test_a_successful_login_resets_the_count(client, curator):
    for _ in range(login_throttle.MAX_FAILURES - 1):
        _login(client, "wrong")
    assert _login(client, "curator-password-1").status_code == 302
    client.logout()
    assert login_throttle.failures("curator", "10.0.0.1") == 0
    for _ in range(login_throttle.MAX_FAILURES - 1):
        _login(client, "wrong")
    assert _login(client, "curator-password-1").status_code == 302


def test_failure_counts_ignore_case_and_expire(monkeypatch):
    monkeypatch.setattr(login_throttle, "WINDOW_SECONDS", 1)
    for _ in range(login_throttle.MAX_FAILURES):
        login_throttle.record_failure("Curator", "10.0.0.3")
    assert login_throttle.is_blocked("curator", "10.0.0.3")
    assert not login_throttle.is_blocked("curator", "10.0.0.4")
    time.sleep(1.1)
    assert not login_throttle.is_blocked("curator", "10.0.0.3")
