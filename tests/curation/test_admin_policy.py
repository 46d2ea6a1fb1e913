"""The entity admin: aliases inline re-tag the archive; candidates can be promoted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, ArticleEntity
from articles.selectors.entities import entity_candidates
from policy.models import Alias, Entity

pytestmark = pytest.mark.django_db


def tagged(slug: str) -> set[int]:
    return set(ArticleEntity.objects.active().filter(entity__slug=slug).values_list("article_id", flat=True))


def entity_form(entity: Entity, aliases: list[Alias], new_aliases: list[str] = (), roles=()) -> dict:
    data = {
        "kind": entity.kind,
        "name": entity.name,
        "slug": entity.slug,
        "description": entity.description,
        "ministry": entity.ministry,
        "start_date": entity.start_date or "",
        "active_from": entity.active_from or "",
        "aliases-TOTAL_FORMS": len(aliases) + len(new_aliases),
        "aliases-INITIAL_FORMS": len(aliases),
        "aliases-MIN_NUM_FORMS": 0,
        "aliases-MAX_NUM_FORMS": 1000,
    }
    for i, alias in enumerate(aliases):
        data[f"aliases-{i}-id"] = alias.pk
        data[f"aliases-{i}-entity"] = entity.pk
        data[f"aliases-{i}-text"] = alias.text
        if alias.needs_context:
            data[f"aliases-{i}-needs_context"] = "on"
    for j, text in enumerate(new_aliases, start=len(aliases)):
        data[f"aliases-{j}-entity"] = entity.pk
        data[f"aliases-{j}-text"] = text
    if entity.kind == Entity.Kind.PERSON:
        data.update(
            {
                "roles-TOTAL_FORMS": len(roles),
                "roles-INITIAL_FORMS": len(roles),
                "roles-MIN_NUM_FORMS": 0,
                "roles-MAX_NUM_FORMS": 1000,
            }
        )
        for i, role in enumerate(roles):
            data[f"roles-{i}-id"] = role.pk
            data[f"roles-{i}-person"] = entity.pk
            data[f"roles-{i}-title"] = role.title
            data[f"roles-{i}-start"] = role.start or ""
            data[f"roles-{i}-end"] = role.end or ""
    return data


def test_entity_list_and_pages_render(admin_client_):
    response = admin_client_.get("/admin/policy/entity/?kind__exact=person")
    assert response.status_code == 200
    names = {e.name for e in response.context["cl"].result_list}
    assert "배경훈" in names and "카카오" not in names
    assert "개체 후보" in response.content.decode()
    bae = Entity.objects.get(slug="bae-kyunghoon")
    page = admin_client_.get(reverse("admin:policy_entity_change", args=[bae.pk])).content.decode()
    assert "배 장관" in page and "LG AI연구원장" in page  # aliases and roles inline
    kakao = Entity.objects.get(slug="kakao")
    page = admin_client_.get(reverse("admin:policy_entity_change", args=[kakao.pk])).content.decode()
    assert 'name="aliases-TOTAL_FORMS"' in page and 'name="roles-TOTAL_FORMS"' not in page
    assert admin_client_.get(reverse("admin:policy_entity_history", args=[bae.pk])).status_code == 200


def test_saving_an_alias_retags_the_archive(admin_client_):
    samsung = Entity.objects.get(slug="samsung-electronics")
    before = tagged("samsung-electronics")
    mentions_samsung = {
        a.pk for a in Article.objects.all() if "삼성" in a.body.replace("삼성전자", "") or "삼성" in a.title
    }
    assert mentions_samsung - before
    response = admin_client_.post(
        reverse("admin:policy_entity_change", args=[samsung.pk]),
        entity_form(samsung, list(samsung.aliases.all()), ["삼성"]),
    )
    assert response.status_code == 302
    assert Alias.objects.filter(entity=samsung, text="삼성").exists()
    after = tagged("samsung-electronics")
    assert after > before
    assert after - before <= mentions_samsung
    record = Alias.history.filter(text="삼성").first()
    assert record.history_user.username == "boss"


def test_unchanged_entity_save_does_not_retag(admin_client_, monkeypatch):
    calls = []
    monkeypatch.setattr("portal.admin.entities.entities_retag", lambda: calls.append(1) or 0)
    kakao = Entity.objects.get(slug="kakao")
    data = entity_form(kakao, list(kakao.aliases.all()))
    data["description"] = "카카오 설명"
    assert admin_client_.post(reverse("admin:policy_entity_change", args=[kakao.pk]), data).status_code == 302
    assert calls == []
    data["name"] = "카카오(주)"
    admin_client_.post(reverse("admin:policy_entity_change", args=[kakao.pk]), data)
    assert calls == [1]


def test_candidates_are_frequent_unknown_proper_nouns():
    candidates = {c.name: c for c in entity_candidates(limit=200)}
    assert "엑사원" in candidates
    exaone = candidates["엑사원"]
    assert exaone.article_count >= 5 and exaone.mentions >= exaone.article_count
    for pk in exaone.example_ids:
        assert "엑사원" in Article.objects.get(pk=pk).body + Article.objects.get(pk=pk).title
    # names, aliases and the words of aliases are known already; one syllable is never a candidate
    for known in ("배경훈", "과기정통부", "이재명", "정예팀", "SK텔레콤"):
        assert known not in candidates
    assert all(len(name) >= 2 for name in candidates)
    counts = [c.article_count for c in candidates.values()]
    assert counts == sorted(counts, reverse=True)


def test_candidates_page_and_promotion(admin_client_):
    url = reverse("admin:policy_entity_candidates")
    page = admin_client_.get(url)
    assert page.status_code == 200
    assert "엑사원" in page.content.decode()
    response = admin_client_.post(url, {"name": "엑사원", "kind": "programme", "slug": "exaone"}, follow=True)
    assert "개체로 만들고" in response.content.decode()
    entity = Entity.objects.get(slug="exaone")
    assert (entity.kind, entity.name) == ("programme", "엑사원")
    assert len(tagged("exaone")) >= 5
    assert "엑사원" not in {c.name for c in entity_candidates(limit=200)}
    again = admin_client_.post(url, {"name": "엑사원", "kind": "programme"}, follow=True)
    assert "이미 있는 개체" in again.content.decode()
    # no slug given: one is made up
    admin_client_.post(url, {"name": "딥시크", "kind": "organisation"})
    assert Entity.objects.get(name="딥시크").slug == "organisation"


def test_tag_list_is_read_only(admin_client_):
    response = admin_client_.get("/admin/articles/articleentity/?origin__exact=auto")
    assert response.status_code == 200
    tag = ArticleEntity.objects.first()
    assert admin_client_.get(reverse("admin:articles_articleentity_change", args=[tag.pk])).status_code == 200
    assert (
        admin_client_.get(reverse("admin:articles_articleentity_history", args=[tag.pk])).status_code == 200
    )


def test_reverting_an_entity_name_retags(admin_client_):
    kakao = Entity.objects.get(slug="kakao")
    url = reverse("admin:policy_entity_change", args=[kakao.pk])
    data = entity_form(kakao, list(kakao.aliases.all()))
    admin_client_.post(url, {**data, "name": "카카오뱅크"})
    assert not tagged("kakao")
    old = Entity.history.filter(id=kakao.pk, name="카카오").first()
    revert = reverse("admin:policy_entity_simple_history", args=[kakao.pk, old.history_id])
    assert "이 버전으로 되돌리기" in admin_client_.get(revert).content.decode()
    response = admin_client_.post(revert, {**data, "name": "카카오"})
    assert response.status_code == 302
    kakao.refresh_from_db()
    assert kakao.name == "카카오"
    assert tagged("kakao")
    assert Entity.history.filter(id=kakao.pk).first().history_user.username == "boss"
