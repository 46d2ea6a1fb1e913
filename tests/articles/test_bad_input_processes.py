"""Bad input that takes more than one process, each run as `manage.py ingest` in its own process on
the test database: a 50 MB file never read into memory, one file ingested by two processes at
once, a batch killed mid-file and run again.

The processes commit, so these tests run outside the test transaction (the ``committed`` fixture)
and delete what they made themselves: a flush, as ``transaction=True`` does, would also empty the
demo archive the other tests share. The processes keep their search index in ``tmp_path``, never
in the one the rest of the suite reads.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection, transaction
from django.db.models import Count, Max
from django.test import override_settings

from articles.models import Article, ArticleEntity, ArticleSource, Outlet, Source
from tests.articles.test_bad_input import write_long_page

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "seeds"
# Generous bounds on waiting for a process; a test never asserts how long anything took.
TIMEOUT = 600


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Database access without the test transaction, so that this process and the ingest processes
    see each other's commits; afterwards every row made meanwhile is deleted again."""
    with django_db_blocker.unblock():
        last_article = Article.objects.aggregate(last=Max("pk"))["last"] or 0
        last_source = Source.objects.aggregate(last=Max("pk"))["last"] or 0
        outlets = set(Outlet.objects.values_list("pk", flat=True))
        try:
            yield
        finally:
            _delete_made_since(last_article=last_article, last_source=last_source, outlets=outlets)


def _delete_made_since(*, last_article: int, last_source: int, outlets: set[int]) -> None:
    # In one transaction, the search index synced once at its commit: not once per deleted tag.
    with override_settings(SEARCH_SYNC_IMMEDIATE=False), transaction.atomic():
        ids = list(Article.objects.filter(pk__gt=last_article).values_list("pk", flat=True))
        ArticleEntity.history.filter(article_id__in=ids).delete()
        Article.history.filter(id__in=ids).delete()
        Article.objects.filter(pk__in=ids).delete()  # cascades to source links, tags, near-duplicates
        Source.objects.filter(pk__gt=last_source).delete()
        for outlet in Outlet.objects.exclude(pk__in=outlets):
            outlet.history.all().delete()
            outlet.delete()


def _environment(tmp_path: Path) -> dict[str, str]:
    """The environment of an ingest process on this test database, with its own search index."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URLS"}
    name = connection.settings_dict["NAME"]
    if env.get("DATABASE_URL"):
        env["DATABASE_URL"] = urlunsplit(urlsplit(env["DATABASE_URL"])._replace(path=f"/{name}"))
    else:
        env["EMBEDDED_PG_DB"] = name
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    # The test settings sync the index inside the transaction; a killed process would leave there
    # documents of articles that were never committed.
    env["SEARCH_INDEX_DIR"] = str(tmp_path / "search")
    return env


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    max_rss_kb: int  # the process's peak resident memory


def _start(tmp_path: Path, *args: str, log: str) -> tuple[subprocess.Popen, Path, Path]:
    out, err = tmp_path / f"{log}.out", tmp_path / f"{log}.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "ingest", "--verbosity", "2", *args],
            cwd=ROOT,
            env=_environment(tmp_path),
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,  # its own process group, so a kill reaches all of it
        )
    return process, out, err


def _wait(process: subprocess.Popen, out: Path, err: Path) -> Run:
    """Reap the process with its own resource usage (RUSAGE_CHILDREN would mix in every child)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"manage.py ingest did not end: {err.read_text()}")
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(process.returncode, out.read_text(), err.read_text(), usage.ru_maxrss)


def ingest(tmp_path: Path, *args: str, log: str = "ingest") -> Run:
    return _wait(*_start(tmp_path, *args, log=log))


# A 50 MB file: refused from its size, never read


def test_a_50_mb_file_is_refused_without_being_read(committed, tmp_path):
    big = tmp_path / "big_page.html"
    write_long_page(big, megabytes=50)
    refused = ingest(tmp_path, str(big), log="big")
    assert refused.returncode == 1
    assert f"{big}: too large: 50.0 MB, over the 20 MB limit" in refused.stderr
    # The same command on a small file it reads, hashes and finds already ingested: the baseline of
    # a process that starts Django, reads a file and touches the database, without Kiwi.
    seed = next(SEEDS.glob("000_*.txt"))
    baseline = ingest(tmp_path, str(seed), log="seed")
    assert baseline.returncode == 0, baseline.stderr
    assert "already ingested, skipped" in baseline.stdout
    # Reading the file alone would add 50 MB; decoding and parsing it, several times that.
    assert refused.max_rss_kb - baseline.max_rss_kb < 20 * 1024, (refused.max_rss_kb, baseline.max_rss_kb)


# Generated articles: distinct stories, so a clean run files every one of them once

AGENCIES = (
    "과학기술정보통신부",
    "산업통상자원부",
    "행정안전부",
    "교육부",
    "중소벤처기업부",
    "개인정보보호위원회",
)
TOPICS = (
    "AI 반도체",
    "데이터센터",
    "AI 인재 양성",
    "공공 AI 서비스",
    "AI 윤리 기준",
    "초거대 AI",
    "AI 의료기기",
)
OUTLETS = ("연합뉴스", "뉴시스", "전자신문")


def _record(n: int) -> dict:
    """The ``n``th generated article: its own title, body, date and URL."""
    agency, topic = AGENCIES[n % len(AGENCIES)], TOPICS[n // len(AGENCIES) % len(TOPICS)]
    day = f"{2017 + n // 300}-{n // 25 % 12 + 1:02d}-{n % 25 + 1:02d}"
    return {
        "title": f"{agency}, {topic} {n}호 과제 {n * 7 % 90 + 10}억 원 지원",
        "body": (
            f"{agency}는 {topic} 분야의 {n}호 과제에 {n * 7 % 90 + 10}억 원을 지원한다고 밝혔다. "
            f"과제 번호 {n:05d}는 {day}에 확정됐다.\n\n"
            f"{topic} 업계는 {n % 13 + 2}개 기업이 참여 의사를 밝혔다고 전했다."
        ),
        "outlet": OUTLETS[n % len(OUTLETS)],
        "published_at": day,
        "url": f"https://example.org/bad-input/{n}",
    }


def _write_jsonl(path: Path, numbers: range) -> list[dict]:
    records = [_record(n) for n in numbers]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return records


def _archive_of(directory: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Each committed Source under ``directory``: its articles as (title, outlet, date), in order."""
    links = (
        ArticleSource.objects.filter(source__file_name__startswith=str(directory))
        .order_by("source__file_name", "position")
        .values_list(
            "source__file_name", "article__title", "article__outlet__name", "article__published_date"
        )
    )
    archive: dict[str, list[tuple[str, str, str]]] = {
        name: []
        for name in Source.objects.filter(file_name__startswith=str(directory)).values_list(
            "file_name", flat=True
        )
    }
    for name, title, outlet, day in links:
        archive[name].append((title, outlet, day.isoformat()))
    return archive


def _expected(files: dict[Path, list[dict]]) -> dict[str, list[tuple[str, str, str]]]:
    return {str(p): [(r["title"], r["outlet"], r["published_at"]) for r in recs] for p, recs in files.items()}


def _assert_whole(*, since: int) -> None:
    """No article made since ``since`` is without its Source, and none is there twice."""
    made = Article.objects.filter(pk__gt=since)
    assert not made.filter(article_sources__isnull=True).exists()
    twice = made.values("outlet", "title_key").annotate(n=Count("pk")).filter(n__gt=1)
    assert not twice.exists()


# The same file, two processes at once


def test_the_same_file_ingested_by_two_processes_at_once_lands_once(committed, tmp_path):
    path = tmp_path / "same.jsonl"
    records = _write_jsonl(path, range(300))
    last_article = Article.objects.aggregate(last=Max("pk"))["last"]
    # Started together: each reads the file, finds no Source for its bytes and parses it; the first
    # to insert the Source holds it, uncommitted, while Kiwi reads 300 articles, and the second
    # waits on it, then finds it.
    runs = [_start(tmp_path, str(path), log=f"twin{i}") for i in (1, 2)]
    first, second = (_wait(*run) for run in runs)
    assert (first.returncode, second.returncode) == (0, 0), (first.stderr, second.stderr)
    assert "Traceback" not in first.stderr + second.stderr
    reports = sorted([first.stdout, second.stdout], key=lambda out: "already ingested" in out)
    assert f"{path} [jsonl]: 300 new, 0 duplicates" in reports[0]
    assert f"{path}: already ingested, skipped" in reports[1]
    assert Source.objects.filter(file_name=str(path)).count() == 1
    assert _archive_of(tmp_path) == _expected({path: records})
    assert Article.objects.filter(pk__gt=last_article).count() == 300
    _assert_whole(since=last_article)


# A batch killed mid-file, then run again


def _advisory_locks_held_elsewhere() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        return cursor.fetchone()[0]


# Articles in the batch's big file, filed STREAM_BATCH to a transaction: the kill lands between or
# inside its batches, with some of them committed and some not.
BIG = 600
STREAM_BATCH = 50


def test_a_batch_killed_mid_file_and_run_again_holds_exactly_its_articles(committed, tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    # Small files around a big one: the kill lands while the big file is half filed.
    files: dict[Path, list[dict]] = {}
    start = 0
    for index, size in enumerate([5] * 6 + [BIG] + [5] * 4):
        path = batch / f"{index:02d}.jsonl"
        files[path] = _write_jsonl(path, range(start, start + size))
        start += size
    big = batch / "06.jsonl"
    before_big = [p for p in files if p < big]
    last_article = Article.objects.aggregate(last=Max("pk"))["last"]

    process, out, err = _start(tmp_path, "--batch", str(STREAM_BATCH), str(batch), log="killed")
    deadline = time.monotonic() + TIMEOUT
    # Killed once the big file has committed a batch or more, and before it is complete.
    while not Source.objects.filter(file_name=str(big), lines_done__gt=0).exists():
        assert process.poll() is None, f"the batch ended before it was killed: {err.read_text()}"
        assert time.monotonic() < deadline, err.read_text()
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    killed = _wait(process, out, err)
    assert killed.returncode == -signal.SIGKILL
    source = Source.objects.get(file_name=str(big))
    assert not source.complete, "the big file was complete before the kill: make it bigger"
    done = source.lines_done
    assert 0 < done < BIG and done % STREAM_BATCH == 0

    # What a kill leaves: the files before the big one, whole; of the big one, its committed lines.
    expected = _expected({p: files[p] for p in before_big})
    expected[str(big)] = _expected({big: files[big][:done]})[str(big)]
    assert _archive_of(batch) == expected
    _assert_whole(since=last_article)

    again = ingest(tmp_path, "--batch", str(STREAM_BATCH), str(batch), log="again")
    assert again.returncode == 0, again.stderr
    for path in before_big:
        assert f"{path}: already ingested, skipped" in again.stdout
    assert f"{big}: resumed after line {done}" in again.stdout
    assert f"{big} [jsonl]: {BIG - done} new, 0 duplicates" in again.stdout
    # Exactly what one clean run files: every Source with all its articles, each article once, each
    # at its line.
    assert _archive_of(batch) == _expected(files)
    assert Article.objects.filter(pk__gt=last_article).count() == sum(map(len, files.values()))
    assert list(
        ArticleSource.objects.filter(source__file_name=str(big))
        .order_by("position")
        .values_list("position", flat=True)
    ) == list(range(1, BIG + 1))
    assert Source.objects.get(file_name=str(big)).complete
    _assert_whole(since=last_article)
