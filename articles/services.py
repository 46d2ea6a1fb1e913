"""Writes to the article archive: ingesting raw files, curating articles."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
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


# --- curation ----------------------------------------------------------------------------------


class CurationError(ValueError):
    """A curator's request cannot be carried out; the message is meant for the curator."""


def _with_history(instance, *, user, reason: str):
    # simple_history reads these when the row is saved: who did it and why, outside a request too.
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user
    if reason:
        instance._change_reason = reason[:100]
    return instance


def _resolve(name: str, value):
    if name == "outlet" and value is not None and not isinstance(value, Outlet):
        return Outlet.objects.get(pk=value)
    return value


def article_update(
    *, article: Article, data: dict, user=None, reason: str = "", index: bool = True
) -> Article:
    """Apply a curator's corrections to an article; returns the saved article.

    ``data`` maps names of ``Article.CURATABLE_FIELDS`` to new values; values equal to the stored
    ones are ignored, so a whole form (or an old version being restored) can be passed. Every field
    that does change is added to ``curated_fields``, which re-ingesting never overwrites; ``status``
    counts too, so a re-ingest never re-publishes an excluded article. The change is recorded in the
    history with ``user`` and ``reason``; the search vector and the entity tags are rebuilt in the
    same transaction (``index=False`` lets a caller rebuild many articles at once). ``article`` is
    refreshed to the stored state.
    """
    unknown = sorted(set(data) - set(Article.CURATABLE_FIELDS))
    if unknown:
        raise CurationError(f"these fields are not curated by hand: {', '.join(unknown)}")
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        changed = []
        for name, value in data.items():
            value = _resolve(name, value)
            if getattr(current, name) != value:
                setattr(current, name, value)
                changed.append(name)
        if changed:
            current.clean_fields(
                exclude=[f.name for f in Article._meta.fields if f.name not in Article.CURATABLE_FIELDS]
            )
            current.curated_fields = [
                *current.curated_fields,
                *(name for name in changed if name not in current.curated_fields),
            ]
            _with_history(current, user=user, reason=reason).save()
            if index:
                articles_index(ids=[current.pk])
    article.refresh_from_db()
    return current


def articles_set_status(*, articles: Iterable[Article], status: str, user=None, reason: str = "") -> int:
    """Publish or exclude articles (or send them back to review); returns how many changed.

    Excluded articles stay in the archive with their sources, hidden from the portal and the API.
    The status becomes a curated field, so re-ingesting a copy never changes it back.
    """
    if status not in Article.Status.values:
        raise CurationError(f"unknown status: {status!r}")
    changed = 0
    with transaction.atomic():
        for article in articles:
            if article.status != status:
                # Status is not part of the search vector or the tags: nothing to re-index.
                article_update(
                    article=article, data={"status": status}, user=user, reason=reason, index=False
                )
                changed += 1
    return changed


def _move_near_duplicates(*, canonical: Article, other_ids: set[int]) -> None:
    touching = Q(article_id__in=other_ids) | Q(other_id__in=other_ids)
    pairs = {
        frozenset(p)
        for p in NearDuplicate.objects.exclude(touching)
        .filter(Q(article=canonical) | Q(other=canonical))
        .values_list("article_id", "other_id")
    }
    for link in NearDuplicate.objects.filter(touching).order_by("-similarity", "pk"):
        a = canonical.pk if link.article_id in other_ids else link.article_id
        o = canonical.pk if link.other_id in other_ids else link.other_id
        pair = frozenset((a, o))
        if a == o or pair in pairs:
            link.delete()  # a link between the merged copies themselves, or one the canonical already has
            continue
        pairs.add(pair)
        link.article_id, link.other_id = a, o
        link.save(update_fields=["article", "other"])


def articles_merge(*, canonical: Article, others: Iterable[Article], user=None) -> Article:
    """Merge duplicate articles into ``canonical``, which the curator picked; returns it.

    The others' sources (each keeping its file and position), entity tags (a curator's addition or
    removal wins over an automatic tag) and near-duplicate links move to the canonical article;
    each other article is kept, excluded, and points to the canonical one (``merged_into``), so its
    URL redirects there and a copy of its story ingested later is linked to the canonical article
    instead of reviving it. Articles merged into one of the others earlier are re-pointed too. The
    canonical article's vector and tags are rebuilt in the same transaction.
    """
    from policy.services import article_tags_merge

    other_ids = {o.pk for o in others} - {canonical.pk}
    if not other_ids:
        raise CurationError("병합할 다른 기사를 하나 이상 고르세요.")
    with transaction.atomic():
        locked = {
            a.pk: a for a in Article.objects.select_for_update().filter(pk__in={canonical.pk, *other_ids})
        }
        canonical = locked[canonical.pk]
        if canonical.merged_into_id is not None:
            raise CurationError(
                f"기사 #{canonical.pk}는 이미 #{canonical.merged_into_id}에 병합되었습니다: 그 기사를 기준으로 고르세요."
            )
        others = [locked[pk] for pk in sorted(other_ids)]
        ArticleSource.objects.filter(article_id__in=other_ids).update(article=canonical)
        article_tags_merge(canonical=canonical, others=others)
        _move_near_duplicates(canonical=canonical, other_ids=other_ids)
        for earlier in Article.objects.filter(merged_into_id__in=other_ids):
            earlier.merged_into = canonical
            _with_history(earlier, user=user, reason=f"#{canonical.pk}에 병합 (재지정)").save(
                update_fields=["merged_into", "updated_at"]
            )
        for other in others:
            other.merged_into = canonical
            other.status = Article.Status.EXCLUDED
            other.curated_fields = [
                *other.curated_fields,
                *(f for f in ("status",) if f not in other.curated_fields),
            ]
            _with_history(other, user=user, reason=f"#{canonical.pk}에 병합").save()
        # An empty save: the canonical article's history shows what was merged into it, and by whom.
        names = ", ".join(f"#{pk}" for pk in sorted(other_ids))
        _with_history(canonical, user=user, reason=f"{names} 병합됨").save()
        articles_index(ids=[canonical.pk])
    return canonical
