"""Ingesting raw files: parse, store the source, create or link articles, index them."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from articles.ingest.dedup import NEAR_DUPLICATE_THRESHOLD, similarity, text_key
from articles.ingest.outlets import outlet_by_name
from articles.ingest.registry import parse_bytes
from articles.ingest.types import ParsedArticle, ParseError
from articles.models import Article, ArticleSource, NearDuplicate, Outlet, Source
from articles.search.index import articles_index

UNKNOWN_OUTLET = "미상"
# Syndicated copies and search-page extracts of one story can carry dates a day or two apart.
SAME_STORY_DAYS = 2
NEAR_DUPLICATE_DAYS = 7


@dataclass
class FileReport:
    """What ingesting one file did."""

    name: str
    status: str = "new"  # new | unchanged | error
    format: str = ""
    new: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    needs_review: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    article_ids: list[int] = field(default_factory=list)


def outlet_get_or_create(*, name: str | None) -> Outlet:
    """The Outlet row for a Korean name, created from the known-outlet table when new."""
    known = outlet_by_name(name) if name else None
    if known:
        outlet, _ = Outlet.objects.get_or_create(
            name=known.name,
            defaults={
                "name_en": known.name_en,
                "slug": known.slug,
                "domain": known.domain,
                "daum_codes": list(known.daum_codes),
            },
        )
        return outlet
    name = (name or "").strip() or UNKNOWN_OUTLET
    existing = Outlet.objects.filter(name=name).first()
    if existing:
        return existing
    base = slugify(name, allow_unicode=False) or "outlet"
    slug, n = base, 1
    while Outlet.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Outlet.objects.create(name=name, slug=slug if name != UNKNOWN_OUTLET else "unknown")


def _same_story(*, outlet: Outlet, parsed: ParsedArticle, title_key: str, body_key: str) -> Article | None:
    """An article already in the archive that is this very story (same outlet, title or body)."""
    same_title = Q(title_key=title_key)
    if parsed.published_date:
        window = dt.timedelta(days=SAME_STORY_DAYS)
        same_title &= Q(published_date__isnull=True) | Q(
            published_date__range=(parsed.published_date - window, parsed.published_date + window)
        )
    match = Q(body_key=body_key) | same_title
    if parsed.url:
        match |= Q(url=parsed.url)
    found = Article.objects.filter(outlet=outlet).filter(match).order_by("id").first()
    # A story a curator merged lives on in its canonical article: link there, never revive the copy.
    seen = set()
    while found is not None and found.merged_into_id is not None and found.pk not in seen:
        seen.add(found.pk)
        found = found.merged_into
    return found


def _near_duplicates(*, article: Article) -> list[tuple[Article, float]]:
    # Merged copies are not in the archive any more; their canonical article stands for them.
    candidates = Article.objects.filter(outlet=article.outlet, merged_into__isnull=True).exclude(
        pk=article.pk
    )
    if article.published_date:
        window = dt.timedelta(days=NEAR_DUPLICATE_DAYS)
        candidates = candidates.filter(
            Q(published_date__isnull=True)
            | Q(published_date__range=(article.published_date - window, article.published_date + window))
        )
    found = []
    for other in candidates.only("id", "body"):
        score = similarity(article.body, other.body)
        if score >= NEAR_DUPLICATE_THRESHOLD:
            found.append((other, score))
    return found


def _fill_gaps(*, article: Article, parsed: ParsedArticle) -> None:
    """A second copy of a story may know what the first did not; it never overrides a curator."""
    curated = set(article.curated_fields)
    changed = []
    gaps = {
        "published_date": parsed.published_date,
        "published_time": parsed.published_time,
        "url": parsed.url,
        "subtitle": parsed.subtitle,
        "reporters": parsed.reporters,
    }
    for name, value in gaps.items():
        if value and not getattr(article, name) and name not in curated:
            setattr(article, name, value)
            changed.append(name)
    if changed:
        article.save(update_fields=[*changed, "updated_at"])


def _article_from_parsed(*, parsed: ParsedArticle, outlet: Outlet, title_key: str, body_key: str) -> Article:
    reasons = list(parsed.review_reasons)
    if outlet.name == UNKNOWN_OUTLET and "outlet unknown" not in reasons:
        reasons.append("outlet unknown")
    if parsed.published_date is None and "date unknown" not in reasons:
        reasons.append("date unknown")
    return Article.objects.create(
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
        title_key=title_key,
        body_key=body_key,
    )


def source_ingest(*, name: str, data: bytes, dry_run: bool = False) -> FileReport:
    """Ingest one raw file in one transaction: keep it as a Source and file its articles.

    A file already ingested (same sha256) changes nothing. A story already in the archive gets
    the new Source linked and only its empty, uncurated fields filled. A near-duplicate is
    stored, linked to its twin and sent to review. With ``dry_run`` everything is rolled back.
    """
    report = FileReport(name=name)
    digest = hashlib.sha256(data).hexdigest()
    existing = Source.objects.filter(sha256=digest).first()
    if existing:
        report.status, report.format = "unchanged", existing.format
        return report
    try:
        result = parse_bytes(data, name=name)
    except ParseError as exc:
        report.status, report.error = "error", str(exc)
        return report
    report.format, report.warnings = result.format, list(result.warnings)

    with transaction.atomic():
        source = Source.objects.create(
            file_name=name, sha256=digest, format=result.format, size=len(data), raw_text=result.text
        )
        touched: list[int] = []
        for position, parsed in enumerate(result.articles, start=1):
            outlet = outlet_get_or_create(name=parsed.outlet)
            title_key = text_key(parsed.title)
            body_key = text_key("\n".join(parsed.paragraphs))
            article = _same_story(outlet=outlet, parsed=parsed, title_key=title_key, body_key=body_key)
            if article:
                report.duplicates += 1
                _fill_gaps(article=article, parsed=parsed)
            else:
                article = _article_from_parsed(
                    parsed=parsed, outlet=outlet, title_key=title_key, body_key=body_key
                )
                report.new += 1
                twins = _near_duplicates(article=article)
                if twins:
                    report.near_duplicates += 1
                    NearDuplicate.objects.bulk_create(
                        [NearDuplicate(article=article, other=o, similarity=s) for o, s in twins]
                    )
                    article.review_reasons = [
                        *article.review_reasons,
                        *(f"near-duplicate of #{o.pk} ({s:.0%})" for o, s in twins),
                    ]
                    article.status = Article.Status.NEEDS_REVIEW
                    article.save(update_fields=["review_reasons", "status"])
                if article.status == Article.Status.NEEDS_REVIEW:
                    report.needs_review += 1
            ArticleSource.objects.get_or_create(
                source=source, position=position, defaults={"article": article}
            )
            if article.pk not in touched:
                touched.append(article.pk)
        # Vectors and tags are rebuilt in this transaction: an article is never searchable half-done.
        articles_index(ids=touched)
        report.article_ids = touched
        if dry_run:
            transaction.set_rollback(True)
    return report
