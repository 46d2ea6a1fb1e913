"""Turn the bytes of an uploaded file into clean text, or say why that is impossible."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from articles.ingest.types import ParseError

# Signatures of formats people upload by mistake; text decoders would happily turn them into mojibake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/HWPX)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (old MS Office or HWP)"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"RIFF", "RIFF media file"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Above this share of control characters the "text" is really binary data.
_MAX_CONTROL_RATIO = 0.02
_ALLOWED_CONTROLS = frozenset("\n\t\f\v")
# Characters Korean news text is made of: ASCII, Latin-1, Hangul, CJK punctuation, Hanja.
_PLAUSIBLE_RE = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2190-\u25ff\u3000-\u303f\u3131-\u318e"
    r"\uac00-\ud7a3\u4e00-\u9fff\uff01-\uff5e]"
)


def decode_bytes(data: bytes, *, name: str) -> str:
    """Decode a text file of unknown encoding to NFC text with LF line endings.

    Raises ParseError for empty files, binary files and undecodable bytes.
    """
    if not data or not data.strip():
        raise ParseError(f"{name}: empty file")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ParseError(f"{name}: binary file ({kind}), not text")

    text = _decode(data, name=name)
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    _reject_binary(text, name=name)
    if not text.strip():
        raise ParseError(f"{name}: empty file (only whitespace)")
    return text


def _decode(data: bytes, *, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _decode_prefix(data[len(bom) :], encoding)
            except UnicodeDecodeError as exc:
                raise ParseError(f"{name}: has a {encoding} byte-order mark but is not {encoding}") from exc

    guessed = _guess_bomless_utf16(data)
    if guessed:
        try:
            return _decode_prefix(data, guessed)
        except UnicodeDecodeError:
            pass
    # Outside UTF-16/32, text never contains NUL bytes.
    if b"\x00" in data:
        raise ParseError(f"{name}: binary file (NUL bytes)")

    try:
        return _decode_prefix(data, "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # CP949 is a superset of EUC-KR, so this covers both legacy Korean encodings.
        return data.decode("cp949")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise ParseError(f"{name}: binary file or unknown text encoding (not UTF-8, UTF-16 or CP949)")
    return str(best)


def _decode_prefix(data: bytes, encoding: str) -> str:
    """Decode strictly, but forgive an incomplete character at the very end.

    Files cut off at a byte count (a truncated download) often end mid-character;
    that should not make a UTF-8 file look like CP949.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    # final=False keeps an incomplete trailing sequence buffered instead of raising.
    return decoder.decode(data, final=False)


def _guess_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: the byte order whose decoding reads as Korean/ASCII text.

    Binary data with NULs decodes to scattered CJK, symbols and surrogate errors instead.
    """
    sample = data[:4000]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = _decode_prefix(sample, encoding)
        except UnicodeDecodeError:
            continue
        plausible = sum(1 for ch in text if _PLAUSIBLE_RE.match(ch)) / max(len(text), 1)
        if plausible >= 0.9 and (best is None or plausible > best[0]):
            best = (plausible, encoding)
    return best[1] if best else None


def _reject_binary(text: str, *, name: str) -> None:
    if "\x00" in text:
        raise ParseError(f"{name}: binary file (NUL characters in the decoded text)")
    sample = text[:20000]
    controls = sum(1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc")
    if controls > max(2, _MAX_CONTROL_RATIO * len(sample)):
        raise ParseError(f"{name}: binary file ({controls} control characters in {len(sample)} characters)")
