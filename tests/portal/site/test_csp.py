"""Content-Security-Policy: every kind of page carries a policy that allows nothing inline, and its
HTML needs nothing inline: no script without ``src``, no ``<style>``, no ``style=""`` or ``on…=""``
attribute, no ``javascript:`` link. That the pages still work under the policy is for a real
browser to show (tests/browser/test_csp.py).

Admin pages are read as a superuser who logged in through the login form after someone else's
failed attempts, so that every registered model, django-axes' included, has a row to list and edit.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axes.models import AccessFailureLog
from bs4 import BeautifulSoup
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles.models import Article
from articles.tasks import reanalyse_articles

pytestmark = pytest.mark.django_db

# Script types that hold data and never run (a "data block" in HTML's words), such as ninja's
# Swagger settings. Any other type is treated as code.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}
ARTICLE = "배경훈·하정우 듀오"  # a demo article with tags, history and related articles


def policy_directives(response) -> dict[str, list[str]]:
    """The enforced policy as {directive: sources}; empty when the header is missing."""
    directives: dict[str, list[str]] = {}
    for part in response.headers.get("Content-Security-Policy", "").split(";"):
        if part.strip():
            name, *sources = part.split()
            directives[name.lower()] = sources
    return directives


def inline_code(html: bytes | str) -> list[str]:
    """Everything in ``html`` that a policy without 'unsafe-inline' blocks, one description each."""
    soup = BeautifulSoup(html, "lxml")
    found = []
    for script in soup.find_all("script"):
        if not script.get("src") and script.get("type", "").strip().lower() not in DATA_SCRIPT_TYPES:
            found.append(f"inline <script>: {script.get_text()[:80]!r}")
    found += [f"<style>: {style.get_text()[:80]!r}" for style in soup.find_all("style")]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            script_url = name in URL_ATTRIBUTES and str(value).strip().lower().startswith("javascript:")
            if name == "style" or name.startswith("on") or script_url:
                found.append(f'<{tag.name} {name}="{value}">')
    return found


def assert_served_without_inline_code(response, *, status: int = 200, shows: str) -> None:
    """``response`` has the expected status, a strict policy and nothing inline; ``shows`` is a CSS
    selector the page must contain, proof that the check read the page it meant to."""
    assert response.status_code == status, response.content[:300]
    directives = policy_directives(response)
    assert directives, "no Content-Security-Policy header"
    for name in ("script-src", "style-src"):
        sources = directives.get(name, directives.get("default-src"))
        assert sources, f"the policy has no {name} (nor default-src)"
        assert not {"'unsafe-inline'", "'unsafe-hashes'", "'unsafe-eval'", "*"} & set(sources), (
            name,
            sources,
        )
    assert directives.get("object-src") == ["'none'"]
    html = response.content
    assert BeautifulSoup(html, "lxml").select_one(shows) is not None, f"{shows!r} not on the page"
    assert inline_code(html) == []


def demo_article() -> Article:
    return Article.objects.get(title__startswith=ARTICLE)


# --- the checker itself --------------------------------------------------------------------------


def test_the_checker_finds_every_kind_of_inline_code():
    html = """<html><head><style>p { color: red }</style>
    <script>alert(1)</script><script type="module">import "x";</script>
    <script type="application/json" id="settings">{"a": 1}</script><script src="/static/x.js"></script>
    </head><body><p style="margin: 0">x</p><button onclick="go()">go</button>
    <a href="javascript:void(0)">x</a><svg><rect style="fill: red"/></svg></body></html>"""
    assert sorted(inline_code(html)) == sorted(
        [
            "inline <script>: 'alert(1)'",
            """inline <script>: 'import "x";'""",
            "<style>: 'p { color: red }'",
            '<p style="margin: 0">',
            '<button onclick="go()">',
            '<a href="javascript:void(0)">',
            '<rect style="fill: red">',
        ]
    )
    assert inline_code('<script type="application/json">{}</script><script src="/x.js"></script>') == []


# --- public pages ----------------------------------------------------------------------------------

PUBLIC_PAGES = [
    pytest.param("/", 200, ".hero form#search-form", id="home"),
    pytest.param(
        "/search/?q=배경훈&person=ha-jungwoo",
        200,
        "figure.timeline svg.bar-chart rect.bar",
        id="search-facets-chart",
    ),
    pytest.param("/search/", 200, "#facet-outlet input[type=checkbox]", id="browse"),
    pytest.param('/search/?q="열린따옴표', 400, "#search-error", id="search-error"),
    pytest.param("/articles/{article}/?q=배경훈", 200, ".article-body mark", id="article"),
    pytest.param("/people/bae-kyunghoon/", 200, "svg.bar-chart", id="person"),
    pytest.param("/programmes/national-ai-computing-center/", 200, ".entity-header h1", id="programme"),
    pytest.param("/organisations/naver/", 200, ".entity-header h1", id="organisation"),
    pytest.param("/api/docs/", 200, ".api-doc table", id="api-docs"),
    pytest.param("/api/explorer/", 200, "script#swagger-settings + #swagger-ui", id="api-explorer"),
    pytest.param("/no-such-page/", 404, "h1", id="not-found"),
    pytest.param("/admin/login/", 200, "#login-form", id="admin-login"),
]


@pytest.mark.parametrize(("url", "status", "shows"), PUBLIC_PAGES)
def test_public_pages_need_nothing_inline(client, url, status, shows):
    response = client.get(url.format(article=demo_article().pk))
    assert_served_without_inline_code(response, status=status, shows=shows)


def test_the_search_page_script_is_a_static_file(client):
    page = BeautifulSoup(client.get("/search/?q=배경훈").content, "lxml")
    assert [s["src"] for s in page.select("script[src]")] == ["/static/js/search.js"]
    assert page.select_one('link[rel=stylesheet][href="/static/css/site.css"]') is not None


# --- admin pages ---------------------------------------------------------------------------------


@pytest.fixture
def curator_client(client, django_user_model):
    """A superuser logged in through the admin login form, after someone else's failed attempts;
    with a queued job, so that every admin list has a row."""
    django_user_model.objects.create_superuser("boss", "boss@example.org", "boss-password-1")
    for _ in range(2):
        client.post("/admin/login/", {"username": "intruder", "password": "guess"})
    response = client.post("/admin/login/?next=/admin/", {"username": "boss", "password": "boss-password-1"})
    assert response.status_code == 302, response.content[:300]
    # Axes keeps a failure log only when asked to (AXES_ENABLE_ACCESS_FAILURE_LOG); its screen still exists.
    AccessFailureLog.objects.create(username="intruder", ip_address="127.0.0.1", path_info="/admin/login/")
    reanalyse_articles.defer(ids=[demo_article().pk])
    return client


def _registered() -> Iterator[tuple[str, str]]:
    for model in admin.site._registry:
        yield model._meta.app_label, model._meta.model_name


ADMIN_SCREENS = [
    pytest.param("/admin/", "#content-main .app-articles", id="index"),
    pytest.param(
        "/admin/articles/article/?q=배경훈&status__exact=published", "#result_list", id="article-search"
    ),
    pytest.param(
        "/admin/articles/article/{article}/change/",
        "#entity_tags-group",
        id="article-change",
    ),
    pytest.param("/admin/articles/article/{article}/history/", ".history-paginator", id="article-history"),
    pytest.param(
        "/admin/articles/article/{article}/history/{version}/",
        "#id_title",
        id="article-version",
    ),
    pytest.param("/admin/policy/entity/candidates/", "body.entity-candidates", id="entity-candidates"),
]


@pytest.mark.parametrize(("url", "shows"), ADMIN_SCREENS)
def test_admin_screens_need_nothing_inline(curator_client, url, shows):
    article = demo_article()
    version = article.history.order_by("history_date").first()
    response = curator_client.get(url.format(article=article.pk, version=version.history_id))
    assert_served_without_inline_code(response, shows=shows)


def test_the_merge_screen_needs_nothing_inline(curator_client):
    ids = list(Article.objects.readable().values_list("pk", flat=True)[:2])
    response = curator_client.post(
        "/admin/articles/article/", {"action": "merge_articles", ACTION_CHECKBOX_NAME: ids}
    )
    assert_served_without_inline_code(response, shows="body.merge-confirmation input[name=canonical]")


def test_admin_pages_style_our_markup_from_a_stylesheet(curator_client):
    page = BeautifulSoup(
        curator_client.get(f"/admin/articles/article/{demo_article().pk}/change/").content, "lxml"
    )
    assert page.select_one('link[rel=stylesheet][href="/static/css/admin.css"]') is not None
    assert not page.select_one("div.tag-help").has_attr("style")
    # procrastinate's job summary comes from our copy of its template, with a class for its style.
    jobs = BeautifulSoup(curator_client.get("/admin/procrastinate/procrastinatejob/").content, "lxml")
    assert jobs.select("#result_list ul.job-summary") and not jobs.select("#result_list ul[style], li[style]")


@pytest.mark.parametrize(
    ("app_label", "model_name"),
    [pytest.param(*key, id=".".join(key)) for key in _registered()],
)
def test_every_admin_list_needs_nothing_inline(curator_client, app_label, model_name):
    response = curator_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert_served_without_inline_code(response, shows="#result_list tbody tr")


@pytest.mark.parametrize(
    ("app_label", "model_name"),
    [
        pytest.param(*key, id=".".join(key))
        for key in _registered()
        if key != ("articles", "article")  # with its tags, above
    ],
)
def test_every_admin_change_page_needs_nothing_inline(curator_client, app_label, model_name):
    model = next(m for m in admin.site._registry if m._meta.label_lower == f"{app_label}.{model_name}")
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"no {model_name} to show"
    response = curator_client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]))
    assert_served_without_inline_code(response, shows="#content-main form, #content-main .submit-row")


@pytest.mark.parametrize(
    ("app_label", "model_name"),
    [
        pytest.param(*key, id=".".join(key))
        for key in _registered()
        if key
        in {
            ("policy", "entity"),
            ("policy", "alias"),
            ("articles", "outlet"),
            ("auth", "user"),
            ("auth", "group"),
        }
    ],
)
def test_admin_add_forms_need_nothing_inline(curator_client, app_label, model_name):
    response = curator_client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert_served_without_inline_code(response, shows="#content-main form")
