"""The archive's version follows every write readers can see: the triggers that bump it.

Migration 0020 made the version (``articles_archive_version``) and the two trigger functions; this
module puts the statement trigger on every table of the archive (``articles``) and of the knowledge
base (``policy``), the tables of models added later included: it runs after each ``migrate``
(``ArticlesConfig.ready`` connects it to ``post_migrate``). A trigger in the database, not a call in
each service, so that no write path can forget it: the admin, the services, bulk ``update()`` and
``bulk_create``, ``COPY``, a data migration or ``psql`` all bump the version at their commit.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.db import connections

WATCHED_APPS = ("articles", "policy")
TRIGGER = "articles_archive_changed"


def archive_tables(*, app_registry=global_apps) -> list[str]:
    """Every table readers' pages are made from: those of the archive's and the knowledge base's
    models, history and many-to-many tables included."""
    tables: set[str] = set()
    for label in WATCHED_APPS:
        for model in app_registry.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return sorted(tables)


def archive_version_triggers_install(*, using: str = "default", app_registry=global_apps) -> list[str]:
    """(Re)create the statement trigger on every archive table that exists; returns their names.

    Idempotent (``CREATE OR REPLACE TRIGGER``), and cheap: one statement per table."""
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        cursor.execute("SELECT 1 FROM pg_proc WHERE proname = %s", [TRIGGER])
        if cursor.fetchone() is None:  # before migration 0020 (a migrate to an older state)
            return []
        tables = [t for t in archive_tables(app_registry=app_registry) if t in existing]
        for table in tables:
            name = connection.ops.quote_name(table)
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {name} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
            )
    return tables


def archive_version_on_migrate(*, using: str = "default", apps=global_apps, **_signal_kwargs) -> None:
    """``post_migrate`` receiver: every archive table gets its trigger, new tables included."""
    archive_version_triggers_install(using=using)
