"""Article tags move here from `policy`: the tables, their index and their content types are renamed,
so rows, history and the curator group's permissions carry over."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ("articleentity", "historicalarticleentity")


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types(apps, schema_editor):
    _relabel(apps, "policy", "articles")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, "articles", "policy")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_verbose_names'),
        ('policy', '0004_article_tags_to_archive'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='HistoricalArticleEntity',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('mentions', models.PositiveIntegerField(default=0, verbose_name='언급 수')),
                ('origin', models.CharField(choices=[('auto', '자동'), ('manual', '수동 추가'), ('removed', '수동 제거')], default='auto', max_length=10, verbose_name='출처')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('article', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.article', verbose_name='기사')),
                ('entity', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='policy.entity', verbose_name='개체')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 기사 태그',
                'verbose_name_plural': 'historical 기사 태그',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ArticleEntity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('mentions', models.PositiveIntegerField(default=0, verbose_name='언급 수')),
                ('origin', models.CharField(choices=[('auto', '자동'), ('manual', '수동 추가'), ('removed', '수동 제거')], default='auto', max_length=10, verbose_name='출처')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entity_tags', to='articles.article', verbose_name='기사')),
                ('entity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='article_tags', to='policy.entity', verbose_name='개체')),
            ],
            options={
                'verbose_name': '기사 태그',
                'verbose_name_plural': '기사 태그',
                'indexes': [models.Index(fields=['entity', 'article'], name='articles_ar_entity__c9274d_idx')],
                'constraints': [models.UniqueConstraint(fields=('article', 'entity'), name='unique_article_entity')],
            },
        ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [
                        "ALTER TABLE policy_articleentity RENAME TO articles_articleentity",
                        "ALTER TABLE policy_historicalarticleentity RENAME TO articles_historicalarticleentity",
                        "ALTER INDEX policy_arti_entity__44db6d_idx RENAME TO articles_ar_entity__c9274d_idx",
                    ],
                    [
                        "ALTER INDEX articles_ar_entity__c9274d_idx RENAME TO policy_arti_entity__44db6d_idx",
                        "ALTER TABLE articles_historicalarticleentity RENAME TO policy_historicalarticleentity",
                        "ALTER TABLE articles_articleentity RENAME TO policy_articleentity",
                    ],
                ),
                migrations.RunPython(move_content_types, move_content_types_back),
            ],
        ),
    ]
