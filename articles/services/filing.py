"""Filing parsed articles into the archive, a chunk at a time: the same story found again (by URL,
by outlet and title, by text) fills in what is missing instead of making a second article, new
articles are created with their analysis, tags, quotes and near-duplicates, and each story is
locked against a file ingested at the same time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q

from articles.ingest.confidence import extraction_summary, review_reasons
from articles.ingest.dedup import text_key
from articles.ingest.types import ParsedArticle
from articles.models import Article, ArticleSource, NearDuplicate, Outlet, Source
from articles.services.analysis import (
    Analysed,
    article_texts,
    articles_analysis_store,
    texts_analyse,
)
from articles.services.near_duplicates import NearDuplicateFinder
from articles.services.outlets import (
    UNKNOWN_OUTLET,
    history_user,
    outlet_get_or_create,
)
from articles.services.quotes import Names, names_load, quotes_refresh
from articles.services.reports import FileReport

# Syndicated copies and search-page extracts of one story can carry dates a day or two apart.
SAME_STORY_DAYS = 2
# The key of an empty body (a title-only record): it names no story, so it matches none.
EMPTY_BODY_KEY = text_key("")


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
