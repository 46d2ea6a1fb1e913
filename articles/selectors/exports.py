"""The rows of an export: every article of a search as plain values, read in chunks.

An export of a broad search at 100k articles is tens of thousands of rows; built as model
instances (every column read, arrays parsed, one object per tag and source) it took half of a
loaded server's time. Here each chunk is three ``values_list`` queries over only the columns an
export writes, and the archive's few hundred entities are read once per export.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import TypedDict

from articles.models import Article, ArticleEntity, ArticleSource
from articles.search.backends import search_backend
from articles.search.request import SearchRequest
from policy.models import Entity

__all__ = ["ExportRecord", "ExportSource", "articles_export_records"]


class ExportSource(TypedDict):
    file_name: str
    sha256: str
    format: str
    position: int


class ExportRecord(TypedDict, total=False):
    """One article as stored, with its tags' names by kind (most mentioned first) and its source
    files (oldest first); ``body`` only when asked for."""

    id: int
    title: str
    outlet: str
    published_date: dt.date | None
    published_time: dt.time | None
    reporters: list[str]
    persons: list[str]
    programmes: list[str]
    organisations: list[str]
    status: str
    url: str
    sources: list[ExportSource]
    body: str


_COLUMNS = ("id", "title", "outlet__name", "published_date", "published_time", "reporters", "status", "url")
_KIND_KEYS: dict[str, str] = {
    Entity.Kind.PERSON: "persons",
    Entity.Kind.PROGRAMME: "programmes",
    Entity.Kind.ORGANISATION: "organisations",
}


def articles_export_records(
    *, request: SearchRequest, chunk_size: int, include_body: bool = False
) -> Iterator[ExportRecord]:
    """Every article matching ``request`` in the search's own order (the order of its pages) as an
    :class:`ExportRecord`; three queries per ``chunk_size`` articles, whatever their tags and sources."""
    ids = search_backend().ids(request.selection(), sort=request.sort)
    columns = (*_COLUMNS, "body") if include_body else _COLUMNS
    entities: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        rows = {row[0]: row for row in Article.objects.filter(pk__in=chunk).values_list(*columns)}
        tags: defaultdict[int, list[int]] = defaultdict(list)
        for article_id, entity_id in (
            ArticleEntity.objects.active()
            .filter(article_id__in=chunk)
            .most_mentioned_first()
            .values_list("article_id", "entity_id")
        ):
            tags[article_id].append(entity_id)
        if tags and not entities:
            entities = {
                pk: (name, _KIND_KEYS[kind])
                for pk, name, kind in Entity.objects.values_list("pk", "name", "kind")
            }
        sources: defaultdict[int, list[ExportSource]] = defaultdict(list)
        for article_id, file_name, sha256, fmt, position in (
            ArticleSource.objects.filter(article_id__in=chunk)
            .order_by("source__ingested_at", "position")
            .values_list("article_id", "source__file_name", "source__sha256", "source__format", "position")
        ):
            sources[article_id].append(
                {"file_name": file_name, "sha256": sha256, "format": fmt, "position": position}
            )
        for pk in chunk:
            row = rows.get(pk)
            if row is None:  # changed between the backend's read and this one
                continue
            names: dict[str, list[str]] = {"persons": [], "programmes": [], "organisations": []}
            for entity_id in tags.get(pk, ()):
                name, key = entities[entity_id]
                names[key].append(name)
            record: ExportRecord = {
                "id": pk,
                "title": row[1],
                "outlet": row[2],
                "published_date": row[3],
                "published_time": row[4],
                "reporters": row[5],
                "status": row[6],
                "url": row[7],
                "persons": names["persons"],
                "programmes": names["programmes"],
                "organisations": names["organisations"],
                "sources": sources.get(pk, []),
            }
            if include_body:
                record["body"] = row[8]
            yield record
