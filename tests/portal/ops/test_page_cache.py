"""Anonymous readers' pages from the shared cache, keyed by the archive's version (portal/ops/page_cache.py).

The staleness tests commit, as a server does (the version moves at COMMIT: a test's rolled-back
transaction never gets there), so they are transactional and put the demo archive back after them,
as the browser tests do.
"""

from __future__ import annotations

import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from articles.models import Article, ArticleEntity
from articles.services.curation import articles_set_status
from portal.ops.page_cache import STATUS_HEADER
from tests import factories

SEARCH = "/search/?q=AI"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


def _reload_demo() -> None:
    from articles.search.backends import search_backend

    call_command("loaddemo", verbosity=0)
    search_backend().rebuild()


@pytest.fixture(scope="module", autouse=True)
def _restore_demo_archive(django_db_blocker):
    # Transactional tests end with every table emptied: later modules expect the demo archive.
    yield
    with django_db_blocker.unblock():
        if not Article.objects.exists():
            _reload_demo()


@pytest.fixture
def committed(_restore_demo_archive, transactional_db):
    """The demo archive, in a test whose writes commit (loaded again after an earlier flush)."""
    if not Article.objects.exists():
        _reload_demo()


def _word() -> str:
    # A word no other article holds (Kiwi keeps a Latin token whole), so the search finds exactly
    # what the test ingests.
    return "qz" + uuid.uuid4().hex[:10]


def _count(response) -> int:
    return int(BeautifulSoup(response.content, "lxml").select_one("#results-title strong").get_text())


# --- served from the cache, with the headers a proxy needs -----------------------------------------


@pytest.mark.django_db
def test_an_anonymous_page_is_stored_then_served_from_the_cache(client):
    first = client.get(SEARCH)
    second = client.get(SEARCH)
    assert first.status_code == second.status_code == 200
    assert (first[STATUS_HEADER], second[STATUS_HEADER]) == ("miss", "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    cache_control = second["Cache-Control"]
    assert "public" in cache_control and "max-age=" in cache_control
    assert "Cookie" in second["Vary"]
    assert second["Last-Modified"]


@pytest.mark.django_db
def test_a_matching_if_none_match_is_answered_304_without_a_body(client):
    etag = client.get(SEARCH)["ETag"]
    response = client.get(SEARCH, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert client.get(SEARCH, HTTP_IF_NONE_MATCH='"another-version"').status_code == 200


@pytest.mark.django_db
def test_api_answers_are_cached_and_conditional_too(client):
    first = client.get("/api/articles/?q=AI")
    assert first.status_code == 200 and "public" in first["Cache-Control"]
    assert client.get("/api/articles/?q=AI", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.django_db
def test_curators_are_never_served_a_cached_page_nor_a_public_one(client, admin_user):
    anonymous = client.get(SEARCH)
    assert client.get(SEARCH)[STATUS_HEADER] == "hit"
    client.force_login(admin_user)
    for url in (SEARCH, "/", "/api/articles/?q=AI", "/admin/"):
        response = client.get(url, HTTP_IF_NONE_MATCH=anonymous["ETag"])
        assert response.status_code == 200, url
        assert STATUS_HEADER not in response, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url


@pytest.mark.django_db
def test_a_page_that_sets_a_cookie_is_not_stored(client):
    client.get("/admin/login/")  # sets the CSRF cookie: the client now sends it back
    response = client.get("/admin/login/")
    assert STATUS_HEADER not in response
    assert "public" not in response.get("Cache-Control", "")


EXPORT = "/api/articles/export/?format=csv&q=AI"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_an_export_sent_to_the_end_is_stored_and_served_again(client):
    first = client.get(EXPORT)
    assert first.streaming and first[STATUS_HEADER] == "miss"
    assert client.get(EXPORT)[STATUS_HEADER] == "miss"  # the first one was never read to its end
    sent = _body(client.get(EXPORT))
    again = client.get(EXPORT)
    assert again[STATUS_HEADER] == "hit"
    assert _body(again) == sent and sent.count(b"\r\n") > 2
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Content-Disposition"].startswith('attachment; filename="ai-policy-news-')


@pytest.mark.django_db
def test_an_export_longer_than_the_limit_is_not_stored(client, settings):
    settings.PAGE_CACHE_STREAM_MAX_BYTES = 200
    assert len(_body(client.get(EXPORT))) > 200
    assert client.get(EXPORT)[STATUS_HEADER] == "miss"


# --- never stale after a write (committed, as on a server) -----------------------------------------


def test_a_cached_search_shows_an_article_ingested_after_it(client, committed):
    word = _word()
    page, api = f"/search/?q={word}", f"/api/articles/?q={word}"
    assert client.get(page)[STATUS_HEADER] == client.get(api)[STATUS_HEADER] == "miss"
    before = client.get(page)
    assert before[STATUS_HEADER] == "hit"
    assert client.get(api).json()["count"] == 0
    article = factories.article(title=f"{word} 정책 발표", published_at="2026-01-05T09:00:00+09:00")
    assert article.status == Article.Status.PUBLISHED, article.review_reasons
    after = client.get(page)
    assert after[STATUS_HEADER] == "miss"
    assert _count(after) == 1
    assert [a["title"] for a in client.get(api).json()["results"]] == [f"{word} 정책 발표"]
    assert after["ETag"] != before["ETag"]
    # The reader's copy is no longer current: its ETag gets the new page, not a 304.
    assert client.get(page, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_a_stored_export_follows_an_article_ingested_after_it(client, committed):
    word = _word()
    export = f"/api/articles/export/?format=jsonl&q={word}"
    assert _body(client.get(export)) == b""
    assert client.get(export)[STATUS_HEADER] == "hit"
    factories.article(title=f"{word} 정책 발표", published_at="2026-01-05T09:00:00+09:00")
    after = client.get(export)
    assert after[STATUS_HEADER] == "miss"
    assert word in _body(after).decode()


def test_a_cached_article_page_follows_a_curators_exclusion(client, committed):
    article = Article.objects.readable().first()
    url = f"/articles/{article.pk}/"
    assert client.get(url).status_code == 200
    assert client.get(url)[STATUS_HEADER] == "hit"
    articles_set_status(articles=[article], status=Article.Status.EXCLUDED, reason="test")
    assert client.get(url).status_code == 404


def test_a_cached_facet_and_entity_page_follow_a_tag_removed_by_hand(client, committed):
    tag = (
        ArticleEntity.objects.active()
        .select_related("entity")
        .filter(article__in=Article.objects.readable())
        .first()
    )
    entity = tag.entity
    search = f"/search/?{entity.kind}={entity.slug}"
    page = f"/{'people' if entity.kind == 'person' else entity.kind + 's'}/{entity.slug}/"
    api = f"/api/articles/?{entity.kind}={entity.slug}&page_size=100"
    before = _count(client.get(search))
    client.get(page)
    assert client.get(search)[STATUS_HEADER] == client.get(page)[STATUS_HEADER] == "hit"
    assert any(a["id"] == tag.article_id for a in client.get(api).json()["results"])
    tag.origin = ArticleEntity.Origin.REMOVED
    tag.save()  # as the admin's tag inline does
    assert _count(client.get(search)) == before - 1
    assert not any(a["id"] == tag.article_id for a in client.get(api).json()["results"])
    assert client.get(page)[STATUS_HEADER] == "miss"
