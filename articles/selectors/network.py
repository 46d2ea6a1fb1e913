"""The co-mention network of a search (관계도): the people, programmes and organisations its articles
mention, and how many of its articles mention each pair.

A node's weight is the number of matched articles tagged with the entity, an edge's the number
tagged with both (active tags: automatic and curators' additions, not their removals). The
``max_nodes`` most mentioned entities are kept, then the edges among them with at least ``min_edge``
articles. One backend aggregation, whatever the number of articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from articles.search.backends import search_backend
from articles.search.backends.base import ENTITY_FIELDS
from articles.search.links import SearchLinks
from articles.search.request import SearchRequest
from policy.models import Entity


@dataclass(frozen=True)
class NetworkNode:
    id: int  # the entity's id
    name: str
    kind: str  # person | programme | organisation
    kind_label: str  # 인물 | 정책·사업 | 기관
    slug: str
    count: int  # matched articles tagged with it
    url: str  # its entity page
    search_url: str  # this search narrowed to it


@dataclass(frozen=True)
class NetworkEdge:
    source: NetworkNode
    target: NetworkNode
    count: int  # matched articles tagged with both
    search_url: str  # this search narrowed to both: the articles the edge counts


@dataclass
class Network:
    matched: int
    min_edge: int
    max_nodes: int
    nodes: list[NetworkNode] = field(default_factory=list)
    edges: list[NetworkEdge] = field(default_factory=list)
    entities: int = 0  # entities mentioned in the matched articles, before the cut to max_nodes
    pairs: int = 0  # pairs of them mentioned together at least once
    # Every co-mention among the kept nodes, under min_edge too: (id, id, count). What a layout pulls
    # together, while only the edges are drawn and listed.
    ties: list[tuple[int, int, int]] = field(default_factory=list)


def search_network(*, request: SearchRequest, min_edge: int, max_nodes: int) -> Network:
    """The co-mention network of the articles ``request`` matches, cut to the ``max_nodes`` most
    mentioned entities and the edges of at least ``min_edge`` articles among them, heaviest first;
    ties in name order, so the same archive always gives the same network."""
    backend = search_backend()
    selection = request.selection()
    (matched,) = backend.counts([selection])
    pairs = backend.pairs(selection, fields=ENTITY_FIELDS)
    entities = Entity.objects.in_bulk([entity_id for _, entity_id in pairs.nodes])
    links = SearchLinks(request.querydict())
    ranked = sorted(pairs.nodes.items(), key=lambda item: (-item[1], entities[item[0][1]].name, item[0][1]))
    nodes: dict[tuple[str, int], NetworkNode] = {}
    for key, count in ranked[:max_nodes]:
        entity = entities[key[1]]
        nodes[key] = NetworkNode(
            id=entity.pk,
            name=entity.name,
            kind=entity.kind,
            kind_label=entity.get_kind_display(),
            slug=entity.slug,
            count=count,
            url=entity.get_absolute_url(),
            search_url=links.adding("mentions", [entity.slug]),
        )
    edges = [
        NetworkEdge(
            source=nodes[a],
            target=nodes[b],
            count=count,
            search_url=links.adding("mentions", [nodes[a].slug, nodes[b].slug]),
        )
        for (a, b), count in pairs.edges.items()
        if count >= min_edge and a in nodes and b in nodes
    ]
    edges.sort(key=lambda e: (-e.count, e.source.name, e.target.name, e.source.id, e.target.id))
    return Network(
        matched=matched,
        min_edge=min_edge,
        max_nodes=max_nodes,
        nodes=list(nodes.values()),
        edges=edges,
        entities=len(pairs.nodes),
        pairs=len(pairs.edges),
        ties=sorted(
            (nodes[a].id, nodes[b].id, n) for (a, b), n in pairs.edges.items() if a in nodes and b in nodes
        ),
    )


def entity_network_url(entity: Entity) -> str:
    """The network page of everything tagged with ``entity``: its own neighbourhood."""
    return reverse("articles:analysis") + "?" + urlencode({entity.kind: entity.slug}) + "#network"
