"""What every curator's write shares: the error a curator reads, and the history a write records."""

from __future__ import annotations


class CurationError(ValueError):
    """A curator's request cannot be carried out; the message is meant for the curator."""


def with_history(instance, *, user, reason: str):
    """Mark ``instance`` so its next save or delete is recorded with ``user`` and ``reason``.

    simple_history reads these attributes when the row is written, outside a request too.
    """
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user
    if reason:
        instance._change_reason = reason[:100]
    return instance
