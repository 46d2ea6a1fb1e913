"""Near-duplicates: articles of one outlet and week whose bodies are nearly the same (Jaccard of
shingles at least ``NEAR_DUPLICATE_THRESHOLD``), found for a chunk of new articles with one query.

The MinHash band keys stored with every article (``Article.near_keys``, GIN-indexed; see
``articles.ingest.minhash``) choose the candidates: only articles sharing a key with a new one are
read, so the cost per article does not grow with the archive. Each candidate is then confirmed
with the exact Jaccard of the two bodies' shingles, as before the index existed.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence

from django.db import connection, transaction
from tqdm import tqdm

from articles.ingest import minhash
from articles.ingest.dedup import NEAR_DUPLICATE_THRESHOLD, shingles
from articles.models import Article

NEAR_DUPLICATE_DAYS = 7
BACKFILL_BATCH = 1000

# (id, outlet_id, published_date, published_time, body): what a candidate is judged on.
_Row = tuple[int, int, dt.date | None, dt.time | None, str]


def _newest_first_key(row: tuple[int, dt.date | None, dt.time | None]) -> tuple:
    """``Article``'s default order (``newest_first_fields``) for ``(id, date, time)``, as a sort key."""
    pk, day, moment = row
    return (
        day is None,
        -(day.toordinal() if day else 0),
        moment is None,
        -(
            moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
            if moment
            else 0
        ),
        -pk,
    )


class NearDuplicateFinder:
    """Near-duplicate candidates of one chunk of new articles, read in one query through the key index.

    Created before the chunk is saved: it gives each new article its ``near_keys`` (saved with it),
    and reads the stored articles that share a key with any of them, in the same outlet and within
    ``NEAR_DUPLICATE_DAYS`` (an undated article is near every date).
    """

    def __init__(self, new: Sequence[Article]) -> None:
        # The chunk's dates by (outlet, key): a stored article is a candidate only when it shares a
        # key with a new article of its outlet within the window of that article's own date (an
        # undated one is near every date). One envelope of dates per outlet let a chunk spanning
        # years read most of the archive, and compare each new article with all of it.
        wanted: dict[tuple[int, int], list[dt.date | None]] = {}
        for article in new:
            if article.near_keys is None:
                article.near_keys = minhash.near_keys(article.body)
            for key in article.near_keys:  # no shingles, no keys: nothing is near it
                wanted.setdefault((article.outlet_id, key), []).append(article.published_date)
        self._rows: dict[int, _Row] = {}
        self._by_key: dict[int, list[int]] = {}
        self._shingles: dict[int, set[str]] = {}
        if not wanted:
            return
        window = dt.timedelta(days=NEAR_DUPLICATE_DAYS)

        def near(outlet_id: int, day: dt.date | None, row_keys: Sequence[int]) -> bool:
            for key in row_keys:
                for other in wanted.get((outlet_id, key), ()):
                    if day is None or other is None or abs(day - other) <= window:
                        return True
            return False

        # Every stored article sharing a key, through the GIN index, with its outlet, date and keys
        # (made into Python objects a slice at a time); the bodies of the near ones only after. The keys go in as a sub-select so the planner cannot count them:
        # given the array itself it expects most rows to match thousands of keys and reads the whole
        # table instead. Merged copies are not in the archive any more; their canonical article
        # stands for them.
        keys = sorted({key for _, key in wanted})
        found: list[int] = []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, outlet_id, published_date, near_keys FROM articles_article "
                "WHERE near_keys && (SELECT %s::bigint[]) AND merged_into_id IS NULL",
                [keys],
            )
            while rows := cursor.fetchmany(2000):
                found.extend(pk for pk, outlet_id, day, row_keys in rows if near(outlet_id, day, row_keys))
        if not found:
            return
        stored = (
            Article.objects.filter(pk__in=found)
            .order_by()
            .values_list("id", "outlet_id", "published_date", "published_time", "body", "near_keys")
        )
        for *row, row_keys in stored:
            self._index(tuple(row), row_keys)

    def _index(self, row: _Row, keys: Sequence[int]) -> None:
        self._rows[row[0]] = row
        for key in keys:
            self._by_key.setdefault(key, []).append(row[0])

    def _shingled(self, pk: int, body: str) -> set[str]:
        found = self._shingles.get(pk)
        if found is None:
            found = self._shingles[pk] = shingles(body)
        return found

    def add(self, article: Article) -> None:
        """An article created in this chunk is a candidate for the ones after it."""
        row = (article.pk, article.outlet_id, article.published_date, article.published_time, article.body)
        self._index(row, article.near_keys or ())

    def twins(self, article: Article) -> list[tuple[int, float]]:
        """``(id, similarity)`` of the articles of the same outlet and week with a near-identical body,
        newest first (the order ``Article.objects`` gives)."""
        day = article.published_date
        window = dt.timedelta(days=NEAR_DUPLICATE_DAYS)
        candidates = {pk for key in article.near_keys or () for pk in self._by_key.get(key, ())}
        candidates.discard(article.pk)
        if not candidates:
            return []
        mine = self._shingled(article.pk, article.body)
        found = []
        for pk in candidates:
            _, outlet_id, other_day, other_time, body = self._rows[pk]
            if outlet_id != article.outlet_id:
                continue
            if day is not None and other_day is not None and abs(other_day - day) > window:
                continue
            theirs = self._shingled(pk, body)
            if not mine or not theirs:
                continue
            small, large = sorted((len(mine), len(theirs)))
            if small < NEAR_DUPLICATE_THRESHOLD * large:
                continue  # Jaccard is at most small/large: cannot reach the threshold
            score = len(mine & theirs) / len(mine | theirs)
            if score >= NEAR_DUPLICATE_THRESHOLD:
                found.append(((pk, other_day, other_time), score))
        found.sort(key=lambda item: _newest_first_key(item[0]))
        return [(row[0], score) for row, score in found]


def near_keys_backfill(*, rebuild: bool = False, dry_run: bool = False, verbosity: int = 1) -> int:
    """Compute the near-duplicate keys of the articles that have none (``rebuild``: of every
    article, after a change to ``articles.ingest.minhash``); returns how many were (or, with
    ``dry_run``, would be) computed. One transaction; constant memory (batches by id)."""
    queryset = Article.objects.order_by("pk")
    if not rebuild:
        queryset = queryset.filter(near_keys__isnull=True)
    total = queryset.count()
    if dry_run or not total:
        return total
    bar = tqdm(
        total=total,
        desc="near-duplicate keys",
        unit="article",
        disable=verbosity < 1 or not sys.stderr.isatty(),
    )
    done, last = 0, 0
    with transaction.atomic():
        while True:
            batch = list(queryset.filter(pk__gt=last).values_list("pk", "body")[:BACKFILL_BATCH])
            if not batch:
                break
            last = batch[-1][0]
            articles = [Article(pk=pk, near_keys=minhash.near_keys(body)) for pk, body in batch]
            Article.objects.bulk_update(articles, ["near_keys"])
            done += len(articles)
            bar.update(len(articles))
    bar.close()
    return done
