"""Turn one input file into its records. Problems become Rejects, never exceptions."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from newsclean.model import RawRecord, Reject
from newsclean.read.discover import InputFile
from newsclean.settings import DEFAULT_LIMITS, Limits


def read_records(item: InputFile, limits: Limits = DEFAULT_LIMITS) -> Iterator[RawRecord | Reject]:
    """The records of one input file, each a RawRecord to clean or a Reject to write."""
    if item.source_format != "txt" or item.compressed:
        yield _reject(item, "unsupported", f"{item.source_format} input is not supported yet by this version.")
        return
    try:
        data = _read_bounded(item, limits.max_record_bytes)
    except OSError as exc:
        yield _reject(item, "unreadable", f"The file could not be read: {exc.strerror or exc}.")
        return
    if data is None:
        yield _reject(
            item, "too_large", f"The file is larger than the {limits.max_record_bytes:,}-byte limit per record."
        )
        return
    yield RawRecord(item.doc_id, item.relpath, "txt", data, payload="text")


def _read_bounded(item: InputFile, limit: int) -> bytes | None:
    """The file's bytes, or None when there are more than `limit` of them."""
    with item.path.open("rb") as handle:
        data = handle.read(limit + 1)
    return None if len(data) > limit else data


def _reject(item: InputFile, reason: str, detail: str, data: bytes | None = None) -> Reject:
    digest = hashlib.sha256(data).hexdigest() if data is not None else None
    return Reject(item.doc_id, item.relpath, reason, detail, digest)
