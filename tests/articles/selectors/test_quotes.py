"""The quote reads on the demo archive (its quotes extracted by the ingest itself, real Kiwi): the
quote search's query, filters, facets and order, an article's and an entity's quotes, the speakers
of an article search; quotes marked as not quotes and quotes of hidden articles are never read."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Quote
from articles.search.params import SearchParamError
from articles.search.request import quote_request_parse, search_request_parse
from articles.selectors.quotes import (
    article_quotes,
    entity_quotes,
    quotes_export_stream,
    quotes_search,
    search_speakers,
)
from articles.services.curation import articles_set_status
from articles.services.quotes import quote_add, quote_correct, quotes_remove
from policy.models import Entity

pytestmark = pytest.mark.django_db

# seed 001 (아주경제): 배경훈 LG AI연구원장 at a 국회 공청회, quoted nine times.
BAE = '배경훈 LG AI연구원장 "AI 생태계, 수직계열화 시급"'


def search(query: str, **kwargs):
    return quotes_search(request=quote_request_parse(QueryDict(query)), **kwargs)


def test_every_stored_quote_of_the_demo_has_a_vector_from_the_ingest():
    assert Quote.objects.exists()
    assert not Quote.objects.filter(search_vector__isnull=True).exists()


def test_the_query_matches_the_quotes_own_words_read_by_kiwi():
    bae = Article.objects.get(title=BAE)
    word_quote = next(q for q in bae.quotes.all() if "수직계열화" in q.text)
    result = search("q=수직계열화가")  # a particle: Kiwi reads it away, as for articles
    assert result.count >= 1
    assert word_quote.pk in {q.pk for q in result.quotes}
    assert all("수직계열화" in q.text for q in result.quotes)
    marked = next(q for q in result.quotes if q.pk == word_quote.pk).marked
    assert "<mark>수직계열" in marked


def test_a_word_only_in_the_articles_text_around_the_quote_does_not_match_it():
    # 공청회 is in the article (where 배경훈 spoke), not in what he said.
    bae = Article.objects.get(title=BAE)
    assert "공청회" in bae.body
    ids = {q.pk for q in search("q=공청회&page_size=100").quotes}
    assert not ids & {q.pk for q in bae.quotes.all() if "공청회" not in q.text}


def test_speaker_filter_by_slug_name_or_written_name_and_the_speaker_facet():
    bae = Entity.objects.get(name="배경훈")
    by_slug = search(f"speaker={bae.slug}&page_size=100")
    by_name = search("speaker=배경훈&page_size=100")
    assert by_slug.count == by_name.count == Quote.objects.readable().filter(speaker_entity=bae).count() > 0
    assert {q.speaker_entity_id for q in by_slug.quotes} == {bae.pk}
    # The facet counts without its own filter: other speakers are listed beside the chosen one.
    facet = by_slug.facets["speaker"]
    assert {"name": "배경훈", "slug": bae.slug, "count": by_slug.count} in facet
    assert len(facet) > 1
    anonymous = Quote.objects.readable().filter(anonymous=True).values_list("speaker", flat=True).first()
    written = search(f"speaker={anonymous}")
    assert written.count >= 1 and all(q.speaker == anonymous for q in written.quotes)


def test_article_filters_apply_to_the_quotes_article():
    bae = Article.objects.get(title=BAE)
    outlet = search(f"outlet={bae.outlet.slug}&page_size=100")
    assert outlet.count >= 9
    assert {q.article.outlet_id for q in outlet.quotes} == {bae.outlet_id}
    assert {r["slug"] for r in outlet.facets["outlet"]} > {bae.outlet.slug}  # counted without itself
    day = bae.published_date.isoformat()
    dated = search(f"from={day}&to={day}&page_size=100")
    assert {q.article.published_date for q in dated.quotes} == {bae.published_date}
    mentions = search("mentions=ha-jungwoo&page_size=100")
    ha = Entity.objects.get(slug="ha-jungwoo")
    assert mentions.count and all(
        q.article.entity_tags.active().filter(entity=ha).exists() for q in mentions.quotes
    )


def test_newest_first_by_default_and_oldest_on_request():
    dates = [q.article.published_date for q in search("page_size=100").quotes]
    assert dates == sorted(dates, reverse=True)
    dates = [q.article.published_date for q in search("sort=oldest&page_size=100").quotes]
    assert dates == sorted(dates)


def test_bad_quote_queries_are_refused_with_a_message():
    with pytest.raises(SearchParamError) as exc:
        quote_request_parse(QueryDict("q=title:배경훈"))
    assert exc.value.param == "q" and "title:" in exc.value.message
    with pytest.raises(SearchParamError) as exc:
        quote_request_parse(QueryDict("q=(배경훈"))
    assert exc.value.param == "q"
    with pytest.raises(SearchParamError):
        quote_request_parse(QueryDict("reporter=장유미&speaker=" + "x&speaker=" * 60))
    # The article search does not take a speaker.
    assert "speaker" not in search_request_parse(QueryDict("speaker=배경훈")).filters


def test_removed_quotes_and_quotes_of_hidden_articles_are_never_read():
    bae = Article.objects.get(title=BAE)
    first, second = list(bae.quotes.order_by("start"))[:2]
    quotes_remove(quotes=[first])
    ids = {q.pk for q in search("speaker=배경훈&page_size=100").quotes}
    assert first.pk not in ids and second.pk in ids
    assert first.pk not in {q.pk for q in article_quotes(article=bae)}
    articles_set_status(articles=[bae], status=Article.Status.EXCLUDED)
    assert not {q.article_id for q in search("page_size=100").quotes} & {bae.pk}
    assert bae.pk not in {q.article_id for q in entity_quotes(entity=Entity.objects.get(name="배경훈"))[0]}


def test_a_curators_quote_is_searchable_at_once_and_a_corrected_text_is_read_again():
    bae = Article.objects.get(title=BAE)
    sentence = next(p for p in bae.paragraphs if "공청회" in p)
    added = quote_add(article=bae, text=sentence, speaker="배경훈", kind=Quote.Kind.INDIRECT)
    assert added.pk in {q.pk for q in search("q=공청회&page_size=100").quotes}
    quote = next(q for q in bae.quotes.filter(origin=Quote.Origin.AUTO) if "수직계열화" in q.text)
    other = next(p for p in bae.paragraphs if "공청회" not in p and p not in quote.text)
    quote_correct(quote=quote, data={"text": other[:20]})
    assert quote.pk not in {q.pk for q in search("q=수직계열화&page_size=100").quotes}


def test_article_quotes_in_body_order_and_entity_quotes_newest_first():
    bae = Article.objects.get(title=BAE)
    starts = [q.start for q in article_quotes(article=bae)]
    assert starts == sorted(starts) and len(starts) >= 9
    entity = Entity.objects.get(name="배경훈")
    latest, total = entity_quotes(entity=entity, limit=5)
    assert total == Quote.objects.readable().filter(speaker_entity=entity).count()
    assert len(latest) == min(5, total)
    dates = [q.article.published_date for q in latest]
    assert dates == sorted(dates, reverse=True)


def test_a_page_and_its_facets_take_a_fixed_number_of_queries():
    def queries(size: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            result = search(f"page_size={size}")
            [(q.article.outlet.name, q.speaker_entity and q.speaker_entity.name) for q in result.quotes]
        return len(ctx.captured_queries)

    assert queries(5) == queries(50)


def test_the_export_stream_is_the_whole_search_in_its_order():
    request = quote_request_parse(QueryDict("speaker=배경훈&sort=oldest"))
    streamed = [q.pk for q in quotes_export_stream(request=request, chunk_size=3)]
    paged = [
        q.pk
        for q in quotes_search(
            request=quote_request_parse(QueryDict("speaker=배경훈&sort=oldest&page_size=100"))
        ).quotes
    ]
    assert streamed == paged and len(streamed) >= 9


def test_speakers_of_an_article_search():
    speakers = search_speakers(request=search_request_parse(QueryDict("q=배경훈")))
    assert speakers[0]["name"] == "배경훈"
    counts = [s["count"] for s in speakers]
    assert counts == sorted(counts, reverse=True)
    assert search_speakers(request=search_request_parse(QueryDict("q=없는낱말쿼티"))) == []
