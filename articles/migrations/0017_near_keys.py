# Near-duplicate keys (MinHash LSH bands, articles.ingest.minhash): the column, the keys of every
# existing article, then the GIN index (built once over the filled column, faster than kept up
# during the backfill). About 0.3 ms an article: 100k articles take well under a minute.

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

BATCH = 1000


def backfill(apps, schema_editor):
    from articles.ingest.minhash import near_keys

    Article = apps.get_model("articles", "Article")
    last = 0
    while True:
        batch = list(
            Article.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "body")[:BATCH]
        )
        if not batch:
            return
        last = batch[-1][0]
        Article.objects.bulk_update(
            [Article(pk=pk, near_keys=near_keys(body)) for pk, body in batch], ["near_keys"]
        )


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0016_quotes_curator_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="near_keys",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(), blank=True, editable=False, null=True, size=None
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["near_keys"], name="article_near_keys_gin", fastupdate=False
            ),
        ),
    ]
