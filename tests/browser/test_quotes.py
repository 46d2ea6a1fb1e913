"""Quotes in a real headless Chromium: the quote search page works by mouse and keyboard (a ticked
speaker applies at once), a result's link lands on the article at the quote, the quote is marked
in the text with its speaker, and axe-core's WCAG 2.1 AA rules find nothing on the quote search,
an article with quotes and an entity page's 발언 section."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Article, Quote

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BAE = '배경훈 LG AI연구원장 "AI 생태계, 수직계열화 시급"'


def _violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{v['id']} ({v['impact']}): {node['target']}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


def test_axe_finds_nothing_on_the_quote_pages(page):
    article = Article.objects.get(title=BAE)
    found = {}
    for path in [
        "/quotes/",
        "/quotes/?q=생태계&speaker=배경훈",
        "/quotes/?q=title:배경훈",  # the 400 page
        article.get_absolute_url(),
        article.get_absolute_url() + "?q=생태계",  # quotes and highlights together
        "/people/bae-kyunghoon/",
    ]:
        page.goto(page.base + path)
        if violations := _violations(page):
            found[path] = violations
    assert found == {}


def test_search_tick_a_speaker_and_land_on_the_quote_in_the_article(page, screenshots):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(page.base + "/quotes/")
    page.get_by_label("발언에 나온 낱말").fill("생태계")
    page.keyboard.press("Enter")
    page.wait_for_url("**/quotes/?q=*")
    assert page.locator(".quote-result mark").count() >= 1
    page.locator("#facet-speaker input[value='bae-kyunghoon']").check()  # applies at once
    page.wait_for_url("**speaker=bae-kyunghoon**")
    speakers = page.locator(".quote-result .quote-by a").all_inner_texts()
    assert speakers and set(speakers) == {"배경훈"}
    page.screenshot(path=str(screenshots / "quotes.png"), full_page=True)
    link = page.locator(".quote-result .meta a").first
    href = link.get_attribute("href")
    quote = Quote.objects.get(pk=int(href.rsplit("#quote-", 1)[1]))
    link.click()
    page.wait_for_url(f"**{href}")
    marked = page.locator(f"#quote-{quote.pk}")
    assert marked.is_visible() and marked.evaluate("el => el.matches(':target')")
    assert marked.inner_text().strip() in quote.text or quote.text in marked.inner_text()
    assert marked.get_attribute("data-speaker") == quote.speaker
    # The speaker follows the words, for every reader.
    label = page.locator(f"#quote-{quote.pk} ~ .quote-speaker").first
    assert "배경훈" in label.inner_text()
    page.screenshot(path=str(screenshots / "article-quotes.png"), full_page=True)
    assert errors == []


def test_the_article_lists_its_quotes_and_links_each_to_its_place(page):
    article = Article.objects.get(title=BAE)
    page.goto(page.base + article.get_absolute_url())
    items = page.locator("#quotes-title ~ ol li a[href^='#quote-']")
    count = Quote.objects.active().filter(article=article, start__isnull=False).count()
    assert items.count() == count >= 9
    assert page.locator(".article-body .quote").count() >= count
    items.nth(2).click()
    target = items.nth(2).get_attribute("href")
    assert page.locator(target).evaluate("el => el.matches(':target')")
