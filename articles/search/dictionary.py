"""Kiwi's user dictionary: the knowledge base's names and aliases, plus the glossary file.

Documents and queries must be read with the same dictionary, so every reader calls
``dictionary_refresh()`` first. It is cheap: the terms are read from the database only when this
process was told that entities changed (``dictionary_invalidate``, connected to the entity and
alias signals in ``ArticlesConfig.ready``) or, for changes made by another process, at most once
every ``settings.DICTIONARY_RECHECK_SECONDS``. Kiwi itself is rebuilt only when the terms differ.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings

from articles import korean
from policy.models import Alias, Entity

_lock = threading.Lock()
_checked_at: float | None = None  # monotonic time of the last read of the terms; None = stale


def glossary_terms() -> list[str]:
    """Words from settings.USER_DICTIONARY_FILE: loanwords and products Kiwi reads inconsistently."""
    path = settings.USER_DICTIONARY_FILE
    if not path or not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def entity_terms() -> list[str]:
    """Every entity name and alias, sorted and unique."""
    names = Entity.objects.values_list("name", flat=True)
    aliases = Alias.objects.values_list("text", flat=True)
    return sorted({*names, *aliases})


def dictionary_terms() -> list[str]:
    """The whole user dictionary: entity names and aliases, and the glossary words."""
    return sorted({*entity_terms(), *glossary_terms()})


def dictionary_invalidate(**_signal_kwargs: Any) -> None:
    """Make the next ``dictionary_refresh`` re-read the terms (a signal receiver, hence ``**kwargs``)."""
    global _checked_at
    _checked_at = None


def dictionary_refresh() -> str:
    """Bring this process's Kiwi up to date with the terms if they may have changed; returns the version."""
    global _checked_at
    with _lock:
        now = time.monotonic()
        if _checked_at is None or now - _checked_at >= settings.DICTIONARY_RECHECK_SECONDS:
            terms = dictionary_terms()
            if tuple(korean.normalise_term(t) for t in terms) != korean.user_terms():
                korean.set_user_terms(terms)
            _checked_at = now
    return korean.dictionary_version()
