"""Best-effort extraction for anything the specific parsers do not recognise.

Works on HTML (uses ``<meta>``/``<title>``/``<h1>`` and drops navigation, headers,
footers, asides and scripts) and on plain text. Every article it returns is flagged
"generic extraction" for a curator to check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from articles.ingest.clean.boilerplate import (
    clean_lines,
    drop_caption_pairs,
    is_boilerplate,
    is_photo_caption,
)
from articles.ingest.clean.bylines import (
    byline_reporters,
    canonical_outlet,
    outlet_name_from_email,
    reporters_in_line,
    split_reporter_names,
    split_signoff,
    strip_byline_prefix,
)
from articles.ingest.clean.dates import find_published_at, is_date_line, seoul_wall_time
from articles.ingest.clean.markup import html_blocks, soup_of
from articles.ingest.clean.text import dedupe, normalize_lines, normalize_space
from articles.ingest.outlets import outlet_by_name, outlet_from_text
from articles.ingest.types import ParsedArticle, ParseError, ParseResult

FORMAT = "generic"
MIN_BODY_CHARS = 100  # letters and digits; less than this is a stub, an index page or an error page
MAX_TITLE_CHARS = 500  # Article.title's column size; a longer "title" is a mis-pick anyway

_HTML_RE = re.compile(r"<\s*(?:html|head|body|div|p|article|title|meta|h1|span|section)\b[^>]*>", re.I)
_CHROME_TAGS = ("nav", "header", "footer", "aside", "form", "figure", "figcaption", "menu", "dialog")
# Class/id fragments of page regions that are never article text.
_CHROME_ATTR_RE = re.compile(
    r"(?:^|[\s_-])(?:gnb|lnb|snb|nav|navbar|menu|breadcrumb|footer|sidebar|aside|comments?|reply|"
    r"related|recommend|popular|ranking|rank|share|sns|social|banner|advert|ads?|promo|subscribe|"
    r"copyright|login|tags?|keywords?|caption)(?:$|[\s_-])",
    re.I,
)
_BODY_SELECTORS = (
    '[itemprop="articleBody"]',
    "#articleBody",
    "#article_body",
    "#articletxt",
    "#newsct_article",
    "#dic_area",
    ".article_body",
    ".article-body",
    ".articleBody",
    ".news_body",
    ".view_con",
    "article",
    "main",
)
_BULLET_RE = re.compile(r"^[•·∙◦▪■□●○◆◇▶▷\-*ㆍ]\s")
_SUFFIX_SEPARATOR_RE = re.compile(r"\s+(?:\||::|:|-|–|—|<|>|ㅣ)\s+")
# Korean sentences end in 다/요/음/함...; short lines without such an ending are labels and buttons.
_SENTENCE_END_RE = re.compile(r"[.?!。…\"”’')\]다요음함됨임]$")


@dataclass
class _Page:
    title: str
    lines: list[str]  # candidate body blocks, page chrome already removed where possible
    full_text: str  # the whole page as text, for dates, bylines and copyright lines
    site_name: str = ""
    published: str = ""  # ISO timestamp from <meta>, if any
    url: str = ""
    reporters: list[str] = field(default_factory=list)


def detect(text: str, *, name: str) -> bool:
    """The fallback: any non-empty text."""
    return bool(text.strip())


def parse(text: str, *, name: str) -> ParseResult:
    """One article with title, date, outlet, reporters and body, or ParseError."""
    page = _from_html(text) if _HTML_RE.search(text) else _from_text(text)
    if not page.title:
        raise ParseError("no article found: no title")
    body, byline_outlet, reporters = _body(page.lines, page.title)
    letters = sum(len(re.findall(r"[0-9A-Za-z가-힣]", p)) for p in body)
    if letters < MIN_BODY_CHARS:
        raise ParseError(f"no article found: only {letters} letters of body text after cleaning")

    date, time = _published(page)
    outlet = _outlet(page, byline_outlet)
    article = ParsedArticle(
        title=page.title[:MAX_TITLE_CHARS],
        paragraphs=body,
        outlet=outlet,
        published_date=date,
        published_time=time,
        reporters=dedupe(reporters + page.reporters + _header_reporters(page.full_text)),
        url=page.url,
        review_reasons=["generic extraction"],
    )
    if outlet is None:
        article.review_reasons.append("outlet unknown")
    if date is None:
        article.review_reasons.append("date unknown")
    return ParseResult(format=FORMAT, text=text, articles=[article])


def _from_html(text: str) -> _Page:
    soup = soup_of(text)
    for tag in soup.find_all(["script", "style", "noscript", "template", "svg", "iframe"]):
        tag.decompose()
    meta = _meta_values(soup)
    # Collected before chrome removal: the header and footer say who published it and when.
    full_text = "\n".join(html_blocks(soup))

    h1 = soup.find("h1")
    h1_text = normalize_space(h1.get_text(" ")) if h1 else ""
    page_title = normalize_space(soup.title.get_text(" ")) if soup.title else ""
    title = meta["title"] or h1_text or _strip_site_suffix(page_title, meta["site_name"])

    for tag in [*soup.find_all(_CHROME_TAGS), *soup.find_all(_is_chrome)]:
        if not tag.decomposed:
            tag.decompose()
    root = _body_root(soup)
    lines = html_blocks(root) if root is not None else []
    author = meta["author"]
    return _Page(
        title=title or _first_title_line(lines),
        lines=lines,
        full_text=full_text,
        site_name=meta["site_name"],
        published=meta["published"],
        url=meta["url"],
        reporters=split_reporter_names(author) if author and "://" not in author else [],
    )


def _from_text(text: str) -> _Page:
    lines = [line for line in normalize_lines(text) if line]
    return _Page(title=_first_title_line(lines), lines=lines, full_text="\n".join(lines))


def _meta_values(soup: BeautifulSoup) -> dict[str, str]:
    def content(*selectors: str) -> str:
        for selector in selectors:
            node = soup.select_one(selector)
            value = normalize_space(str(node.get("content") or "")) if node is not None else ""
            if value:
                return value
        return ""

    canonical = soup.select_one('link[rel="canonical"]')
    return {
        "title": content('meta[property="og:title"]', 'meta[name="twitter:title"]', 'meta[name="title"]'),
        "site_name": content('meta[property="og:site_name"]', 'meta[name="application-name"]'),
        "published": content(
            'meta[property="article:published_time"]',
            'meta[name="article:published_time"]',
            'meta[itemprop="datePublished"]',
            'meta[name="pubdate"]',
            'meta[name="date"]',
        ),
        "url": content('meta[property="og:url"]')
        or (str(canonical.get("href") or "") if canonical is not None else ""),
        "author": content('meta[name="author"]', 'meta[property="article:author"]', 'meta[name="byl"]'),
    }


def _is_chrome(tag: Tag) -> bool:
    if tag.name in ("html", "body") or not tag.attrs:
        return False
    marker = " ".join([*(tag.get("class") or []), str(tag.get("id") or ""), str(tag.get("role") or "")])
    return bool(_CHROME_ATTR_RE.search(marker))


def _body_root(soup: BeautifulSoup) -> Tag | None:
    for selector in _BODY_SELECTORS:
        node = soup.select_one(selector)
        if node is not None and len(node.get_text(strip=True)) >= MIN_BODY_CHARS:
            return node
    return soup.body or soup


def _strip_site_suffix(title: str, site_name: str) -> str:
    """``"제목 - 부제 | 연합뉴스"`` → ``"제목 - 부제"``: only a suffix naming the site goes."""
    while True:
        separators = list(_SUFFIX_SEPARATOR_RE.finditer(title))
        if not separators:
            return title
        last = separators[-1]
        suffix = title[last.end() :].strip()
        if not (outlet_by_name(suffix) or (site_name and suffix == site_name)):
            return title
        title = title[: last.start()].strip()


def _looks_like_headline(line: str) -> bool:
    if is_boilerplate(line) or is_date_line(line) or reporters_in_line(line) or len(line) < 5:
        return False
    return not _BULLET_RE.match(line) and len(line) <= 200


def _first_title_line(lines: list[str]) -> str:
    """The headline: the line just above the dateline when there is one, else the first likely line.

    Pages open with menus and section names; the headline sits right above "입력 …"/"송고시간 …",
    so the nearest headline-like line before the dateline beats the first one on the page.
    """
    head = lines[:40]
    dateline = next((i for i, line in enumerate(head) if is_date_line(line)), None)
    if dateline is not None:
        for line in reversed(head[:dateline]):
            if _looks_like_headline(line) and len(line) >= 10:
                return line
    return next((line for line in head if _looks_like_headline(line)), "")


def _body(lines: list[str], title: str) -> tuple[list[str], str | None, list[str]]:
    """Paragraphs after cleaning, plus the outlet/reporters named by bylines and sign-offs."""
    reporters = byline_reporters(lines)
    outlet: str | None = None
    byline_seen = False
    kept: list[str] = []
    for line in clean_lines(drop_caption_pairs(lines)):
        if line == title or is_date_line(line) or is_photo_caption(line):
            continue
        if len(kept) < 3 and not byline_seen:
            # "(서울=연합뉴스) 홍길동 기자 = ..." opens the first paragraph of wire copy; page
            # chrome the cleaning missed may still sit above it.
            byline = strip_byline_prefix(line)
            if byline.rest != line:
                byline_seen = True
                outlet = outlet or byline.outlet
                reporters.extend(byline.reporters)
                line = byline.rest
                if not line:
                    continue
        names = reporters_in_line(line)
        if names and len(line) <= 40:
            reporters.extend(names)
            continue
        if len(line) < 20 and not _SENTENCE_END_RE.search(line):
            continue
        kept.append(line)

    if kept:
        signoff = split_signoff(kept[-1])
        if signoff.reporters or signoff.email:
            reporters.extend(signoff.reporters)
            kept = kept[:-1] + ([signoff.rest] if signoff.rest else [])
            outlet = outlet or outlet_name_from_email(signoff.email)
    return kept, outlet, reporters


def _header_reporters(full_text: str) -> list[str]:
    names: list[str] = []
    for line in full_text.split("\n")[:60]:
        names.extend(reporters_in_line(line))
    return names


def _published(page: _Page) -> tuple[dt.date | None, dt.time | None]:
    if page.published:
        try:
            moment = dt.datetime.fromisoformat(page.published.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            date, time = seoul_wall_time(moment)
            has_time = bool(re.search(r"\d[T ]\d{1,2}:\d{2}", page.published))
            return date, time if has_time else None
    return find_published_at(page.full_text)


def _outlet(page: _Page, byline_outlet: str | None) -> str | None:
    if page.site_name:
        return canonical_outlet(page.site_name)
    known = outlet_from_text(page.full_text)
    if known:
        return known.name
    return canonical_outlet(byline_outlet)
