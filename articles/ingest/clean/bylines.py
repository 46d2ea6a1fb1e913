"""Who wrote an article and for which outlet: bylines, reporter names, sign-offs, outlet names.

Owns reading reporters out of the first paragraph (``[헤럴드경제=고재우 기자]``), the last one
(``김윤수 기자 sookim@sedaily.com``) and byline lines, and mapping written outlet names and e-mail
domains to the known outlets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from articles.ingest.clean.boilerplate import is_terminal
from articles.ingest.clean.patterns import EMAIL, NAME, NAMES, TITLE_WORDS
from articles.ingest.clean.text import dedupe, normalize_space
from articles.ingest.outlets import EMPTY_REGISTRY, OutletRegistry

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
    name = re.sub(rf"\s*{TITLE_WORDS}\s*$", "", name).strip(" =·,/")
    if re.fullmatch(NAME, name) and name not in _NOT_NAMES:
        return name
    # Latin-script names ("John Kim") do occur in English-language outlets.
    if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}", name):
        return name
    return None


def split_reporter_names(raw: str) -> list[str]:
    """``"홍길동·김철수 기자"`` → ``["홍길동", "김철수"]``."""
    raw = re.sub(rf"\s*{TITLE_WORDS}\s*$", "", normalize_space(raw))
    names = (clean_reporter_name(part) for part in re.split(r"\s*[·,/ㆍ]\s*|\s+", raw))
    return dedupe(n for n in names if n)


_BYLINE_PREFIX_RES = (
    # (서울=연합뉴스) 홍길동 기자 =   /   【서울=뉴시스】홍길동 기자 =
    re.compile(
        rf"^[(\[【]\s*[^()\[\]【】=]{{1,15}}=\s*([^()\[\]【】]{{1,20}}?)\s*[)\]】]\s*({NAMES})\s*{TITLE_WORDS}\s*="
    ),
    # [헤럴드경제=고재우 기자]   /   [서울=뉴스1 홍길동 기자]
    re.compile(rf"^[\[【(]\s*([^\[\]【】()=]{{1,20}}?)\s*=\s*({NAMES})\s*{TITLE_WORDS}\s*[\]】)]"),
    re.compile(
        rf"^[\[【(]\s*[^\[\]【】()=]{{1,15}}=\s*([^\[\]【】()\s]{{1,20}})\s+({NAMES})\s*{TITLE_WORDS}\s*[\]】)]"
    ),
    # [아시아경제 홍길동 기자]
    re.compile(rf"^[\[【]\s*([^\[\]【】=]{{1,20}}?)\s+({NAMES})\s*{TITLE_WORDS}\s*[\]】]"),
)
# A dateline tag with no reporter: [서울경제], [ZDNet Korea], 【서울=뉴시스】
_TAG_PREFIX_RE = re.compile(r"^[\[【]\s*([^\[\]【】]{1,25}?)\s*[\]】]\s*")


@dataclass
class Byline:
    """What the start of a first paragraph said about its source."""

    rest: str  # the paragraph without the byline
    outlet: str | None = None  # outlet name as written, e.g. "헤럴드경제"
    reporters: list[str] = field(default_factory=list)


def strip_byline_prefix(paragraph: str, outlets: OutletRegistry = EMPTY_REGISTRY) -> Byline:
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
        if "=" in tag or outlets.by_name(outlet_part) or _looks_like_outlet(tag):
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


_SIGNOFF_RE = re.compile(rf"(?:^|\s|/)\s*({NAMES})\s*{TITLE_WORDS}\s*[(<\[]?({EMAIL})?[)>\]]?\s*$")


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
    bare = re.fullmatch(rf"[(<\[]?({EMAIL})[)>\]]?", text)
    if bare:
        return Signoff("", [], bare.group(1))
    return Signoff(text)


_BYLINE_LINE_RE = re.compile(rf"(?:^|[\s=\]\)>])({NAMES})\s*{TITLE_WORDS}(?=$|[\s=\]\)<(,·]|{EMAIL})")


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


def canonical_outlet(name: str | None, outlets: OutletRegistry) -> str | None:
    """The registry outlet's Korean name for a name/alias, else the cleaned name itself."""
    if not name:
        return None
    name = normalize_space(name).strip(" .,'\"‘’“”")
    if not name:
        return None
    known = outlets.by_name(name)
    return known.name if known else name
