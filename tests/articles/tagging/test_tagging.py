"""People and programme tags on the seed articles, the alias rules, and curators' tags."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleEntity
from articles.services.analysis import articles_analyse, articles_reanalyse
from articles.services.ingest import source_ingest
from policy.models import Alias, Entity
from tests import factories

pytestmark = pytest.mark.django_db

PROGRAMME = "독자 AI 파운데이션 모델"
CENTRE = "국가AI컴퓨팅센터"

# Person and programme tags of every seed article (title prefix → tags). Read off the texts.
EXPECTED_TAGS = {
    "배경훈 과기정통부 장관 후보자 “인프라": {CENTRE, "배경훈", "이재명"},
    '배경훈 LG AI연구원장 "AI 생태계': {CENTRE, "배경훈"},
    "[현장] '한국형 AI'": {PROGRAMME},
    "'K-파운데이션 모델' 만든다": {PROGRAMME},
    "[유미's 픽] 삼성·SKT도 등판?": {PROGRAMME, "배경훈", "이재명", "하정우"},
    "배경훈·하정우 듀오": {CENTRE, "배경훈", "이재명", "하정우"},
    "'국가AI컴퓨팅센터' 기업 간담회": {CENTRE, "이재명"},
    '이준석 "배경훈 과기정통부 장관': {"배경훈", "이재명", "이준석"},
    "글로벌 클라우드 최초…AWS": set(),
    "배경훈 장관 후보자의 우선 과제는": {"배경훈", "이재명", "하정우"},
    "LG AI연구원 '엑사원 4.0'": {"배경훈"},
    "[AI는 지금] 정부, '국가 파운데이션 모델'": {PROGRAMME},
    '배경훈 장관 후보자 "AI 3대 강국': {"배경훈", "이재명"},
    "이재명 정부, 배경훈·윤창렬 발탁": {"배경훈", "이재명"},
    "'파격' 인사 기업도 놀랐다": {PROGRAMME, "배경훈", "이재명", "하정우"},
    '"한국형 GPT의 필수요소"': {PROGRAMME},
    "'40대 AI 전문가' 배경훈": {"배경훈", "이재명", "하정우"},
    "[속보] 11개 부처 장관 인사": {"배경훈", "이재명"},
    "[AI 리더스] '국내 첫 LLM'": {"김영섬", PROGRAMME},
    "정부, '국가대표 AI' 만든다": {PROGRAMME},
    "국가AI위원회, 尹 정권": {"이재명", "하정우"},
    '"우승하면 최대 30억"': set(),
    "공공 데이터-민간 기술 '융합'": set(),
    "韓 LLM 만들 'AI 국가대표'": {CENTRE, PROGRAMME, "하정우"},
    "국내 4대 'IST'": set(),
    "국가AI컴퓨팅센터 또 유찰": {CENTRE, "이재명"},
    "'AI 진흥' 노린 새 정부": {CENTRE, "이재명"},
    '[유미\'s 픽] "삼성만 믿는다"': {CENTRE, "이재명"},
    "파리 AI 정상회의": {CENTRE, "배경훈"},
    "구광모가 키우는 LG AI연구원": {"구광모", "배경훈"},
    '"난치병 치료 혁신 신약': {"구광모"},
    "국가대표AI 정예팀": {PROGRAMME, "이재명", "이홍락", "임우형"},
}


def tags_of(article: Article, kinds=("person", "programme")) -> set[str]:
    return {
        t.entity.name
        for t in ArticleEntity.objects.active()
        .filter(article=article, entity__kind__in=kinds)
        .select_related("entity")
    }


def test_person_and_programme_tags_of_every_seed_article():
    assert len(EXPECTED_TAGS) == Article.objects.count() == 32
    for prefix, expected in EXPECTED_TAGS.items():
        article = Article.objects.get(title__startswith=prefix)
        assert tags_of(article) == expected, article.title


def test_mention_counts_follow_the_text():
    article = Article.objects.get(title__startswith="국가AI컴퓨팅센터 또 유찰")
    tag = ArticleEntity.objects.get(article=article, entity__name=CENTRE)
    text = "".join((article.title + article.body).split())
    assert tag.mentions == text.count("국가AI컴퓨팅센터") + text.count("국가인공지능(AI)컴퓨팅센터") == 11


def test_generic_phrase_before_the_programme_existed_does_not_tag_it():
    # The Aju article of February 2025 asks for "독자적인 파운데이션 모델": a wish, not the programme.
    aju = Article.objects.get(outlet__name="아주경제")
    assert "독자적인 파운데이션 모델" in aju.body
    assert PROGRAMME not in tags_of(aju)


def _ingest_jsonl(name: str, **record) -> Article:
    base = {"outlet": "연합뉴스", "published_at": "2025-07-10", "reporters": ["홍길동"]}
    return factories.article(name, **(base | record))


def test_active_from_date_guards_programme_aliases():
    body = "전문가들은 국가 파운데이션 모델이 필요하다고 말했다. " * 5
    before = _ingest_jsonl("early.jsonl", title="AI 전략 토론회 (2월)", body=body, published_at="2025-02-10")
    after = _ingest_jsonl(
        "later.jsonl", title="AI 전략 토론회 (7월)", body=body + " 7월 토론회.", published_at="2025-07-10"
    )
    assert PROGRAMME not in tags_of(before)
    assert PROGRAMME in tags_of(after)


def test_undated_article_naming_a_programme_is_tagged():
    body = "과기정통부는 독자 AI 파운데이션 모델 정예팀의 2차 평가 결과를 발표했다. " * 3
    undated = _ingest_jsonl(
        "undated.jsonl", title="독자 AI 파운데이션 모델 2차 평가", body=body, published_at=None
    )
    assert undated.published_at is None
    assert PROGRAMME in tags_of(undated)


def test_spacing_and_particles_do_not_matter():
    article = _ingest_jsonl(
        "spacing.jsonl",
        title="국가 AI 컴퓨팅센터의 향방",
        body="정부는 국가인공지능컴퓨팅센터를 두고 고민했다. 하정우는 독자AI파운데이션모델을 언급했다. " * 3,
    )
    assert tags_of(article) == {CENTRE, PROGRAMME, "하정우"}


def test_short_alias_needs_the_full_name_in_the_same_article():
    alone = _ingest_jsonl("alone.jsonl", title="배 장관의 하루", body="배 장관은 오늘 회의에 참석했다. " * 6)
    assert "배경훈" not in tags_of(alone)
    together = _ingest_jsonl(
        "together.jsonl",
        title="배경훈 장관의 하루",
        body="배경훈 과기정통부 장관이 말했다. 배 장관은 회의에 참석했다. 배 장관은 웃었다. " * 2,
    )
    tag = ArticleEntity.objects.get(article=together, entity__name="배경훈")
    assert tag.mentions == 3 * 2 + 1  # the full name twice plus 배 장관 four times, and the title


def test_curated_tags_survive_retagging_and_reingest(seeds):
    article = Article.objects.get(title__startswith="글로벌 클라우드 최초…AWS")
    wrong = Article.objects.get(title__startswith="LG AI연구원 '엑사원 4.0'")
    centre = Entity.objects.get(name=CENTRE)
    bae = Entity.objects.get(name="배경훈")
    ArticleEntity.objects.create(article=article, entity=centre, origin=ArticleEntity.Origin.MANUAL)
    ArticleEntity.objects.filter(article=wrong, entity=bae).update(origin=ArticleEntity.Origin.REMOVED)

    articles_reanalyse(verbosity=0)
    assert CENTRE in tags_of(article)
    assert "배경훈" not in tags_of(wrong)

    # Re-ingesting a copy of the seed page (a new file, same stories) must not undo either decision.
    text = (seeds / "004_03094ad77ff3019d.txt").read_text(encoding="utf-8")
    report = source_ingest(name="004-again.txt", data=(text + "\n").encode())
    assert report.duplicates == 20 and report.new == 0
    assert CENTRE in tags_of(article)
    assert "배경훈" not in tags_of(wrong)
    assert ArticleEntity.objects.get(article=wrong, entity=bae).origin == ArticleEntity.Origin.REMOVED


def test_new_alias_retags_the_archive():
    article = Article.objects.get(outlet__name="서울경제")
    assert PROGRAMME not in tags_of(article)  # it says '월드베스트(세계 최고) 대형언어모델(LLM)'
    programme = Entity.objects.get(name=PROGRAMME)
    Alias.objects.create(entity=programme, text="월드베스트(세계 최고) 대형언어모델")
    articles_reanalyse(verbosity=0)
    assert PROGRAMME in tags_of(article)


def test_load_entities_is_idempotent_and_supports_dry_run(tmp_path):
    from django.conf import settings

    path = settings.DEMO_DATA_DIR / "policy_entities.json"
    before = (Entity.objects.count(), Alias.objects.count(), ArticleEntity.objects.count())
    out = io.StringIO()
    call_command("load_entities", str(path), stdout=out)
    assert "entities created: 0" in out.getvalue()
    assert (Entity.objects.count(), Alias.objects.count(), ArticleEntity.objects.count()) == before

    extra = tmp_path / "extra.json"
    extra.write_text(
        json.dumps(
            {"entities": [{"kind": "person", "name": "일론 머스크", "slug": "elon-musk", "aliases": []}]}
        ),
        encoding="utf-8",
    )
    call_command("load_entities", str(extra), "--dry-run", stdout=io.StringIO())
    assert not Entity.objects.filter(name="일론 머스크").exists()
    call_command("load_entities", str(extra), stdout=io.StringIO())
    aju = Article.objects.get(outlet__name="아주경제")
    assert "일론 머스크" in tags_of(aju)  # "xAI(일론 머스크의 AI 기업)"


def test_tags_on_an_edited_article_follow_the_edit():
    article = Article.objects.get(title__startswith="국내 4대 'IST'")
    assert tags_of(article) == set()
    article.body += "\n\n하정우 수석은 이 제도를 환영했다."
    article.save()
    articles_analyse(ids=[article.pk])
    assert tags_of(article) == {"하정우"}
    assert article.published_date == dt.date(2025, 6, 16)
