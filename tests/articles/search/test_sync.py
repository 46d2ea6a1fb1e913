"""Outside the tests' own mode, the search index is synced after commit, once per transaction."""

from __future__ import annotations

import pytest
from django.test import override_settings

from articles.models import Article
from articles.search.backends.tantivy import store

pytestmark = pytest.mark.django_db


@override_settings(SEARCH_SYNC_IMMEDIATE=False)
def test_many_saves_in_one_transaction_sync_once_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    calls: list[list[int]] = []
    real = store._sync_now
    monkeypatch.setattr(store, "_sync_now", lambda ids: calls.append(list(ids)) or real(ids))
    first, second = Article.objects.readable()[:2]
    with django_capture_on_commit_callbacks(execute=True):
        for article in (first, second, first):
            article.save(update_fields=["updated_at"])  # each save asks for a sync (signal)
        assert calls == []  # nothing before the commit
    assert calls == [sorted({first.pk, second.pk})]
