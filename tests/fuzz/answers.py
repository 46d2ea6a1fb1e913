"""Sending a fuzzed request and judging the answer: never a 5xx, always within the time bound, a
4xx in the documented shape, and the totals each output reports.

Every property of ``tests/fuzz`` goes through :func:`fetch`, so the rules hold for all of them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from dataclasses import dataclass

import feedparser
from django.conf import settings as django_settings
from django.test import Client
from hypothesis import event, note, settings

from portal.ops.statement_timeout import TIMEOUT_MESSAGE

# How long a request may take beyond the statement timeout. This is a correctness bound, not a
# performance assertion: every query of a request runs under REQUEST_STATEMENT_TIMEOUT_MS, so a
# request that outlives it by seconds is stuck somewhere the timeout does not reach (the search
# index, Kiwi, a loop in Python). The allowance covers everything else a request does on a slow,
# shared test machine, and is generous so that a busy machine never fails the suite.
ALLOWANCE_SECONDS = 5.0

HANGUL = re.compile(r"[\uac00-\ud7a3]")
PAGE_TOTAL = re.compile(r'id="results-title">검색 결과 <strong>(\d+)</strong>건')
# The search, quote search, analysis and comparison pages each say what to fix in one such notice.
PAGE_ERROR = re.compile(r'<div class="notice notice-error" role="alert" id="[a-z]+-error">(.*?)</div>', re.S)


def fuzz_settings(*, factor: float = 1.0) -> settings:
    """The active profile of tests/fuzz/conftest.py (``HYPOTHESIS_PROFILE=deep`` for the long run),
    with ``factor`` times its examples for a property that is cheaper or dearer than a request."""
    profile = settings.get_profile("deep" if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else "fuzz")
    return settings(profile, max_examples=max(1, int(profile.max_examples * factor)))


def time_bound() -> float:
    """Seconds a request may take: the statement timeout plus the fixed allowance."""
    return django_settings.REQUEST_STATEMENT_TIMEOUT_MS / 1000 + ALLOWANCE_SECONDS


@dataclass
class Answer:
    path: str
    status: int
    content_type: str
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def timed_out(self) -> bool:
        return self.status == 503


def fetch(client: Client, path: str, query: str = "", *, language: str = "") -> Answer:
    """GET ``path?query`` (a streamed body read to its end) and check what holds for every answer:
    no server error and no hang. A 503 is accepted only as the statement timeout's, and noted.
    ``language`` is sent as Accept-Language (a reader's browser chooses it, not the site)."""
    # WSGI carries the query string as latin-1 text of the bytes sent: any bytes can be sent,
    # including non-%-encoded UTF-8 and the invalid sequences lone surrogates become.
    wire = query.encode("utf-8", "surrogatepass").decode("latin-1")
    started = time.monotonic()
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get(path, QUERY_STRING=wire, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    seconds = time.monotonic() - started
    note(f"GET {path}?{query[:300]} → {response.status_code} in {seconds:.2f}s")
    answer = Answer(path, response.status_code, response.get("Content-Type", ""), body, seconds)
    assert seconds <= time_bound(), f"{path} took {seconds:.1f}s, past the statement timeout's bound"
    if answer.status == 503:
        assert TIMEOUT_MESSAGE in answer.text, answer.text[:500]
        assert response["Retry-After"]
        event(f"statement timeout (503) on {path}")
        return answer
    assert answer.status < 500, (answer.status, answer.text[:2000])
    return answer


# --- the shapes of answers ---------------------------------------------------------------------


def json_error(answer: Answer) -> tuple[str | None, str]:
    """``(param, message)`` of a JSON 4xx, which must be ``{"error": {"param", "message"}}`` with a
    message in Korean."""
    assert answer.content_type.startswith("application/json"), answer.content_type
    body = json.loads(answer.body)
    assert set(body) == {"error"} and set(body["error"]) == {"param", "message"}, body
    param, message = body["error"]["param"], body["error"]["message"]
    assert param is None or isinstance(param, str), body
    assert isinstance(message, str) and HANGUL.search(message), f"not a Korean message: {message!r}"
    return param, message


def page_error(answer: Answer) -> str:
    """The message of the search page's 400, which is an HTML page saying what to fix, in Korean."""
    assert answer.content_type.startswith("text/html"), answer.content_type
    found = PAGE_ERROR.search(answer.text)
    assert found, answer.text[:3000]
    message = re.sub(r"<[^>]+>", "", found.group(1))
    for lead in ("검색 조건을 확인해 주세요.", "분석 조건을 확인해 주세요.", "비교 조건을 확인해 주세요."):
        message = message.replace(lead, "")
    message = message.strip()
    assert HANGUL.search(message), f"not a Korean message: {message!r}"
    return message


def page_total(answer: Answer) -> int:
    """The number of results the search page reports."""
    found = PAGE_TOTAL.search(answer.text)
    assert found, answer.text[:3000]
    return int(found.group(1))


def api_total(answer: Answer) -> int:
    """The ``count`` of the API's page, after checking the page is consistent with it."""
    data = json.loads(answer.body)
    assert len(data["results"]) <= data["page_size"]
    assert data["num_pages"] == max(1, -(-data["count"] // data["page_size"]))
    if data["page"] < data["num_pages"]:
        assert len(data["results"]) == data["page_size"]
    elif data["page"] > data["num_pages"]:  # past the end: an empty page, not an error
        assert data["results"] == []
    return data["count"]


def feed_entries(answer: Answer) -> int:
    """How many entries the Atom feed holds, after checking it is well-formed Atom."""
    assert answer.content_type.startswith("application/atom+xml"), answer.content_type
    feed = feedparser.parse(answer.body)
    assert not feed.bozo, feed.get("bozo_exception")
    return len(feed.entries)


def export_records(answer: Answer, fmt: str) -> int | None:
    """How many records an export file holds, after checking it parses in its format."""
    text = answer.body.decode("utf-8")
    if fmt == "jsonl":
        lines = text.splitlines()
        assert all(isinstance(json.loads(line), dict) for line in lines)
        return len(lines)
    if fmt == "csl-json":
        return len(json.loads(text))
    if fmt == "csv":
        assert text.startswith("\ufeff")
        return len(list(csv.reader(io.StringIO(text[1:])))) - 1
    if fmt == "ris":
        return sum(1 for line in text.split("\r\n") if line.startswith("ER  -"))
    if fmt == "bibtex":
        return sum(1 for line in text.split("\n") if line.startswith("@article{"))
    return None
