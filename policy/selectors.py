"""Reads for the policy app: the dictionary terms, entity pages, promotion candidates."""

from __future__ import annotations

from policy.models import Alias, Entity


def dictionary_terms() -> list[str]:
    """Every entity name and alias: the Kiwi user dictionary is built from these."""
    names = Entity.objects.values_list("name", flat=True)
    aliases = Alias.objects.values_list("text", flat=True)
    return sorted({*names, *aliases})
