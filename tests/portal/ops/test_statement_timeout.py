"""Every query made for a request runs under REQUEST_STATEMENT_TIMEOUT_MS; a query that hits it
becomes a clear 503, never a worker waiting for minutes.

The hang is real: another connection holds an exclusive lock on the outlets table, so the
request's first read of it (every article page and API answer joins the outlet) waits until
PostgreSQL cancels it. Outlets, not articles: the test's own transaction already read the articles
table (ACCESS SHARE until it ends), and an exclusive lock on it would wait for the test itself.
"""

from __future__ import annotations

import contextlib

import psycopg
import pytest
from django.db import connection
from django.test import override_settings

from articles.models import Article, Outlet
from portal.ops.statement_timeout import TIMEOUT_MESSAGE

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def outlets_table_locked():
    """Hold ACCESS EXCLUSIVE on the outlets table from a second connection, as a long migration
    or a runaway maintenance query would."""
    s = connection.settings_dict
    with (
        psycopg.connect(
            dbname=s["NAME"],
            user=s["USER"],
            host=s["HOST"],
            port=s["PORT"],
            password=s.get("PASSWORD") or None,
        ) as other,
        other.transaction(),
    ):
        other.execute("SET LOCAL lock_timeout = '10s'")  # fail, not hang, if this test holds it
        other.execute(f"LOCK TABLE {Outlet._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        yield


@pytest.fixture
def article_id() -> int:
    return Article.objects.readable().values_list("pk", flat=True).first()


@override_settings(REQUEST_STATEMENT_TIMEOUT_MS=300)
def test_a_page_whose_query_hangs_gets_a_503_page_with_a_message(client, article_id):
    with outlets_table_locked():
        response = client.get(f"/articles/{article_id}/")
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert TIMEOUT_MESSAGE in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@override_settings(REQUEST_STATEMENT_TIMEOUT_MS=300)
def test_an_api_call_whose_query_hangs_gets_a_503_in_json(client, article_id):
    with outlets_table_locked():
        response = client.get(f"/api/articles/{article_id}/")
    assert response.status_code == 503
    assert response.json() == {"error": {"param": None, "message": TIMEOUT_MESSAGE}}
    assert response["Retry-After"].isdigit()


@override_settings(REQUEST_STATEMENT_TIMEOUT_MS=300)
def test_the_timeout_is_set_on_the_connection_a_request_uses(client, article_id):
    client.get(f"/articles/{article_id}/")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "300ms"


@override_settings(REQUEST_STATEMENT_TIMEOUT_MS=0)
def test_zero_turns_the_timeout_off(client, article_id):
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
    assert client.get(f"/articles/{article_id}/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


def test_without_a_request_nothing_is_limited(article_id):
    # Commands (ingest, index rebuilds, migrations) run long statements on purpose.
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
