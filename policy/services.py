"""Writes to the knowledge base: loading entities, roles and aliases from the fixture format."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction

from policy.models import Alias, Entity, Role


@transaction.atomic
def entities_load(*, data: dict[str, Any]) -> dict[str, int]:
    """Create or update entities, roles and aliases from the fixture format; returns counts.

    Entities are matched by slug. Aliases listed are created; aliases not listed are left alone,
    since a curator may have added them in the admin. Only the keys read here count: notes such as
    an alias's ``evidence`` or an entity's ``_sources`` (where the press was seen writing it) are
    documentation in the fixture and are ignored.
    """
    counts: Counter[str] = Counter()
    for item in data["entities"]:
        entity, created = Entity.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "kind": item["kind"],
                "name": item["name"],
                "description": item.get("description", ""),
                "ministry": item.get("ministry", ""),
                "start_date": item.get("start_date"),
                "active_from": item.get("active_from"),
                "context_terms": list(item.get("context_terms", [])),
            },
        )
        counts["created" if created else "updated"] += 1
        for role in item.get("roles", []):
            _, made = Role.objects.get_or_create(
                person=entity,
                title=role["title"],
                defaults={"start": role.get("start"), "end": role.get("end")},
            )
            counts["roles"] += made
        for alias in item.get("aliases", []):
            _, made = Alias.objects.update_or_create(
                entity=entity,
                text=alias["text"],
                defaults={"needs_context": alias.get("needs_context", False)},
            )
            counts["aliases"] += made
    return dict(counts)
