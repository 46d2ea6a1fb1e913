"""The JSON API researchers script against. Thin: parse, call the selector, serialise."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from articles.models import Article, ArticleEntity
from articles.search.selectors import SearchParamError, articles_search, attach_entities, search_params_parse


def _error(param: str, message: str, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"error": {"param": param, "message": message}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _json(data: dict) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def article_summary(article: Article) -> dict:
    published_at = article.published_at
    return {
        "id": article.pk,
        "url": article.get_absolute_url(),
        "title": article.title,
        "outlet": {"name": article.outlet.name, "slug": article.outlet.slug},
        "published_date": article.published_date.isoformat() if article.published_date else None,
        "published_at": published_at.isoformat() if published_at else None,
        "reporters": list(article.reporters),
        "persons": [e.name for e in getattr(article, "persons", [])],
        "programmes": [e.name for e in getattr(article, "programmes", [])],
        "organisations": [e.name for e in getattr(article, "organisations", [])],
        "snippet": str(getattr(article, "snippet", "")),
        "source_url": article.url or None,
    }


@require_GET
def articles_list(request):
    try:
        params = search_params_parse(request.GET)
    except SearchParamError as exc:
        return _error(exc.param, exc.message)
    result = articles_search(params=params)
    return _json(
        {
            "count": result.count,
            "page": params.page,
            "page_size": params.page_size,
            "num_pages": result.num_pages,
            "results": [article_summary(a) for a in result.articles],
            "facets": result.facets,
        }
    )


@require_GET
def article_detail(request, pk: int):
    try:
        article = get_object_or_404(Article.objects.readable().select_related("outlet"), pk=pk)
    except Http404:
        return _error("id", f"기사 {pk}를 찾을 수 없습니다.", status=404)
    tags = list(ArticleEntity.objects.active().filter(article=article).select_related("entity"))
    data = article_summary(attach_entities(article, tags))
    data.pop("snippet")
    data.update(
        {
            "subtitle": article.subtitle,
            "body": article.paragraphs,
            "language": article.language,
            "status": article.status,
            "tags": [
                {"name": t.entity.name, "slug": t.entity.slug, "kind": t.entity.kind, "mentions": t.mentions}
                for t in tags
            ],
            "sources": [
                {
                    "file_name": link.source.file_name,
                    "sha256": link.source.sha256,
                    "format": link.source.format,
                    "position": link.position,
                    "ingested_at": link.source.ingested_at.isoformat(),
                }
                for link in article.article_sources.select_related("source")
            ],
        }
    )
    return _json(data)
