"""Who is asking: the one place that decides a request's client address.

The login throttle and the rate limits key on it, so it must not be something the client chooses.
Behind ``TRUSTED_PROXY_COUNT`` proxies, each of which appends the address it received from to
``X-Forwarded-For``, the client is the entry that many places from the right; anything further
left was written by the client and is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str:
    """The request's client address, trusting exactly ``TRUSTED_PROXY_COUNT`` proxies, normalised
    (``ipaddress``); ``""`` when there is none or it is not an address (an empty REMOTE_ADDR behind a
    unix socket, a mangled X-Forwarded-For entry)."""
    if request is None:
        return ""
    address = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        # The last proxy's own peer is REMOTE_ADDR; the N proxies appended N addresses, the client's first.
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
        elif forwarded:
            address = forwarded[0]
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return ""
