from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "policy"
    verbose_name = "인물·정책"

    def ready(self) -> None:
        # articles knows policy only through these two hooks: the names feed Kiwi's user
        # dictionary, and every freshly analysed article is tagged from the same lexemes.
        from articles.search import index
        from policy.selectors import dictionary_terms

        if dictionary_terms not in index.term_providers:
            index.term_providers.append(dictionary_terms)
        if _tag_hook not in index.analysis_hooks:
            index.analysis_hooks.append(_tag_hook)


def _tag_hook(pairs) -> None:
    from policy.services import articles_tag

    articles_tag(analysed=pairs)
