"""The quote search's vectors (demo archive, real Kiwi): cut from the body's lexemes at ingest, read
by Kiwi for quotes without one (the backfill after the migration), and the same either way for the
words a reader searches."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.http import QueryDict

from articles.models import Quote
from articles.search.request import quote_request_parse
from articles.selectors.quotes import quotes_search
from articles.services.quote_vectors import quote_vectors_store

pytestmark = pytest.mark.django_db


def found(q: str) -> set[int]:
    return {
        quote.pk
        for quote in quotes_search(request=quote_request_parse(QueryDict(f"q={q}&page_size=100"))).quotes
    }


@pytest.mark.parametrize("q", ["생태계", "파운데이션 모델", "인프라 OR 데이터"])
def test_vectors_read_by_kiwi_find_what_the_ingest_cut_vectors_find(q):
    cut = found(q)
    assert cut
    ids = list(Quote.objects.values_list("article_id", flat=True).distinct())
    Quote.objects.update(search_vector=None)
    assert found(q) == set()
    assert quote_vectors_store(article_ids=ids) == Quote.objects.count()
    assert found(q) == cut


def test_the_backfill_command_writes_the_missing_vectors():
    Quote.objects.update(search_vector=None)
    call_command("quotes_extract", verbosity=0)
    assert not Quote.objects.filter(search_vector__isnull=True).exists()


def test_a_re_analysis_cuts_the_quotes_vectors_again():
    from articles.services.analysis import articles_analyse

    quote = Quote.objects.filter(start__isnull=False).order_by("pk").first()
    before = Quote.objects.values_list("search_vector", flat=True).get(pk=quote.pk)
    Quote.objects.filter(pk=quote.pk).update(search_vector="'낡은벡터':1")
    articles_analyse(ids=[quote.article_id])
    assert Quote.objects.values_list("search_vector", flat=True).get(pk=quote.pk) == before
