"""Reporters as a reader finds them: bylines, wire datelines, sign-offs and anchor hand-overs.

A byline is a short line (``홍길동 기자``, ``[디지털데일리 이종현기자]``, ``By Son Ji-hyoung``), the
opening of the lead (``(서울=연합뉴스) 홍길동 기자 =``) or a sign-off (``홍길동 기자 hong@x.com``).
Names inside prose, photographers in captions, place prefixes (``세종=``), desk names and the
outlet's own name in the byline slot (``서림신문 기자``) are not reporters.
"""

from __future__ import annotations

import re

from articles.ingest.clean.boilerplate import is_photo_caption
from articles.ingest.clean.bylines import clean_reporter_name
from articles.ingest.clean.patterns import NAME, TITLE_WORDS
from articles.ingest.clean.text import dedupe
from articles.ingest.outlets import OutletRegistry

# "홍길동 기자", "이종구기자", "임효인 기자임효인 기자", "한종수 기자, 서미선 기자"; the name starts
# after a boundary (start, space, "=", brackets, "·") or right after a previous "기자".
_NAME_BEFORE_TITLE_RE = re.compile(
    rf"(?:(?<![가-힣A-Za-z])|(?<=기자))({NAME}(?:\s*[·ㆍ,]\s*{NAME})*)\s*{TITLE_WORDS}(?![가-힣]|\s*의\s*다른)"
)
# Broadcast scripts name the correspondent only in the anchor's hand-over or the closing line.
_ANCHOR_RES = (
    re.compile(rf"(?:보도에|리포트에)\s*({NAME})\s*기자(?:입니다|가\s*보도합니다)"),
    re.compile(rf"({NAME})\s*기자가\s*(?:취재|보도)했습니다"),
    re.compile(rf"취재\s*기자\s*[:：]?\s*({NAME})(?![가-힣])"),
)
_ENGLISH_BYLINE_RE = re.compile(r"^\s*By\s+([A-Z][A-Za-z]+(?:[ -][A-Za-z]+){1,3})\s*(?:\[|$|,)", re.I)
# "[서울=뉴스핌] 김학선 기자 = … 2023.02.16 yooksa@newspim.com": a wire photo, its photographer.
_WIRE_PHOTO_RE = re.compile(r"(?:19|20)\d{2}[./]\s?\d{1,2}[./]\s?\d{1,2}\.?\s*\S*@\S+\s*(?:\*.*)?$|photo@")
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
        ):
            found.append(name)
    return found


def reporters_in(line: str, outlets: OutletRegistry) -> list[str]:
    """Reporter names a byline-like line or a lead's opening gives."""
    line = line.strip()
    names: list[str] = []
    english = _ENGLISH_BYLINE_RE.match(line)
    if english and len(line) <= 60:
        return [english.group(1).strip()]
    for rx in _ANCHOR_RES:
        names.extend(n for m in rx.finditer(line) for n in _names(m.group(1), outlets))
    if is_wire_photo_caption(line):
        return names
    head = line if len(line) <= _BYLINE_LINE_MAX else line[:_PROSE_HEAD]
    # In a lead, only an opening byline counts: "(서울=연합뉴스) 홍길동 기자 = …".
    if len(line) > _BYLINE_LINE_MAX and not re.match(r"^\s*[\[(【<]", line):
        head = ""
    for match in _NAME_BEFORE_TITLE_RE.finditer(head):
        names.extend(_names(match.group(1), outlets))
    return dedupe(names)


def find_reporters(lines: list[str], outlets: OutletRegistry, *, meta: list[str] | None = None) -> list[str]:
    """Every reporter the page's bylines and sign-offs name, in order of appearance."""
    names = list(meta or [])
    for line in lines:
        names.extend(reporters_in(line, outlets))
    return dedupe(names)
