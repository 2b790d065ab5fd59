"""Turn one input file into its records. Problems become Rejects, never exceptions.

One module per kind of input: `single` (.txt, .html, .htm, gzipped or not), `jsonl` and `warc`; `streams`
opens files with bounded, streamed gunzipping, and `common.DocIds` keeps the doc_ids of a container unique.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from newsclean.model import RawRecord, Reject, SourceFormat
from newsclean.read.discover import InputFile
from newsclean.read.jsonl import read_jsonl
from newsclean.read.single import read_single
from newsclean.read.warc import read_warc
from newsclean.settings import DEFAULT_LIMITS, Limits
from newsclean.vocab import Reason

Reader = Callable[[InputFile, Limits], Iterator[RawRecord | Reject]]

_READERS: dict[SourceFormat, Reader] = {"txt": read_single, "html": read_single, "jsonl": read_jsonl, "warc": read_warc}


def read_records(item: InputFile, limits: Limits = DEFAULT_LIMITS) -> Iterator[RawRecord | Reject]:
    """The records of one input file, each a RawRecord to clean or a Reject to write, doc_ids per the contract
    and unique within the file. Bad input of any kind becomes a Reject; nothing raises."""
    if item.shadowed_by is not None:
        yield _shadowed(item)
        return
    yield from _READERS[item.source_format](item, limits)


def _shadowed(item: InputFile) -> Reject:
    """A file whose doc_id another file of its folder already has: rejected under its own path (with its
    extension), so that it is accounted for without giving one doc_id two rows."""
    detail = f"{item.relpath} names the same document ({item.doc_id}) as {item.shadowed_by}, which is read instead."
    return Reject(item.relpath, item.relpath, Reason.DUPLICATE_ID, detail, None)
