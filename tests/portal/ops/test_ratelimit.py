"""Per-client rate limits: a client over its limit gets a 429 with Retry-After and a Korean message,
other clients and staff are untouched, pages and feeds are never limited, exports hold a slot while
they stream, and a client that waits as told still gets the whole archive.

The limits count in PostgreSQL; each test's counts roll back with its transaction (checked below)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time

import pytest
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import override_settings
from django.urls import reverse

from articles.models import Article
from portal.api import views as api_views
from portal.models import ExportSlot, RateLimitBucket
from portal.ops.ratelimit import RateLimitMiddleware
from portal.ops.ratelimit.limits import Limit, check_limits, configured_limits
from portal.ops.ratelimit.middleware import client_key, request_group
from portal.ops.ratelimit.store import (
    EXPORT_SLOT_MAX_SECONDS,
    export_slot_release,
    export_slot_take,
    stale_rows_delete,
)

pytestmark = pytest.mark.django_db

API = "/api/articles/"
EXPORT = "/api/articles/export/"
ALICE = "192.0.2.10"
BOB = "192.0.2.20"
API_ONLY = {"api": "3/60", "export": ""}


@pytest.fixture(autouse=True)
def _no_counts_left_over():
    # Earlier tests counted and held slots; their transactions rolled back, so nothing is left.
    assert not RateLimitBucket.objects.exists()
    assert not ExportSlot.objects.exists()


def api_get(client, address: str = ALICE, **extra):
    return client.get(API, {"q": "AI"}, REMOTE_ADDR=address, **extra)


def export_get(client, address: str = ALICE, **params):
    return client.get(EXPORT, {"format": "jsonl", **params}, REMOTE_ADDR=address)


def hang_up(response) -> None:
    """What the server does when a client hangs up mid-export: it closes the response. As the test
    client does, without the request_finished handler that would close the test's connection."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def error_message(response) -> str:
    body = response.json()
    assert body["error"]["param"] is None
    return body["error"]["message"]


# --- rates ----------------------------------------------------------------------------------


@override_settings(RATE_LIMITS=API_ONLY)
def test_the_call_after_the_limit_is_429_with_retry_after_and_a_message(client):
    remaining = []
    for _ in range(3):
        response = api_get(client)
        assert response.status_code == 200
        assert response["RateLimit-Limit"] == "3"
        remaining.append(response["RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]

    refused = api_get(client)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    retry = int(refused["Retry-After"])
    # One more fits 60/3 = 20 seconds after the first call; the calls above took a moment of that.
    assert 1 <= retry <= 20
    assert refused["RateLimit-Remaining"] == "0"
    assert (
        error_message(refused)
        == f"요청이 너무 많습니다: 60초에 3건까지입니다. {retry}초 뒤에 다시 시도하세요."
    )
    # Every other API URL is the same bucket.
    detail = client.get(f"/api/articles/{Article.objects.readable().first().pk}/", REMOTE_ADDR=ALICE)
    assert detail.status_code == 429


@override_settings(RATE_LIMITS=API_ONLY)
def test_another_client_has_its_own_bucket(client):
    for _ in range(4):
        api_get(client, ALICE)
    assert api_get(client, ALICE).status_code == 429
    assert api_get(client, BOB).status_code == 200


@override_settings(RATE_LIMITS={"api": "1/60", "export": "1/60"}, EXPORTS_PER_CLIENT=1)
def test_staff_are_not_limited(client, django_user_model):
    curator = django_user_model.objects.create_user("mina", "mina@example.org", "pw", is_staff=True)
    client.force_login(curator)
    for _ in range(3):
        assert api_get(client).status_code == 200
    streams = [export_get(client) for _ in range(3)]  # none consumed: all three stream at once
    assert [s.status_code for s in streams] == [200, 200, 200]
    assert "RateLimit-Limit" not in streams[0]
    for stream in streams:
        hang_up(stream)
    assert not RateLimitBucket.objects.exists()


@override_settings(RATE_LIMITS={"api": "1/60", "export": "1/60"}, EXPORTS_PER_CLIENT=1)
def test_pages_feeds_and_the_api_documentation_are_never_limited(client):
    article = Article.objects.readable().first()
    urls = [
        "/",
        "/search/?q=AI",
        "/search/feed/?q=AI",
        article.get_absolute_url(),
        reverse("articles:api-docs"),
        reverse("articles:api-explorer"),
    ]
    for _ in range(3):
        for url in urls:
            response = client.get(url, REMOTE_ADDR=ALICE)
            assert response.status_code == 200, url
            assert "RateLimit-Limit" not in response
    assert not RateLimitBucket.objects.exists()


def test_every_api_url_is_limited_unless_exempt_by_name():
    # A new endpoint named outside the "api-" convention would silently escape the limits.
    names = [pattern.name for pattern in api_views.urlpatterns]
    assert "api-list" in names and "api-detail" in names
    groups = {name: request_group(f"articles:{name}") for name in names}
    assert groups == {name: None if name == "api-explorer" else "api" for name in names}
    assert request_group("articles:api-export") == "export"
    assert request_group("articles:api-docs") is None
    assert request_group("articles:cite") == "api"
    assert request_group("articles:search-feed") is None
    assert request_group("articles:search") is None


@override_settings(RATE_LIMITS={"api": "1/60", "export": ""})
def test_citations_count_as_api_calls(client):
    article = Article.objects.readable().first()
    assert (
        client.get(reverse("articles:cite", args=[article.pk, "ris"]), REMOTE_ADDR=ALICE).status_code == 200
    )
    refused = client.get(reverse("articles:cite", args=[article.pk, "bib"]), REMOTE_ADDR=ALICE)
    assert refused.status_code == 429
    assert error_message(refused).startswith("요청이 너무 많습니다: 60초에 1건까지입니다.")


@override_settings(RATE_LIMITS={"api": "1/60", "export": "1/60"})
def test_an_export_over_its_limit_is_429_and_the_api_keeps_its_own_budget(client):
    assert b"".join(export_get(client).streaming_content)
    refused = export_get(client, format="csv")
    assert refused.status_code == 429
    retry = int(refused["Retry-After"])
    assert 1 <= retry <= 60
    assert error_message(refused) == (
        f"내보내기 요청이 너무 많습니다: 60초에 1건까지입니다. {retry}초 뒤에 다시 시도하세요."
    )
    assert api_get(client).status_code == 200


@override_settings(TRUSTED_PROXY_COUNT=1, RATE_LIMITS={"api": "1/60", "export": ""})
def test_behind_a_proxy_the_forwarded_client_counts_and_a_forged_entry_changes_nothing(client):
    proxy = "10.0.0.1"
    assert api_get(client, proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200
    # The client wrote its own X-Forwarded-For; the proxy appended the address it really saw.
    forged = api_get(client, proxy, HTTP_X_FORWARDED_FOR="198.51.100.77, 203.0.113.5")
    assert forged.status_code == 429
    assert api_get(client, proxy, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200
    clients = set(RateLimitBucket.objects.values_list("client", flat=True))
    assert clients == {"203.0.113.5", "203.0.113.6"}


@override_settings(RATE_LIMITS={"api": "1/60", "export": ""})
def test_an_ipv6_client_counts_by_its_64_network(client, rf):
    assert client_key(rf.get("/", REMOTE_ADDR="2001:db8:1:2::10")) == "2001:db8:1:2::/64"
    assert client_key(rf.get("/", REMOTE_ADDR="::ffff:192.0.2.10")) == ALICE
    assert client_key(rf.get("/", REMOTE_ADDR=ALICE)) == ALICE
    assert api_get(client, "2001:db8:1:2::10").status_code == 200
    assert api_get(client, "2001:db8:1:2:ffff::99").status_code == 429
    assert api_get(client, "2001:db8:1:3::10").status_code == 200


@override_settings(RATE_LIMITS={"api": "", "export": "1/2"})
def test_a_patient_client_still_exports_the_whole_archive(client):
    first = export_get(client)
    assert first.status_code == 200
    hang_up(first)
    responses = [export_get(client)]
    while responses[-1].status_code == 429 and len(responses) < 5:
        time.sleep(int(responses[-1]["Retry-After"]))
        responses.append(export_get(client))
    # Refused once, then let in as soon as Retry-After said: the wait it was told is the real one.
    assert [r.status_code for r in responses] == [429, 200]
    rows = [json.loads(line) for line in b"".join(responses[-1].streaming_content).decode().splitlines()]
    assert len(rows) == Article.objects.readable().count() == 32
    assert len({row["id"] for row in rows}) == len(rows)


# --- exports streaming at once --------------------------------------------------------------


@override_settings(RATE_LIMITS={"api": "", "export": ""}, EXPORTS_PER_CLIENT=2)
def test_exports_hold_their_slots_while_they_stream(client):
    first, second = export_get(client), export_get(client, format="csv")  # open, not consumed
    assert (first.status_code, second.status_code) == (200, 200)
    assert ExportSlot.objects.filter(client=ALICE).count() == 2

    busy = export_get(client)
    assert busy.status_code == 429
    assert busy["Retry-After"] == "10"
    assert error_message(busy) == (
        "한 번에 받을 수 있는 내보내기는 2건까지입니다. 받고 있는 내보내기가 끝난 뒤 다시 시도하세요."
    )
    other = export_get(client, BOB)
    assert other.status_code == 200
    hang_up(other)

    hang_up(first)  # the client hung up: the server closes the response
    third = export_get(client)
    assert third.status_code == 200
    assert export_get(client).status_code == 429

    assert b"".join(second.streaming_content)  # read to the end: its slot frees
    fourth = export_get(client)
    assert fourth.status_code == 200
    hang_up(third)
    hang_up(fourth)
    assert not ExportSlot.objects.exists()


@override_settings(RATE_LIMITS={"api": "", "export": "2/60"}, EXPORTS_PER_CLIENT=1)
def test_refused_exports_hold_no_slot(client):
    assert export_get(client, format="xlsx").status_code == 400  # counted, but streams nothing
    assert not ExportSlot.objects.exists()
    ok = export_get(client)
    assert ok.status_code == 200
    hang_up(ok)
    assert export_get(client).status_code == 429  # over the rate: the slot it took is given back
    assert not ExportSlot.objects.exists()


def test_a_slot_whose_holder_is_gone_or_too_old_is_free_again():
    # A killed worker leaves its row behind, but its database session ended with it.
    long_ago = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    ExportSlot.objects.create(
        client=ALICE, slot=0, token="00000000-0000-4000-8000-000000000000", holder_pid=0,
        holder_start=long_ago, taken_at=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    held = export_slot_take(client=ALICE, cap=1)
    assert held is not None and held.slot == 0
    assert export_slot_take(client=ALICE, cap=1) is None  # now held by a live session
    # A live session's slot past the safety net (a response never closed) is free too.
    too_old = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=EXPORT_SLOT_MAX_SECONDS + 60)
    ExportSlot.objects.filter(client=ALICE).update(taken_at=too_old)
    again = export_slot_take(client=ALICE, cap=1)
    assert again is not None and again.token != held.token
    export_slot_release(held)  # the old holder's late release does not free the new holder's slot
    assert ExportSlot.objects.get(client=ALICE).token == again.token


def test_stale_rows_are_deleted_and_live_ones_kept():
    with connection.cursor() as cursor:
        cursor.execute("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint")
        (now_us,) = cursor.fetchone()
    minute = 60_000_000
    RateLimitBucket.objects.create(
        client=ALICE, bucket="api", tat_us=now_us - minute, seen_us=now_us, allowed=True
    )
    RateLimitBucket.objects.create(
        client=BOB, bucket="api", tat_us=now_us + minute, seen_us=now_us, allowed=True
    )
    ExportSlot.objects.create(
        client=ALICE, slot=0, token="00000000-0000-4000-8000-000000000000", holder_pid=0,
        holder_start=dt.datetime.now(dt.UTC), taken_at=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    live = export_slot_take(client=BOB, cap=1)
    stale_rows_delete()
    assert list(RateLimitBucket.objects.values_list("client", flat=True)) == [BOB]
    assert list(ExportSlot.objects.values_list("client", "slot")) == [(BOB, live.slot)]


@override_settings(RATE_LIMITS=API_ONLY, EXPORTS_PER_CLIENT=1)
def test_when_the_counts_cannot_be_kept_requests_are_served_and_logged(client, caplog):
    # A real failure of the counting statement: its table is gone (rolled back with the test).
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE portal_rate_limit_bucket RENAME TO portal_rate_limit_gone")
        cursor.execute("ALTER TABLE portal_export_slot RENAME TO portal_export_slot_gone")
    with caplog.at_level(logging.WARNING, logger="portal.ops.ratelimit"):
        for _ in range(5):
            assert api_get(client).status_code == 200
        assert b"".join(export_get(client).streaming_content)
    assert "rate limits unavailable; serving /api/articles/ unlimited" in caplog.messages
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE portal_rate_limit_gone RENAME TO portal_rate_limit_bucket")
        cursor.execute("ALTER TABLE portal_export_slot_gone RENAME TO portal_export_slot")


# --- the settings ---------------------------------------------------------------------------


def test_limits_are_read_from_the_settings():
    with override_settings(RATE_LIMITS={"api": " 120 / 60 ", "export": ""}, EXPORTS_PER_CLIENT=2):
        limits = configured_limits()
    assert limits.rates == {"api": Limit(requests=120, seconds=60)}
    assert limits.exports_per_client == 2
    assert Limit(requests=120, seconds=60).interval_us == 500_000


@pytest.mark.parametrize(
    ("settings_", "named"),
    [
        ({"RATE_LIMITS": {"api": "120 per minute", "export": ""}}, 'RATE_LIMITS["api"]'),
        ({"RATE_LIMITS": {"api": "0/60", "export": ""}}, 'RATE_LIMITS["api"]'),
        ({"RATE_LIMITS": {"api": "", "export": "10/0"}}, 'RATE_LIMITS["export"]'),
        ({"RATE_LIMITS": {"api": 120, "export": ""}}, 'RATE_LIMITS["api"]'),
        ({"RATE_LIMITS": {"apis": "120/60"}}, "unknown groups apis"),
        ({"RATE_LIMITS": "120/60"}, "RATE_LIMITS must be a dict"),
        ({"EXPORTS_PER_CLIENT": -1}, "EXPORTS_PER_CLIENT"),
    ],
)
def test_a_malformed_setting_is_refused_at_start_by_name(settings_, named):
    with override_settings(**settings_):
        errors = check_limits()
        with pytest.raises(ImproperlyConfigured, match=named.replace("[", r"\[").replace("]", r"\]")):
            RateLimitMiddleware(lambda request: None)
    assert len(errors) == 1 and isinstance(errors[0], Error)
    assert errors[0].id == "portal.E001" and named in errors[0].msg
    assert check_limits() == []
