"""Per-client rate limits on the API and the exports, shared by every server process through
PostgreSQL: a client over its limit gets a 429 with ``Retry-After`` (``docs/api.md``).

- :mod:`.limits` reads ``RATE_LIMITS`` and ``EXPORTS_PER_CLIENT``;
- :mod:`.store` counts, in one statement per request, and holds the export slots;
- :mod:`.middleware` decides which requests count, for whom, and answers the refused ones.
"""

from portal.ops.ratelimit.middleware import RateLimitMiddleware

__all__ = ["RateLimitMiddleware"]
