"""A page as the generic extractor sees it: title candidates, lines, meta values, chrome removed.

HTML gives ``<meta>``, ``<title>`` and ``<h1>`` and its navigation, headers, footers and asides
can be dropped by tag and class; a text dump gives only lines, so the headline is read from the
line structure (the line above the dateline, a line printed twice in the header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from articles.ingest.clean.bylines import split_reporter_names
from articles.ingest.clean.markup import html_blocks, soup_of
from articles.ingest.clean.text import normalize_lines, normalize_space
from articles.ingest.outlets import OutletRegistry
from articles.ingest.whole_page import is_whole_page, json_ld_article, main_text, portal_page_reason

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
_DATE_ATTR_RE = re.compile(r"(?:^|[\s_-])(?:date|time|regdate|datetime|pubdate|published)(?:$|[\s_-])", re.I)
_SUFFIX_SEPARATOR_RE = re.compile(r"\s+(?:\||::|:|-|–|—|<|>|ㅣ)\s+")


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
    # Collected before chrome removal: the header and footer say who published it and when.
    full_text = "\n".join(html_blocks(soup))

    h1 = soup.find("h1")
    h1_text = normalize_space(h1.get_text(" ")) if h1 else ""
    page_title = normalize_space(soup.title.get_text(" ")) if soup.title else ""
    candidates = (
        (meta["title"], "og:title"),
        (h1_text, "h1"),
        (strip_site_suffix(page_title, meta["site_name"], outlets), "title tag"),
    )
    title, signal = next(((t, s) for t, s in candidates if t), ("", ""))
    if title and signal != "h1":
        title = strip_site_suffix(title, meta["site_name"], outlets)

    date_text = "\n".join(
        normalize_space(tag.get_text(" "))
        for tag in soup.find_all(["time", "span", "p", "div", "em", "li"])
        if tag.name == "time"
        or _DATE_ATTR_RE.search(" ".join([*(tag.get("class") or []), str(tag.get("id") or "")]))
    )
    refusal = portal_page_reason(soup, article_meta=article_meta, text=full_text) if whole else None
    found = main_text(text, url=url or meta["url"]) if whole and not refusal else None
    for tag in [*soup.find_all(_CHROME_TAGS), *soup.find_all(_is_chrome)]:
        if not tag.decomposed:
            tag.decompose()
    root = _body_root(soup)
    lines = html_blocks(root) if root is not None else []
    if found and found.lines:
        # trafilatura's main text, after the page's own header (headline, byline, 입력 stamp),
        # which it leaves out and the Korean rules read.
        lines = _header_lines(full_text.split("\n"), title, found.lines) + found.lines
    author = meta["author"] or _ld_author(ld)
    reporters = split_reporter_names(author) if author and "://" not in author else []
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


def _ld_author(ld: dict) -> str:
    author = ld.get("author")
    items = author if isinstance(author, list) else [author]
    names = [str(a.get("name") or "") if isinstance(a, dict) else str(a or "") for a in items]
    return ", ".join(n for n in names if n)


def _header_lines(page_lines: list[str], title: str, body: list[str], *, limit: int = 20) -> list[str]:
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


def strip_site_suffix(title: str, site_name: str, outlets: OutletRegistry) -> str:
    """``"제목 - 부제 | 연합뉴스"`` → ``"제목 - 부제"``: only a suffix naming the site goes."""
    while True:
        separators = list(_SUFFIX_SEPARATOR_RE.finditer(title))
        if not separators:
            return title
        last = separators[-1]
        suffix = title[last.end() :].strip()
        # "머니투데이 뉴스", "연합뉴스TV 뉴스": the outlet's name with the word for its news section.
        bare = re.sub(r"\s*뉴스$", "", suffix)
        if not (
            outlets.by_name(suffix) or (bare and outlets.by_name(bare)) or (site_name and suffix == site_name)
        ):
            return title
        title = title[: last.start()].strip()
