"""People, programmes and organisations the archive follows, their roles and aliases.

One ``Entity`` table with a ``kind`` (and proxy models per kind for the admin) rather than three
tables: tagging, facets and the Kiwi user dictionary treat every kind the same way, so one
table keeps those queries single and the alias rules in one place.
"""

from __future__ import annotations

import functools

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from simple_history.models import HistoricalRecords


class EntityQuerySet(models.QuerySet):
    def people(self) -> EntityQuerySet:
        return self.filter(kind=Entity.Kind.PERSON)

    def programmes(self) -> EntityQuerySet:
        return self.filter(kind=Entity.Kind.PROGRAMME)

    def organisations(self) -> EntityQuerySet:
        return self.filter(kind=Entity.Kind.ORGANISATION)


class Entity(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "인물"
        PROGRAMME = "programme", "정책·사업"
        ORGANISATION = "organisation", "기관·기업"

    kind = models.CharField("종류", max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField("이름", max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField("설명", blank=True)
    ministry = models.CharField("주관 부처", max_length=200, blank=True)
    start_date = models.DateField("시작일", null=True, blank=True)
    # Below this date a mention is not about the entity (e.g. a programme announced in June 2025
    # cannot be what a February 2025 article means by a generic phrase).
    active_from = models.DateField("언급 인정 시작일", null=True, blank=True)
    # A name other people share (하정우 the AI official and 하정우 the film actor) counts only in an
    # article that also contains one of these words, read as the search index reads them (whole
    # words or dictionary terms: "AI", "수석", "과기정통부"). Empty: the name alone is enough.
    context_terms = ArrayField(
        models.CharField(max_length=100),
        verbose_name="문맥 단어",
        blank=True,
        default=list,
        help_text="동명이인이 있을 때: 이 단어 중 하나가 기사에 함께 나와야 태그합니다 (쉼표로 구분).",
    )

    objects = EntityQuerySet.as_manager()
    history = HistoricalRecords()
    n_articles: int  # not a column: annotated by the admin's list (SubqueryCount of its tags)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_entity_name_per_kind")]
        verbose_name = "개체"
        verbose_name_plural = "개체"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # Every result on a page draws its entity chips: a few hundred links per page, to a few
        # hundred entities in all, so each is reversed once per URL configuration.
        return _entity_url(self.kind, self.slug, get_script_prefix(), get_urlconf())


class Role(models.Model):
    """A position a person held, e.g. 과학기술정보통신부 장관 from 2025-07."""

    person = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="roles", verbose_name="인물")
    title = models.CharField("직함", max_length=200)
    start = models.DateField("시작", null=True, blank=True)
    end = models.DateField("끝", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["start"]
        verbose_name = "직책"
        verbose_name_plural = "직책"

    def __str__(self) -> str:
        return self.title


class Alias(models.Model):
    """Another way the news names an entity."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases", verbose_name="개체")
    text = models.CharField("별칭", max_length=200)
    # Short forms such as "배 장관" are ambiguous alone: they count only in an article that
    # also names the entity by its full name or an unambiguous alias.
    needs_context = models.BooleanField("전체 이름이 함께 나올 때만", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["entity", "text"]
        constraints = [models.UniqueConstraint(fields=["entity", "text"], name="unique_alias_per_entity")]
        verbose_name = "별칭"
        verbose_name_plural = "별칭"

    def __str__(self) -> str:
        return self.text


@functools.lru_cache(maxsize=8192)
def _entity_url(kind: str, slug: str, _prefix: str, _urlconf: object) -> str:
    return reverse(f"policy:{kind}", args=[slug])
