"""Where the index lives and how it is written: one index per database, one writer at a time,
readers that follow commits; sync of changed articles and a rebuild from PostgreSQL.

See docs/search-engine.md for the design (consistency, several processes, backups).
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import cast

import tantivy
from django.conf import settings
from django.db import connection, transaction

from articles.models import Article, ArticleEntity
from articles.search.backends.tantivy import schema
from articles.search.backends.tantivy.documents import Row, document

WRITER_HEAP = 64_000_000
WRITER_WAIT_SECONDS = 30.0  # how long a sync waits for another process's writer
SYNC_BATCH = 1000

_lock = threading.Lock()
_indexes: dict[Path, tantivy.Index] = {}


def index_path() -> Path:
    """This database's index directory: test, benchmark and production databases never share one."""
    return Path(settings.SEARCH_INDEX_DIR) / str(connection.settings_dict["NAME"])


class IndexOutdated(RuntimeError):
    """The index on disk was built with another schema: it must be rebuilt (``search_index --check``
    does, and ``make serve`` runs it before serving)."""


_VERSION_FILE = "schema-version"


def _open(path: Path) -> tantivy.Index:
    path.mkdir(parents=True, exist_ok=True)
    s = schema.build_schema()
    version = path / _VERSION_FILE
    if tantivy.Index.exists(str(path)):
        found = version.read_text().strip() if version.exists() else "1"
        if found != schema.SCHEMA_VERSION:
            raise IndexOutdated(
                f"the search index at {path} has schema {found}, this code needs {schema.SCHEMA_VERSION}: "
                "run manage.py search_index --check (or --rebuild)"
            )
        return tantivy.Index(s, path=str(path), reuse=True)
    index = tantivy.Index(s, path=str(path), reuse=False)
    version.write_text(schema.SCHEMA_VERSION)
    return index


def index_open() -> tantivy.Index:
    """This process's handle on the index, opened once (memory-mapped: workers share the pages)."""
    path = index_path()
    index = _indexes.get(path)
    if index is None:
        with _lock:
            index = _indexes.get(path) or _open(path)
            _indexes[path] = index
    return index


def generation() -> tuple[str, int, int]:
    """Which commit of the index the searchers see (changes with every commit, by any process)."""
    meta = index_path() / "meta.json"
    try:
        stat = meta.stat()
    except FileNotFoundError:
        return (str(meta), 0, 0)
    return (str(meta), stat.st_mtime_ns, stat.st_size)


def searcher() -> tantivy.Searcher:
    """A searcher on the latest commit, whichever process made it."""
    index = index_open()
    index.reload()
    return index.searcher()


def _writer(index: tantivy.Index, *, threads: int = 1) -> tantivy.IndexWriter:
    deadline = time.monotonic() + WRITER_WAIT_SECONDS
    while True:
        try:
            return index.writer(heap_size=WRITER_HEAP, num_threads=threads)
        except ValueError:  # another process holds the directory's writer lock
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def rows(ids: Iterable[int] | None = None) -> Iterator[Row]:
    """Readable articles as index rows, ``ids`` only when given, in batches (constant memory)."""
    queryset = Article.objects.readable().filter(search_vector__isnull=False).order_by("pk")
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    fields = (
        "pk",
        "outlet_id",
        "published_date",
        "published_time",
        "reporters",
        "updated_at",
        "content_words",
    )
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).values_list(*fields)[:SYNC_BATCH])
        if not batch:
            return
        last = batch[-1][0]
        pks = [b[0] for b in batch]
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, search_vector::text FROM articles_article WHERE id = ANY(%s)", [pks])
            vectors = dict(cursor.fetchall())
        entities: dict[int, dict[str, list[int]]] = {}
        tags = ArticleEntity.objects.active().filter(article_id__in=pks)
        for article_id, entity_id, kind in tags.values_list("article_id", "entity_id", "entity__kind"):
            entities.setdefault(article_id, {}).setdefault(kind, []).append(entity_id)
        for pk, outlet_id, day, moment, reporters, updated, words in batch:
            yield Row(
                pk,
                vectors[pk],
                outlet_id,
                day,
                moment,
                list(reporters),
                updated,
                entities.get(pk, {}),
                list(words),
            )


def _replace(writer: tantivy.IndexWriter, ids: list[int]) -> int:
    s = schema.build_schema()
    for start in range(0, len(ids), SYNC_BATCH):
        chunk = ids[start : start + SYNC_BATCH]
        writer.delete_documents_by_query(tantivy.Query.term_set_query(s, schema.ID, chunk))
    added = 0
    for row in rows(ids):
        writer.add_document(document(row))
        added += 1
    return added


def _sync_now(ids: list[int]) -> None:
    index = index_open()
    writer = _writer(index)
    try:
        _replace(writer, ids)
        writer.commit()
    finally:
        writer.wait_merging_threads()


def index_sync(*, ids: Iterable[int]) -> None:
    """Make the index agree with PostgreSQL for these articles, once the transaction commits.

    An article that is no longer readable (excluded, merged, back in review) leaves the index.
    With ``settings.SEARCH_SYNC_IMMEDIATE`` (the tests, which never commit) it happens at once.
    """
    ids = set(ids)
    if not ids:
        return
    if settings.SEARCH_SYNC_IMMEDIATE:
        _sync_now(sorted(ids))
        return
    # One sync per transaction, however many saves asked for one (a file's ingest saves articles
    # and tags one by one): ids wait on the connection, and the first commit callback takes them
    # all; the others find nothing. Ids left by a rolled-back transaction are synced with the next
    # commit, which is harmless: a sync re-reads PostgreSQL.
    pending = connection.__dict__.setdefault("_search_sync_pending", set())
    pending.update(ids)
    transaction.on_commit(_sync_pending)


def _sync_pending() -> None:
    ids = connection.__dict__.pop("_search_sync_pending", set())
    if ids:
        _sync_now(sorted(ids))


def index_rebuild(*, threads: int = 2) -> int:
    """Rebuild the whole index from PostgreSQL's vectors; returns the number of articles indexed.

    Built in a fresh directory and swapped in, so searches keep answering from the old index until
    the new one is complete.
    """
    final = index_path()
    fresh = final.with_name(final.name + ".rebuild")
    shutil.rmtree(fresh, ignore_errors=True)
    index = _open(fresh)
    writer = index.writer(heap_size=WRITER_HEAP * threads, num_threads=threads)
    count = 0
    for row in rows():
        writer.add_document(document(row))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    with _lock:
        old = final.with_name(final.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        fresh.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        _indexes.pop(final, None)
        _indexes.pop(fresh, None)
    return count


def index_differences() -> tuple[set[int], set[int]]:
    """``(stale, extra)``: readable articles whose document is missing or older than the row, and
    documents of articles no longer readable. Both empty when the index agrees with PostgreSQL.

    An index of an older schema is rebuilt first (then both are empty)."""
    try:
        se = searcher()
    except IndexOutdated:
        index_rebuild()
        return set(), set()
    indexed: dict[int, int] = {}
    total: int = se.search(tantivy.Query.all_query(), limit=1, count=True).count  # type: ignore[attr-defined]  # tantivy's stub omits SearchResult.count
    page = 10_000
    for offset in range(0, total, page):
        hits = se.search(
            tantivy.Query.all_query(),
            limit=page,
            offset=offset,
            order_by_field=schema.ID,
            order=tantivy.Order.Asc,
        ).hits
        addresses = [address for _, address in hits]
        # Integer fields that every document holds (the stub types any fast field's values as one union).
        ids = cast(list[int], se.fast_field_values(schema.ID, addresses))
        updated = cast(list[int], se.fast_field_values(schema.UPDATED, addresses))
        indexed.update(zip(ids, updated, strict=True))
    stale: set[int] = set()
    readable = Article.objects.readable().filter(search_vector__isnull=False)
    for pk, updated_at in readable.values_list("pk", "updated_at").iterator(chunk_size=SYNC_BATCH):
        if indexed.pop(pk, None) != int(updated_at.timestamp() * 1_000_000):
            stale.add(pk)
    return stale, set(indexed)


def index_drop() -> None:
    """Delete this database's index (the test database's, at the end of a run)."""
    with _lock:
        path = index_path()
        _indexes.pop(path, None)
        shutil.rmtree(path, ignore_errors=True)
