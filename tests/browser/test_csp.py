"""The Content-Security-Policy in a real headless Chromium: the pages break none of it and still work.

Chromium reports every blocked inline script, style or eval as a ``securitypolicyviolation`` event;
an init script records them in ``window.__csp`` on every page, before any of the page's own
scripts run. Console errors and uncaught exceptions are collected too: a policy that silently
breaks a script shows there. Uses tests/browser/conftest.py's ``page`` (desktop, live server).

Few tests, each walking several pages: every browser test flushes the database and the next one
reloads the demo archive, which costs far more than a page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from articles.models import Article

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push([e.effectiveDirective, e.blockedURI, e.sourceFile + ":" + e.lineNumber, e.sample].join(" "));
});
"""
ARTICLE = "배경훈·하정우 듀오"

PUBLIC_PAGES = [
    ("/", ".hero"),
    ("/search/?q=배경훈&person=ha-jungwoo", "figure.timeline svg.bar-chart"),
    ("/search/", "#facet-outlet"),
    ("/articles/{article}/?q=배경훈", ".article-body mark"),
    ("/people/bae-kyunghoon/", "svg.bar-chart"),
    ("/programmes/national-ai-computing-center/", ".entity-header"),
    ("/organisations/naver/", ".entity-header"),
    ("/api/docs/", ".api-doc table"),
]
ADMIN_PAGES = [
    ("/admin/", "#content-main"),
    ("/admin/articles/article/", "#result_list"),
    ("/admin/policy/entity/", "#result_list"),
    ("/admin/policy/entity/candidates/", "#content"),
    ("/admin/policy/entity/{entity}/change/", "#content-main form"),
    ("/admin/articles/source/", "#result_list"),
    ("/admin/articles/outlet/", "#result_list"),
    ("/admin/articles/article/{article}/history/", "#change-history"),
]


class Watch:
    """What went wrong on the page since the last look: CSP violations, console errors, exceptions."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"exception: {exc}"))

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.errors.append(f"console: {msg.text} ({msg.location.get('url', '')})")

    def visit(self, url: str, *, status: int = 200) -> None:
        response = self.page.goto(self.page.base + url, wait_until="networkidle")
        assert response.status == status, url

    def problems(self) -> list[str]:
        """Violations on the current document and every error since the last call."""
        found = [f"csp: {v}" for v in self.page.evaluate("window.__csp || []")] + self.errors
        self.errors = []
        return found

    def walk(self, pages: list[tuple[str, str]], **ids) -> dict[str, list[str]]:
        """Visit each (url, selector that must show) and return the problems of those that had any."""
        found = {}
        for url, shows in pages:
            self.visit(url.format(**ids))
            assert self.page.locator(shows).first.is_visible(), (url, shows)
            if problems := self.problems():
                found[url] = problems
        return found


@pytest.fixture
def watch(page) -> Watch:
    return Watch(page)


@pytest.fixture
def curator(page, watch, demo_archive, django_user_model) -> Watch:
    """A superuser logged in through the admin login form, whose page is checked on the way."""
    django_user_model.objects.create_superuser("boss", "boss@example.org", "boss-password-1")
    watch.visit("/admin/login/?next=/admin/")
    assert watch.problems() == []
    page.fill("#id_username", "boss")
    page.fill("#id_password", "boss-password-1")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert urlsplit(page.url).path == "/admin/"
    return watch


def demo_article() -> Article:
    return Article.objects.get(title__startswith=ARTICLE)


def test_public_pages_run_under_the_policy(page, watch):
    assert watch.walk(PUBLIC_PAGES, article=demo_article().pk) == {}
    watch.visit('/search/?q="열린따옴표', status=400)
    assert "따옴표" in page.get_by_role("alert").inner_text()
    # Chromium logs the 400 of the page itself as a failed resource; nothing else may appear.
    assert [p for p in watch.problems() if "status of 400" not in p] == []


def test_search_script_works_under_the_policy(page, watch, screenshots):
    watch.visit("/search/?q=배경훈")
    with page.expect_navigation():
        page.locator("#facet-person").get_by_label("하정우").check()  # search.js submits at once
    assert parse_qsl(urlsplit(page.url).query) == [("q", "배경훈"), ("person", "ha-jungwoo")]
    assert page.evaluate("document.activeElement.value") == "ha-jungwoo"  # focus kept by search.js
    page.wait_for_load_state("networkidle")
    assert page.locator(".chips").get_by_text("인물: 하정우").is_visible()
    # The stylesheet applies: a blocked one would leave the facets above the results, not beside.
    assert page.locator(".search-layout").evaluate("el => getComputedStyle(el).display") == "grid"
    page.screenshot(path=str(screenshots / "csp-search.png"), full_page=True)
    assert watch.problems() == []


def test_chart_keeps_its_size_and_proportions_without_inline_style(chromium, live_server, demo_archive):
    # A style attribute used to cap the chart's width; the SVG's own width attribute does it now.
    def chart(width: int) -> dict:
        context = chromium.new_context(locale="ko-KR", viewport={"width": width, "height": 900})
        try:
            tab = context.new_page()
            tab.goto(live_server.url + "/search/")
            return tab.locator("figure.timeline svg.bar-chart").evaluate(
                "svg => { const r = svg.getBoundingClientRect(), v = svg.viewBox.baseVal;"
                " return {w: r.width, h: r.height, natural: +svg.getAttribute('width'), ratio: v.width / v.height,"
                " room: svg.parentElement.getBoundingClientRect().width}; }"
            )
        finally:
            context.close()

    desktop, phone = chart(1280), chart(360)
    assert desktop["natural"] < desktop["room"] and desktop["w"] == pytest.approx(desktop["natural"], abs=1)
    assert phone["natural"] > phone["room"] and phone["w"] == pytest.approx(phone["room"], abs=1)
    for box in (desktop, phone):
        assert box["w"] / box["h"] == pytest.approx(box["ratio"], rel=0.02)


def test_swagger_ui_renders_under_the_policy(page, watch):
    watch.visit("/api/explorer/")
    operations = page.locator(".opblock")
    operations.first.wait_for()
    assert operations.count() >= 3
    # Opening an operation and trying it renders its parameters (React, styles set through the CSSOM).
    page.locator(".opblock-summary", has_text="/api/articles/").first.click()
    page.locator(".opblock-body .parameters").first.wait_for()
    page.get_by_role("button", name="Try it out").first.click()
    # Executing it fetches the API from this origin (connect-src 'self') and shows the answer.
    page.locator(".opblock-body .execute").first.click()
    assert (
        page.locator(".live-responses-table tr.response .response-col_status").first.inner_text().strip()
        == "200"
    )
    assert watch.problems() == []


def test_admin_runs_under_the_policy(page, curator):
    entity = demo_article().entity_tags.first().entity_id
    assert curator.walk(ADMIN_PAGES, article=demo_article().pk, entity=entity) == {}
    # Our admin stylesheet applies where style attributes used to (the history page, walked last).
    paginator = page.locator(".history-paginator").evaluate("el => getComputedStyle(el).borderTopStyle")
    assert paginator == "none"

    # The merge action: tick two rows, pick it, get the confirmation (Django's actions.js at work).
    curator.visit("/admin/articles/article/?q=배경훈")
    page.locator("#result_list input.action-select").nth(0).check()
    page.locator("#result_list input.action-select").nth(1).check()
    assert page.locator(".action-counter").inner_text().startswith("2")
    page.select_option("select[name=action]", "merge_articles")
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("body.merge-confirmation input[name=canonical]").count() == 2
    assert curator.problems() == []


def test_article_form_runs_under_the_policy(page, curator, screenshots):
    article = demo_article()
    version = article.history.order_by("history_date").first()
    pages = [
        ("/admin/articles/article/{article}/change/", "#entity_tags-group"),
        ("/admin/articles/article/{article}/history/{version}/", "#id_title"),
    ]
    problems = curator.walk(pages, article=article.pk, version=version.history_id)
    # The tag autocomplete (select2) opens and searches under the policy too.
    curator.visit(f"/admin/articles/article/{article.pk}/change/")
    page.locator(
        "#entity_tags-group tr.form-row:not(.has_original):not(.empty-form) .select2-selection"
    ).first.click()
    page.locator(".select2-search__field").fill("국가AI")
    page.locator(".select2-results__option", has_text="국가AI컴퓨팅센터").wait_for()
    page.screenshot(path=str(screenshots / "csp-admin-article.png"), full_page=True)
    assert problems == {} and curator.problems() == []
