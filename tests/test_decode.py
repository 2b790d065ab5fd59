from __future__ import annotations

import codecs

import pytest

from newsclean.read.decode import DecodeError, decode_bytes, meta_charset

TEXT = "Zürich’s café reopened on Monday – “finally”, said the owner."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
    ],
)
def test_unicode_encodings_with_and_without_bom(data: bytes) -> None:
    assert decode_bytes(data) == TEXT


def test_cp1252_is_detected() -> None:
    text = "Les élèves ont été reçus à l’école – « très bien », dit-il. " * 5
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("Café", "cp1252"), ("Zürich Straße", "cp1252"), ("Привет", "cp1251"), ("Zażółć gęślą jaźń.", "cp1250")],
)
def test_short_legacy_text_is_read_in_the_web_encoding(text: str, encoding: str) -> None:
    """A few bytes read equally clean in dozens of code pages: charset-normalizer alone read cp1252's "Café"
    as cp775 ("Cafķ") and cp1251's "Привет" as UTF-16."""
    assert decode_bytes(text.encode(encoding)) == text


def test_declared_charset_wins_over_detection() -> None:
    assert decode_bytes("Größe".encode("latin-1"), declared="ISO-8859-1") == "Größe"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        bytes(range(32)) * 40,
        b"%PDF-1.7\n" + b"\x00\x01" * 100,
    ],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(DecodeError) as caught:
        decode_bytes(data)
    assert caught.value.reason == "binary"
    assert caught.value.detail.endswith(".")


def test_a_page_declares_its_charset_in_a_meta_tag() -> None:
    page = '<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head><body>Zoë’s</body></html>'
    data = page.encode("cp1252")
    assert meta_charset(data) == "windows-1252"
    assert "Zoë’s" in decode_bytes(data, meta_charset(data))
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    assert meta_charset(http_equiv) == "ISO-8859-1"
