"""Shared fixtures. The demo data (seed articles and policy entities) is loaded once per test
database; every test runs in a transaction that is rolled back, so each sees the same archive."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "fixtures" / "seeds"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    from articles.search.backends.tantivy.store import index_drop

    if not connection.settings_dict["NAME"].startswith("test_"):
        # No test database was created (no selected test is marked django_db): never load the
        # demo into, or drop the search index of, the real database.
        yield
        return
    with django_db_blocker.unblock():
        index_drop()  # a leftover of an earlier run with the same database name
        call_command("loaddemo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        index_drop()


# Articles whose index documents a test changed; PostgreSQL rolls the test back, the index does not.
_SEARCH_DIRTY: set[int] = set()


@pytest.fixture(autouse=True)
def _search_index_follows_rollback(monkeypatch, django_db_blocker):
    """Re-sync, from the rolled-back database, the documents earlier tests changed; record this one's.

    Done at set-up because pytest-django's own fixtures roll the transaction back after ours end.
    """
    from articles.search.backends.tantivy import store

    real = store._sync_now
    if _SEARCH_DIRTY:
        with django_db_blocker.unblock():
            real(sorted(_SEARCH_DIRTY))
        _SEARCH_DIRTY.clear()

    def recording(ids):
        _SEARCH_DIRTY.update(ids)
        real(ids)

    monkeypatch.setattr(store, "_sync_now", recording)
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Cached reads (the home page's entity coverage) must not outlive the test that filled them.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_dictionary():
    # A test's entity edits are rolled back without a signal; the next test must not read with
    # names that no longer exist, as a new process would not.
    from articles.search.dictionary import dictionary_invalidate

    dictionary_invalidate()
    yield
    dictionary_invalidate()


@pytest.fixture
def seeds() -> Path:
    return SEEDS
