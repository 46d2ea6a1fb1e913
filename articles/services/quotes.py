"""Quotes (인용문): extracted from article bodies, linked to entities, corrected by curators.

The extraction itself is ``articles.korean.quotes`` (rules, no database); this module stores it.
Rules kept here, whoever calls (ingest, ``manage.py quotes_extract``, the admin):

* re-extraction replaces only the extractor's own quotes (``origin=auto``); a quote a curator
  added, corrected or marked as not a quote stays, and no automatic quote is stored over its
  span, so a correction outlives re-extraction and re-ingest;
* when a body changes, a curated quote is found again in the new body (the occurrence nearest
  its old place) or kept without offsets;
* a speaker is linked to an ``Entity`` by name or alias (``korean.term_key``, as tagging reads
  them), people to people and organisations to organisations; an alias that needs context
  (배 장관) or an entity with context terms links only in an article tagged with that entity;
  anonymous sources are never linked;
* every change is in the history: automatic writes as such, a curator's with their name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from articles import korean
from articles.korean.quotes import Quote as Found
from articles.korean.quotes import quotes_extract
from articles.models import Article, ArticleEntity, Quote
from articles.services.history import CurationError, with_history
from articles.services.quote_vectors import quote_vector, quote_vectors_store
from policy.models import Alias, Entity

# Fields a curator may set on a quote.
CURATABLE = (
    "text",
    "start",
    "end",
    "kind",
    "speaker",
    "role",
    "speaker_kind",
    "speaker_entity",
    "anonymous",
    "verb",
)
_STORED = (
    "text", "start", "end", "kind", "speaker", "role", "speaker_kind", "speaker_entity_id", "anonymous", "verb",
    "resolution",
)  # fmt: skip


@dataclass
class QuoteReport:
    """What a refresh did: quotes created, updated and deleted; curated ones kept or moved."""

    articles: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    curated: int = 0
    relocated: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, other: QuoteReport) -> None:
        for name in ("articles", "created", "updated", "deleted", "curated", "relocated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, n in other.by_kind.items():
            self.by_kind[kind] = self.by_kind.get(kind, 0) + n


@dataclass(frozen=True)
class _Name:
    entity_id: int
    kind: str
    # Counts only in an article tagged with the entity: an alias like 배 장관, a shared name.
    needs_tag: bool


@dataclass
class Names:
    """The knowledge base's names as the quote rules and the linker read them."""

    people: frozenset[str]
    organisations: frozenset[str]
    by_key: dict[str, list[_Name]]


def names_load() -> Names:
    """Entity names and aliases: two queries, read once per batch."""
    entities = {e["pk"]: e for e in Entity.objects.values("pk", "name", "kind", "context_terms")}
    by_key: dict[str, list[_Name]] = {}
    people: set[str] = set()
    organisations: set[str] = set()

    def add(text: str, entity: Mapping[str, Any], needs_context: bool) -> None:
        key = korean.term_key(text)
        if not key:
            return
        needs_tag = needs_context or bool(entity["context_terms"])
        by_key.setdefault(key, []).append(_Name(entity["pk"], entity["kind"], needs_tag))
        if entity["kind"] == Entity.Kind.PERSON and not needs_context:
            people.add(text)
        elif entity["kind"] == Entity.Kind.ORGANISATION and not needs_context:
            organisations.add(text)

    for entity in entities.values():
        add(entity["name"], entity, False)
    for alias in Alias.objects.values("text", "entity_id", "needs_context"):
        add(alias["text"], entities[alias["entity_id"]], alias["needs_context"])
    return Names(frozenset(people), frozenset(organisations), by_key)


def speaker_link(*, speaker: str, kind: str, names: Names, tagged: frozenset[int]) -> int | None:
    """The entity a speaker is, or None: same name or alias, a compatible kind, and the article
    tagged with it when the name alone could be someone else."""
    if (
        kind not in (Quote.SpeakerKind.PERSON, Quote.SpeakerKind.ORGANISATION, Quote.SpeakerKind.GROUP)
        or not speaker
    ):
        return None
    wanted = Entity.Kind.PERSON if kind == "person" else Entity.Kind.ORGANISATION
    found = {
        n.entity_id
        for n in names.by_key.get(korean.term_key(speaker), ())
        if n.kind == wanted and (not n.needs_tag or n.entity_id in tagged)
    }
    if len(found) > 1:
        found &= tagged  # two entities share the name: the one this article is about
    return found.pop() if len(found) == 1 else None


def _values(found: Found, *, names: Names, tagged: frozenset[int]) -> dict:
    entity = (
        None
        if found.anonymous
        else speaker_link(speaker=found.speaker, kind=found.speaker_kind, names=names, tagged=tagged)
    )
    return {
        "text": found.text,
        "start": found.start,
        "end": found.end,
        "kind": found.kind,
        "speaker": found.speaker[:200],
        "role": found.role[:300],
        "speaker_kind": "" if found.anonymous else found.speaker_kind,
        "speaker_entity_id": entity,
        "anonymous": found.anonymous,
        "verb": found.verb[:60],
        "resolution": found.resolution[:20],
    }


def _relocate(quote: Quote, body: str) -> bool:
    """Find a curated quote again in a changed body: the occurrence nearest its old place."""
    if quote.start is not None and body[quote.start : quote.end] == quote.text:
        return False
    hits, at = [], body.find(quote.text)
    while at >= 0 and quote.text:
        hits.append(at)
        at = body.find(quote.text, at + 1)
    old = quote.start or 0
    best = min(hits, key=lambda h: abs(h - old)) if hits else None
    quote.start, quote.end = (best, best + len(quote.text)) if best is not None else (None, None)
    return True


def _overlaps(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def quotes_refresh(
    *,
    articles: Sequence[Article],
    new: Iterable[int] = (),
    names: Names | None = None,
    body_lexemes: Mapping[int, Sequence[korean.Lexeme]] | None = None,
) -> QuoteReport:
    """Extract the quotes of ``articles`` again and store them, with their search vectors;
    curators' quotes stay.

    ``new``: ids of articles just created, which have no quotes yet (not read). ``names``: the
    knowledge base's names when the caller already read them (``names_load``). ``body_lexemes``:
    the bodies' lexemes by article id when the caller just analysed them (the ingest): a new or
    changed quote's vector is cut from them; without them, Kiwi reads the quotes that have none.
    The caller owns the transaction.
    """
    report = QuoteReport()
    articles = [a for a in articles if a.merged_into_id is None]
    if not articles:
        return report
    names = names or names_load()
    ids = [a.pk for a in articles]
    new = set(new)
    existing: dict[int, list[Quote]] = {}
    to_read = [pk for pk in ids if pk not in new]
    if to_read:
        for q in Quote.objects.filter(article_id__in=to_read).order_by("pk"):
            existing.setdefault(q.article_id, []).append(q)
    tagged: dict[int, set[int]] = {}
    for article_id, entity_id in (
        ArticleEntity.objects.active().filter(article_id__in=ids).values_list("article_id", "entity_id")
    ):
        tagged.setdefault(article_id, set()).add(entity_id)
    creating: list[Quote] = []
    for article in articles:
        report.articles += 1
        found = quotes_extract(article.body, people=names.people, organisations=names.organisations)
        stored = existing.get(article.pk, [])
        curated = [q for q in stored if q.origin != Quote.Origin.AUTO]
        report.curated += len(curated)
        for q in curated:
            if _relocate(q, article.body):
                with_history(q, user=None, reason="본문이 바뀌어 위치를 다시 찾음").save(
                    update_fields=["start", "end"]
                )
                report.relocated += 1
        held = [(q.start, q.end) for q in curated if q.start is not None and q.end is not None]
        auto = {(q.start, q.end, q.kind): q for q in stored if q.origin == Quote.Origin.AUTO}
        seen = set()
        article_tags = frozenset(tagged.get(article.pk, ()))
        lexemes = (body_lexemes or {}).get(article.pk)
        for f in found:
            if _overlaps((f.start, f.end), held):
                continue  # a curator decided about this span
            report.by_kind[f.kind] = report.by_kind.get(f.kind, 0) + 1
            values = _values(f, names=names, tagged=article_tags)
            key = (f.start, f.end, f.kind)
            seen.add(key)
            current = auto.get(key)
            if lexemes is not None:
                values["search_vector"] = quote_vector(body_lexemes=lexemes, start=f.start, end=f.end)
            if current is None:
                creating.append(Quote(article=article, origin=Quote.Origin.AUTO, **values))
                continue
            changed = [n for n in _STORED if getattr(current, n) != values[n]]
            if changed:
                for n in changed:
                    setattr(current, n, values[n])
                if "text" in changed:
                    # Cut again from the body's lexemes, or read again below.
                    current.search_vector = values.get("search_vector")
                    changed.append("search_vector")
                current.save(update_fields=[*changed, "updated_at"])
                report.updated += 1
        for span, q in auto.items():
            if span not in seen:
                q.delete()
                report.deleted += 1
    if creating:
        Quote.objects.bulk_create(creating, batch_size=1000)
        Quote.history.bulk_history_create(creating, batch_size=1000)
        report.created += len(creating)
    quote_vectors_store(article_ids=[pk for pk in ids if pk not in (body_lexemes or {})])
    return report


def quotes_relink(*, names: Names | None = None) -> int:
    """Link the extractor's quotes to entities again (after names or aliases changed); returns how
    many links changed. Curated quotes keep the entity a curator chose."""
    names = names or names_load()
    tagged: dict[int, set[int]] = {}
    for article_id, entity_id in ArticleEntity.objects.active().values_list("article_id", "entity_id"):
        tagged.setdefault(article_id, set()).add(entity_id)
    changed = 0
    quotes = Quote.objects.filter(origin=Quote.Origin.AUTO, anonymous=False).only(
        "pk", "article_id", "speaker", "speaker_kind", "speaker_entity_id"
    )
    for q in quotes.iterator(chunk_size=2000):
        article_tags = frozenset(tagged.get(q.article_id, ()))
        link = speaker_link(speaker=q.speaker, kind=q.speaker_kind, names=names, tagged=article_tags)
        if link != q.speaker_entity_id:
            q.speaker_entity_id = link
            q.save(update_fields=["speaker_entity", "updated_at"])
            changed += 1
    return changed


def quote_locate(*, article: Article, text: str, start: int | None = None) -> tuple[int, int]:
    """Where ``text`` is in the article's body: at ``start`` when given, else its first occurrence;
    a ``CurationError`` naming the problem when it is not there."""
    body = article.body
    if not text.strip():
        raise CurationError("인용문이 비어 있습니다.")
    if start is not None:
        if body[start : start + len(text)] != text:
            raise CurationError(f"본문 {start}번째 글자부터는 이 인용문이 아닙니다.")
        return start, start + len(text)
    at = body.find(text)
    if at < 0:
        raise CurationError("이 인용문을 기사 본문에서 찾을 수 없습니다: 본문 그대로 옮겨 주세요.")
    return at, at + len(text)


def quote_add(
    *,
    article: Article,
    text: str,
    kind: str = Quote.Kind.DIRECT,
    speaker: str = "",
    role: str = "",
    speaker_kind: str = "",
    speaker_entity: Entity | None = None,
    anonymous: bool = False,
    verb: str = "",
    start: int | None = None,
    user=None,
    reason: str = "",
) -> Quote:
    """Add a quote the extractor missed; its text must be in the article's body (at ``start``
    when given, else its first occurrence). Re-extraction never stores an automatic quote over it."""
    begin, end = quote_locate(article=article, text=text, start=start)
    with transaction.atomic():
        overlapping = Quote.objects.filter(
            article=article, origin=Quote.Origin.AUTO, start__lt=end, end__gt=begin
        )
        for q in overlapping:
            with_history(q, user=user, reason="수동 추가한 인용문과 겹쳐 지움").delete()
        quote = Quote(
            article=article,
            text=text,
            start=begin,
            end=end,
            kind=kind,
            speaker=speaker,
            role=role,
            speaker_kind=speaker_kind,
            speaker_entity=speaker_entity,
            anonymous=anonymous,
            verb=verb,
            origin=Quote.Origin.MANUAL,
        )
        quote.full_clean(exclude=["article", "speaker_entity"])
        with_history(quote, user=user, reason=reason or "수동 추가").save()
        quote_vectors_store(article_ids=[article.pk])
    return quote


def quote_correct(*, quote: Quote, data: dict, user=None, reason: str = "") -> Quote:
    """Apply a curator's corrections (speaker, role, entity, kind, anonymity, text); the quote
    becomes a curated one, which re-extraction keeps. A quote marked as not a quote and corrected
    is a quote again."""
    unknown = sorted(set(data) - set(CURATABLE))
    if unknown:
        raise CurationError(f"these fields are not curated by hand: {', '.join(unknown)}")
    with transaction.atomic():
        current = Quote.objects.select_for_update().select_related("article").get(pk=quote.pk)
        changed = [n for n, v in data.items() if getattr(current, n) != v]
        for n in changed:
            setattr(current, n, data[n])
        if {"text", "start", "end"} & set(changed):
            current.start, current.end = quote_locate(
                article=current.article, text=current.text, start=data.get("start")
            )
            current.search_vector = None  # read again below
        if changed or current.origin == Quote.Origin.REMOVED:
            if current.origin in (Quote.Origin.AUTO, Quote.Origin.REMOVED):
                current.origin = Quote.Origin.CORRECTED
            current.full_clean(exclude=["article", "speaker_entity"])
            with_history(current, user=user, reason=reason or "수동 수정").save()
            quote_vectors_store(article_ids=[current.article_id])
    quote.refresh_from_db()
    return current


def quotes_remove(*, quotes: Iterable[Quote], user=None, reason: str = "") -> int:
    """Mark quotes as not quotes: kept (so re-extraction never brings them back), never shown."""
    n = 0
    with transaction.atomic():
        for quote in quotes:
            if quote.origin != Quote.Origin.REMOVED:
                quote.origin = Quote.Origin.REMOVED
                with_history(quote, user=user, reason=reason or "인용문 아님").save(
                    update_fields=["origin", "updated_at"]
                )
                n += 1
    return n


def quotes_restore(*, quotes: Iterable[Quote], user=None, reason: str = "") -> int:
    """Undo ``quotes_remove``: the quote counts again, as a curator's decision."""
    n = 0
    with transaction.atomic():
        for quote in quotes:
            if quote.origin == Quote.Origin.REMOVED:
                quote.origin = Quote.Origin.CORRECTED
                with_history(quote, user=user, reason=reason or "인용문으로 되살림").save(
                    update_fields=["origin", "updated_at"]
                )
                n += 1
    return n


def quotes_extract_archive(
    *, ids: Sequence[int], batch_size: int = 500, dry_run: bool = False, progress=None
) -> QuoteReport:
    """(Re)build the quotes of the given articles, ``batch_size`` at a time, one transaction each
    (``dry_run``: each rolled back). ``progress(n)`` is told how many articles each batch read."""
    report = QuoteReport()
    names = names_load()
    for lo in range(0, len(ids), batch_size):
        chunk = list(
            Article.objects.filter(pk__in=ids[lo : lo + batch_size])
            .only("pk", "body", "merged_into_id")
            .order_by("pk")
        )
        with transaction.atomic():
            report.add(quotes_refresh(articles=chunk, names=names))
            if dry_run:
                transaction.set_rollback(True)
        if progress is not None:
            progress(len(chunk))
    return report
