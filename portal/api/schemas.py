"""An article's public fields, defined once: the JSON API's responses, the export rows (CSV columns
and JSON Lines objects) and the OpenAPI document are all made from these schemas.

The schemas read model instances directly (ninja resolves attributes, dotted aliases and
``resolve_<field>`` functions), so no view writes an article out field by field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Literal

from ninja import Field, Schema
from pydantic import PlainSerializer, WithJsonSchema

from articles.models import Article, Quote
from policy.models import Entity

# datetime.isoformat() as the API has always written it ("+09:00", microseconds kept); pydantic and
# Django's encoder would turn UTC into "Z" and cut microseconds.
IsoDateTime = Annotated[
    dt.datetime,
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Names = Annotated[list[str], Field(description="Names, most mentioned first.")]
if TYPE_CHECKING:
    # A Literal built from Entity.Kind at run time (the schema checks it) is no static type.
    EntityKind = str
    QuoteKind = str
else:
    EntityKind = Literal[tuple(Entity.Kind.values)]
    QuoteKind = Literal[tuple(Quote.Kind.values)]


class ErrorDetail(Schema):
    """What is wrong with a request: the parameter at fault and a message in Korean."""

    param: str | None = Field(
        description="The parameter at fault; null when it is the request as a whole (429, 503).",
        examples=["sort"],
    )
    message: str = Field(description="What is wrong, in Korean.")


class Error(Schema):
    """The body of every error answer of the API, exports, citations and feeds (4xx, and the 503 of
    a request that ran too long)."""

    error: ErrorDetail


class Outlet(Schema):
    name: str
    slug: str


class SourceFile(Schema):
    """One raw file an article was ingested from (provenance), read from an ArticleSource link."""

    file_name: str = Field(validation_alias="source.file_name")
    sha256: str = Field(validation_alias="source.sha256")
    format: str = Field(validation_alias="source.format")
    position: int = Field(
        description="Where in the file: the article's order, or its line (row) in a record file read as a stream."
    )


class SourceRecord(SourceFile):
    ingested_at: IsoDateTime = Field(validation_alias="source.ingested_at")


class Tag(Schema):
    """An entity the article is tagged with, read from an ArticleEntity."""

    name: str = Field(validation_alias="entity.name")
    slug: str = Field(validation_alias="entity.slug")
    kind: EntityKind = Field(validation_alias="entity.kind")
    mentions: int


def _source_url(article: Article) -> str | None:
    return article.url or None


class _Tagged(Schema):
    """Resolvers for the entity names that ``attach_entities`` put on an article."""

    @staticmethod
    def resolve_persons(article: Article) -> list[str]:
        return [e.name for e in getattr(article, "persons", [])]

    @staticmethod
    def resolve_programmes(article: Article) -> list[str]:
        return [e.name for e in getattr(article, "programmes", [])]

    @staticmethod
    def resolve_organisations(article: Article) -> list[str]:
        return [e.name for e in getattr(article, "organisations", [])]


class ArticleFields(_Tagged):
    """What the API says about every article, in a list or alone."""

    id: int
    url: str = Field(description="The article's page in the archive (path).")
    title: str
    outlet: Outlet
    published_date: dt.date | None
    published_at: IsoDateTime | None = Field(
        description="Date and time in Seoul time, when the source gave a time."
    )
    reporters: list[str]
    persons: Names
    programmes: Names
    organisations: Names

    @staticmethod
    def resolve_url(article: Article) -> str:
        return article.get_absolute_url()


class ArticleSummary(ArticleFields):
    """An article in a page of search results."""

    snippet: str = Field(description="HTML: escaped text, matches in `<mark>`.")
    source_url: str | None = Field(description="The outlet's own URL.")

    @staticmethod
    def resolve_snippet(article: Article) -> str:
        return str(getattr(article, "snippet", ""))

    resolve_source_url = staticmethod(_source_url)


class QuoteFields(Schema):
    """A quote (인용문) as every output gives it: what was said, who said it, where in the body."""

    text: str = Field(description="The words quoted, as in the body (inside the quotation marks).")
    speaker: str = Field(
        description="The speaker as the article names them; for an anonymous source, its role."
    )
    speaker_entity: str | None = Field(
        description="The slug of the person or organisation who spoke, when the archive knows them."
    )
    role: str = Field(description="Title or affiliation as the article gives it.")
    anonymous: bool = Field(description="An anonymous source (관계자, 소식통).")
    kind: QuoteKind = Field(description="`direct` (quoted) or `indirect` (…다고 말했다).")
    start: int | None = Field(
        description="Offset of the quote in the body (characters, paragraphs joined by two newlines)."
    )
    end: int | None

    @staticmethod
    def resolve_speaker_entity(quote: Quote) -> str | None:
        return quote.speaker_entity.slug if quote.speaker_entity is not None else None


class QuoteArticle(Schema):
    id: int
    url: str = Field(description="The article's page in the archive (path).")
    title: str
    outlet: Outlet
    published_date: dt.date | None

    @staticmethod
    def resolve_url(article: Article) -> str:
        return article.get_absolute_url()


class QuoteHit(QuoteFields):
    """A quote in a page of quote search results, with its article."""

    id: int
    url: str = Field(description="The article's page at the quote (path and `#quote-<id>`).")
    marked: str = Field(description="HTML: the text escaped, the query's words in `<mark>`.")
    verb: str = Field(description="The reporting verb (밝혔다, 강조했다), when there is one.")
    article: QuoteArticle

    @staticmethod
    def resolve_url(quote: Quote) -> str:
        return quote.get_absolute_url()

    @staticmethod
    def resolve_marked(quote: Quote) -> str:
        return str(getattr(quote, "marked", ""))


class SpeakerCount(Schema):
    name: str
    slug: str = Field(description="The entity's slug; empty for a speaker the archive does not know.")
    count: int


class QuoteFacets(Schema):
    """Counts per value; each facet counts with every filter but its own."""

    speaker: list[SpeakerCount]
    outlet: list[EntityCount]


class QuotePage(Schema):
    """A page of quote search results, the total and the facets."""

    count: int = Field(description="Matching quotes in all pages.")
    page: int
    page_size: int
    num_pages: int
    results: list[QuoteHit]
    facets: QuoteFacets


class QuoteExportRow(QuoteFields):
    """One quote in an export: a CSV row or a JSON Lines object. Validate with
    ``context={"absolute_url": …}``."""

    id: int
    permalink: str = Field(json_schema_extra={"format": "uri"}, description="The article at the quote.")
    verb: str
    article_id: int
    article_title: str = Field(validation_alias="article.title")
    outlet: str = Field(validation_alias="article.outlet.name")
    published_date: dt.date | None = Field(validation_alias="article.published_date")

    @staticmethod
    def resolve_permalink(quote: Quote, context: dict[str, Callable[[str], str]]) -> str:
        return context["absolute_url"](quote.get_absolute_url())


QUOTE_COLUMNS = tuple(QuoteExportRow.model_fields)
"""The quote export's CSV columns and JSON Lines keys, in order."""


class ArticleDetail(ArticleFields):
    """One article with its full text, tags and provenance."""

    source_url: str | None = Field(description="The outlet's own URL.")
    subtitle: str
    body: list[str] = Field(description="Paragraphs.")
    language: str = Field(examples=["ko"])
    status: str = Field(examples=["published"])
    is_excerpt: bool = Field(
        description="The body is only the source's excerpt (a BigKinds download's first ~200 characters, "
        "or none for a title-only record) until the story's full text is ingested."
    )
    external_id: str = Field(
        description="The article's id where it came from (BigKinds' 뉴스 식별자), or empty.",
        examples=["01100101.20210228211022001"],
    )
    tags: list[Tag]
    sources: list[SourceRecord] = Field(description="The raw files the article was ingested from.")
    quotes: list[QuoteFields] = Field(description="Its quotes (인용문), in the order of the body.")

    resolve_source_url = staticmethod(_source_url)

    @staticmethod
    def resolve_body(article: Article) -> list[str]:
        return article.paragraphs

    @staticmethod
    def resolve_tags(article: Article) -> list:
        return article.active_tags

    @staticmethod
    def resolve_sources(article: Article) -> list:
        return list(article.article_sources.select_related("source"))

    @staticmethod
    def resolve_quotes(article: Article) -> list:
        return article.quote_list  # read by article_get(quotes=True)


class EntityCount(Schema):
    name: str
    slug: str
    count: int


class ReporterCount(Schema):
    name: str
    count: int


class MonthCount(Schema):
    value: str = Field(examples=["2025-07"])
    count: int


class Facets(Schema):
    """Counts per value; each facet counts with every filter but its own."""

    person: list[EntityCount]
    programme: list[EntityCount]
    organisation: list[EntityCount]
    outlet: list[EntityCount]
    reporter: list[ReporterCount]
    month: list[MonthCount]


class SearchPage(Schema):
    """A page of search results, the total and the facets."""

    count: int = Field(description="Matching articles in all pages.")
    page: int
    page_size: int
    num_pages: int
    results: list[ArticleSummary]
    facets: Facets


class ExportRow(_Tagged):
    """One article in an export: a CSV row (lists joined with ``; ``, sources written
    ``file (sha256 …)``) or a JSON Lines object. Validate with ``context={"absolute_url": …}``."""

    id: int
    permalink: str = Field(json_schema_extra={"format": "uri"})
    title: str
    outlet: str
    published_date: dt.date | None
    published_time: str | None = Field(examples=["09:30"], description="Seoul time, HH:MM.")
    reporters: list[str]
    persons: Names
    programmes: Names
    organisations: Names
    status: str
    original_url: str | None
    sources: list[SourceFile]

    @staticmethod
    def resolve_permalink(article: Article, context: dict[str, Callable[[str], str]]) -> str:
        return context["absolute_url"](article.get_absolute_url())

    @staticmethod
    def resolve_outlet(article: Article) -> str:
        return article.outlet.name

    @staticmethod
    def resolve_published_time(article: Article) -> str | None:
        return article.published_time.strftime("%H:%M") if article.published_time else None

    resolve_original_url = staticmethod(_source_url)

    @staticmethod
    def resolve_sources(article: Article) -> list:
        return article.source_links  # prefetched per chunk by the export


class ExportRowWithBody(ExportRow):
    """An export row with ``include_body=1``: the article text after the other columns."""

    body: str


COLUMNS = tuple(ExportRow.model_fields)
"""The CSV columns and JSON Lines keys, in order; ``body`` follows with ``include_body=1``."""
