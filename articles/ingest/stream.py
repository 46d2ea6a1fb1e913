"""Record files of any size read as a stream: JSON Lines, JSON arrays of records (a Scrapy feed, a
saved API response), CSV with a header, BigKinds ``.xlsx``.

One record at a time, with its line (a table's row number, a JSON array's item), so memory stays flat whatever the
file's size and a bad line is reported by its number while the rest are read. The rows are mapped
by the parsers' own functions (``jsonl.line_article``, ``csv_records.row_article``,
``bigkinds.row_article``): the same rules as a small file read whole. No Django.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gzip
import io
import json
import unicodedata
import warnings
import zlib
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import ijson

from articles.ingest.outlets import EMPTY_REGISTRY, OutletRegistry
from articles.ingest.parsers import bigkinds, csv_records, jsonl, record_keys
from articles.ingest.types import ParsedArticle, ParseError

JSONL, JSON, CSV, XLSX = "jsonl", "json", "csv", "xlsx"
HEAD_BYTES = 64 * 1024
_ZIP = b"PK\x03\x04"
_GZIP = b"\x1f\x8b"


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[tuple[BinaryIO, BinaryIO]]:
    """The file's content, unpacked when it is gzip (a dump is often shipped as ``.jsonl.gz``), and
    the file itself, whose position is what progress counts against its size."""
    with path.open("rb") as raw:
        if raw.read(2) == _GZIP:
            raw.seek(0)
            with gzip.GzipFile(fileobj=raw) as unpacked:
                yield cast(BinaryIO, unpacked), raw
        else:
            raw.seek(0)
            yield raw, raw


@dataclass(frozen=True)
class Record:
    """One line (or row) of a record file: its article, or why it is none."""

    line: int
    article: ParsedArticle | None
    message: str = ""  # why the line is no article, or what was dropped from a kept one
    offset: int = 0  # bytes of the file read so far (0 when unknown): progress and ETA
    unit: str = "line"  # what ``line`` counts: "item" in a JSON array


def stream_format(path: Path) -> str | None:
    """``jsonl``, ``json``, ``csv`` or ``xlsx`` when ``path`` is a record file this module streams,
    else None."""
    try:
        with _opened(path) as (file, _):
            head = file.read(HEAD_BYTES)
    except (OSError, EOFError, zlib.error):
        return None
    # "dump.jsonl.gz" is read as the "dump.jsonl" it holds.
    return head_format(head, suffix=Path(path.stem).suffix if path.suffix == ".gz" else path.suffix)


def head_format(head: bytes, *, suffix: str) -> str | None:
    """``stream_format`` of a file from its first bytes and its name's suffix (an upload's too)."""
    if head.startswith(_GZIP):
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, HEAD_BYTES)
        except zlib.error:
            return None
        return None if inner.startswith(_GZIP) else head_format(inner, suffix=suffix)
    if head.startswith(_ZIP):
        return XLSX if suffix.lower() in (".xlsx", ".xlsm") else None
    text = _head_text(head)
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if first.startswith("["):
        # An array of records: what Scrapy's JSON feed and most "save as JSON" scrapers write.
        return JSON if text.lstrip("\ufeff \t\r\n[").startswith("{") else None
    if first.startswith("{"):
        try:
            record = json.loads(first)
        except ValueError:
            # A first line cut by the 64 KB head is still JSON Lines when its file says so;
            # otherwise one JSON document over many lines (an API response with its records).
            return JSONL if suffix.lower() in (".jsonl", ".ndjson") else JSON
        if not isinstance(record, dict):
            return None
        # One line holding a whole API response ({"items": [...]}) is a document, not a record.
        fields = record_keys.canonical_record(record)
        envelope = not fields.keys() & {"body", "excerpt", "title"} and _holds_records(record)
        return JSON if envelope else JSONL
    header = _csv_header(first)
    if header and (bigkinds.is_header(header) or csv_records.is_header(header)):
        return CSV
    return None


def _holds_records(value: object, depth: int = 3) -> bool:
    """Whether a JSON value holds a list of objects within ``depth`` levels."""
    if isinstance(value, list):
        return bool(value) and isinstance(value[0], dict)
    if isinstance(value, dict) and depth > 0:
        return any(_holds_records(v, depth - 1) for v in value.values())
    return False


def records(
    path: Path, *, fmt: str, outlets: OutletRegistry = EMPTY_REGISTRY, after: int = 0
) -> Iterator[Record]:
    """The records of ``path`` after line ``after`` (a resumed run), in order.

    Raises ``ParseError`` when the file as a whole cannot be read (a table without a known header,
    a broken workbook); a bad line is a ``Record`` without an article instead.
    """
    if fmt == JSONL:
        stream = _jsonl_records(path, outlets=outlets, after=after)
    elif fmt == JSON:
        stream = _json_records(path, outlets=outlets, after=after)
    elif fmt in (CSV, XLSX):
        rows = _csv_rows(path) if fmt == CSV else _xlsx_rows(path)
        stream = _table_records(rows, outlets=outlets, after=after)
    else:
        raise ParseError(f"{path.name}: {fmt!r} is not a streamed format")
    last = Record(after, None, unit="item" if fmt == JSON else "line")
    try:
        for last in stream:
            yield last
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        # A compressed dump cut short or damaged: what came before the damage still lands.
        yield Record(
            last.line + 1,
            None,
            f"the compressed file is damaged from here on ({exc}); the records before it are kept",
            last.offset,
            last.unit,
        )


def record_format(path: Path, fmt: str) -> str:
    """The format name the file's Source keeps: ``jsonl``, ``csv`` or ``bigkinds``."""
    if fmt in (JSONL, JSON):
        return fmt
    rows = _csv_rows(path) if fmt == CSV else _xlsx_rows(path)
    try:
        _, header, _ = next(rows)
    except StopIteration:
        return fmt
    finally:
        rows.close()
    return bigkinds.FORMAT if bigkinds.is_header(header) else csv_records.FORMAT


def _jsonl_records(path: Path, *, outlets: OutletRegistry, after: int) -> Iterator[Record]:
    for number, line, offset in _jsonl_lines(path):
        if number <= after:
            continue
        if line is None:
            yield Record(number, None, "not UTF-8 (or CP949) text", offset)
            continue
        if not line.strip():
            continue
        try:
            article, rejected = jsonl.line_article(line, outlets=outlets)
        except jsonl.LineError as exc:
            yield Record(number, None, str(exc), offset)
            continue
        message = f"{rejected}; the article is kept without a date, for review" if rejected else ""
        yield Record(number, article, message, offset)


def _json_records(path: Path, *, outlets: OutletRegistry, after: int) -> Iterator[Record]:
    prefix = _records_prefix(path)
    number = 0
    with _opened(path) as (file, raw):
        _skip_bom(file)
        try:
            for number, item in enumerate(ijson.items(file, prefix, use_float=True), start=1):
                if number <= after:
                    continue
                if not isinstance(item, dict):
                    yield Record(
                        number, None, f"not a JSON object but {type(item).__name__}", raw.tell(), "item"
                    )
                    continue
                try:
                    article, rejected = jsonl.record_article(item, outlets=outlets)
                except jsonl.LineError as exc:
                    yield Record(number, None, str(exc), raw.tell(), "item")
                    continue
                message = f"{rejected}; the article is kept without a date, for review" if rejected else ""
                yield Record(number, article, message, raw.tell(), "item")
        except (ijson.JSONError, UnicodeDecodeError) as exc:
            # The items before the fault are kept; the rest of the file cannot be read as JSON.
            yield Record(number + 1, None, f"invalid JSON from here on ({exc}); the items before it are kept",
                         raw.tell(), "item")  # fmt: skip


def _records_prefix(path: Path) -> str:
    """Where a JSON document keeps its records: the first array of objects (the document itself,
    ``items``, ``articles``, ``return_object.documents``…); ``""`` (the document is one record)
    when it has none, or when the document is itself an article (its ``images`` or ``related``
    lists are not records)."""
    found = ""
    top_keys: list[str] = []
    with _opened(path) as (file, _):
        _skip_bom(file)
        waiting: str | None = None
        try:
            for prefix, event, value in ijson.parse(file):
                if event == "map_key" and prefix == "":
                    top_keys.append(value)
                if waiting is not None:
                    if not found and event == "start_map" and prefix == f"{waiting}.item".lstrip("."):
                        if waiting == "":
                            return "item"  # an array of records: no need to read further
                        found = str(prefix)
                    waiting = None
                if event == "start_array":
                    waiting = prefix
        except (ijson.JSONError, UnicodeDecodeError):
            pass
    fields = record_keys.canonical_record(dict.fromkeys(top_keys, "x"))
    return "" if fields.keys() & {"body", "excerpt"} else found


def _skip_bom(file: BinaryIO) -> None:
    if file.read(3) != codecs.BOM_UTF8:
        file.seek(0)


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str | None, int]]:
    """Each line's number, text (None when it is no text) and the bytes read so far."""
    with _opened(path) as (file, raw):
        packed = file is not raw
        if file.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            # UTF-16 (Windows tools write it): its newlines are two bytes, so the file is decoded
            # as a whole stream; a bad byte costs a letter (U+FFFD), as in a CSV file.
            file.seek(0)
            text = io.TextIOWrapper(file, encoding="utf-16", errors="replace", newline="")
            for number, line in enumerate(text, start=1):
                yield number, unicodedata.normalize("NFC", line.lstrip("\ufeff")), raw.tell()
            return
        file.seek(0)
        offset = 0
        for number, data in enumerate(file, start=1):
            offset = raw.tell() if packed else offset + len(data)
            yield number, (_line_text(data) if data.strip() else ""), offset


def _line_text(raw: bytes) -> str | None:
    """A line's text: UTF-8 (JSON's own encoding), else CP949, line by line, so that one bad line
    costs that line and never turns the file's encoding for the others."""
    for encoding in ("utf-8", "cp949"):
        try:
            return unicodedata.normalize("NFC", raw.decode(encoding).lstrip("\ufeff"))
        except UnicodeDecodeError:
            continue
    return None


_Rows = Generator[tuple[int, Sequence[object], int], None, None]


def _table_records(rows: _Rows, *, outlets: OutletRegistry, after: int) -> Iterator[Record]:
    try:
        _, header, _ = next(rows)
    except StopIteration:
        return
    names = [bigkinds.cell_text(c) for c in header]
    mapper: Callable[[Sequence[object]], tuple[ParsedArticle, str]]
    if bigkinds.is_header(names):
        errors: tuple[type[Exception], ...] = (bigkinds.RowError,)

        def mapper(cells: Sequence[object]) -> tuple[ParsedArticle, str]:
            return bigkinds.row_article(dict(zip(names, cells, strict=False)), outlets=outlets), ""

    elif csv_records.is_header(names):
        errors = (jsonl.LineError,)

        def mapper(cells: Sequence[object]) -> tuple[ParsedArticle, str]:
            return csv_records.row_article(names, cells, outlets=outlets)

    else:
        raise ParseError(
            "the table's header is neither BigKinds' (일자, 언론사, 제목, …) nor JSON Lines' "
            f"(title, body, outlet, …): {', '.join(names[:8])}"
        )
    for number, cells, offset in rows:
        if number <= after or not any(str(c).strip() for c in cells if c is not None):
            continue
        try:
            article, message = mapper(cells)
        except errors as exc:
            yield Record(number, None, str(exc), offset)
            continue
        yield Record(number, article, message, offset)


def _csv_rows(path: Path) -> _Rows:
    with _opened(path) as (file, raw):
        encoding = _encoding(file.read(HEAD_BYTES))
        file.seek(0)
        # Characters the encoding cannot map become U+FFFD: one bad byte costs a letter, not a file.
        text = io.TextIOWrapper(file, encoding=encoding, errors="replace", newline="")
        first = text.readline()
        reader = csv.reader(_chain_first(first, text), dialect=csv_records.dialect(first.lstrip("\ufeff")))
        line = 1
        for cells in reader:
            yield line, [unicodedata.normalize("NFC", c).lstrip("\ufeff") for c in cells], raw.tell()
            line = reader.line_num + 1


def _chain_first(first: str, rest: io.TextIOWrapper) -> Iterator[str]:
    yield first
    yield from rest


def _xlsx_rows(path: Path) -> _Rows:
    # openpyxl reads a workbook's XML as a stream in read-only mode; imported here because only a
    # BigKinds download needs it.
    import openpyxl

    try:
        with warnings.catch_warnings():
            # BigKinds' workbooks (Apache POI) have no default style; openpyxl says so, harmlessly.
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors alike
        raise ParseError(f"{path.name}: not a readable .xlsx workbook ({exc})") from exc
    try:
        sheet = workbook.worksheets[0]
        # BigKinds declares the sheet's size as "A1": without this, read-only mode sees one cell.
        sheet.reset_dimensions()
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells), 0
    finally:
        workbook.close()


def _encoding(head: bytes) -> str:
    """UTF-8 (with or without its BOM), UTF-16 by its BOM, else CP949 (a superset of EUC-KR)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp949"
    return "utf-8"


def _head_text(head: bytes) -> str:
    encoding = _encoding(head)
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)


def _csv_header(first: str) -> list[str] | None:
    first = first.lstrip("\ufeff")
    if "," not in first and "\t" not in first:
        return None
    try:
        return next(csv.reader([first], dialect=csv_records.dialect(first)))
    except (csv.Error, StopIteration):
        return None
