"""The limits as configured: ``RATE_LIMITS`` (``"<requests>/<seconds>"`` per group) and
``EXPORTS_PER_CLIENT``, read once per distinct value and refused by name when malformed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

GROUPS = ("api", "export")
_LIMIT = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
MICROSECONDS = 1_000_000


@dataclass(frozen=True)
class Limit:
    """At most ``requests`` per ``seconds``, as a GCRA bucket: a burst of ``requests``, then one
    every ``seconds / requests``."""

    requests: int
    seconds: int

    @property
    def period_us(self) -> int:
        return self.seconds * MICROSECONDS

    @property
    def interval_us(self) -> int:
        # Rounded down, so that a full burst of `requests` always fits in the period.
        return self.period_us // self.requests


@dataclass(frozen=True)
class Limits:
    """The enabled rate limits by group, and how many exports one client may stream at once."""

    rates: Mapping[str, Limit]
    exports_per_client: int


def limit_parse(value: object, *, group: str) -> Limit | None:
    """``"120/60"`` → ``Limit(120, 60)``; ``""`` (or None) → no limit; anything else is refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    match = _LIMIT.match(value) if isinstance(value, str) else None
    if match is None or int(match[1]) < 1 or int(match[2]) < 1:
        raise ImproperlyConfigured(
            f'RATE_LIMITS["{group}"] must be "<requests>/<seconds>" with both at least 1, such as '
            f'"120/60", or "" for no limit; not {value!r}.'
        )
    return Limit(requests=int(match[1]), seconds=int(match[2]))


@lru_cache(maxsize=8)
def _limits_parse(rates: tuple[tuple[object, object], ...], exports_per_client: object) -> Limits:
    unknown = [str(group) for group, _ in rates if group not in GROUPS]
    if unknown:
        raise ImproperlyConfigured(
            f"RATE_LIMITS has unknown groups {', '.join(unknown)}; the groups are {', '.join(GROUPS)}."
        )
    if (
        isinstance(exports_per_client, bool)
        or not isinstance(exports_per_client, int)
        or exports_per_client < 0
    ):
        raise ImproperlyConfigured(
            f"EXPORTS_PER_CLIENT must be a whole number, 0 for no cap; not {exports_per_client!r}."
        )
    parsed = {str(group): limit_parse(value, group=str(group)) for group, value in rates}  # known groups
    return Limits(
        rates={group: limit for group, limit in parsed.items() if limit is not None},
        exports_per_client=exports_per_client,
    )


def configured_limits() -> Limits:
    """The limits in the settings now (tests override them), parsed once per distinct value."""
    rates = settings.RATE_LIMITS
    if not isinstance(rates, Mapping):
        raise ImproperlyConfigured(
            f'RATE_LIMITS must be a dict such as {{"api": "120/60", "export": "10/60"}}; not {rates!r}.'
        )
    return _limits_parse(tuple(sorted(rates.items(), key=str)), settings.EXPORTS_PER_CLIENT)


def check_limits(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check: `manage.py check` (and `make serve`) name a malformed limit before serving."""
    try:
        configured_limits()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="portal.E001")]
    return []
