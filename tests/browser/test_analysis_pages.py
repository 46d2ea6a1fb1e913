"""The analysis pages in a real headless Chromium: the network drawn on the server renders and
breaks no part of the Content-Security-Policy, every link of the charts and the network is reached
by the keyboard, and axe-core's WCAG 2.1 AA rules find nothing on the search, entity and analysis
pages (axe-core as bundled by axe-playwright-python)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push([e.effectiveDirective, e.blockedURI, e.sourceFile + ":" + e.lineNumber].join(" "));
});
"""
PAGES = [
    "/search/?q=배경훈",
    "/search/",
    "/people/bae-kyunghoon/",
    "/programmes/national-ai-computing-center/",
    "/analysis/?q=AI",
    "/analysis/?q=배경훈&interval=week&view=share",
    "/analysis/compare/?search=q%3D배경훈&search=q%3D하정우&label=배경훈&interval=week",
]


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{v['id']} ({v['impact']}): {node['target']}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


def test_axe_finds_nothing_on_the_search_entity_and_analysis_pages(page):
    found = {}
    for path in PAGES:
        page.goto(page.base + path)
        if violations := _violations(page):
            found[path] = violations
    assert found == {}
    # The harness sees what it should: the chart as it was drawn before (an image holding links).
    page.set_content(
        '<html lang="ko"><title>t</title><main><svg role="img" aria-label="차트"><a href="/x">'
        '<rect width="9" height="9"/></a></svg></main></html>'
    )
    assert any(v.startswith("nested-interactive") for v in _violations(page))


def test_the_network_renders_without_breaking_the_policy(page, screenshots):
    page.add_init_script(RECORD_VIOLATIONS)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(page.base + "/analysis/?q=AI")
    svg = page.locator("#network svg.network")
    box = svg.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200
    assert page.locator("#network svg.network .nodes a").count() >= 5
    node = page.locator("#network svg.network .nodes a").first.bounding_box()
    assert node and node["width"] > 0
    page.screenshot(path=str(screenshots / "analysis.png"), full_page=True)
    assert page.evaluate("window.__csp") == []
    assert errors == []


def test_the_keyboard_reaches_every_link_of_the_charts_and_the_network(page):
    page.goto(page.base + "/analysis/?q=배경훈&max_nodes=12")
    wanted = page.eval_on_selector_all(
        "#attention svg a, #network svg a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(wanted) > 10
    reached: set[str] = set()
    total = page.eval_on_selector_all("a[href], button, input, select", "els => els.length")
    for _ in range(total + 5):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement && document.activeElement.getAttribute('href')")
        if href:
            reached.add(href)
    assert set(wanted) <= reached
    # A focused edge is visible as focused (its stroke changes), not only announced.
    edge = page.locator("#network svg .edges a").first
    edge.focus()
    assert page.evaluate("document.activeElement.matches('#network svg .edges a')")
