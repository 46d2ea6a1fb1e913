"""Exports, citations and the API description (to be written)."""

from django.http import Http404


def articles_export(request):
    raise Http404("not yet")


def article_cite(request, pk: int, fmt: str):
    raise Http404("not yet")


def api_schema(request):
    raise Http404("not yet")


def api_docs(request):
    raise Http404("not yet")
