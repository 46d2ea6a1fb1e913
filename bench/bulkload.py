"""Bulk-load a generated corpus straight into a bench database, for the 100k and 1M search benchmarks.

    DJANGO_SETTINGS_MODULE=portal.settings.dev EMBEDDED_PG_DB=archive_bench_100000 \\
        .venv/bin/python bench/bulkload.py bench/data/corpus-100000

Ingesting a million articles through ``manage.py ingest`` would take hours of Kiwi time (the ingest
throughput is measured separately, on a subset, by ``ingest_rate.py``). The generator recombines a
limited set of sentences, so this loader analyses each distinct sentence once with the project's own
Kiwi analysis (``articles.korean``, with the archive's user dictionary), and builds every article's
lexemes by concatenating its sentences' lexemes with shifted offsets: the same tsvector positions
and weights the ingest writes, the same content words and tags (``articles.tagging.entity_mentions``),
rows written with ``COPY``, with their near-duplicate keys (``articles.ingest.minhash``, as ingest
stores them). Articles get no Source row (they come from no file). Then the search index is
rebuilt from the vectors. Constant memory: batches of ``--batch`` articles.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from articles import korean  # noqa: E402
from articles.ingest.dedup import text_key  # noqa: E402
from articles.ingest.minhash import near_keys  # noqa: E402
from articles.models import Article, Outlet  # noqa: E402
from articles.search.backends import search_backend  # noqa: E402
from articles.search.dictionary import dictionary_refresh  # noqa: E402
from articles.tagging import _patterns, entity_mentions  # noqa: E402

SENTENCE_END = ". "


class SentenceCache:
    """Lexemes of each distinct sentence (offsets relative to the sentence), analysed in batches."""

    def __init__(self) -> None:
        self.lexemes: dict[str, list[korean.Lexeme]] = {}
        self.words: dict[str, frozenset[str]] = {}
        self.analysed = 0

    def fill(self, sentences: set[str]) -> None:
        todo = [s for s in sentences if s not in self.lexemes]
        for text, analysis in zip(todo, korean.analyse_many(todo), strict=True):
            self.lexemes[text] = analysis.lexemes
            self.words[text] = analysis.words
        self.analysed += len(todo)


def _pieces(text: str) -> list[str]:
    # Paragraphs and sentences, keeping every character: the pieces concatenated are the text.
    out: list[str] = []
    for i, paragraph in enumerate(text.split("\n\n")):
        if i:
            out.append("\n\n")
        parts = paragraph.split(SENTENCE_END)
        for j, part in enumerate(parts):
            out.append(part + (SENTENCE_END if j < len(parts) - 1 else ""))
    return [p for p in out if p]


def _field_lexemes(text: str, cache: SentenceCache) -> list[korean.Lexeme]:
    out: list[korean.Lexeme] = []
    offset = 0
    for piece in _pieces(text):
        if piece.strip():
            for lx in cache.lexemes[piece]:
                out.append(korean.Lexeme(lx.text, lx.start + offset, lx.end + offset))
        offset += len(piece)
    return out


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, list):
        inner = ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in value)
        value = "{" + inner + "}"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def load(directory: Path, *, batch: int, limit: int | None) -> int:
    version = dictionary_refresh()
    patterns = _patterns()
    outlets = {o.name: o.pk for o in Outlet.objects.all()}
    cache = SentenceCache()
    files = sorted(directory.glob("part-*.jsonl"))
    loaded, started = 0, time.monotonic()
    pending: list[dict] = []

    def flush() -> None:
        nonlocal loaded
        pieces = {p for rec in pending for f in ("title", "subtitle", "body") for p in _pieces(rec[f] or "")}
        cache.fill({p for p in pieces if p.strip()})
        rows, tags = io.StringIO(), []
        for rec in pending:
            name = rec["outlet"]
            if name not in outlets:
                outlets[name] = Outlet.objects.create(name=name, slug=f"bench-{len(outlets)}").pk
            moment = dt.datetime.fromisoformat(rec["published_at"]) if rec.get("published_at") else None
            day = moment.date() if moment else None
            fields = [_field_lexemes(rec[f] or "", cache) for f in ("title", "subtitle", "body")]
            vectors = [korean.tsvector_literal(lexemes) for lexemes in fields]
            mentions = entity_mentions(
                lexemes=[lx for f in fields for lx in f], published=day, patterns=patterns
            )
            tags.append(mentions)
            values = [
                rec["title"], rec["subtitle"] or "", rec["body"], outlets[name], day,
                moment.time().replace(tzinfo=None) if moment else None, rec.get("reporters") or [],
                rec.get("url") or "", text_key(rec["title"]), text_key(rec["body"]), near_keys(rec["body"]),
                *vectors,
                sorted(
                    {w for f in ("title", "subtitle", "body") for p in _pieces(rec[f] or "") if p.strip() for w in cache.words[p]}
                ),
            ]  # fmt: skip
            rows.write("\t".join(_copy_text(v) for v in values) + "\n")
        rows.seek(0)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bulk (title text, subtitle text, body text, outlet_id bigint, "
                "published_date date, published_time time, reporters varchar(50)[], url text, "
                "title_key text, body_key text, near_keys bigint[], tv_a text, tv_b text, tv_c text, words text[]) "
                "ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY bulk FROM STDIN") as copy:
                copy.write(rows.getvalue())
            cursor.execute(
                "INSERT INTO articles_article (title, subtitle, body, outlet_id, published_date, "
                "published_time, reporters, url, language, status, review_reasons, curated_fields, extraction, "
                "title_key, body_key, near_keys, search_vector, content_words, search_version, created_at, updated_at, "
                "external_id, is_excerpt) "
                "SELECT title, subtitle, body, outlet_id, published_date, published_time, reporters, url, "
                "'ko', 'published', '{}', '{}', 'format parser', title_key, body_key, near_keys, "
                "setweight(tv_a::tsvector, 'A') || setweight(tv_b::tsvector, 'B') || "
                "setweight(tv_c::tsvector, 'C'), words, %s, now(), now(), '', false FROM bulk ORDER BY ctid RETURNING id",
                [version],
            )
            ids = [row[0] for row in cursor.fetchall()]
            tag_rows = [
                (pk, entity_id, count, "auto")
                for pk, mentions in zip(ids, tags, strict=True)
                for entity_id, count in mentions.items()
            ]
            cursor.executemany(
                "INSERT INTO articles_articleentity (article_id, entity_id, mentions, origin) VALUES (%s, %s, %s, %s)",
                tag_rows,
            )
        loaded += len(pending)
        pending.clear()
        rate = loaded / (time.monotonic() - started)
        print(f"\r{loaded} articles, {cache.analysed} sentences analysed, {rate:.0f}/s", end="", flush=True)

    for path in files:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if limit is not None and loaded + len(pending) >= limit:
                    break
                pending.append(json.loads(line))
                if len(pending) >= batch:
                    flush()
    if pending:
        flush()
    print()
    return loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a corpus directory of part-*.jsonl files")
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    started = time.monotonic()
    count = load(args.corpus, batch=args.batch, limit=args.limit)
    loaded_at = time.monotonic()
    indexed = search_backend().rebuild()
    done = time.monotonic()
    print(
        json.dumps(
            {
                "articles": count,
                "articles_in_db": Article.objects.count(),
                "load_seconds": round(loaded_at - started, 1),
                "index_rebuild_seconds": round(done - loaded_at, 1),
                "indexed": indexed,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
