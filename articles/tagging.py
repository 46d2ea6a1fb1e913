"""Tagging: which entities an article mentions, read from the lexemes its search vector is built from.

The knowledge base (``policy``) holds the names, aliases and their rules as data; this module applies
them to the archive's articles.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from articles import korean
from articles.models import Article, ArticleEntity
from policy.models import Alias, Entity


@dataclass(frozen=True)
class _Pattern:
    entity_id: int
    needs_context: bool
    active_from: dt.date | None
    # Lexemes of the entity's context terms, one of which the article must contain (empty: none needed).
    context: frozenset[str] = frozenset()


def _patterns() -> dict[str, list[_Pattern]]:
    """Lexeme of each name and alias → the entities it may stand for.

    Names and aliases are dictionary terms, so every occurrence in an article (spacing and particles
    aside) is indexed as one term lexeme, ``korean.term_key(text)``: tagging counts those lexemes.
    Spellings that differ only in spacing share a key; each key counts once per entity, and an
    unambiguous spelling wins over a context-dependent one. An entity's context terms are keyed the
    same way, so "AI" matches the lexeme ``ai`` and "과기정통부" its term lexeme.
    """
    entities = {e.pk: e for e in Entity.objects.all()}
    strength: dict[tuple[str, int], bool] = {}
    for entity in entities.values():
        strength[(korean.term_key(entity.name), entity.pk)] = False
    for alias in Alias.objects.all():
        key = (korean.term_key(alias.text), alias.entity_id)
        strength[key] = strength.get(key, True) and alias.needs_context
    contexts = {
        pk: frozenset(filter(None, (korean.term_key(t) for t in e.context_terms or ())))
        for pk, e in entities.items()
    }
    patterns: dict[str, list[_Pattern]] = {}
    for (lexeme, entity_id), needs_context in strength.items():
        patterns.setdefault(lexeme, []).append(
            _Pattern(
                entity_id,
                needs_context=needs_context,
                active_from=entities[entity_id].active_from,
                context=contexts[entity_id],
            )
        )
    return patterns


def _texts(lexemes: Sequence[korean.Lexeme]) -> Iterator[tuple[int, korean.Lexeme]]:
    """Each lexeme with the number of the text it was read from.

    An article's lexemes are its title's, subtitle's and body's in a row, each text's offsets
    starting again at 0. Within one text ``start`` never goes back, and a base lexeme's compounds
    and dictionary terms follow it with the same ``start`` and never repeat its text: so a new text
    begins where ``start`` goes back, or where a text already seen at this offset comes again.
    """
    text, start = 0, -1
    seen: set[str] = set()
    for lexeme in lexemes:
        if lexeme.start < start or (lexeme.start == start and lexeme.text in seen):
            text += 1
        if lexeme.start != start:
            start, seen = lexeme.start, set()
        seen.add(lexeme.text)
        yield text, lexeme


def _count_places(spans: list[tuple[int, int, int, bool]]) -> tuple[int, int]:
    """``(unambiguous, context-dependent)`` places among one entity's matches.

    Overlapping matches are one place: "AI 국가대표 정예팀" also contains the alias "AI 국가대표",
    "국가AI컴퓨팅센터" the alias "AI컴퓨팅센터". A place is unambiguous if any match there is.
    """
    strong = weak = 0
    end, unambiguous, current = -1, False, None
    for text, start, stop, is_strong in sorted(spans):
        if current == text and start < end:
            end, unambiguous = max(end, stop), unambiguous or is_strong
            continue
        if current is not None:
            strong, weak = (strong + 1, weak) if unambiguous else (strong, weak + 1)
        current, end, unambiguous = text, stop, is_strong
    if current is not None:
        strong, weak = (strong + 1, weak) if unambiguous else (strong, weak + 1)
    return strong, weak


def entity_mentions(
    *, lexemes: Sequence[korean.Lexeme], published: dt.date | None, patterns: dict[str, list[_Pattern]]
) -> Counter[int]:
    """How often each entity is mentioned in an article's lexemes.

    The rules, in order:
    - a name or alias counts where its term lexeme occurs. Terms are matched on Kiwi's reading
      of whole words, spaces optional, so "독자적인 파운데이션 모델" (an adjective, not the
      programme's name) never reads as "독자 파운데이션 모델";
    - one place in the text is one mention, however many of the entity's spellings match there
      (overlapping matches are one place): counts follow the text, not the length of the alias list;
    - an alias marked ``needs_context`` ("배 장관") counts only when the same article also names
      the entity unambiguously: alone it could be anyone called 배;
    - an entity with ``context_terms`` counts only in an article containing one of them: 하정우
      the AI official needs "AI", "수석", "대통령실"..., so a review of 하정우 the actor's film
      is not tagged with him;
    - nothing counts for an entity in an article published before the entity's ``active_from``:
      before a programme existed, a phrase like "국가 파운데이션 모델" is a generic wish, not it.
      The rule needs a known date: an undated article (a body-only text, say) that names the
      programme is tagged with it, since an unknown date is no evidence of "too early".
    """
    spans: dict[int, list[tuple[int, int, int, bool]]] = {}
    contexts: dict[int, frozenset[str]] = {}
    for text, lexeme in _texts(lexemes):
        for pattern in patterns.get(lexeme.text, ()):
            if pattern.active_from and published is not None and published < pattern.active_from:
                continue
            spans.setdefault(pattern.entity_id, []).append(
                (text, lexeme.start, lexeme.end, not pattern.needs_context)
            )
            contexts[pattern.entity_id] = pattern.context
    present = {lexeme.text for lexeme in lexemes} if any(contexts.values()) else set()
    mentions: Counter[int] = Counter()
    for entity_id, matches in spans.items():
        strong, weak = _count_places(matches)
        if not strong:
            continue  # only context-dependent spellings: it could be someone else
        if contexts[entity_id] and contexts[entity_id].isdisjoint(present):
            continue  # a shared name without the words that say which bearer is meant
        mentions[entity_id] = strong + weak
    return mentions


def articles_tag(
    *, analysed: Iterable[tuple[Article, Sequence[korean.Lexeme]]], untagged: Iterable[int] = ()
) -> None:
    """Replace the automatic tags of the given articles; curators' additions and removals stay.

    ``analysed`` pairs each article with the lexemes of its title, subtitle and body, as the
    search index computed them, so tagging never tokenizes twice. ``untagged``: ids of articles
    the caller knows have no tag yet (just created), whose tags need not be read.

    In bulk: one read of the existing tags, one insert of the new ones; a changed or removed tag is
    still saved or deleted one by one, so its history records the change.
    """
    analysed = list(analysed)
    if not analysed:
        return
    patterns = _patterns()
    untagged = set(untagged)
    merged = [article.pk for article, _ in analysed if article.merged_into_id is not None]
    if merged:
        # A merged copy's tags moved to its canonical article: re-tagging must not grow them back.
        ArticleEntity.objects.filter(article_id__in=merged, origin=ArticleEntity.Origin.AUTO).delete()
    to_read = [a.pk for a, _ in analysed if a.merged_into_id is None and a.pk not in untagged]
    existing_by_article: dict[int, dict[int, ArticleEntity]] = {}
    if to_read:
        for tag in ArticleEntity.objects.filter(article_id__in=to_read).order_by("pk"):
            existing_by_article.setdefault(tag.article_id, {})[tag.entity_id] = tag
    new_tags: list[ArticleEntity] = []
    for article, lexemes in analysed:
        if article.merged_into_id is not None:
            continue
        mentions = entity_mentions(lexemes=lexemes, published=article.published_date, patterns=patterns)
        existing = existing_by_article.get(article.pk, {})
        for entity_id, tag in existing.items():
            if tag.origin == ArticleEntity.Origin.AUTO and entity_id not in mentions:
                tag.delete()
            elif tag.mentions != mentions.get(entity_id, 0):
                tag.mentions = mentions.get(entity_id, 0)
                tag.save(update_fields=["mentions"])
        new_tags.extend(
            ArticleEntity(article=article, entity_id=entity_id, mentions=count)
            for entity_id, count in mentions.items()
            if entity_id not in existing
        )
    if new_tags:
        ArticleEntity.objects.bulk_create(new_tags)


def article_tags_merge(*, canonical: Article, others: Sequence[Article]) -> None:
    """Move the tags of articles being merged to their canonical article.

    A tag the canonical article lacks moves over as it is. Where both have one, a curator's
    decision (added or removed by hand) wins over an automatic tag: the canonical article's own
    decision first, then the first one found among the others. Mention counts are left to the
    re-tagging of the canonical article that follows the merge.
    """
    kept = {t.entity_id: t for t in ArticleEntity.objects.filter(article=canonical)}
    for tag in ArticleEntity.objects.filter(article__in=others).order_by("article_id", "pk"):
        mine = kept.get(tag.entity_id)
        if mine is None:
            tag.article = canonical
            tag.save(update_fields=["article"])
            kept[tag.entity_id] = tag
            continue
        if mine.origin == ArticleEntity.Origin.AUTO and tag.origin != ArticleEntity.Origin.AUTO:
            mine.origin = tag.origin
            mine.save(update_fields=["origin"])
        tag.delete()
