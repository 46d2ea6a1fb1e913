"""``manage.py``: the streaming ingest runs under the system allocator (bench/STREAMING.md)."""

from __future__ import annotations

import manage


def test_ingest_starts_again_under_the_system_allocator():
    env = manage._with_system_malloc(["manage.py", "ingest", "dump.jsonl"], {"PATH": "/bin"})
    assert env == {"PATH": "/bin", "PYTHONMALLOC": "malloc"}


def test_other_commands_and_an_allocator_already_chosen_are_left_alone():
    assert manage._with_system_malloc(["manage.py", "runserver"], {}) is None
    assert manage._with_system_malloc(["manage.py"], {}) is None
    assert manage._with_system_malloc(["manage.py", "ingest", "x"], {"PYTHONMALLOC": "malloc"}) is None
    assert manage._with_system_malloc(["manage.py", "ingest", "x"], {"PYTHONMALLOC": "debug"}) is None
