"""Record files read as a stream: each record with its line, bad lines reported by number, a
resumed read starting after the lines done, the format told from the file's head."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from articles.ingest.stream import CSV, JSON, JSONL, XLSX, record_format, records, stream_format
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


def test_a_json_array_is_read_item_by_item(tmp_path):
    # Scrapy's JSON feed: "[", one object per line with a comma, "]"; or the same pretty-printed.
    items = [json.loads(_record(n)) for n in range(1, 4)]
    items.insert(1, {"title": "본문 없음"})
    for text in (
        "[\n" + ",\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n]",
        "\ufeff" + json.dumps(items, ensure_ascii=False, indent=2),
    ):
        path = tmp_path / "items.json"
        path.write_text(text, encoding="utf-8")
        assert stream_format(path) == JSON and record_format(path, JSON) == "json"
        got = [(r.unit, r.line, r.article.title if r.article else r.message) for r in records(path, fmt=JSON)]
        assert got == [
            ("item", 1, "AI 정책 1호"),
            ("item", 2, "missing 'body'"),
            ("item", 3, "AI 정책 2호"),
            ("item", 4, "AI 정책 3호"),
        ]
        assert [r.line for r in records(path, fmt=JSON, after=3)] == [4]


def test_an_api_response_is_read_from_its_list_of_records(tmp_path):
    # A saved search API response: its records under "items" (Naver), or deeper (BigKinds' API).
    naver = {"lastBuildDate": "Mon, 08 Sep 2025 14:10:00 +0900", "total": 2, "items": [
        {"title": "<b>AI</b> 기본법", "originallink": "https://www.yna.co.kr/view/AKR1", "description": "요약이다.",
         "pubDate": "Mon, 08 Sep 2025 14:05:00 +0900"},
    ]}  # fmt: skip
    deeper = {"result": 0, "return_object": {"total_hits": 1, "documents": [json.loads(_record(7))]}}
    for document, title in ((naver, "AI 기본법"), (deeper, "AI 정책 7호")):
        for indent in (None, 2):  # on one line, or pretty-printed
            path = tmp_path / "response.json"
            path.write_text(json.dumps(document, ensure_ascii=False, indent=indent), encoding="utf-8")
            assert stream_format(path) == JSON
            (only,) = records(path, fmt=JSON)
            assert only.article is not None and only.article.title == title
    # One article saved as a JSON document, its images a list of objects: the article, not them.
    path = tmp_path / "article.json"
    single = {"images": [{"url": "a.jpg", "caption": "사진"}], **json.loads(_record(8))}
    path.write_text(json.dumps(single, ensure_ascii=False, indent=2), encoding="utf-8")
    assert stream_format(path) == JSON
    assert [r.article.title for r in records(path, fmt=JSON)] == ["AI 정책 8호"]
    # A JSON file that is no collection of articles gives no article, each item saying why.
    path = tmp_path / "entities.json"
    path.write_text(json.dumps({"version": 1, "organizations": [{"id": "ORG1", "name": "과기정통부"}]}))
    assert [(r.article, r.message) for r in records(path, fmt=stream_format(path))] == [
        (None, "missing 'body'")
    ]


def test_a_json_array_cut_short_keeps_the_items_before_the_fault(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text("[" + _record(1) + "," + _record(2) + ',{"title": "잘린', encoding="utf-8")
    got = list(records(path, fmt=JSON))
    assert [r.article.title for r in got[:2]] == ["AI 정책 1호", "AI 정책 2호"]
    assert (
        got[2].article is None and got[2].line == 3 and got[2].message.startswith("invalid JSON from here on")
    )


def test_a_gzipped_dump_is_read_as_the_file_it_holds(tmp_path):
    lines = "\n".join(_record(n) for n in range(1, 6)) + "\n"
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress(lines.encode("utf-8")))
    assert stream_format(path) == JSONL
    got = list(records(path, fmt=JSONL))
    assert [r.article.title for r in got] == [f"AI 정책 {n}호" for n in range(1, 6)]
    # Progress counts the bytes of the file as it is on disk.
    assert got[-1].offset == path.stat().st_size
    csv_path = tmp_path / "cut.csv.gz"
    csv_path.write_bytes(gzip.compress("title,body,outlet\n제목,본문이다.,연합뉴스\n".encode()))
    assert stream_format(csv_path) == CSV and [r.article.title for r in records(csv_path, fmt=CSV)] == [
        "제목"
    ]


def test_a_gzipped_dump_cut_short_keeps_what_came_before(tmp_path):
    packed = gzip.compress(("\n".join(_record(n) for n in range(1, 400)) + "\n").encode("utf-8"))
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    got = list(records(path, fmt=JSONL))
    kept = [r for r in got if r.article is not None]
    assert 0 < len(kept) < 399 and [r.line for r in kept] == list(range(1, len(kept) + 1))
    assert got[-1].article is None and got[-1].message.startswith(
        "the compressed file is damaged from here on"
    )
    assert got[-1].line == got[-2].line + 1


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
