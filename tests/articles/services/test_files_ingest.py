"""Files ingested one after another: the next file is read and analysed while one is filed, and
lands exactly as it would alone; a read-ahead that no longer holds (lines filed meanwhile, a new
outlet, a file already ingested) is dropped and the file read again."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, ArticleSource, Outlet, Source
from articles.services import files_ingest, ingest
from articles.services.analysis import analysis_ahead
from articles.services.files_ingest import paths_ingest
from articles.services.ingest import SourceAhead, source_ingest, source_read_ahead
from articles.services.outlets import outlet_get_or_create, outlets_get_or_create
from articles.services.streaming import StreamAhead, path_ingest, stream_ingest, stream_read_ahead

pytestmark = pytest.mark.django_db

PAGE = Path(__file__).resolve().parents[2] / "data" / "real" / "015_etnews.txt"


def _record(n: int, **fields) -> dict:
    return {
        "title": f"과기정통부, AI 바우처 {n}차 공모 {n * 3}억 원 규모",
        "body": f"과학기술정보통신부는 {n}차 AI 바우처 공모를 시작한다고 밝혔다.\n\n지원 규모는 {n * 3}억 원이다.",
        "outlet": "전자신문",
        "published_at": "2024-05-01",
        "url": f"https://example.org/ahead/{n}",
        **fields,
    }


def _dump(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _json(*records: dict) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


@pytest.fixture
def drops(monkeypatch) -> list[str]:
    """The read-aheads given up, by kind."""
    dropped: list[str] = []
    for cls in (SourceAhead, StreamAhead):
        original = cls.drop

        def drop(self, original=original, name=cls.__name__) -> None:
            dropped.append(name)
            original(self)

        monkeypatch.setattr(cls, "drop", drop)
    return dropped


def test_each_file_after_the_first_is_read_ahead_and_lands_as_alone(tmp_path, monkeypatch, drops):
    first = _dump(tmp_path / "a.jsonl", *_json(*(_record(n) for n in range(1, 6))))
    second = _dump(tmp_path / "b.jsonl", *_json(_record(6), _record(2)), '{"title": 1}')
    third = _dump(tmp_path / "c.jsonl", *_json(_record(7, outlet="뉴시스")))
    page = tmp_path / "d.txt"  # a page, read whole
    page.write_bytes(PAGE.read_bytes())
    read: list[str] = []
    real = files_ingest.path_read_ahead

    def spy(**kwargs):
        read.append(kwargs["path"].name)
        return real(**kwargs)

    monkeypatch.setattr(files_ingest, "path_read_ahead", spy)
    warned: list[tuple[str, str]] = []
    reports = list(
        paths_ingest(
            paths=[first, second, third, page], batch=2, on_warning=lambda n, m: warned.append((n, m))
        )
    )

    assert read == ["b.jsonl", "c.jsonl", "d.txt"] and drops == []
    assert [(r.status, r.new, r.duplicates) for r in reports[:3]] == [
        ("new", 5, 0),
        ("new", 1, 1),
        ("new", 1, 0),
    ]
    assert reports[3].status == "new" and reports[3].new >= 1
    # The bad line read ahead is told once, by its file, at the file's turn.
    assert len(warned) == 1 and warned[0][0] == str(second)
    assert warned[0][1].startswith("line 3: missing 'body'")
    assert reports[1].warnings == [warned[0][1]]
    links = ArticleSource.objects.filter(source__file_name=str(second)).order_by("position")
    assert [(link.position, link.article.url[-2:]) for link in links] == [(1, "/6"), (2, "/2")]
    assert Article.objects.get(url__endswith="/7").outlet.name == "뉴시스"
    assert all(
        Source.objects.filter(complete=True, file_name=str(p)).exists() for p in (first, second, third)
    )


def test_a_bad_file_read_ahead_is_reported_by_name_and_the_rest_lands(tmp_path):
    _dump(tmp_path / "1.jsonl", *_json(_record(1)))
    _dump(tmp_path / "2.jsonl", '{"title": "x"}', "{nope")
    (tmp_path / "3.bin").write_bytes(bytes(range(256)) * 20)
    _dump(tmp_path / "4.jsonl", *_json(_record(4)))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path), stdout=out, stderr=err)
    assert "2.jsonl: no article in the file" in err.getvalue() and "3.bin" in err.getvalue()
    assert "errors: 2" in out.getvalue()
    assert Article.objects.filter(url__startswith="https://example.org/ahead/").count() == 2
    assert not Source.objects.filter(file_name=str(tmp_path / "2.jsonl")).exists()


def test_a_read_ahead_that_fails_changes_nothing(tmp_path, monkeypatch):
    page = tmp_path / "a.txt"
    page.write_bytes(PAGE.read_bytes())
    dump = _dump(tmp_path / "b.jsonl", *_json(_record(1)))

    def fails(**kwargs):
        Source.objects.raw("SELECT 1/0")[:]  # an error in the page's transaction, held in a savepoint
        raise AssertionError("unreachable")

    monkeypatch.setattr(files_ingest, "path_read_ahead", fails)
    reports = list(paths_ingest(paths=[page, dump]))
    assert [r.status for r in reports] == ["new", "new"]
    assert Source.objects.filter(file_name=str(page)).exists() and Article.objects.filter(url__endswith="/1")


def test_a_stream_read_ahead_is_dropped_when_lines_were_filed_meanwhile(tmp_path, drops):
    path = _dump(tmp_path / "dump.jsonl", *_json(*(_record(n) for n in range(1, 11))))
    with analysis_ahead() as ahead:
        read = stream_read_ahead(path=path, fmt="jsonl", batch=3, ahead=ahead)
        assert read is not None and read.after == 0 and [r.line for r in read.first] == [1, 2, 3]
        # Meanwhile another run filed the first six lines and was cut off.
        path_ingest(path=path, batch=3)
        source = Source.objects.get(file_name=str(path))
        Article.objects.filter(article_sources__source=source, article_sources__position__gt=6).delete()
        Source.objects.filter(pk=source.pk).update(lines_done=6, complete=False)

        report = stream_ingest(path=path, fmt="jsonl", batch=3, ahead=ahead, read=read)
    assert drops == ["StreamAhead"]
    assert (report.resumed_after, report.new, report.duplicates) == (6, 4, 0)
    assert sorted(ArticleSource.objects.filter(source=source).values_list("position", flat=True)) == list(
        range(1, 11)
    )


def test_a_stream_read_ahead_of_a_file_completed_meanwhile_files_nothing(tmp_path, drops):
    path = _dump(tmp_path / "dump.jsonl", *_json(_record(1), _record(2)))
    with analysis_ahead() as ahead:
        read = stream_read_ahead(path=path, fmt="jsonl", batch=10, ahead=ahead)
        path_ingest(path=path)
        report = stream_ingest(path=path, fmt="jsonl", ahead=ahead, read=read)
    assert report.status == "unchanged" and drops == ["StreamAhead"]
    assert ArticleSource.objects.filter(source__file_name=str(path)).count() == 2


def test_a_read_ahead_is_parsed_again_when_the_outlets_changed_its_analysis_kept(
    tmp_path, monkeypatch, drops
):
    data = "\n".join(_json(_record(1))).encode()
    parses: list[str] = []
    real = ingest.parse_bytes
    with analysis_ahead() as ahead:
        read = source_read_ahead(name="one.jsonl", data=data, ahead=ahead)
        assert read is not None
        # A new outlet may change what the parser makes of a page: the file is parsed again.
        Outlet.objects.create(name="새 매체", slug="new-outlet")
        monkeypatch.setattr(ingest, "parse_bytes", lambda *a, **k: parses.append(k["name"]) or real(*a, **k))
        report = source_ingest(name="one.jsonl", data=data, ahead=ahead, read=read)
    assert parses == ["one.jsonl"] and drops == [] and (report.status, report.new) == ("new", 1)
    assert Article.objects.get(url__endswith="/ahead/1").search_vector


def test_a_stream_read_ahead_is_parsed_again_when_the_outlets_changed(tmp_path, monkeypatch, drops):
    path = _dump(tmp_path / "dump.jsonl", *_json(*(_record(n) for n in range(1, 5))), "{bad")
    warned: list[str] = []
    with analysis_ahead() as ahead:
        read = stream_read_ahead(path=path, fmt="jsonl", batch=3, ahead=ahead)
        Outlet.objects.create(name="새 매체", slug="new-outlet")
        report = stream_ingest(
            path=path, fmt="jsonl", batch=3, ahead=ahead, read=read, on_warning=warned.append
        )
    assert drops == [] and (report.status, report.new, report.duplicates) == ("new", 4, 0)
    assert len(warned) == 1 and warned[0].startswith("line 5: ")
    assert sorted(
        ArticleSource.objects.filter(source__file_name=str(path)).values_list("position", flat=True)
    ) == [1, 2, 3, 4]


def test_a_whole_file_read_ahead_twice_is_ingested_once(tmp_path, drops):
    data = "\n".join(_json(_record(1))).encode()
    with analysis_ahead() as ahead:
        read = source_read_ahead(name="one.jsonl", data=data, ahead=ahead)
        source_ingest(name="one.jsonl", data=data)
        assert source_read_ahead(name="copy.jsonl", data=data, ahead=ahead) is None
        report = source_ingest(name="copy.jsonl", data=data, ahead=ahead, read=read)
    assert report.status == "unchanged" and drops == ["SourceAhead"]
    assert Source.objects.filter(file_name__in=["one.jsonl", "copy.jsonl"]).count() == 1


def test_a_files_new_outlets_are_made_at_once_as_one_by_one():
    Outlet.objects.create(name="기존매체", slug="existing")
    outlets = outlets_get_or_create(names=["기존매체", "새매체 ", None, "New Wire", "새매체 "])
    assert set(outlets) == {"기존매체", "새매체 ", "", "New Wire"}
    assert outlets["기존매체"].slug == "existing" and outlets["새매체 "].name == "새매체"
    assert outlets[""].name == "미상" and outlets["New Wire"].slug == "new-wire"
    alone = outlet_get_or_create(name="혼자매체")
    assert outlets["새매체 "].slug == f"outlet-{hashlib.sha256('새매체'.encode()).hexdigest()[:8]}"
    # The history a save of each writes.
    for outlet in (outlets["새매체 "], outlets["New Wire"], alone):
        (row,) = outlet.history.all()
        assert (row.history_type, row.history_change_reason, row.history_user) == ("+", None, None)


def test_new_outlets_whose_slugs_clash_are_made_one_by_one():
    outlets = outlets_get_or_create(names=["Tech Wire", "tech wire"])
    assert outlets["Tech Wire"].slug == "tech-wire"
    assert outlets["tech wire"].slug.startswith("tech-wire-") and outlets["tech wire"].pk


def test_a_dry_run_of_many_files_reads_ahead_and_writes_nothing(tmp_path):
    page = tmp_path / "a.txt"
    page.write_bytes(PAGE.read_bytes())
    other = tmp_path / "b.jsonl"
    other.write_bytes("\n".join(_json(_record(1))).encode())
    dump = _dump(tmp_path / "c.jsonl", *_json(_record(2)))
    sources, articles = Source.objects.count(), Article.objects.count()
    reports = list(paths_ingest(paths=[page, other, dump], dry_run=True))
    assert [r.status for r in reports] == ["new", "new", "new"] and reports[2].new == 1
    assert (Source.objects.count(), Article.objects.count()) == (sources, articles)
