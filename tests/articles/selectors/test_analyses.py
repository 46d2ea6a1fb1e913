"""The analyses of a search, against what PostgreSQL counts on the same archive: attention (counts,
coverage, shares, every bucket), associated words (document frequencies and Dunning's G², by hand)
and the co-mention network (node and edge weights, links that find exactly the counted articles).
Each runs on both search backends; the tantivy index must agree with the PostgreSQL reference."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import override_settings

from articles.models import Article, ArticleEntity
from articles.search.analyses import compared_parse
from articles.search.request import search_request_parse
from articles.selectors.attention import bucket_end, bucket_start, search_attention, searches_compare
from articles.selectors.network import search_network
from articles.selectors.search import articles_search
from articles.selectors.words import STOP_WORDS, g2, search_words
from articles.services.curation import articles_set_status

pytestmark = pytest.mark.django_db

BACKENDS = ("tantivy", "postgres")
SEARCHES = [
    "",
    "q=배경훈",
    "q=AI",
    "person=ha-jungwoo",
    "outlet=zdnet-korea",
    "q=GPU&from=2025-06-01&to=2025-06-30",
]


def request_of(query: str):
    return search_request_parse(QueryDict(query))


def matched_ids(query: str) -> list[int]:
    data = QueryDict(query, mutable=True)
    data["page_size"] = "100"
    with override_settings(SEARCH_BACKEND="postgres"):
        return [
            a.pk
            for a in articles_search(
                request=search_request_parse(data), facets=False, snippets=False
            ).articles
        ]


# --- attention ------------------------------------------------------------------------------------


@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
def test_calendar_buckets_hold_their_days(interval):
    for day in (dt.date(2024, 2, 29), dt.date(2025, 1, 1), dt.date(2025, 6, 30), dt.date(2025, 12, 31)):
        start = bucket_start(day, interval)
        assert start <= day <= bucket_end(start, interval)
    assert bucket_start(dt.date(2025, 6, 26), "week") == dt.date(2025, 6, 23)  # ISO weeks start on Monday
    assert bucket_end(dt.date(2024, 2, 1), "month") == dt.date(2024, 2, 29)


@pytest.mark.parametrize("query", SEARCHES)
@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
def test_attention_counts_are_postgresqls_and_shares_are_sums(query, interval):
    answers = []
    for backend in BACKENDS:
        with override_settings(SEARCH_BACKEND=backend):
            answers.append(search_attention(request=request_of(query), interval=interval))
    attention = answers[0]
    assert answers[0] == answers[1]
    ids = matched_ids(query)
    dated = list(
        Article.objects.filter(pk__in=ids, published_date__isnull=False).values_list(
            "published_date", flat=True
        )
    )
    assert attention.matched == len(ids)
    assert attention.undated == len(ids) - len(dated)
    # Every matched dated article is in exactly one bucket; the buckets follow each other without a gap.
    assert sum(b.count for b in attention.buckets) == len(dated)
    for b in attention.buckets:
        assert b.count == sum(1 for d in dated if b.start <= d <= b.end)
        assert b.count <= b.total
        assert b.share == (b.count / b.total if b.total else None)
    for before, after in zip(attention.buckets, attention.buckets[1:], strict=False):
        assert after.start == before.end + dt.timedelta(days=1)


def test_zero_buckets_are_listed_and_the_coverage_is_the_outlets():
    attention = search_attention(request=request_of("outlet=zdnet-korea"), interval="month")
    zeros = [b for b in attention.buckets if b.total == 0]
    assert zeros, "the demo archive has months without articles between its first and last"
    assert all(b.count == 0 and b.share is None for b in zeros)
    zdnet = Article.objects.readable().filter(outlet__slug="zdnet-korea", published_date__isnull=False)
    for b in attention.buckets:
        assert b.total == zdnet.filter(published_date__range=(b.start, b.end)).count()


def test_coverage_is_the_whole_archive_without_an_outlet_filter_and_a_weekly_share_is_not_an_average():
    weekly = search_attention(request=request_of("q=배경훈"), interval="week")
    daily = search_attention(request=request_of("q=배경훈"), interval="day")
    readable = Article.objects.readable().filter(published_date__isnull=False)
    for week in weekly.buckets:
        assert week.total == readable.filter(published_date__range=(week.start, week.end)).count()
        days = [d for d in daily.buckets if week.start <= d.start <= week.end]
        assert (sum(d.count for d in days), sum(d.total for d in days)) == (week.count, week.total)
        if week.total:
            assert week.share == sum(d.count for d in days) / sum(d.total for d in days)


def test_a_period_is_the_range_and_clips_the_coverage():
    attention = search_attention(request=request_of("q=AI&from=2025-06-10&to=2025-07-20"), interval="month")
    assert [b.start for b in attention.buckets] == [dt.date(2025, 6, 1), dt.date(2025, 7, 1)]
    june = Article.objects.readable().filter(
        published_date__range=(dt.date(2025, 6, 10), dt.date(2025, 6, 30))
    )
    assert attention.buckets[0].total == june.count()


def test_compared_searches_share_one_axis_and_the_overlap_is_counted():
    compared = compared_parse(
        QueryDict("search=q%3D배경훈&search=person%3Dha-jungwoo&label=배&search=하정우")
    )
    # A label as given; else the filter's values, or the query (a search typed as plain words).
    assert [c.label for c in compared] == ["배", "하정우", "하정우"]
    assert compared[2].querystring == "q=%ED%95%98%EC%A0%95%EC%9A%B0"
    comparison = searches_compare(compared=compared, interval="month")
    starts = [[b.start for b in s.attention.buckets] for s in comparison.searches]
    assert starts[0] == starts[1] == starts[2] and starts[0]
    overlap = set(matched_ids("q=배경훈")) & set(matched_ids("person=ha-jungwoo"))
    assert comparison.overlap == len(overlap)
    with override_settings(SEARCH_BACKEND="postgres"):
        assert searches_compare(compared=compared, interval="month") == comparison


# --- associated words -----------------------------------------------------------------------------


def test_g2_is_dunnings_log_likelihood():
    # By hand: 10 of 20 matched articles and 5 of 80 others hold the word (M = 100).
    a, b, n, m = 10, 5, 20, 100
    e1, e2 = n * (a + b) / m, (m - n) * (a + b) / m  # 3.0, 12.0
    e3, e4 = n * (m - a - b) / m, (m - n) * (m - a - b) / m  # 17.0, 68.0
    by_hand = 2 * (
        10 * math.log(10 / e1) + 5 * math.log(5 / e2) + 10 * math.log(10 / e3) + 75 * math.log(75 / e4)
    )
    assert g2(a=a, b=b, n=n, m=m) == pytest.approx(by_hand)
    # 2 × (12.0397 − 4.3773 − 5.3063 + 7.3486), worked out with a calculator
    assert by_hand == pytest.approx(19.4093, abs=1e-3)
    assert g2(a=1, b=40, n=20, m=100) < 0  # rarer in the matched articles than in the rest
    assert g2(a=5, b=0, n=5, m=5) == 0.0  # nothing else to compare with


# 과학기술정보통신부 is in most articles: the index then counts the rest and subtracts it.
@pytest.mark.parametrize(
    "query", ["q=배경훈", "person=ha-jungwoo", "outlet=zdnet-korea", "q=GPU", "q=과학기술정보통신부"]
)
def test_word_counts_are_document_frequencies_postgresql_counts(query):
    results = []
    for backend in BACKENDS:
        with override_settings(SEARCH_BACKEND=backend):
            results.append(search_words(request=request_of(query), limit=500, min_df=1))
    words = results[0]
    assert words == results[1]
    ids = matched_ids(query)
    readable = Article.objects.readable()
    assert (words.matched, words.archive) == (len(ids), readable.count())
    assert words.words, query
    with connection.cursor() as cursor:
        for w in words.words:
            cursor.execute(
                "SELECT count(*) FILTER (WHERE id = ANY(%s)), count(*) FROM articles_article "
                "WHERE status = 'published' AND merged_into_id IS NULL AND %s = ANY(content_words)",
                [ids, w.word],
            )
            assert (w.matched, w.total) == cursor.fetchone(), w.word
            assert w.score == pytest.approx(
                g2(a=w.matched, b=w.total - w.matched, n=words.matched, m=words.archive), abs=1e-4
            )
            assert w.score > 0
    scores = [w.score for w in words.words]
    assert scores == sorted(scores, reverse=True)


def test_the_querys_own_words_stop_words_and_rare_words_are_left_out():
    words = search_words(request=request_of("q=배경훈"), limit=500, min_df=2)
    listed = {w.word for w in words.words}
    assert "배경훈" not in listed
    assert not listed & STOP_WORDS
    assert all(w.matched >= 2 for w in words.words)
    assert all(len(w.word) > 1 and not w.word.isdigit() for w in words.words)


def test_a_word_narrows_the_search_to_the_articles_it_counts():
    words = search_words(request=request_of("q=배경훈"), limit=5, min_df=2)
    top = words.words[0]
    narrowed = QueryDict(top.search_url.split("?", 1)[1])
    assert len(matched_ids(narrowed.urlencode())) >= top.matched


def test_the_whole_archive_has_nothing_to_set_apart():
    words = search_words(request=request_of(""), limit=20, min_df=1)
    assert words.matched == words.archive
    assert all(w.score == 0 for w in words.words)
    frequencies = [w.matched for w in words.words]
    assert frequencies == sorted(frequencies, reverse=True)


# --- the co-mention network -----------------------------------------------------------------------


def tags_of(ids) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for article, entity in (
        ArticleEntity.objects.active().filter(article_id__in=ids).values_list("article_id", "entity_id")
    ):
        out.setdefault(article, set()).add(entity)
    return out


@pytest.mark.parametrize("query", ["", "q=AI", "q=배경훈", "outlet=zdnet-korea"])
def test_node_and_edge_weights_are_article_counts(query):
    networks = []
    for backend in BACKENDS:
        with override_settings(SEARCH_BACKEND=backend):
            networks.append(search_network(request=request_of(query), min_edge=1, max_nodes=300))
    network = networks[0]
    assert network == networks[1]
    tags = tags_of(matched_ids(query))
    assert network.matched == len(matched_ids(query))
    for node in network.nodes:
        assert node.count == sum(node.id in t for t in tags.values())
    for edge in network.edges:
        assert edge.count == sum({edge.source.id, edge.target.id} <= t for t in tags.values())
    pairs = {frozenset((a, b)) for t in tags.values() for a in t for b in t if a != b}
    assert {frozenset((e.source.id, e.target.id)) for e in network.edges} == pairs
    assert len(network.nodes) == network.entities == len({e for t in tags.values() for e in t})


def test_thresholds_cut_nodes_then_edges():
    full = search_network(request=request_of("q=AI"), min_edge=1, max_nodes=300)
    cut = search_network(request=request_of("q=AI"), min_edge=3, max_nodes=5)
    assert [n.id for n in cut.nodes] == [n.id for n in full.nodes[:5]]
    kept = {n.id for n in cut.nodes}
    assert [(e.source.id, e.target.id, e.count) for e in cut.edges] == [
        (e.source.id, e.target.id, e.count)
        for e in full.edges
        if e.count >= 3 and e.source.id in kept and e.target.id in kept
    ]
    counts = [n.count for n in cut.nodes]
    assert counts == sorted(counts, reverse=True)


def test_an_edge_links_to_exactly_the_articles_it_counts():
    network = search_network(request=request_of("q=AI"), min_edge=1, max_nodes=50)
    for edge in network.edges[:10]:
        linked = matched_ids(QueryDict(edge.search_url.split("?", 1)[1]).urlencode())
        assert len(linked) == edge.count, (edge.source.name, edge.target.name)


def test_removed_tags_do_not_count_and_hidden_articles_leave_the_network():
    tag = ArticleEntity.objects.active().filter(article__in=Article.objects.readable()).first()
    before = {n.id: n.count for n in search_network(request=request_of(""), min_edge=1, max_nodes=300).nodes}
    tag.origin = ArticleEntity.Origin.REMOVED
    tag.save()
    after = {n.id: n.count for n in search_network(request=request_of(""), min_edge=1, max_nodes=300).nodes}
    assert after.get(tag.entity_id, 0) == before[tag.entity_id] - 1
    articles_set_status(articles=[tag.article], status=Article.Status.EXCLUDED)
    assert (
        search_network(request=request_of(""), min_edge=1, max_nodes=300).matched
        == Article.objects.readable().count()
    )
