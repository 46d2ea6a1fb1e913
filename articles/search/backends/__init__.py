"""The search backend: chosen once from ``settings.SEARCH_BACKEND`` (the only place it is read).

``tantivy`` (the default) answers from a derived tantivy index; ``postgres`` answers from PostgreSQL
alone. Both implement :class:`~articles.search.backends.base.SearchBackend`; callers ask
:func:`search_backend` and never import an engine. Nothing outside this package imports tantivy.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import Model

from articles.search.backends.base import SearchBackend

BACKENDS = ("tantivy", "postgres")


@functools.cache
def _backend(name: str) -> SearchBackend:
    if name == "tantivy":
        from articles.search.backends.tantivy.backend import TantivyBackend

        return TantivyBackend()
    if name == "postgres":
        from articles.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    raise ValueError(f"SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")


_chosen: SearchBackend | None = None


def search_backend() -> SearchBackend:
    """This process's search backend."""
    global _chosen
    if _chosen is None:
        _chosen = _backend(settings.SEARCH_BACKEND)
    return _chosen


def _setting_changed(*, setting: str, **_kwargs: Any) -> None:
    # Tests switch backends with override_settings; a deployment sets it once.
    global _chosen
    if setting == "SEARCH_BACKEND":
        _chosen = None


setting_changed.connect(_setting_changed)


def search_sync(*, ids: Iterable[int]) -> None:
    """Make the search backend agree with PostgreSQL for these articles once the transaction
    commits: the one call every write of what readers may see ends with (docs/architecture.md)."""
    search_backend().sync(ids)


def article_saved(*, instance: Model, **_signal_kwargs: Any) -> None:
    """Signal receiver: any save of an article (or of one of its tags) re-syncs that article, so a
    write outside the services (the shell, a data migration) still reaches the search backend."""
    search_sync(ids=[getattr(instance, "article_id", None) or instance.pk])
