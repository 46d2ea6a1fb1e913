"""Server-rendered pages. Thin: parse the request, call a selector, render."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render

from articles import nlp
from articles.models import Article
from articles.search.highlight import highlight
from articles.search.query import QuerySyntaxError, compile_query
from articles.search.selectors import SearchParamError, archive_span, articles_search, search_params_parse


def home(request):
    count, first, last = archive_span()
    newest = (
        Article.objects.published()
        .select_related("outlet")
        .order_by("-published_date", "-published_time")[:10]
    )
    return render(
        request, "articles/home.html", {"count": count, "first": first, "last": last, "articles": newest}
    )


def search(request):
    context = {"q": request.GET.get("q", ""), "error": None, "result": None}
    try:
        params = search_params_parse(request.GET)
    except SearchParamError as exc:
        context["error"] = exc.message
        return render(request, "articles/search.html", context, status=400)
    context["result"] = articles_search(params=params)
    return render(request, "articles/search.html", context)


def article_detail(request, pk: int):
    merged = Article.objects.filter(pk=pk, merged_into__isnull=False).values_list("merged_into", flat=True).first()
    if merged:
        return redirect("articles:detail", pk=merged, permanent=True)
    article = get_object_or_404(
        Article.objects.published().select_related("outlet").prefetch_related("article_sources__source"),
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
        analysed = nlp.lexemes_many(paragraphs)
        paragraphs = [highlight(p, lx, wanted) for p, lx in zip(paragraphs, analysed, strict=True)]
    return render(request, "articles/detail.html", {"article": article, "paragraphs": paragraphs, "q": q})
