"""The archive's version moves at the commit of any write to the archive (migration 0020 and
articles/services/archive_version.py): the triggers, on a real PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from articles.models import Outlet
from articles.selectors.archive_version import archive_version
from articles.services.archive_version import TRIGGER, archive_tables


def _triggered_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
            [TRIGGER],
        )
        return {row[0] for row in cursor.fetchall()}


def _number() -> int:
    return int(archive_version().token.split("-")[0])


@pytest.mark.django_db
def test_every_table_of_the_archive_and_the_knowledge_base_has_the_trigger():
    tables = set(archive_tables())
    assert {"articles_article", "articles_articleentity", "articles_quote", "policy_entity"} <= tables
    assert tables <= _triggered_tables()


# Only the portal's tables are emptied after it (the demo archive stays); it removes its own outlet.
@pytest.mark.django_db(transaction=True, available_apps=["portal"])
def test_a_committed_write_moves_the_version_once_and_a_rolled_back_one_does_not():
    start = _number()
    try:
        _writes(start)
    finally:
        Outlet.objects.filter(slug="version-test").delete()


def _writes(start: int) -> None:
    with transaction.atomic():
        Outlet.objects.create(name="버전 시험 매체", slug="version-test")
        Outlet.objects.filter(slug="version-test").update(name="버전 시험 매체 2")
        assert _number() == start  # not before the commit: readers still see the old data
    after_commit = _number()
    assert after_commit > start

    with pytest.raises(RuntimeError), transaction.atomic():
        Outlet.objects.filter(slug="version-test").update(name="되돌릴 이름")
        raise RuntimeError("rolled back")
    assert _number() == after_commit

    Outlet.objects.filter(slug="no-such-outlet").values_list("pk").first()  # a read
    assert _number() == after_commit
