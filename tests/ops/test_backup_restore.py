"""`manage.py backup` and `manage.py restore` (portal/backups.py): a restored archive is the same
archive — every table, the raw sources, the curation history, the users — and searchable at once.

The round trip works on a copy of the test database (the demo archive, committed at session start)
made with CREATE DATABASE … TEMPLATE: the committed edits it needs never reach the test database
other tests share. The commands run as `make backup` / `make restore` run them: in processes of
their own, configured by DATABASE_URL.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from psycopg import sql

from portal.backups import Database, database_counts, database_exists

ROOT = Path(__file__).resolve().parents[2]
MARK = "백업복원검증"  # a word no seed article has: the curated title carries it


def _drop(database: Database) -> None:
    with database.connect(name="postgres") as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database.name)))


# Every test needs the test database set up (the django_db mark is what asks pytest-django for it);
# none writes through Django.
pytestmark = pytest.mark.django_db


@pytest.fixture
def archive() -> Database:
    """The test database itself: the demo archive, committed."""
    return Database.from_settings(connection.settings_dict)


@pytest.fixture
def source(archive) -> Iterator[Database]:
    """A copy of the test database, for committed edits."""
    copy = replace(archive, name=f"{archive.name}_backup_src")
    _drop(copy)
    connections.close_all()  # a template database must have no session
    with archive.connect(name="postgres") as conn:
        statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}")
        conn.execute(statement.format(sql.Identifier(copy.name), sql.Identifier(archive.name)))
    try:
        yield copy
    finally:
        _drop(copy)


@pytest.fixture
def target(archive) -> Iterator[Database]:
    """The name of a database that does not exist yet: `restore --create` makes it."""
    fresh = replace(archive, name=f"{archive.name}_restore")
    _drop(fresh)
    try:
        yield fresh
    finally:
        _drop(fresh)


def manage(*argv: str, database: Database, tmp_path: Path, **environ: str) -> subprocess.CompletedProcess:
    """manage.py in a process configured for ``database``, with its backups and search indexes in
    tmp_path (the index directory is named after the database)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URLS"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database.url(),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "SEARCH_INDEX_DIR": str(tmp_path / "search"),
        **environ,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    return result


SEARCH = f"""
import json
from urllib.parse import urlencode
from django.http import QueryDict
from articles.search.request import search_request_parse
from articles.selectors.search import articles_search

def found(q):
    search_request = search_request_parse(QueryDict(urlencode({{"q": q, "page_size": "100"}})))
    result = articles_search(request=search_request, facets=False, snippets=False)
    return {{"count": result.count, "ids": sorted(a.pk for a in result.articles)}}

print(json.dumps({{"person": found("배경훈"), "mark": found("{MARK}")}}))
"""

CURATE = f"""
from django.contrib.auth import get_user_model
from articles.models import Article
from articles.services.curation import article_update

curator = get_user_model().objects.create_user("restore-curator", password="not-a-real-password")
article = Article.objects.readable().order_by("pk").first()
article_update(article=article, data={{"title": article.title + " {MARK}"}}, user=curator, reason="backup test")
print(article.pk)
"""


def last_line_json(result: subprocess.CompletedProcess) -> dict:
    # Django's shell may print its automatic imports first.
    return json.loads(result.stdout.strip().splitlines()[-1])


def table_digests(database: Database) -> dict[str, tuple[int, str]]:
    """Every table of schema public: its row count and a checksum of all its rows."""
    with database.connect() as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        digests = {}
        for table in sorted(tables):
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
            )
            digests[table] = tuple(conn.execute(query.format(sql.Identifier(table))).fetchone())
    return digests


def rows(database: Database, query: str) -> list[tuple]:
    with database.connect() as conn:
        return conn.execute(query).fetchall()


SOURCES = "SELECT id, sha256, size, encode(sha256(convert_to(raw_text, 'UTF8')), 'hex') FROM articles_source ORDER BY id"
HISTORY = (
    "SELECT history_id, id, history_type, history_change_reason, history_user_id, history_date, title "
    "FROM articles_historicalarticle ORDER BY history_id"
)
SEQUENCES = "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"


# Outside a transaction (the copy needs the test database without sessions); available_apps names
# an app without tables, so the flush after the test empties none of the demo archive's.
@pytest.mark.django_db(transaction=True, available_apps=["portal"])
def test_a_restored_backup_is_the_same_archive_and_searchable_at_once(source, target, tmp_path):
    curated = int(
        manage("shell", "-c", CURATE, database=source, tmp_path=tmp_path).stdout.strip().splitlines()[-1]
    )
    # The reference answer: PostgreSQL's own search on the original (the index is derived).
    expected = last_line_json(
        manage("shell", "-c", SEARCH, database=source, tmp_path=tmp_path, SEARCH_BACKEND="postgres")
    )
    assert expected["person"]["count"] > 0 and expected["mark"]["ids"] == [curated]

    backup = manage("backup", database=source, tmp_path=tmp_path)

    printed = re.search(r"make restore BACKUP=(.+)$", backup.stdout, flags=re.MULTILINE)
    assert printed, backup.stdout
    (path,) = shlex.split(printed.group(1))
    dump = ROOT / path  # relative to where make runs, or absolute
    assert dump.parent == tmp_path / "backups" and re.fullmatch(r"archive-\d{8}-\d{6}\.dump", dump.name)
    assert not [p for p in dump.parent.iterdir() if p != dump], "a temporary file was left behind"

    restored = manage(
        "restore", path, "--database-url", target.url(), "--create", database=source, tmp_path=tmp_path
    )

    original = database_counts(source)
    assert database_counts(target) == original
    for label, count in original.items():
        assert f"{label}: {count}" in restored.stdout
    digests = table_digests(source)
    assert {"articles_article", "articles_source", "policy_entity", "auth_user"} <= set(digests)
    assert table_digests(target) == digests
    assert rows(target, SOURCES) == rows(source, SOURCES) != []
    history = rows(source, HISTORY)
    assert rows(target, HISTORY) == history
    assert any(row[1] == curated and row[3] == "backup test" and row[4] is not None for row in history)
    assert rows(target, SEQUENCES) == rows(source, SEQUENCES)
    # No `search_index` run in between: restore rebuilt the index of the restored database.
    assert (tmp_path / "search" / target.name).is_dir()
    found = last_line_json(
        manage("shell", "-c", SEARCH, database=target, tmp_path=tmp_path, SEARCH_BACKEND="tantivy")
    )
    assert found == expected


def test_restore_refuses_a_database_holding_an_archive_and_changes_nothing(archive, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    out = StringIO()
    call_command("backup", verbosity=0, stdout=out)
    dump = Path(out.getvalue().strip())
    assert dump.parent == tmp_path and dump.stat().st_size > 0
    assert dump.stat().st_mode & 0o077 == 0, "a dump holds password hashes: the owner's only"
    tables = "SELECT relname, oid FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1"
    before, counts = rows(archive, tables), database_counts(archive)

    with pytest.raises(
        CommandError, match=r"is not empty, nothing restored: \d+ tables hold rows \(articles_"
    ):
        call_command("restore", str(dump))

    # Dropped and re-created tables would have new oids, even with the same rows.
    assert rows(archive, tables) == before and database_counts(archive) == counts


def test_backup_dry_run_writes_nothing(archive, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    out = StringIO()
    call_command("backup", dry_run=True, stdout=out)
    assert "pg_dump --format=custom" in out.getvalue() and "nothing written" in out.getvalue()
    assert not (tmp_path / "backups").exists()


def test_restore_into_a_missing_database_needs_create(archive, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    out = StringIO()
    call_command("backup", verbosity=0, stdout=out)
    missing = replace(archive, name=f"{archive.name}_never_created")

    with pytest.raises(CommandError, match=r"does not exist: create it .* or pass --create"):
        call_command("restore", out.getvalue().strip(), database_url=missing.url())

    assert not database_exists(missing)


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such backup file"), (b"id,title\n1,x\n", "not a pg_dump custom-format file")],
)
def test_restore_refuses_what_is_not_a_backup(archive, tmp_path, content, message):
    path = tmp_path / "archive.dump"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path))


def test_restore_refuses_a_database_url_of_another_kind(archive):
    with pytest.raises(CommandError, match="must be a postgres:// URL, not mysql://"):
        call_command("restore", "x.dump", database_url="mysql://u@h/db")
