"""Article tags belong to the archive: the models move to `articles` (0007 there renames the tables).

State only: the tables stay until `articles` takes them over, so no tag is lost."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('policy', '0003_verbose_names'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveField(
            model_name='historicalarticleentity',
            name='article',
        ),
        migrations.RemoveField(
            model_name='historicalarticleentity',
            name='entity',
        ),
        migrations.RemoveField(
            model_name='historicalarticleentity',
            name='history_user',
        ),
        migrations.DeleteModel(
            name='ArticleEntity',
        ),
        migrations.DeleteModel(
            name='HistoricalArticleEntity',
        ),
            ],
            database_operations=[],
        ),
    ]
