"""More query parameters than Django parses (DATA_UPLOAD_MAX_NUMBER_FIELDS) get the same 400 as any
other bad parameter, naming the key sent most often; Django's own answer was a bare English page,
even on the JSON API (found by tests/fuzz)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def flood(key: str, value: str = "1") -> str:
    pairs = [f"{quote(key)}={quote(value)}"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)
    return "&".join(["q=" + quote("배경훈"), *pairs])


@pytest.mark.parametrize("path", ["/api/articles/", "/search/feed/"])
def test_the_api_and_the_feed_name_the_flooded_key(client, path):
    response = client.get(path, QUERY_STRING=flood("person", "배경훈"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["param"] == "person"
    assert f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}개까지" in error["message"]


def test_a_korean_key_is_named_as_typed(client):
    response = client.get("/api/articles/", QUERY_STRING=flood("기자"))
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "기자"


def test_the_search_page_says_what_to_fix(client):
    response = client.get("/search/", QUERY_STRING=flood("outlet", "zdnet-korea"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="search-error"' in page and "검색 조건이 너무 많습니다" in page


def test_up_to_the_limit_is_an_ordinary_search(client):
    # Keys no view reads (a tracker's, say) up to Django's limit are ignored, as one would be.
    pairs = ["utm_source=feed"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS - 1)
    response = client.get("/api/articles/", QUERY_STRING="&".join(["q=" + quote("배경훈"), *pairs]))
    assert response.status_code == 200
    assert response.json()["count"] == 14
