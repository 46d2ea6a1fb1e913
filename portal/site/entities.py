"""Entity pages: who or what it is, coverage over time, and links into the faceted search."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from articles.search.params import ENTITY_PARAMS
from articles.selectors.entities import entity_page
from policy.models import Entity, Role
from portal.site.charts import bar_chart_svg
from portal.site.search_page import SearchLinks, chart_points


def entity_detail(request, slug: str, kind: str):
    entity = get_object_or_404(
        Entity.objects.prefetch_related(
            # Roles in the order they were entered: a career reads oldest first, undated roles included.
            "aliases",
            Prefetch("roles", queryset=Role.objects.order_by("id")),
        ),
        kind=kind,
        slug=slug,
    )
    page = entity_page(entity=entity)
    search_url = reverse("articles:search")
    own = [(ENTITY_PARAMS[entity.kind], entity.slug)]

    def search_link(**params) -> str:
        # A list of pairs, not a dict: a co-mentioned person adds a second `person` value.
        return f"{search_url}?{urlencode(own + list(params.items()))}"

    chart = bar_chart_svg(
        chart_points(SearchLinks(page.query), page.timeline),
        title=f"{entity.name} 관련 기사 수",
        id_prefix="coverage",
    )
    related = [
        (
            label,
            [
                {**row, "href": search_link(**{ENTITY_PARAMS[row["entity"].kind]: row["entity"].slug})}
                for row in page.related[kind_value]
            ],
        )
        for kind_value, label in Entity.Kind.choices
    ]
    context = {
        "page": page,
        "entity": entity,
        "chart": chart,
        "related": related,
        "search_link": search_link(),
        "feed_link": reverse("articles:search-feed") + "?" + urlencode(own),
        "outlets": [{**o, "href": search_link(outlet=o["slug"])} for o in page.outlets],
        "reporters": [{**r, "href": search_link(reporter=r["name"])} for r in page.reporters],
    }
    return render(request, "policy/entity_detail.html", context)
