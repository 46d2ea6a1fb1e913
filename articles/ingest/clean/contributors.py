"""Reporter names from a free-text contributor field (BigKinds' ``기고자``), not from article text.

The field is the byline as printed: ``노도현 기자  hyunee@kyunghyang.com``, ``세종/박성우 기자`` (a
place, then a name), ``워싱턴|김재중 특파원``, ``데일리안 김성아 기자 (…@dailian.co.kr)``,
``류인하·경태영 기자``, ``이미나/김소연``, two lines repeating names, ``정재훈 가천대 … 교수``.
"""

from __future__ import annotations

import re

from articles.ingest.clean.bylines import clean_reporter_name
from articles.ingest.clean.patterns import EMAIL
from articles.ingest.clean.text import dedupe, normalize_space

# Datelines written before a reporter's name with "/" or "|": bureaus and foreign postings.
PLACES = frozenset(
    (
        *("서울", "세종", "부산", "대구", "인천", "광주", "대전", "울산", "수원", "창원", "전주", "청주"),
        *("춘천", "제주", "포항", "안동", "목포", "여수", "순천", "강릉", "원주", "천안", "의정부"),
        *("성남", "고양", "용인", "경기", "강원", "충북", "충남", "전북", "전남", "경북", "경남", "평양"),
        *("워싱턴", "뉴욕", "베이징", "도쿄", "파리", "런던", "베를린", "모스크바", "홍콩", "상하이"),
        *("브뤼셀", "제네바", "실리콘밸리", "로스앤젤레스", "방콕", "하노이", "뉴델리", "싱가포르"),
        *("자카르타", "두바이", "카이로", "시드니", "토론토", "오타와", "타이베이", "선양", "오사카"),
    )
)
# Roles of outside contributors: only the name before them is a name ("정재훈 가천대 … 교수").
_ROLE_END = re.compile(
    r"(?:교수|연구원|연구위원|원장|소장|대표|회장|이사장|변호사|의원|장관|총장|박사|작가|평론가|칼럼니스트)$"
)
# Staff titles after a name.
_TITLES = re.compile(
    r"\s*(?:(?:선임|수석|전문|객원|인턴|수습|편집|대기자)\s*)?"
    r"(?:기자|특파원|논설위원|논설실장|논설주간|편집위원|선임기자|대기자|통신원|위원|에디터|PD)\b"
)
# "사진·글 권도현 기자": the credit, not a name.
_CREDIT = re.compile(r"^(?:(?:사진|글|영상|그래픽|편집|취재)\s*[·ㆍ,/]?\s*)+(?=\S)")
_PLACE_PREFIX = re.compile(r"^([가-힣A-Za-z]{2,10})\s*([|/])\s*(.+)$")
# A newspaper's name written before the byline ("데일리안 김성아 기자").
_OUTLET_WORD = re.compile(r"^\S*(?:일보|신문|뉴스|경제|방송|닷컴|데일리|데일리안|미디어|저널|타임스)\s+")


def contributor_names(raw: str | None, *, outlet: str | None = None) -> list[str]:
    """Bare reporter names in ``raw``, in order, each once: places, e-mails, outlet names,
    titles and credits removed."""
    if not raw:
        return []
    text = re.sub(r"\([^)]*@[^)]*\)", " ", raw)
    text = re.sub(EMAIL, " ", text)
    names: list[str] = []
    for chunk in re.split(r"\n|\s{2,}", text):
        names.extend(_chunk_names(normalize_space(chunk), outlet=outlet))
    return dedupe(names)


def _chunk_names(chunk: str, *, outlet: str | None) -> list[str]:
    chunk = chunk.strip(" ,·/|()[]<>")
    if not chunk or "기자단" in chunk:  # a pool ("청와대사진기자단"), no person
        return []
    if outlet and chunk.startswith(outlet + " "):
        chunk = chunk[len(outlet) + 1 :]
    chunk = _OUTLET_WORD.sub("", chunk) if len(chunk.split()) > 2 else chunk
    chunk = _CREDIT.sub("", chunk)
    place = _PLACE_PREFIX.match(chunk)
    if place:
        before, sep, rest = place.groups()
        if before in PLACES or (sep == "|" and _TITLES.search(rest)):
            chunk = rest  # "세종/박성우 기자", "워싱턴|김재중 특파원": a place, then the name
        elif sep == "|":
            chunk = before  # "조형국 | 정책사회부", "김강립 | 식품의약품안전처장": the name, then where
    if _ROLE_END.search(chunk):
        first = chunk.split()[0]
        name = clean_reporter_name(first)
        return [name] if name else []
    chunk = _TITLES.sub(" ", chunk)
    names = []
    for part in re.split(r"\s*[·,/ㆍ|]\s*|\s+", chunk):
        name = clean_reporter_name(part) if part else None
        if name:
            names.append(name)
    return names
