"""Articles syndicated to Daum News, saved as the page's HTML on one line.

The saved text starts with page chrome in plain text (``<title> 작성일 06-24 41 목록``:
the number before 목록 is a comment/view count), then ``<strong class="summary_view">``
(subtitle, ``<br>``-separated) and ``<div class="article_view">`` (the body). After the
body come the copyright line, "관련자료 이전 … 다음 …" and the comment box.

Daum shows no year in ``작성일 MM-DD``; the year comes from the image paths
(``t1.daumcdn.net/news/202506/24/<outlet code>/20250624093526155delc.jpg``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re

from bs4 import BeautifulSoup, Tag

from articles.ingest.clean.boilerplate import clean_lines, is_boilerplate, is_photo_caption
from articles.ingest.clean.bylines import (
    canonical_outlet,
    split_signoff,
    strip_byline_prefix,
)
from articles.ingest.clean.markup import html_blocks, soup_of
from articles.ingest.clean.publisher import pick_publisher, publisher_clues
from articles.ingest.clean.text import dedupe, normalize_space
from articles.ingest.outlets import EMPTY_REGISTRY, OutletRegistry
from articles.ingest.types import ParsedArticle, ParseError, ParseResult

FORMAT = "daum"

_VIEW_RE = re.compile(r"""class\s*=\s*["'][^"']*\barticle_view\b""")
_WRITTEN_RE = re.compile(
    r"작성일\s*(?:(?P<y>\d{4})\s*[.\-/]\s*)?(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})\.?"
    r"(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2}))?"
)
# /news/202506/24/seouleconomy/20250624093526155delc.jpg
_IMAGE_PATH_RE = re.compile(
    r"daumcdn\.net/news/(?P<ym>\d{6})/(?P<d>\d{2})/(?P<code>[A-Za-z0-9_-]+)/(?P<file>[^\s\"'&?<>]+)"
)
# Other dated evidence, weaker than the Daum path: "/2025/06/24/" in any URL, and an
# image file named after its upload time ("20250624093526155delc.jpg").
_URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})/(\d{2})/(\d{2})/")
_FILE_DATE_RE = re.compile(
    r"(?<![0-9])((?:19|20)\d{2})(\d{2})(\d{2})\d{4,}[A-Za-z0-9_]*\.(?:jpe?g|png|gif|webp|bmp)", re.I
)
_COPYRIGHT_NAME_RE = re.compile(
    r"(?:Copyright\s*)?(?:ⓒ|©|\(c\))\s*([^.,&<>\n]{1,30}?)\s*(?:[.,&]|무단|All\b|$)", re.I
)
_LONE_TAG_RE = re.compile(r"^[\[【][^\[\]【】]{1,20}[\]】]$")
_FIGURE_CLASSES = ("figure_frm", "link_figure", "txt_caption", "caption", "photo", "video", "img_")
# How far the image date may lie before (or, for a late edit, after) the written date.
_MAX_DAYS_BEFORE, _MAX_DAYS_AFTER = 31, 7


def detect(text: str, *, name: str) -> bool:
    """Daum article markup: ``article_view`` plus Daum's ``dmcf-`` attributes or CDN."""
    return bool(_VIEW_RE.search(text)) and ("dmcf-" in text or "daumcdn.net" in text)


def parse(text: str, *, name: str, outlets: OutletRegistry = EMPTY_REGISTRY, url: str = "") -> ParseResult:
    """One article: title/date from the chrome text, subtitle and body from the markup."""
    result = ParseResult(format=FORMAT, text=text)
    soup = soup_of(text)
    view = soup.select_one("div.article_view") or soup.select_one("[data-translation-body]")
    if view is None:
        raise ParseError("Daum page without an article_view body")

    head = html.unescape(normalize_space(text.split("<", 1)[0]))
    written = _WRITTEN_RE.search(head)
    title = _title(head, written, soup)
    if not title:
        raise ParseError("Daum page without a title")

    summary = soup.select_one("strong.summary_view")
    subtitle = _subtitle(summary) if summary else ""

    paragraphs, byline_outlet, reporters = _body(view, outlets)
    if not paragraphs:
        raise ParseError("Daum page without body text")

    article = ParsedArticle(title=title, paragraphs=paragraphs, subtitle=subtitle, reporters=reporters)
    _set_outlet(article, text, byline_outlet, outlets, url)
    _set_date(article, written, _dated_evidence(text), result)
    canonical = soup.select_one('meta[property="og:url"], link[rel="canonical"]')
    if canonical is not None:
        article.url = str(canonical.get("content") or canonical.get("href") or "")
    result.articles.append(article)
    return result


def _title(head: str, written: re.Match[str] | None, soup: BeautifulSoup) -> str:
    if written:
        return head[: written.start()].strip()
    for selector in ("h3.tit_view", 'meta[property="og:title"]', "title"):
        node = soup.select_one(selector)
        if node is not None:
            value = node.get("content") if node.name == "meta" else node.get_text(" ")
            if value and normalize_space(str(value)):
                return normalize_space(str(value))
    # "title 41 목록": the count and the list link are page chrome.
    return re.sub(r"\s*\d*\s*목록\s*$", "", head).strip()


def _subtitle(summary: Tag) -> str:
    for br in summary.find_all("br"):
        br.replace_with("\n")
    lines = (normalize_space(line) for line in summary.get_text().split("\n"))
    return "\n".join(line for line in lines if line)


def _is_figure(tag: Tag) -> bool:
    if tag.name in ("figure", "figcaption", "img", "picture", "video"):
        return True
    if tag.get("dmcf-ptype") in ("figure", "image", "video", "embed", "ad"):
        return True
    classes = " ".join(tag.get("class") or [])
    return any(c in classes for c in _FIGURE_CLASSES)


def _body(view: Tag, outlets: OutletRegistry) -> tuple[list[str], str | None, list[str]]:
    """Paragraphs without dateline tag, byline prefix or sign-off; plus what those said."""
    blocks = html_blocks(view, skip_if=_is_figure)
    outlet: str | None = None
    reporters: list[str] = []

    # The dateline ("[서울경제]") or byline ("[헤럴드경제=고재우 기자]") opens the first block;
    # it can be a block of its own, so look again at the next one after removing it.
    for _ in range(2):
        if not blocks:
            break
        byline = strip_byline_prefix(blocks[0], outlets)
        lone_tag = _LONE_TAG_RE.match(blocks[0])
        if byline.rest == blocks[0] and not lone_tag:
            break
        outlet = outlet or byline.outlet
        reporters.extend(byline.reporters)
        rest = "" if lone_tag and byline.rest == blocks[0] else byline.rest
        blocks = ([rest] if rest else []) + blocks[1:]
        if rest:
            break

    # The sign-off ("김윤수 기자 sookim@sedaily.com") may be split over the last blocks, and
    # some outlets follow it with their own copyright line or "(끝)" inside the body.
    tail_names: list[str] = []
    for _ in range(5):
        if not blocks:
            break
        signoff = split_signoff(blocks[-1])
        if signoff.reporters or signoff.email:
            tail_names[:0] = signoff.reporters
            blocks = blocks[:-1] + ([signoff.rest] if signoff.rest else [])
            if signoff.rest:
                break
        elif is_boilerplate(blocks[-1]) or blocks[-1] in ("(끝)", "/끝/", "<끝>"):
            blocks = blocks[:-1]
        else:
            break
    reporters.extend(tail_names)

    paragraphs = [p for p in clean_lines(blocks) if not is_photo_caption(p)]
    return paragraphs, outlet, dedupe(reporters)


def _set_outlet(
    article: ParsedArticle, text: str, byline_outlet: str | None, outlets: OutletRegistry, url: str
) -> None:
    """Publisher from byline, copyright line, e-mail domain or image path, resolved in the registry."""
    found = pick_publisher(publisher_clues(html.unescape(text), outlets, urls=(url,))).record
    if found:
        article.outlet = found.name
        return
    after_body = text[text.find("article_view") :]
    copyright_match = _COPYRIGHT_NAME_RE.search(re.sub(r"<[^>]+>", " ", after_body))
    copyright_name = normalize_space(copyright_match.group(1)) if copyright_match else None
    raw = canonical_outlet(copyright_name or byline_outlet, outlets)
    if raw:
        article.outlet = raw
        article.review_reasons.append(f"outlet not in the registry: {raw}")
    else:
        article.outlet = None
        article.review_reasons.append("outlet unknown")


def _set_date(
    article: ParsedArticle, written: re.Match[str] | None, evidence: list[dt.date], result: ParseResult
) -> None:
    if written is None:
        if evidence:
            article.published_date = evidence[0]
            article.review_reasons.append(f"date taken from image path ({evidence[0].isoformat()})")
        else:
            article.review_reasons.append("date unknown")
        return
    month, day = int(written["m"]), int(written["d"])
    if written["H"] is not None:
        with contextlib.suppress(ValueError):
            article.published_time = dt.time(int(written["H"]), int(written["M"]))
    if written["y"]:
        try:
            article.published_date = dt.date(int(written["y"]), month, day)
        except ValueError:
            result.warnings.append(f"invalid date {written.group(0)!r}")
            article.review_reasons.append("date unknown")
        return

    for year in dict.fromkeys(d.year for d in evidence):
        if (month, day) in {(d.month, d.day) for d in evidence if d.year == year}:
            article.published_date = dt.date(year, month, day)
            return
    guess = _nearby_year(month, day, evidence)
    if guess:
        article.published_date = guess
        article.review_reasons.append(f"year inferred from a nearby image date ({guess.isoformat()})")
        return
    article.review_reasons.append("year unknown")
    result.warnings.append(
        f"'작성일 {month:02d}-{day:02d}' has no year and the page holds no dated image path"
    )


def _dated_evidence(text: str) -> list[dt.date]:
    """Dates the page's URLs reveal, strongest evidence first, without repeats."""
    found = [(m["ym"][:4], m["ym"][4:], m["d"]) for m in _IMAGE_PATH_RE.finditer(text)]
    found += _URL_DATE_RE.findall(text) + _FILE_DATE_RE.findall(text)
    dates: list[dt.date] = []
    for y, m, d in found:
        with contextlib.suppress(ValueError):
            dates.append(dt.date(int(y), int(m), int(d)))
    return list(dict.fromkeys(dates))


def _nearby_year(month: int, day: int, evidence: list[dt.date]) -> dt.date | None:
    """The written month/day in the year that puts it closest to an image date.

    Images are uploaded when the article is sent, so a written date shortly after an
    image date (also across New Year) is the same story.
    """
    best: tuple[int, dt.date] | None = None
    for seen in evidence:
        for year in (seen.year - 1, seen.year, seen.year + 1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            delta = (candidate - seen).days
            if -_MAX_DAYS_AFTER <= delta <= _MAX_DAYS_BEFORE and (best is None or abs(delta) < best[0]):
                best = (abs(delta), candidate)
    return best[1] if best else None
