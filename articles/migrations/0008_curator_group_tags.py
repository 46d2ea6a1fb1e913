"""The `curator` group again, with article tags now under `articles`: the group's definition as it is
today (0005 keeps the one of its time). Idempotent; the tests re-create the group with this code."""

import importlib

from django.db import migrations

_first = importlib.import_module("articles.migrations.0005_curator_group")

GROUP = _first.GROUP
PERMISSIONS = {
    "articles": {
        **_first.PERMISSIONS["articles"],
        "articleentity": ["view", "add", "change", "delete"],
        "historicalarticleentity": ["view"],
    },
    "policy": {
        model: actions
        for model, actions in _first.PERMISSIONS["policy"].items()
        if model not in {"articleentity", "historicalarticleentity"}
    },
}


def create_curator_group(apps, schema_editor):
    _first.create_curator_group(apps, schema_editor, permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_article_tags_from_policy")]

    operations = [migrations.RunPython(create_curator_group, migrations.RunPython.noop)]
