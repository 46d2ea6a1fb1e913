"""Near-duplicates: articles of one outlet and week whose bodies are nearly the same (Jaccard of
shingles), found for a chunk of new articles with one query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Q

from articles.ingest.dedup import NEAR_DUPLICATE_THRESHOLD, shingles
from articles.models import Article

NEAR_DUPLICATE_DAYS = 7


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
    """Near-duplicate candidates of one chunk of new articles, read in one query, shingled once."""

    def __init__(self, new: Sequence[Article]) -> None:
        window = dt.timedelta(days=NEAR_DUPLICATE_DAYS)
        ranges: dict[int, tuple[dt.date, dt.date] | None] = {}
        for article in new:
            day = article.published_date
            if article.outlet_id in ranges and ranges[article.outlet_id] is None:
                continue
            if day is None:
                ranges[article.outlet_id] = None  # undated: every article of the outlet is a candidate
                continue
            low, high = ranges.get(article.outlet_id) or (day, day)
            ranges[article.outlet_id] = (min(low, day), max(high, day))
        match = Q(pk__in=[])
        for outlet_id, span in ranges.items():
            if span is None:
                match |= Q(outlet_id=outlet_id)
            else:
                match |= Q(outlet_id=outlet_id) & (
                    Q(published_date__isnull=True)
                    | Q(published_date__range=(span[0] - window, span[1] + window))
                )
        # Merged copies are not in the archive any more; their canonical article stands for them.
        self.rows = list(
            Article.objects.filter(match, merged_into__isnull=True)
            .order_by()
            .values_list("id", "outlet_id", "published_date", "published_time", "body")
        )
        self._shingles: dict[int, set[str]] = {}

    def _shingled(self, pk: int, body: str) -> set[str]:
        found = self._shingles.get(pk)
        if found is None:
            found = self._shingles[pk] = shingles(body)
        return found

    def add(self, article: Article) -> None:
        """An article created in this chunk is a candidate for the ones after it."""
        self.rows.append(
            (article.pk, article.outlet_id, article.published_date, article.published_time, article.body)
        )

    def twins(self, article: Article) -> list[tuple[int, float]]:
        """``(id, similarity)`` of the articles of the same outlet and week with a near-identical body,
        newest first (the order ``Article.objects`` gives)."""
        day = article.published_date
        window = dt.timedelta(days=NEAR_DUPLICATE_DAYS)
        mine = self._shingled(article.pk, article.body)
        found = []
        for pk, outlet_id, other_day, other_time, body in self.rows:
            if outlet_id != article.outlet_id or pk == article.pk:
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
