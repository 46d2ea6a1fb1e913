"""The `curator` group: what correcting the archive needs, and nothing else.

No user or group management and no deleting articles (an unwanted article is excluded, which keeps
it and its provenance). Outlets can be added because an article of an outlet the archive has not
seen yet can only be fixed by creating it; near-duplicate links can be deleted to dismiss a false
match.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "curator"

PERMISSIONS = {
    "articles": {
        "article": ["view", "change"],
        "source": ["view"],
        "articlesource": ["view"],
        "nearduplicate": ["view", "delete"],
        "outlet": ["view", "add", "change"],
        "historicalarticle": ["view"],
        "historicaloutlet": ["view"],
    },
    "policy": {
        "entity": ["view", "add", "change", "delete"],
        "alias": ["view", "add", "change", "delete"],
        "role": ["view", "add", "change", "delete"],
        "articleentity": ["view", "add", "change", "delete"],
        "historicalentity": ["view"],
        "historicalalias": ["view"],
        "historicalrole": ["view"],
        "historicalarticleentity": ["view"],
    },
}


def create_curator_group(apps, schema_editor, permissions=PERMISSIONS):
    # Permissions are normally created after `migrate` (post_migrate); on a fresh database they do
    # not exist yet at this point, so create them now. Migration state apps are stubs without a
    # models module, which create_permissions would skip; a real registry (tests re-creating the
    # group after a flush) is left as it is.
    for app_config in apps.get_app_configs():
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if stub:
            app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = []
    for app_label, models in permissions.items():
        for model, actions in models.items():
            for action in actions:
                wanted.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                )
    group.permissions.set(wanted)


def delete_curator_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_history"),
        ("policy", "0002_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curator_group, delete_curator_group)]
