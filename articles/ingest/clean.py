"""Shared text helpers for the parsers: whitespace, boilerplate, bylines, dates.

Everything here is pure string work so it can be reused by any format parser
and tested without Django.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from articles.ingest.outlets import outlet_by_email, outlet_by_name

# ---------------------------------------------------------------------------
# Whitespace
# ---------------------------------------------------------------------------

# NBSP, zero-width and ideographic spaces come from copy-paste out of browsers.
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_RUNS = re.compile(r"[ \t\f\v]+")


def normalize_space(text: str) -> str:
    """Collapse all kinds of spaces within one line and strip the ends."""
    text = _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", text))
    return _RUNS.sub(" ", text).strip()


def normalize_lines(text: str) -> list[str]:
    """Split text into whitespace-normalised lines (empty lines kept as "")."""
    return [normalize_space(line) for line in text.split("\n")]


def text_key(text: str) -> str:
    """Letters and digits only: two renderings of the same caption share a key."""
    return re.sub(r"[^0-9A-Za-z가-힣]", "", text)


def strip_wrapping_quotes(text: str) -> str:
    """Drop one pair of quotes wrapping the whole text, e.g. a subtitle bullet."""
    text = text.strip()
    for left, right in (('"', '"'), ("“", "”"), ("'", "'"), ("‘", "’"), ("「", "」")):
        if len(text) >= 2 and text.startswith(left) and text.endswith(right):
            inner = text[len(left) : -len(right)]
            # '"A" 그리고 "B"' starts and ends with quotes but is not wrapped by one pair.
            if left not in inner and right not in inner:
                return inner.strip()
    return text


def dedupe(items: Iterable[str]) -> list[str]:
    """Keep the first occurrence of each non-empty item, in order."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


# ---------------------------------------------------------------------------
# Boilerplate
# ---------------------------------------------------------------------------

_COPYRIGHT_RE = re.compile(
    r"^(?:ⓒ|©|\(c\)|copyright\b|저작권자)|all rights reserved|무단\s*전재|재배포\s*금지|무단\s*복제",
    re.I,
)
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_EMAIL_RE = re.compile(_EMAIL)
_NAME = r"[가-힣]{2,4}"
_TITLE_WORDS = r"(?:(?:선임|수석|전문|객원|인턴|수습)\s*)?(?:기자|특파원)"

# Lines that mark the end of an article body: everything after them is page chrome.
_TERMINAL_RES = (
    _COPYRIGHT_RE,
    re.compile(r"^관련\s*(?:자료|기사|뉴스)(?:\s|$)"),
    re.compile(
        r"^(?:지금\s*뜨는\s*기사|이\s*시각\s*헤드라인|많이\s*본\s*(?:뉴스|기사)|실시간\s*인기|인기\s*기사)"
    ),
    re.compile(r"^(?:\d+\s*개의\s*댓글|댓글\s*\d*\s*(?:개)?$|댓글\s*\d+\s)"),
    re.compile(r"^(?:추천\s*기사|주요\s*뉴스|함께\s*보면\s*좋은|이\s*기사를\s*본)"),
)

_BOILERPLATE_RES = (
    *_TERMINAL_RES,
    # Comment widgets and login prompts.
    re.compile(
        r"로그인\s*(?:후|하시겠|한\s*회원|이\s*필요|해\s*주|하세요|하기$)|^로그인$|^회원\s*가입(?:하기)?$"
    ),
    re.compile(
        r"댓글\s*(?:작성|등록)이?\s*가능|등록된\s*댓글이\s*없|댓글을?\s*삭제\s*하시겠|이미\s*참여하셨|"
        r"신고\s*접수|차단\s*해제\s*하시겠|사용자\s*차단\s*시"
    ),
    re.compile(
        r"^(?:신고(?:사유|하기)?|닫기|차단(?:해제)?.*|사용자\s*차단.*|\d+\s*/\s*\d+|좋아요\s*\d*|싫어요\s*\d*)$"
    ),
    # Article toolbars.
    re.compile(
        r"^(?:도구모음|글자\s*크기(?:\s*설정)?|기사\s*이미지\s*확대\s*보기|프린트|인쇄(?:하기)?|URL\s*복사|"
        r"스크랩|북마크|목록|구독(?:하기)?|공유(?:하기)?|SNS\s*공유|기사\s*공유|폰트\s*크기|본문\s*듣기|"
        r"가\s*가|기사\s*듣기|번역|요약)$",
        re.I,
    ),
    # Photo credits on their own line.
    re.compile(
        r"^[\[(]?\s*(?:사진|그래픽|영상|자료|이미지)\s*(?:제공|출처)?\s*[=:]\s*[^\s\])]{1,25}\s*[\])]?$"
    ),
    # A reporter sign-off with e-mail, or a bare e-mail.
    re.compile(rf"^(?:{_NAME}\s*{_TITLE_WORDS}\s*)?[(<\[]?{_EMAIL}[)>\]]?$"),
)


def is_copyright(line: str) -> bool:
    """A copyright / "무단전재·재배포 금지" line."""
    return bool(_COPYRIGHT_RE.search(normalize_space(line)))


_PAGER_WORDS = frozenset(
    (
        *("prev", "next", "first", "last", "이전", "다음", "처음", "마지막", "맨앞", "맨뒤"),
        *("<", ">", "<<", ">>", "«", "»", "◀", "▶", "‹", "›", "…", "..."),
    )
)


def is_pagination(line: str) -> bool:
    """``Prev 1 2 3 Next``, ``< 1 2 3 >``, ``이전 1 2 다음`` and similar."""
    # "?" and U+FFFD are what NBSP padding becomes after a lossy re-encoding.
    tokens = re.sub(r"[?\ufffd]+", " ", normalize_space(line)).split()
    numbers = [t for t in tokens if t.isdigit()]
    others = [t for t in tokens if not t.isdigit()]
    if not numbers or any(t.lower() not in _PAGER_WORDS for t in others):
        return False
    # "2 3" alone is as likely a stray table cell as a pager.
    return bool(others) or len(numbers) >= 3


# "·" is not a menu separator: headlines use it ("AI·반도체·배터리 지원").
_MENU_SPLIT_RE = re.compile(r"\s*(?:\||ㅣ|>|›|»|/|\\)\s*")


def is_menu(line: str) -> bool:
    """A navigation/footer menu: three or more short items separated by ``|``, ``>``, ``/``."""
    parts = [p for p in _MENU_SPLIT_RE.split(normalize_space(line)) if p]
    return len(parts) >= 3 and all(len(p) <= 12 for p in parts) and not line.rstrip().endswith((".", "다"))


def is_terminal(line: str) -> bool:
    """True for a line after which a page holds no more article text."""
    line = normalize_space(line)
    return any(rx.search(line) for rx in _TERMINAL_RES)


def is_boilerplate(line: str) -> bool:
    """True for page chrome that never belongs in an article body."""
    line = normalize_space(line)
    if not line:
        return True
    if is_pagination(line) or is_menu(line):
        return True
    # Long lines are prose; the widget patterns are only trusted on short ones.
    if len(line) > 120 and not _COPYRIGHT_RE.search(line):
        return False
    return any(rx.search(line) for rx in _BOILERPLATE_RES)


_CREDIT_TAIL_RE = re.compile(
    r"(?:[\[(]\s*)?(?:사진|그래픽|자료|영상|이미지)\s*(?:제공|출처)?\s*[=:]\s*[^\s\])]{1,25}\s*[\])]?\s*$"
    r"|[\[(][^\[\]()]{1,25}\s*제공\s*[\])]\s*$"
)


def is_photo_caption(line: str) -> bool:
    """A caption: ends in a photo credit such as ``사진=연합뉴스`` or ``[LG 제공]``."""
    line = normalize_space(line)
    return 0 < len(line) <= 400 and bool(_CREDIT_TAIL_RE.search(line))


def drop_caption_pairs(lines: list[str]) -> list[str]:
    """Drop a caption rendered twice in a row (alt text, then the visible caption)."""
    out: list[str] = []
    skip_next = False
    for i, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        key = text_key(line)
        if key and len(key) >= 10 and key == text_key(nxt) and line != nxt:
            skip_next = True
            continue
        out.append(line)
    return out


def clean_lines(lines: Iterable[str], *, stop_at_terminal: bool = True) -> list[str]:
    """Normalise lines, stop at the first terminal marker, drop boilerplate and repeats."""
    out: list[str] = []
    for raw in lines:
        line = normalize_space(raw)
        if not line:
            continue
        if stop_at_terminal and out and is_terminal(line):
            break
        tail_cut = cut_related_tail(line) if stop_at_terminal else line
        if tail_cut != line:
            # A one-line page ("…본문 관련자료 이전 … 다음 …"): keep the text, drop the rest.
            if tail_cut and not is_boilerplate(tail_cut):
                out.append(tail_cut)
            break
        if is_boilerplate(line):
            continue
        if out and out[-1] == line:
            continue
        out.append(line)
    return out


def cut_related_tail(text: str) -> str:
    """Cut an inline "관련자료 이전 … 다음 …" list and anything after it."""
    match = re.search(r"관련\s*(?:자료|기사)\s+이전\s", text)
    return text[: match.start()].rstrip() if match else text


# ---------------------------------------------------------------------------
# Reporters and bylines
# ---------------------------------------------------------------------------

# Words that precede "기자" but are not names ("사진 기자", "취재 기자", ...).
_NOT_NAMES = frozenset(
    (
        *("사진", "취재", "영상", "그래픽", "온라인", "디지털", "편집", "인턴", "수습", "객원"),
        *("전문", "선임"),
        *("수석", "기자", "특파원", "뉴스", "담당", "현장", "본지", "본사", "해당", "당시", "이날", "오늘"),
        *("여러", "많은", "일부", "모든", "다른", "소속", "출신", "여성", "남성", "경제", "정치", "사회"),
        *("산업", "국제", "문화", "스포츠", "과학", "증권", "금융", "전직", "현직", "젊은", "베테랑"),
    )
)


def clean_reporter_name(raw: str) -> str | None:
    """A bare reporter name from ``"장유미 기자"`` / ``"장유미"``; None if it is not a name."""
    name = normalize_space(raw)
    name = re.sub(rf"\s*{_TITLE_WORDS}\s*$", "", name).strip(" =·,/")
    if re.fullmatch(_NAME, name) and name not in _NOT_NAMES:
        return name
    # Latin-script names ("John Kim") do occur in English-language outlets.
    if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}", name):
        return name
    return None


def split_reporter_names(raw: str) -> list[str]:
    """``"홍길동·김철수 기자"`` → ``["홍길동", "김철수"]``."""
    raw = re.sub(rf"\s*{_TITLE_WORDS}\s*$", "", normalize_space(raw))
    names = (clean_reporter_name(part) for part in re.split(r"\s*[·,/ㆍ]\s*|\s+", raw))
    return dedupe(n for n in names if n)


_NAMES = rf"{_NAME}(?:\s*[·,ㆍ]\s*{_NAME})*"
_BYLINE_PREFIX_RES = (
    # (서울=연합뉴스) 홍길동 기자 =   /   【서울=뉴시스】홍길동 기자 =
    re.compile(
        rf"^[(\[【]\s*[^()\[\]【】=]{{1,15}}=\s*([^()\[\]【】]{{1,20}}?)\s*[)\]】]\s*({_NAMES})\s*{_TITLE_WORDS}\s*="
    ),
    # [헤럴드경제=고재우 기자]   /   [서울=뉴스1 홍길동 기자]
    re.compile(rf"^[\[【(]\s*([^\[\]【】()=]{{1,20}}?)\s*=\s*({_NAMES})\s*{_TITLE_WORDS}\s*[\]】)]"),
    re.compile(
        rf"^[\[【(]\s*[^\[\]【】()=]{{1,15}}=\s*([^\[\]【】()\s]{{1,20}})\s+({_NAMES})\s*{_TITLE_WORDS}\s*[\]】)]"
    ),
    # [아시아경제 홍길동 기자]
    re.compile(rf"^[\[【]\s*([^\[\]【】=]{{1,20}}?)\s+({_NAMES})\s*{_TITLE_WORDS}\s*[\]】]"),
)
# A dateline tag with no reporter: [서울경제], [ZDNet Korea], 【서울=뉴시스】
_TAG_PREFIX_RE = re.compile(r"^[\[【]\s*([^\[\]【】]{1,25}?)\s*[\]】]\s*")


@dataclass
class Byline:
    """What the start of a first paragraph said about its source."""

    rest: str  # the paragraph without the byline
    outlet: str | None = None  # outlet name as written, e.g. "헤럴드경제"
    reporters: list[str] = field(default_factory=list)


def strip_byline_prefix(paragraph: str) -> Byline:
    """Remove a leading ``[매체=홍길동 기자]`` / ``(서울=연합뉴스) 홍길동 기자 =`` / ``[서울경제]``."""
    text = normalize_space(paragraph)
    for rx in _BYLINE_PREFIX_RES:
        match = rx.match(text)
        if match:
            rest = text[match.end() :].lstrip(" =-—")
            return Byline(rest, match.group(1).strip(), split_reporter_names(match.group(2)))
    match = _TAG_PREFIX_RE.match(text)
    if match:
        tag = match.group(1).strip()
        outlet_part = tag.split("=", 1)[1].strip() if "=" in tag else tag
        # Only drop tags that name a source; "[단독]" or "[인터뷰]" belong to the text.
        if "=" in tag or outlet_by_name(outlet_part) or _looks_like_outlet(tag):
            return Byline(text[match.end() :], outlet_part)
    return Byline(text)


_NON_OUTLET_TAGS = frozenset(
    (
        *("단독", "속보", "종합", "인터뷰", "현장", "르포", "기고", "사설", "칼럼", "분석", "해설", "포토"),
        *("영상", "알림", "정정", "반론", "기자수첩", "시론", "특징주", "사진", "그래픽", "이슈", "초점"),
        *("기획", "긴급", "상보", "업데이트", "재송", "수정", "팩트체크", "뉴스분석", "데일리뉴스"),
    )
)


def _looks_like_outlet(tag: str) -> bool:
    """An unknown ``[매체]`` tag: one word ending like a newspaper name, or a Latin brand."""
    if " " in tag or len(tag) > 12 or tag in _NON_OUTLET_TAGS or re.search(r"\d보$|종합\d*$", tag):
        return False
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9.&-]{3,}", tag):
        return True
    return bool(_OUTLET_SUFFIX_RE.search(tag))


_OUTLET_SUFFIX_RE = re.compile(
    r"(?:경제|일보|신문|뉴스\d*|타임스|데일리|저널|투데이|미디어|방송|닷컴|코리아|포스트|비즈|넷|24)$"
)


_SIGNOFF_RE = re.compile(rf"(?:^|\s|/)\s*({_NAMES})\s*{_TITLE_WORDS}\s*[(<\[]?({_EMAIL})?[)>\]]?\s*$")


@dataclass
class Signoff:
    """A reporter sign-off split off the end of a paragraph."""

    rest: str
    reporters: list[str] = field(default_factory=list)
    email: str = ""


def split_signoff(paragraph: str) -> Signoff:
    """Split ``"… 했다. 김윤수 기자 sookim@sedaily.com"`` into text, names and e-mail.

    A name alone at the end of a sentence is only taken as a sign-off when it is the
    whole paragraph or comes with an e-mail, so prose like "...라고 말했다 홍길동 기자"
    mid-paragraph is left alone.
    """
    text = normalize_space(paragraph)
    match = _SIGNOFF_RE.search(text)
    if match:
        rest = text[: match.start()].rstrip(" /")
        if match.group(2) or not rest:
            names = split_reporter_names(match.group(1))
            if names:
                return Signoff(rest, names, match.group(2) or "")
    bare = re.fullmatch(rf"[(<\[]?({_EMAIL})[)>\]]?", text)
    if bare:
        return Signoff("", [], bare.group(1))
    return Signoff(text)


_BYLINE_LINE_RE = re.compile(rf"(?:^|[\s=\]\)>])({_NAMES})\s*{_TITLE_WORDS}(?=$|[\s=\]\)<(,·]|{_EMAIL})")


def reporters_in_line(line: str) -> list[str]:
    """Reporter names in a short byline-like line (``"최연재 기자"``, ``"글·사진 홍길동 기자"``)."""
    line = normalize_space(line)
    if len(line) > 60:
        return []
    names: list[str] = []
    for match in _BYLINE_LINE_RE.finditer(line):
        names.extend(split_reporter_names(match.group(1)))
    return dedupe(names)


def byline_reporters(lines: Iterable[str]) -> list[str]:
    """Names from byline and sign-off lines before the page's trailing chrome.

    Run this before ``clean_lines``: it drops "홍길동 기자 hong@example.com" as boilerplate.
    """
    names: list[str] = []
    for line in lines:
        if names and is_terminal(line):
            break
        names.extend(reporters_in_line(line))
    return dedupe(names)


def outlet_name_from_email(text: str) -> str | None:
    """The known outlet owning the first e-mail address in text that belongs to one."""
    for address in _EMAIL_RE.findall(text):
        known = outlet_by_email(address)
        if known:
            return known.name
    return None


def canonical_outlet(name: str | None) -> str | None:
    """The known outlet's Korean name for a name/alias, else the cleaned name itself."""
    if not name:
        return None
    name = normalize_space(name).strip(" .,'\"‘’“”")
    if not name:
        return None
    known = outlet_by_name(name)
    return known.name if known else name


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

try:
    SEOUL: dt.tzinfo = ZoneInfo("Asia/Seoul")
except ZoneInfoNotFoundError:  # pragma: no cover - only on systems without tzdata
    # Korea has not observed daylight saving time since 1988, so a fixed offset is exact.
    SEOUL = dt.timezone(dt.timedelta(hours=9), "KST")


def seoul_wall_time(moment: dt.datetime) -> tuple[dt.date, dt.time]:
    """Date and time as a Seoul clock shows them; naive datetimes are taken as Seoul time."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(SEOUL)
    return moment.date(), moment.time().replace(microsecond=0, tzinfo=None)


_UPDATE_LABELS = ("수정", "업데이트", "최종수정", "최종 수정", "갱신")
_DATE_RE = re.compile(
    r"(?P<label>기사\s*입력|입력|등록일?|작성일?|발행일?|게재|승인|송고(?:\s*시간)?|기사\s*전송|최종\s*수정|수정|업데이트|갱신)?"
    r"\s*(?:일시|시간)?\s*[:：]?\s*"
    r"(?:(?P<y>(?:19|20)\d{2})\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})\.?"
    r"|(?P<ky>(?:19|20)\d{2})\s*년\s*(?P<km>\d{1,2})\s*월\s*(?P<kd>\d{1,2})\s*일)"
    r"(?:\s*\(?[월화수목금토일]\)?)?"
    r"(?:[ T]*(?P<ampm>오전|오후|AM|PM|am|pm)?\s*"
    r"(?P<H>\d{1,2})\s*(?::|시\s*)(?P<M>\d{2})(?:\s*분)?(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm2>AM|PM|am|pm))?)?"
)


def _to_datetime(match: re.Match[str]) -> tuple[dt.date, dt.time | None] | None:
    y = match.group("y") or match.group("ky")
    m = match.group("m") or match.group("km")
    d = match.group("d") or match.group("kd")
    try:
        date = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    if match.group("H") is None:
        return date, None
    hour, minute = int(match.group("H")), int(match.group("M"))
    ampm = (match.group("ampm") or match.group("ampm2") or "").lower()
    if ampm in ("오후", "pm") and hour < 12:
        hour += 12
    elif ampm in ("오전", "am") and hour == 12:
        hour = 0
    try:
        return date, dt.time(hour, minute, int(match.group("S") or 0))
    except ValueError:
        return date, None


def find_published_at(text: str) -> tuple[dt.date | None, dt.time | None]:
    """The publication date/time a page states, preferring ``입력``/``등록`` over ``수정``.

    Understands ``2025.06.24 18:13``, ``2025-06-24 18:13``, ``2025년 6월 24일 18:13``
    and ``2025.06.24. 오후 6:13``. Returns (None, None) when no date is found.
    """
    labelled: tuple[dt.date, dt.time | None] | None = None
    unlabelled: tuple[dt.date, dt.time | None] | None = None
    for match in _DATE_RE.finditer(text):
        parsed = _to_datetime(match)
        if parsed is None:
            continue
        label = re.sub(r"\s+", "", match.group("label") or "")
        if label and not any(label.startswith(u.replace(" ", "")) for u in _UPDATE_LABELS):
            labelled = parsed
            break
        if not label and unlabelled is None:
            unlabelled = parsed
    best = labelled or unlabelled
    return best if best else (None, None)


_DATE_LINE_RE = re.compile(
    r"^(?:(?:기사\s*)?입력|등록|작성|수정|최종\s*수정|업데이트|발행|승인|게재|송고(?:\s*시간)?|기사\s*전송)[^가-힣]{0,3}\s*"
    r"(?:(?:19|20)\d{2}\s*[.\-/년])"
)


def is_date_line(line: str) -> bool:
    """A dateline such as ``입력 2025.06.24 18:13 수정 2025.06.24 19:00``."""
    line = normalize_space(line)
    return len(line) <= 80 and bool(_DATE_LINE_RE.match(line))


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

BLOCK_TAGS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr"),
        *("li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot"),
        *("tr", "td", "th", "ul"),
    )
)
SKIP_TAGS = frozenset(
    (
        *("script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "button"),
        *("select", "input", "textarea"),
    )
)


def html_blocks(
    element: Tag, *, skip: frozenset[str] = SKIP_TAGS, skip_if: Callable[[Tag], bool] | None = None
) -> list[str]:
    """The text of an element as one string per block (``<p>``, ``<div>``, ``<br>``-separated run).

    Inline tags (``<a>``, ``<b>``) stay inside their sentence, unlike ``get_text("\\n")``.
    ``skip_if(tag)`` can veto subtrees such as figures or comment boxes.
    """
    blocks: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = normalize_space("".join(buffer))
        buffer.clear()
        if text:
            blocks.append(text)

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Doctype, Declaration, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                buffer.append(str(child).replace("\n", " "))
                continue
            if not isinstance(child, Tag):
                continue
            name = (child.name or "").lower()
            if name in skip or (skip_if is not None and skip_if(child)):
                if name in BLOCK_TAGS or name == "img":
                    flush()
                continue
            if name == "br":
                flush()
            elif name in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(element)
    flush()
    return blocks


def soup_of(text: str) -> BeautifulSoup:
    """Parse HTML with lxml (fast, tolerant of the fragments pages are copied as)."""
    return BeautifulSoup(text, "lxml")
