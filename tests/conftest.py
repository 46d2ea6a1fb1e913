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
    with django_db_blocker.unblock():
        call_command("loaddemo", verbosity=0)


@pytest.fixture
def seeds() -> Path:
    return SEEDS


@pytest.fixture(autouse=True)
def _fresh_dictionary():
    # A test's entity edits are rolled back without a signal; the next test must not read with
    # names that no longer exist, as a new process would not.
    from articles.search.dictionary import dictionary_invalidate

    dictionary_invalidate()
    yield
    dictionary_invalidate()
