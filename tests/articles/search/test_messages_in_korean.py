"""A bad parameter is explained in Korean whatever language the reader's browser asks for: Django's
own messages (an impossible date) followed Accept-Language, so the page and the API mixed English,
French or Chinese into Korean answers (found by tests/fuzz)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr-CH, fr;q=0.9, en;q=0.8", "zh-hans", "ja"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/api/articles/", "/search/feed/", "/api/articles/export/"])
def test_the_api_explains_in_korean(client, path, language):
    response = client.get(path, {"from": "2025-02-30"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response.json()["error"] == {"param": "from", "message": "from: 올바른 날짜를 입력하세요."}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_search_page_explains_in_korean(client, language):
    response = client.get("/search/", {"to": "2025-13-01"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert "to: 올바른 날짜를 입력하세요." in response.content.decode()
