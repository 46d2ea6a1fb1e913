"""A researcher's session in a real browser: query, facet, date range, article and back again."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from articles.models import Article

pytestmark = pytest.mark.browser


def query_of(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def count_shown(page) -> int:
    return int(page.locator("#results-title strong").inner_text())


def result_titles(page) -> list[str]:
    return page.locator(".results-list .result-title a").all_inner_texts()


def test_search_facet_dates_article_and_back(page, screenshots):
    page.goto(page.base + "/")
    assert "기사 32건" in page.locator(".archive-span").inner_text()

    # A Korean query with a particle: the search reads it as the name.
    page.get_by_label("검색어", exact=True).fill("배경훈이")
    page.get_by_label("검색어", exact=True).press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert query_of(page.url) == [("q", "배경훈이")]
    assert count_shown(page) == 14
    assert page.locator(".results-list .snippet mark").first.inner_text() == "배경훈"
    assert page.get_by_role("group", name=re.compile("월별 검색 결과 기사 수")).is_visible()

    # Ticking a facet applies it at once (the few lines of JS) and keeps the keyboard on the box.
    person = page.locator("#facet-person").get_by_label("하정우")
    with page.expect_navigation():
        person.check()
    assert query_of(page.url) == [("q", "배경훈이"), ("person", "ha-jungwoo")]
    with_ha = count_shown(page)
    assert 0 < with_ha < 14
    assert page.locator("#facet-person").get_by_label("하정우").is_checked()
    assert page.evaluate("document.activeElement.value") == "ha-jungwoo"
    assert page.locator(".chips").get_by_text("인물: 하정우").is_visible()
    page.screenshot(path=str(screenshots / "search.png"), full_page=True)

    # A date range waits for the button; empty fields stay out of the URL.
    page.get_by_label("부터", exact=True).fill("2025-06-23")
    page.get_by_label("까지", exact=True).fill("2025-06-26")
    with page.expect_navigation():
        page.get_by_role("button", name="필터 적용").click()
    assert query_of(page.url) == [
        ("q", "배경훈이"),
        ("person", "ha-jungwoo"),
        ("from", "2025-06-23"),
        ("to", "2025-06-26"),
    ]
    in_range = count_shown(page)
    assert 0 < in_range <= with_ha
    dates = page.locator(".results-list time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates and all("2025-06-23" <= d <= "2025-06-26" for d in dates)
    assert page.locator(".chips").get_by_text("기간: 2025-06-23 ~ 2025-06-26").is_visible()
    assert "주별" in page.locator("figure.timeline figcaption").inner_text()
    search_url = page.url
    titles = result_titles(page)
    page.screenshot(path=str(screenshots / "search-dates.png"), full_page=True)

    # Follow a result: the article, its terms highlighted, and a way back to this very search.
    page.locator(".results-list .result-title a").first.click()
    page.wait_for_url(re.compile(r"/articles/\d+/"))
    assert page.locator("h1").inner_text() == titles[0]
    assert page.locator(".article-body mark").first.inner_text() == "배경훈"
    assert page.locator(".provenance").get_by_text("sha256").is_visible()
    assert page.locator("#related-title ~ ol li").count() >= 1
    page.screenshot(path=str(screenshots / "article.png"), full_page=True)

    # The browser's back button: the same URL, results and form state.
    page.go_back()
    page.wait_for_url(search_url)
    assert result_titles(page) == titles
    assert page.locator("#facet-person").get_by_label("하정우").is_checked()
    assert page.get_by_label("부터", exact=True).input_value() == "2025-06-23"
    assert page.get_by_label("검색어", exact=True).input_value() == "배경훈이"

    # The page's own link back gives the same search.
    page.locator(".results-list .result-title a").first.click()
    page.get_by_role("link", name="← 검색 결과로 돌아가기").click()
    page.wait_for_url(search_url)
    assert result_titles(page) == titles

    # Removing a chip drops exactly that filter.
    page.get_by_role("link", name="인물: 하정우 조건 빼기").click()
    page.wait_for_url(re.compile(r"/search/"))
    assert ("person", "ha-jungwoo") not in query_of(page.url)
    assert ("from", "2025-06-23") in query_of(page.url)


def test_chart_bar_narrows_to_its_period(page):
    page.goto(page.base + "/search/")
    june = page.locator("figure.timeline svg a", has=page.locator("title", has_text="2025년 6월"))
    label = june.get_attribute("aria-label")
    expected = int(label.split(": ")[1].rstrip("건"))
    with page.expect_navigation():
        june.click()
    assert dict(query_of(page.url)) == {"from": "2025-06-01", "to": "2025-06-30"}
    assert count_shown(page) == expected
    # Keyboard users reach the bars too, and see where the focus is.
    bar = page.locator("figure.timeline svg a").first
    bar.focus()
    assert page.evaluate("document.activeElement.tagName.toLowerCase()") == "a"


def test_works_without_javascript(chromium, live_server, demo_archive):
    context = chromium.new_context(locale="ko-KR", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/search/?q=컴퓨팅센터")
        total = count_shown(page)
        page.locator("#facet-outlet").get_by_label("지디넷코리아").check()
        assert "outlet" not in page.url  # nothing happens until the reader applies the filters
        with page.expect_navigation():
            page.get_by_role("button", name="필터 적용").click()
        assert ("outlet", "zdnet-korea") in query_of(page.url)
        assert 0 < count_shown(page) <= total
        page.get_by_role("link", name="오래된순").click()
        assert ("sort", "oldest") in query_of(page.url)
        assert ("outlet", "zdnet-korea") in query_of(page.url)
    finally:
        context.close()


def test_phone_layout_keyboard_focus_and_errors(chromium, live_server, demo_archive, screenshots):
    context = chromium.new_context(locale="ko-KR", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/search/?q=국가AI컴퓨팅센터")
        # Results come first on a phone: the filters start folded, nothing scrolls sideways.
        assert not page.locator(".facets-panel").evaluate("el => el.open")
        assert page.locator(".results-list").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(screenshots / "search-phone.png"))
        page.locator(".facets-panel > summary").click()
        assert page.locator("#facet-person").is_visible()

        article = Article.objects.get(title__startswith="배경훈·하정우 듀오")
        page.goto(live_server.url + article.get_absolute_url())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(screenshots / "article-phone.png"))

        # The first Tab reaches the skip link, which shows itself with a visible focus ring.
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.className, s.outlineStyle, s.outlineWidth]; })()"
        )
        assert focused[0] == "skip" and focused[1] != "none" and focused[2] != "0px"

        response = page.goto(live_server.url + '/search/?q="열린따옴표')
        assert response.status == 400
        assert "따옴표" in page.get_by_role("alert").inner_text()
        assert page.get_by_label("검색어", exact=True).input_value() == '"열린따옴표'
    finally:
        context.close()
