"""What every reader shares: making Rejects, and handing out each doc_id of a container file at most once."""

from __future__ import annotations

import hashlib

from newsclean.model import Reject
from newsclean.read.discover import InputFile


def make_reject(item: InputFile, doc_id: str, reason: str, detail: str, data: bytes | None = None) -> Reject:
    """A Reject of `item`; raw_sha256 is the hash of `data` when the record's bytes are at hand, else None."""
    digest = hashlib.sha256(data).hexdigest() if data is not None else None
    return Reject(doc_id, item.relpath, reason, detail, digest)


class DocIds:
    """The doc_ids `<file doc_id>#<key>` handed out for one container file (JSONL, WARC), records and rejects
    alike, so that none is handed out twice: first come, first served.

    A record whose natural doc_id is taken (a repeated `id`, or a line number that an earlier line used as its
    `id`) becomes a `duplicate_id` Reject whose doc_id is the natural one plus `@<position>` (line number or WARC
    record number), with `@<position>` appended again while even that is taken. Rejects of lines or records
    (bad_json, too_large...) and the one Reject for a file that breaks off are claimed the same way. Thus every
    doc_id is unique within the file, and stable across runs: it depends only on the file's content.
    """

    def __init__(self, item: InputFile) -> None:
        self.item = item
        self._seen: set[str] = set()

    def claim(self, key: str) -> str | None:
        """`<file>#<key>` if nobody has it yet (it is now taken), else None."""
        doc_id = f"{self.item.doc_id}#{key}"
        if doc_id in self._seen:
            return None
        self._seen.add(doc_id)
        return doc_id

    def unique(self, key: str, position: int) -> str:
        """`<file>#<key>`, with `@<position>` appended as often as needed to make it unused (it is now taken)."""
        doc_id = f"{self.item.doc_id}#{key}"
        while doc_id in self._seen:
            doc_id += f"@{position}"
        self._seen.add(doc_id)
        return doc_id

    def reject(self, key: str, position: int, reason: str, detail: str, data: bytes | None = None) -> Reject:
        return make_reject(self.item, self.unique(key, position), reason, detail, data)
