"""Hypothesis profiles for the fuzz tests.

``fuzz`` (the default) keeps ``make test`` reproducible and short: a fixed set of examples per
property (derandomized), no example database left in the checkout. ``HYPOTHESIS_PROFILE=deep``
hunts: many more random examples, failures remembered in ``.hypothesis/`` for the next run.

Hypothesis' own ``deadline`` is off in both: it is a timing assertion, and the house rule is none.
What bounds a request is the statement timeout (see ``tests/fuzz/answers.py``).
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# The Django test client and the `client` fixture are function-scoped on purpose: every example of
# a property reads the same rolled-back archive, and no example writes.
_SHARED = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}

settings.register_profile("fuzz", max_examples=40, derandomize=True, database=None, **_SHARED)
settings.register_profile("deep", max_examples=600, **_SHARED)
