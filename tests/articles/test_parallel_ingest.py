"""Files ingested in parallel (``ingest --jobs``, queue workers) never file one story twice: each
file's transaction locks its stories' keys, in one ordered statement, until it ends."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection, transaction

from articles.ingest.dedup import text_key
from articles.ingest.types import ParsedArticle
from articles.services.filing import stories_lock

pytestmark = pytest.mark.django_db


def _other_connection() -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"] or None, host=s["HOST"], port=s["PORT"] or None,
        autocommit=True,
    )  # fmt: skip


def _key(text: str) -> int:
    return int(text_key(text)[:15], 16)


def test_a_files_story_keys_are_locked_until_its_transaction_ends():
    story = ParsedArticle(title="같은 기사", paragraphs=["같은 본문이다."], outlet="연합뉴스")
    other = _other_connection()
    try:
        with transaction.atomic():
            stories_lock([story])
            # A second file with this title or this body waits for the first to commit ...
            for text in ("같은 기사", "같은 본문이다."):
                assert other.execute("SELECT pg_try_advisory_lock(%s)", [_key(text)]).fetchone()[0] is False
            # ... while other stories go on in parallel.
            assert other.execute("SELECT pg_try_advisory_lock(%s)", [_key("다른 기사")]).fetchone()[0] is True
    finally:
        other.close()
