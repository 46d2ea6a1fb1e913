"""Ingesting raw files: parse, store the source, create or link articles, index them."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q

from articles.ingest.confidence import extraction_summary, review_reasons
from articles.ingest.dedup import text_key
from articles.ingest.outlets import OutletRecord
from articles.ingest.registry import parse_bytes
from articles.ingest.types import ParsedArticle, ParseError, ParseResult
from articles.models import Article, ArticleSource, NearDuplicate, Outlet, Source
from articles.search.backends import search_sync
from articles.search.dictionary import dictionary_refresh
from articles.services.analysis import (
    Analysed,
    analysis_ahead,
    article_texts,
    articles_analysis_store,
    texts_analyse,
)
from articles.services.near_duplicates import NearDuplicateFinder
from articles.services.outlets import (
    UNKNOWN_OUTLET,
    history_user,
    outlet_get_or_create,
    outlet_registry,
    outlets_get_or_create,
)
from articles.services.quotes import Names, names_load, quotes_refresh
from articles.services.reports import FileReport

# Syndicated copies and search-page extracts of one story can carry dates a day or two apart.
SAME_STORY_DAYS = 2
# The key of an empty body (a title-only record): it names no story, so it matches none.
EMPTY_BODY_KEY = text_key("")
# Articles filed per chunk (a few queries each), and how many chunks Kiwi analyses ahead.
CHUNK = 200
AHEAD = 1


def _same_story_match(
    article: Article, *, outlet_id: int, parsed: ParsedArticle, title_key: str, body_key: str
) -> bool:
    """Whether ``article`` is this very story: same outlet, and same external id, same body, same
    title (within ``SAME_STORY_DAYS`` when both are dated) or same URL."""
    if article.outlet_id != outlet_id:
        return False
    if parsed.external_id and article.external_id == parsed.external_id:
        return True
    if article.body_key == body_key and body_key != EMPTY_BODY_KEY:
        return True
    if article.title_key == title_key:
        if not parsed.published_date or article.published_date is None:
            return True
        if abs(article.published_date - parsed.published_date) <= dt.timedelta(days=SAME_STORY_DAYS):
            return True
    return bool(parsed.url) and article.url == parsed.url


def _canonical(found: Article | None) -> Article | None:
    # A story a curator merged lives on in its canonical article: link there, never revive the copy.
    seen = set()
    while found is not None and found.merged_into_id is not None and found.pk not in seen:
        seen.add(found.pk)
        found = found.merged_into
    return found


def _gaps(parsed: ParsedArticle) -> dict[str, Any]:
    return {
        "published_date": parsed.published_date,
        "published_time": parsed.published_time,
        "url": parsed.url,
        "subtitle": parsed.subtitle,
        "reporters": parsed.reporters,
        "external_id": parsed.external_id,
    }


def _fill_excerpt(*, article: Article, parsed: ParsedArticle, curated: set[str]) -> list[str]:
    """An excerpt (BigKinds' first ~200 characters) takes the full text of its story when it
    arrives, and its title (BigKinds drops the middle dots); the fields it changed."""
    if not article.is_excerpt or parsed.is_excerpt or not parsed.paragraphs or "body" in curated:
        return []
    article.body = "\n\n".join(parsed.paragraphs)
    article.body_key = text_key("\n".join(parsed.paragraphs))
    article.is_excerpt = False
    changed = ["body", "body_key", "is_excerpt"]
    if parsed.title and "title" not in curated:
        article.title, article.title_key = parsed.title, text_key(parsed.title)
        changed += ["title", "title_key"]
    if "no body (title only)" in article.review_reasons:
        article.review_reasons = [r for r in article.review_reasons if r != "no body (title only)"]
        changed.append("review_reasons")
    return changed


def _fill_gaps(*, article: Article, parsed: ParsedArticle) -> bool:
    """A second copy of a story may know what the first did not; it never overrides a curator.

    Returns whether anything was filled."""
    curated = set(article.curated_fields)
    changed = _fill_excerpt(article=article, parsed=parsed, curated=curated)
    for name, value in _gaps(parsed).items():
        if value and not getattr(article, name) and name not in curated:
            setattr(article, name, value)
            changed.append(name)
    if changed:
        article.save(update_fields=[*changed, "updated_at"])
    return bool(changed)


def _article_from_parsed(*, parsed: ParsedArticle, outlet: Outlet, title_key: str, body_key: str) -> Article:
    """The new Article for a parsed one, not saved yet (ingest creates a chunk of them at once)."""
    reasons = review_reasons(parsed)
    if outlet.name == UNKNOWN_OUTLET and "outlet unknown" not in reasons:
        reasons.append("outlet unknown")
    if parsed.published_date is None and "date unknown" not in reasons:
        reasons.append("date unknown")
    return Article(
        title=parsed.title,
        subtitle=parsed.subtitle,
        body="\n\n".join(parsed.paragraphs),
        outlet=outlet,
        published_date=parsed.published_date,
        published_time=parsed.published_time,
        reporters=parsed.reporters,
        url=parsed.url,
        language=parsed.language,
        status=Article.Status.NEEDS_REVIEW if reasons else Article.Status.PUBLISHED,
        review_reasons=reasons,
        extraction=extraction_summary(parsed)[:500],
        title_key=title_key,
        body_key=body_key,
        external_id=parsed.external_id,
        is_excerpt=parsed.is_excerpt,
    )


def parsed_texts(parsed: ParsedArticle) -> tuple[str, str, str]:
    """The texts the new Article for ``parsed`` will be indexed from (see ``article_texts``)."""
    return (parsed.title, parsed.subtitle, "\n\n".join(parsed.paragraphs))


@dataclass
class FileIngest:
    """The state of ingesting one file: what it created, touched and indexed so far."""

    source: Source
    report: FileReport
    version: str
    reason: str | None = None  # the change reason on the history rows this file writes
    outlets: dict[str, Outlet] = field(default_factory=dict)
    touched: dict[int, None] = field(default_factory=dict)  # ids in order of first touch
    indexed: set[int] = field(default_factory=set)  # indexed in this file and not changed since
    quote_names: Names = field(default_factory=names_load)  # the knowledge base's names, read once a file

    def outlet(self, name: str | None) -> Outlet:
        key = name or ""
        outlet = self.outlets.get(key)
        if outlet is None:
            outlet = self.outlets[key] = outlet_get_or_create(name=name)
        return outlet

    def chunk(
        self, positions: Sequence[int], chunk: Sequence[ParsedArticle], analysed: Future[list[Analysed]]
    ) -> None:
        """File the articles ``chunk`` (at ``positions`` in the file: their order, or for a
        streamed file their lines), then index what they touched."""
        report = self.report
        items = []
        for parsed in chunk:
            outlet = self.outlet(parsed.outlet)
            items.append((parsed, outlet, text_key(parsed.title), text_key("\n".join(parsed.paragraphs))))
        # Stories already in the archive, for the whole chunk in one query.
        match = Q(pk__in=[])
        for outlet_id in {outlet.pk for _, outlet, _, _ in items}:
            stories = [(p, t, b) for p, o, t, b in items if o.pk == outlet_id]
            urls = [p.url for p, _, _ in stories if p.url]
            ids = [p.external_id for p, _, _ in stories if p.external_id]
            match |= Q(outlet_id=outlet_id) & (
                Q(body_key__in=[b for _, _, b in stories if b != EMPTY_BODY_KEY])
                | Q(title_key__in=[t for _, t, _ in stories])
                | Q(url__in=urls)
                | Q(external_id__in=ids)
            )
        stored = list(Article.objects.filter(match).order_by("id"))
        filled: list[Article] = []  # stored articles filled in this chunk (a filled URL may match later)
        linked: list[tuple[int, Article, ParsedArticle]] = []
        new_by_position: dict[int, Article] = {}
        pending_new: list[Article] = []  # created in this chunk, matched by the ones after them
        pending_keys: dict[tuple[str, int, str], list[Article]] = {}
        for position, (parsed, outlet, title_key, body_key) in zip(positions, items, strict=True):
            keys = [("t", outlet.pk, title_key)]
            if body_key != EMPTY_BODY_KEY:
                keys.append(("b", outlet.pk, body_key))
            if parsed.url:
                keys.append(("u", outlet.pk, parsed.url))
            if parsed.external_id:
                keys.append(("x", outlet.pk, parsed.external_id))
            nearby = [a for k in keys for a in pending_keys.get(k, ())]
            candidates = [
                a
                for a in (*stored, *filled, *nearby)
                if _same_story_match(
                    a, outlet_id=outlet.pk, parsed=parsed, title_key=title_key, body_key=body_key
                )
            ]
            found = _canonical(min(candidates, key=_creation_order)) if candidates else None
            if found is not None:
                report.duplicates += 1
                if found.pk is None:
                    # A copy of an article created earlier in this chunk: filled before it is saved.
                    _fill_unsaved(article=found, parsed=parsed)
                    if found.url:
                        pending_keys.setdefault(("u", outlet.pk, found.url), []).append(found)
                elif _fill_gaps(article=found, parsed=parsed):
                    self.indexed.discard(found.pk)
                    filled.append(found)
                linked.append((position, found, parsed))
            else:
                article = _article_from_parsed(
                    parsed=parsed, outlet=outlet, title_key=title_key, body_key=body_key
                )
                article._ingest_order = len(pending_new)  # type: ignore[attr-defined]
                pending_new.append(article)
                for k in keys:
                    pending_keys.setdefault(k, []).append(article)
                new_by_position[position] = article
                linked.append((position, article, parsed))
        # New articles: one insert, then their history as if created one by one.
        if pending_new:
            finder = NearDuplicateFinder(pending_new)  # read before the chunk's own rows exist
            Article.objects.bulk_create(pending_new)
            Article.history.bulk_history_create(
                pending_new, default_user=history_user(), default_change_reason=self.reason
            )
            self.report.created_ids.extend(a.pk for a in pending_new)
            flagged: list[Article] = []
            pairs: list[NearDuplicate] = []
            for article in pending_new:
                twins = finder.twins(article)
                finder.add(article)
                report.new += 1
                if twins:
                    report.near_duplicates += 1
                    pairs.extend(NearDuplicate(article=article, other_id=o, similarity=s) for o, s in twins)
                    article.review_reasons = [
                        *article.review_reasons,
                        *(f"near-duplicate of #{o} ({s:.0%})" for o, s in twins),
                    ]
                    article.status = Article.Status.NEEDS_REVIEW
                    flagged.append(article)
                if article.status == Article.Status.NEEDS_REVIEW:
                    report.needs_review += 1
            if pairs:
                NearDuplicate.objects.bulk_create(pairs)
                Article.objects.bulk_update(flagged, ["review_reasons", "status"])
                Article.history.bulk_history_create(
                    flagged, update=True, default_user=history_user(), default_change_reason=self.reason
                )
        ArticleSource.objects.bulk_create(
            [
                ArticleSource(source=self.source, position=p, article=a, provenance=parsed.provenance)
                for p, a, parsed in linked
            ]
        )
        # Vectors and tags, in this transaction: an article is never searchable half-done. New
        # articles were analysed ahead (Kiwi ran while the rows above were written); a linked
        # article is analysed now, unless this file already indexed it as it is.
        results = analysed.result()
        batch: list[Article] = []
        analyses: list[Analysed] = []
        again: list[Article] = []
        for offset, (position, parsed) in enumerate(zip(positions, chunk, strict=True)):
            created = new_by_position.get(position)
            if (
                created is not None
                and created.pk not in self.indexed
                and article_texts(created) == parsed_texts(parsed)
            ):
                batch.append(created)
                analyses.append(results[offset])
                self.indexed.add(created.pk)
        for _, article, _ in linked:
            self.touched.setdefault(article.pk)
            if article.pk not in self.indexed:
                again.append(article)
                self.indexed.add(article.pk)
        if again:
            batch.extend(again)
            analyses.extend(texts_analyse([article_texts(a) for a in again]))
        articles_analysis_store(batch, analyses, version=self.version, untagged={a.pk for a in pending_new})
        # Quotes (인용문) of the same articles: rules on the bodies, their vectors cut from the
        # bodies' lexemes; no second Kiwi pass.
        quotes_refresh(
            articles=batch,
            new={a.pk for a in pending_new},
            names=self.quote_names,
            body_lexemes={a.pk: an.body for a, an in zip(batch, analyses, strict=True)},
        )


def _creation_order(article: Article) -> tuple[int, int]:
    """Stored articles by id, then the ones created in this chunk in the order they were made."""
    if article.pk is not None:
        return (0, article.pk)
    return (1, article._ingest_order)


def _fill_unsaved(*, article: Article, parsed: ParsedArticle) -> None:
    """``_fill_gaps`` for an article created earlier in the same chunk (saved with the chunk)."""
    _fill_excerpt(article=article, parsed=parsed, curated=set())
    for name, value in _gaps(parsed).items():
        if value and not getattr(article, name):
            setattr(article, name, value)


def stories_lock(parsed: Sequence[ParsedArticle]) -> None:
    """Hold, until this file's transaction ends, a lock on each of its stories' title and body keys.

    Files are ingested in parallel (``manage.py ingest --jobs``, queue workers): two files carrying
    the same story must not both find it missing and both create it. The locks are taken in one
    statement in ascending order, so two files never wait on each other in a cycle.
    """
    keys = sorted(
        {int(text_key(text)[:15], 16) for p in parsed for text in (p.title, "\n".join(p.paragraphs))}
    )
    if keys:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT unnest(%s::bigint[]) AS k ORDER BY 1) AS ks",
                [keys],
            )


@dataclass
class SourceAhead:
    """A whole file read before its turn (``source_read_ahead``): its parse, and the analysis of its
    first chunks under way while the file before it is filed."""

    digest: str
    outlets: tuple[OutletRecord, ...]  # the registry it was parsed against
    version: str  # the dictionary it is analysed with
    result: ParseResult
    futures: dict[int, Future[list[Analysed]]]

    def drop(self) -> None:
        """Give it up (the file changed, or the dictionary): its analyses are not used."""
        for future in self.futures.values():
            future.cancel()

    def analyses(self, parsed: Sequence[ParsedArticle]) -> dict[int, Future[list[Analysed]]]:
        """The analyses that hold for ``parsed``, the file parsed again (the outlet registry changed
        since it was read): those of the chunks whose texts are the same."""
        kept = {}
        for start, future in self.futures.items():
            if parsed is self.result.articles or _chunk_texts(parsed, start) == _chunk_texts(
                self.result.articles, start
            ):
                kept[start] = future
            else:
                future.cancel()
        return kept


def _chunk_texts(parsed: Sequence[ParsedArticle], start: int) -> list[tuple[str, str, str]]:
    return [parsed_texts(p) for p in parsed[start : start + CHUNK]]


def source_read_ahead(*, name: str, data: bytes, url: str = "", ahead: analysis_ahead) -> SourceAhead | None:
    """Parse a file and submit the analysis of its first chunks to ``ahead``, as ``source_ingest``
    will; None when it would analyse nothing (a file already ingested, or unparsable).

    Reads, writes nothing and takes no lock, so it may run inside the previous file's transaction.
    """
    digest = hashlib.sha256(data).hexdigest()
    if Source.objects.filter(sha256=digest).exists():
        return None
    registry = outlet_registry()
    try:
        result = parse_bytes(data, name=name, outlets=registry, url=url)
    except ParseError:
        return None
    version = dictionary_refresh()
    parsed = result.articles
    starts = range(0, len(parsed), CHUNK)[: AHEAD + 1]
    futures = {s: ahead.submit(_chunk_texts(parsed, s)) for s in starts}
    return SourceAhead(digest, registry.records, version, result, futures)


def source_ingest(
    *,
    name: str,
    data: bytes,
    dry_run: bool = False,
    url: str = "",
    reason: str = "",
    ahead: analysis_ahead | None = None,
    read: SourceAhead | None = None,
    read_next: Callable[[], None] | None = None,
) -> FileReport:
    """Ingest one raw file in one transaction: keep it as a Source and file its articles.

    A file already ingested (same sha256) changes nothing. A story already in the archive gets
    the new Source linked and only its empty, uncurated fields filled. A near-duplicate is
    stored, linked to its twin and sent to review. With ``dry_run`` everything is rolled back.

    Articles are filed in chunks of ``CHUNK`` (a few queries each, whatever the chunk's size)
    while Kiwi analyses the next chunks in a background thread.

    ``url`` is the page's address when the scraper knows it: the parser takes it as evidence of
    the outlet (the page's own host) and as the article's URL. ``reason`` is the change reason on
    the history rows the file writes (an admin upload names its file there).

    Files ingested one after another (``articles.services.files_ingest.paths_ingest``) share one analysis thread (``ahead``): the
    file was read ahead (``read``: its parse used when the outlet registry is still what it was
    parsed against, its analyses when the dictionary and the texts are the same) and ``read_next`` is called once the analysis of the file's
    last chunk is submitted, so that the next file's starts while this one is filed.
    """
    report = FileReport(name=name)
    digest = hashlib.sha256(data).hexdigest()
    existing = Source.objects.filter(sha256=digest).first()
    if existing:
        if read is not None:
            read.drop()
        report.status, report.format = "unchanged", existing.format
        return report
    registry = outlet_registry()
    if read is not None and read.digest != digest:
        read.drop()
        read = None
    if read is not None and read.outlets == registry.records:
        result = read.result
    else:
        # Parsed (again: the outlets may name more than when it was read ahead); its analyses are
        # kept where the texts are the same.
        try:
            result = parse_bytes(data, name=name, outlets=registry, url=url)
        except ParseError as exc:
            report.status, report.error = "error", str(exc)
            return report
    report.format, report.warnings = result.format, list(result.warnings)
    # New outlets are committed before the file's transaction: files ingested in parallel that meet
    # the same new outlet must not hold each other's uncommitted rows until their ends (a deadlock).
    outlets = {} if dry_run else outlets_get_or_create(names={p.outlet for p in result.articles})

    with transaction.atomic():
        try:
            with transaction.atomic():
                source = Source.objects.create(
                    file_name=name, sha256=digest, format=result.format, size=len(data), raw_text=result.text
                )
        except IntegrityError:  # the same bytes, ingested by another process meanwhile
            report.status = "unchanged"
            if read is not None:
                read.drop()
            return report
        stories_lock(result.articles)
        state = FileIngest(
            source=source, report=report, version=dictionary_refresh(), reason=reason or None, outlets=outlets
        )
        futures: dict[int, Future[list[Analysed]]] = {}
        if read is not None and read.version == state.version:
            futures = read.analyses(result.articles)
        elif read is not None:
            read.drop()
        parsed = result.articles
        starts = range(0, len(parsed), CHUNK)
        with nullcontext(ahead) if ahead is not None else analysis_ahead() as pool:
            for i, start in enumerate(starts):
                # Keep Kiwi AHEAD chunks ahead of the database work.
                for s in starts[i : i + AHEAD + 1]:
                    if s not in futures:
                        futures[s] = pool.submit(_chunk_texts(parsed, s))
                if read_next is not None and i == len(starts) - 1:
                    read_next()
                positions = range(start + 1, start + 1 + len(parsed[start : start + CHUNK]))
                state.chunk(positions, parsed[start : start + CHUNK], futures.pop(start))
        touched = list(state.touched)
        search_sync(ids=touched)
        report.article_ids = touched
        if dry_run:
            transaction.set_rollback(True)
    return report
