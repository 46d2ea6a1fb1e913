"""Entity edits that change how the archive reads: each re-tags the archive in the same transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from articles import korean
from articles.search.index import articles_reindex
from policy.models import Entity


def entities_retag(*, verbosity: int = 0) -> int:
    """Rebuild every article's vector and tags after names or aliases changed; returns the count.

    The Kiwi dictionary is made of the names and aliases, so every article may read differently.
    Rebuilding all is fine at this archive's scale (a few thousand articles a minute); at a much
    larger one this should target the articles whose text contains the changed names.
    """
    return articles_reindex(verbosity=verbosity)


def _free_slug(base: str) -> str:
    slug, n = base, 1
    while Entity.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def entity_promote(*, name: str, kind: str, slug: str = "", user=None) -> Entity:
    """Make a candidate name an entity of ``kind`` and re-tag the archive with it.

    ``slug`` is the entity's URL name (Latin letters, digits and hyphens); when empty it is made
    from the name's Latin part, or from the kind. Raises ValueError when such an entity exists.
    """
    name = korean.normalise_term(name)
    if kind not in Entity.Kind.values:
        raise ValueError(f"unknown kind: {kind!r}")
    if not name:
        raise ValueError("이름이 비어 있습니다.")
    if Entity.objects.filter(kind=kind, name=name).exists():
        raise ValueError(f"이미 있는 개체입니다: {name}")
    base = slugify(slug or name) or kind
    entity = Entity(kind=kind, name=name, slug=_free_slug(base))
    if user is not None and getattr(user, "is_authenticated", False):
        entity._history_user = user
    entity._change_reason = "후보에서 승격"
    entity.save()
    entities_retag()
    return entity
