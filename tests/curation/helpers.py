"""Helpers shared by the curation tests and the admin browser test."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.contrib.auth.models import Group

from articles.models import Article
from tests import factories


def curator_group() -> Group:
    """The `curator` group made by the migration.

    A transactional test (the browser tests' live server) flushes every table, the migration's
    group included; then it is made again, by the migration's own code.
    """
    group = Group.objects.filter(name="curator").first()
    if group is None:
        migration = importlib.import_module("articles.migrations.0015_quotes_curator_group")
        migration.create_curator_group(apps, None)
        group = Group.objects.get(name="curator")
    return group


def ingest_jsonl(name: str, **record) -> Article:
    """Ingest one JSON Lines record and return the article it landed in."""
    return factories.article(name, **record)
