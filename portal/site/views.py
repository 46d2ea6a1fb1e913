"""Server-rendered pages. Thin: parse the request, call a selector, render."""

from __future__ import annotations

from django.core.cache import cache
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from articles import korean
from articles.models import Article
from articles.search.highlight import highlight
from articles.search.params import SEARCH_KEYS, SearchParamError, request_data, search_params_parse
from articles.search.query import QuerySyntaxError, compile_query
from articles.search.selectors import archive_span, articles_search
from articles.search.timeline import search_timeline
from articles.selectors.articles import (
    article_duplicates,
    article_related,
    article_tags,
    entities_latest_coverage,
)
from policy.models import Entity
from portal.site.charts import bar_chart_svg
from portal.site.search_page import SearchLinks, clean_query, search_page_context

NEWEST_ON_HOME = 10
HOME_COVERAGE_SECONDS = 60


def home(request):
    count, first, last = archive_span()
    newest = Article.objects.readable().select_related("outlet").newest_first()
    # Counting every entity's coverage reads every tagged article: recomputed at most once a
    # minute, shared by every reader (and every worker, with a shared cache).
    entities = cache.get_or_set("home:entity-coverage", entities_latest_coverage, HOME_COVERAGE_SECONDS)
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
        params = search_params_parse(data)
    except SearchParamError as exc:
        # The form is drawn again with everything else the request asked for, so fixing the one bad
        # value keeps the other filters; the bad one is left out so that submitting does not repeat it.
        links = SearchLinks(data)
        context = {
            "q": data.get("q", ""),
            "error": exc,
            "result": None,
            "hidden": [
                (key, value)
                for key in SEARCH_KEYS
                if key not in ("q", "page", exc.param)
                for value in links.data.getlist(key)
            ],
            "without_error": links.with_changes(drop=(exc.param,)) if exc.param != "q" else None,
        }
        return render(request, "articles/search.html", context, status=400)
    result = articles_search(params=params)
    timeline = search_timeline(params, month_facet=result.facets.get("month", []))
    context = search_page_context(data, params, result, timeline)
    unit = "주" if timeline.granularity == "week" else "월"
    context.update(
        {
            "q": params.q,
            "error": None,
            "result": result,
            "params": params,
            "chart": bar_chart_svg(
                context["chart_points"],
                title=f"{unit}별 검색 결과 기사 수",
                id_prefix="timeline",
            ),
        }
    )
    return render(request, "articles/search.html", context)


def _back_to_search(raw: str) -> str | None:
    """The search URL an article was opened from. Rebuilt from known parameters only, never echoed,
    so ``?back=`` cannot send a reader to another site."""
    if not raw:
        return None
    query = clean_query(QueryDict(raw))
    return SearchLinks(query).current


def article_detail(request, pk: int):
    merged = (
        Article.objects.filter(pk=pk, merged_into__isnull=False).values_list("merged_into", flat=True).first()
    )
    if merged:
        target = reverse("articles:detail", args=[merged])
        # Keep ?q= and ?back=: a search hit that was merged away still lands highlighted.
        suffix = request.GET.urlencode()
        return redirect(f"{target}?{suffix}" if suffix else target, permanent=True)
    article = get_object_or_404(
        Article.objects.readable().select_related("outlet").prefetch_related("article_sources__source"),
        pk=pk,
    )
    paragraphs = article.paragraphs
    q = request.GET.get("q", "").strip()
    wanted: frozenset[str] = frozenset()
    if q:
        try:
            wanted = compile_query(q).highlight_lexemes
        except QuerySyntaxError:
            wanted = frozenset()
    if wanted:
        analysed = korean.lexemes_many(paragraphs)
        paragraphs = [highlight(p, lx, wanted) for p, lx in zip(paragraphs, analysed, strict=True)]
    tags = article_tags(article)
    return render(
        request,
        "articles/detail.html",
        {
            "article": article,
            "paragraphs": paragraphs,
            "q": q,
            "highlighted": bool(wanted),
            "back": _back_to_search(request.GET.get("back", "")),
            "tag_groups": [
                (kind, label, entities)
                for kind, label in Entity.Kind.choices
                if (entities := [t.entity for t in tags if t.entity.kind == kind])
            ],
            "duplicates": article_duplicates(article),
            "related": article_related(article),
        },
    )
