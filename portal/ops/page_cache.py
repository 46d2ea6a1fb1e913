"""Anonymous readers' pages and API answers, cached under the archive's version; nobody else's.

For a GET by a reader without a session (no session cookie: the public site never needs one), the
middleware reads the archive's version (``articles.selectors.archive_version``: the number the
database bumps at the commit of any write readers can see, and the search index's generation) and

1. answers ``304 Not Modified`` when the client's ``If-None-Match`` (or ``If-Modified-Since``)
   names that version: no view, no template, no search;
2. else serves the response stored under ``(version, language, absolute URL)`` in the shared cache
   (``CACHES``: the database by default, Redis when configured), when there is one;
3. else lets the view answer and stores what it answered (a complete 200, 301 or 404 that sets no
   cookie), for ``PAGE_CACHE_SECONDS``; a streamed answer (an export) is stored once it has been
   sent to the end, when it came to at most ``PAGE_CACHE_STREAM_MAX_BYTES``.

A write changes the version in the same commit, so a stored page is never served after the data
it was made from has changed: nothing has to be deleted, old versions' pages simply age out.
Every such answer says ``Cache-Control: public, max-age=HTTP_CACHE_MAX_AGE`` with its ``ETag`` and
``Last-Modified`` (so a reverse proxy or the browser may keep it that long and then revalidate
cheaply) and ``Vary: Cookie``. A curator (anything with a session cookie) and the admin are
never served a stored page nor a 304 from here, and their answers say ``private, no-store``.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import zlib
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language_from_request

from articles.selectors.archive_version import archive_version

logger = logging.getLogger(__name__)
CACHED_STATUSES = frozenset({200, 301, 404})
# Set here on every public answer, from the version: never taken from a stored response.
OWN_HEADERS = frozenset({"etag", "last-modified", "cache-control", "expires"})
STATUS_HEADER = "X-Page-Cache"  # hit, miss or 304: what the load test and the profiles count


def is_public(request: HttpRequest) -> bool:
    """Whether this request may be answered from, and stored in, the shared cache."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(_admin_prefix())
    )


@functools.cache
def _admin_prefix() -> str:
    return reverse("admin:index")


def _key(request: HttpRequest, token: str, language: str) -> str:
    # The whole URL, scheme and host included: feeds and citations write absolute links.
    url = hashlib.blake2b(request.build_absolute_uri().encode(), digest_size=16).hexdigest()
    # "pagez": entries hold compressed bodies (an entry of the uncompressed kind is never read).
    return f"pagez:{token}:{language}:{url}"


def _storable(response: HttpResponseBase) -> bool:
    return (
        response.status_code in CACHED_STATUSES
        and isinstance(response, HttpResponse | StreamingHttpResponse)
        and not isinstance(response, FileResponse)  # a file download (a backup) is never stored
        and not response.cookies  # a session, a CSRF token or a message: someone's own
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _headers(response: HttpResponseBase) -> list[tuple[str, str]]:
    return [(k, v) for k, v in response.headers.items() if k.lower() not in OWN_HEADERS]


# Bodies are stored compressed (fast zlib): an HTML page is ~6× smaller, which at 100k halved the
# database cache's write and read of a page (bench/RESULTS.md) and is less to move from Redis.
def _compressed(body: bytes) -> bytes:
    return zlib.compress(body, 1)


def _stored(response: HttpResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, _headers(response), _compressed(response.content)


def _store_when_sent(response: StreamingHttpResponse, key: str) -> None:
    """Store a streamed answer once its last block has gone out, if it stayed small enough; an
    answer cut short (the client left, the stream failed) or too long is not stored."""
    status, headers, limit = response.status_code, _headers(response), settings.PAGE_CACHE_STREAM_MAX_BYTES
    blocks: Iterator[bytes] = iter(response.streaming_content)  # type: ignore[arg-type]  # a WSGI server's blocks are bytes

    def teed() -> Iterator[bytes]:
        kept: list[bytes] | None = []
        size = 0
        for block in blocks:
            yield block
            if kept is not None:
                size += len(block)
                if size <= limit:
                    kept.append(block)
                else:
                    kept = None
        if kept is not None:
            entry = (status, headers, _compressed(b"".join(kept)))
            _cache_call(cache.set, key, entry, settings.PAGE_CACHE_SECONDS)

    response.streaming_content = teed()


def _restored(entry: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, content = entry
    response = HttpResponse(zlib.decompress(content), status=status)
    for name, value in headers:
        response[name] = value
    return response


def _cache_call(method, *args):
    """The cache is a speed-up: when it fails (Redis down, its table missing), the page is made and
    served as if nothing were cached, and the failure is logged."""
    try:
        return method(*args)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
        return None


class PageCacheMiddleware:
    """Serves anonymous GETs from the shared cache under the archive's version (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_public(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD"):
                # A curator's page may show what readers do not see: no proxy or browser keeps it.
                patch_cache_control(response, private=True, no_store=True)
                patch_vary_headers(response, ("Cookie",))
            return response

        version = archive_version()
        language = get_language_from_request(request)
        etag = quote_etag(f"{version.token}-{language}")
        last_modified = int(version.changed_at.timestamp())  # HTTP dates have whole seconds
        conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if conditional is not None:  # 304 Not Modified (or 412 for a failed precondition)
            return self._public(conditional, etag, last_modified, "304")

        key = _key(request, version.token, language) if settings.PAGE_CACHE_SECONDS else None
        entry = _cache_call(cache.get, key) if key else None
        if entry is not None:
            return self._public(_restored(entry), etag, last_modified, "hit")

        response = self.get_response(request)
        if not _storable(response):
            return response
        if key and isinstance(response, StreamingHttpResponse):
            _store_when_sent(response, key)
        elif key and isinstance(response, HttpResponse):
            _cache_call(cache.set, key, _stored(response), settings.PAGE_CACHE_SECONDS)
        return self._public(response, etag, last_modified, "miss")

    @staticmethod
    def _public(response: HttpResponseBase, etag: str, last_modified: int, status: str) -> HttpResponseBase:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=settings.HTTP_CACHE_MAX_AGE)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response[STATUS_HEADER] = status
        return response
