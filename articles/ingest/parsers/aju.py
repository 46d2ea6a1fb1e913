"""Aju Business Daily (아주경제) article pages saved as text.

Layout of the page text::

    title
    기자정보, 기사등록일
    최연재 기자
    입력 2025-02-25 16:21
        도구모음
      • 글자크기 설정
      • "subtitle bullet"            <- one or more, wrapped in quotes
    caption without punctuation      <- image alt text
    caption with punctuation. 사진=연합뉴스
    body paragraphs …
    ©'5개국어 글로벌 경제신문' 아주경제. 무단전재·재배포 금지
    comment widget, login prompts, "실시간 인기" …
"""

from __future__ import annotations

import re

from articles.ingest.clean.boilerplate import (
    clean_lines,
    drop_caption_pairs,
    is_boilerplate,
    is_copyright,
    is_photo_caption,
)
from articles.ingest.clean.bylines import byline_reporters, reporters_in_line, split_signoff
from articles.ingest.clean.dates import find_published_at, is_date_line
from articles.ingest.clean.publisher import pick_publisher, publisher_clues
from articles.ingest.clean.text import dedupe, normalize_lines, strip_wrapping_quotes
from articles.ingest.outlets import EMPTY_REGISTRY, OutletRegistry
from articles.ingest.types import ParsedArticle, ParseError, ParseResult

FORMAT = "aju"
OUTLET = "아주경제"

_INPUT_LINE_RE = re.compile(r"^\s*입력\s*\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}\s*$", re.M)
_AJU_COPYRIGHT_RE = re.compile(r"^\s*(?:ⓒ|©).{0,40}아주경제", re.M)
_BULLET_RE = re.compile(r"^[•·▶■◆\-*]\s*")
_TOOLBAR = ("도구모음", "글자크기 설정", "글자 크기 설정", "공유하기", "인쇄", "프린트")


def detect(text: str, *, name: str) -> bool:
    """An ``입력 YYYY-MM-DD HH:MM`` line plus Aju's header label or copyright line."""
    if not _INPUT_LINE_RE.search(text):
        return False
    return "기자정보, 기사등록일" in text or bool(_AJU_COPYRIGHT_RE.search(text))


def parse(text: str, *, name: str, outlets: OutletRegistry = EMPTY_REGISTRY, url: str = "") -> ParseResult:
    """One article: title, byline, subtitle bullets and body up to the copyright line."""
    lines = normalize_lines(text)
    content = [(i, line) for i, line in enumerate(lines) if line]
    if not content:
        raise ParseError("empty Aju page")
    title = content[0][1]

    input_index = next((i for i, line in content if _INPUT_LINE_RE.match(line)), None)
    if input_index is None:
        raise ParseError("Aju page without an '입력 YYYY-MM-DD HH:MM' line")
    date, time = find_published_at(lines[input_index])

    reporters: list[str] = []
    for line in lines[1:input_index]:
        reporters.extend(reporters_in_line(line))

    subtitle, body_start = _subtitle(lines, input_index + 1)
    body_lines: list[str] = []
    for line in lines[body_start:]:
        if is_copyright(line):
            break
        body_lines.append(line)
    reporters.extend(byline_reporters(body_lines))
    paragraphs = clean_lines(drop_caption_pairs([line for line in body_lines if line]))
    paragraphs = [p for p in paragraphs if not is_photo_caption(p)]
    if paragraphs:
        # Some Aju articles close with "홍길동 기자 hong@ajunews.com" inside the body.
        signoff = split_signoff(paragraphs[-1])
        if signoff.reporters or signoff.email:
            reporters.extend(signoff.reporters)
            paragraphs = paragraphs[:-1] + ([signoff.rest] if signoff.rest else [])
    if not paragraphs:
        raise ParseError("Aju page without body text")

    known = pick_publisher(publisher_clues(text, outlets, urls=(url,))).record
    article = ParsedArticle(
        title=title,
        paragraphs=paragraphs,
        outlet=known.name if known else OUTLET,
        published_date=date,
        published_time=time,
        subtitle="\n".join(subtitle),
        reporters=dedupe(reporters),
    )
    if date is None:
        article.review_reasons.append("date unknown")
    return ParseResult(format=FORMAT, text=text, articles=[article])


def _subtitle(lines: list[str], start: int) -> tuple[list[str], int]:
    """Subtitle bullets after the toolbar, and the index where the body begins."""
    subtitle: list[str] = []
    index = start
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
            continue
        bullet = _BULLET_RE.match(line)
        bare = _BULLET_RE.sub("", line).strip()
        if bare in _TOOLBAR or is_date_line(bare):
            index += 1
            continue
        if not bullet:
            break
        if bare and not is_boilerplate(bare):
            subtitle.append(strip_wrapping_quotes(bare))
        index += 1
    return subtitle, index
