"""Record files streamed into the archive: batches in their own transactions, the file's progress
kept (a cut-off run resumes after its lines), bad lines by number, BigKinds downloads with every
field, and an excerpt filled in by its story's full text."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleSource, Source
from articles.services import streaming
from articles.services.reports import Progress
from articles.services.streaming import path_ingest
from tests.articles.ingest.test_bigkinds import CSV_EXCERPT, SHARED_XLSX, XLSX_EXCERPT

pytestmark = pytest.mark.django_db


def _record(n: int, **fields) -> dict:
    return {
        "title": f"과기정통부, AI 바우처 {n}차 공모 {n * 3}억 원 규모",
        "body": f"과학기술정보통신부는 {n}차 AI 바우처 공모를 시작한다고 밝혔다.\n\n지원 규모는 {n * 3}억 원이다.",
        "outlet": "전자신문",
        "published_at": f"2024-05-{n:02d}",
        "url": f"https://example.org/stream/{n}",
        **fields,
    }


def _dump(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _lines(records: list[dict]) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


def test_a_dump_is_filed_in_batches_each_article_at_its_line(tmp_path):
    lines = _lines([_record(n) for n in range(1, 8)])
    lines.insert(3, "{broken")  # line 4
    path = _dump(tmp_path / "dump.jsonl", lines)
    seen: list[Progress] = []
    warned: list[str] = []
    report = path_ingest(path=path, batch=2, on_progress=seen.append, on_warning=warned.append)

    assert (report.status, report.format, report.new, report.duplicates) == ("new", "jsonl", 7, 0)
    assert warned == report.warnings and len(warned) == 1 and warned[0].startswith("line 4: invalid JSON")
    # One progress report per committed batch, each at its last line, with a rate and an ETA.
    assert [p.line for p in seen] == [2, 5, 7, 8] and [p.articles for p in seen] == [2, 4, 6, 7]
    assert seen[-1].bytes_read == path.stat().st_size and seen[-1].eta == 0
    source = Source.objects.get(file_name=str(path))
    assert (source.complete, source.lines_done, source.raw_text, source.format) == (True, 8, "", "jsonl")
    positions = ArticleSource.objects.filter(source=source).order_by("position")
    assert [(link.position, link.article.url[-2:]) for link in positions] == [
        (1, "/1"),
        (2, "/2"),
        (3, "/3"),
        (5, "/4"),
        (6, "/5"),
        (7, "/6"),
        (8, "/7"),
    ]
    again = path_ingest(path=path, batch=2)
    assert again.status == "unchanged" and ArticleSource.objects.filter(source=source).count() == 7


def test_a_scrapers_json_array_is_filed_item_by_item_and_resumes(tmp_path):
    items = [_record(n) for n in range(1, 6)]
    items.insert(2, {"title": "본문이 없는 항목"})  # item 3
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8")
    seen: list[Progress] = []
    report = path_ingest(path=path, batch=2, on_progress=seen.append)
    assert (report.status, report.format, report.new) == ("new", "json", 5)
    assert [(p.unit, p.line) for p in seen][-1] == ("item", 6)
    assert report.warnings == ["item 3: missing 'body'"]
    source = Source.objects.get(file_name=str(path))
    assert (source.complete, source.lines_done) == (True, 6)
    positions = ArticleSource.objects.filter(source=source).order_by("position")
    assert [link.position for link in positions] == [1, 2, 4, 5, 6]
    # Killed after its first batches: the run again files exactly what is missing.
    Article.objects.filter(article_sources__source=source, article_sources__position__gt=4).delete()
    Source.objects.filter(pk=source.pk).update(lines_done=4, complete=False)
    again = path_ingest(path=path, batch=2)
    assert (again.new, again.duplicates, again.resumed_after) == (2, 0, 4)
    assert ArticleSource.objects.filter(source=source).count() == 5


def test_a_gzipped_dump_is_ingested_as_it_is_shipped(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(_lines([_record(n) for n in range(1, 5)])).encode("utf-8")))
    report = path_ingest(path=path, batch=3)
    assert (report.status, report.format, report.new) == ("new", "jsonl", 4)
    assert Source.objects.get(file_name=str(path)).complete


def test_a_run_cut_off_after_a_batch_resumes_after_its_lines(tmp_path):
    path = _dump(tmp_path / "dump.jsonl", _lines([_record(n) for n in range(1, 11)]))
    path_ingest(path=path, batch=3)
    source = Source.objects.get(file_name=str(path))
    # What a run killed after its second batch leaves: lines 1-6 filed, the rest not.
    Article.objects.filter(article_sources__source=source, article_sources__position__gt=6).delete()
    Source.objects.filter(pk=source.pk).update(lines_done=6, complete=False)

    seen: list[Progress] = []
    report = path_ingest(path=path, batch=3, on_progress=seen.append)
    assert (report.resumed_after, report.new, report.duplicates) == (6, 4, 0)
    # Its pace counts from where it started: the six lines passed over took no time.
    line_7 = sum(len(line.encode()) + 1 for line in path.read_text(encoding="utf-8").splitlines()[:7])
    assert seen[0].line == 9 and seen[0].bytes_skipped == line_7
    assert all(p.bytes_skipped == line_7 for p in seen)
    links = ArticleSource.objects.filter(source=source)
    assert sorted(links.values_list("position", flat=True)) == list(range(1, 11))
    assert Article.objects.filter(url__startswith="https://example.org/stream/").count() == 10
    assert Source.objects.get(pk=source.pk).complete


def test_a_file_of_bad_lines_is_an_error_each_time_and_leaves_no_source(tmp_path):
    path = _dump(tmp_path / "bad.jsonl", ['{"title": "x"}', "{nope"])
    for _ in range(2):
        report = path_ingest(path=path)
        assert report.status == "error"
        assert report.error.startswith(f"{path}: no article in the file (line 1: missing 'body'")
    assert not Source.objects.filter(file_name=str(path)).exists()


def test_the_freed_memory_is_given_back_after_every_committed_batch(tmp_path, monkeypatch):
    released: list[int] = []
    real = streaming.release_freed_memory

    def release() -> None:
        released.append(Article.objects.filter(url__startswith="https://example.org/stream/").count())
        real()

    monkeypatch.setattr(streaming, "release_freed_memory", release)
    path_ingest(path=_dump(tmp_path / "dump.jsonl", _lines([_record(n) for n in range(1, 6)])), batch=2)
    assert released == [2, 4, 5]  # once a batch, after it is filed


def test_a_dry_run_reads_and_counts_and_writes_nothing(tmp_path):
    path = _dump(tmp_path / "dump.jsonl", [*_lines([_record(1), _record(2)]), "[]"])
    report = path_ingest(path=path, dry_run=True)
    assert (report.new, report.warnings) == (2, ["line 3: not a JSON object but list"])
    assert not Source.objects.filter(file_name=str(path)).exists()


def test_the_command_prints_progress_and_bad_lines_by_file_and_line(tmp_path):
    path = _dump(tmp_path / "dump.jsonl", [*_lines([_record(n) for n in range(1, 4)]), '{"title": 1}'])
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", str(path), "--batch", "2", verbosity=2, stdout=out, stderr=err)
    assert f"{path}: line 2, 2 articles, " in out.getvalue() and "/s, ETA " in out.getvalue()
    assert f"{path} [jsonl]: 3 new, 0 duplicates" in out.getvalue()
    assert err.getvalue().count(f"{path}: line 4: missing 'body'") == 1


def test_a_bigkinds_download_with_every_field(tmp_path):
    report = path_ingest(path=XLSX_EXCERPT)
    assert (report.format, report.new) == ("bigkinds", 8)
    article = Article.objects.get(external_id="01100101.20210228211022001")
    assert article.is_excerpt and article.body.endswith("곳곳에서 방역 해이 조짐이")
    assert (article.outlet.name, str(article.published_date), article.reporters) == (
        "경향신문",
        "2021-02-28",
        ["노도현"],
    )
    link = article.article_sources.get()
    assert link.position == 2 and link.provenance["기관"].startswith("아스트라제네카,")
    photo = Article.objects.get(external_id="01100101.20210225172114004")
    assert photo.status == Article.Status.NEEDS_REVIEW
    assert photo.review_reasons == ["BigKinds 분석제외: 중복, 예외"]
    # The same download again: nothing new; the same ids in another file: the same stories.
    assert path_ingest(path=XLSX_EXCERPT).status == "unchanged"
    overlap = tmp_path / "overlap.csv"
    overlap.write_text(
        "뉴스 식별자,일자,언론사,제목\n01100101.20210228211022001,20210228,경향신문,다른 제목으로 온 같은 기사\n",
        encoding="utf-8",
    )
    again = path_ingest(path=overlap)
    assert (again.new, again.duplicates) == (0, 1)


def test_the_full_text_of_a_story_fills_its_excerpt(tmp_path):
    path_ingest(path=XLSX_EXCERPT)
    excerpt = Article.objects.get(external_id="01100101.20210228211022001")
    full = {
        "title": "백신 접종 3일째 ‘큰 탈’ 없어…곳곳서 방역 해이 ‘찬물’ 우려",
        "body": excerpt.body
        + " 보인다.\n\n방역당국은 3·1절 집회 자제를 당부했다. 예방접종 누리집에서 확인할 수 있다.",
        "outlet": "경향신문",
        "published_at": "2021-02-28T21:04:00",
        "url": excerpt.url,
    }
    report = path_ingest(path=_dump(tmp_path / "scraped.jsonl", _lines([full])))
    assert (report.new, report.duplicates) == (0, 1)
    excerpt.refresh_from_db()
    assert not excerpt.is_excerpt and excerpt.body.endswith("예방접종 누리집에서 확인할 수 있다.")
    assert excerpt.title == full["title"] and excerpt.external_id == "01100101.20210228211022001"
    # Re-analysed with its new body: a word only the full text has is now among its content words.
    assert "누리집" in excerpt.content_words
    assert excerpt.published_time is not None


def test_a_scraper_dump_carries_its_own_ids_and_excerpts(tmp_path):
    records = [
        {
            "title": "발췌만 있는 기사",
            "body": "앞부분만 있다.",
            "outlet": "경향신문",
            "external_id": "kh-1",
            "is_excerpt": True,
        },
        {"title": "온전한 기사", "body": "전문이다.", "outlet": "경향신문", "external_id": "kh-2"},
    ]
    report = path_ingest(path=_dump(tmp_path / "dump.jsonl", _lines(records)))
    assert report.new == 2
    stored = dict(
        Article.objects.filter(external_id__startswith="kh-").values_list("external_id", "is_excerpt")
    )
    assert stored == {"kh-1": True, "kh-2": False}
    # The same id arriving again with the full text fills the excerpt in, under another title.
    full = {
        "title": "제목이 바뀐 기사",
        "body": "앞부분만 있다. 뒷부분도 있다.",
        "outlet": "경향신문",
        "external_id": "kh-1",
    }
    again = path_ingest(path=_dump(tmp_path / "again.jsonl", _lines([full])))
    assert (again.new, again.duplicates) == (0, 1)
    article = Article.objects.get(external_id="kh-1")
    assert not article.is_excerpt and article.body.endswith("뒷부분도 있다.")


def test_a_title_only_record_is_filled_by_outlet_and_title(tmp_path):
    path_ingest(path=CSV_EXCERPT)
    stub = Article.objects.get(title="[연예가 하이스쿨] 2018 연예대상 연기대상 점치기")
    assert stub.is_excerpt and stub.body == "" and stub.review_reasons == ["no body (title only)"]
    # Title-only records of one outlet are not one story because their (empty) bodies match.
    assert Article.objects.filter(outlet__name="조선일보", is_excerpt=True, body="").count() == 2
    full = {
        "title": stub.title,
        "body": "연말 시상식 시즌이다. 올해 연기대상의 주인공은 누구일까.",
        "outlet": "경향신문",
    }
    path_ingest(path=_dump(tmp_path / "full.jsonl", _lines([full | {"published_at": "2018-12-31"}])))
    stub.refresh_from_db()
    assert stub.body == "연말 시상식 시즌이다. 올해 연기대상의 주인공은 누구일까." and not stub.is_excerpt
    assert stub.review_reasons == []


@pytest.mark.skipif(not SHARED_XLSX.exists(), reason="the shared BigKinds data set is not here")
def test_the_whole_shared_download():
    report = path_ingest(path=SHARED_XLSX)
    assert report.status == "new" and report.new + report.duplicates == 602
    source = Source.objects.get(file_name=str(SHARED_XLSX))
    assert ArticleSource.objects.filter(source=source).count() == 602
    ids = set(Article.objects.filter(article_sources__source=source).values_list("external_id", flat=True))
    assert len(ids) == report.new and all(len(i) == 26 for i in ids)
