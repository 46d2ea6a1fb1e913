"""The counts every server process shares, kept in PostgreSQL (the one store they all reach):
one atomic statement per limited request, and one per export slot taken or given back.

Rates are GCRA (the generic cell rate algorithm) rather than fixed windows, because it fits one
``INSERT … ON CONFLICT DO UPDATE`` on one row per client and group, and because:

- a refused request changes nothing, so a client that waits the ``Retry-After`` it was told is let
  in then, instead of being pushed back by its own retries;
- that wait is the real one (a slot frees every ``seconds / requests``), not the rest of a window;
- there are no windows to roll: a row whose time is past means the same as no row, so deleting
  old rows now and then (:func:`stale_rows_delete`) never changes an answer.

All times come from the database's ``clock_timestamp()``: one clock for every server, and, unlike
``now()``, it moves inside a transaction.
"""

from __future__ import annotations

import contextlib
import math
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

from portal.models import ExportSlot, RateLimitBucket
from portal.ops.ratelimit.limits import MICROSECONDS, Limit

# A slot still marked as held after this long is taken over even though its database session
# lives: the safety net for a response the server never closed. Whole-archive exports end far
# sooner (gunicorn's worker timeout ends them first).
EXPORT_SLOT_MAX_SECONDS = 3600

_BUCKETS = RateLimitBucket._meta.db_table
_SLOTS = ExportSlot._meta.db_table
_NOW_US = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint"

# The first request of a client makes the row; later ones move its TAT one interval on when that
# stays within one period of now, and leave it alone (allowed = false) when it does not.
_HIT = f"""
WITH clock AS (SELECT {_NOW_US} AS now_us)
INSERT INTO {_BUCKETS} AS b (client, bucket, tat_us, seen_us, allowed)
SELECT %(client)s, %(bucket)s, clock.now_us + %(interval)s, clock.now_us, true FROM clock
ON CONFLICT (client, bucket) DO UPDATE SET
    seen_us = EXCLUDED.seen_us,
    allowed = greatest(b.tat_us, EXCLUDED.seen_us) + %(interval)s - EXCLUDED.seen_us <= %(period)s,
    tat_us = CASE
        WHEN greatest(b.tat_us, EXCLUDED.seen_us) + %(interval)s - EXCLUDED.seen_us <= %(period)s
        THEN greatest(b.tat_us, EXCLUDED.seen_us) + %(interval)s
        ELSE b.tat_us
    END
RETURNING allowed, tat_us - seen_us
"""

# A slot is free when no row holds it, or when its holder's database session is gone (a killed
# worker's connection closes with it; pid and start time together name one session), or when it
# is older than the safety net. All servers use the archive's one database role, so each sees the
# others' sessions in pg_stat_activity.
_SLOT_STALE = f"""(
    s.taken_at < clock_timestamp() - make_interval(secs => {EXPORT_SLOT_MAX_SECONDS})
    OR NOT EXISTS (
        SELECT 1 FROM pg_stat_activity a WHERE a.pid = s.holder_pid AND a.backend_start = s.holder_start
    )
)"""

_TAKE = f"""
INSERT INTO {_SLOTS} AS s (client, slot, token, holder_pid, holder_start, taken_at)
SELECT %(client)s, %(slot)s, %(token)s, a.pid, a.backend_start, clock_timestamp()
FROM pg_stat_activity a WHERE a.pid = pg_backend_pid()
ON CONFLICT (client, slot) DO UPDATE SET
    token = EXCLUDED.token,
    holder_pid = EXCLUDED.holder_pid,
    holder_start = EXCLUDED.holder_start,
    taken_at = EXCLUDED.taken_at
WHERE {_SLOT_STALE}
RETURNING slot
"""

_RELEASE = f"DELETE FROM {_SLOTS} WHERE client = %(client)s AND slot = %(slot)s AND token = %(token)s"

_SWEEP_BUCKETS = f"DELETE FROM {_BUCKETS} WHERE tat_us < {_NOW_US}"
_SWEEP_SLOTS = f"DELETE FROM {_SLOTS} AS s WHERE {_SLOT_STALE}"


class LimitsUnavailable(Exception):
    """The shared counts could not be read or written (the database is down or refused)."""


@dataclass(frozen=True)
class Verdict:
    """One request's answer from its bucket; ``ahead_us`` is how far the bucket's TAT lies ahead
    of the request, after it was counted (or not)."""

    allowed: bool
    ahead_us: int
    limit: Limit

    @property
    def retry_after(self) -> int:
        """Whole seconds until one more request fits, at least 1."""
        wait_us = self.ahead_us + self.limit.interval_us - self.limit.period_us
        return max(1, math.ceil(wait_us / MICROSECONDS))

    @property
    def remaining(self) -> int:
        """Requests that would still be let through now, one after another."""
        return max(0, (self.limit.period_us - self.ahead_us) // self.limit.interval_us)

    @property
    def reset(self) -> int:
        """Whole seconds until the full burst is available again."""
        return max(0, math.ceil(self.ahead_us / MICROSECONDS))


@dataclass(frozen=True)
class HeldSlot:
    """An export slot this request holds; the token makes sure only its taker gives it back."""

    client: str
    slot: int
    token: uuid.UUID


@contextlib.contextmanager
def _cursor() -> Iterator:
    # The primary, named rather than asked of the router: the tables are UNLOGGED, so replicas
    # have none, and router.db_for_write would send the rest of the request's reads to the primary.
    alias = DEFAULT_DB_ALIAS
    connection = connections[alias]
    # Inside a transaction (the test suite's, or any caller's) a failed statement would abort it
    # for every query after ours: a savepoint keeps the failure to us. Requests run in autocommit,
    # where each statement is its own transaction and no savepoint is needed.
    scope = transaction.atomic(using=alias) if connection.in_atomic_block else contextlib.nullcontext()
    try:
        with scope, connection.cursor() as cursor:
            yield cursor
    except DatabaseError as exc:
        raise LimitsUnavailable(str(exc)) from exc


def rate_hit(*, client: str, bucket: str, limit: Limit) -> Verdict:
    """Count one request of ``client`` in ``bucket`` (atomically, for every process): let it
    through or not. Raises :class:`LimitsUnavailable` when the database cannot answer."""
    params = {"client": client, "bucket": bucket, "interval": limit.interval_us, "period": limit.period_us}
    with _cursor() as cursor:
        cursor.execute(_HIT, params)
        allowed, ahead_us = cursor.fetchone()
    return Verdict(allowed=allowed, ahead_us=ahead_us, limit=limit)


def export_slot_take(*, client: str, cap: int) -> HeldSlot | None:
    """One of ``client``'s ``cap`` export slots, or None when all are held by running exports.
    Raises :class:`LimitsUnavailable` when the database cannot answer."""
    token = uuid.uuid4()
    with _cursor() as cursor:
        # One statement per slot, each atomic on its row: two requests never take the same slot.
        for slot in range(cap):
            cursor.execute(_TAKE, {"client": client, "slot": slot, "token": token})
            if cursor.fetchone() is not None:
                return HeldSlot(client=client, slot=slot, token=token)
    return None


def export_slot_release(held: HeldSlot) -> None:
    """Give the slot back. Raises :class:`LimitsUnavailable` when the database cannot answer; the
    slot then frees when its session ends or its age passes the safety net."""
    with _cursor() as cursor:
        cursor.execute(_RELEASE, {"client": held.client, "slot": held.slot, "token": held.token})


def stale_rows_delete() -> None:
    """Delete buckets whose time has passed (they mean no more than a missing row) and slots whose
    holder is gone, so that both tables stay as small as the set of recent clients."""
    with _cursor() as cursor:
        cursor.execute(_SWEEP_BUCKETS)
        cursor.execute(_SWEEP_SLOTS)
