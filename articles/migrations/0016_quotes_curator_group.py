"""The `curator` group may list, correct and add quotes (not delete them: a quote that is not one is
marked so, which keeps it out of the next extraction). The group's definition as it is today
(0005, 0008 and 0013 keep theirs). Idempotent; the tests re-create the group with this code."""

import importlib

from django.db import migrations

_first = importlib.import_module("articles.migrations.0005_curator_group")
_upload = importlib.import_module("articles.migrations.0013_curator_group_upload")

GROUP = _first.GROUP
PERMISSIONS = {
    **_upload.PERMISSIONS,
    "articles": {
        **_upload.PERMISSIONS["articles"],
        "quote": ["view", "add", "change"],
        "historicalquote": ["view"],
    },
}


def create_curator_group(apps, schema_editor):
    _first.create_curator_group(apps, schema_editor, permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_quotes")]

    operations = [migrations.RunPython(create_curator_group, migrations.RunPython.noop)]
