"""Reporters as a reader finds them: bylines, wire datelines, sign-offs and anchor hand-overs.

A byline is a short line (``홍길동 기자``, ``[디지털데일리 이종현기자]``, ``By Son Ji-hyoung``), the
opening of the lead (``(서울=연합뉴스) 홍길동 기자 =``) or a sign-off (``홍길동 기자 hong@x.com``).
Broadcasters name the correspondent in the anchor's hand-over (``홍길동 기자가 전해드립니다``), the
sign-off (``뉴스토마토 김지영입니다``) or an untitled byline slot (``SBS Biz 김동필`` beside the dateline).
Names inside prose, photographers and designers in credits (``사진=홍길동 기자``), wire photo
captions, place prefixes (``세종=``), desk names and the outlet's own name in the byline slot
(``서림신문 기자``) are not reporters.
"""

from __future__ import annotations

import re

from articles.ingest.clean.boilerplate import is_photo_caption
from articles.ingest.clean.bylines import clean_reporter_name
from articles.ingest.clean.datelines import is_date_line
from articles.ingest.clean.patterns import EMAIL, NAME, TITLE_WORDS
from articles.ingest.clean.text import dedupe, normalize_space
from articles.ingest.outlets import OutletRegistry

# "홍길동 기자", "이종구기자", "임효인 기자임효인 기자", "한종수 기자, 서미선 기자"; the name starts
# after a boundary (start, space, "=", brackets, "·") or right after a previous "기자".
_NAME_BEFORE_TITLE_RE = re.compile(
    rf"(?:(?<![가-힣A-Za-z])|(?<=기자))({NAME}(?:\s*[·ㆍ,]\s*{NAME})*)\s*{TITLE_WORDS}(?![가-힣]|\s*의\s*다른)"
)
# Broadcast scripts name the correspondent only in the anchor's hand-over or the closing line:
# "보도에 홍길동 기자입니다", "홍길동 기자가 전해드립니다", "홍길동 기자가 취재했습니다".
_ANCHOR_RES = (
    re.compile(
        rf"(?<![가-힣])({NAME})\s*기자(?:입니다|가\s*(?:전해\s*드립니다|전합니다|보도합니다|취재했습니다|보도했습니다))"
    ),
    re.compile(rf"취재\s*기자\s*[:：]?\s*({NAME})(?![가-힣])"),
    # Production credits "구성 취재: 홍길동"; "영상취재 :" (the camera crew) is glued and not matched.
    re.compile(rf"(?<![가-힣])취재\s*[:：]\s*({NAME})(?![가-힣])"),
)
_ENGLISH_BYLINE_RE = re.compile(r"^\s*By\s+([A-Z][A-Za-z]+(?:[ -][A-Za-z]+){1,3})\s*(?:\[|$|,)", re.I)
# "[Asia Economy Reporter Park Jun-yi] The Special Act …": the English bracket byline of a lead.
_ENGLISH_BRACKET_RE = re.compile(
    r"^\s*\[[^\[\]]{0,40}?\bReporters?\s+([A-Z][a-z]+(?:[ -][A-Za-z]+){1,3})\s*\]"
)
# "Max Lee, KBS World Radio News.": an English script's sign-off, the outlet after the name.
_ENGLISH_SIGN_OFF_RE = re.compile(
    r"^\s*([A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}),\s+(?P<outlet>[A-Za-z][A-Za-z0-9 ]{1,40}?)\.?\s*$"
)
# "(세종=연합뉴스) 이세원 이대희 민경락 기자 = …": wire co-authors separated by spaces only, after
# the dateline and before "기자 =" (the "=" makes it a byline, not prose).
_WIRE_NAMES_RE = re.compile(
    rf"^\s*[(\[【]\s*[^()\[\]【】=]{{1,15}}=\s*[^()\[\]【】]{{1,20}}?\s*[)\]】]\s*(?P<names>{NAME}(?:\s+{NAME})+)\s*{TITLE_WORDS}\s*="
)
# A column's writer: "장석준 글로벌정치경제연구소 기획위원", "홍길동 서울대 교수": the name, then an
# affiliation and a position that no reporter holds.
_WRITER_RE = re.compile(
    rf"^\s*({NAME})\s+(?:\S+\s+){{0,4}}\S*"
    r"(?:위원|교수|연구원|소장|원장|대표|변호사|칼럼니스트|작가|평론가|박사|이사장|이사|회장|센터장|주필|고문)\s*$"
)
_MORE_RE = re.compile(r"\s*외\s*\d+\s*명\s*$")
# "[서울=뉴스핌] 김학선 기자 = … 2023.02.16 yooksa@newspim.com": a wire photo, its photographer.
# Wire photos also end "(… 제공. 재판매 및 DB 금지) 2025.7.5/뉴스1": the photo desk's marks.
_WIRE_PHOTO_RE = re.compile(
    r"(?:19|20)\d{2}[./]\s?\d{1,2}[./]\s?\d{1,2}\.?\s*\S*@\S+\s*(?:\*.*)?$|photo@"
    r"|재판매\s*및\s*DB\s*금지|(?:19|20)\d{2}\.\d{1,2}\.\d{1,2}\.?\s*/\s*[가-힣A-Za-z]"
)
# Credits for pictures, graphics and camera work name photographers and designers, not writers:
# "(사진=유혜진 기자)", "그래픽 = 배서은 기자", "/사진=(서울=뉴스1) 허경 기자". "글·사진 홍길동" is a byline.
_CREDIT_RE = re.compile(
    r"(?<!글·)(?<!글ㆍ)(?<!글/)(?:사진|그래픽|그림|일러스트|영상\s*(?:취재|편집)?|촬영|출처|디자인)\s*(?:제공)?\s*[=:：]\s*"
    rf"(?:\([^()=]{{1,12}}=[^()]{{1,12}}\)\s*)?{NAME}(?:\s*[·ㆍ,]\s*{NAME})*(?:\s*{TITLE_WORDS})?"
)
# "[이데일리 김형욱 정두리 기자]": co-authors separated by spaces only, after the outlet's name.
_BRACKET_NAMES_RE = re.compile(
    rf"^\s*[\[【(]\s*(?P<outlet>[^\[\]【】()=]{{1,15}}?)\s+(?P<names>{NAME}(?:\s+{NAME})+)\s*{TITLE_WORDS}\s*[\]】)]"
)
# "최수진 한경닷컴 기자", "글 : 정혜연  월간조선 기자": the outlet between the name and the title.
_NAME_OUTLET_TITLE_RE = re.compile(
    rf"(?<![가-힣])({NAME})\s+([가-힣A-Za-z]{{2,12}})\s*{TITLE_WORDS}(?![가-힣])"
)
# Broadcasters print "<outlet> <name>" without a title in the byline slot ("SBS Biz 김동필") or
# as the sign-off ("YTN 홍민기 (e-mail)").
_OUTLET_NAME_LINE_RE = re.compile(
    rf"^\s*(?P<outlet>[가-힣A-Za-z][가-힣A-Za-z0-9 ]{{1,14}}?)\s+(?P<name>{NAME})\s*(?:[(<\[]?\s*{EMAIL}\s*[)>\]]?)?\s*$"
)
# The reporter signs off a broadcast script: "… 기대하고 있습니다 뉴스토마토 김지영입니다". Only after a
# finished sentence, so a guest's "네, 디지털타임스 박지성입니다." is not taken.
_SIGN_OFF_RE = re.compile(
    rf"(?<=[다요.!?])\s+(?P<outlet>[가-힣A-Za-z][가-힣A-Za-z0-9 ]{{1,14}}?)\s+(?P<name>{NAME})입니다(?![가-힣])"
)
# Places precede names in bylines ("부산 구형모 기자") and name regional stations ("KBS 대구").
_PLACES = frozenset(
    (
        *("서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "수원", "창원", "청주", "춘천"),
        *("전주", "제주", "강릉", "원주", "안동", "포항", "진주", "목포", "순천", "충주", "경기", "강원"),
    )
)
_DESK_RE = re.compile(r"팀$|부$|데스크$|로봇$")
_OUTLET_WORD_RE = re.compile(r"(?:신문|일보|뉴스|경제|미디어|방송|타임즈|타임스|통신|데일리)$")
_BYLINE_LINE_MAX = 80  # longer lines are prose; only their opening can hold a byline
_PROSE_HEAD = 45  # "(세종=뉴스1) 한종수 기자, 서미선 기자 = …" fits in the opening


def is_wire_photo_caption(line: str) -> bool:
    """A wire photo caption ending in its date and the photographer's e-mail."""
    return bool(_WIRE_PHOTO_RE.search(line)) or is_photo_caption(line)


def _names(raw: str, outlets: OutletRegistry) -> list[str]:
    found = []
    for part in re.split(r"\s*[·ㆍ,]\s*", raw):
        name = clean_reporter_name(part)
        if (
            name
            and not outlets.by_name(name)
            and not _OUTLET_WORD_RE.search(name)
            and not _DESK_RE.search(name)
            and name not in _PLACES
        ):
            found.append(name)
    return found


def _is_outlet(word: str, outlets: OutletRegistry) -> bool:
    """A word in a byline that names the outlet (``한경닷컴``, ``월간조선``), so the name is beside it."""
    return bool(outlets.by_name(word) or _OUTLET_WORD_RE.search(word) or word.endswith("닷컴"))


def reporters_in(line: str, outlets: OutletRegistry) -> list[str]:
    """Reporter names a byline-like line or a lead's opening gives."""
    line = line.strip()
    names: list[str] = []
    english = _ENGLISH_BYLINE_RE.match(line)
    if english and len(line) <= 60:
        return [english.group(1).strip()]
    english = _ENGLISH_BRACKET_RE.match(line)
    if english:
        return [english.group(1).strip()]
    english = _ENGLISH_SIGN_OFF_RE.match(line)
    if english and _is_english_outlet(english.group("outlet"), outlets):
        return [english.group(1).strip()]
    for rx in _ANCHOR_RES:
        names.extend(n for m in rx.finditer(line) for n in _names(m.group(1), outlets))
    for match in _SIGN_OFF_RE.finditer(line):
        if outlets.by_name(match.group("outlet").strip()):
            names.extend(_names(match.group("name"), outlets))
    if is_wire_photo_caption(line):
        return dedupe(names)
    line = _CREDIT_RE.sub(" ", line).strip()
    head = line if len(line) <= _BYLINE_LINE_MAX else line[:_PROSE_HEAD]
    # In a lead, only an opening byline counts: "(서울=연합뉴스) 홍길동 기자 = …".
    if len(line) > _BYLINE_LINE_MAX and not re.match(r"^\s*[\[(【<]", line):
        head = ""
    wire = _WIRE_NAMES_RE.match(head)
    if wire:
        names.extend(n for part in wire.group("names").split() for n in _names(part, outlets))
    bracket = _BRACKET_NAMES_RE.match(head)
    if bracket and _is_outlet(bracket.group("outlet").split("=")[-1].strip(), outlets):
        names.extend(n for part in bracket.group("names").split() for n in _names(part, outlets))
    for match in _NAME_BEFORE_TITLE_RE.finditer(head):
        names.extend(_names(match.group(1), outlets))
    for match in _NAME_OUTLET_TITLE_RE.finditer(head):
        if _is_outlet(match.group(2), outlets):
            names.extend(_names(match.group(1), outlets))
    return dedupe(names)


def _is_english_outlet(name: str, outlets: OutletRegistry) -> bool:
    """``KBS World Radio News``, ``Yonhap News``: a registered outlet, with or without "News"."""
    name = name.strip()
    return bool(outlets.by_name(name) or outlets.by_name(re.sub(r"\s+News$", "", name)))


def reporters_in_meta(author: str, outlets: OutletRegistry) -> list[str]:
    """Reporter names from an author meta tag as CMSs fill it.

    ``홍길동 기자``, ``홍길동, 김철수``, ``By 홍길동``, ``순천, 광양 구현모 기자 e-mail`` (places before
    the name), ``박준석 기자 외 1명`` (the named one; the others are in the page or its JSON-LD),
    ``장석준 글로벌정치경제연구소 기획위원`` (a column's writer). An outlet's or a desk's name is none.
    """
    author = normalize_space(re.sub(EMAIL, " ", author))
    author = _MORE_RE.sub("", author)
    author = re.sub(r"^\s*By\s+", "", author, flags=re.I)
    if not author or "://" in author:
        return []
    writer = _WRITER_RE.match(author)
    if writer:
        return _names(writer.group(1), outlets)
    if re.search(TITLE_WORDS, author):
        return reporters_in(author, outlets)
    return dedupe(n for part in re.split(r"\s*[·,/ㆍ]\s*|\s+", author) for n in _names(part, outlets) if part)


def _join_split_bylines(lines: list[str]) -> list[str]:
    """``"임재덕"`` then ``"기자"``: a byline the page set in two elements, read as one line."""
    joined: list[str] = []
    for line in lines:
        if (
            joined
            and re.fullmatch(rf"\s*{TITLE_WORDS}\s*", line)
            and re.fullmatch(rf"\s*{NAME}\s*", joined[-1])
        ):
            joined[-1] = f"{joined[-1].strip()} {line.strip()}"
        else:
            joined.append(line)
    return joined


def find_reporters(lines: list[str], outlets: OutletRegistry, *, meta: list[str] | None = None) -> list[str]:
    """Every reporter the page's bylines and sign-offs name, in order of appearance."""
    names = list(meta or [])
    lines = _join_split_bylines(lines)
    for index, line in enumerate(lines):
        names.extend(_untitled_byline(lines, index, outlets))
        names.extend(reporters_in(line, outlets))
    return dedupe(names)


def _untitled_byline(lines: list[str], index: int, outlets: OutletRegistry) -> list[str]:
    """``"SBS Biz 김동필"`` above the dateline, or ``"YTN 홍민기 (e-mail)"`` as the sign-off.

    Without "기자" only the place says it is a byline: next to the dateline or with the reporter's
    e-mail. Elsewhere "<outlet> <word>" is chrome ("연합뉴스 최신기사", "IT조선 조회수").
    """
    match = _OUTLET_NAME_LINE_RE.match(lines[index])
    if not match or not outlets.by_name(match.group("outlet").strip()):
        return []
    beside = [
        line for line in (*lines[max(0, index - 1) : index], *lines[index + 1 : index + 2]) if line.strip()
    ]
    if "@" in lines[index] or any(is_date_line(line) for line in beside):
        return _names(match.group("name"), outlets)
    return []
