from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "기사"

    def ready(self) -> None:
        from articles.models import Article, ArticleEntity
        from articles.search.backends import article_saved
        from articles.search.dictionary import dictionary_invalidate
        from articles.services.archive_version import archive_version_on_migrate
        from policy.models import Alias, Entity

        # The archive reads with a dictionary made of the knowledge base's names: it listens for
        # their changes (policy knows nothing of the archive).
        for model in (Entity, Alias):
            for signal in (post_save, post_delete):
                signal.connect(
                    dictionary_invalidate, sender=model, dispatch_uid=f"dictionary-{model.__name__}"
                )
        # The search backend follows every saved article and tag; bulk paths sync explicitly.
        post_save.connect(article_saved, sender=Article, dispatch_uid="search-index-article")
        for signal in (post_save, post_delete):
            signal.connect(article_saved, sender=ArticleEntity, dispatch_uid="search-index-tag")
        # Every table readers' pages come from bumps the archive's version at commit: after each
        # migrate, tables added since get their trigger too (articles/services/archive_version.py).
        post_migrate.connect(archive_version_on_migrate, sender=self, dispatch_uid="archive-version")
