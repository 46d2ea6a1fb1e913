"""A statement timeout on every query a request makes, and the 503 a reader gets when it fires.

Middleware because it holds for every page, API call, export and feed alike; the views stay
unaware of it.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.db import OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.api.errors import error_response

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout

TIMEOUT_MESSAGE = "요청이 너무 오래 걸려 중단했습니다. 검색 조건을 좁히거나 잠시 뒤에 다시 시도하세요."


def is_statement_timeout(exc: BaseException) -> bool:
    """Whether ``exc`` is PostgreSQL cancelling a statement that ran past its timeout."""
    cause = exc if not isinstance(exc, OperationalError) else (exc.__cause__ or exc)
    return (
        getattr(cause, "sqlstate", None) == QUERY_CANCELED or getattr(cause, "pgcode", None) == QUERY_CANCELED
    )


def timeout_response(request: HttpRequest) -> HttpResponse:
    """The 503 a reader gets when the database gave up on a request: JSON on the API, a page elsewhere."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = error_response(None, TIMEOUT_MESSAGE, status=503)
    else:
        response = render(request, "503.html", {"message": TIMEOUT_MESSAGE}, status=503)
    response["Retry-After"] = "30"
    return response


class _TimeoutSetter:
    """An execute wrapper that sets ``statement_timeout`` before the first query a request makes
    on a connection (the setting is per session; persistent connections keep it between requests,
    streamed exports keep it after the view returned)."""

    def __init__(self, milliseconds: int) -> None:
        self.milliseconds = milliseconds
        self.done: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        connection = context["connection"]
        if connection.alias not in self.done:
            self.done.add(connection.alias)
            with connection.connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(self.milliseconds)}")
        return execute(sql, params, many, context)


class StatementTimeoutMiddleware:
    """Runs every query of a request under ``REQUEST_STATEMENT_TIMEOUT_MS`` and turns a cancelled
    query into a clear 503 (README, "Production")."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        milliseconds = settings.REQUEST_STATEMENT_TIMEOUT_MS
        if milliseconds <= 0:
            return self.get_response(request)
        setter = _TimeoutSetter(milliseconds)
        with contextlib.ExitStack() as stack:
            for alias in settings.DATABASES:
                stack.enter_context(connections[alias].execute_wrapper(setter))
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if is_statement_timeout(exception):
            return timeout_response(request)
        return None
