"""Realistic mentions of the followed entities, and a way to read them without the database's archive.

The sentences are written for these tests after the spellings seen in the press (the URL on each line
is where the spelling was seen; fixtures/policy_entities.json keeps the same evidence); they are not
copies of the articles.
"""

from __future__ import annotations

import datetime as dt

from articles import korean
from articles.search.dictionary import dictionary_refresh
from articles.tagging import _patterns, entity_mentions
from policy.models import Entity

PROGRAMME = "독자 AI 파운데이션 모델"
CENTRE = "국가AI컴퓨팅센터"
COMMITTEE = "국가인공지능위원회"
LG_AI = "LG AI연구원"
AFTER_LAUNCH = dt.date(2025, 9, 1)  # every programme alias counts from its active_from (2025-03-01)


def mentions_in(text: str, *, published: dt.date = AFTER_LAUNCH) -> dict[str, int]:
    """Entity name → mentions in ``text``, read as the tagger reads an article."""
    dictionary_refresh()
    counts = entity_mentions(lexemes=korean.lexemes(text), published=published, patterns=_patterns())
    names = dict(Entity.objects.filter(pk__in=counts).values_list("pk", "name"))
    return {names[pk]: n for pk, n in counts.items()}


# (sentence, entity it names): unambiguous aliases and spellings, each enough alone.
STRONG_MENTIONS = [
    # https://zdnet.co.kr/view/?no=20260115144724
    ("과기정통부는 독파모 1차 평가에서 3개 팀을 2단계에 올렸다.", PROGRAMME),
    ("정부가 '독자 인공지능(AI) 파운데이션 모델' 1차 평가 결과를 공개했다.", PROGRAMME),
    # https://www.fetv.co.kr/news/article.html?no=209970
    ("독자 AI 파운데이션 모델 프로젝트 1차 단계평가 결과가 나왔다.", PROGRAMME),
    # https://www.christiandaily.co.kr/news/150086
    ("5개 팀이 독자 AI 파운데이션 모델 개발 사업에 최종 선정됐다.", PROGRAMME),
    # https://www.korea.kr/news/cultureColumnView.do?newsId=148958536
    ("독자 파운데이션 모델은 우리 힘으로 거대 AI 모델을 만들자는 것이다.", PROGRAMME),
    # http://www.consumernews.co.kr/news/articleViewAmp.html?idxno=737779
    ("LG AI연구원 등 5곳이 국가대표 AI 정예팀으로 선정됐다.", PROGRAMME),
    # https://www.seoul.co.kr/news/economy/2026/02/20/20260220500241
    ("정부가 국가대표 인공지능(AI) 모델 개발을 지원한다.", PROGRAMME),
    # https://ket.kr/news/tag_list_all.html?tag=%E2%80%98A.X+K1%E2%80%99
    ("이른바 'K-AI 국가대표'라 불리는 5개 정예팀이 무대에 올랐다.", PROGRAMME),
    # https://biz.newdaily.co.kr/site/data/html/2025/08/04/2025080400312.html
    ("정부가 주관하는 K-AI 프로젝트를 이끌 5개 팀이 뽑혔다.", PROGRAMME),
    # https://www.vibeaz.co.kr/content/government-national-ai-model-development
    ("이번 사업은 월드베스트 거대언어모델 프로젝트를 공식화한 것이다.", PROGRAMME),
    # https://wangsimni.net/bbs/board.php?bo_table=zdnet&device=pc&wr_id=89388
    ("기존 World Best LLM 구상이 정식 사업이 됐다.", PROGRAMME),
    # https://www.donga.com/news/Economy/article/all/20260107/133113379/2
    ("삼성SDS 컨소시엄이 국가 AI컴퓨팅센터 부지를 방문했다.", CENTRE),
    # https://zdnet.co.kr/view/?no=20260310150025
    ("삼성SDS 컨소시엄이 국가인공지능(AI)컴퓨팅센터 우선협상대상자가 됐다.", CENTRE),
    # https://www.segye.com/newsView/20260107515436
    ("컨소시엄이 국가 인공지능(AI)컴퓨팅센터 공모에 단독 참여했다.", CENTRE),
    # https://cm.asiae.co.kr/article/2026010711175738518
    ("국가 인공지능(AI) 컴퓨팅센터 공모에 참여한 컨소시엄이 현장을 찾았다.", CENTRE),
    ("정부는 국가 AI 컴퓨팅 센터를 2028년 가동한다.", CENTRE),
    ("국가AI컴퓨팅 센터 사업이 금융심사 중이다.", CENTRE),
    # https://www.news1.kr/amp/it-science/general-it/5906515
    ("임우형 LG경영개발원 AI연구원 원장이 착수식에 참석했다.", LG_AI),
    # https://m.kmcric.com/news/view_newspaper/news_newspaper/64456
    ("대통령 직속 국가인공지능전략위원회가 공식 출범했다.", COMMITTEE),
    # https://m.wowtv.co.kr/NewsCenter/AMP/Read?articleId=2025090803911
    ("국가AI전략위원회는 11월 액션플랜을 발표한다.", COMMITTEE),
    # https://m.sedaily.com/NewsViewAmp/2DAIWWAXAD
    ("대통령 직속 국가인공지능(AI)위원회가 7월 출범한다.", COMMITTEE),
]

# (alias, sentence naming the entity by it and by its full name, entity): context-dependent aliases.
CONTEXT_MENTIONS = [
    # https://www.news1.kr/amp/it-science/general-it/5906515
    ("국가대표 AI", "'국가대표 AI' 프로젝트가 가동된다.", PROGRAMME),
    ("AI 국가대표", "'AI 국가대표' 프로젝트가 착수했다.", PROGRAMME),
    # http://finance.thaibizdaily.com/info/t-2508040957.html
    ("국가대표 인공지능(AI)", "국가대표 인공지능(AI) 개발을 주도할 정예팀이 가려졌다.", PROGRAMME),
    # https://zdnet.co.kr/view/?no=20260115144724
    ("K-AI 기업", "신규 정예팀에는 'K-AI 기업' 명칭이 주어진다.", PROGRAMME),
    # http://3.38.28.248/article/view/kbc202601070045
    ("AI컴퓨팅센터", "관계자들이 해남의 AI컴퓨팅센터 부지를 찾았다.", CENTRE),
    # https://zdnet.co.kr/view/?no=20250821093025
    ("AI수석", "AI수석은 국가 AI 전략을 총괄한다.", "하정우"),
    # https://www.kmib.co.kr/article/view.asp?arcid=0029104413
    ("과기부총리", "과기부총리는 R&D 투자를 늘리겠다고 밝혔다.", "배경훈"),
    # https://www.donga.com/news/Politics/article/all/20250821/132224107/2
    ("李대통령", "李대통령은 AI 3대 강국을 강조했다.", "이재명"),
    ("잼프", "대통령실은 '잼프의 참모들' 영상을 공개했다.", "이재명"),
]
FULL_NAME_SENTENCE = {
    PROGRAMME: "과기정통부는 독자 AI 파운데이션 모델 정예팀을 발표했다.",
    CENTRE: "국가AI컴퓨팅센터 사업자가 정해졌다.",
    "하정우": "하정우 대통령실 AI미래기획수석이 말했다.",
    "배경훈": "배경훈 과학기술정보통신부 장관이 말했다.",
    "이재명": "이재명 대통령이 말했다.",
}
