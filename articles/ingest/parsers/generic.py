"""Extraction for any news page the format parsers do not recognise, read as a person reads it.

Headline, dateline, byline, publisher and body come from what the page prints (meta tags, the
line above the dateline, a labelled 입력/등록/송고 stamp, the wire or bracket byline, the copyright
line, the reporter's e-mail) resolved against the outlet registry. Each field records the signal
that found it in ``ParsedArticle.evidence``; ``articles.ingest.confidence`` decides from that
whether a curator must look. Data files and listing pages are refused with a reason.
"""

from __future__ import annotations

import datetime as dt
import re

from articles.ingest.clean.article_url import names_an_article
from articles.ingest.clean.boilerplate import clean_lines, drop_caption_pairs, is_photo_caption
from articles.ingest.clean.bylines import split_signoff, strip_byline_prefix
from articles.ingest.clean.datelines import Dateline, find_dateline, is_date_line
from articles.ingest.clean.dates import implausible_date, seoul_wall_time
from articles.ingest.clean.headline import clean_headline, find_headline, first_headline_like
from articles.ingest.clean.publisher import pick_publisher, publisher_clues
from articles.ingest.clean.reporters import find_reporters
from articles.ingest.clean.text import normalize_space
from articles.ingest.confidence import STRONG_DATE_SIGNALS
from articles.ingest.outlets import EMPTY_REGISTRY, OutletRegistry
from articles.ingest.parsers.listing import listing_reason, teaser_reason
from articles.ingest.parsers.page import Page, read_page
from articles.ingest.refuse import non_article_reason
from articles.ingest.types import ParsedArticle, ParseError, ParseResult
from articles.ingest.untitled import (
    PROVISIONAL_REASON,
    PROVISIONAL_SIGNAL,
    provisional_title,
    untitled_reason,
)
from articles.ingest.whole_page import is_whole_page

FORMAT = "generic"
# A real article body can be one or two sentences (a wire flash, a photo story, an excerpt): a
# headline, a dateline or byline and one sentence of 40+ letters make an article. Listing pages,
# which also have short texts, are refused by their shape (articles.ingest.parsers.listing).
MIN_BODY_LETTERS = 40
MAX_TITLE_CHARS = 500  # Article.title's column size; a longer "title" is a mis-pick anyway
# Korean sentences end in 다/요/음/함...; short lines without such an ending are labels and buttons.
_SENTENCE_END_RE = re.compile(r"[.?!。…\"”’')\]다요음함됨임]$")
_CAPTION_MARK = "[사진] "  # photo captions stay searchable, marked as captions


def detect(text: str, *, name: str) -> bool:
    """The fallback: any non-empty text."""
    return bool(text.strip())


def parse(text: str, *, name: str, outlets: OutletRegistry = EMPTY_REGISTRY, url: str = "") -> ParseResult:
    """One article with title, date, outlet, reporters and body, or ParseError saying why not."""
    # A saved page's scripts and style sheets are not what it is: its markup says so.
    reason = None if is_whole_page(text) else non_article_reason(text)
    if reason:
        raise ParseError(reason)
    page = read_page(text, outlets, url=url)
    # A source URL naming one article outweighs a text's listing-like shape: the page is kept for a
    # curator rather than lost (articles.ingest.clean.article_url).
    one_article = names_an_article(url or page.url)
    doubts: list[str] = []
    if page.refusal and one_article and page.whole:
        doubts.append(f"kept although it reads like {page.refusal}: its URL names one article")
    elif page.refusal:
        raise ParseError(f"no article found: {page.refusal}")
    dateline = _dateline(page)
    # The dateline the headline sits above is in the header: the first date line of the page.
    dateline_index = next((i for i, line in enumerate(page.lines[:40]) if is_date_line(line)), None)
    title, title_signal = (
        (clean_headline(page.title), page.title_signal)
        if page.title
        else find_headline(page.lines, outlets, dateline_index=dateline_index)
    )
    provisional = not title
    if provisional:
        # Body text copied without its headline is still an article: it keeps a title made from
        # its lead, marked as such, and waits for a curator (articles.ingest.untitled).
        title, title_signal = provisional_title(page.lines, outlets), PROVISIONAL_SIGNAL
        if not title:
            raise ParseError("no article found: no headline and no lead to name it by")
    # A whole page's front-page test (whole_page.portal_page_reason) read its markup; the text
    # rules below would take its search box and menus for a listing's.
    listing = None if page.whole else listing_reason(page.lines, title=title)
    if listing and one_article:
        doubts.append(f"kept although it reads like a listing ({listing}): its URL names one article")
    elif listing:
        raise ParseError(f"no article found: {listing}")
    # A provisional title is the lead's opening: the lead stays in the text.
    body, captions = _body(page.lines, "" if provisional else title, outlets)
    # A provisional title is the lead itself; untitled_reason below judges headline-less text.
    # Without a headline of its own, a teaser's shape is still read from the line above the text
    # (a listing prints another story's headline there, then its snippet and time).
    shape_title = first_headline_like(page.lines, outlets) if provisional else title
    teaser = teaser_reason(page.lines, title=shape_title, body=body) if shape_title else None
    if teaser and one_article:
        doubts.append(f"kept although it reads like a teaser ({teaser}): its URL names one article")
    elif teaser:
        raise ParseError(f"no article found: {teaser}")
    letters = sum(len(re.findall(r"[0-9A-Za-z가-힣]", p)) for p in body)
    short = letters < 100 and not any(_LEAD_RE.search(p) for p in body)  # a short text must read as prose
    if letters < MIN_BODY_LETTERS or short:
        raise ParseError(f"no article found: only {letters} letters of body text after cleaning")
    reporters = find_reporters(page.lines, outlets, meta=page.reporters)
    if provisional:
        weak = untitled_reason(body, reporters=reporters, dated=dateline.signal in STRONG_DATE_SIGNALS)
        if weak and not one_article:
            raise ParseError(f"no article found: no headline, and {weak}")

    publisher = pick_publisher(
        publisher_clues(page.full_text, outlets, urls=(url, page.url), site_name=page.site_name)
    )
    outlet, outlet_signal = (
        (publisher.record.name, publisher.signal) if publisher.record else _unregistered_outlet(page)
    )
    article = ParsedArticle(
        title=title[:MAX_TITLE_CHARS],
        paragraphs=body + [_CAPTION_MARK + c for c in captions],
        outlet=outlet,
        published_date=dateline.date,
        published_time=dateline.time,
        reporters=reporters,
        url=url or page.url,
        evidence={
            "title": title_signal,
            "outlet": outlet_signal,
            "date": dateline.signal,
        },
    )
    if publisher.conflict:
        article.review_reasons.append(publisher.conflict)
    if provisional:
        article.review_reasons.append(PROVISIONAL_REASON)
    article.review_reasons.extend(doubts)
    warnings = []
    if dateline.rejected:
        rejected = f"impossible dateline {dateline.rejected!r}"
        article.review_reasons.append(f"date rejected: {rejected}")
        warnings.append(f"{rejected}; the article is kept without a date, for review")
    return ParseResult(format=FORMAT, text=text, articles=[article], warnings=warnings)


_COPYRIGHT_NAME_RE = re.compile(
    r"(?:Copyright|ⓒ|©|\(c\)|저작권자)\s*(?:[ⓒ©]|\(c\))?\s*(?:\d{4}\s*)?['\"‘’“”]?\s*"
    r"([가-힣A-Za-z][가-힣A-Za-z0-9 ]{1,14}?)(?:\s*[.,&(]|\s+(?:All|무단|All)|\s*$|\s*[\-|]|\s*\.?\s*무단)",
    re.I | re.M,
)


def _unregistered_outlet(page: Page) -> tuple[str | None, str]:
    """An outlet the registry does not know, as its site name or copyright line writes it.

    Never published unseen: the name is kept for the curator, who adds the outlet to the registry.
    """
    if page.site_name:
        return page.site_name, "unregistered site name"
    match = _COPYRIGHT_NAME_RE.search(page.full_text)
    if match and not re.search(r"\d|기자|사진|제공", match.group(1)):
        return match.group(1).strip(), "unregistered copyright"
    return None, ""


def _dateline(page: Page) -> Dateline:
    if page.published:
        date: dt.date | None
        time: dt.time | None
        try:
            date, time = seoul_wall_time(dt.datetime.fromisoformat(page.published.replace("Z", "+00:00")))
        except ValueError:
            date = time = None
        # A CMS's placeholder (9999-12-31, 0001-01-01) in the meta tag says nothing: the page's
        # printed dateline may still say when the article appeared.
        if date is not None and not implausible_date(date):
            has_time = bool(re.search(r"\d[T ]\d{1,2}:\d{2}", page.published))
            return Dateline(date, time if has_time else None, "meta")
    if page.date_text:
        marked = find_dateline(page.date_text)
        if marked.date:
            # The markup itself says this element is the date: as good as a printed label.
            return Dateline(marked.date, marked.time, "date element")
    printed = find_dateline(page.full_text)
    if printed.date is None and page.guessed_date and not printed.rejected:
        # htmldate's reading of a whole page (URL, markup, text): better than nothing, never sure.
        try:
            return Dateline(dt.date.fromisoformat(page.guessed_date[:10]), None, "htmldate")
        except ValueError:
            pass
    return printed


_LEAD_RE = re.compile(r"(?:다|니다|요)[.\"”’]?\s*$|다\.\s")


def _clean_from_lead(lines: list[str]) -> list[str]:
    """Cleaned lines where a footer marker ends the article only once its text has begun.

    Above the lead, "댓글 0", "프린트" or a photo credit "ⓒ중기부" are header widgets, not the
    page's footer: cutting there would leave a real article with no body at all.
    """
    lead = next((i for i, line in enumerate(lines) if len(line) >= 40 and _LEAD_RE.search(line)), 0)
    return clean_lines(lines[:lead], stop_at_terminal=False) + clean_lines(lines[lead:])


def _body(lines: list[str], title: str, outlets: OutletRegistry) -> tuple[list[str], list[str]]:
    """Paragraphs after cleaning (bylines, datelines, sign-offs removed) and the photo captions."""
    kept: list[str] = []
    captions: list[str] = []
    started = False
    for line in _clean_from_lead(drop_caption_pairs(lines)):
        if line == title or is_date_line(line):
            continue
        if is_photo_caption(line):
            captions.append(line)
            continue
        byline = strip_byline_prefix(line, outlets)
        if byline.rest != line:
            line = byline.rest
            if not line:
                continue
        if len(line) < 20 and not _SENTENCE_END_RE.search(line):
            continue
        if not started and len(line) < 40 and not re.search(r"다\.?$", line):
            continue  # widgets and sub-heads above the lead
        started = True
        kept.append(line)
    if kept:
        signoff = split_signoff(kept[-1])
        if signoff.reporters or signoff.email:
            kept = kept[:-1] + ([signoff.rest] if signoff.rest else [])
    return [normalize_space(k) for k in kept if k], captions
