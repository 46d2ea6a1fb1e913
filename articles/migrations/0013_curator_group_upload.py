"""The `curator` group may upload article files in the admin (`articles.add_article`): the group's
definition as it is today (0005 and 0008 keep theirs). Idempotent; the tests re-create the group
with this code."""

import importlib

from django.db import migrations

_first = importlib.import_module("articles.migrations.0005_curator_group")
_tags = importlib.import_module("articles.migrations.0008_curator_group_tags")

GROUP = _first.GROUP
PERMISSIONS = {
    **_tags.PERMISSIONS,
    "articles": {**_tags.PERMISSIONS["articles"], "article": ["view", "add", "change"]},
}


def create_curator_group(apps, schema_editor):
    _first.create_curator_group(apps, schema_editor, permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_article_readable_newest_index")]

    operations = [migrations.RunPython(create_curator_group, migrations.RunPython.noop)]
