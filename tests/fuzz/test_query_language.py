"""The query language, fuzzed: whatever is typed, the parser answers with a tree or a message, and
the search page, the API, the export and the feed agree on both the verdict and the total."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import event, given

from articles.search.backends.tantivy.queries import match_query
from articles.search.backends.tantivy.schema import build_schema
from articles.search.query import QuerySyntaxError, query_compile
from articles.search.sql import tsquery
from portal.site.feeds import FEED_SIZE
from tests.fuzz.answers import (
    HANGUL,
    api_total,
    export_records,
    feed_entries,
    fetch,
    fuzz_settings,
    json_error,
    page_error,
    page_total,
)
from tests.fuzz.strategies import QUERY, encode_query, queries

pytestmark = pytest.mark.django_db


@fuzz_settings(factor=3)  # no HTTP: cheap enough for three times the examples
@given(q=queries)
def test_a_query_compiles_or_says_why(q):
    """A query either compiles into a tsquery PostgreSQL accepts and a tree the index accepts, or is
    refused with a message in Korean; nothing else escapes the parser."""
    try:
        compiled = query_compile(q)
    except QuerySyntaxError as exc:
        assert HANGUL.search(str(exc)), f"not a Korean message: {exc}"
        event("refused")
        return
    event("compiled")
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsquery", [tsquery(compiled.match)])
    assert match_query(build_schema(), compiled.match) is not None


@fuzz_settings()
@given(q=queries)
def test_a_query_gets_the_same_answer_everywhere(client, q):
    """The search page, the API, the JSON Lines export and the feed all answer 200 or 400 (a 503
    only from the statement timeout), all the same one, and the same total when they answer 200."""
    query = encode_query([(QUERY.name, q)])
    page = fetch(client, reverse("articles:search"), query)
    api = fetch(client, reverse("articles:api-list"), query)
    feed = fetch(client, reverse("articles:search-feed"), query)
    export = fetch(
        client, reverse("articles:api-export"), encode_query([("format", "jsonl"), (QUERY.name, q)])
    )
    event(f"answers: {sorted({a.status for a in (page, api, feed, export)})}")
    answers = [a for a in (page, api, feed, export) if not a.timed_out]
    assert {a.status for a in answers} <= {200, 400}
    # One parser behind all four: they cannot disagree on whether the query is valid.
    assert len({a.status for a in answers}) <= 1, [(a.path, a.status) for a in answers]
    for answer in answers:
        if answer.status == 400 and answer is page:
            page_error(answer)
        elif answer.status == 400:
            assert json_error(answer)[0] == QUERY.name
    if any(a.status != 200 for a in (page, api, feed, export)):
        return
    total = api_total(api)
    assert page_total(page) == total
    assert export_records(export, "jsonl") == total
    assert feed_entries(feed) == min(total, FEED_SIZE)
