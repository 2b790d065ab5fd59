"""Files that are one record each: `.txt` (payload text) and `.html`/`.htm`, gzipped or not (payload html)."""

from __future__ import annotations

from collections.abc import Iterator

from newsclean.model import RawRecord, Reject
from newsclean.read.common import make_reject
from newsclean.read.discover import InputFile
from newsclean.read.streams import InputError, open_input, read_at_most
from newsclean.settings import Limits
from newsclean.vocab import Reason


def read_single(item: InputFile, limits: Limits) -> Iterator[RawRecord | Reject]:
    """The file's one record, doc_id the file's: a RawRecord, or a Reject (unreadable, bad_gzip, too_large)."""
    try:
        with open_input(item, limits) as stream:
            data = read_at_most(stream, limits.max_record_bytes)
    except InputError as exc:
        yield make_reject(item, item.doc_id, exc.reason, exc.detail)
        return
    if data is None:
        detail = f"The file is larger than the {limits.max_record_bytes:,}-byte limit per record."
        yield make_reject(item, item.doc_id, Reason.TOO_LARGE, detail)
        return
    payload = "text" if item.source_format == "txt" else "html"
    yield RawRecord(item.doc_id, item.relpath, item.source_format, data, payload=payload)
