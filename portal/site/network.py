"""The co-mention network drawn and written out: a deterministic force-directed layout (networkx),
an SVG that works without JavaScript (every node a link to its entity page, every edge a link to
the articles that mention both), and GEXF and GraphML files for Gephi and the like, with weights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.etree.ElementTree import SubElement

import networkx as nx
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.selectors.network import Network, NetworkNode
from portal.site.charts import text_width

WIDTH, HEIGHT, MARGIN = 760, 520, 70
KIND_LABELS = {"person": "인물", "programme": "정책·사업", "organisation": "기관"}
# Colour and shape per kind: the shape tells them apart without colour.
KIND_STYLES = {
    "person": ("#0b57d0", "circle"),
    "programme": ("#146c2e", "square"),
    "organisation": ("#b3261e", "diamond"),
}
LAYOUT_SEED = 20251207


def _graph(network: Network) -> nx.Graph[int]:
    graph: nx.Graph[int] = nx.Graph()
    for node in network.nodes:
        graph.add_node(
            node.id, label=node.name, kind=node.kind, slug=node.slug, count=node.count, url=node.url
        )
    for edge in network.edges:
        graph.add_edge(edge.source.id, edge.target.id, weight=edge.count)
    return graph


def _spread(values: dict[int, float], size: int) -> dict[int, float]:
    """Coordinates scaled into the canvas, half by value and half by rank: a force layout pushes
    loosely tied nodes far out, which would squeeze the well-connected core into a corner of labels."""
    low, high = min(values.values()), max(values.values())
    span = (high - low) or 1.0
    order = {node: i for i, node in enumerate(sorted(values, key=lambda n: (values[n], n)))}
    last = max(len(values) - 1, 1)
    return {
        node: round(MARGIN + (0.5 * (v - low) / span + 0.5 * order[node] / last) * (size - 2 * MARGIN), 1)
        for node, v in values.items()
    }


def layout(network: Network) -> dict[int, tuple[float, float]]:
    """Each node's position in the drawing: a seeded spring layout pulled by every co-mention among
    the nodes (the same network is always drawn the same way), spread into the canvas."""
    if not network.nodes:
        return {}
    if len(network.nodes) == 1:
        return {network.nodes[0].id: (WIDTH / 2, HEIGHT / 2)}
    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(n.id for n in network.nodes)
    graph.add_weighted_edges_from(network.ties)
    raw = nx.spring_layout(graph, seed=LAYOUT_SEED, weight="weight", k=2.0 / math.sqrt(len(network.nodes)))
    xs = _spread({node: float(p[0]) for node, p in raw.items()}, WIDTH)
    ys = _spread({node: float(p[1]) for node, p in raw.items()}, HEIGHT)
    return {node: (xs[node], ys[node]) for node in raw}


def _radius(node: NetworkNode, peak: int) -> float:
    return round(6 + 16 * math.sqrt(node.count / peak), 1)


def _shape(kind: str, x: float, y: float, r: float) -> str:
    colour, shape = KIND_STYLES.get(kind, ("#555555", "circle"))
    attrs = f'fill="{colour}" fill-opacity="0.85" stroke="#ffffff" stroke-width="1.5"'
    if shape == "square":
        side = r * 1.75
        return f'<rect x="{x - side / 2:.1f}" y="{y - side / 2:.1f}" width="{side:.1f}" height="{side:.1f}" rx="3" {attrs}/>'
    if shape == "diamond":
        d = r * 1.25
        return f'<path d="M{x:.1f} {y - d:.1f}L{x + d:.1f} {y:.1f}L{x:.1f} {y + d:.1f}L{x - d:.1f} {y:.1f}Z" {attrs}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {attrs}/>'


def network_svg(network: Network, *, title: str, id_prefix: str = "network") -> SafeString:
    """The network as an SVG group of links: edges (width by weight) under nodes (size by weight,
    colour and shape by kind, name beside). Escaped throughout; empty when there is no node."""
    if not network.nodes:
        return mark_safe("")
    positions = layout(network)
    peak = max(n.count for n in network.nodes)
    heaviest = max((e.count for e in network.edges), default=1)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    desc = (
        f"노드 {len(network.nodes)}개(인물·정책·기관, 크기는 언급 기사 수), "
        f"선 {len(network.edges)}개(굵기는 함께 언급한 기사 수, {network.min_edge}건 이상). "
        "아래 표에 같은 내용이 있습니다."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="group" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
        '<g class="edges">',
    ]
    for edge in network.edges:
        (x1, y1), (x2, y2) = positions[edge.source.id], positions[edge.target.id]
        width = 1 + 5 * edge.count / heaviest
        name = f"{edge.source.name} – {edge.target.name}: 함께 언급한 기사 {edge.count}건"
        line = f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"'
        out.append(
            f'<a href="{escape(edge.search_url)}" aria-label="{escape(name)}"><title>{escape(name)}</title>'
            f'<line class="hit" {line} stroke="transparent" stroke-width="{max(8.0, width):.1f}"/>'
            f'<line class="edge" {line} stroke="#8a8f98" stroke-opacity="0.75" stroke-width="{width:.1f}"/></a>'
        )
    out.append('</g><g class="nodes">')
    for node in network.nodes:
        x, y = positions[node.id]
        r = _radius(node, peak)
        label = f"{node.name} ({node.count})"
        # Near the right edge the name goes to the node's left, so it is never cut off.
        left = x + r + 3 + text_width(label) > WIDTH - 4
        text = (
            f'<text x="{x - r - 3:.1f}" y="{y + 4:.1f}" font-size="12" text-anchor="end">{escape(label)}</text>'
            if left
            else f'<text x="{x + r + 3:.1f}" y="{y + 4:.1f}" font-size="12">{escape(label)}</text>'
        )
        out.append(
            f'<a href="{escape(node.url)}" class="node node-{escape(node.kind)}">'
            f"<title>{escape(KIND_LABELS.get(node.kind, node.kind))} {escape(node.name)}: 기사 {node.count}건</title>"
            f"{_shape(node.kind, x, y, r)}{text}</a>"
        )
    out.append("</g></svg>")
    return mark_safe("".join(out))


@dataclass(frozen=True)
class GraphMeta:
    """What a network file says of itself: the search, the method and the archive it came from."""

    description: str


def _file_graph(network: Network, meta: GraphMeta) -> nx.Graph:
    graph = _graph(network)
    positions = layout(network)
    peak = max((n.count for n in network.nodes), default=1)
    for node in network.nodes:
        colour = KIND_STYLES.get(node.kind, ("#555555", ""))[0].lstrip("#")
        x, y = positions[node.id]
        graph.nodes[node.id]["viz"] = {
            "position": {"x": x, "y": -y, "z": 0.0},
            "size": _radius(node, peak),
            "color": {
                "r": int(colour[0:2], 16),
                "g": int(colour[2:4], 16),
                "b": int(colour[4:6], 16),
                "a": 1.0,
            },
        }
    graph.graph["description"] = meta.description
    return graph


def gexf(network: Network, meta: GraphMeta) -> str:
    """GEXF 1.2 with node kinds, counts, entity URLs, positions and colours, and edge weights."""
    writer = nx.readwrite.gexf.GEXFWriter(version="1.2draft", prettyprint=True)
    element = writer.xml.find("meta")
    assert element is not None
    # networkx stamps today's date; the same request on the same archive must give the same file.
    del element.attrib["lastmodifieddate"]
    SubElement(element, "description").text = meta.description
    graph = _file_graph(network, meta)
    del graph.graph["description"]
    writer.add_graph(graph)
    return str(writer)


def graphml(network: Network, meta: GraphMeta) -> str:
    """GraphML with the same attributes and weights (without the drawing's positions)."""
    graph = _graph(network)
    graph.graph["description"] = meta.description
    return "\n".join(nx.generate_graphml(graph, named_key_ids=True)) + "\n"
