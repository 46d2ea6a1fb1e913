"""The OpenAPI description: served, matching the URLs, its examples working, and schemathesis
finding no documented request that ends in a 500 or a response the schema does not describe."""

from __future__ import annotations

import os
import re

import pytest
import schemathesis
from bs4 import BeautifulSoup
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.api.views import api

pytestmark = pytest.mark.django_db

# The document itself (no database needed) tells which operations to parametrize over.
OPERATIONS = [
    (path, method.upper()) for path, item in api.get_openapi_schema()["paths"].items() for method in item
]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_app(db):
    """The real WSGI application, on the test database inside the test's transaction.

    Django's test client does the same: a request's start and end must not close the connection,
    or the transaction holding the demo data and rolling the test back would be lost.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_no_documented_request_fails(wsgi_app, path, method):
    """Every request the document allows (positive data) gets a documented answer, never a 5xx.

    Hypothesis drives schemathesis's strategy directly: schemathesis's own pytest plugin does not
    run under pytest 9 yet. Deterministic and bounded, so the run is reproducible and fast.
    """
    operation = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)[path][method]

    @given(case=operation.as_strategy(GenerationMode.POSITIVE))
    @settings(
        max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", 40)),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
        ],
    )
    def run(case):
        case.call_and_validate(checks=CHECKS)

    run()


def test_schema_is_served_as_openapi_3(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["openapi"].startswith("3.")
    assert "title:" in data["info"]["description"]  # the query language is documented
    params = {p["name"] for p in data["paths"]["/api/articles/"]["get"]["parameters"]}
    assert params >= {
        "q",
        "person",
        "programme",
        "outlet",
        "reporter",
        "month",
        "from",
        "to",
        "sort",
        "page",
        "page_size",
    }
    page_size = next(
        p for p in data["paths"]["/api/articles/"]["get"]["parameters"] if p["name"] == "page_size"
    )
    assert (page_size["schema"]["minimum"], page_size["schema"]["maximum"]) == (1, 100)
    person = next(p for p in data["paths"]["/api/articles/"]["get"]["parameters"] if p["name"] == "person")
    assert (person["schema"]["type"], person["style"], person["explode"]) == ("array", "form", True)
    error = data["components"]["schemas"]["Error"]["properties"]["error"]
    error = data["components"]["schemas"][error["$ref"].rsplit("/", 1)[-1]]  # generated: a $ref
    assert error["required"] == ["param", "message"]


def test_every_documented_path_is_a_real_url(client):
    for path in client.get("/api/schema/").json()["paths"]:
        concrete = re.sub(r"\{id\}", "1", path).replace("{format}", "ris")
        resolve(concrete)  # raises Resolver404 when the document and urls.py disagree


def test_docs_page_renders_and_its_examples_work(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "lxml")
    assert soup.find("h1").get_text() == "API: search, export, cite, follow"
    links = [a["href"] for a in soup.select("article a") if a["href"].startswith("/")]
    assert len(links) >= 20
    for href in links:
        example = client.get(href)
        assert example.status_code == 200, href
        if example["Content-Type"] == "application/json" and href.startswith("/api/articles/?"):
            assert example.json()["count"] > 0, f"{href} finds nothing in the demo archive"


def test_readme_points_to_the_api_docs():
    from django.conf import settings as django_settings

    readme = (django_settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert "docs/api.md" in readme


ENDPOINTS = ["/api/articles/", "/api/articles/export/", "/search/feed/"]


@pytest.mark.parametrize("param", ["person", "programme", "organisation", "outlet", "reporter"])
def test_nul_in_a_filter_is_a_400(client, param):
    response = client.get("/api/articles/", {param: "a\x00b"})
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_month_of_year_zero_is_a_400(client, endpoint):
    response = client.get(endpoint, {"month": "0000-01"})
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "month"


def test_a_page_beyond_the_documented_maximum_is_a_400(client):
    response = client.get("/api/articles/", {"page": str(10**20)})
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "page"
