"""Entity edits that change how the archive reads: each re-tags the archive in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from articles import korean
from articles.services.analysis import articles_reanalyse
from articles.services.history import with_history
from articles.services.quotes import quotes_relink
from policy.models import Alias, Entity
from policy.services import entities_load

# Entity fields the tagger reads (besides names and aliases): a change to one means re-tagging.
TAGGING_FIELDS = ("name", "active_from", "context_terms")
# Alias fields it reads.
ALIAS_TAGGING_FIELDS = ("text", "needs_context")


def _tagging_state() -> tuple[dict, set]:
    """What the tagger reads of the knowledge base: each entity's tagging fields, every alias."""
    entities = {row[0]: row[1:] for row in Entity.objects.values_list("pk", "kind", *TAGGING_FIELDS)}
    aliases = set(Alias.objects.values_list("entity_id", *ALIAS_TAGGING_FIELDS))
    return entities, aliases


def entities_retag(*, verbosity: int = 0) -> int:
    """Rebuild every article's vector and tags, and re-link quotes' speakers, after names or aliases
    changed; returns the count of articles.

    The Kiwi dictionary is made of the names and aliases, so every article may read differently.
    Rebuilding all is fine at this archive's scale (a few thousand articles a minute); at a much
    larger one this should target the articles whose text contains the changed names.
    """
    count = articles_reanalyse(verbosity=verbosity)
    quotes_relink()  # a new name or alias may be a quote's speaker
    return count


@transaction.atomic
def entities_import(*, data: dict[str, Any], verbosity: int = 0) -> dict[str, int]:
    """Create or update entities, roles and aliases from the fixture format (``manage.py
    load_entities``, the demo data) and re-tag the archive once when anything the tagger reads
    changed: a new entity or alias, an edited name, ``active_from``, ``context_terms`` or
    ``needs_context``, as an edit in the admin does. Returns the loader's counts plus
    ``retagged`` (articles re-analysed)."""
    before = _tagging_state()
    counts = entities_load(data=data)
    counts["retagged"] = entities_retag(verbosity=verbosity) if _tagging_state() != before else 0
    return counts


def entity_save(*, entity: Entity, user=None, reason: str = "", retag: bool = True) -> bool:
    """Save an entity with its history; re-tag the archive when it is new or a field the tagger reads
    changed. Returns whether the archive needed re-tagging (``retag=False`` leaves that to the caller,
    which saves several related edits and re-tags once)."""
    with transaction.atomic():
        before = Entity.objects.filter(pk=entity.pk).values(*TAGGING_FIELDS).first() if entity.pk else None
        with_history(entity, user=user, reason=reason).save()
        needs = before is None or any(before[f] != getattr(entity, f) for f in TAGGING_FIELDS)
        if needs and retag:
            entities_retag()
    return needs


def alias_save(*, alias: Alias, user=None, reason: str = "", retag: bool = True) -> bool:
    """Save an alias with its history; an alias is a dictionary term, so the archive is re-tagged."""
    with transaction.atomic():
        with_history(alias, user=user, reason=reason).save()
        if retag:
            entities_retag()
    return True


def names_delete(*, objects: Iterable[Entity | Alias], user=None, retag: bool = True) -> bool:
    """Delete entities or aliases with their history; the archive is re-tagged without them."""
    with transaction.atomic():
        for obj in objects:
            with_history(obj, user=user, reason="").delete()
        if retag:
            entities_retag()
    return True


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
    entity_save(entity=entity, user=user, reason="후보에서 승격")
    return entity
