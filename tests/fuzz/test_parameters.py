"""Every public parameter, fuzzed from its one definition, and every public URL, read from the URL
conf: never a server error, never a hang, a 400 that names the parameter at fault in Korean, and
the same totals wherever the same search is answered."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter
from hypothesis import event, given
from hypothesis import strategies as st

from articles.search.filters import FilterKind
from articles.search.params import EXPORT_PARAMS, PARAM, PARAMS, names
from portal.api.outputs import CITE_EXTENSIONS
from portal.site.feeds import FEED_SIZE
from tests.fuzz.answers import (
    api_total,
    export_records,
    feed_entries,
    fetch,
    fuzz_settings,
    json_error,
    page_error,
    page_total,
)
from tests.fuzz.strategies import (
    accept_languages,
    encode_query,
    export_pairs,
    path_values,
    query_pairs,
    search_pairs,
    vocabulary,
)

pytestmark = pytest.mark.django_db

# Keys views read besides the search parameters: the article page's way back to its search.
EXTRA_KEYS = ("back",)
# The URLs that answer a search; every other public URL is an article, an entity or a document.
SEARCHES = ("articles:search", "articles:search-feed", "articles:api-list", "articles:api-export")


def _check_error(answer, sent: list[tuple[str, str]]) -> None:
    """A 400 says what is wrong: the page in its notice, the others naming a parameter that was sent."""
    if answer.content_type.startswith("text/html"):
        page_error(answer)
        return
    param, _ = json_error(answer)
    assert param in PARAM or param in {key for key, _ in sent}, param


@fuzz_settings()
@given(pairs=search_pairs, raw=st.booleans(), language=accept_languages)
def test_search_parameters_are_answered_alike(client, pairs, raw, language):
    """The search page, the API and the feed answer any mix of search parameters with 200 or 400;
    the page and the API (one parser, the same parameters) agree, and so do their totals; the feed,
    which ignores sorting and paging, refuses only what the API refuses and holds the newest 50."""
    query = encode_query(pairs, raw=raw)
    page = fetch(client, reverse("articles:search"), query, language=language)
    api = fetch(client, reverse("articles:api-list"), query, language=language)
    feed = fetch(client, reverse("articles:search-feed"), query, language=language)
    for answer in (page, api, feed):
        assert answer.status in (200, 400) or answer.timed_out, answer.status
        if answer.status == 400:
            _check_error(answer, pairs)
    event(f"page, API, feed: {page.status}, {api.status}, {feed.status}")
    if page.timed_out or api.timed_out or feed.timed_out:
        return
    assert page.status == api.status
    if feed.status == 400:
        assert api.status == 400
    if api.status == 200:
        total = api_total(api)
        assert page_total(page) == total
        assert feed_entries(feed) == min(total, FEED_SIZE)


@fuzz_settings()
@given(pairs=export_pairs, raw=st.booleans(), language=accept_languages)
def test_export_parameters(client, pairs, raw, language):
    """An export answers 200 with a file that parses in its format, or 400 naming the parameter;
    its file holds exactly the API's total (exports ignore paging)."""
    query = encode_query(pairs, raw=raw)
    export = fetch(client, reverse("articles:api-export"), query, language=language)
    assert export.status in (200, 400) or export.timed_out, export.status
    event(f"export: {export.status}")
    if export.status == 400:
        _check_error(export, pairs)
    if export.status != 200:
        return
    sent = QueryDict(query.encode("utf-8", "surrogatepass"))  # as Django reads the bytes sent
    records = export_records(export, sent.get("format") or PARAM["format"].default)
    searched = [(k, v) for k, v in pairs if k not in names("paging", "output")]
    api = fetch(client, reverse("articles:api-list"), encode_query(searched, raw=raw))
    if api.status == 200:
        assert records == api_total(api)


# --- every public URL --------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    route: str  # e.g. articles/<int:pk>/cite.<str:fmt>
    converters: dict


def _walk(patterns, prefix: str = "", namespace: str | None = None, converters: dict | None = None):
    for p in patterns:
        found = {**(converters or {}), **p.pattern.converters}
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace, found)
        elif isinstance(p, URLPattern):
            yield Route(f"{namespace}:{p.name}", prefix + str(p.pattern), found)


def public_routes() -> list[Route]:
    """Every URL of the site but the curators' admin, from the URL conf."""
    return [r for r in _walk(get_resolver().url_patterns) if not r.name.startswith("admin:")]


_PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>")


@st.composite
def paths(draw, route: Route) -> str:
    """A path for ``route``: each converter's value from its regex, the archive's ids and slugs, edges."""

    def value(match: re.Match) -> str:
        converter = route.converters[match.group(1)]
        strategy = path_values(
            converter.regex,
            ids=isinstance(converter, IntConverter),
            slugs=isinstance(converter, SlugConverter),
        )
        if not isinstance(converter, IntConverter | SlugConverter):
            strategy = st.one_of(strategy, st.sampled_from(sorted(CITE_EXTENSIONS)))
        return encode_query([("", draw(strategy))])[1:]  # percent-encoded like a query value

    return "/" + _PLACEHOLDER.sub(value, route.route)


def test_the_url_conf_is_read():
    """The routes the property below draws from include every kind of input the site takes."""
    routes = {r.name: r for r in public_routes()}
    assert set(SEARCHES) <= set(routes)
    assert {"articles:detail", "articles:cite", "articles:api-detail", "policy:person"} <= set(routes)
    # Every filter kind has values from the archive, so a new kind cannot go unfuzzed by accident.
    assert set(vocabulary().by_kind) == set(FilterKind)


@fuzz_settings(factor=1.5)
@given(data=st.data())
def test_every_public_url_answers_any_input(client, data):
    """Any public URL, with any path values and any query string, answers without a server error:
    a search 200 or 400, anything else a page, a redirect, or a 4xx in the documented shape."""
    route = data.draw(st.sampled_from(public_routes()), label="route")
    path = data.draw(paths(route), label="path")
    pairs = data.draw(query_pairs((*EXPORT_PARAMS, *PARAMS), extra=EXTRA_KEYS), label="query")
    answer = fetch(client, path, encode_query(pairs), language=data.draw(accept_languages, label="language"))
    event(f"{route.name}: {answer.status}")
    if answer.timed_out:
        return
    if route.name in SEARCHES:
        assert answer.status in (200, 400), answer.status
    else:
        assert answer.status in (200, 301, 302, 400, 404), answer.status
    if answer.status in (400, 404) and answer.content_type.startswith("application/json"):
        json_error(answer)
    elif answer.status == 400:
        _check_error(answer, pairs)
