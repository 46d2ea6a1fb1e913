"""Entity pages: who or what, coverage chart, latest articles, co-mentions, outlets, reporters."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest

from articles.selectors.entities import entity_page
from policy.models import Entity

pytestmark = pytest.mark.django_db


def test_person_page(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = client.get("/people/bae-kyunghoon/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>배경훈</h1>" in html
    assert "과학기술정보통신부 장관 후보자" in html and "배 장관" in html
    assert "14건" in html
    # The coverage chart is inline SVG whose bars link into the faceted search for that period.
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="group"' in svg  # its bars are links: a group, not an image (axe: nested-interactive)
    links = [unescape(h) for h in re.findall(r'href="([^"]+)"', svg)]
    assert "/search/?person=bae-kyunghoon&from=2025-06-01&to=2025-06-30" in links
    # Co-mentions, outlets and reporters link into the search with both selections.
    assert "/search/?person=bae-kyunghoon&amp;person=ha-jungwoo" in html
    assert "/search/?person=bae-kyunghoon&amp;outlet=zdnet-korea" in html
    assert "/search/?person=bae-kyunghoon&amp;reporter=" in html
    assert 'type="application/atom+xml"' in html and "/search/feed/?person=bae-kyunghoon" in html


def test_programme_page(client):
    response = client.get("/programmes/national-ai-computing-center/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>국가AI컴퓨팅센터</h1>" in html and "과학기술정보통신부" in html
    assert "국가AI컴퓨팅센터 또 유찰" in html
    assert client.get("/programmes/bae-kyunghoon/").status_code == 404
    assert client.get("/people/no-one/").status_code == 404


def test_entity_page_selector():
    page = entity_page(entity=Entity.objects.get(slug="ha-jungwoo"))
    assert page.article_count == 7
    assert page.latest[0].published_date >= page.latest[-1].published_date
    top = {row["entity"].name: row["count"] for row in page.related["person"][:2]}
    assert top == {"이재명": 6, "배경훈": 5}
    assert page.outlets == [{"name": "지디넷코리아", "slug": "zdnet-korea", "count": 7}]
    assert sum(b.count for b in page.timeline.buckets) == 7
    assert page.reporters[0] == {"name": "장유미", "count": 3}


def test_coverage_is_monthly_over_a_long_span_and_weekly_over_a_short_one():
    bae = entity_page(entity=Entity.objects.get(slug="bae-kyunghoon"))
    assert bae.timeline.granularity == "month"
    assert [(b.start, b.count) for b in bae.timeline.buckets] == [
        (dt.date(2025, 2, 1), 3),
        (dt.date(2025, 3, 1), 0),
        (dt.date(2025, 4, 1), 0),
        (dt.date(2025, 5, 1), 0),
        (dt.date(2025, 6, 1), 11),
    ]
    assert (bae.first, bae.last) == (dt.date(2025, 2, 12), dt.date(2025, 6, 27))
    ha = entity_page(entity=Entity.objects.get(slug="ha-jungwoo"))
    assert ha.timeline.granularity == "week"
    assert sum(b.count for b in ha.timeline.buckets) == 7
    assert all(b.start.weekday() == 0 for b in ha.timeline.buckets)
