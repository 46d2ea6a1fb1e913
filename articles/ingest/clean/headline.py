"""The headline of a page printed as text, found where a reader looks for it.

A reader skips the page's chrome (navigation such as "본문 바로가기", the weather bar and its
"today" date, section menus such as "IT·과학 산업 경제", the site name, share and font-size
toolbars) and takes the headline from the *header*: the lines above the first paragraph of prose.
Inside the header, three things point at the headline, strongest first:

1. the dateline (``입력 2025.06.24 18:13``): the headline is the top of the run of headline-like
   lines just above it (the lines between are its sub-heads; a byline may sit in between);
2. failing a dateline, a byline or a meta line (``방송일 … / 조회수 … / 취재기자 …``, a bare
   ``2023.12.12 16:56:19``): the same walk upwards from it;
3. failing both, the first headline-like line of the header, unless a later one is the one the
   lead paragraph talks about (the others are teasers of other stories, slogans, menus) or the
   one printed twice.

A page whose only headline is in its "send this article" form (``기사제목`` then the headline)
is read from that label. Dates, photo credits and captions, bylines, site names, menu words and
sentences of prose are never headlines; a programme tag after the headline (``[MBN 뉴스7]``) and
scraper debris (``![alt](url)`` image lines, a paywall badge) are not part of it.
"""

from __future__ import annotations

import re

from articles.ingest.clean.boilerplate import is_boilerplate, is_photo_caption
from articles.ingest.clean.bylines import reporters_in_line
from articles.ingest.clean.datelines import is_date_line
from articles.ingest.outlets import OutletRegistry

HEADER_LINES = 40  # the header is looked for in the first 40 lines, as the dateline is
# A headline shares words with its lead: "과기정통부, … AI 챗봇 특강 진행" over "과학기술정보통신부는 …
# AI 챗봇 특강을 …". The real headlines of the labelled corpus share at least a fifth of their words
# with the first sentences; a first line sharing under 15% is no headline of this text.
MIN_FIRST_LINE_SHARE = 0.15
SHORT_LINE_CHARS = 15  # the shortest of 160 hand-labelled Korean headlines has 15 characters
# Words of page chrome that also occur in any lead ("기사", "뉴스"): no evidence either way.
_GENERIC_STEMS = frozenset(
    ("기사", "뉴스", "기자", "공유", "댓글", "구독", "제보", "사진", "영상", "자료", "보기")
)
MIN_HEADLINE_CHARS = 10  # the shortest of 160 hand-labelled Korean headlines has 15 characters

_NAVIGATION_RE = re.compile(
    r"^https?://|bar_progress|다른\s*기사|바로\s*가기|건너\s*뛰기|메뉴|검색|로그인|회원가입|전체\s*기사|최신\s*뉴스|구독|뉴스레터|"
    r"^(?:홈|HOME|뉴스|속보|더보기|닫기|공유|이전|다음|TOP|Dim영역|본문|기사|광고)$",
    re.I,
)
# Chrome at any length: skip links ("서비스 메뉴 바로가기 본문 바로가기 …" runs long), the
# e-government banner, weather bars and image placeholders. No headline says "바로가기" or "℃".
_ALWAYS_CHROME_RE = re.compile(
    r"바로\s*가기|건너\s*뛰기|bar_progress|누리집입니다|기상청\s*제공|[℃°]|언론사\s*이미지|"
    r"^(?:Go to contents|Skip to (?:main )?content|Photo Image|Text Size|Close)$",
    re.I,
)
# "(세종=뉴스1) 한종수 기자, …", "【서울=뉴시스】": a wire dateline opens a byline or a lead, never a
# headline; "2021-05-12 10:33 송고" is a wire's sent-stamp.
_WIRE_DATELINE_RE = re.compile(r"^\s*[(\[【][^()\[\]【】=]{1,15}=[^()\[\]【】]{1,15}[)\]】]")
_SENT_STAMP_RE = re.compile(r"\d{1,2}:\d{2}\s*송고")
# Never a headline: an image file's name, a picture credit ("Photo : KBS News", "[Graphics by …]"),
# a telephone number (a press release's contact line), a line of bracket tags only ("[KBS 대구]
# [앵커]"), a reading-time or comment widget, "작성자: … | 작성일: …".
_NOT_A_HEADLINE_RE = re.compile(
    r"\.(?:jpe?g|png|gif|webp|bmp)$|^\s*\[?\s*(?:Photo|Graphics?|Image|Illustration)\s*(?:by\b|:)|"
    r"\d{2,3}-\d{3,4}-\d{4}|^(?:\s*\[[^\[\]]{1,15}\])+\s*$|\d+분\s*\d+초\s*소요|"
    r"첫\s*댓글을|기사\s*퍼가기|작성자\s*[:：].*작성일",
    re.I,
)
_BULLET_RE = re.compile(r"^[•·∙◦▪■□●○◆◇▶▷\-*ㆍ]\s")
_REPORTER_LINE_RE = re.compile(r"(?:기자|특파원|앵커|기자의\s*다른기사)\s*(?:\S+@\S+)?$")
# ``![alt](url)``: the alt text may itself hold brackets (``![[비즈] 문화부 …](https://…)``).
_MARKDOWN_IMAGE_RE = re.compile(r"^!\[(.*)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)\s*$")
_PAYWALL_PREFIX_RE = re.compile(r"^(?:유료|프리미엄|Premium)\s*(?=\S)")
# A programme or series tag after the headline: "… 투자" [MBN 뉴스7], "… 신설 [뉴스의 맥]",
# "… 열린다 [말하는 기자들_경제_0310]". A tag before the headline ("[단독]") is part of it.
_TRAILING_TAG_RE = re.compile(r"\s+\[[^\[\]]{2,30}\]$")
# A sentence of prose ends in 다./요. (also mid-line, before a caption credit "…있다./부산시");
# headlines drop the period ("… 만든다", "고쳐드립니다"), so a period marks prose or a caption.
_SENTENCE_END_RE = re.compile(r"(?:[다요]|니다)\.(?=$|[\s/\"”’'\])])")
# "경북도청 전경. 매일신문DB", "요건. / 개인정보보호위원회", "발표하고 있다./부산시": a caption and
# its credit. Headlines have no "word. word" and no trailing "/ Source". ("… 제공" alone is not
# a credit: "중소기업에 AI 바우처 제공" is a headline.)
_CAPTION_TAIL_RE = re.compile(r"[가-힣]\.\s+\S|(?:\.|\s)/\s?[가-힣A-Za-z0-9]{2,15}$")
_LETTER_RE = re.compile(r"[가-힣A-Za-z一-鿿]")
_TOKEN_SPLIT_RE = re.compile(r"[\s·ㆍ/|>&,()\[\]:+\-]+")
# Words that make up section menus, breadcrumbs, toolbars and programme schedules. A line made of
# them only is a label row ("IT·과학 산업 경제", "기사 공유 및 설정", "평일 오전 7시 10분").
_SECTION_WORDS = """
뉴스 속보 전체 최신 정치 경제 사회 문화 생활 국제 세계 전국 지역 지방 스포츠 연예 오피니언 사설 칼럼
포토 영상 IT ICT 과학 산업 기업 금융 증권 부동산 유통 테크 통신 방송 모바일 게임 인터넷 의료 헬스 교육
환경 에너지 정책 행정 정부 국회 외교 국방 북한 기획 시리즈 스페셜 이벤트 포럼 리포트 동향 일반 종합 이슈
창업 벤처 글로벌 라이프 피플 인물 사람 경제일반 경제동향 지역이슈 지방시대 영상뉴스 최신뉴스 전체기사
주요뉴스 많이본뉴스 랭킹 기자수첩
서울 부산 대구 인천 광주 대전 울산 세종 경기 강원 충북 충남 전북 전남 경북 경남 제주 수도권
"""
_TOOLBAR_WORDS = """
기사 본문 공유 공유하기 설정 글자 크기 글자크기 폰트 확대 축소 크게 작게 보통 더 프린트 프린트하기 인쇄
인쇄하기 메일 이메일 url 복사 스크랩 듣기 기사듣기 읽어주기 다시듣기 중지 기사듣기중지 및 조회수 조회 댓글
추천 목록 닫기 번역 요약 가 페이스북 트위터 카카오톡 영역
"""
_SCHEDULE_WORDS = """
평일 주말 매일 매주 오전 오후 시 분 초 년 월 일 요일 화 수 목 금 토 오늘
월요일 화요일 수요일 목요일 금요일 토요일 일요일
"""
_LABEL_WORDS = frozenset((_SECTION_WORDS + _TOOLBAR_WORDS + _SCHEDULE_WORDS).split())
_LABELLED_TITLE_RE = re.compile(r"^(?:기사\s*)?제목\s*(?:[:：]\s*(.+))?$")
# A meta line of the header other than the dateline: view counts, a programme's air date, a
# timestamp printed after other words ("IT동아갤로그로 이동합니다. 2023.12.12 16:56:19").
_META_LINE_RE = re.compile(
    r"조회\s*수?\s*[:：]?\s*\d|조회수|방송일\s*[:：]?\s*\d|취재\s*기자|"
    r"(?:19|20)\d{2}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}\.?\s+\d{1,2}:\d{2}"
)
_BRACKET_BYLINE_RE = re.compile(r"^[\[【(][^\[\]【】()]{1,30}?\s(?:기자|특파원)\s*[\]】)]")
# A weekday with no time: the page's "today" bar ("2024년 07월 18일 목요일", "2025.03.02 (일)").
_TODAY_BAR_RE = re.compile(r"(?:[월화수목금토일]요일|\(\s*[월화수목금토일]\s*\))\s*$")
_TIME_RE = re.compile(r"\d{1,2}:\d{2}")
_FOOTER_RE = re.compile(
    r"등록번호|발행인|편집인|발행·편집|사업자|제호|주소\s*:|청소년보호|대표\s*(?:이사|전화)"
)


def clean_headline(line: str) -> str:
    """The headline without scraper debris: ``![alt](url)`` image lines, a paywall badge, a
    programme tag after it (``… [MBN 뉴스7]``)."""
    line = line.strip()
    image = _MARKDOWN_IMAGE_RE.match(line)
    if image:
        line = image.group(1).strip()
    line = _PAYWALL_PREFIX_RE.sub("", line)
    tagged = _TRAILING_TAG_RE.search(line)
    if tagged and len(line[: tagged.start()]) >= MIN_HEADLINE_CHARS:
        line = line[: tagged.start()].rstrip()
    return line


def is_label_row(line: str, outlets: OutletRegistry) -> bool:
    """A section menu, breadcrumb, toolbar or schedule line: only menu words, numbers, outlet names."""
    tokens = [t for t in _TOKEN_SPLIT_RE.split(line) if t]
    known = 0
    for token in tokens:
        word = re.sub(r"[\d.]+", "", token)
        if not word or word.lower() in _LABEL_WORDS or word in _LABEL_WORDS or outlets.by_name(token):
            known += 1
    # One unknown word is allowed in a long menu row ("스페셜&이벤트 포럼 리포트 아이뉴스TV").
    return bool(tokens) and (known == len(tokens) or (len(tokens) >= 4 and known >= len(tokens) - 1))


def is_prose(line: str) -> bool:
    """A sentence of article text (or a caption written as one): the end of the header."""
    line = line.strip()
    if len(line) >= 40 and _SENTENCE_END_RE.search(line):
        return True
    # English body text: long, and ends a sentence.
    return len(line) >= 80 and bool(re.search(r"[a-z0-9”\"')]\.$", line)) and line.count(" ") >= 10


def looks_like_headline(line: str, outlets: OutletRegistry) -> bool:
    """Could a reader take this line for a headline? (length, not chrome, not a date or byline)."""
    line = line.strip()
    if not 5 <= len(line) <= 200 or _BULLET_RE.match(line) or len(_LETTER_RE.findall(line)) < 4:
        return False
    if is_boilerplate(line) or is_date_line(line) or is_photo_caption(line) or outlets.by_name(line):
        return False
    if reporters_in_line(line) or _REPORTER_LINE_RE.search(line) or "@" in line:
        return False
    if _WIRE_DATELINE_RE.match(line) or _SENT_STAMP_RE.search(line) or _NOT_A_HEADLINE_RE.search(line):
        return False
    if _is_outlet_byline(line, outlets):
        return False
    if _ALWAYS_CHROME_RE.search(line) or is_label_row(line, outlets):
        return False
    if (len(line) < 25 or line.startswith("http") or "다른기사" in line) and _NAVIGATION_RE.search(line):
        return False
    if _SENTENCE_END_RE.search(line) or _CAPTION_TAIL_RE.search(line):
        return False
    # A headline never ends with a full stop ("…" and ".." are not one), nor mid-phrase.
    return not re.search(r"[^.]\.$", line) and not _looks_cut_off(line)


def _looks_cut_off(line: str) -> bool:
    """A teaser snippet cut to length: an object particle or an open bracket at its end
    ("… 국가연구개발사업 예산을", "[이 기사에 나온 스타트업에 대한 … 빅데이터")."""
    if re.search(r"[가-힣](?:을|를)$", line):
        return True
    return any(
        line.count(a) > line.count(b)
        for a, b in (("[", "]"), ("(", ")"), ("“", "”"), ("‘", "’"), ("【", "】"))
    )


def _is_outlet_byline(line: str, outlets: OutletRegistry) -> bool:
    """``SBS Biz 이형진``, ``YTN 홍민기``: the outlet's name, then the reporter's."""
    tokens = line.split()
    for cut in range(1, min(len(tokens), 4)):
        rest = tokens[cut:]
        if (
            outlets.by_name(" ".join(tokens[:cut]))
            and re.fullmatch(r"[가-힣]{2,4}", rest[0])
            and len(rest) <= 2
        ):
            return len(rest) == 1 or bool(re.fullmatch(r"기자|앵커|특파원|\(\S+@\S+\)", rest[1]))
    return False


def _near_footer(head: list[str], index: int) -> bool:
    """A date among the company's footer lines (주소, 발행인, 등록번호) is not the article's."""
    return any(_FOOTER_RE.search(line) for line in head[max(0, index - 4) : index + 5] if len(line) < 60)


def _is_dateline(line: str) -> bool:
    """A publication dateline, not the page's "today" bar above the weather."""
    return is_date_line(line) and not (_TODAY_BAR_RE.search(line.strip()) and not _TIME_RE.search(line))


def _is_byline_or_meta(line: str) -> bool:
    """A byline ("홍길동 기자", "[아이뉴스24 박진영 기자]") or another meta line of the header."""
    line = line.strip()
    if len(line) > 90:
        return False
    return bool(
        reporters_in_line(line)
        or _REPORTER_LINE_RE.search(line)
        or _BRACKET_BYLINE_RE.match(line)
        or _META_LINE_RE.search(line)
    )


def _header_end(head: list[str], outlets: OutletRegistry) -> int:
    """Index of the first line of prose: the header (headline, sub-heads, meta) is above it.

    A sentence followed by a headline and then a dateline or meta line is chrome above the
    headline (a broadcaster's slogan, "…누리집입니다."), not the lead: the header goes on past it.
    (A teaser's snippet followed directly by its date is not: that is a listing.)
    """
    limit = min(len(head), HEADER_LINES)
    end = 0
    while end < limit:
        end = next((i for i in range(end, limit) if is_prose(head[i])), limit)
        meta_below = next(
            (
                i
                for i in range(end + 1, min(end + 4, len(head)))
                if (_is_dateline(head[i]) or _META_LINE_RE.search(head[i]))
                and len(head[i]) <= 90
                and not _near_footer(head, i)
            ),
            None,
        )
        if meta_below is None or not any(
            looks_like_headline(line, outlets) for line in head[end + 1 : meta_below]
        ):
            return end
        end += 1
    return limit


def _is_caption(line: str) -> bool:
    """A photo caption or credit: a short noun phrase ending in a full stop, or a credit.

    A sentence ending in 다./요. is not a caption but prose (a slogan, a notice).
    """
    line = line.strip()
    if len(line) >= 80 or _SENTENCE_END_RE.search(line):
        return False
    return bool(is_photo_caption(line) or _CAPTION_TAIL_RE.search(line) or re.search(r"[^.]\.$", line))


def _top_of_run_above(head: list[str], anchor: int, outlets: OutletRegistry) -> str:
    """Walk up from a dateline or byline: the run of headline-like lines right above it is the
    headline followed by its sub-heads, so the top one of the run is the headline."""
    run: list[str] = []
    for line in reversed(head[:anchor]):
        if len(line) >= MIN_HEADLINE_CHARS and looks_like_headline(line, outlets):
            run.append(line)
        elif not run and len(line) >= 30 and _looks_cut_off(line):
            break  # a teaser's snippet: the date below it is the teaser's, not a dateline
        elif run and not _is_caption(line):
            break  # a photo caption between the headline and its sub-heads does not end the run
    return run[-1] if run else ""


def _stems(text: str) -> list[str]:
    """Content words, cut to two syllables so that particles do not matter (장성군에 ~ 장성군이)."""
    return [w[:2] if w[0] >= "가" else w.lower() for w in re.findall(r"[가-힣]{2,}|[A-Za-z]{3,}", text)]


def first_headline_like(lines: list[str], outlets: OutletRegistry) -> str:
    """The first line above the text that reads as a headline, whether or not it is this text's
    ("" if none): what a listing's teaser shape is judged by when no headline was taken."""
    head = [clean_headline(line) for line in lines[:60]]
    end = _header_end(head, outlets)
    return next((line for line in head[:end] if looks_like_headline(line, outlets)), "")


def _unrelated_to_the_text(line: str, lines: list[str]) -> bool:
    """The line shares (almost) no word with the text's first sentences: it is not its headline."""
    prose = " ".join([text for text in lines if is_prose(text)][:3])
    return bool(prose) and _share_of_the_lead(line, prose, generic=_GENERIC_STEMS) < MIN_FIRST_LINE_SHARE


def _share_of_the_lead(line: str, lead: str, *, generic: frozenset[str] = frozenset()) -> float:
    """Share of the line's content words that recur in the lead paragraph (``generic`` stems,
    words every page prints, left out)."""
    stems = [stem for stem in _stems(line) if stem not in generic]
    lead = lead.lower()
    return sum(stem in lead for stem in stems) / len(stems) if stems else 0.0


def _labelled_headline(head: list[str]) -> str:
    """The headline of the "send this article by e-mail" form: ``기사제목`` then the headline."""
    for index, line in enumerate(head):
        match = _LABELLED_TITLE_RE.match(line.strip())
        if not match:
            continue
        title = (match.group(1) or "").strip() or (head[index + 1].strip() if index + 1 < len(head) else "")
        if len(title) >= MIN_HEADLINE_CHARS:
            return title
    return ""


def find_headline(
    lines: list[str], outlets: OutletRegistry, *, dateline_index: int | None = None
) -> tuple[str, str]:
    """``(headline, signal)``: ``"headline above dateline"`` is strong, the others are guesses.

    ``dateline_index`` (the caller's first date line) is not relied on: the header's datelines
    are re-read here, because the first date on a page is often its "today" bar or a footer's.
    """
    del dateline_index  # kept in the signature for callers; see above
    head = [clean_headline(line) for line in lines[:60]]
    end = _header_end(head, outlets)
    # The article's own dateline is the first one of the header; later ones belong to teasers.
    dateline = next((i for i in range(end) if _is_dateline(head[i]) and not _near_footer(head, i)), None)
    title = _top_of_run_above(head, dateline, outlets) if dateline is not None else ""
    if title:
        return title, "headline above dateline"
    for anchor in (i for i in range(end) if _is_byline_or_meta(head[i])):
        title = _top_of_run_above(head, anchor, outlets)
        if title:
            return title, "headline above byline"
    labelled = _labelled_headline(head)
    if labelled:
        return labelled, "labelled headline"
    candidates = [
        line for line in head[:end] if len(line) >= MIN_HEADLINE_CHARS and looks_like_headline(line, outlets)
    ]
    if candidates:
        lead = " ".join(line for line in head[end : end + 3])
        repeated = [line for line in candidates if head.count(line) > 1]
        # Half of its words in the lead: this article's headline. Under a fifth: another story's.
        about_the_lead = [line for line in candidates if lead and _share_of_the_lead(line, lead) >= 0.5]
        first = candidates[0]
        if repeated and repeated[0] != first:
            return repeated[0], "headline printed twice"
        if about_the_lead and _share_of_the_lead(first, lead) < 0.2:
            # The first line says nothing the lead says: a teaser of another story, a slogan.
            return about_the_lead[0], "headline matching the lead"
        if len(first) < SHORT_LINE_CHARS and _unrelated_to_the_text(first, head[end:]):
            # A short line above the text that shares nothing with it is a widget, a caption or a
            # menu ("기사공유 |", "댓글목록 0", "(자료사진)"), the headline having been left out of
            # the copy. No headline is better: the article is named by its lead, provisionally.
            # (Longer lines may be headlines that say it differently: a quote, a pun.)
            return "", ""
        return first, "first line"
    if end < len(head):
        # The text begins and nothing above it reads as a headline: lines further down (a footer's
        # "…가 직접 편집한 뉴스 채널", a sentence's second half) are not one.
        return "", ""
    first = next((line for line in head if looks_like_headline(line, outlets)), "")
    return first, "first line" if first else ""
