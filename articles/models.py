"""Outlets, articles and the immutable raw sources they were taken from."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, OrderBy
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.ingest import minhash
from policy.models import Entity

SEOUL = ZoneInfo("Asia/Seoul")


class Outlet(models.Model):
    """A publisher, and the registry data that lets the parsers recognise its pages.

    The registry fields mirror ``fixtures/outlets.json`` (``manage.py load_outlets``); curators edit
    them here. ``daum_codes`` is the registry's ``daum_cp`` under its established column name.
    """

    class Kind(models.TextChoices):
        NATIONAL_DAILY = "national_daily", "종합일간지"
        ECONOMIC_DAILY = "economic_daily", "경제지"
        BROADCASTER = "broadcaster", "방송"
        WIRE = "wire", "통신사"
        IT_SCIENCE = "it_science", "IT·과학"
        REGIONAL = "regional", "지역"
        ONLINE = "online", "인터넷 매체"
        MAGAZINE = "magazine", "잡지"
        ENGLISH = "english", "영문"
        GOVERNMENT = "government", "정부"

    name = models.CharField("이름", max_length=100, unique=True)
    name_en = models.CharField("영문 이름", max_length=100, blank=True)
    slug = models.SlugField(unique=True, max_length=100)
    kind = models.CharField("유형", max_length=20, choices=Kind.choices, blank=True)
    domain = models.CharField("도메인", max_length=200, blank=True, help_text="대표 도메인(표시용)")
    domains = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text="매체를 알아보는 호스트·도메인(가장 구체적인 것이 우선)",
    )
    aliases = ArrayField(models.CharField(max_length=100), default=list, blank=True, help_text="다른 표기")
    former_names = ArrayField(models.CharField(max_length=100), default=list, blank=True, help_text="옛 이름")
    naver_oid = models.CharField("네이버 oid", max_length=10, blank=True)
    daum_codes = ArrayField(
        models.CharField(max_length=50), default=list, blank=True, help_text="Daum 이미지 경로의 매체 코드"
    )
    dateline_marks = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        help_text="'(서울=연합뉴스)', '[헤럴드경제=…]' 같은 데이트라인의 표기",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="모회사·계열",
    )

    history = HistoricalRecords()
    n_articles: int  # not a column: annotated by the admin's list (SubqueryCount of its articles)

    class Meta:
        ordering = ["name"]
        verbose_name = "매체"
        verbose_name_plural = "매체"

    def __str__(self) -> str:
        return self.name


def newest_first_fields(prefix: str = "") -> tuple[OrderBy, ...]:
    """The archive's one "newest first": undated articles last, the latest id first among equals.

    ``prefix`` orders rows of another model by their article (``"article__"``).
    """
    return (
        F(f"{prefix}published_date").desc(nulls_last=True),
        F(f"{prefix}published_time").desc(nulls_last=True),
        F(f"{prefix}id").desc(),
    )


def oldest_first_fields(prefix: str = "") -> tuple[OrderBy, ...]:
    """The reverse of ``newest_first_fields``, still with undated articles last."""
    return (
        F(f"{prefix}published_date").asc(nulls_last=True),
        F(f"{prefix}published_time").asc(nulls_last=True),
        F(f"{prefix}id").asc(),
    )


class ArticleQuerySet(models.QuerySet):
    def readable(self) -> ArticleQuerySet:
        """Articles a reader may see on the portal, in the API, exports and feeds: published, and
        not folded into another article by a curator."""
        return self.filter(status=Article.Status.PUBLISHED, merged_into__isnull=True)

    def without_analysis(self) -> ArticleQuerySet:
        """Rows without the stored analysis (the vector, content words, near-duplicate keys): most
        of a row's bytes, and nothing a page or an API answer shows."""
        return self.defer("search_vector", "content_words", "near_keys")

    def newest_first(self) -> ArticleQuerySet:
        """Newest first, undated articles last (see ``newest_first_fields``)."""
        return self.order_by(*newest_first_fields())

    def oldest_first(self) -> ArticleQuerySet:
        """Oldest first, undated articles still last."""
        return self.order_by(*oldest_first_fields())

    def visible(self) -> ArticleQuerySet:
        """Everything but excluded articles: what researchers and curators browse."""
        return self.exclude(status=Article.Status.EXCLUDED)

    def needs_review(self) -> ArticleQuerySet:
        """The curators' review queue."""
        return self.filter(status=Article.Status.NEEDS_REVIEW)


class Article(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "공개"
        NEEDS_REVIEW = "needs_review", "검토 필요"
        EXCLUDED = "excluded", "제외"

    # Fields a curator may correct; once corrected, ingest never writes them again.
    CURATABLE_FIELDS = (
        "title",
        "subtitle",
        "body",
        "outlet",
        "published_date",
        "published_time",
        "reporters",
        "url",
        "language",
        "status",
    )

    title = models.CharField("제목", max_length=500)
    subtitle = models.TextField("부제·요약", blank=True)
    body = models.TextField("본문", help_text="문단은 빈 줄로 구분")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles", verbose_name="매체")
    published_date = models.DateField("발행일", null=True, blank=True, db_index=True)
    published_time = models.TimeField("발행 시각", null=True, blank=True)
    reporters = ArrayField(models.CharField(max_length=50), default=list, blank=True, verbose_name="기자")
    url = models.URLField("원문 URL", max_length=1000, blank=True)
    language = models.CharField("언어", max_length=10, default="ko")
    # The id the article had where it came from (BigKinds' 뉴스 식별자, kept as text: as a float
    # thousands of ids collapse into one); the same id from another download is the same story.
    external_id = models.CharField("외부 식별자", max_length=100, blank=True, db_index=True)
    # Only the source's excerpt of the body is known (BigKinds cuts it at ~200 characters): the
    # same story arriving later as a full text fills it in.
    is_excerpt = models.BooleanField("본문 발췌", default=False)
    status = models.CharField(
        "상태", max_length=20, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    review_reasons = ArrayField(
        models.CharField(max_length=200), default=list, blank=True, verbose_name="검토 사유"
    )
    # Which signal found each field when a page was read by the generic extractor ("title: h1;
    # outlet: copyright; date: labelled dateline"), or "format parser": kept for a later look at
    # articles published without a curator.
    extraction = models.CharField("추출 근거", max_length=500, blank=True, editable=False)
    curated_fields = ArrayField(
        models.CharField(max_length=50),
        default=list,
        blank=True,
        verbose_name="큐레이터가 고친 필드",
        help_text="큐레이터가 고친 필드: 재수집이 덮어쓰지 않는다",
    )
    # Set when a curator merged this article into another: its URL redirects there.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        verbose_name="병합 대상",
    )
    # Normalised title and body digests; dedup looks these up instead of comparing text.
    title_key = models.CharField(max_length=64, db_index=True, editable=False)
    body_key = models.CharField(max_length=64, db_index=True, editable=False)
    # MinHash LSH band keys of the body (articles.ingest.minhash): articles sharing one are the
    # near-duplicate candidates. Kept in step with the body by ``save()``; null until computed.
    near_keys = ArrayField(models.BigIntegerField(), null=True, blank=True, editable=False)
    # Kiwi lexemes of title (weight A), subtitle (B) and body (C); see articles.services.analysis.
    search_vector = SearchVectorField(null=True, editable=False)
    # Its content words (nouns, names, foreign words, compounds, terms), distinct and sorted, from the
    # same analysis: what the associated-words analysis counts; see korean.content_words.
    content_words = ArrayField(models.TextField(), default=list, blank=True, editable=False)
    # korean.dictionary_version() the vector was built with; a mismatch means the vector is stale.
    search_version = models.CharField(max_length=32, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField("수집 시각", auto_now_add=True)
    updated_at = models.DateTimeField("고친 시각", auto_now=True)

    objects = ArticleQuerySet.as_manager()
    # Not columns: attached by the selectors that return the article (a Prefetch's to_attr,
    # attach_entities, the search's snippet); only those instances have them.
    active_tags: list[ArticleEntity]
    source_links: list[ArticleSource]
    persons: list[Entity]
    programmes: list[Entity]
    organisations: list[Entity]
    snippet: str
    quote_list: list[Quote]  # article_get(quotes=True)
    # Field-by-field history of every save (ingest's creations included, bulk writes not). Derived
    # columns are left out: they are rebuilt from the text, and a revert must not restore a stale
    # vector or a dedup key the ingest no longer matches on.
    history = HistoricalRecords(
        excluded_fields=[
            "search_vector",
            "content_words",
            "search_version",
            "title_key",
            "body_key",
            "near_keys",
            "updated_at",
        ]
    )

    class Meta:
        ordering = newest_first_fields()
        verbose_name = "기사"
        verbose_name_plural = "기사"
        indexes = [
            models.Index(fields=["outlet", "published_date"]),
            GinIndex(fields=["search_vector"], name="article_search_vector_gin"),
            GinIndex(fields=["reporters"], name="article_reporters_gin"),
            # Without the pending list: every ingest chunk looks thousands of keys up, and a pending
            # list is read whole for each of them (0.04 s a chunk becomes 0.5 s after 1,000 inserts).
            GinIndex(fields=["near_keys"], name="article_near_keys_gin", fastupdate=False),
            # "Newest readable first" (home page, feeds) reads the first rows of this index, not
            # every readable article sorted.
            models.Index(
                *newest_first_fields(),
                condition=models.Q(status="published", merged_into__isnull=True),
                name="article_readable_newest",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # The near-duplicate keys follow the body whoever saves it (a curator, the shell); a save
        # that leaves the body alone leaves them alone. Bulk writes set them themselves (ingest's
        # NearDuplicateFinder, bench/bulkload.py); `manage.py near_duplicate_keys` fills any gap.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.near_keys = minhash.near_keys(self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "near_keys"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.pk])

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]

    @property
    def published_at(self) -> dt.datetime | None:
        """Publication moment in Seoul time, or None when the source gave no time."""
        if self.published_date is None or self.published_time is None:
            return None
        return dt.datetime.combine(self.published_date, self.published_time, tzinfo=SEOUL)


class Source(models.Model):
    """A raw file exactly as ingested. Never edited: the provenance of what the archive holds."""

    file_name = models.CharField("파일 이름", max_length=500)
    sha256 = models.CharField(max_length=64, unique=True)
    format = models.CharField("형식", max_length=30)
    size = models.PositiveBigIntegerField("크기(바이트)")
    # Empty for a file read as a stream (a dump of any size): the file itself is the researcher's,
    # its sha256 and each article's line (ArticleSource.position) the provenance.
    raw_text = models.TextField("원문 텍스트", blank=True)
    # A streamed file is committed in batches: the lines filed so far, and whether it is done. A run
    # killed midway resumes after ``lines_done``; a complete file is skipped as already ingested.
    lines_done = models.PositiveBigIntegerField("처리한 줄", default=0)
    complete = models.BooleanField("완료", default=True)
    ingested_at = models.DateTimeField("수집 시각", auto_now_add=True)
    articles: models.ManyToManyField[Article, ArticleSource] = models.ManyToManyField(
        Article, through="ArticleSource", related_name="sources"
    )

    class Meta:
        ordering = ["-ingested_at"]
        verbose_name = "원본 파일"
        verbose_name_plural = "원본 파일"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.sha256[:10]})"

    def save(self, *args, **kwargs) -> None:
        if self.pk and not kwargs.pop("force_update_raw", False):
            raise ValueError("Sources are immutable once ingested")
        super().save(*args, **kwargs)


class ArticleSource(models.Model):
    """Where in which file an article was found."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_sources")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="article_sources")
    position = models.PositiveIntegerField(
        help_text="파일 안에서 몇 번째 기사인지 (1부터; 스트림으로 읽은 파일은 줄 번호, 표는 행 번호)"
    )
    # What the file said about the article beyond its fields (BigKinds: 인물, 기관, 키워드, 분류,
    # 분석제외 여부), kept as the file gave it.
    provenance = models.JSONField("출처 정보", default=dict, blank=True)

    class Meta:
        ordering = ["source__ingested_at", "position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="unique_position_in_source"),
        ]

    def __str__(self) -> str:
        return f"{self.source.file_name} #{self.position}"


class NearDuplicate(models.Model):
    """Two articles of one outlet with near-identical bodies: linked for a curator, never merged silently."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="near_duplicates")
    other = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "other"], name="unique_near_duplicate_pair"),
            models.CheckConstraint(
                condition=~models.Q(article=models.F("other")), name="near_duplicate_not_self"
            ),
        ]
        verbose_name = "유사 기사"
        verbose_name_plural = "유사 기사"

    def __str__(self) -> str:
        return f"{self.article_id} ≈ {self.other_id} ({self.similarity:.2f})"


class ArticleEntityQuerySet(models.QuerySet):
    def active(self) -> ArticleEntityQuerySet:
        """Tags that count: automatic or added by hand, not removed by a curator."""
        return self.exclude(origin=ArticleEntity.Origin.REMOVED)

    def most_mentioned_first(self) -> ArticleEntityQuerySet:
        """An article's tags in the order pages, the API and exports list them."""
        return self.order_by("-mentions", "entity__name")


class ArticleEntity(models.Model):
    """An article mentions an entity. Curators' additions and removals outlive re-tagging."""

    class Origin(models.TextChoices):
        AUTO = "auto", "자동"
        MANUAL = "manual", "수동 추가"
        REMOVED = "removed", "수동 제거"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="entity_tags", verbose_name="기사"
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="article_tags", verbose_name="개체"
    )
    mentions = models.PositiveIntegerField("언급 수", default=0)
    origin = models.CharField("출처", max_length=10, choices=Origin.choices, default=Origin.AUTO)

    objects = ArticleEntityQuerySet.as_manager()
    # Automatic (re)tagging is recorded too: after an alias change, the history says which tags it moved.
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "entity"], name="unique_article_entity")]
        indexes = [models.Index(fields=["entity", "article"])]
        verbose_name = "기사 태그"
        verbose_name_plural = "기사 태그"

    def __str__(self) -> str:
        return f"{self.article_id} → {self.entity}"


class QuoteQuerySet(models.QuerySet):
    def active(self) -> QuoteQuerySet:
        """Quotes that count: found by the extractor or added or corrected by hand, not ones a
        curator marked as not a quote."""
        return self.exclude(origin=Quote.Origin.REMOVED)

    def readable(self) -> QuoteQuerySet:
        """Active quotes of the articles a reader may see (``ArticleQuerySet.readable``)."""
        return self.active().filter(
            article__status=Article.Status.PUBLISHED, article__merged_into__isnull=True
        )

    def curated(self) -> QuoteQuerySet:
        """Quotes a curator decided on: added, corrected or removed; re-extraction keeps them."""
        return self.exclude(origin=Quote.Origin.AUTO)


class Quote(models.Model):
    """Words an article attributes to someone (인용문): direct (in quotation marks) or indirect
    (…다고 밝혔다), with the speaker as the article names them and where they are in its body.

    Extracted at ingest (``articles.services.quotes``); a curator's correction, addition or
    removal is kept through re-extraction and re-ingest, as curated tags are.
    """

    class Kind(models.TextChoices):
        DIRECT = "direct", "직접 인용"
        INDIRECT = "indirect", "간접 인용"

    class Origin(models.TextChoices):
        AUTO = "auto", "자동"
        MANUAL = "manual", "수동 추가"
        CORRECTED = "corrected", "수동 수정"
        REMOVED = "removed", "인용 아님"

    class SpeakerKind(models.TextChoices):
        PERSON = "person", "인물"
        ORGANISATION = "organisation", "기관·기업"
        GROUP = "group", "여럿"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes", verbose_name="기사")
    text = models.TextField("인용문")
    # Offsets into ``article.body`` (``body[start:end] == text``); empty when a curated quote is no
    # longer found in a corrected body.
    start = models.PositiveIntegerField("시작 위치", null=True, blank=True)
    end = models.PositiveIntegerField("끝 위치", null=True, blank=True)
    kind = models.CharField("종류", max_length=10, choices=Kind.choices, default=Kind.DIRECT)
    speaker = models.CharField(
        "발언자", max_length=200, blank=True, help_text="기사가 밝힌 이름·기관, 익명이면 그 표현"
    )
    role = models.CharField("직함·소속", max_length=300, blank=True)
    speaker_entity = models.ForeignKey(
        Entity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name="발언자 개체",
    )
    speaker_kind = models.CharField(
        "발언자 종류",
        max_length=20,
        choices=SpeakerKind.choices,
        blank=True,
        help_text="익명 취재원이면 비워 둠",
    )
    anonymous = models.BooleanField("익명 취재원", default=False)
    verb = models.CharField("인용 동사", max_length=60, blank=True)
    # How the extractor found the speaker: subject, short (배 장관), title, pronoun (그는),
    # continuation (이어 “…”), after, broadcast; "" for a quote added by hand.
    resolution = models.CharField("발언자 판단 근거", max_length=20, blank=True, editable=False)
    origin = models.CharField("출처", max_length=10, choices=Origin.choices, default=Origin.AUTO)
    # The quote's own words as Kiwi's lexemes (the article's pipeline, one weight): what the quote
    # search matches. Written by ``articles.services.quote_vectors``; null until it has run.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField("만든 시각", auto_now_add=True)
    updated_at = models.DateTimeField("고친 시각", auto_now=True)

    objects = QuoteQuerySet.as_manager()
    # Not a column: the quote's text with the search's words marked, attached by the quote search.
    marked: str
    history = HistoricalRecords(excluded_fields=["updated_at", "search_vector"])

    class Meta:
        ordering = ["article_id", "start", "id"]
        verbose_name = "인용문"
        verbose_name_plural = "인용문"
        indexes = [
            models.Index(fields=["article", "start"], name="quote_article_start"),
            models.Index(fields=["speaker_entity", "article"], name="quote_entity_article"),
            models.Index(fields=["speaker"], name="quote_speaker"),
            GinIndex(fields=["search_vector"], name="quote_search_vector_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True, end__isnull=True)
                | models.Q(start__isnull=False, end__isnull=False, start__lte=models.F("end")),
                name="quote_offsets_in_order",
            ),
        ]

    def __str__(self) -> str:
        who = self.speaker or "발언자 미상"
        return f"{who}: “{self.text[:40]}{'…' if len(self.text) > 40 else ''}”"

    def get_absolute_url(self) -> str:
        """The article's page at this quote."""
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"quote-{self.pk}"
