"""What the parser tests share: the seed files and one view of an article's metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from articles.ingest.outlets import OutletRegistry
from articles.ingest.types import ParsedArticle

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "seeds"


def seed_path(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def seed(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


def metadata(article: ParsedArticle) -> tuple[str, str | None, dt.date | None, dt.time | None, list[str]]:
    """(title, outlet, date, time, reporters): what every parser test pins for every article."""
    return article.title, article.outlet, article.published_date, article.published_time, article.reporters


def _table(outlet: str, text: str) -> list[tuple[str, str | None, dt.date | None, dt.time | None, list[str]]]:
    """``metadata()`` rows from lines of "date time reporters title" ("-" for no time; "a,b" names)."""
    rows = []
    for line in text.strip().splitlines():
        date, time, reporters, title = line.split(" ", 3)
        when = None if time == "-" else dt.time.fromisoformat(time)
        rows.append((title, outlet, dt.date.fromisoformat(date), when, reporters.split(",")))
    return rows


# Every article of every seed, in file order: 36 results, 32 distinct articles (four stories are on
# both ZDNet search pages).
SEED_ARTICLES = {
    "000": _table(
        "지디넷코리아",
        """
2025-06-27 11:53 장유미 [유미's 픽] 삼성·SKT도 등판?…李 정부 '국가대표 AI' 선발전, 판 커질까
2025-06-26 10:55 한정호 배경훈·하정우 듀오, '국가AI컴퓨팅센터' 성공 이끌까…민간 중심 전환 '신호탄'
2025-06-25 16:01 조이환 이준석 "배경훈 과기정통부 장관 지명 축하…구조는 따져야"
2025-06-24 17:27 박수형 배경훈 장관 후보자의 우선 과제는
2025-06-24 15:12 조이환 LG AI연구원 '엑사원 4.0' 개발 중…추론형 AI 역량 강화 시동
2025-06-24 10:11 진성우 배경훈 장관 후보자 "AI 3대 강국, 차질 없이 이행"
2025-06-23 16:02 조이환 이재명 정부, 배경훈·윤창렬 발탁…LG 전략 차질 '無'
2025-06-23 15:23 장유미 '파격' 인사 기업도 놀랐다…배경훈-하정우 콤비, 韓 AI 부흥 이끌까
2025-06-23 15:12 조이환 '40대 AI 전문가' 배경훈, 과기정통부 이끈다
2025-06-23 13:37 박수형 [속보] 11개 부처 장관 인사...과기정통 배경훈·중기 한성숙
2025-02-12 17:20 장유미 파리 AI 정상회의, 美·英 불참에 '얼룩'…EU 투자 다짐 속 韓 정부·기업 존재감 빛나
2025-02-12 10:00 장유미 구광모가 키우는 LG AI연구원, 佛서 지속 가능 AI 해법 제시…주도권 잡기 박차
2025-02-06 10:00 조이환 "난치병 치료 혁신 신약 개발할 것"…LG, 구광모 한 마디 후 서울대 손 잡았다
""",
    ),
    "001": _table("아주경제", '2025-02-25 16:21 최연재 배경훈 LG AI연구원장 "AI 생태계, 수직계열화 시급"'),
    "002": _table(
        "서울경제",
        "2025-06-24 - 김윤수 배경훈 과기정통부 장관 후보자 “인프라·데이터 보완해 글로벌 AI 경쟁 대응”",
    ),
    "003": _table(
        "헤럴드경제", "2025-09-09 - 고재우 국가대표AI 정예팀…LG AI연구원장 “AI 세계 3위, 현실 가능한 목표”"
    ),
    "004": _table(
        "지디넷코리아",
        """
2025-06-27 17:12 한정호 [현장] '한국형 AI' 양성 본격화…"주인공은 민간, 정부는 핵심 조력자"
2025-06-27 14:00 한정호 'K-파운데이션 모델' 만든다…민관, 독자 AI 모델 개발 착수
2025-06-27 11:53 장유미 [유미's 픽] 삼성·SKT도 등판?…李 정부 '국가대표 AI' 선발전, 판 커질까
2025-06-26 10:55 한정호 배경훈·하정우 듀오, '국가AI컴퓨팅센터' 성공 이끌까…민간 중심 전환 '신호탄'
2025-06-25 18:00 한정호 '국가AI컴퓨팅센터' 기업 간담회 연 과기정통부…공모 조건 수정 가능성 시사
2025-06-25 11:14 남혁우 글로벌 클라우드 최초…AWS, 정부 AI 연구용 GPU 인프라 공급
2025-06-24 11:21 조이환 [AI는 지금] 정부, '국가 파운데이션 모델' 추진…업계 "설계는 훌륭, 실행이 관건"
2025-06-23 15:23 장유미 '파격' 인사 기업도 놀랐다…배경훈-하정우 콤비, 韓 AI 부흥 이끌까
2025-06-23 15:18 조이환 "한국형 GPT의 필수요소"…정부, AI 학습용 데이터 민간서 직접 모은다
2025-06-23 15:12 조이환 '40대 AI 전문가' 배경훈, 과기정통부 이끈다
2025-06-20 16:32 장유미 [AI 리더스] '국내 첫 LLM' 만든 김영섬 "코난테크, 한국형 챗GPT 개발 역량 충분"
2025-06-20 13:37 조이환 정부, '국가대표 AI' 만든다…글로벌 수준 모델 개발에 '총력'
2025-06-19 11:19 조이환 국가AI위원회, 尹 정권 얼룩 지우기 가속?…과기정통부, 조직 재편 추진 '주목'
2025-06-18 15:04 조이환 "우승하면 최대 30억"…과기정통부, AI R&D 전쟁에 불 지폈다
2025-06-18 10:00 조이환 공공 데이터-민간 기술 '융합'…정부, AI 확산 위한 '10대 협업 프로젝트' 착수
2025-06-17 17:37 장유미 韓 LLM 만들 'AI 국가대표' 선발 시동…하정우 입김 작용할까
2025-06-16 14:08 박희범 국내 4대 'IST' 박사후연구원 연봉 9천만 원 시대 열려
2025-06-13 17:56 한정호 국가AI컴퓨팅센터 또 유찰…韓 미래 이끌 2.5조 대형 AI 사업 좌초 위기
2025-06-13 11:29 장유미 'AI 진흥' 노린 새 정부, 출범 초기부터 난항?…국가AI컴퓨팅센터 재공모 '찬바람'
2025-06-05 17:31 장유미 [유미's 픽] "삼성만 믿는다"…과기부, '이재명 정부' 출범 속 국가AI컴퓨팅센터 유찰 막을까
""",
    ),
}


# The outlet registry every parser test resolves publishers against: the seed data, as the
# ingest service would read it from the Outlet table after ``load_outlets``.
OUTLETS = OutletRegistry.load(Path(__file__).resolve().parents[3] / "fixtures" / "outlets.json")
