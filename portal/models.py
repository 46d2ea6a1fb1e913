"""The portal's own state: what the per-client rate limits share between server processes.

Both tables are UNLOGGED (migration 0001): they are rewritten on every limited request, and losing
them in a crash only forgets who asked recently, so they skip the write-ahead log. For the same
reason a physical replica has no copy of them; :mod:`portal.ops.ratelimit` always uses the primary.
"""

from __future__ import annotations

from django.db import models


class RateLimitBucket(models.Model):
    """One client's standing in one group of requests (``api``, ``export``), as GCRA keeps it.

    ``tat_us`` (the theoretical arrival time) is when the client's bucket is empty again; a row
    whose ``tat_us`` is past says no more than a missing row, so old rows are simply deleted.
    Times are microseconds since the epoch on the database's clock, the one clock every server shares.
    """

    pk = models.CompositePrimaryKey("client", "bucket")
    client = models.TextField()
    bucket = models.CharField(max_length=16)
    tat_us = models.BigIntegerField()
    seen_us = models.BigIntegerField()  # when the last request arrived
    allowed = models.BooleanField()  # whether the last request was let through

    class Meta:
        db_table = "portal_rate_limit_bucket"
        verbose_name = "요청 한도"
        verbose_name_plural = "요청 한도"

    def __str__(self) -> str:
        return f"{self.client} {self.bucket}"


class ExportSlot(models.Model):
    """One export streaming now for a client: ``slot`` counts from 0 below ``EXPORTS_PER_CLIENT``.

    The holder is the database session (``holder_pid``, ``holder_start``) that took the slot; a
    slot whose session has ended (its worker was killed) is free again, as is one older than the
    safety limit in :mod:`portal.ops.ratelimit.store`.
    """

    pk = models.CompositePrimaryKey("client", "slot")
    client = models.TextField()
    slot = models.SmallIntegerField()
    token = models.UUIDField()
    holder_pid = models.IntegerField()
    holder_start = models.DateTimeField()
    taken_at = models.DateTimeField()

    class Meta:
        db_table = "portal_export_slot"
        verbose_name = "진행 중인 내보내기"
        verbose_name_plural = "진행 중인 내보내기"

    def __str__(self) -> str:
        return f"{self.client} #{self.slot}"
