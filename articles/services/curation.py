"""Curators' writes: corrections, status changes and merges, each with its history and rules.

``CurationError`` and ``with_history`` live in ``articles.services.history`` (the quotes service
uses them too) and are importable from here as before."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from articles.models import Article, ArticleSource, NearDuplicate, Outlet
from articles.search.backends import search_sync
from articles.services.analysis import articles_analyse
from articles.services.history import CurationError, with_history
from articles.services.quotes import quotes_refresh
from articles.tagging import article_tags_merge

__all__ = ["CurationError", "article_update", "articles_merge", "articles_set_status", "with_history"]


def _resolve(name: str, value):
    if name == "outlet" and value is not None and not isinstance(value, Outlet):
        return Outlet.objects.get(pk=value)
    return value


def article_update(
    *, article: Article, data: dict, user=None, reason: str = "", analyse: bool = True
) -> Article:
    """Apply a curator's corrections to an article; returns the saved article.

    ``data`` maps names of ``Article.CURATABLE_FIELDS`` to new values; values equal to the stored
    ones are ignored, so a whole form (or an old version being restored) can be passed. Every field
    that does change is added to ``curated_fields``, which re-ingesting never overwrites; ``status``
    counts too, so a re-ingest never re-publishes an excluded article. The change is recorded in the
    history with ``user`` and ``reason``; the search vector and the entity tags are rebuilt in the
    same transaction, and the quotes when the body changed (``analyse=False`` lets a caller rebuild
    many articles at once). ``article`` is
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
        if current.merged_into_id is not None and current.status == Article.Status.PUBLISHED and changed:
            # A merged copy only redirects to its canonical article; publishing it would show the
            # story twice.
            raise CurationError(
                f"기사 #{current.pk}는 #{current.merged_into_id}에 병합된 기사라 공개할 수 없습니다."
            )
        if changed:
            current.clean_fields(
                exclude=[f.name for f in Article._meta.fields if f.name not in Article.CURATABLE_FIELDS]
            )
            current.curated_fields = [
                *current.curated_fields,
                *(name for name in changed if name not in current.curated_fields),
            ]
            with_history(current, user=user, reason=reason).save()
            if "body" in changed:
                quotes_refresh(articles=[current])
            if analyse:
                articles_analyse(ids=[current.pk])
            else:
                search_sync(ids=[current.pk])  # status, dates or outlet: what readers see
    article.refresh_from_db()
    return current


def articles_set_status(*, articles: Iterable[Article], status: str, user=None, reason: str = "") -> int:
    """Publish or exclude articles (or send them back to review); returns how many changed.

    Excluded articles stay in the archive with their sources, hidden from the portal and the API.
    The status becomes a curated field, so re-ingesting a copy never changes it back. A merged
    article cannot be published (CurationError, and nothing changes).
    """
    if status not in Article.Status.values:
        raise CurationError(f"unknown status: {status!r}")
    changed = 0
    with transaction.atomic():
        for article in articles:
            if article.status != status:
                # Status is not part of the search vector or the tags: nothing to re-analyse.
                article_update(
                    article=article, data={"status": status}, user=user, reason=reason, analyse=False
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
            with_history(earlier, user=user, reason=f"#{canonical.pk}에 병합 (재지정)").save(
                update_fields=["merged_into", "updated_at"]
            )
        for other in others:
            other.merged_into = canonical
            other.status = Article.Status.EXCLUDED
            other.curated_fields = [
                *other.curated_fields,
                *(f for f in ("status",) if f not in other.curated_fields),
            ]
            with_history(other, user=user, reason=f"#{canonical.pk}에 병합").save()
        # An empty save: the canonical article's history shows what was merged into it, and by whom.
        names = ", ".join(f"#{pk}" for pk in sorted(other_ids))
        with_history(canonical, user=user, reason=f"{names} 병합됨").save()
        articles_analyse(ids=[canonical.pk])
        # The merged copies (and earlier merges re-pointed) leave the search index.
        search_sync(
            ids=[*other_ids, *Article.objects.filter(merged_into=canonical).values_list("pk", flat=True)]
        )
    return canonical
