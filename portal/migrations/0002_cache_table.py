# The database cache's table (settings.CACHE_TABLE; CACHES in portal/settings/base.py uses it unless
# Redis is configured). Made whatever CACHES says now: a deployment may move from Redis to the
# database, and a database migrated under other settings (the tests') may be served by `make serve`.

from django.conf import settings
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, settings.CACHE_TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(settings.CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_rate_limits")]

    operations = [migrations.RunPython(create, drop)]
