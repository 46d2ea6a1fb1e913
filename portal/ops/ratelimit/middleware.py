"""Which requests are limited, for whom, and what a client over its limit is told."""

from __future__ import annotations

import ipaddress
import logging
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse

from portal.api.errors import error_response
from portal.ops.clients import client_ip
from portal.ops.ratelimit.limits import Limit, configured_limits
from portal.ops.ratelimit.store import (
    HeldSlot,
    LimitsUnavailable,
    Verdict,
    export_slot_release,
    export_slot_take,
    rate_hit,
    stale_rows_delete,
)

logger = logging.getLogger(__name__)

# Every URL named "articles:api-…" is the API, except these. Named rather than matched by path, so
# that moving a URL keeps its group; tests/portal/ops/test_ratelimit.py checks every API URL has one.
GROUP_OF_VIEW: dict[str, str | None] = {
    "articles:api-export": "export",
    # Pages for people reading about the API, not calls to it.
    "articles:api-docs": None,
    "articles:api-explorer": None,
    # One article's citation costs what an API call for it costs, and scripts fetch them one by one
    # for the whole archive as they would the API; a reader's reference manager asks for a few.
    # Not "export": that budget is for whole result sets, and a citation should not spend it.
    "articles:cite": "api",
}
API_VIEW_PREFIX = "articles:api-"

# On average one limited request in this many also deletes rows no answer needs any more.
SWEEP_ONE_IN = 200
# No one knows when a running export will end; a short wait, then the client asks again.
EXPORT_BUSY_RETRY_SECONDS = 10

_MESSAGES = {
    "api": "요청이 너무 많습니다",
    "export": "내보내기 요청이 너무 많습니다",
}


def request_group(view_name: str) -> str | None:
    """The limit group of the view named ``view_name`` (``namespace:name``), None if unlimited."""
    if view_name in GROUP_OF_VIEW:
        return GROUP_OF_VIEW[view_name]
    return "api" if view_name.startswith(API_VIEW_PREFIX) else None


def client_key(request: HttpRequest) -> str:
    """Whose bucket a request counts in: its client address, an IPv6 client by its /64 network,
    which one host is usually given whole and could otherwise walk through address by address."""
    address = client_ip(request)
    if not address:
        return address
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(ip), 64), strict=False))
    return str(ip)


def _too_many(message: str, *, retry_after: int) -> JsonResponse:
    response = error_response(None, message, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_refused_response(group: str, verdict: Verdict) -> JsonResponse:
    """429 for a client over its rate, saying the limit and when to come back."""
    limit = verdict.limit
    retry = verdict.retry_after
    response = _too_many(
        f"{_MESSAGES[group]}: {limit.seconds}초에 {limit.requests}건까지입니다. {retry}초 뒤에 다시 시도하세요.",
        retry_after=retry,
    )
    _rate_headers(response, verdict)
    return response


def exports_busy_response(cap: int) -> JsonResponse:
    """429 for a client already streaming as many exports as it may at once."""
    return _too_many(
        f"한 번에 받을 수 있는 내보내기는 {cap}건까지입니다. 받고 있는 내보내기가 끝난 뒤 다시 시도하세요.",
        retry_after=EXPORT_BUSY_RETRY_SECONDS,
    )


def _rate_headers(response: HttpResponse, verdict: Verdict) -> None:
    # The RateLimit header fields of the IETF draft (draft-ietf-httpapi-ratelimit-headers), so a
    # script can slow down before it is refused.
    response["RateLimit-Limit"] = str(verdict.limit.requests)
    response["RateLimit-Remaining"] = str(verdict.remaining)
    response["RateLimit-Reset"] = str(verdict.reset)


def _release_logged(held: HeldSlot) -> None:
    try:
        export_slot_release(held)
    except LimitsUnavailable:
        logger.warning("could not give back export slot %s of %s", held.slot, held.client, exc_info=True)


class _ReleasingStream:
    """An export's chunks, then its slot given back: after the last chunk, or when the server closes
    the response (the client hung up, the stream failed). Django calls ``close`` of a streaming
    content that has one when the response is closed, whether or not it was ever iterated."""

    def __init__(self, chunks: Iterable[bytes], release: Callable[[], None]) -> None:
        self._chunks = iter(chunks)
        self._release: Callable[[], None] | None = release

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except StopIteration:
            self.close()
            raise

    def close(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            release()


@dataclass
class _Admitted:
    """What process_view decided for a request, for the response on its way out."""

    verdict: Verdict | None
    held: HeldSlot | None


_ADMITTED = "_rate_limit_admitted"


class RateLimitMiddleware:
    """Per-client limits on the API (``RATE_LIMITS["api"]``) and the exports (``["export"]``, plus
    ``EXPORTS_PER_CLIENT`` streaming at once), counted in PostgreSQL so that every worker of every
    server shares them. Staff are not limited; pages, feeds and static files never are.

    The decision is taken in ``process_view``: by then the URL is resolved (the group comes from
    its name) and ``AuthenticationMiddleware``, further in, has set ``request.user``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        configured_limits()  # a malformed setting stops the server at start, not at the first call

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admitted: _Admitted | None = getattr(request, _ADMITTED, None)
        if admitted is None:
            return response
        if admitted.verdict is not None:
            _rate_headers(response, admitted.verdict)
        if admitted.held is not None:
            held = admitted.held
            if isinstance(response, StreamingHttpResponse):  # FileResponse too
                response.streaming_content = _ReleasingStream(
                    response.streaming_content, lambda: _release_logged(held)
                )
            else:  # a refused parameter, an error: nothing is streaming
                _release_logged(held)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        group = request_group(match.view_name) if match is not None else None
        if group is None:
            return None
        limits = configured_limits()
        limit = limits.rates.get(group)
        cap = limits.exports_per_client if group == "export" else 0
        if limit is None and not cap:
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_staff:
            return None
        client = client_key(request)
        held: HeldSlot | None = None
        try:
            if cap:
                held = export_slot_take(client=client, cap=cap)
                if held is None:
                    return exports_busy_response(cap)
            verdict = self._counted(client=client, group=group, limit=limit)
        except LimitsUnavailable:
            # Fail open: a limit the database cannot count must not take the portal down with it.
            # The request is served unlimited (and, if the slot was taken, still gives it back).
            logger.warning("rate limits unavailable; serving %s unlimited", request.path, exc_info=True)
            setattr(request, _ADMITTED, _Admitted(verdict=None, held=held))
            return None
        if verdict is not None and not verdict.allowed:
            if held is not None:
                _release_logged(held)
            return rate_refused_response(group, verdict)
        setattr(request, _ADMITTED, _Admitted(verdict=verdict, held=held))
        return None

    @staticmethod
    def _counted(*, client: str, group: str, limit: Limit | None) -> Verdict | None:
        if limit is None:
            return None
        verdict = rate_hit(client=client, bucket=group, limit=limit)
        if random.randrange(SWEEP_ONE_IN) == 0:
            stale_rows_delete()
        return verdict
