"""entities_import, the one loader behind ``manage.py load_entities``: an edited fixture re-tags."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import ArticleEntity
from tests import factories

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "policy_entities.json"


def _fixture_with(tmp_path: Path, name: str, **changes) -> Path:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    entities = copy.deepcopy(data["entities"])
    for entity in entities:
        if entity["name"] == name:
            entity.update(changes)
    path = tmp_path / "entities.json"
    path.write_text(json.dumps({"entities": entities}, ensure_ascii=False), encoding="utf-8")
    return path


def _people(article) -> set[str]:
    return set(ArticleEntity.objects.filter(article=article).active().values_list("entity__name", flat=True))


def test_an_edited_context_terms_in_the_fixture_re_tags_the_archive(tmp_path):
    article = factories.article(
        "robot.jsonl",
        title="하정우, 로봇 영화 촬영 시작",
        body="하정우가 로봇이 나오는 영화를 찍는다. 하정우는 촬영장에서 로봇과 함께 웃었다. " * 2,
    )
    assert "하정우" not in _people(article)  # none of his context terms: it could be the actor

    ha = json.loads(FIXTURE.read_text(encoding="utf-8"))
    terms = next(e for e in ha["entities"] if e["name"] == "하정우")["context_terms"]
    call_command(
        "load_entities",
        str(_fixture_with(tmp_path, "하정우", context_terms=[*terms, "로봇"])),
        stdout=io.StringIO(),
    )
    assert "하정우" in _people(article)

    call_command(
        "load_entities", str(_fixture_with(tmp_path, "하정우", context_terms=terms)), stdout=io.StringIO()
    )
    assert "하정우" not in _people(article)
