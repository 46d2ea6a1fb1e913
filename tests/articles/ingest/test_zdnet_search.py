"""ZDNet Korea search-result pages (seeds 000 and 004)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from articles.ingest.parsers import zdnet_search
from articles.ingest.registry import parse_text
from articles.ingest.types import ParseError

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# (title, date, time, reporter) for every result, in page order.
EXPECTED_000 = [
    ("[유미's 픽] 삼성·SKT도 등판?…李 정부 '국가대표 AI' 선발전, 판 커질까", "2025-06-27", "11:53", "장유미"),
    (
        "배경훈·하정우 듀오, '국가AI컴퓨팅센터' 성공 이끌까…민간 중심 전환 '신호탄'",
        "2025-06-26",
        "10:55",
        "한정호",
    ),
    ('이준석 "배경훈 과기정통부 장관 지명 축하…구조는 따져야"', "2025-06-25", "16:01", "조이환"),
    ("배경훈 장관 후보자의 우선 과제는", "2025-06-24", "17:27", "박수형"),
    ("LG AI연구원 '엑사원 4.0' 개발 중…추론형 AI 역량 강화 시동", "2025-06-24", "15:12", "조이환"),
    ('배경훈 장관 후보자 "AI 3대 강국, 차질 없이 이행"', "2025-06-24", "10:11", "진성우"),
    ("이재명 정부, 배경훈·윤창렬 발탁…LG 전략 차질 '無'", "2025-06-23", "16:02", "조이환"),
    ("'파격' 인사 기업도 놀랐다…배경훈-하정우 콤비, 韓 AI 부흥 이끌까", "2025-06-23", "15:23", "장유미"),
    ("'40대 AI 전문가' 배경훈, 과기정통부 이끈다", "2025-06-23", "15:12", "조이환"),
    ("[속보] 11개 부처 장관 인사...과기정통 배경훈·중기 한성숙", "2025-06-23", "13:37", "박수형"),
    (
        "파리 AI 정상회의, 美·英 불참에 '얼룩'…EU 투자 다짐 속 韓 정부·기업 존재감 빛나",
        "2025-02-12",
        "17:20",
        "장유미",
    ),
    (
        "구광모가 키우는 LG AI연구원, 佛서 지속 가능 AI 해법 제시…주도권 잡기 박차",
        "2025-02-12",
        "10:00",
        "장유미",
    ),
    (
        '"난치병 치료 혁신 신약 개발할 것"…LG, 구광모 한 마디 후 서울대 손 잡았다',
        "2025-02-06",
        "10:00",
        "조이환",
    ),
]

EXPECTED_004 = [
    ("[현장] '한국형 AI' 양성 본격화…\"주인공은 민간, 정부는 핵심 조력자\"", "2025-06-27", "17:12", "한정호"),
    ("'K-파운데이션 모델' 만든다…민관, 독자 AI 모델 개발 착수", "2025-06-27", "14:00", "한정호"),
    ("[유미's 픽] 삼성·SKT도 등판?…李 정부 '국가대표 AI' 선발전, 판 커질까", "2025-06-27", "11:53", "장유미"),
    (
        "배경훈·하정우 듀오, '국가AI컴퓨팅센터' 성공 이끌까…민간 중심 전환 '신호탄'",
        "2025-06-26",
        "10:55",
        "한정호",
    ),
    (
        "'국가AI컴퓨팅센터' 기업 간담회 연 과기정통부…공모 조건 수정 가능성 시사",
        "2025-06-25",
        "18:00",
        "한정호",
    ),
    ("글로벌 클라우드 최초…AWS, 정부 AI 연구용 GPU 인프라 공급", "2025-06-25", "11:14", "남혁우"),
    (
        "[AI는 지금] 정부, '국가 파운데이션 모델' 추진…업계 \"설계는 훌륭, 실행이 관건\"",
        "2025-06-24",
        "11:21",
        "조이환",
    ),
    ("'파격' 인사 기업도 놀랐다…배경훈-하정우 콤비, 韓 AI 부흥 이끌까", "2025-06-23", "15:23", "장유미"),
    ('"한국형 GPT의 필수요소"…정부, AI 학습용 데이터 민간서 직접 모은다', "2025-06-23", "15:18", "조이환"),
    ("'40대 AI 전문가' 배경훈, 과기정통부 이끈다", "2025-06-23", "15:12", "조이환"),
    (
        "[AI 리더스] '국내 첫 LLM' 만든 김영섬 \"코난테크, 한국형 챗GPT 개발 역량 충분\"",
        "2025-06-20",
        "16:32",
        "장유미",
    ),
    ("정부, '국가대표 AI' 만든다…글로벌 수준 모델 개발에 '총력'", "2025-06-20", "13:37", "조이환"),
    (
        "국가AI위원회, 尹 정권 얼룩 지우기 가속?…과기정통부, 조직 재편 추진 '주목'",
        "2025-06-19",
        "11:19",
        "조이환",
    ),
    ('"우승하면 최대 30억"…과기정통부, AI R&D 전쟁에 불 지폈다', "2025-06-18", "15:04", "조이환"),
    (
        "공공 데이터-민간 기술 '융합'…정부, AI 확산 위한 '10대 협업 프로젝트' 착수",
        "2025-06-18",
        "10:00",
        "조이환",
    ),
    ("韓 LLM 만들 'AI 국가대표' 선발 시동…하정우 입김 작용할까", "2025-06-17", "17:37", "장유미"),
    ("국내 4대 'IST' 박사후연구원 연봉 9천만 원 시대 열려", "2025-06-16", "14:08", "박희범"),
    ("국가AI컴퓨팅센터 또 유찰…韓 미래 이끌 2.5조 대형 AI 사업 좌초 위기", "2025-06-13", "17:56", "한정호"),
    (
        "'AI 진흥' 노린 새 정부, 출범 초기부터 난항?…국가AI컴퓨팅센터 재공모 '찬바람'",
        "2025-06-13",
        "11:29",
        "장유미",
    ),
    (
        "[유미's 픽] \"삼성만 믿는다\"…과기부, '이재명 정부' 출범 속 국가AI컴퓨팅센터 유찰 막을까",
        "2025-06-05",
        "17:31",
        "장유미",
    ),
]

IN_BOTH = {
    "[유미's 픽] 삼성·SKT도 등판?…李 정부 '국가대표 AI' 선발전, 판 커질까",
    "배경훈·하정우 듀오, '국가AI컴퓨팅센터' 성공 이끌까…민간 중심 전환 '신호탄'",
    "'파격' 인사 기업도 놀랐다…배경훈-하정우 콤비, 韓 AI 부흥 이끌까",
    "'40대 AI 전문가' 배경훈, 과기정통부 이끈다",
}

BOILERPLATE = [
    "지금 뜨는 기사",
    "이시각 헤드라인",
    "Prev",
    "Next",
    "통합검색 결과",
    "ZDNet 검색 페이지",
    "ZDNet Power Center",
    "Connect with us",
    "회사소개",
    "COPYRIGHT",
    "ZDNet USA",
    "지디넷 웨비나",
    "제목 + 내용",
    "3개월",
    "삼성 파운드리 '2세대 2나노' 공정 본격화...외부 고객사 확보 첫 발",
    "라인프렌즈에서 ‘케이팝스퀘어’로…홍대 새로운 K팝 성지 가보니",
    "삼성, 엔비디아향 HBM4 양산검증 목전…1c D램 대량 할당",
    "아이온큐, 18억 달러에 스카이워터 인수",
]


@pytest.fixture(scope="module")
def page_000():
    return zdnet_search.parse(seed("000"), name="000.txt")


@pytest.fixture(scope="module")
def page_004():
    return zdnet_search.parse(seed("004"), name="004.txt")


def as_rows(result):
    return [
        (a.title, a.published_date.isoformat(), a.published_time.strftime("%H:%M"), a.reporters[0])
        for a in result.articles
    ]


def test_detects_both_seed_pages():
    assert zdnet_search.detect(seed("000"), name="x.txt")
    assert zdnet_search.detect(seed("004"), name="x.txt")


@pytest.mark.parametrize("prefix", ["001", "002", "003"])
def test_does_not_detect_other_seeds(prefix):
    assert not zdnet_search.detect(seed(prefix), name="x.txt")


def test_000_has_13_articles_with_every_title_date_time_and_reporter(page_000):
    assert len(page_000.articles) == 13
    assert as_rows(page_000) == EXPECTED_000
    assert page_000.warnings == []
    assert page_000.format == "zdnet_search"


def test_004_has_20_articles_with_every_title_date_time_and_reporter(page_004):
    assert len(page_004.articles) == 20
    assert as_rows(page_004) == EXPECTED_004
    assert page_004.warnings == []


def test_29_distinct_titles_across_both_pages(page_000, page_004):
    titles_000 = {a.title for a in page_000.articles}
    titles_004 = {a.title for a in page_004.articles}
    assert titles_000 & titles_004 == IN_BOTH
    assert len(titles_000 | titles_004) == 29


def test_fields_common_to_all_results(page_000, page_004):
    for article in page_000.articles + page_004.articles:
        assert article.outlet == "지디넷코리아"
        assert article.subtitle == ""
        assert article.url == ""
        assert article.language == "ko"
        assert article.review_reasons == []
        assert len(article.reporters) == 1
        assert "기자" not in article.reporters[0]
        # The search page puts each article on one line: one paragraph, never the date line.
        assert len(article.paragraphs) == 1
        assert len(article.paragraphs[0]) > 50
        assert not article.paragraphs[0].startswith("2025.")


def test_reporter_with_and_without_gija_suffix(page_000, page_004):
    # 000 writes "2025.06.27 11:53장유미 기자", 004 writes "2025.06.27 11:53장유미".
    assert page_000.articles[0].reporters == ["장유미"]
    assert page_004.articles[2].reporters == ["장유미"]
    assert page_000.articles[0].paragraphs == page_004.articles[2].paragraphs


def test_specific_bodies(page_000, page_004):
    breaking = page_000.articles[9]
    assert breaking.paragraphs == [
        "이재명 대통령이 23일 과학기술정보통신부 장관 후보자에 배경훈 LG AI연구원장을 내정했다. "
        "배경훈 장관 후보자를 비롯해 11개 부처에 대한 인선이 이뤄졌다."
    ]
    first = page_000.articles[0].paragraphs[0]
    assert first.startswith("약 2천억원을 투입해 글로벌 톱 수준의 거대언어모델(LLM)을 만들")
    assert first.endswith('함께 나서야 할 것"이라고 피력했다.')
    aws = page_004.articles[5]
    assert aws.published_date == dt.date(2025, 6, 25)
    assert aws.published_time == dt.time(11, 14)
    assert aws.paragraphs[0].startswith("아마존웹서비스(AWS)가 과학기술정보통신부의")


def test_no_boilerplate_in_titles_or_paragraphs(page_000, page_004):
    for article in page_000.articles + page_004.articles:
        for text in [article.title, *article.paragraphs]:
            for junk in BOILERPLATE:
                assert junk not in text, (junk, article.title)


def test_headline_block_repeating_a_real_title_is_not_an_extra_article(page_004):
    titles = [a.title for a in page_004.articles]
    assert titles.count("[유미's 픽] 삼성·SKT도 등판?…李 정부 '국가대표 AI' 선발전, 판 커질까") == 1
    assert "삼성 파운드리 '2세대 2나노' 공정 본격화...외부 고객사 확보 첫 발" not in titles


def test_truncated_in_the_middle_of_a_body_keeps_complete_articles():
    text = seed("000")
    cut = text[: len(text) // 2]
    # The half-way point falls inside the body of the 8th result.
    body_start = text.index('"과거 정부가 이처럼 친기업적 성향을')
    assert body_start < len(cut) < text.index("2025.06.23 15:23장유미 기자")

    result = zdnet_search.parse(cut, name="cut.txt")
    assert as_rows(result) == EXPECTED_000[:7]
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert warning.startswith("article 8 ('")
    assert "'파격' 인사 기업도 놀랐다" in warning
    assert "cut off" in warning
    assert "no date/reporter line" in warning


def test_truncated_after_a_title_keeps_complete_articles():
    text = seed("004")
    title = "정부, '국가대표 AI' 만든다…글로벌 수준 모델 개발에 '총력'"
    cut = text[: text.index(title) + len(title)]
    result = zdnet_search.parse(cut, name="cut.txt")
    assert as_rows(result) == EXPECTED_004[:11]
    assert result.warnings == [
        "article 12 ('정부, '국가대표 AI' 만든다…글로벌 수준 모델 개발…') "
        "is cut off: no body and no date/reporter line"
    ]


def test_truncated_inside_a_date_line():
    text = seed("004")
    cut = text[: text.index("2025.06.25 11:14남혁우") + len("2025.06.2")]
    result = zdnet_search.parse(cut, name="cut.txt")
    assert as_rows(result) == EXPECTED_004[:5]
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("article 6 ('글로벌 클라우드 최초…AWS")


def test_page_ending_on_a_date_line_flags_a_possibly_cut_reporter():
    text = seed("004")
    cut = text[: text.index("2025.06.25 11:14남혁우") + len("2025.06.25 11:14남혁")]
    result = zdnet_search.parse(cut, name="cut.txt")
    assert len(result.articles) == 6
    last = result.articles[-1]
    assert last.reporters == ["남혁"]
    assert last.review_reasons == ["reporter may be cut off"]
    assert "reporter name may be cut off" in result.warnings[0]
    # The same page with its newline intact is complete: nothing to flag.
    whole_line = text[: text.index("2025.06.25 11:14남혁우") + len("2025.06.25 11:14남혁우\n")]
    assert zdnet_search.parse(whole_line, name="ok.txt").warnings == []


def test_page_cut_before_the_first_result_is_an_error():
    text = seed("000")
    cut = text[: text.index("[유미's 픽]") + 5]
    result = zdnet_search.parse(cut, name="cut.txt")
    assert result.articles == []
    with pytest.raises(ParseError, match=r"cut\.txt: no articles found"):
        parse_text(cut, name="cut.txt")


def test_multiple_reporters_on_the_date_line():
    text = seed("000").replace("2025.06.27 11:53장유미 기자", "2025.06.27 11:53장유미·한정호 기자")
    result = zdnet_search.parse(text, name="x.txt")
    assert result.articles[0].reporters == ["장유미", "한정호"]
