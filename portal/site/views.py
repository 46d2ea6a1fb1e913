"""Server-rendered pages. Thin: parse the request, call a selector, render."""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from articles.models import Article
from articles.search.params import SearchParamError, request_data
from articles.search.request import search_request_parse
from articles.selectors.archive_version import archive_version
from articles.selectors.article_page import article_page
from articles.selectors.articles import entities_latest_coverage
from articles.selectors.search import archive_span
from articles.selectors.search_page import search_page, search_page_invalid
from policy.models import Entity

NEWEST_ON_HOME = 10
HOME_COVERAGE_SECONDS = 24 * 60 * 60


def home(request):
    count, first, last = archive_span()
    newest = Article.objects.readable().select_related("outlet").newest_first()
    # Counting every entity's coverage reads every tagged article: computed once per version of the
    # archive (never stale), shared by every reader and every worker (the cache is shared).
    key = f"home:entity-coverage:{archive_version().token}"
    entities = cache.get_or_set(key, entities_latest_coverage, HOME_COVERAGE_SECONDS)
    return render(
        request,
        "articles/home.html",
        {
            "count": count,
            "first": first,
            "last": last,
            "articles": newest[:NEWEST_ON_HOME],
            "people": [e for e in entities if e.kind == Entity.Kind.PERSON],
            "programmes": [e for e in entities if e.kind == Entity.Kind.PROGRAMME],
        },
    )


def search(request):
    data = QueryDict()  # what is drawn again if even the query string cannot be read
    try:
        data = request_data(request)
        search_request = search_request_parse(data)
    except SearchParamError as exc:
        return render(request, "articles/search.html", vars(search_page_invalid(data, exc)), status=400)
    return render(request, "articles/search.html", vars(search_page(search_request)))


def article_detail(request, pk: int):
    page = article_page(pk=pk, q=request.GET.get("q", ""), back=request.GET.get("back", ""))
    if page is None:
        raise Http404("기사를 찾을 수 없습니다.")
    if page.moved_to:
        target = reverse("articles:detail", args=[page.moved_to])
        # Keep ?q= and ?back=: a search hit that was merged away still lands highlighted.
        suffix = request.GET.urlencode()
        return redirect(f"{target}?{suffix}" if suffix else target, permanent=True)
    return render(request, "articles/detail.html", vars(page))
