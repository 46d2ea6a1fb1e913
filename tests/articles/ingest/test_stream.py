"""Record files read as a stream: each record with its line, bad lines reported by number, a
resumed read starting after the lines done, the format told from the file's head."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.ingest.stream import CSV, JSONL, XLSX, record_format, records, stream_format
from articles.ingest.types import ParseError

DATA = Path(__file__).resolve().parents[2] / "data" / "bigkinds"


def _record(n: int) -> str:
    return json.dumps(
        {"title": f"AI 정책 {n}호", "body": f"본문 {n}.", "outlet": "연합뉴스", "published_at": "2024-05-01"},
        ensure_ascii=False,
    )


def test_jsonl_lines_with_their_numbers_and_bad_lines_named(tmp_path):
    path = tmp_path / "dump.jsonl"
    lines = [
        _record(1),
        "",
        "{not json",
        _record(2),
        '{"title": "x"}',
        b"\xff\xfe".decode("latin-1"),
        _record(3),
    ]
    path.write_bytes("\n".join(lines).encode("utf-8").replace("ÿþ".encode(), b"\xff\xfe") + b"\n")
    assert stream_format(path) == JSONL and record_format(path, JSONL) == "jsonl"
    got = [(r.line, r.article.title if r.article else None, r.message) for r in records(path, fmt=JSONL)]
    assert got[0] == (1, "AI 정책 1호", "")
    assert got[1][0] == 3 and got[1][1] is None and got[1][2].startswith("invalid JSON")
    assert got[2] == (4, "AI 정책 2호", "")
    assert got[3] == (5, None, "missing 'body'")
    assert got[4] == (6, None, "not UTF-8 (or CP949) text")
    assert got[5] == (7, "AI 정책 3호", "")
    # Offsets grow with the bytes read: what progress and ETA are computed from.
    offsets = [r.offset for r in records(path, fmt=JSONL)]
    assert offsets == sorted(offsets) and offsets[-1] == path.stat().st_size


def test_a_resumed_read_starts_after_the_lines_done(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(_record(n) for n in range(1, 11)) + "\n", encoding="utf-8")
    assert [r.line for r in records(path, fmt=JSONL, after=7)] == [8, 9, 10]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_dump_is_read_line_by_line(tmp_path, encoding):
    # Windows tools write UTF-16 with a BOM; its newline is two bytes, so byte lines would be wrong.
    path = tmp_path / "dump.jsonl"
    text = "\r\n".join([_record(1), "", "{not json", _record(2)]) + "\r\n"
    bom = "\ufeff" if encoding == "utf-16-be" else ""
    path.write_bytes((bom + text).encode(encoding))
    assert stream_format(path) == JSONL
    got = [(r.line, r.article.title if r.article else r.message[:12]) for r in records(path, fmt=JSONL)]
    assert got == [(1, "AI 정책 1호"), (3, "invalid JSON"), (4, "AI 정책 2호")]
    assert [r.line for r in records(path, fmt=JSONL, after=3)] == [4]


def test_a_date_rejected_keeps_the_article_with_a_message(tmp_path):
    path = tmp_path / "dump.jsonl"
    record = json.loads(_record(1)) | {"published_at": "2025-02-30"}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (only,) = records(path, fmt=JSONL)
    assert only.article is not None and only.article.published_date is None
    assert "impossible 'published_at'" in only.message


def test_a_csv_with_json_lines_columns(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_text(
        "title,body,outlet,published_at,reporters,url\n"
        'AI 기본법 시행,"첫 문단.\n\n둘째 문단.",전자신문,2024-05-01,"홍길동, 김철수",https://example.org/1\n'
        "제목만,,전자신문,,,\n",
        encoding="utf-8",
    )
    assert stream_format(path) == CSV and record_format(path, CSV) == "csv"
    first, second = records(path, fmt=CSV)
    assert first.line == 2 and first.article.paragraphs == ["첫 문단.", "둘째 문단."]
    assert first.article.reporters == ["홍길동", "김철수"]
    # The quoted body spans three lines: the next row starts on line 5.
    assert (second.line, second.article, second.message) == (5, None, "missing 'body'")


def test_a_cp949_bigkinds_csv(tmp_path):
    csv = DATA / "RawData_hallyu_2015-2018_cp949_excerpt.csv"
    assert stream_format(csv) == CSV and record_format(csv, CSV) == "bigkinds"
    rows = list(records(csv, fmt=CSV))
    assert [r.line for r in rows] == [2, 3, 4, 5, 6, 7]
    assert rows[1].article.title == "[연예가 하이스쿨] 2018 연예대상 연기대상 점치기"


def test_the_xlsx_needs_its_dimensions_reset():
    xlsx = DATA / "NewsResult_20210201-20210228_excerpt.xlsx"
    assert stream_format(xlsx) == XLSX and record_format(xlsx, XLSX) == "bigkinds"
    assert len(list(records(xlsx, fmt=XLSX))) == 8


def test_what_is_not_a_record_file(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body>기사</body></html>", encoding="utf-8")
    table = tmp_path / "other.csv"
    table.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    zipped = tmp_path / "archive.zip"
    zipped.write_bytes(b"PK\x03\x04rest")
    assert [stream_format(p) for p in (page, table, zipped, tmp_path / "missing.jsonl")] == [None] * 4
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04not a workbook")
    with pytest.raises(ParseError, match=r"not a readable \.xlsx workbook"):
        list(records(broken, fmt=XLSX))
