"""An HTTP response body as stored in a WARC, decoded: de-chunked (Transfer-Encoding: chunked) and inflated
(Content-Encoding: gzip, x-gzip, deflate), in bounded steps so that no body is held past the record limit.

Decoding is lenient, as browsers are: a body that does not start as its headers say is passed through as it
is (crawlers often store decoded bodies under the original headers), and one that breaks off mid-stream ends
where it breaks (crawlers truncate long bodies: WARC-Truncated).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Protocol

from warcio.bufferedreaders import ChunkedDataReader
from warcio.statusandheaders import StatusAndHeaders

_BLOCK = 1 << 14
_GZIP_OR_ZLIB = 32 + zlib.MAX_WBITS  # zlib detects either header
_INFLATED = frozenset({"gzip", "x-gzip", "deflate"})


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class LineReadable(Readable, Protocol):
    def readline(self, size: int = -1, /) -> bytes: ...


class TooLarge(Exception):
    """The body is larger than the record limit."""


def content_type(headers: StatusAndHeaders | None) -> tuple[str, str | None]:
    """(media type in lower case, charset parameter or None) of an HTTP Content-Type header."""
    value = headers.get_header("Content-Type") if headers else None
    if not value:
        return "", None
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, arg = param.partition("=")
        if name.strip().lower() == "charset":
            charset = arg.strip().strip("\"'") or None
    return media.strip().lower(), charset


def read_body(raw: LineReadable, headers: StatusAndHeaders, limit: int) -> bytes | None:
    """The decoded body, or None when it is longer than `limit` (decoded) or its encoded form much longer."""
    stream: Readable = _RawCap(raw, limit + (limit >> 6) + 4096)  # room for chunk framing and gzip overhead
    if "chunked" in (headers.get_header("Transfer-Encoding") or "").lower():
        stream = ChunkedDataReader(stream)
    encoding = (headers.get_header("Content-Encoding") or "").strip().lower()
    if encoding in _INFLATED:
        stream = Inflater(stream, deflate=encoding == "deflate")
    try:
        data = stream.read(limit + 1)
    except TooLarge:
        return None
    return None if len(data) > limit else data


class _RawCap:
    """Reads at most `cap` bytes of the encoded body; one more raises TooLarge (bounds warcio's chunk buffer)."""

    def __init__(self, raw: LineReadable, cap: int) -> None:
        self._raw = raw
        self._left = cap

    def read(self, size: int = -1) -> bytes:
        return self._take(self._raw.read, size)

    def readline(self, size: int = -1) -> bytes:
        return self._take(self._raw.readline, size)

    def _take(self, method: Callable[[int], bytes], size: int | None) -> bytes:
        room = self._left + 1
        size = room if size is None or size < 0 else min(size, room)
        data = method(size)
        self._left -= len(data)
        if self._left < 0:
            raise TooLarge
        return data


class Inflater:
    """A gzip, zlib or raw deflate stream decompressed at most `size` bytes per read."""

    def __init__(self, raw: Readable, *, deflate: bool) -> None:
        self._raw = raw
        self._z: zlib._Decompress | None = zlib.decompressobj(_GZIP_OR_ZLIB)
        self._try_raw_deflate = deflate  # "deflate" is zlib-wrapped by the standard, raw in practice too
        self._pending = b""
        self._started = False
        self._done = False

    def read(self, size: int = -1) -> bytes:
        size = size if size >= 0 else 1 << 62
        parts: list[bytes] = []
        while size > 0 and not self._done:
            piece = self._step(size)
            parts.append(piece)
            size -= len(piece)
        return b"".join(parts)

    def _step(self, size: int) -> bytes:
        if self._z is not None and self._z.eof:
            self._done = True
            return b""
        data = self._input()
        if not data:
            self._done = True
            return b""
        if self._z is None:  # passing through
            self._pending = data[size:]
            return data[:size]
        try:
            out = self._z.decompress(data, size)
        except zlib.error:
            self._fall_back(data)
            return b""
        self._started = True
        return out

    def _input(self) -> bytes:
        if self._z is not None and self._z.unconsumed_tail:
            return self._z.unconsumed_tail
        data, self._pending = self._pending, b""
        return data or self._raw.read(_BLOCK)

    def _fall_back(self, data: bytes) -> None:
        if self._started:  # broke off mid-stream: what was inflated stands
            self._done = True
        elif self._try_raw_deflate:
            self._try_raw_deflate = False
            self._z, self._pending = zlib.decompressobj(-zlib.MAX_WBITS), data
        else:  # not compressed after all
            self._z, self._pending = None, data
