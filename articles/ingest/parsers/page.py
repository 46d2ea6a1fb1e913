"""A page as the generic extractor sees it: title candidates, lines, meta values, chrome removed.

HTML gives ``<meta>``, ``<title>`` and ``<h1>`` and its navigation, headers, footers and asides
can be dropped by tag and class; a text dump gives only lines, so the headline is read from the
line structure (the line above the dateline, a line printed twice in the header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Tag

from articles.ingest.clean.article_url import names_an_article
from articles.ingest.clean.markup import html_blocks, soup_of
from articles.ingest.clean.reporters import reporters_in_meta
from articles.ingest.clean.site_title import names_site, strip_site_suffix
from articles.ingest.clean.text import normalize_lines, normalize_space
from articles.ingest.outlets import OutletRegistry
from articles.ingest.whole_page import (
    is_whole_page,
    json_ld_article,
    main_text,
    portal_page_reason,
    with_dropped_sentences,
)

MIN_BODY_CHARS = 100  # letters and digits; less than this is a stub, an index page or an error page

HTML_RE = re.compile(r"<\s*(?:html|head|body|div|p|article|title|meta|h1|span|section)\b[^>]*>", re.I)
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
# Photo captions by class: "caption", "img_desc", "photo_desc", a bare "desc" cell of a photo table.
_CAPTION_ATTR_RE = re.compile(r"(?:^|[\s_-])(?:caption|img_?desc|photo_?desc|desc)(?:$|[\s_-])", re.I)
_DATE_ATTR_RE = re.compile(r"(?:^|[\s_-])(?:date|time|regdate|datetime|pubdate|published)(?:$|[\s_-])", re.I)


@dataclass
class Page:
    """What the extractor reads: the title the markup names, the lines, the whole text and meta."""

    lines: list[str]  # candidate body blocks, page chrome already removed where possible
    full_text: str  # the whole page as text, for dates, bylines and copyright lines
    title: str = ""  # from markup (og:title, h1, <title>); text dumps have none
    title_signal: str = ""
    site_name: str = ""
    published: str = ""  # ISO timestamp from <meta>, if any
    date_text: str = ""  # text of elements the markup labels as the date (class="date", <time>)
    url: str = ""
    reporters: list[str] = field(default_factory=list)
    guessed_date: str = ""  # htmldate's YYYY-MM-DD for a whole page: a last resort, never strong
    refusal: str = ""  # why a whole page is no article (a portal home or section page)
    whole: bool = False  # a whole saved page, read by trafilatura: its front-page test already ran


def read_page(text: str, outlets: OutletRegistry, *, url: str = "") -> Page:
    """HTML or plain text into a ``Page``."""
    if HTML_RE.search(text):
        return _from_html(text, outlets, url=url)
    return Page(lines=[line for line in normalize_lines(text) if line], full_text=text)


def _from_html(text: str, outlets: OutletRegistry, *, url: str = "") -> Page:
    soup = soup_of(text)
    ld = json_ld_article(soup)
    for tag in soup.find_all(["script", "style", "noscript", "template", "svg", "iframe"]):
        tag.decompose()
    meta = _meta_values(soup)
    article_meta = bool(meta["published"] or ld)
    # A page whose date sits only in its JSON-LD (AMP pages) states it as plainly as a meta tag.
    meta["published"] = meta["published"] or str(ld.get("datePublished") or "")
    whole = is_whole_page(text)
    # A photo's caption is the photo's: its wire credit ("【서울=뉴시스】홍길동 기자 = … 2018.10.18.")
    # names neither the article's publisher nor its reporter nor its date.
    for tag in soup.find_all(_is_caption):
        if not tag.decomposed:
            tag.decompose()
    # Collected before chrome removal: the header and footer say who published it and when.
    full_text = "\n".join(html_blocks(soup))
    byline_element_reporters = _byline_element_reporters(soup, outlets)

    h1_text = headline_heading(soup, site_name=meta["site_name"], outlets=outlets)
    page_title = normalize_space(soup.title.get_text(" ")) if soup.title else ""
    candidates = (
        (meta["title"], "og:title"),
        (h1_text, "h1"),
        (strip_site_suffix(page_title, meta["site_name"], outlets), "title tag"),
        (titled_heading(soup, site_name=meta["site_name"], outlets=outlets), "h2"),
    )
    # A title that is only the site's name ("연합뉴스TV" as the whole title tag) names no article:
    # the headline is then read from the page's lines.
    title, signal = next(
        ((t, s) for t, s in candidates if t and not names_site(t, meta["site_name"], outlets)), ("", "")
    )
    if title and signal != "h1":
        title = strip_site_suffix(title, meta["site_name"], outlets)
    # The headline as the page prints it, when a meta title wraps it in the site's name or section
    # ("대전일보 모바일 :: …", "…-정치ㅣ한국일보", "… : 뉴스 : 동아닷컴").
    title = printed_headline(title, [t for t, _ in candidates] + [page_title], full_text.split("\n")) or title

    date_text = "\n".join(
        normalize_space(tag.get_text(" "))
        for tag in soup.find_all(["time", "span", "p", "div", "em", "li"])
        if tag.name == "time"
        or _DATE_ATTR_RE.search(" ".join([*(tag.get("class") or []), str(tag.get("id") or "")]))
    )
    refusal = portal_page_reason(soup, article_meta=article_meta, text=full_text) if whole else None
    # A page whose URL names one article is read all the same: the generic extractor keeps it for
    # review rather than losing an article to its crowded chrome.
    readable = whole and (not refusal or names_an_article(url or meta["url"]))
    found = main_text(text, url=url or meta["url"]) if readable else None
    for tag in [*soup.find_all(_CHROME_TAGS), *soup.find_all(_is_chrome)]:
        if not tag.decomposed:
            tag.decompose()
    root = _body_root(soup)
    lines = html_blocks(root) if root is not None else []
    if found and found.lines:
        # trafilatura's main text, after the page's own header (headline, byline, 입력 stamp),
        # which it leaves out and the Korean rules read.
        body = with_dropped_sentences(found.lines, lines)
        lines = _header_lines(full_text.split("\n"), title, body) + body
    # JSON-LD lists every author where the byline says "박준석 기자 외 1명"; the meta tag names one.
    reporters = (
        _ld_authors(ld, outlets)
        or next((names for value in meta["authors"] if (names := reporters_in_meta(value, outlets))), [])
        or byline_element_reporters
    )
    return Page(
        lines=lines,
        full_text=full_text + "\n" + " ".join(re.findall(r"(?:src|href|content)=[\"']([^\"']+)", text)),
        title=title,
        title_signal=signal,
        site_name=meta["site_name"],
        published=meta["published"],
        date_text=date_text,
        url=meta["url"],
        # An outlet's name in the author tag ("OSEN", "뉴스Zum") is no reporter.
        reporters=[name for name in reporters if not outlets.by_name(name)],
        guessed_date=found.date if found else "",
        refusal=refusal or "",
        whole=bool(found and found.lines),
    )


_TITLE_ATTR_RE = re.compile(r"(?:^|[\s_-])(?:title|headline|tit|subject)(?:$|[\s_-])", re.I)
MAX_LOGO_CHARS = 20  # "뉴스타파", "KBS WORLD", "NAVER 뉴스": a linked site name, never a headline


def headline_heading(soup: BeautifulSoup, *, site_name: str, outlets: OutletRegistry) -> str:
    """The first ``<h1>`` that prints a headline; "" when every one is the site's logo or name.

    Many pages set their logo in an ``<h1>`` before the headline's: an image (no text), a short
    link to the outlet's or portal's home ("NAVER 뉴스", "KBS WORLD", the press's page), or the
    outlet's name itself.
    """
    for h1 in soup.find_all("h1"):
        text = " ".join(h1.get_text(" ").split())
        linked = " ".join(" ".join(a.get_text(" ") for a in h1.find_all("a")).split())
        if not text or names_site(text, site_name, outlets):
            continue
        if len(text) <= MAX_LOGO_CHARS and linked == text:
            continue
        return text
    return ""


def titled_heading(soup: BeautifulSoup, *, site_name: str, outlets: OutletRegistry) -> str:
    """A second-level heading the markup calls the title (``<h2 class="title">``); "" if none.

    The last resort for a page whose meta tags, ``<h1>`` and ``<title>`` name only the site.
    """
    for heading in soup.find_all(["h2", "h3"]):
        marker = " ".join([*(heading.get("class") or []), str(heading.get("id") or "")])
        text = " ".join(heading.get_text(" ").split())
        if _TITLE_ATTR_RE.search(marker) and len(text) >= 10 and not names_site(text, site_name, outlets):
            return text
    return ""


_BYLINE_ATTR_RE = re.compile(r"(?:^|[\s_-])(?:byline|writer|reporter|journalist|author)(?:$|[\s_-])", re.I)
MAX_BYLINE_CHARS = 80  # "순천, 광양 구현모 기자 ninek@hankookilbo.com"; a longer block is a profile


def _byline_element_reporters(soup: BeautifulSoup, outlets: OutletRegistry) -> list[str]:
    """The names in the first element the markup calls the byline, read as an author tag is.

    For a page without author meta tags: ``<span class="byline">장석준 글로벌정치경제연구소
    기획위원</span>``, ``<div class="writer">순천, 광양 구현모 기자 (e-mail)</div>``. Bylines inside
    comments, related lists and other chrome are someone else's.
    """
    for tag in soup.find_all(_marked_byline):
        if any(_is_chrome(parent) for parent in tag.parents if isinstance(parent, Tag)):
            continue
        text = " ".join(tag.get_text(" ").split())
        if text and len(text) <= MAX_BYLINE_CHARS and (names := reporters_in_meta(text, outlets)):
            return names
    return []


def _marked_byline(tag: Tag) -> bool:
    if tag.name in ("html", "body", "meta", "a") or not tag.attrs:
        return False
    marker = " ".join([*(tag.get("class") or []), str(tag.get("id") or ""), str(tag.get("itemprop") or "")])
    return bool(_BYLINE_ATTR_RE.search(marker)) and not _is_chrome(tag)


def _ld_authors(ld: dict[str, Any], outlets: OutletRegistry) -> list[str]:
    """The people JSON-LD names as authors (organisations, desks and outlets left out)."""
    author = ld.get("author")
    items = author if isinstance(author, list) else [author]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            if str(item.get("@type") or "Person") != "Person":
                continue
            item = item.get("name")
        names.extend(reporters_in_meta(str(item or ""), outlets))
    return names


# Separators a site puts between a headline and its own name or section in a title tag.
_WRAP_SEPARATOR = r"(?:::|[|｜ㅣ:\-–—<>/·])"
_WRAP_BEFORE_RE = re.compile(rf"{_WRAP_SEPARATOR}\s*$")
_WRAP_AFTER_RE = re.compile(rf"^\s*{_WRAP_SEPARATOR}")
MAX_WRAP_CHARS = 25  # "대전일보 모바일 ::", " : 뉴스 : 동아닷컴", "-정치ㅣ한국일보"


def printed_headline(title: str, candidates: list[str], blocks: list[str]) -> str:
    """The page's printed headline that a meta title wraps in its site's name or section; "".

    A block of the page is the headline when a title candidate is that block plus a short site or
    section part set off by a separator on one side. The printed form wins: it is what a reader
    sees, and the meta title may also write "[2보]" where the page prints "(2보)".
    """
    best = ""
    for block in blocks:
        block = normalize_space(block)
        if len(block) < 10 or len(block) <= len(best) or block == title:
            continue
        for candidate in candidates:
            candidate = normalize_space(candidate)
            at = candidate.find(block)
            if at < 0 or candidate == block:
                continue
            before, after = candidate[:at], candidate[at + len(block) :]
            wrap = len(before.strip()) + len(after.strip())
            if (
                wrap <= MAX_WRAP_CHARS
                and (not before.strip() or _WRAP_BEFORE_RE.search(before))
                and (not after.strip() or _WRAP_AFTER_RE.search(after))
                and _same_story(block, title)
            ):
                best = block
                break
    return best


def _same_story(block: str, title: str) -> bool:
    """The printed headline and the meta title tell one story: most of their words are shared."""
    words = set(re.findall(r"[가-힣A-Za-z0-9]{2,}", block))
    other = set(re.findall(r"[가-힣A-Za-z0-9]{2,}", title))
    return bool(words) and len(words & other) >= 0.7 * len(words)


def _is_caption(tag: Tag) -> bool:
    if tag.name == "figcaption":
        return True
    if tag.name in ("html", "body") or not tag.attrs:
        return False
    marker = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")])
    return bool(_CAPTION_ATTR_RE.search(marker))


def _header_lines(page_lines: list[str], title: str, body: list[str], *, limit: int = 40) -> list[str]:
    """The lines between the headline's last printing before the text and the text's first line."""
    page_lines = [normalize_space(x) for x in page_lines if x.strip()]
    start_key = body[0][:20] if body else ""
    end = next((i for i, line in enumerate(page_lines) if start_key and start_key in line), None)
    if end is None:
        return []
    starts = [i for i, line in enumerate(page_lines[:end]) if title and (line == title or title in line)]
    if not starts:
        return []  # no headline printed above the text: nothing there is known to be its header
    return page_lines[max(starts[-1] + 1, end - limit) : end]


def _meta_values(soup: BeautifulSoup) -> dict[str, Any]:
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
        # Every author tag, in order: a page may carry the outlet's name in one and the byline in
        # another ("한국일보", "박준석 기자 외 1명"); Korean CMSs also fill dable:author.
        "authors": [
            normalize_space(str(node.get("content") or ""))
            for node in soup.select(
                'meta[name="author"], meta[property="article:author"], meta[name="byl"], '
                'meta[property="dable:author"], meta[name="dable:author"]'
            )
        ],
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
