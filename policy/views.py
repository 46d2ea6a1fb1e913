"""Entity pages: who or what it is, coverage over time, and links into the faceted search."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from articles.charts import ChartPoint, bar_chart_svg
from policy.models import Entity
from policy.selectors import entity_page

# The search parameter that selects an entity of each kind (organisations are a filter, not a facet).
FACET_PARAM = {
    Entity.Kind.PERSON: "person",
    Entity.Kind.PROGRAMME: "programme",
    Entity.Kind.ORGANISATION: "organisation",
}


def entity_detail(request, slug: str, kind: str):
    entity = get_object_or_404(Entity.objects.prefetch_related("aliases", "roles"), kind=kind, slug=slug)
    page = entity_page(entity=entity)
    search_url = reverse("articles:search")
    own = [(FACET_PARAM[entity.kind], entity.slug)]

    def search_link(**params) -> str:
        # A list of pairs, not a dict: a co-mentioned person adds a second `person` value.
        return f"{search_url}?{urlencode(own + list(params.items()))}"

    chart = bar_chart_svg(
        [
            ChartPoint(
                label=p["label"],
                start=p["start"],
                end=p["end"],
                count=p["count"],
                href=search_link(**{"from": p["start"].isoformat(), "to": p["end"].isoformat()}),
            )
            for p in page.coverage
        ],
        title=f"{entity.name} 관련 기사 수",
        id_prefix="coverage",
    )
    related = [
        (
            label,
            [
                {**row, "href": search_link(**{FACET_PARAM[row["entity"].kind]: row["entity"].slug})}
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
