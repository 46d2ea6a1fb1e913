"""Entity pages: who or what it is, coverage over time, and links into the faceted search."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from articles.selectors.entities import entity_get, entity_page
from portal.site.network import network_svg


def entity_detail(request, slug: str, kind: str):
    entity = entity_get(kind=kind, slug=slug)
    if entity is None:
        raise Http404("찾는 대상이 없습니다.")
    page = entity_page(entity=entity)
    assert page.network is not None  # an entity page always has its neighbourhood
    svg = network_svg(page.network, title=f"{entity.name}와 함께 언급된 대상", id_prefix="neighbourhood")
    return render(request, "policy/entity_detail.html", {"entity": entity, "page": page, "network_svg": svg})
