"""The inline SVG bar chart: a pure function, tested without a database."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from portal.site.charts import HEIGHT, MARGIN_BOTTOM, MARGIN_TOP, ChartPoint, bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def point(day: int, count: int, href: str = "", label: str | None = None) -> ChartPoint:
    start = dt.date(2025, 6, day)
    return ChartPoint(label or f"6/{day}", start, start + dt.timedelta(days=6), count, href)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also proves the markup is well-formed XML


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]


def test_nothing_to_draw_is_an_empty_string():
    assert bar_chart_svg([], title="없음") == ""


def test_accessible_image_with_title_and_description():
    svg = bar_chart_svg([point(2, 3), point(9, 5)], title="주별 기사 수", id_prefix="t1")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "t1-title t1-desc"
    assert root.find(f"{SVG}title").text == "주별 기사 수"
    assert root.find(f"{SVG}title").get("id") == "t1-title"
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == "t1-desc"
    assert "6/2부터 6/9까지" in desc.text and "8건" in desc.text


def test_one_bar_per_point_heights_proportional_to_counts():
    root = parse(bar_chart_svg([point(2, 10), point(9, 5), point(16, 0)], title="t"))
    heights = [float(r.get("height")) for r in bars(root)]
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    assert heights == [plot_h, plot_h / 2, 0]


def test_a_small_nonzero_count_stays_visible():
    root = parse(bar_chart_svg([point(2, 1000), point(9, 1)], title="t"))
    assert float(bars(root)[1].get("height")) >= 2


def test_bars_with_a_href_and_articles_are_links_with_their_own_name():
    svg = bar_chart_svg(
        [point(2, 3, "/search/?from=2025-06-02&to=2025-06-08"), point(9, 0, "/x"), point(16, 4)], title="t"
    )
    root = parse(svg)
    links = list(root.iter(f"{SVG}a"))
    assert len(links) == 1  # an empty period and a point without href are not links
    assert links[0].get("href") == "/search/?from=2025-06-02&to=2025-06-08"
    assert links[0].get("aria-label") == "6/2: 3건"
    assert links[0].find(f"{SVG}title").text == "6/2: 3건"


def test_text_and_links_are_escaped():
    evil = ChartPoint(
        '<script>"x"</script>', dt.date(2025, 1, 1), dt.date(2025, 1, 31), 2, '/s/?q="><script>&a=1'
    )
    svg = bar_chart_svg([evil], title="<b>제목</b>", description="a & b")
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "<b>제목</b>"
    assert root.find(f"{SVG}desc").text == "a & b"
    assert next(root.iter(f"{SVG}a")).get("href") == '/s/?q="><script>&a=1'


def test_labels_thin_out_when_bars_are_many():
    few = parse(bar_chart_svg([point(1 + i, i) for i in range(5)], title="t"))
    many_points = [ChartPoint(f"w{i}", dt.date(2025, 1, 1), dt.date(2025, 1, 7), i, "") for i in range(60)]
    many = parse(bar_chart_svg(many_points, title="t"))

    def labels(root):
        return [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "label"]

    assert len(labels(few)) == 5
    assert 5 < len(labels(many)) < 60
    assert labels(many)[0] == "w0"
    # Counts above the bars only while they fit.
    assert not [t for t in many.iter(f"{SVG}text") if t.get("class") == "value"]


def test_width_grows_with_bars_and_is_capped():
    def width(n):
        svg = bar_chart_svg([point(1, 1)] * n, title="t")
        return int(re.search(r'viewBox="0 0 (\d+)', svg).group(1))

    assert width(1) < width(10) < width(40)
    assert width(40) == width(200)
