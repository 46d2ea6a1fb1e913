"""Atom feeds of searches, read back with feedparser: well-formed, newest first, capped, with
absolute links, reporters as authors, plain-text summaries and entities as categories."""

from __future__ import annotations

import html

import feedparser
import pytest

from articles.models import Article
from policy.models import Entity
from portal.site import feeds

pytestmark = pytest.mark.django_db

FEED = "/search/feed/"


def parse(client, **params):
    response = client.get(FEED, params)
    assert response.status_code == 200, response.content.decode()
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def published(entry) -> tuple:
    return tuple(entry.published_parsed)


def test_feed_of_a_query(client):
    feed = parse(client, q="하정우 국가AI컴퓨팅센터")
    assert "하정우 국가AI컴퓨팅센터" in feed.feed.title
    assert feed.feed.language == "ko"
    assert feed.feed.link.startswith("http://testserver/search/?q=")
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link.startswith("http://testserver/search/feed/?q=")
    api = client.get("/api/articles/", {"q": "하정우 국가AI컴퓨팅센터", "sort": "newest"}).json()
    assert [e.link for e in feed.entries] == [f"http://testserver{r['url']}" for r in api["results"]]
    duo = next(e for e in feed.entries if e.title.startswith("배경훈·하정우 듀오"))
    assert duo.id == duo.link
    assert duo.published == duo.updated == "2025-06-26T10:55:00+09:00"
    assert [a.name for a in duo.authors] == ["한정호"]
    assert {"배경훈", "하정우", "국가AI컴퓨팅센터"} <= {t.term for t in duo.tags}
    assert "<mark>" not in duo.summary and "하정우" in duo.summary


def test_newest_first_whatever_the_sort(client):
    for sort in ("relevance", "oldest", "newest"):
        feed = parse(client, q="배경훈", sort=sort)
        assert len(feed.entries) == 14
        dates = [published(e) for e in feed.entries]
        assert dates == sorted(dates, reverse=True)


def test_the_feed_holds_the_newest_fifty(client, monkeypatch):
    assert len(parse(client).entries) == 32  # the whole demo archive, under the cap
    monkeypatch.setattr(feeds, "FEED_SIZE", 5)
    entries = parse(client).entries
    newest = list(Article.objects.readable().newest_first()[:5])
    assert [e.link for e in entries] == [f"http://testserver{a.get_absolute_url()}" for a in newest]
    assert feeds.FEED_SIZE == 5 and "최신 기사" in parse(client).feed.title


def test_entity_feeds(client):
    person = Entity.objects.get(slug="ha-jungwoo")
    url = feeds.entity_feed_url(person)
    assert url == "/search/feed/?person=ha-jungwoo"
    response = client.get(url)
    feed = feedparser.parse(response.content)
    assert "인물: 하정우" in feed.feed.title
    assert len(feed.entries) == 7
    assert all("하정우" in {t.term for t in e.tags} for e in feed.entries)
    programme = Entity.objects.get(slug="national-ai-computing-center")
    assert feeds.entity_feed_url(programme) == "/search/feed/?programme=national-ai-computing-center"


def test_filters_in_the_title(client):
    feed = parse(
        client, outlet="zdnet-korea", reporter="장유미", **{"from": "2025-06-01", "to": "2025-06-30"}
    )
    assert "매체: 지디넷코리아" in feed.feed.title
    assert "기자: 장유미" in feed.feed.title
    assert "기간: 2025-06-01~2025-06-30" in feed.feed.title


def test_summary_is_plain_text_and_odd_characters_survive(client):
    article = Article.objects.readable().get(outlet__name="서울경제")
    Article.objects.filter(pk=article.pk).update(
        title="제목\x0b에 제어 문자", subtitle="A < B & <b>굵게</b>", reporters=["장유미", "조이환"]
    )
    [entry] = parse(client, outlet="서울경제").entries
    assert entry.title == "제목에 제어 문자"  # XML 1.0 cannot carry \x0b: dropped, not a 500
    assert html.unescape(entry.summary) == "A < B & <b>굵게</b>"  # text, not markup
    assert [a.name for a in entry.authors] == ["장유미", "조이환"]
    assert entry.published.startswith("2025-06-24T00:00:00+09:00")  # no time: Seoul midnight


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"q": "("}, "q"),
        ({"person": "nobody"}, "person"),
        ({"month": "2025-13"}, "month"),
        ({"q": "하정우\x00"}, "q"),
    ],
)
def test_invalid_parameters_are_400(client, params, param):
    response = client.get(FEED, params)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


def test_paging_and_sort_do_not_leak_into_links(client):
    feed = parse(client, q="배경훈", sort="oldest", page="3", page_size="7")
    assert "sort=" not in feed.feed.link and "page" not in feed.feed.link
    assert feeds.search_feed_url(client.get("/").wsgi_request.GET) == "/search/feed/"
