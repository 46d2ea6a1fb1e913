"""Bytes to text: encodings, BOMs, line endings, normalisation, binary rejection."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from articles.ingest.decode import decode_bytes
from articles.ingest.types import ParseError

TEXT = "배경훈 과기정통부 장관 후보자\n\n“인프라·데이터 보완해 글로벌 AI 경쟁 대응”\n입력 2025-02-25 16:21\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM, native order
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
        TEXT.encode("cp949"),
        TEXT.encode("euc-kr"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-le-bom", "utf16-be-bom", "utf32-le-bom", "cp949", "euc-kr"],
)
def test_encodings_decode_to_the_same_text(data):
    assert decode_bytes(data, name="a.txt") == TEXT


def test_cp949_only_syllables_outside_euc_kr():
    # "똠" and "햏" exist in CP949 (Unified Hangul Code) but not in EUC-KR.
    text = "똠방각하 햏자 인공지능 정책 기사입니다.\n"
    assert decode_bytes(text.encode("cp949"), name="a.txt") == text


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_become_lf(newline):
    data = TEXT.replace("\n", newline).encode("utf-8")
    decoded = decode_bytes(data, name="a.txt")
    assert decoded == TEXT
    assert "\r" not in decoded


def test_bom_is_stripped_even_when_doubled():
    data = codecs.BOM_UTF8 + "\ufeff".encode() + TEXT.encode()
    assert decode_bytes(data, name="a.txt") == TEXT


def test_output_is_nfc():
    decomposed = unicodedata.normalize("NFD", TEXT)
    assert decomposed != TEXT
    assert decode_bytes(decomposed.encode("utf-8"), name="a.txt") == TEXT


def test_utf8_cut_in_the_middle_of_a_character_stays_utf8():
    data = TEXT.encode("utf-8")
    cut = data[: data.index("대응".encode()) + 1]  # one byte into a three-byte syllable
    assert decode_bytes(cut, name="a.txt") == TEXT[: TEXT.index("대응")]


@pytest.mark.parametrize(
    "text",
    [
        "AI policy news, mostly ASCII text here. 인공지능\n" * 5,
        # Korean-heavy, with "가" (U+AC00), whose UTF-16 form has a NUL byte of its own.
        "정부가 인공지능 기본법 시행령을 공개했다. 업계가 환영했다.\n" * 5,
    ],
)
def test_utf16_without_bom_is_recognised(text):
    assert decode_bytes(text.encode("utf-16-le"), name="a.txt") == text
    assert decode_bytes(text.encode("utf-16-be"), name="a.txt") == text


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n\n"])
def test_empty_files_are_rejected(data):
    with pytest.raises(ParseError, match=r"^empty\.txt: empty file"):
        decode_bytes(data, name="empty.txt")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "ZIP"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\x1f\x8b\x08\x00", "gzip"),
    ],
)
def test_known_binary_formats_are_rejected(data, kind):
    with pytest.raises(ParseError, match=f"binary file.*{kind}"):
        decode_bytes(data, name="upload.bin")


def test_nul_bytes_are_binary():
    data = bytes(range(256)) * 4
    with pytest.raises(ParseError, match="binary file"):
        decode_bytes(data, name="random.bin")


def test_control_characters_are_binary():
    data = ("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 20 + "본문").encode("utf-8")
    with pytest.raises(ParseError, match=r"binary file.*control characters"):
        decode_bytes(data, name="weird.txt")


def test_tabs_and_form_feeds_are_text():
    text = "제목\t탭\f폼피드 본문입니다.\n"
    assert decode_bytes(text.encode(), name="a.txt") == text
