"""Near-duplicates found through the MinHash key index (articles.services.near_duplicates): the same
pairs the exact rule gives (same outlet, within NEAR_DUPLICATE_DAYS, Jaccard of shingles at least
NEAR_DUPLICATE_THRESHOLD), keys kept in step with the body, and the backfill command."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from articles.ingest import minhash
from articles.ingest.dedup import NEAR_DUPLICATE_THRESHOLD, similarity
from articles.models import Article, NearDuplicate
from articles.services.curation import article_update
from articles.services.ingest import source_ingest
from articles.services.near_duplicates import NEAR_DUPLICATE_DAYS, NearDuplicateFinder

pytestmark = pytest.mark.django_db

ADDED = "정부는 이달 중 세부 추진 계획을 내놓을 예정이다."


def _ingest(name: str, *records: dict):
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    report = source_ingest(name=name, data=data)
    assert report.status == "new", report
    return report


def _record(article: Article, *, body: str, title: str, **fields) -> dict:
    record = {"title": title, "body": body, "outlet": article.outlet.name}
    if article.published_date:
        record["published_at"] = f"{article.published_date.isoformat()}T20:00:00+09:00"
    return record | fields


def _edits(body: str) -> list[str]:
    """Copies of a body as re-editing leaves them: a word corrected, a sentence added, the last one
    dropped, all three (some stay near-duplicates, some do not)."""
    sentences = body.split(". ")
    corrected = body.replace("했다", "했다고 밝혔다", 1)
    return [
        corrected,
        body + " " + ADDED,
        ". ".join(sentences[:-1]) if len(sentences) > 2 else body + " 끝.",
        ". ".join(corrected.split(". ")[1:-1]) + " " + ADDED,
    ]


def _within(a: Article, b: Article) -> bool:
    if a.published_date is None or b.published_date is None:
        return True
    return abs(a.published_date - b.published_date) <= dt.timedelta(days=NEAR_DUPLICATE_DAYS)


def test_every_pair_the_exact_rule_accepts_is_found_and_no_other():
    stored = list(Article.objects.filter(merged_into__isnull=True))
    records = [
        _record(article, body=body, title=f"{article.title} ({n}보)")
        for article in stored
        for n, body in enumerate(_edits(article.body), start=2)
    ]
    report = _ingest("copies.jsonl", *records)
    new = list(Article.objects.filter(pk__in=report.created_ids).order_by("pk"))
    assert len(new) > 100
    expected = set()
    for i, article in enumerate(new):
        # Stored articles, and the new ones created before it in the same file.
        for other in [*stored, *new[:i]]:
            if other.outlet_id != article.outlet_id or not _within(article, other):
                continue
            if similarity(article.body, other.body) >= NEAR_DUPLICATE_THRESHOLD:
                expected.add((article.pk, other.pk))
    found = set(NearDuplicate.objects.filter(article__in=new).values_list("article_id", "other_id"))
    assert len(expected) > 100  # the edits make many near-duplicates, and leave some below the rule
    assert found == expected
    assert report.near_duplicates == len({a for a, _ in expected})


def test_only_the_same_outlet_within_the_window_is_near():
    original = Article.objects.get(title="배경훈 장관 후보자의 우선 과제는")
    body = original.body + " " + ADDED
    assert similarity(original.body, body) >= NEAR_DUPLICATE_THRESHOLD
    later = original.published_date + dt.timedelta(days=NEAR_DUPLICATE_DAYS + 1)
    report = _ingest(
        "apart.jsonl",
        _record(original, body=body, title="한 달 뒤의 같은 기사", published_at=f"{later}T09:00:00+09:00"),
        _record(
            original, body=body.replace("AI", "인공지능", 1), title="다른 매체의 같은 기사", outlet="뉴시스"
        ),
    )
    assert report.near_duplicates == 0
    later_copy = Article.objects.get(title="한 달 뒤의 같은 기사")
    undated = {"title": "날짜 없는 같은 기사", "body": body + " 끝.", "outlet": original.outlet.name}
    report = _ingest("undated.jsonl", undated)
    copy = Article.objects.get(pk=report.created_ids[0])
    assert copy.published_date is None
    # Undated: near every date of the outlet, so both the original and the copy a month later.
    twins = set(NearDuplicate.objects.filter(article=copy).values_list("other_id", flat=True))
    assert twins == {original.pk, later_copy.pk}
    assert report.near_duplicates == 1


def test_a_chunk_spanning_years_reads_only_the_articles_near_one_of_its_own():
    # Each new article's own week counts, not the span of the chunk: a stored article sharing a key
    # with a new one of another year is not read (with its body) at all.
    original = Article.objects.get(title="배경훈 장관 후보자의 우선 과제는")
    day = original.published_date
    copy = Article(outlet=original.outlet, body=original.body + " " + ADDED, published_date=day)
    far = Article(
        outlet=original.outlet,
        body=original.body + " " + ADDED,
        published_date=day + dt.timedelta(days=3 * 365),
    )
    early = Article(
        outlet=original.outlet, body="전혀 다른 기사의 본문이다.", published_date=day - dt.timedelta(days=365)
    )
    assert NearDuplicateFinder([far, early])._rows == {}
    finder = NearDuplicateFinder([copy, far, early])
    assert set(finder._rows) == {original.pk}
    assert [pk for pk, _ in finder.twins(copy)] == [original.pk] and finder.twins(far) == []


def test_the_keys_follow_the_body_whoever_changes_it():
    article = Article.objects.get(title="배경훈 장관 후보자의 우선 과제는")
    assert article.near_keys == minhash.near_keys(article.body)
    rewritten = "큐레이터가 본문을 고쳤다. " * 3 + "데이터센터 전력 문제를 먼저 풀어야 한다는 지적이 나온다."
    article_update(article=article, data={"body": rewritten}, reason="본문 교정")
    article.refresh_from_db()
    assert article.near_keys == minhash.near_keys(rewritten)
    report = _ingest(
        "after-edit.jsonl", _record(article, body=rewritten + " 추가.", title="고친 본문의 사본")
    )
    copy = Article.objects.get(pk=report.created_ids[0])
    assert NearDuplicate.objects.filter(article=copy, other=article).exists()
    # A save that leaves the body alone leaves the keys alone.
    Article.objects.filter(pk=article.pk).update(near_keys=[1, 2])
    article.refresh_from_db()
    article.url = "https://zdnet.co.kr/view/?no=1"
    article.save(update_fields=["url"])
    article.refresh_from_db()
    assert article.near_keys == [1, 2]


def test_articles_without_keys_are_found_after_the_backfill():
    original = Article.objects.get(title="배경훈 장관 후보자의 우선 과제는")
    Article.objects.update(near_keys=None)  # as rows written with SQL, or before the migration
    body = original.body + " " + ADDED
    report = _ingest("before.jsonl", _record(original, body=body, title="키가 없을 때의 사본"))
    assert report.near_duplicates == 0  # candidates come from the key index only

    out = io.StringIO()
    call_command("near_duplicate_keys", "--dry-run", stdout=out)
    missing = Article.objects.filter(near_keys__isnull=True).count()
    assert missing > 30 and f"would compute the near-duplicate keys of {missing} article(s)" in out.getvalue()
    assert Article.objects.filter(near_keys__isnull=True).count() == missing

    call_command("near_duplicate_keys", stdout=out)
    assert not Article.objects.filter(near_keys__isnull=True).exists()
    original.refresh_from_db()
    assert original.near_keys == minhash.near_keys(original.body)
    report = _ingest("after.jsonl", _record(original, body=body + " 끝.", title="키가 생긴 뒤의 사본"))
    copy = Article.objects.get(pk=report.created_ids[0])
    assert NearDuplicate.objects.filter(article=copy, other=original).exists()

    out = io.StringIO()
    call_command("near_duplicate_keys", "--rebuild", stdout=out)
    assert f"computed the near-duplicate keys of {Article.objects.count()} article(s)" in out.getvalue()
