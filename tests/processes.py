"""For tests that start other processes (servers, commands) against the test database."""

from __future__ import annotations

import socket

from django.db import connection

from portal.ops.backups import Database


def free_port() -> int:
    """A loopback TCP port no one listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_database_url() -> str:
    """The test database as a DATABASE_URL, for a process started by the test."""
    return Database.from_settings(connection.settings_dict).url()


test_database_url.__test__ = False  # a helper, not a test, despite its name
