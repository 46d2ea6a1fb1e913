"""The reading side of quotes on the site (demo archive, real Kiwi): the quote search page and its
400s, the quotes marked in the article page with an anchor each, an entity page's 발언 section, the
speakers on the analysis page, and the quote exports (CSV and JSON Lines, streamed)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from articles.models import Article, Quote
from articles.services.quotes import quotes_remove
from policy.models import Entity

pytestmark = pytest.mark.django_db

BAE = '배경훈 LG AI연구원장 "AI 생태계, 수직계열화 시급"'
QUOTES = "/quotes/"


def test_quote_search_page_lists_quotes_with_speaker_outlet_date_and_a_link_to_the_quote(client):
    response = client.get(QUOTES, {"speaker": "배경훈", "q": "생태계"})
    assert response.status_code == 200
    html = response.content.decode()
    quote = Quote.objects.readable().filter(speaker_entity__name="배경훈", text__contains="생태계").first()
    assert f'href="/articles/{quote.article_id}/#quote-{quote.pk}"' in html
    assert "<mark>생태</mark>계" in html
    assert quote.article.outlet.name in html
    assert 'id="facet-speaker"' in html and 'value="bae-kyunghoon" form="search-form" checked' in html
    assert "발언자: 배경훈" in html  # the chip


@pytest.mark.parametrize(
    ("query", "param"),
    [("q=title:배경훈", "q"), ("q=(배경훈", "q"), ("outlet=없는매체", "outlet"), ("from=2025-13-01", "from")],
)
def test_bad_quote_search_is_a_400_with_a_message(client, query, param):
    response = client.get(f"{QUOTES}?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_article_page_marks_each_quote_with_its_speaker_and_an_anchor(client):
    article = Article.objects.get(title=BAE)
    quotes = list(Quote.objects.active().filter(article=article))
    removed = quotes[0]
    quotes_remove(quotes=[removed])
    html = client.get(article.get_absolute_url()).content.decode()
    for quote in quotes[1:]:
        assert f'id="quote-{quote.pk}"' in html
    assert f'id="quote-{removed.pk}"' not in html
    first = quotes[1]
    mark = re.search(rf'<q [^>]*id="quote-{first.pk}"[^>]*>', html) or re.search(
        rf'<span [^>]*id="quote-{first.pk}"[^>]*>', html
    )
    assert mark is not None
    assert "배경훈" in mark.group()  # the speaker is in its accessible description
    assert "발언자" in html


def test_entity_page_has_a_speech_section_newest_first_linking_to_the_quotes(client):
    bae = Entity.objects.get(name="배경훈")
    html = client.get(bae.get_absolute_url()).content.decode()
    section = html[html.index('id="quotes-title"') :]
    shown = [int(pk) for pk in re.findall(r'href="/articles/\d+/#quote-(\d+)"', section)]
    assert len(shown) == min(10, Quote.objects.readable().filter(speaker_entity=bae).count()) > 0
    dates = [Quote.objects.get(pk=pk).article.published_date for pk in shown]
    assert dates == sorted(dates, reverse=True)
    assert f"/quotes/?speaker={bae.slug}" in section  # every quote of the entity, in the quote search


def test_analysis_page_lists_the_speakers_of_the_search(client):
    html = client.get(reverse("articles:analysis"), {"q": "배경훈", "outlet": "zdnet-korea"}).content.decode()
    section = html[html.index('id="speakers-title"') :]
    assert "/quotes/?speaker=bae-kyunghoon&amp;outlet=zdnet-korea" in section  # the filters, not q


def test_quote_export_csv_and_jsonl_are_the_whole_search(client):
    csv_response = client.get("/api/quotes/export/", {"speaker": "배경훈", "format": "csv", "page_size": 1})
    assert csv_response.status_code == 200
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    count = Quote.objects.readable().filter(speaker_entity__name="배경훈").count()
    assert len(rows) == count >= 9  # paging is ignored: the whole search
    assert rows[0]["speaker_entity"] == "bae-kyunghoon" and "#quote-" in rows[0]["permalink"]
    jsonl = client.get("/api/quotes/export/", {"speaker": "배경훈", "format": "jsonl"})
    lines = [json.loads(line) for line in b"".join(jsonl.streaming_content).decode().splitlines()]
    assert [line["id"] for line in lines] == [int(row["id"]) for row in rows]
    assert set(lines[0]) >= {"text", "speaker", "speaker_entity", "role", "anonymous", "kind", "start", "end"}


def test_quote_export_refuses_citation_formats_and_bad_queries(client):
    assert client.get("/api/quotes/export/", {"format": "ris"}).status_code == 400
    response = client.get("/api/quotes/export/", {"q": "title:배경훈"})
    assert response.status_code == 400 and response.json()["error"]["param"] == "q"
