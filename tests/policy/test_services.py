"""Loading the knowledge base from the fixture format: created, updated, nothing lost."""

from __future__ import annotations

import pytest

from policy.models import Alias, Entity, Role
from policy.services import entities_load

pytestmark = pytest.mark.django_db

ITEM = {
    "kind": "person",
    "name": "홍길동",
    "slug": "hong-gildong",
    "description": "시험용 인물",
    "roles": [{"title": "과학기술정보통신부 차관", "start": "2025-07-01"}],
    "aliases": [{"text": "홍 차관", "needs_context": True}, {"text": "길동 홍"}],
    "context_terms": ["차관"],
    "evidence": "https://example.org/ (unknown keys are documentation, not data)",
}


def test_entities_load_creates_then_updates_without_dropping_curators_aliases():
    counts = entities_load(data={"entities": [ITEM]})
    assert counts == {"created": 1, "roles": 1, "aliases": 2}
    person = Entity.objects.get(slug="hong-gildong")
    assert (person.kind, person.name, person.context_terms) == ("person", "홍길동", ["차관"])
    assert Alias.objects.get(entity=person, text="홍 차관").needs_context
    Alias.objects.create(entity=person, text="홍길동 차관")  # a curator's own alias
    again = entities_load(
        data={"entities": [{**ITEM, "description": "고친 설명", "aliases": ITEM["aliases"][:1]}]}
    )
    assert again == {"updated": 1, "roles": 0, "aliases": 0}
    person.refresh_from_db()
    assert person.description == "고친 설명"
    assert set(person.aliases.values_list("text", flat=True)) == {"홍 차관", "길동 홍", "홍길동 차관"}
    assert Role.objects.filter(person=person).count() == 1
