"""The rules that live in the services, whoever calls them: merged articles stay unpublished, and an
edit of what the tagger reads re-tags the archive (an edit of anything else does not)."""

from __future__ import annotations

import pytest

from articles.models import Article, ArticleEntity
from articles.services import entities as entity_services
from articles.services.curation import CurationError, articles_merge, articles_set_status
from articles.services.entities import alias_save, entity_save, names_delete
from policy.models import Alias, Entity

pytestmark = pytest.mark.django_db


def tagged(slug: str) -> set[int]:
    return set(ArticleEntity.objects.active().filter(entity__slug=slug).values_list("article_id", flat=True))


def test_a_merged_article_cannot_be_published_through_the_service(superuser):
    original, copy = Article.objects.readable()[:2]
    articles_merge(canonical=original, others=[copy], user=superuser)
    copy.refresh_from_db()
    with pytest.raises(CurationError, match="병합"):
        articles_set_status(articles=[copy], status=Article.Status.PUBLISHED, user=superuser)
    copy.refresh_from_db()
    assert copy.status == Article.Status.EXCLUDED
    assert copy.pk not in set(Article.objects.readable().values_list("pk", flat=True))


@pytest.fixture
def retags(monkeypatch):
    calls: list[int] = []
    real = entity_services.entities_retag
    monkeypatch.setattr(entity_services, "entities_retag", lambda **kw: calls.append(1) or real(**kw))
    return calls


def test_entity_save_retags_only_when_the_tagger_reads_the_change(superuser, retags):
    kakao = Entity.objects.get(slug="kakao")
    kakao.description = "메신저와 AI 서비스를 운영하는 기업"
    assert entity_save(entity=kakao, user=superuser) is False
    assert retags == []
    assert kakao.history.first().history_user == superuser
    kakao.name = "카카오그룹"
    assert entity_save(entity=kakao, user=superuser) is True
    assert retags == [1]


def test_alias_save_and_delete_retag_the_archive(superuser, retags):
    samsung = Entity.objects.get(slug="samsung-electronics")
    before = tagged("samsung-electronics")
    alias = Alias(entity=samsung, text="삼성")
    alias_save(alias=alias, user=superuser)
    grown = tagged("samsung-electronics")
    assert grown > before
    names_delete(objects=[alias], user=superuser)
    assert tagged("samsung-electronics") == before
    assert retags == [1, 1]
