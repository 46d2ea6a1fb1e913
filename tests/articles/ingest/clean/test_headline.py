"""The headline of a text page: one rule per test, each on a short snippet cut from a real page.

The source page of each snippet is named in a comment (its file in ``tests/data/real`` and URL);
lines are shortened, never rewritten.
"""

from __future__ import annotations

import pytest

from articles.ingest.clean.headline import clean_headline, find_headline, looks_like_headline
from tests.articles.ingest.support import OUTLETS


def _headline(text: str) -> tuple[str, str]:
    return find_headline([line for line in text.strip().splitlines() if line.strip()], OUTLETS)


# --- the dateline anchor --------------------------------------------------------------------------


def test_skip_links_of_any_length_are_not_the_headline_above_the_dateline():
    # 074_jtbc.txt — http://news.jtbc.co.kr/html/086/NB12106086.html
    text = """
서비스 메뉴 바로가기 본문 바로가기 아티클 바로가기 프로그램 목록 바로가기
정부 "카카오 먹통 사태, 대체서버 동작하지 않은 탓"
입력 2022-12-06 18:07
크게 작게 프린트 메일
과학기술정보통신부는 방송통신위원회, 소방청 등과 함께 실시한 '카카오 먹통' 사태 조사 결과에 대해 오늘(6일) 이같이 밝혔습니다.
"""
    assert _headline(text) == (
        '정부 "카카오 먹통 사태, 대체서버 동작하지 않은 탓"',
        "headline above dateline",
    )


def test_the_headline_is_the_top_of_the_run_of_sub_heads_above_the_dateline():
    # 096_hani21.txt — https://h21.hani.co.kr/arti/politics/defense/35505.html
    # "기사 공유 및 설정" is a toolbar: it ends the run instead of being taken for the headline.
    text = """
본문바로가기
한겨레21
기사 공유 및 설정
휴대폰 사용습관 고쳐드립니다
“바꾸어도 요금이 많이 안 줄겠네요” 말에 신뢰감 상승…
단말기는 현금 계산, 소액결제는 안 돼
등록 2013-10-10 15:42 수정 2020-05-03 04:27
하루에도 몇 번씩 ‘114’에서 전화가 온다. 앞자리 번호는 010, 070, 1566 등으로 바뀌었지만 내용은 한결같다.
"""
    assert _headline(text) == ("휴대폰 사용습관 고쳐드립니다", "headline above dateline")


def test_the_pages_today_bar_is_not_the_dateline():
    # 037_newsway.txt — https://www.newsway.co.kr/news/view?ud=2024062310171355155
    # The first date is the page's "today" above the weather; the headline sits above "등록".
    text = """
2024년 07월 18일 목요일
• 서울 23℃
IT 올가을 '알뜰폰 대란' 또 올까···정부, 8월 도매대가 인하 추진
IT 통신
올가을 '알뜰폰 대란' 또 올까···정부, 8월 도매대가 인하 추진
등록 2024.06.23 10:17
임재덕
기자
올 가을부터 더 저렴한 가격에 알뜰폰 요금제를 사용할 수 있게 될 전망이다.
"""
    assert _headline(text) == (
        "올가을 '알뜰폰 대란' 또 올까···정부, 8월 도매대가 인하 추진",
        "headline above dateline",
    )


def test_a_photo_caption_between_headline_and_sub_heads_does_not_end_the_run():
    # 035_jnilbo.txt — http://jnilbo.com/75425977414
    text = """
지역이슈
“광주 AI혁신거점 역할 위해 2단계 예타 면제 필수”
●한경록 광주연구원 인공지능지원연구센터장.
1단계 민·관·산·학 거버넌스 구축 성과
2단계 AI기술 지역 적용…경제 활성화
• 입력 : 2024. 11.17(일) 17:56
• 송민섭 기자 minsub.song@jnilbo.com
광주광역시가 인공지능(AI) 중심 산업융합 집적단지 조성 사업의 2단계 사업을 본격 착수하며 국가 AI 혁신거점으로의 도약을 선언했다.
"""
    assert _headline(text)[0] == "“광주 AI혁신거점 역할 위해 2단계 예타 면제 필수”"


def test_a_notice_written_as_a_sentence_ends_the_run():
    # 138_fsc_press.txt — the e-government banner above a press release's title.
    text = """
주메뉴 바로가기 본문 내용 바로가기
eg(전자정부)이 누리집은 대한민국 공식 전자정부 누리집입니다.
[보도자료] 변화된 IT환경의 망분리 규제 합리화를 위한 「금융부문 망분리 T/F」 1차 회의 개최
2024-04-12 조회수 : 38773
금융위원회는 24.4.12.(금) 유관기관 및 각계 전문가 과 함께「금융부문 망분리 T/F1차 회의를 개최하였다.
"""
    assert _headline(text)[0].startswith("[보도자료] 변화된 IT환경의")


def test_a_company_footer_date_is_not_a_dateline():
    # 017_news1.txt — https://www.news1.kr/it-science/general-science/5147660
    # "등록일 : 2011. 05. 26" is the company's registration, below the prose: not a header.
    text = """
국가 R&D 예산 33년만에 삭감 유력…과기정통부 "예산 효율화 과정"(종합)
주요 R&D 예산 25조→21조 전년比 13.9%↓
이종호 장관 "예산·제도 혁신해 이권 카르텔이 발붙이지 못하도록 하겠다"
이종호 과학기술정보통신부 장관이 22일 오후 서울 종로구 세종대로 정부서울청사에서 브리핑을 하고 있다.
주소 : 서울시 종로구 종로 47 (공평동,SC빌딩17층)
등록일 : 2011. 05. 26
"""
    assert _headline(text) == (
        '국가 R&D 예산 33년만에 삭감 유력…과기정통부 "예산 효율화 과정"(종합)',
        "first line",
    )


# --- bylines and meta lines when there is no dateline ---------------------------------------------


def test_a_broadcasters_slogan_above_the_meta_line_is_not_the_headline():
    # 119_wjmbc.txt — http://wjmbc.co.kr/news/desk.html?num_seq=86750&pagecode=view
    text = """
최신뉴스
원주MBC는 차별화된 컨텐츠로 새로운 세상을 창조하고
일방적이고 획일화된 방송 시장 속에서 미래 미디어가 나아가야 할 방향을 제시하려 합니다.
원주에 데이터센터 ''봇물''.. "신중해야"
방송일 20231122 / 조회수 1582 / 취재기자 권기만
◀ 앵 커 ▶
원주에 데이터센터를 건립하는 사업이
"""
    assert _headline(text) == ("원주에 데이터센터 ''봇물''.. \"신중해야\"", "headline above byline")


def test_a_timestamp_after_other_words_is_a_meta_line():
    # 076_dcinside_itdonga.txt — http://hobby.dcinside.com/board/view/?id=itdonga&no=3241
    text = """
디시인사이드 갤러리
갤러리 이슈박스, 최근방문 갤러리
갤러리 본문 영역
가상자산 이용자보호법 시행령의 7가지 포인트
IT동아갤로그로 이동합니다. 2023.12.12 16:56:19
[IT동아 한만혁 기자] 금융위원회가 지난 6월 국회 본회의를 통과한 법률의 시행령을 발표했다.
"""
    assert _headline(text) == ("가상자산 이용자보호법 시행령의 7가지 포인트", "headline above byline")


# --- no dateline, no byline: the first headline-like line of the header ----------------------------


@pytest.mark.parametrize(
    ("chrome", "source"),
    [
        # 100_kookjeilbo.txt — http://kookjeilbo.com/news/article.html?no=92274
        ("2025.03.02 (일)\n• 흐림동두천 2.2℃\n기상청 제공\n대구ㆍ경북", "weather bar"),
        # 105_inews24.txt — https://m.inews24.com/v/wrlted/1673390
        ("IT·과학 산업 경제\n정치 사회 문화·생활\n스페셜&이벤트 포럼 리포트 아이뉴스TV", "section menu"),
        # 118_g1tv.txt — https://g1tv.co.kr/news/?mid=1_207_3&newsid=275021
        ("본문 바로가기 메인메뉴 바로가기\n최신뉴스\n평일 오전 7시 10분\n앵커 김민곤", "schedule"),
        # 025_zum_chosun.txt — https://news.zum.com/articles/70786704
        ("컨텐츠 바로가기\n04.30 (화)", "portal's today"),
        # 090_zum_ytn.txt — a weather reading and the outlet's logo text
        ("컨텐츠로 건너뛰기\n뉴스\n맑음 / -3.9 °\nYTN 언론사 이미지", "weather"),
        # 114_asiae_en.txt — https://cm.asiae.co.kr/en/article/2021120117393972717
        ("본문 바로가기\nbar_progress\nText Size\nClose", "English toolbar"),
    ],
)
def test_page_chrome_above_the_headline_is_skipped(chrome, source):
    headline = "대구시, 'AI로봇 글로벌 혁신특구' 사업자 모집"
    lead = "대구시는 지난해 12월 중소벤처기업부의 '글로벌 혁신특구' 후보 지역에 선정됐으며 사업자를 모집한다."
    assert _headline(f"{chrome}\n{headline}\n{lead}") == (headline, "first line"), source


def test_a_lead_sentence_printed_twice_is_not_the_headline():
    # 014_daum_etnews.txt — https://v.daum.net/v/20240918133651782 (Daum prints the summary,
    # then the body: the lead appears twice, the headline once).
    text = """
AI 데이터센터, 지역마다 관심…지역 경제 활성화·이미지 제고 기대
전체 맥락을 이해하기 위해서는 본문 보기를 권장합니다.
인공지능(AI) 데이터센터 유치에 대한 지방자치단체 관심이 높아진다.
AI 데이터센터와 함께 관련 기업 유치를 통해 지역 경제 활성화와 지역 이미지 제고에도 도움된다는 판단에서다.
이 글자크기로 변경됩니다.
인공지능(AI) 데이터센터 유치에 대한 지방자치단체 관심이 높아진다.
"""
    assert _headline(text)[0] == "AI 데이터센터, 지역마다 관심…지역 경제 활성화·이미지 제고 기대"


def test_a_photo_caption_printed_twice_is_not_the_headline():
    # 158_imaeil.txt — https://www.imaeil.com/page/view/2026013010114037601
    text = """
매일신문
경북도, 경주에 SMR 유치 본격화...전담 TF 출범
로봇
국내 첫 소형모듈원전 부지 경쟁 가세
경북도청 전경. 매일신문DB
경북도청 전경. 매일신문DB
경상북도가 국내 최초 소형모듈원전(SMR) 건설 부지 유치를 위해 전담 태스크포스(TF)를 꾸리고 본격적인 행보에 나섰다.
"""
    assert _headline(text) == ("경북도, 경주에 SMR 유치 본격화...전담 TF 출범", "first line")


def test_teasers_of_other_stories_above_the_headline_are_skipped():
    # 132_seoul_go.txt — https://go.seoul.co.kr/news/newsView.php?id=20260120500076
    # The first lines share no word with the lead; the headline does.
    text = """
서울Pn
검색
걷기 좋은 서초, 예술의전당 앞 교통섬 철거
통계청 발표 ‘2020 고령자 통계’ 분석
전남 장성군에 2조 2000억 규모 ‘AI 데이터센터’ 조성
기사 읽어주기
폰트 확대 폰트 축소 프린트하기
전남 장성군이 국가 인공지능·데이터 산업 성장을 이끌 동력을 확보했다. 장성군에 2조 2000억원 규모 ‘인공지능(AI) 데이터센터’가 들어선다.
"""
    assert _headline(text) == (
        "전남 장성군에 2조 2000억 규모 ‘AI 데이터센터’ 조성",
        "headline matching the lead",
    )


def test_the_headline_of_the_send_by_email_form():
    # 018_donggukilbo.txt — http://www.donggukilbo.com/news/view.php?no=114792
    # The header kept only a source label; the headline survives in the e-mail form below.
    text = """
산업통상자원부
[동국일보] 2042년까지 300조원 규모의 민간투자를 통해 세계 최대 ‘첨단 시스템반도체 클러스터’를 조성합니다.
메일보내기닫기
기사제목
산업통상자원부, 용인에 세계 최대 규모 반도체 클러스터 조성!
보내는 분 이메일
"""
    assert _headline(text) == (
        "산업통상자원부, 용인에 세계 최대 규모 반도체 클러스터 조성!",
        "labelled headline",
    )


# --- what is cut from the headline ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        # 068_krtube_mbn.txt — https://krtube.net/view/p5kpM-3_s5k.html
        (
            '윤 대통령 "세계 최대 규모 반도체 메가 클러스터에 622조 원 투자" [MBN 뉴스7]',
            '윤 대통령 "세계 최대 규모 반도체 메가 클러스터에 622조 원 투자"',
        ),
        # 103_ktv.txt — https://m.ktv.go.kr/news/latest/view?content_id=725654
        (
            "반도체 지원에 33조 투입···소부장 '투자보조금' 신설 [뉴스의 맥]",
            "반도체 지원에 33조 투입···소부장 '투자보조금' 신설",
        ),
        # A series tag before the headline is part of it.
        ("[단독] 과기정통부, GPU 1만장 추가 확보", "[단독] 과기정통부, GPU 1만장 추가 확보"),
        # 140_dailygame.txt — https://www.dailygame.co.kr/view.php?ud=2013091210474521020_26
        (
            "![[비즈] 문화부 “확률형 아이템 규제 계획 없다”](https://cgeimage.commutil.kr/phpwas/"
            "restmb_allidxmake.php?pp=002&idx=3&simg=2013091210474521020_20130912105945dgame_1.jpg&nmt=26)",
            "[비즈] 문화부 “확률형 아이템 규제 계획 없다”",
        ),
        ("유료 반도체 보조금, 누가 받나", "반도체 보조금, 누가 받나"),
    ],
)
def test_clean_headline(line, headline):
    assert clean_headline(line) == headline


@pytest.mark.parametrize(
    "line",
    [
        "본문 바로가기",
        "서비스 메뉴 바로가기 본문 바로가기 아티클 바로가기 프로그램 목록 바로가기",
        "기사 공유 및 설정",
        "경제·금융 경제동향",
        "SBS Biz 이형진",  # a reporter line (outlet, then the name)
        "Photo Image",
        "![]() |",
        "입력 2025.06.24 18:13",
        "공개된 개인정보를 AI 학습과 서비스 개발에 활용하기 위한 요건. / 개인정보보호위원회",
        "인공지능(AI) 데이터센터 유치에 대한 지방자치단체 관심이 높아진다.",
    ],
)
def test_lines_that_are_never_headlines(line):
    assert not looks_like_headline(line, OUTLETS) or len(line) < 10


@pytest.mark.parametrize(
    "line",
    [
        "정부, 중소기업에 AI 바우처 제공",  # "제공" ends a headline as often as a photo credit
        "[단독] 과기정통부, GPU 1만장 추가 확보",
        "Yoon renews focus on AI, bio, quantum tech",
        "휴대폰 사용습관 고쳐드립니다",  # polite ending without a full stop
    ],
)
def test_lines_that_are_headlines(line):
    assert looks_like_headline(line, OUTLETS)


def test_a_teasers_date_is_not_a_dateline():
    # tests/data/non_articles/hashtag_list_unicornfactory.txt — a listing: headline, a snippet cut
    # to length, the reporter and the date of *that* story. No strong "above dateline" signal.
    text = """
글로벌·지방 콕 찍은 1조 모태펀드…"구주매입 활성화 필요"
[이 기사에 나온 스타트업에 대한 보다 다양한 기업정보는 유니콘팩토리 빅데이터
김태현기자
2025.01.16 15:38:13
"""
    assert _headline(text)[1] != "headline above dateline"
