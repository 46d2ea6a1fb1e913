"""Aliases as the press writes them, context-dependent aliases, and names shared by two people."""

from __future__ import annotations

import pytest

from articles.models import Article, ArticleEntity
from tests.articles.tagging.aliases import CONTEXT_MENTIONS, FULL_NAME_SENTENCE, STRONG_MENTIONS, mentions_in
from tests.curation.helpers import ingest_jsonl

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("sentence", "entity"), STRONG_MENTIONS, ids=[s[:24] for s, _ in STRONG_MENTIONS])
def test_alias_alone_names_the_entity(sentence, entity):
    assert mentions_in(sentence).get(entity) == 1


@pytest.mark.parametrize(
    ("alias", "sentence", "entity"), CONTEXT_MENTIONS, ids=[a for a, _, _ in CONTEXT_MENTIONS]
)
def test_context_alias_counts_only_beside_the_full_name(alias, sentence, entity):
    assert alias.replace(" ", "") in sentence.replace(" ", "")
    assert entity not in mentions_in(sentence)  # alone it could be someone or something else
    together = mentions_in(f"{FULL_NAME_SENTENCE[entity]} {sentence}")
    assert together.get(entity) == 2  # the full name and the alias


def test_overlapping_spellings_are_one_mention():
    # "AI 국가대표 정예팀" contains the alias "AI 국가대표"; "국가AI컴퓨팅센터" contains "AI컴퓨팅센터".
    found = mentions_in("AI 국가대표 정예팀이 국가AI컴퓨팅센터를 쓴다.")
    assert found["독자 AI 파운데이션 모델"] == 1
    assert found["국가AI컴퓨팅센터"] == 1


def test_programme_nickname_before_the_programme_is_not_it():
    # Before active_from, "국가대표 AI" or "AI 국가대표 정예팀" is a sports or generic phrase.
    import datetime as dt

    text = "독자 AI 파운데이션 모델 구상과 AI 국가대표 정예팀 얘기가 나왔다."
    assert "독자 AI 파운데이션 모델" not in mentions_in(text, published=dt.date(2025, 1, 10))


def _ingest(name: str, title: str, body: str, published_at: str = "2025-07-10") -> Article:
    return ingest_jsonl(
        name, outlet="연합뉴스", published_at=published_at, reporters=["홍길동"], title=title, body=body
    )


def _people(article: Article) -> set[str]:
    tags = ArticleEntity.objects.active().filter(article=article, entity__kind="person")
    return {t.entity.name for t in tags.select_related("entity")}


def test_the_actor_ha_jungwoo_is_not_the_ai_official():
    # Written after the coverage of the film '로비' (https://www.wikitree.co.kr/articles/1030127) and
    # of the official (https://zdnet.co.kr/view/?no=20250821093025); not copies of either.
    actor = _ingest(
        "actor.jsonl",
        "하정우, 10년 만에 감독으로…영화 '로비' 4월 개봉",
        "배우 하정우가 연출과 주연을 맡은 영화 '로비'가 다음 달 개봉한다. 연구밖에 모르던 스타트업 대표가 "
        '국책사업을 따내려고 접대 골프에 나서는 블랙코미디다. 하정우는 제작보고회에서 "배우보다 감독으로서 '
        '개봉을 앞둔 심정이 더 긴장된다"고 말했다. 김의성, 강해림, 이동휘 등이 함께 출연한다.',
        published_at="2025-03-04",
    )
    official = _ingest(
        "official.jsonl",
        '하정우 AI수석 "국가 AI 전략 속도 낸다"',
        "하정우 대통령실 AI미래기획수석이 국가 인공지능 전략을 설명했다. 하 수석은 네이버클라우드 "
        'AI혁신센터장 출신으로, 소버린 AI를 강조해 왔다. 하정우 수석은 "AI 3대 강국 도약이 목표"라고 말했다.',
    )
    assert "하정우" not in _people(actor)
    assert "하정우" in _people(official)
    tag = ArticleEntity.objects.get(article=official, entity__name="하정우")
    # 하정우 three times, and beside it AI수석 (title) and 하 수석 (body), each once.
    assert tag.mentions == 5


def test_the_sewol_captain_is_not_the_party_leader():
    # The ferry's captain shares the name 이준석 (https://www.news1.kr/local/incheon/1640854).
    captain = _ingest(
        "captain.jsonl",
        "세월호 참사 11주기…선장 이준석 무기징역 확정 10년",
        "2014년 침몰한 세월호의 선장 이준석 씨는 승객을 두고 먼저 배에서 빠져나왔다. 이준석 씨는 살인 혐의로 "
        "무기징역이 확정돼 복역하고 있다. 유가족들은 진상 규명을 요구했다.",
    )
    leader = _ingest(
        "leader.jsonl",
        '이준석 "AI 정책, 대기업 중심 안 돼"',
        "이준석 개혁신당 대표는 과기정통부 장관 지명에 대해 대기업 중심의 AI 정책을 경계했다.",
    )
    assert "이준석" not in _people(captain)
    assert "이준석" in _people(leader)


def test_context_terms_are_data_edited_like_any_field():
    from articles.services.analysis import articles_analyse
    from policy.models import Entity

    article = _ingest(
        "robot.jsonl", "배우 하정우의 새 영화", "배우 하정우가 로봇 영화를 찍는다. 하정우는 웃었다."
    )
    assert "하정우" not in _people(article)
    ha = Entity.objects.get(name="하정우")
    ha.context_terms = [*ha.context_terms, "로봇"]
    ha.save()
    articles_analyse(ids=[article.pk])
    assert "하정우" in _people(article)
