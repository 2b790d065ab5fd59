"""WARC files (`.warc`, `.warc.gz`): one record per HTTP `response` whose Content-Type is HTML (text/html or
application/xhtml+xml), whatever its status code.

doc_id is `<file doc_id>#<WARC-Record-ID>` without the angle brackets the WARC syntax puts around it
(`crawl#urn:uuid:...`), or `#<record number>` (1-based, all WARC records counted) for a response without one.
`url` is WARC-Target-URI, `declared_charset` the HTTP Content-Type charset, and `data` the HTTP body decoded
per Transfer-Encoding and Content-Encoding (see `http_body`).

Skipped, because they are not documents: warcinfo, request, metadata, revisit, resource and conversion records,
and responses that are not HTML (images, scripts, PDFs...) or have no HTTP headers (dns:). They are counted in a
debug log line per file. Rejects per response: `too_large` (body over `max_record_bytes`), `duplicate_id` (a
WARC-Record-ID seen before in the file, see `DocIds`).

A WARC that breaks off or cannot be parsed yields the records before the break, then one Reject
`#<number of the record being read>`: `bad_warc` (a record shorter than its Content-Length, or unparsable
headers), or `bad_gzip` / `too_large` / `unreadable` when the gzip layer or the file itself fails. warcio sees
the stream already gunzipped by `streams`, so that gzip errors are caught and decompression is bounded.
"""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from collections.abc import Iterator

from warcio.archiveiterator import WARCIterator
from warcio.recordloader import ArcWarcRecord

from newsclean.model import RawRecord, Reject
from newsclean.read.common import DocIds
from newsclean.read.discover import InputFile
from newsclean.read.http_body import content_type, read_body
from newsclean.read.streams import InputError, as_clause, describe, open_input
from newsclean.settings import Limits
from newsclean.vocab import Reason

logger = logging.getLogger(__name__)

_HTML = frozenset({"text/html", "application/xhtml+xml"})
_DRAIN = 1 << 16


def read_warc(item: InputFile, limits: Limits) -> Iterator[RawRecord | Reject]:
    ids = DocIds(item)
    skipped: Counter[str] = Counter()
    ordinal = 1
    try:
        with open_input(item, limits) as stream:
            records = iter(WARCIterator(stream))  # not ARC: junk lines can parse as ARC headers
            for ordinal in itertools.count(1):
                record = next(records, None)
                if record is None:
                    break
                found = _outcome(ids, record, ordinal, limits, skipped)
                if found is not None:
                    yield found
    except InputError as exc:
        yield ids.reject(
            str(ordinal), ordinal, exc.reason, f"WARC record {ordinal} could not be read: {as_clause(exc.detail)}"
        )
    except Exception as exc:  # warcio parsing arbitrary bytes can fail in many ways; none may escape
        detail = f"WARC record {ordinal} cannot be parsed ({describe(exc)})."
        yield ids.reject(str(ordinal), ordinal, Reason.BAD_WARC, detail)
    if skipped:
        logger.debug(
            "%s: skipped %d WARC records that are not HTML responses: %s", item.relpath, skipped.total(), dict(skipped)
        )


def _outcome(
    ids: DocIds, record: ArcWarcRecord, ordinal: int, limits: Limits, skipped: Counter[str]
) -> RawRecord | Reject | None:
    """The record for an HTML response (None for any other record), read to its end."""
    media, charset = content_type(record.http_headers)
    if record.rec_type != "response" or media not in _HTML:
        skipped[(media or "no Content-Type") if record.rec_type == "response" else record.rec_type] += 1
        _drain(record)
        return None
    data = read_body(record.raw_stream, record.http_headers, limits.max_record_bytes)
    _drain(record)
    key = (record.rec_headers.get_header("WARC-Record-ID") or "").strip().strip("<>") or str(ordinal)
    if data is None:
        detail = f"The HTTP body is larger than the {limits.max_record_bytes:,}-byte limit per record."
        return ids.reject(key, ordinal, Reason.TOO_LARGE, detail)
    doc_id = ids.claim(key)
    if doc_id is None:
        detail = f"WARC record {ordinal} repeats the WARC-Record-ID of an earlier record."
        return ids.reject(f"{key}@{ordinal}", ordinal, Reason.DUPLICATE_ID, detail, data)
    url = record.rec_headers.get_header("WARC-Target-URI")
    return RawRecord(doc_id, ids.item.relpath, "warc", data, payload="html", url=url, declared_charset=charset)


def _drain(record: ArcWarcRecord) -> None:
    """Read the rest of the record; one shorter than its Content-Length means the file is cut short."""
    while record.raw_stream.read(_DRAIN):
        pass
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        raise InputError(Reason.BAD_WARC, f"The record is cut short, {missing:,} of its bytes are missing.")
