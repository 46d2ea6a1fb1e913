"""A curator, in a real headless Chromium, fixes the tags of an article in the review queue and publishes it.

Uses the browser fixtures of tests/browser/conftest.py (``page``: Debian's Chromium on the live
server, with the demo archive reloaded after a flush).
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from articles.models import Article, ArticleEntity
from articles.services.ingest import source_ingest
from tests.curation.helpers import curator_group

pytestmark = pytest.mark.browser


@pytest.fixture
def curator(demo_archive, django_user_model):
    user = django_user_model.objects.create_user("mina", "mina@example.org", "mina-curator-pw", is_staff=True)
    user.groups.add(curator_group())
    return user


@pytest.fixture
def queued_article(demo_archive) -> Article:
    """An undated article in the review queue: 네이버 is tagged for a passing mention, and the
    programme it is about is named informally, so the tagger missed it."""
    record = {
        "title": "정부 AI 컴퓨팅 인프라 사업, 민간 참여 확대",
        "body": "정부가 대형 컴퓨팅 인프라 사업의 민간 참여를 늘린다. 공모 조건도 다시 손본다.\n\n"
        "간담회 장소는 네이버 지도에도 나오지 않는 작은 회의실이었다. " + "업계는 환영했다. " * 15,
        "outlet": "연합뉴스",
    }
    report = source_ingest(name="queued.jsonl", data=json.dumps(record, ensure_ascii=False).encode())
    article = Article.objects.get(pk=report.article_ids[0])
    assert article.status == Article.Status.NEEDS_REVIEW
    assert ArticleEntity.objects.active().filter(article=article, entity__slug="naver").exists()
    return article


def test_curator_fixes_tags_and_publishes_from_the_review_queue(page, curator, queued_article):
    base = page.base
    page.goto(f"{base}/admin/login/?next=/admin/articles/article/")
    page.fill("#id_username", "mina")
    page.fill("#id_password", "mina-curator-pw")
    page.click("input[type=submit]")

    # The review queue comes first, with the reason the article waits.
    first_row = page.locator("#result_list tbody tr").first
    expect(first_row).to_contain_text(queued_article.title)
    expect(first_row).to_contain_text("date unknown")
    first_row.get_by_role("link", name=queued_article.title).click()

    # Remove the wrong tag: the row stays, marked as removed by hand.
    expect(page.locator(".tag-help")).to_contain_text("수동 제거")
    tags = page.locator("#entity_tags-group")
    naver_row = tags.locator("tr.has_original", has_text="네이버")
    naver_row.locator("input[name$='-DELETE']").check()

    # Add the programme the article is about, through the entity autocomplete.
    empty_row = tags.locator("tr.form-row:not(.has_original):not(.empty-form)").first
    empty_row.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("국가AI")
    page.locator(".select2-results__option", has_text="국가AI컴퓨팅센터").click()
    expect(empty_row.locator("select[name$='-origin']")).to_have_value("manual")

    # Publish and save.
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    expect(page.locator("ul.messagelist li.success")).to_be_visible()

    # Researchers now see it, tagged with the programme and without 네이버.
    page.goto(f"{base}/articles/{queued_article.pk}/")
    expect(page.locator("body")).to_contain_text(queued_article.title)
    api = page.request.get(f"{base}/api/articles/{queued_article.pk}/").json()

    assert "국가AI컴퓨팅센터" in api["programmes"]
    assert "네이버" not in api["organisations"]
    queued_article.refresh_from_db()
    assert queued_article.status == Article.Status.PUBLISHED
    assert "status" in queued_article.curated_fields
    assert queued_article.history.first().history_user == curator
    origins = {
        t.entity.slug: t.origin
        for t in ArticleEntity.objects.filter(article=queued_article).select_related("entity")
    }
    assert origins["naver"] == ArticleEntity.Origin.REMOVED
    assert origins["national-ai-computing-center"] == ArticleEntity.Origin.MANUAL
