"""Format detection and the decode + parse entry points, over every seed."""

from __future__ import annotations

import codecs

import pytest

from articles.ingest.parsers import aju, bigkinds, csv_records, daum, generic, jsonl, zdnet_search
from articles.ingest.registry import PARSERS, detect_format, parse_bytes, parse_text
from articles.ingest.types import ParseError
from tests.articles.ingest.support import OUTLETS, SEED_ARTICLES, metadata, seed_path

EXPECTED = {
    "000": ("zdnet_search", 13),
    "001": ("aju", 1),
    "002": ("daum", 1),
    "003": ("daum", 1),
    "004": ("zdnet_search", 20),
}

BY_FORMAT = {parser.FORMAT: parser for parser in (jsonl, zdnet_search, daum, aju, generic)}

# Characters of the seeds that CP949 lacks, replaced as a Korean editor saving as CP949 would.
CP949_SAFE = str.maketrans({"•": "·", "©": "ⓒ", "\xa0": " ", "–": "-"})


def test_parser_order_specific_first_generic_last():
    assert list(PARSERS) == [jsonl, bigkinds, csv_records, zdnet_search, daum, aju, generic]
    for parser in PARSERS:
        assert isinstance(parser.FORMAT, str) and parser.FORMAT
        assert callable(parser.detect) and callable(parser.parse)
    assert len({p.FORMAT for p in PARSERS}) == len(PARSERS)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_each_seed_is_detected_and_parsed(prefix):
    path = seed_path(prefix)
    data = path.read_bytes()
    fmt, count = EXPECTED[prefix]
    assert detect_format(data.decode("utf-8"), name=path.name) is BY_FORMAT[fmt]
    result = parse_bytes(data, name=path.name, outlets=OUTLETS)
    assert result.format == fmt
    assert len(result.articles) == count
    assert [metadata(a) for a in result.articles] == SEED_ARTICLES[prefix]
    assert result.warnings == []
    assert result.text == data.decode("utf-8")


def test_detection_ignores_the_file_name():
    data = seed_path("001").read_bytes()
    assert parse_bytes(data, name="003_daum_copy.jsonl", outlets=OUTLETS).format == "aju"


# The same seed text as Windows and Excel save it.
REENCODINGS = {
    "utf16-bom": lambda text: text.encode("utf-16"),
    "utf16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf8-bom-crlf": lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("encode", REENCODINGS.values(), ids=REENCODINGS.keys())
@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_reencoded_seed_gives_the_same_articles(prefix, encode):
    data = seed_path(prefix).read_bytes()
    original = parse_bytes(data, name="a.txt", outlets=OUTLETS)
    again = parse_bytes(encode(data.decode()), name="a.txt", outlets=OUTLETS)
    assert again.articles == original.articles
    assert again.text == original.text


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_cp949_gives_the_same_articles(prefix):
    text = seed_path(prefix).read_text(encoding="utf-8").translate(CP949_SAFE)
    original = parse_bytes(seed_path(prefix).read_bytes(), name="a.txt", outlets=OUTLETS)
    again = parse_bytes(text.encode("cp949"), name="a.txt", outlets=OUTLETS)
    assert again.format == original.format
    assert again.articles == parse_text(text, name="a.txt", outlets=OUTLETS).articles
    assert [(a.title, a.published_date, a.published_time, a.reporters, a.outlet) for a in again.articles] == [
        (a.title, a.published_date, a.published_time, a.reporters, a.outlet) for a in original.articles
    ]


def test_cp949_with_lossy_replacement_still_finds_every_zdnet_result():
    # Saving with errors="replace" turns bullets and NBSP padding into "?".
    data = seed_path("004").read_text(encoding="utf-8").encode("cp949", errors="replace")
    result = parse_bytes(data, name="lossy.txt", outlets=OUTLETS)
    assert len(result.articles) == 20
    assert result.warnings == []


def test_32_distinct_seed_articles():
    assert len({row[0] for rows in SEED_ARTICLES.values() for row in rows}) == 32
    assert sum(len(rows) for rows in SEED_ARTICLES.values()) == 36


def test_total_distinct_zdnet_titles():
    titles = set()
    for prefix in ("000", "004"):
        titles |= {
            a.title
            for a in parse_bytes(seed_path(prefix).read_bytes(), name=prefix, outlets=OUTLETS).articles
        }
    assert len(titles) == 29


@pytest.mark.parametrize("data", [b"", b" \n \n", codecs.BOM_UTF16_LE])
def test_empty_file_raises_with_reason(data):
    with pytest.raises(ParseError, match=r"^empty\.txt: empty file"):
        parse_bytes(data, name="empty.txt", outlets=OUTLETS)


def test_binary_file_raises_with_reason():
    with pytest.raises(ParseError, match=r"^shot\.png: binary file \(PNG image\)"):
        parse_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), name="shot.png")
    with pytest.raises(ParseError, match=r"^blob\.txt: binary file"):
        parse_bytes(bytes(range(256)) * 8, name="blob.txt")


def test_parse_text_rejects_zero_articles():
    cut = seed_path("000").read_text(encoding="utf-8")[:2000]  # chrome only, no result yet
    assert "2025." not in cut
    with pytest.raises(ParseError, match=r"^cut\.txt: no articles found \(zdnet_search"):
        parse_text(cut, name="cut.txt", outlets=OUTLETS)


def test_unrecognised_text_falls_back_to_generic_or_fails_clearly():
    with pytest.raises(ParseError, match=r"^memo\.txt: no article found"):
        parse_bytes("장보기 목록\n우유\n계란\n".encode(), name="memo.txt", outlets=OUTLETS)
