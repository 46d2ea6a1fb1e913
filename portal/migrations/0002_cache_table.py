# The shared cache's table (CACHES in portal/settings/base.py: the database cache unless Redis is
# configured). `createcachetable` creates only what is missing and nothing for a Redis cache.

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_rate_limits")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
