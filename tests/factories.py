"""Articles and entities for tests, made the way the archive makes them: an article through the real
ingest service (a JSON Lines file: parsed, deduplicated, analysed by Kiwi, tagged, indexed), an
entity through the knowledge base's loader."""

from __future__ import annotations

import itertools
import json

from articles.models import Article
from articles.services.entities import entities_import
from articles.services.ingest import source_ingest
from policy.models import Entity
from policy.services import entities_load

_numbers = itertools.count(1)


def article(name: str | None = None, **record) -> Article:
    """Ingest one JSON Lines record and return the article it landed in (``outlet`` defaults to
    지디넷코리아, ``body`` to a few sentences of ``title``)."""
    record.setdefault("title", f"테스트 기사 {next(_numbers)}")
    record.setdefault("body", f"{record['title']}에 관한 본문이다. " * 6)
    record.setdefault("outlet", "지디넷코리아")
    data = json.dumps(record, ensure_ascii=False).encode()
    report = source_ingest(name=name or f"factory-{next(_numbers)}.jsonl", data=data)
    assert report.status == "new", report
    return Article.objects.get(pk=report.article_ids[0])


def entity(
    *, kind: str, name: str, slug: str, aliases: tuple[str, ...] = (), retag: bool = True, **fields
) -> Entity:
    """Load one entity in the fixture format (with ``aliases``) and, by default, re-tag the archive
    as ``manage.py load_entities`` and an entity edit in the admin would."""
    data = {
        "entities": [
            {
                "kind": kind,
                "name": name,
                "slug": slug,
                "aliases": [{"text": a} for a in aliases],
                **fields,
            }
        ]
    }
    (entities_import if retag else entities_load)(data=data)
    return Entity.objects.get(slug=slug)
