"""JSON Lines (`.jsonl`, `.jsonl.gz`): one record per non-blank line, an object with `html` or `text`, and
optionally `id` and `url`.

doc_id is `<file doc_id>#<id>`, or `#<line number>` (1-based, blank lines counted) when the line has no usable
id (a non-empty string or a number). Which field: `html` when it is a non-blank string, else `text` when it is;
a blank string is passed on (cleaning rejects it as `empty`). Rejects per line: `bad_json` (not JSON, or not an
object), `no_text` (neither field is a string), `too_large` (the line is longer than `max_record_bytes`; reading
goes on with the next line), `duplicate_id` (see `DocIds`). A file that cannot be read to its end (bad gzip,
more than `max_decompressed_bytes`) yields its lines up to the break, then one Reject `#<line it broke at>`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from newsclean.model import Payload, RawRecord, Reject
from newsclean.read.common import DocIds
from newsclean.read.discover import InputFile
from newsclean.read.streams import BoundedStream, InputError, as_clause, describe, open_input
from newsclean.settings import Limits
from newsclean.vocab import Reason

_SKIP_CHUNK = 1 << 16
_FIELDS: tuple[Payload, ...] = ("html", "text")


def read_jsonl(item: InputFile, limits: Limits) -> Iterator[RawRecord | Reject]:
    ids = DocIds(item)
    lineno = 0
    try:
        with open_input(item, limits) as stream:
            for lineno, line in _lines(stream, limits.max_record_bytes):
                if line is None or not line.isspace():
                    yield _record(item, ids, lineno, line, limits.max_record_bytes)
    except InputError as exc:
        at = lineno + 1
        detail = f"Line {at} and any after it were not read: {as_clause(exc.detail)}"
        yield ids.reject(str(at), at, exc.reason, detail)


def _lines(stream: BoundedStream, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for every line, None for a line longer than `limit` (skipped without holding it)."""
    lineno = 0
    while line := stream.readline(limit + 1):
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield lineno, None
        else:
            yield lineno, line


def _skip_rest_of_line(stream: BoundedStream) -> None:
    while (part := stream.readline(_SKIP_CHUNK)) and not part.endswith(b"\n"):
        pass


def _record(item: InputFile, ids: DocIds, lineno: int, line: bytes | None, limit: int) -> RawRecord | Reject:
    if line is None:
        return ids.reject(
            str(lineno), lineno, Reason.TOO_LARGE, f"Line {lineno} is longer than the {limit:,}-byte limit."
        )
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return ids.reject(
            str(lineno), lineno, Reason.BAD_JSON, f"Line {lineno} is not valid JSON ({describe(exc)}).", line
        )
    if not isinstance(obj, dict):
        detail = f"Line {lineno} is a JSON {type(obj).__name__}, not an object."
        return ids.reject(str(lineno), lineno, Reason.BAD_JSON, detail, line)
    given = _record_id(obj)
    key = given or str(lineno)
    found = _content(obj)
    if found is None:
        detail = f"Line {lineno} has neither an `html` nor a `text` string."
        return ids.reject(key, lineno, Reason.NO_TEXT, detail, line)
    payload, data = found
    doc_id = ids.claim(key)
    if doc_id is None:
        return ids.reject(f"{key}@{lineno}", lineno, Reason.DUPLICATE_ID, _duplicate_detail(lineno, given), data)
    url = obj.get("url")
    return RawRecord(doc_id, item.relpath, "jsonl", data, payload=payload, url=url if isinstance(url, str) else None)


def _record_id(obj: dict[str, Any]) -> str | None:
    value = obj.get("id")
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _content(obj: dict[str, Any]) -> tuple[Payload, bytes] | None:
    """The first of `html`, `text` that is a non-blank string, else the first that is a string at all."""
    strings = [(field, obj[field]) for field in _FIELDS if isinstance(obj.get(field), str)]
    if not strings:
        return None
    field, value = next(((f, v) for f, v in strings if v.strip()), strings[0])
    return field, _utf8(value)


def _utf8(text: str) -> bytes:
    """UTF-8 bytes of a JSON string; lone surrogates (`"\\ud800"`, legal in JSON) become U+FFFD."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode("utf-8")


def _duplicate_detail(lineno: int, given: str | None) -> str:
    if given is None:
        return f"Line {lineno} has no id, and its line number is already the id of an earlier line."
    return f"Line {lineno} repeats the id {given[:80]!r} of an earlier line."
