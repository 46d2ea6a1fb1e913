"""The curation services: edits, status changes, merges, and what re-ingesting may not undo."""

from __future__ import annotations

import json

import pytest

from articles.models import Article, ArticleEntity, ArticleSource, NearDuplicate
from articles.selectors.articles import articles_text_search
from articles.services.analysis import articles_analyse, articles_reanalyse
from articles.services.curation import CurationError, article_update, articles_merge, articles_set_status
from articles.services.ingest import source_ingest
from policy.models import Entity

from .helpers import ingest_jsonl

pytestmark = pytest.mark.django_db

SEOUL_ECONOMY = "배경훈 과기정통부 장관 후보자 “인프라·데이터 보완해 글로벌 AI 경쟁 대응”"


def matches(text: str) -> set[int]:
    return set(articles_text_search(queryset=Article.objects.all(), q=text).values_list("pk", flat=True))


def active_tags(article: Article) -> set[str]:
    return set(ArticleEntity.objects.active().filter(article=article).values_list("entity__slug", flat=True))


def test_article_update_records_curated_fields_history_and_reindexes(superuser):
    article = Article.objects.get(title=SEOUL_ECONOMY)
    assert "kakao" not in active_tags(article)
    body = article.body + "\n\n카카오도 협력 의사를 밝혔다."
    updated = article_update(
        article=article,
        data={"title": "배경훈 후보자, 인프라 보완 약속", "body": body, "reporters": ["김윤수"]},
        user=superuser,
        reason="제목 정리",
    )
    assert updated.title == article.title == "배경훈 후보자, 인프라 보완 약속"
    # reporters were already ["김윤수"]: unchanged values are not curated
    assert article.curated_fields == ["title", "body"]
    # vector and tags follow the edit at once
    assert article.pk in matches("title:약속")
    assert article.pk not in matches("title:글로벌")
    assert "kakao" in active_tags(article)
    record = article.history.first()
    assert record.history_user == superuser
    assert record.history_change_reason == "제목 정리"
    delta = record.diff_against(record.prev_record)
    assert {change.field for change in delta.changes} == {"title", "body", "curated_fields"}


def test_article_update_refuses_fields_that_are_not_curated():
    article = Article.objects.first()
    with pytest.raises(CurationError, match="title_key"):
        article_update(article=article, data={"title_key": "x"})


def test_nothing_changed_writes_nothing():
    article = Article.objects.get(title=SEOUL_ECONOMY)
    before = article.history.count()
    article_update(article=article, data={"title": article.title, "status": article.status})
    assert article.history.count() == before
    assert article.curated_fields == []


def test_status_changes_are_curated_and_survive_reingest(superuser):
    article = Article.objects.get(title=SEOUL_ECONOMY)
    assert articles_set_status(articles=[article], status=Article.Status.EXCLUDED, user=superuser) == 1
    article.refresh_from_db()
    assert article.status == Article.Status.EXCLUDED and "status" in article.curated_fields
    record = {
        "title": article.title,
        "body": article.body,
        "outlet": "서울경제",
        "published_at": "2025-06-24",
    }
    report = source_ingest(name="again.jsonl", data=json.dumps(record, ensure_ascii=False).encode())
    assert (report.new, report.duplicates) == (0, 1)
    article.refresh_from_db()
    assert article.status == Article.Status.EXCLUDED
    assert article.sources.count() == 2


def test_ingest_never_changes_the_status_of_a_stored_article():
    # A copy that alone would wait for review (no date) does not send a published article back.
    article = Article.objects.get(title=SEOUL_ECONOMY)
    record = {"title": article.title, "body": article.body, "outlet": "서울경제"}
    source_ingest(name="undated-copy.jsonl", data=json.dumps(record, ensure_ascii=False).encode())
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    # ...and a copy with everything in order does not publish one under review.
    review = ingest_jsonl("a.jsonl", title="새 기사", body="내용이다. " * 40, outlet="뉴시스")
    assert review.status == Article.Status.NEEDS_REVIEW
    source_ingest(
        name="b.jsonl",
        data=json.dumps(
            {"title": "새 기사", "body": review.body, "outlet": "뉴시스", "published_at": "2025-07-01"},
            ensure_ascii=False,
        ).encode(),
    )
    review.refresh_from_db()
    assert review.status == Article.Status.NEEDS_REVIEW
    assert review.published_date is not None  # the gap was filled: the date was not curated


def test_unknown_status_is_refused():
    with pytest.raises(CurationError):
        articles_set_status(articles=Article.objects.all()[:1], status="deleted")


@pytest.fixture
def twins():
    """A stored article and a near-duplicate copy of it, as ingest links them."""
    original = Article.objects.get(title="배경훈 장관 후보자의 우선 과제는")
    copy = ingest_jsonl(
        "edited.jsonl",
        title="배경훈 장관 후보자의 우선 과제는 무엇인가",
        body=original.body.replace("평가가 나온다", "평가가 나왔다", 1) + " 카카오도 주목했다.",
        outlet="지디넷코리아",
        published_at="2025-06-24T18:00:00+09:00",
    )
    assert NearDuplicate.objects.filter(article=copy, other=original).exists()
    return original, copy


def test_merge_moves_sources_tags_and_links(superuser, twins):
    original, copy = twins
    third = Article.objects.get(title='배경훈 장관 후보자 "AI 3대 강국, 차질 없이 이행"')
    NearDuplicate.objects.create(article=copy, other=third, similarity=0.91)
    kakao = Entity.objects.get(slug="kakao")
    upstage = Entity.objects.get(slug="upstage")
    # the copy's curators: kakao is a real mention on the copy only (auto), 업스테이지 added by hand,
    # 배경훈 removed by hand (the canonical has it as an automatic tag)
    assert ArticleEntity.objects.get(article=copy, entity=kakao).origin == ArticleEntity.Origin.AUTO
    ArticleEntity.objects.create(article=copy, entity=upstage, origin=ArticleEntity.Origin.MANUAL)
    bae = ArticleEntity.objects.get(article=copy, entity__slug="bae-kyunghoon")
    bae.origin = ArticleEntity.Origin.REMOVED
    bae.save()
    copy_sources = list(ArticleSource.objects.filter(article=copy).values_list("source_id", "position"))

    articles_merge(canonical=original, others=[copy], user=superuser)

    copy.refresh_from_db()
    original.refresh_from_db()
    assert copy.merged_into == original and copy.status == Article.Status.EXCLUDED
    assert "status" in copy.curated_fields
    moved = set(ArticleSource.objects.filter(article=original).values_list("source_id", "position"))
    assert set(copy_sources) <= moved
    assert not ArticleSource.objects.filter(article=copy).exists()
    tags = {
        t.entity.slug: t.origin
        for t in ArticleEntity.objects.filter(article=original).select_related("entity")
    }
    assert tags["upstage"] == ArticleEntity.Origin.MANUAL
    assert tags["bae-kyunghoon"] == ArticleEntity.Origin.REMOVED
    # kakao is not in the canonical text: the automatic tag moved, then re-tagging dropped it
    assert "kakao" not in tags
    assert not ArticleEntity.objects.filter(article=copy).exists()
    # the copy↔original link is gone (a self-link now); copy→third became original→third
    assert not NearDuplicate.objects.filter(article=copy).exists()
    assert not NearDuplicate.objects.filter(other=copy).exists()
    assert NearDuplicate.objects.filter(article=original, other=third).exists()
    assert copy.history.first().history_user == superuser
    assert original.history.first().history_change_reason == f"#{copy.pk} 병합됨"


def test_merged_articles_redirect_and_stay_merged(client, superuser, twins):
    original, copy = twins
    articles_merge(canonical=original, others=[copy], user=superuser)
    response = client.get(f"/articles/{copy.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/articles/{original.pk}/"
    assert client.get(f"/api/articles/{copy.pk}/").status_code == 404
    # re-indexing everything does not grow tags back on the merged copy
    articles_reanalyse(verbosity=0)
    assert not ArticleEntity.objects.filter(article=copy).exists()


def test_reingesting_a_merged_story_links_the_canonical_article(superuser, twins):
    original, copy = twins
    articles_merge(canonical=original, others=[copy], user=superuser)
    count = Article.objects.count()
    record = {
        "title": copy.title,
        "body": copy.body,
        "outlet": "지디넷코리아",
        "published_at": "2025-06-24T18:00:00+09:00",
        "url": "https://zdnet.co.kr/view/?no=1",
    }
    report = source_ingest(name="copy-again.jsonl", data=json.dumps(record, ensure_ascii=False).encode())
    assert (report.new, report.duplicates) == (0, 1)
    assert report.article_ids == [original.pk]
    assert Article.objects.count() == count
    copy.refresh_from_db()
    assert copy.merged_into == original and copy.status == Article.Status.EXCLUDED
    assert not copy.article_sources.exists()
    original.refresh_from_db()
    assert original.url == "https://zdnet.co.kr/view/?no=1"


def test_merge_repoints_earlier_merges_and_refuses_bad_requests(superuser, twins):
    original, copy = twins
    third = Article.objects.get(title='배경훈 장관 후보자 "AI 3대 강국, 차질 없이 이행"')
    articles_merge(canonical=copy, others=[third], user=superuser)
    articles_merge(canonical=original, others=[copy], user=superuser)
    third.refresh_from_db()
    assert third.merged_into == original
    with pytest.raises(CurationError):
        articles_merge(canonical=copy, others=[original], user=superuser)
    with pytest.raises(CurationError):
        articles_merge(canonical=original, others=[original], user=superuser)


def test_retagging_keeps_manual_and_removed_tags():
    article = Article.objects.get(title=SEOUL_ECONOMY)
    kakao = Entity.objects.get(slug="kakao")
    ArticleEntity.objects.create(article=article, entity=kakao, origin=ArticleEntity.Origin.MANUAL)
    bae = ArticleEntity.objects.get(article=article, entity__slug="bae-kyunghoon")
    bae.origin = ArticleEntity.Origin.REMOVED
    bae.save()
    articles_analyse(ids=[article.pk])
    assert "kakao" in active_tags(article)
    assert "bae-kyunghoon" not in active_tags(article)
    assert ArticleEntity.objects.get(pk=bae.pk).origin == ArticleEntity.Origin.REMOVED
