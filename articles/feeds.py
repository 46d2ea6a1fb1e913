"""Atom feeds for searches (to be written)."""

from django.contrib.syndication.views import Feed


class SearchFeed(Feed):
    title = "AI 정책 뉴스 아카이브"
    link = "/search/"

    def items(self):
        return []
