"""Bytes to text: BOM first, then the declared charset, then strict UTF-8, then UTF-8 with a few invalid bytes
(each read as cp1252), then detection.

Binary data (images, archives, random bytes) is told apart from text before any decoding is tried, so
that it is rejected as `binary` rather than decoded into noise.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from charset_normalizer.md import mess_ratio

from newsclean.vocab import Reason

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats that are never text. Checked on the first bytes only.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"\x7fELF", "an ELF executable"),
    (b"\x00\x00\x01\x00", "an icon"),
)
_SNIFF_BYTES = 8192
# Bytes that do not occur in text: C0 controls other than tab, LF, VT, FF, CR and ESC.
_CONTROL_BYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}))
_MAX_CONTROL_SHARE = 0.05
_DETECT_BYTES = 1 << 20
_UTF16_MIN_BYTES = 16
_UTF16_NUL_SHARE = 0.6
_CHAOS_TIE = 0.01
_SHORT_SAMPLE = 4096  # bytes: below this, detection alone is unreliable (see _likeliest_encoding)
_WIDE = ("utf_16", "utf_32")
# Legacy encodings by how common they are on the web (after UTF-8), for breaking detection ties.
_WEB_PREFERENCE = (
    "cp1252",
    "iso8859_15",
    "latin_1",
    "cp1251",
    "cp1250",
    "iso8859_2",
    "shift_jis",
    "gb18030",
    "euc_kr",
    "big5",
    "cp1256",
    "cp1253",
    "cp1254",
    "cp1257",
    "koi8_r",
)


class DecodeError(ValueError):
    """Raised when bytes cannot be turned into text; `reason` is the rejects code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_META_SNIFF_BYTES = 4096


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag of its first 4 KiB, as browsers look for it."""
    found = _META_CHARSET.search(data[:_META_SNIFF_BYTES])
    return found[1].decode("ascii") if found else None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode `data` to text or raise DecodeError(reason, detail)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding)
    _refuse_binary(data)
    utf16 = _bomless_utf16(data[:_SNIFF_BYTES])
    for encoding in filter(None, (declared and _known(declared), utf16, "utf-8")):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return _mostly_utf8(data) or _detected(data)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            Reason.UNDECODABLE, f"The bytes are not valid {encoding} despite its byte order mark (offset {exc.start})."
        ) from exc


def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-range text puts a NUL in every other byte."""
    if len(head) < _UTF16_MIN_BYTES or b"\x00" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > _UTF16_NUL_SHARE * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > _UTF16_NUL_SHARE * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _refuse_binary(data: bytes) -> None:
    head = data[:_SNIFF_BYTES]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise DecodeError(Reason.BINARY, f"The file holds {what}, not text.")
    if _bomless_utf16(head):
        return
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(head):
        raise DecodeError(
            Reason.BINARY,
            f"{controls} of the first {len(head)} bytes are control bytes: this is binary data, not text.",
        )


_STRAY = re.compile("[\udc80-\udcff]")  # the surrogates `surrogateescape` puts for invalid bytes
_NON_ASCII = bytes(range(0x80, 0x100))


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few invalid bytes in it (a cp1252 fragment pasted in, a byte lost in transfer): decoded as
    UTF-8, each invalid byte read as cp1252, when valid multi-byte characters outnumber the invalid bytes. Text
    in a legacy encoding (nearly) never holds a valid UTF-8 sequence: it is left to detection."""
    text = data.decode("utf-8", "surrogateescape")
    stray = len(_STRAY.findall(text))
    ascii_bytes = len(data.translate(None, _NON_ASCII))
    if len(text) - ascii_bytes - stray <= stray:
        return None
    return _STRAY.sub(_as_cp1252, text)


def _as_cp1252(found: re.Match[str]) -> str:
    byte = bytes([ord(found[0]) - 0xDC00])
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return byte.decode("latin-1")


def _detected(data: bytes) -> str:
    encoding = _likeliest_encoding(data[:_DETECT_BYTES])
    if encoding is None:
        raise DecodeError(Reason.UNDECODABLE, "The bytes are not UTF-8 and no text encoding fits them.")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            Reason.UNDECODABLE, f"The bytes looked like {encoding} but do not decode as it (offset {exc.start})."
        ) from exc


def _likeliest_encoding(sample: bytes) -> str | None:
    """charset-normalizer's candidates that read the sample with the least noise; among equals, the one the
    web uses most (it cannot tell cp1252 from cp1250 on French text, for instance).

    A short sample ("Café", "Привет") reads equally clean in dozens of code pages, and charset-normalizer
    may leave the right one out (it chose cp775 for cp1252's "Café": "Cafķ"; UTF-16 for cp1251's "Привет").
    So BOM-less UTF-16 and UTF-32 are left to the NUL-byte sniff above, and on a short sample each web
    encoding is measured with the same noise ratio and joins the candidates when it reads as cleanly."""
    matches = [m for m in charset_normalizer.from_bytes(sample) if not m.encoding.startswith(_WIDE)]
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    near = [m.encoding for m in matches if m.chaos <= least + _CHAOS_TIE]
    if len(sample) <= _SHORT_SAMPLE:
        near += [e for e in _WEB_PREFERENCE if e not in near and _noise(sample, e) <= least + _CHAOS_TIE]
    return next((e for e in _WEB_PREFERENCE if e in near), near[0])


def _noise(sample: bytes, encoding: str) -> float:
    """charset-normalizer's noise ratio of the sample read as `encoding` (1.0 when it does not decode)."""
    try:
        return mess_ratio(sample.decode(encoding), maximum_threshold=1.0)
    except UnicodeDecodeError:
        return 1.0
