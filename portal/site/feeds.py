"""Atom feeds for any search, so a researcher can follow a query or a person in a feed reader.

``/search/feed/`` takes the search page's parameters; whatever ``sort`` says, the feed holds the
50 newest matching articles, newest first, which is what a feed reader expects.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, replace
from typing import cast
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, strip_tags

from articles.models import SEOUL, Article
from articles.search.filters import ENTITY_FILTERS
from articles.search.params import SearchParamError, names, request_data, without
from articles.search.request import SearchRequest, search_request_parse
from articles.selectors.search import articles_search
from policy.models import Entity
from portal.api.errors import error_response
from portal.site.citations import ARCHIVE_NAME

FEED_SIZE = 50
# Parameters that shape a page of results rather than the result set; a feed has no use for them.
IGNORED_PARAMS = names("sort", "paging", "output")


# Characters XML 1.0 forbids; Django's feed writer refuses them (a 500), and scraped text or a
# typed query may carry one.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry."""
    return _XML_ILLEGAL.sub("", text)


def feed_querystring(data: QueryDict) -> str:
    """The search parameters of ``data`` without paging, sorting and export options, URL-encoded."""
    return without(data, IGNORED_PARAMS).urlencode()


def search_feed_url(data: QueryDict) -> str:
    """The feed of the search ``data`` describes (e.g. ``request.GET`` on the search page)."""
    query = feed_querystring(data)
    return reverse("articles:search-feed") + (f"?{query}" if query else "")


def entity_feed_url(entity: Entity) -> str:
    """The feed of everything tagged with ``entity``: ``/search/feed/?person=ha-jungwoo``."""
    return reverse("articles:search-feed") + "?" + urlencode({ENTITY_FILTERS[entity.kind].name: entity.slug})


def describe_search(request: SearchRequest) -> str:
    """A short Korean description of a search, for the feed title: ``"하정우" · 인물: 하정우 · …``."""
    parts = [f"“{request.q}”"] if request.q else []
    parts += [f.describe(value) for f, value in request.active()]
    return " · ".join(parts)


class ArchiveAtomFeed(Atom1Feed):
    """Atom with one ``<author>`` per reporter (Django's Atom1Feed writes at most one)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("reporters", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


@dataclass
class FeedQuery:
    request: SearchRequest
    querystring: str
    full_path: str


class FeedRequest(HttpRequest):
    """How a feed's request is typed: it carries the parsed query (the Feed instance is shared)."""

    feed_query: FeedQuery


def _moment(article: Article) -> dt.datetime:
    """When the article appeared: its time if known, else Seoul midnight of its date, else its ingestion."""
    if article.published_at is not None:
        return article.published_at
    if article.published_date is not None:
        return dt.datetime.combine(article.published_date, dt.time(), tzinfo=SEOUL)
    return article.created_at


class SearchFeed(Feed):
    """``/search/feed/?q=하정우 국가AI컴퓨팅센터``: the newest articles of a search as Atom."""

    feed_type = ArchiveAtomFeed
    language = "ko"
    # Entries without reporters have no author of their own; Atom then needs one on the feed.
    author_name = ARCHIVE_NAME

    def __call__(self, request: HttpRequest, *args, **kwargs):
        # Invalid parameters are the researcher's to fix: 400 naming the parameter, as in the API.
        try:
            data = request_data(request)
            search_request = search_request_parse(QueryDict(feed_querystring(data)))
        except SearchParamError as exc:
            return error_response(exc.param, exc.message)
        # The Feed instance is shared by every request: per-request state travels on the request.
        # Re-encoded from the parsed parameters: get_full_path() garbles a raw (non-%-encoded) UTF-8 query.
        self_url = request.path + (f"?{data.urlencode()}" if data else "")
        cast(FeedRequest, request).feed_query = FeedQuery(search_request, feed_querystring(data), self_url)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedQuery:
        return cast(FeedRequest, request).feed_query

    def title(self, obj: FeedQuery) -> str:
        description = describe_search(obj.request)
        return xml_safe(f"{description} — {ARCHIVE_NAME}" if description else f"최신 기사 — {ARCHIVE_NAME}")

    def subtitle(self, obj: FeedQuery) -> str:
        return f"{ARCHIVE_NAME}에서 이 검색에 맞는 최신 기사 {FEED_SIZE}건"

    def link(self, obj: FeedQuery) -> str:
        return reverse("articles:search") + (f"?{obj.querystring}" if obj.querystring else "")

    def feed_url(self, obj: FeedQuery) -> str:
        return obj.full_path

    def items(self, obj: FeedQuery) -> list[Article]:
        newest = replace(obj.request, sort="newest", page=1, page_size=FEED_SIZE)
        return articles_search(request=newest, facets=False, snippets=True).articles

    def item_title(self, item: Article) -> str:
        return xml_safe(item.title)

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_description(self, item: Article) -> str:
        # Atom1Feed declares the summary type="html": the snippet's <mark>s are dropped and the
        # plain text escaped, so a reader shows exactly the text (a "<" in it stays a "<").
        return xml_safe(escape(html.unescape(strip_tags(str(item.snippet)))))

    def item_pubdate(self, item: Article) -> dt.datetime:
        return _moment(item)

    def item_updateddate(self, item: Article) -> dt.datetime:
        return _moment(item)

    def item_categories(self, item: Article) -> list[str]:
        return [xml_safe(e.name) for e in (*item.persons, *item.programmes, *item.organisations)]

    def item_extra_kwargs(self, item: Article) -> dict:
        return {"reporters": [xml_safe(name) for name in item.reporters]}
