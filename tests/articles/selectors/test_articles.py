"""The portal's reads on the demo archive: chart periods, filter counts, home summaries, related articles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleEntity, NearDuplicate
from articles.search.request import search_request_parse
from articles.selectors.articles import article_duplicates, article_related, entities_latest_coverage
from articles.selectors.search import articles_search, search_counts
from articles.selectors.timeline import search_timeline
from policy.models import Entity

pytestmark = pytest.mark.django_db


def params_of(query: str):
    return search_request_parse(QueryDict(query))


def article(title_start: str) -> Article:
    return Article.objects.get(title__startswith=title_start)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=배경훈",
        "q=배경훈&person=ha-jungwoo",
        "person=bae-kyunghoon&person=ha-jungwoo&outlet=zdnet-korea",
        "q=컴퓨팅센터&month=2025-06&from=2025-06-10",
        "reporter=조이환&programme=sovereign-ai-foundation-model",
        "organisation=lg-ai-research&to=2025-06-20",
    ],
)
def test_search_count_agrees_with_the_search_selector(query):
    params = params_of(query)
    assert search_counts(params, skips=[()]) == [
        articles_search(request=params, facets=False, snippets=False).count
    ]


def test_search_count_without_a_filter_is_the_search_without_it():
    params = params_of("q=배경훈&person=ha-jungwoo")
    assert search_counts(params, skips=[{"person"}]) == [articles_search(request=params_of("q=배경훈")).count]
    assert search_counts(params, skips=[{"q"}]) == [
        articles_search(request=params_of("person=ha-jungwoo")).count
    ]


def timeline_of(query: str):
    params = params_of(query)
    result = articles_search(request=params)
    return search_timeline(params, month_facet=result.facets["month"]), result


def test_a_long_span_is_charted_per_month_with_empty_months_filled():
    timeline, result = timeline_of("")
    assert timeline.granularity == "month"
    starts = [b.start for b in timeline.buckets]
    assert starts == [dt.date(2025, m, 1) for m in range(2, 10)]  # February to September, gaps included
    assert {b.start.month: b.count for b in timeline.buckets}[4] == 0
    assert sum(b.count for b in timeline.buckets) == result.count
    assert timeline.buckets[4].end == dt.date(2025, 6, 30)


def test_a_short_span_is_charted_per_iso_week():
    timeline, result = timeline_of("from=2025-06-01&to=2025-06-30")
    assert timeline.granularity == "week"
    assert all(b.start.weekday() == 0 for b in timeline.buckets[1:])
    # The axis covers the requested range, clipped to it: Sunday 1 June is in the week of 26 May.
    assert timeline.buckets[0].start == dt.date(2025, 6, 1)
    assert timeline.buckets[-1].end == dt.date(2025, 6, 30)
    assert sum(b.count for b in timeline.buckets) == result.count
    for bucket in timeline.buckets:
        in_bucket = Article.objects.readable().filter(published_date__range=(bucket.start, bucket.end))
        assert bucket.count == in_bucket.count()


def test_the_chart_ignores_the_month_filter_like_the_month_facet():
    with_month, _ = timeline_of("q=배경훈&month=2025-02")
    without, _ = timeline_of("q=배경훈")
    assert with_month == without


def test_nothing_matching_draws_no_chart():
    timeline, _ = timeline_of("q=존재하지않는낱말")
    assert timeline.buckets == []


def test_entities_latest_coverage_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        entities = entities_latest_coverage()
    assert {e.kind for e in entities} == {Entity.Kind.PERSON, Entity.Kind.PROGRAMME}
    bae = next(e for e in entities if e.slug == "bae-kyunghoon")
    tagged = Article.objects.readable().filter(entity_tags__entity=bae).exclude(entity_tags__origin="removed")
    assert bae.article_count == tagged.count() == 14
    newest = tagged.order_by("-published_date", "-published_time").first()
    assert (bae.latest_id, bae.latest_title, bae.latest_date) == (
        newest.pk,
        newest.title,
        newest.published_date,
    )
    dates = [e.latest_date for e in entities]
    assert dates == sorted(dates, reverse=True)


def test_entities_latest_coverage_skips_removed_tags_and_unpublished_articles():
    bae = Entity.objects.get(slug="bae-kyunghoon")
    before = next(e for e in entities_latest_coverage() if e.pk == bae.pk)
    ArticleEntity.objects.filter(entity=bae, article_id=before.latest_id).update(
        origin=ArticleEntity.Origin.REMOVED
    )
    after = next(e for e in entities_latest_coverage() if e.pk == bae.pk)
    assert after.article_count == before.article_count - 1
    assert after.latest_id != before.latest_id
    Article.objects.filter(pk=after.latest_id).update(status=Article.Status.NEEDS_REVIEW)
    again = next(e for e in entities_latest_coverage() if e.pk == bae.pk)
    assert again.article_count == before.article_count - 2


def test_related_articles_share_words_and_entities():
    source = article("배경훈·하정우 듀오")
    related = article_related(source)
    assert len(related) == 5
    assert source not in related
    # The national AI computing centre stories come first: same programme, same distinctive words.
    assert sum("컴퓨팅센터" in a.title for a in related[:3]) == 3
    scores = [a.score for a in related]
    assert scores == sorted(scores, reverse=True)


def test_related_articles_leave_out_unreadable_articles_and_near_duplicates():
    source = article("배경훈·하정우 듀오")
    first, second, third = article_related(source)[:3]
    Article.objects.filter(pk=first.pk).update(status=Article.Status.EXCLUDED)
    Article.objects.filter(pk=second.pk).update(merged_into=source)
    NearDuplicate.objects.create(article=third, other=source, similarity=0.93)
    related = article_related(source, limit=10)
    assert not {first.pk, second.pk, third.pk} & {a.pk for a in related}


def test_related_articles_cost_the_same_queries_for_any_limit():
    source = article("배경훈 장관 후보자의 우선 과제는")
    article_related(source)  # warm the Kiwi dictionary
    counts = []
    for limit in (1, 10):
        with CaptureQueriesContext(connection) as ctx:
            assert len(article_related(source, limit=limit)) == limit
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 8


def test_duplicates_in_both_directions_and_merged_articles():
    source = article("배경훈 장관 후보자의 우선 과제는")
    a, b, c = Article.objects.exclude(pk=source.pk).order_by("pk")[:3]
    NearDuplicate.objects.create(article=source, other=a, similarity=0.91)
    NearDuplicate.objects.create(article=b, other=source, similarity=0.97)
    Article.objects.filter(pk=c.pk).update(merged_into=source, status=Article.Status.EXCLUDED)
    duplicates = article_duplicates(source)
    assert [(o.pk, s) for o, s in duplicates.near] == [(b.pk, 0.97), (a.pk, 0.91)]
    assert [o.pk for o in duplicates.merged_from] == [c.pk]
    assert duplicates
    assert not article_duplicates(a).merged_from


def test_related_by_entities_alone_when_no_title_word_is_shared():
    koo = Entity.objects.get(slug="koo-kwangmo")
    lonely = Article.objects.create(
        title="쀍쀍쀍 뷁뷁뷁", body="본문", outlet=Article.objects.first().outlet, reporters=[]
    )
    ArticleEntity.objects.create(article=lonely, entity=koo, mentions=1)
    related = article_related(lonely)
    tagged = set(
        ArticleEntity.objects.active()
        .filter(entity=koo)
        .exclude(article=lonely)
        .values_list("article", flat=True)
    )
    assert {a.pk for a in related} == tagged
    assert all(a.score == pytest.approx(1.0) for a in related)


def test_an_article_with_nothing_in_common_has_no_related_articles():
    lonely = Article.objects.create(
        title="쀍쀍쀍 뷁뷁뷁", body="본문", outlet=Article.objects.first().outlet, reporters=[]
    )
    assert article_related(lonely) == []


def test_related_articles_from_the_index_match_the_sql_reference():
    # The index only narrows the candidates and gives the frequencies; the ranking is the same SQL.
    # On the demo archive every candidate fits in the short list, so the answers must be equal.
    from django.test import override_settings

    for source in Article.objects.readable().order_by("pk")[:12]:
        with override_settings(SEARCH_BACKEND="postgres"):
            reference = article_related(source, limit=8)
        with override_settings(SEARCH_BACKEND="tantivy"):
            indexed = article_related(source, limit=8)
        assert [a.pk for a in indexed] == [a.pk for a in reference], source.title
        assert [a.score for a in indexed] == pytest.approx([a.score for a in reference], rel=1e-9)
