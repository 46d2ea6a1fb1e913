"""A read replica for the router tests: the alias ``replica_1``, a test mirror of ``default``.

Added when this package is collected, before the test database is set up, as
``DATABASE_REPLICA_URLS`` would add it: Django then points its connection at the test database.
Being a mirror, it is its own connection outside the test's transaction, so it sees committed rows
only — like a replica that has not yet received the test's writes. The router itself is switched
on per test (``override_settings(DATABASE_ROUTERS=...)``); other tests never route there.
"""

from __future__ import annotations

import pytest
from django.db import connections

REPLICA = "replica_1"

if REPLICA not in connections.settings:
    default = connections.settings["default"]
    # The same dict object backs settings.DATABASES, so both see the alias.
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}


@pytest.fixture(autouse=True)
def _close_the_replica_connection():
    """The mirror's connection is outside the test transaction and stays open after a test; closed
    here, or the test database cannot be dropped at the end of the run."""
    yield
    connections[REPLICA].close()
