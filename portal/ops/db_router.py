"""Read replicas: public reads go to a replica, everything else to the primary (docs/scaling.md).

Installed by ``portal/settings/base.py`` only when ``DATABASE_REPLICA_URLS`` names replicas; without
them nothing here runs. The rule, in the order it is checked:

1. Outside a web request (management commands, queue workers, the shell, migrations) every query
   goes to the primary: ingest decides "is this story already here?" and must not ask a lagging
   copy, and a command has no reader waiting on it.
2. A request that may write or act on what it reads reads from the primary for all of it: an unsafe
   method (POST, PUT, PATCH, DELETE) and any request carrying a session cookie (curators; the
   public site never writes and needs no session). A curator's form is never filled from a stale
   copy and then saved over newer data.
3. Within any request, once a write has been routed (``db_for_write``), the rest of the request
   reads from the primary: it sees its own writes. Inside ``transaction.atomic()`` reads go to the
   primary too, since the transaction's own rows exist only there.
4. Sessions, users and permissions, content types, the admin log and the task queue's job rows are read from the
   primary always: a revoked permission applies at once, a job's state is current.
5. Otherwise one replica, chosen at random at the request's first read, serves all of its reads:
   the total, the page and the facet counts come from one copy, never from two at different
   replication positions.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA_PREFIX = "replica_"
# Rows whose staleness would be a bug, not a delay: sessions (a login just written), users and
# permissions (a revocation), the admin's log, the task queue's jobs, failed logins (axes), and the
# rate-limit counts (portal), which are UNLOGGED and so never reach a replica at all.
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "admin", "contenttypes", "procrastinate", "axes", "portal"}
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class ReadScope:
    """Where the reads of one request go. Mutated in place, so a write routed in a copied context
    (``sync_to_async``) still pins the request that owns the scope."""

    primary: bool = False
    replica: str | None = None


_scope: ContextVar[ReadScope | None] = ContextVar("portal_db_read_scope", default=None)


def replica_aliases() -> list[str]:
    """The configured replica aliases (``replica_1``, ...), read from DATABASES at each call so that
    a test's or a deploy's settings are followed without a restart of the router."""
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


@contextmanager
def replica_reads(*, primary: bool = False):
    """Let the reads in this block go to a replica (rule 5), unless ``primary``.

    The middleware opens one per request; a command that only reads and tolerates lag (a report, a
    search index rebuilt on a web machine) may open one too.
    """
    token = _scope.set(ReadScope(primary=primary))
    try:
        yield _scope.get()
    finally:
        _scope.reset(token)


def request_reads_primary(request: HttpRequest) -> bool:
    """Rule 2: whether a request reads from the primary from its first query."""
    return request.method not in SAFE_METHODS or settings.SESSION_COOKIE_NAME in request.COOKIES


class ReplicaReadsMiddleware:
    """Opens the read scope of each request; outside one, every query goes to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with replica_reads(primary=request_reads_primary(request)):
            return self.get_response(request)


def _in_transaction() -> bool:
    """Whether the primary's connection is inside the application's ``transaction.atomic()``.

    The transaction a test case wraps each test in is not the application's: Django marks it
    ``_from_testcase`` and ignores it the same way for ``atomic(durable=True)``. Without that, every
    read under test would go to the primary and the routing could not be tested.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    return connection.in_atomic_block and any(
        not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )


class PrimaryReplicaRouter:
    """Reads to a replica when the rules above allow, writes and migrations to the primary.

    Every alias is the same database (replicas are copies of the primary), so relations between
    objects loaded from different aliases are allowed.
    """

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        scope = _scope.get()
        if scope is None or scope.primary or model._meta.app_label in PRIMARY_ONLY_APPS or _in_transaction():
            return DEFAULT_DB_ALIAS
        if scope.replica is None:
            replicas = replica_aliases()
            if not replicas:
                return DEFAULT_DB_ALIAS
            scope.replica = random.choice(replicas)
        return scope.replica

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        scope = _scope.get()
        if scope is not None:
            scope.primary = True  # rule 3: the rest of this request reads its own writes
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        # Replicas receive the schema by replication, never by running migrations themselves.
        return db == DEFAULT_DB_ALIAS
