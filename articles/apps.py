from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "기사"

    def ready(self) -> None:
        # The archive reads with a dictionary made of the knowledge base's names: it listens for
        # their changes (policy knows nothing of the archive).
        from articles.search.dictionary import dictionary_invalidate
        from policy.models import Alias, Entity

        for model in (Entity, Alias):
            for signal in (post_save, post_delete):
                signal.connect(
                    dictionary_invalidate, sender=model, dispatch_uid=f"dictionary-{model.__name__}"
                )
