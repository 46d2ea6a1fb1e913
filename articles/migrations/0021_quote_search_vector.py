# The quote search's vectors: the column and its GIN index (with its pending list, as the articles'
# vectors: an ingest inserts thousands of quotes). Existing quotes get their vectors from
# `manage.py quotes_extract` (the quotes without one are read by Kiwi); new ones at ingest.

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_archive_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="quote",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="quote_search_vector_gin"),
        ),
    ]
