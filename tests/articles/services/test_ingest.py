"""The ingest service and command on the real seed files, with the database and the real parsers.

Over 400 lines on purpose: one file per service, its cases (dedup, review, bad input, the command)
reading as one specification; they share the seed files and the ingest helpers above them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleSource, NearDuplicate, Source
from articles.services.ingest import source_ingest

pytestmark = pytest.mark.django_db

# Every seed article: (title, outlet, date, time or None, reporters). Read off the raw files.
SEED_ARTICLES = [
    (
        "[유미's 픽] 삼성·SKT도 등판?…李 정부 '국가대표 AI' 선발전, 판 커질까",
        "지디넷코리아",
        "2025-06-27",
        "11:53",
        ["장유미"],
    ),
    (
        "배경훈·하정우 듀오, '국가AI컴퓨팅센터' 성공 이끌까…민간 중심 전환 '신호탄'",
        "지디넷코리아",
        "2025-06-26",
        "10:55",
        ["한정호"],
    ),
    (
        '이준석 "배경훈 과기정통부 장관 지명 축하…구조는 따져야"',
        "지디넷코리아",
        "2025-06-25",
        "16:01",
        ["조이환"],
    ),
    ("배경훈 장관 후보자의 우선 과제는", "지디넷코리아", "2025-06-24", "17:27", ["박수형"]),
    (
        "LG AI연구원 '엑사원 4.0' 개발 중…추론형 AI 역량 강화 시동",
        "지디넷코리아",
        "2025-06-24",
        "15:12",
        ["조이환"],
    ),
    ('배경훈 장관 후보자 "AI 3대 강국, 차질 없이 이행"', "지디넷코리아", "2025-06-24", "10:11", ["진성우"]),
    ("이재명 정부, 배경훈·윤창렬 발탁…LG 전략 차질 '無'", "지디넷코리아", "2025-06-23", "16:02", ["조이환"]),
    (
        "'파격' 인사 기업도 놀랐다…배경훈-하정우 콤비, 韓 AI 부흥 이끌까",
        "지디넷코리아",
        "2025-06-23",
        "15:23",
        ["장유미"],
    ),
    ("'40대 AI 전문가' 배경훈, 과기정통부 이끈다", "지디넷코리아", "2025-06-23", "15:12", ["조이환"]),
    (
        "[속보] 11개 부처 장관 인사...과기정통 배경훈·중기 한성숙",
        "지디넷코리아",
        "2025-06-23",
        "13:37",
        ["박수형"],
    ),
    (
        "파리 AI 정상회의, 美·英 불참에 '얼룩'…EU 투자 다짐 속 韓 정부·기업 존재감 빛나",
        "지디넷코리아",
        "2025-02-12",
        "17:20",
        ["장유미"],
    ),
    (
        "구광모가 키우는 LG AI연구원, 佛서 지속 가능 AI 해법 제시…주도권 잡기 박차",
        "지디넷코리아",
        "2025-02-12",
        "10:00",
        ["장유미"],
    ),
    (
        '"난치병 치료 혁신 신약 개발할 것"…LG, 구광모 한 마디 후 서울대 손 잡았다',
        "지디넷코리아",
        "2025-02-06",
        "10:00",
        ["조이환"],
    ),
    (
        "[현장] '한국형 AI' 양성 본격화…\"주인공은 민간, 정부는 핵심 조력자\"",
        "지디넷코리아",
        "2025-06-27",
        "17:12",
        ["한정호"],
    ),
    (
        "'K-파운데이션 모델' 만든다…민관, 독자 AI 모델 개발 착수",
        "지디넷코리아",
        "2025-06-27",
        "14:00",
        ["한정호"],
    ),
    (
        "'국가AI컴퓨팅센터' 기업 간담회 연 과기정통부…공모 조건 수정 가능성 시사",
        "지디넷코리아",
        "2025-06-25",
        "18:00",
        ["한정호"],
    ),
    (
        "글로벌 클라우드 최초…AWS, 정부 AI 연구용 GPU 인프라 공급",
        "지디넷코리아",
        "2025-06-25",
        "11:14",
        ["남혁우"],
    ),
    (
        "[AI는 지금] 정부, '국가 파운데이션 모델' 추진…업계 \"설계는 훌륭, 실행이 관건\"",
        "지디넷코리아",
        "2025-06-24",
        "11:21",
        ["조이환"],
    ),
    (
        '"한국형 GPT의 필수요소"…정부, AI 학습용 데이터 민간서 직접 모은다',
        "지디넷코리아",
        "2025-06-23",
        "15:18",
        ["조이환"],
    ),
    (
        "[AI 리더스] '국내 첫 LLM' 만든 김영섬 \"코난테크, 한국형 챗GPT 개발 역량 충분\"",
        "지디넷코리아",
        "2025-06-20",
        "16:32",
        ["장유미"],
    ),
    (
        "정부, '국가대표 AI' 만든다…글로벌 수준 모델 개발에 '총력'",
        "지디넷코리아",
        "2025-06-20",
        "13:37",
        ["조이환"],
    ),
    (
        "국가AI위원회, 尹 정권 얼룩 지우기 가속?…과기정통부, 조직 재편 추진 '주목'",
        "지디넷코리아",
        "2025-06-19",
        "11:19",
        ["조이환"],
    ),
    (
        '"우승하면 최대 30억"…과기정통부, AI R&D 전쟁에 불 지폈다',
        "지디넷코리아",
        "2025-06-18",
        "15:04",
        ["조이환"],
    ),
    (
        "공공 데이터-민간 기술 '융합'…정부, AI 확산 위한 '10대 협업 프로젝트' 착수",
        "지디넷코리아",
        "2025-06-18",
        "10:00",
        ["조이환"],
    ),
    (
        "韓 LLM 만들 'AI 국가대표' 선발 시동…하정우 입김 작용할까",
        "지디넷코리아",
        "2025-06-17",
        "17:37",
        ["장유미"],
    ),
    (
        "국내 4대 'IST' 박사후연구원 연봉 9천만 원 시대 열려",
        "지디넷코리아",
        "2025-06-16",
        "14:08",
        ["박희범"],
    ),
    (
        "국가AI컴퓨팅센터 또 유찰…韓 미래 이끌 2.5조 대형 AI 사업 좌초 위기",
        "지디넷코리아",
        "2025-06-13",
        "17:56",
        ["한정호"],
    ),
    (
        "'AI 진흥' 노린 새 정부, 출범 초기부터 난항?…국가AI컴퓨팅센터 재공모 '찬바람'",
        "지디넷코리아",
        "2025-06-13",
        "11:29",
        ["장유미"],
    ),
    (
        "[유미's 픽] \"삼성만 믿는다\"…과기부, '이재명 정부' 출범 속 국가AI컴퓨팅센터 유찰 막을까",
        "지디넷코리아",
        "2025-06-05",
        "17:31",
        ["장유미"],
    ),
    ('배경훈 LG AI연구원장 "AI 생태계, 수직계열화 시급"', "아주경제", "2025-02-25", "16:21", ["최연재"]),
    (
        "배경훈 과기정통부 장관 후보자 “인프라·데이터 보완해 글로벌 AI 경쟁 대응”",
        "서울경제",
        "2025-06-24",
        None,
        ["김윤수"],
    ),
    (
        "국가대표AI 정예팀…LG AI연구원장 “AI 세계 3위, 현실 가능한 목표”",
        "헤럴드경제",
        "2025-09-09",
        None,
        ["고재우"],
    ),
]
IN_BOTH_ZDNET_PAGES = [SEED_ARTICLES[i][0] for i in (0, 1, 7, 8)]


def test_seeds_give_exactly_the_32_articles_with_every_field():
    assert Article.objects.count() == 32
    stored = {a.title: a for a in Article.objects.select_related("outlet")}
    assert set(stored) == {row[0] for row in SEED_ARTICLES}
    for title, outlet, date, time, reporters in SEED_ARTICLES:
        article = stored[title]
        assert article.outlet.name == outlet, title
        assert article.published_date == dt.date.fromisoformat(date), title
        assert article.published_time == (dt.time.fromisoformat(time) if time else None), title
        assert article.reporters == reporters, title
        assert article.status == Article.Status.PUBLISHED, (title, article.review_reasons)
        assert len(article.body) > 80, title


def test_outlet_counts():
    counts = {}
    for article in Article.objects.select_related("outlet"):
        counts[article.outlet.name] = counts.get(article.outlet.name, 0) + 1
    assert counts == {"지디넷코리아": 29, "아주경제": 1, "서울경제": 1, "헤럴드경제": 1}


def test_articles_in_both_search_pages_are_stored_once_with_both_sources():
    for title in IN_BOTH_ZDNET_PAGES:
        article = Article.objects.get(title=title)
        names = sorted(Path(link.source.file_name).name[:3] for link in article.article_sources.all())
        assert names == ["000", "004"], title
    assert ArticleSource.objects.count() == 13 + 20 + 3


def test_sources_keep_the_raw_text_and_hash(seeds):
    assert Source.objects.count() == 5
    for source in Source.objects.all():
        path = seeds / Path(source.file_name).name
        import hashlib

        assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert source.raw_text == path.read_text(encoding="utf-8")
    formats = sorted(Source.objects.values_list("format", flat=True))
    assert formats == ["aju", "daum", "daum", "zdnet_search", "zdnet_search"]


def test_sources_are_immutable():
    source = Source.objects.first()
    source.raw_text = "changed"
    with pytest.raises(ValueError, match="immutable"):
        source.save()


def test_published_at_is_seoul_time_or_none():
    article = Article.objects.get(title="배경훈 장관 후보자의 우선 과제는")
    assert article.published_at.isoformat() == "2025-06-24T17:27:00+09:00"
    daum = Article.objects.get(outlet__name="서울경제")
    assert daum.published_at is None


def test_boilerplate_never_reaches_an_article():
    boilerplate = [
        "지금 뜨는 기사",
        "이시각 헤드라인",
        "통합검색 결과",
        "Prev 1 2",
        "ZDNet Power Center",
        "회사소개",
        "관련자료",
        "로그인",
        "댓글",
        "무단전재",
        "Copyright",
        "글자크기",
        "32억 화소 카메라",
        "뱅크샷",
        "20큐비트 양자컴퓨팅",
        "삼성 파운드리",
        "홈플러스",
    ]
    for article in Article.objects.all():
        text = "\n".join([article.title, article.subtitle, article.body])
        for phrase in boilerplate:
            assert phrase not in text, (article.title, phrase)


def test_reingesting_the_seeds_adds_nothing(seeds):
    out = io.StringIO()
    call_command("ingest", str(seeds), stdout=out)
    assert Article.objects.count() == 32
    assert Source.objects.count() == 5
    assert "new articles: 0" in out.getvalue()
    assert "unchanged: 5" in out.getvalue()


def _jsonl(*records: dict) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "new.jsonl"
    path.write_bytes(
        _jsonl({"title": "새 기사", "body": "본문 " * 80, "outlet": "연합뉴스", "published_at": "2025-07-01"})
    )
    out = io.StringIO()
    call_command("ingest", str(path), "--dry-run", stdout=out)
    assert "dry run" in out.getvalue()
    assert "new articles: 1" in out.getvalue()
    assert Article.objects.count() == 32
    assert not Source.objects.filter(file_name=str(path)).exists()


def test_bad_files_are_reported_by_name_and_the_rest_lands(tmp_path, seeds):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 20)
    text = (seeds / "004_03094ad77ff3019d.txt").read_text(encoding="utf-8")
    cut = text.index("국가AI컴퓨팅센터 또 유찰…") + 200  # inside the body of the 18th article
    (tmp_path / "truncated.txt").write_text(text[:cut], encoding="utf-8")
    (tmp_path / "good.jsonl").write_bytes(
        _jsonl(
            {
                "title": "정부, AI 기본법 시행령 입법예고",
                "body": "과학기술정보통신부가 인공지능 기본법 시행령을 입법예고했다.\n\n"
                + "세부 내용이 담겼다. " * 30,
                "outlet": "연합뉴스",
                "published_at": "2025-09-08T09:30:00+09:00",
                "reporters": ["홍길동 기자"],
            }
        )
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("ingest", str(tmp_path), stdout=out, stderr=err)
    assert excinfo.value.returncode == 1
    errors = err.getvalue()
    assert "empty.txt" in errors and "binary.bin" in errors
    assert "truncated.txt" in errors and "cut off" in errors
    assert "errors: 2" in out.getvalue()
    new = Article.objects.get(title="정부, AI 기본법 시행령 입법예고")
    assert new.outlet.name == "연합뉴스"
    assert new.published_at.isoformat() == "2025-09-08T09:30:00+09:00"
    assert new.reporters == ["홍길동"]
    # The truncated page's complete articles were already in the archive: linked, not added again.
    truncated = Source.objects.get(file_name=str(tmp_path / "truncated.txt"))
    assert truncated.article_sources.count() == 17
    assert Article.objects.count() == 33


def test_jsonl_line_errors_name_the_line(tmp_path):
    path = tmp_path / "scraper.jsonl"
    good = {
        "title": "AI 반도체 지원 확대",
        "body": "정부가 지원한다. " * 40,
        "outlet": "뉴시스",
        "published_at": "2025-08-01",
    }
    path.write_bytes(_jsonl(good, {"title": "본문 없는 줄", "outlet": "뉴시스"}))
    err = io.StringIO()
    call_command("ingest", str(path), stdout=io.StringIO(), stderr=err)
    assert "line 2" in err.getvalue() and "body" in err.getvalue()
    article = Article.objects.get(title="AI 반도체 지원 확대")
    assert article.published_time is None and article.published_at is None


def test_a_syndicated_copy_of_a_stored_story_is_linked_not_added():
    original = Article.objects.get(outlet__name="서울경제")
    record = {
        "title": original.title,
        "body": original.body,
        "outlet": "서울경제",
        "published_at": "2025-06-24T09:35:00+09:00",
        "url": "https://www.sedaily.com/article/123",
    }
    report = source_ingest(name="sedaily.jsonl", data=_jsonl(record))
    assert (report.new, report.duplicates) == (0, 1)
    original.refresh_from_db()
    assert original.sources.count() == 2
    # The second copy knew the time and the URL; the first did not.
    assert original.published_time == dt.time(9, 35)
    assert original.url == "https://www.sedaily.com/article/123"


def test_curated_fields_survive_reingest():
    article = Article.objects.get(outlet__name="서울경제")
    article.title = "큐레이터가 고친 제목"
    article.reporters = ["김윤수", "다른기자"]
    article.curated_fields = ["title", "reporters", "published_time"]
    article.save()
    record = {
        "title": "배경훈 과기정통부 장관 후보자 “인프라·데이터 보완해 글로벌 AI 경쟁 대응”",
        "body": article.body,
        "outlet": "서울경제",
        "published_at": "2025-06-24T09:35:00+09:00",
        "reporters": ["김윤수"],
    }
    report = source_ingest(name="again.jsonl", data=_jsonl(record))
    assert report.duplicates == 1
    article.refresh_from_db()
    assert article.title == "큐레이터가 고친 제목"
    assert article.reporters == ["김윤수", "다른기자"]
    assert article.published_time is None


def test_near_duplicates_are_linked_and_flagged():
    original = Article.objects.get(title="배경훈 장관 후보자의 우선 과제는")
    edited = original.body.replace("평가가 나온다", "평가가 나왔다", 1) + " 추가 문장 하나."
    record = {
        "title": "배경훈 장관 후보자의 우선 과제는 무엇인가",
        "body": edited,
        "outlet": "지디넷코리아",
        "published_at": "2025-06-24T18:00:00+09:00",
    }
    report = source_ingest(name="edited.jsonl", data=_jsonl(record))
    assert (report.new, report.near_duplicates, report.needs_review) == (1, 1, 1)
    twin = Article.objects.get(title="배경훈 장관 후보자의 우선 과제는 무엇인가")
    assert twin.status == Article.Status.NEEDS_REVIEW
    assert any("near-duplicate" in r for r in twin.review_reasons)
    link = NearDuplicate.objects.get(article=twin)
    assert link.other == original and link.similarity > 0.9


@pytest.mark.parametrize("encoding", ["cp949", "utf-16", "utf-8-sig"])
def test_other_encodings_and_line_ends_are_the_same_file_content(encoding, seeds):
    text = (seeds / "001_36484bfb8208e685.txt").read_text(encoding="utf-8")
    if encoding == "cp949":
        # CP949 has no bullet, © or no-break space; a real CP949 page would not contain them either.
        text = text.translate(str.maketrans({"•": "·", "©": "ⓒ", "\xa0": " ", "–": "-"}))
    data = text.replace("\n", "\r\n").encode(encoding)
    Article.objects.filter(outlet__name="아주경제").delete()
    report = source_ingest(name=f"aju.{encoding}.txt", data=data)
    assert report.status == "new" and report.new == 1, report
    article = Article.objects.get(outlet__name="아주경제")
    assert article.title == '배경훈 LG AI연구원장 "AI 생태계, 수직계열화 시급"'
    assert "\r" not in article.body


def test_generic_pages_with_strong_evidence_are_published(tmp_path):
    # Headline in <h1>, a labelled 입력 dateline and a registry outlet in the copyright line:
    # strong evidence for every field, so no curator is needed (articles.ingest.confidence).
    html = """<html><head><title>정부, AI 인재 양성 10만명 계획 발표 | 전자신문</title></head><body>
    <nav>홈 뉴스 IT</nav><h1>정부, AI 인재 양성 10만명 계획 발표</h1>
    <p>입력 2025.06.24 18:13</p><p>김철수 기자</p>
    <p>정부가 2030년까지 인공지능 인재 10만명을 양성하는 계획을 발표했다. 과학기술정보통신부는 24일 이같이 밝혔다.</p>
    <p>계획에는 대학과 기업의 협력 프로그램이 포함됐다. 업계는 환영의 뜻을 밝혔다.</p>
    <p>정부는 석박사급 고급 인재를 위한 장학금과 연구비 지원도 늘리기로 했다. 지역 대학의 참여도 넓힌다.</p>
    <footer>Copyright ⓒ 전자신문. 무단전재 및 재배포 금지</footer></body></html>"""
    path = tmp_path / "etnews.html"
    path.write_text(html, encoding="utf-8")
    call_command("ingest", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    article = Article.objects.get(title="정부, AI 인재 양성 10만명 계획 발표")
    assert article.status == Article.Status.PUBLISHED, article.review_reasons
    assert article.outlet.name == "전자신문"
    assert article.published_at.isoformat() == "2025-06-24T18:13:00+09:00"
    assert "홈 뉴스" not in article.body and "무단전재" not in article.body
