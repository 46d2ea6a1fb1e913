"""Ingest and re-index as task-queue jobs (articles/tasks.py): queued by a command, run by a real
procrastinate worker on the test database, the article then found by the public search."""

from __future__ import annotations

import json
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.http import QueryDict

from articles.models import Article, ArticleEntity, ArticleSource, Outlet, Source
from articles.search.request import search_request_parse
from articles.selectors.search import articles_search
from articles.tasks import ingest_file, reanalyse_articles


def _jsonl(tmp_path: Path, *, word: str) -> Path:
    record = {
        "title": f"{word} 시험 기사",
        "body": f"정부는 {word} 사업을 대기열 작업자로 처리한다고 밝혔다.\n\n둘째 문단이다.",
        "outlet": "연합뉴스",
        "published_at": "2024-05-02T09:30:00+09:00",
        "reporters": ["홍길동"],
        "url": f"https://www.yna.co.kr/view/{word}",
    }
    path = tmp_path / f"{word}.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _run_worker_until_the_queue_is_empty(*, queue: str) -> None:
    """What `manage.py procrastinate worker` does, in this process: the worker fetches jobs on its
    own psycopg connection and runs each task in a thread, with that thread's Django connection."""
    from procrastinate.contrib.django import app

    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(queues=[queue], wait=False, install_signal_handlers=False, listen_notify=False)


def _job_rows(path: str) -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, status FROM procrastinate_jobs WHERE task_name = %s AND args->>'path' = %s",
            [ingest_file.name, path],
        )
        return list(cursor.fetchall())


@pytest.fixture
def committed(django_db_setup, django_db_blocker, monkeypatch):
    """Database access without the test transaction: the worker's connections must see the job and
    the test must see what the worker committed. What the test creates it deletes itself (a
    flush, as `transaction=True` does, would also empty the demo archive the other tests share)."""
    # The worker's task threads end with the run: with no persistent connection they close theirs
    # after each task, so none is left open on the test database.
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    with django_db_blocker.unblock():
        yield


def _delete_ingested(*, path: str, outlets_before: set[int]) -> None:
    from articles.search.backends import search_sync

    ids = list(ArticleSource.objects.filter(source__file_name=path).values_list("article_id", flat=True))
    ArticleEntity.history.filter(article_id__in=ids).delete()
    Article.history.filter(id__in=ids).delete()
    Article.objects.filter(pk__in=ids).delete()  # cascades to its source links, tags, twins
    Source.objects.filter(file_name=path).delete()
    for outlet in Outlet.objects.exclude(pk__in=outlets_before):
        outlet.history.all().delete()
        outlet.delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM procrastinate_jobs WHERE task_name = %s AND args->>'path' = %s",
            [ingest_file.name, path],
        )
    search_sync(ids=ids)  # their documents leave the search index too


def test_an_ingest_job_run_by_a_worker_makes_the_article_searchable(committed, tmp_path):
    word = f"큐잉검증{uuid.uuid4().hex[:6]}"
    path = str(_jsonl(tmp_path, word=word).resolve())
    outlets_before = set(Outlet.objects.values_list("pk", flat=True))
    try:
        out = StringIO()
        call_command("ingest_queue", path, stdout=out, verbosity=1)
        assert "queued 1 file(s)" in out.getvalue()
        # Queued twice before a worker took it: still one job (the path is the queueing lock).
        call_command("ingest_queue", path, stdout=StringIO(), verbosity=1)
        assert [status for _, status in _job_rows(path)] == ["todo"]
        assert not ArticleSource.objects.filter(source__file_name=path).exists()

        _run_worker_until_the_queue_is_empty(queue="ingest")

        assert [status for _, status in _job_rows(path)] == ["succeeded"]
        article = Article.objects.get(article_sources__source__file_name=path)
        assert article.title == f"{word} 시험 기사" and article.outlet.name == "연합뉴스"
        assert article.status == Article.Status.PUBLISHED
        found = articles_search(request=search_request_parse(QueryDict(f"q={word}")), facets=False)
        assert [a.pk for a in found.articles] == [article.pk]
    finally:
        _delete_ingested(path=path, outlets_before=outlets_before)


def test_a_job_for_an_unreadable_file_fails(committed, tmp_path):
    path = str(tmp_path / "gone.jsonl")
    Path(path).write_text("{}\n", encoding="utf-8")
    outlets_before = set(Outlet.objects.values_list("pk", flat=True))
    try:
        call_command("ingest_queue", path, stdout=StringIO(), verbosity=0)
        Path(path).unlink()  # removed before a worker got to it
        _run_worker_until_the_queue_is_empty(queue="ingest")
        assert [status for _, status in _job_rows(path)] == ["failed"]
    finally:
        _delete_ingested(path=path, outlets_before=outlets_before)


@pytest.mark.django_db
def test_ingest_queue_dry_run_and_missing_paths(tmp_path):
    present = _jsonl(tmp_path, word="건조실행")
    out = StringIO()
    call_command("ingest_queue", str(tmp_path), "--dry-run", stdout=out, verbosity=2)
    assert f"{present.resolve()}: would be queued" in out.getvalue()
    assert "dry run (nothing queued) — would queue 1 file(s)" in out.getvalue()
    assert _job_rows(str(present.resolve())) == []
    with pytest.raises(Exception, match="1 path"):
        call_command("ingest_queue", str(tmp_path / "nope"), stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_reanalyse_queue_batches_and_the_task_reanalyses():
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True)[:3])
    out = StringIO()
    call_command("reanalyse_queue", "--ids", *map(str, ids), "--batch-size", "2", stdout=out, verbosity=1)
    assert "queued 2 job(s) for 3 article(s)" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT args->'ids' FROM procrastinate_jobs WHERE task_name = %s ORDER BY id",
            [reanalyse_articles.name],
        )
        assert [json.loads(row[0]) for row in cursor.fetchall()] == [ids[:2], ids[2:]]
    Article.objects.filter(pk=ids[0]).update(search_vector=None)
    assert reanalyse_articles(ids=[ids[0]]) == 1  # the task's body, as the worker calls it
    assert Article.objects.get(pk=ids[0]).search_vector
