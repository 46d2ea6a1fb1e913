"""What version of the archive a reader would see now: the key of every cached page.

Two parts: the number the database bumps at the commit of any write readers can see (migration
0020, ``articles.services.archive_version``), and the search backend's generation, which moves a
moment later, when the index has followed that commit (``search_sync`` runs after commit). A page
cached between the two is cached under the old generation, so it is never served as the new one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import connections, router

from articles.models import Article
from articles.search.backends import search_backend


@dataclass(frozen=True)
class ArchiveVersion:
    token: str  # changes whenever what readers see may have changed
    changed_at: datetime  # when the database's part last changed (Last-Modified)


def archive_version() -> ArchiveVersion:
    """The archive's version now: one indexed read of one row, and a stat of the index's metadata."""
    # From the database this request's pages read (a replica, when there are replicas): the number
    # then never runs ahead of the data it stands for.
    with connections[router.db_for_read(Article)].cursor() as cursor:
        cursor.execute("SELECT version, changed_at FROM articles_archive_version WHERE id = 1")
        version, changed_at = cursor.fetchone()
    generation = search_backend().generation()
    suffix = hashlib.blake2b(generation.encode(), digest_size=6).hexdigest() if generation else ""
    return ArchiveVersion(token=f"{version}-{suffix}" if suffix else str(version), changed_at=changed_at)
