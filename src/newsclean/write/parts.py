"""Part files: each batch writes one Parquet file per table, zstd-compressed, a row group at a time, under
a temporary name that is renamed into place only once it is whole.

A part file is never changed once it is in place: a snapshot that needs other rows writes a new file under
a new name. Each file's size and checksum go into the snapshot's parts manifest (`PartInfo` rows), so that
the next run can tell a damaged or missing part from a whole one (newsclean.write.integrity).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.write.schema import (
    PART_PIECES,
    PARTS,
    RECORD_PIECES,
    RECORDS,
    ROW_PER_RECORD,
    SIGNATURE_PIECES,
    SIGNATURES,
    TABLES,
    Row,
)

COMPRESSION = "zstd"
PartInfo = Row  # a row of the parts manifest (schema.PARTS)


# Rows a part file buffers before they go to disk as one row group: an article row holds its text twice
# (body and paragraphs), a segment row one line, a rejects or manifest row a few short strings. 500
# articles are ~4 MB of text, and a few times that as Python objects while they wait.
ROW_GROUP_ROWS = {
    "articles": 500,
    "segments": 5_000,
    "rejects": 5_000,
    RECORD_PIECES: 5_000,
    PART_PIECES: 5_000,
    SIGNATURE_PIECES: 5_000,
}


class PartFile:
    """One Parquet file written a row group at a time under a hidden temporary name, and renamed into place
    (after an fsync) only when it is whole: a batch holds at most `row_group_rows` rows of it in memory."""

    def __init__(self, path: Path, schema: pa.Schema, row_group_rows: int) -> None:
        self.path, self.schema, self.row_group_rows = path, schema, row_group_rows
        self.partial = path.with_name(f".{path.name}.partial")
        self.buffer: list[Row] = []
        self.writer: pq.ParquetWriter | None = None
        self.rows = 0

    def add(self, rows: list[Row]) -> None:
        self.buffer += rows
        self.rows += len(rows)
        if len(self.buffer) >= self.row_group_rows:
            self._flush()

    def close(self) -> None:
        """Rename the file into place, if it got any rows."""
        if self.buffer:
            self._flush()
        if self.writer is None:
            return
        with writing(self.path, self.partial):
            self.writer.close()
            _sync(self.partial)
            os.replace(self.partial, self.path)

    def _flush(self) -> None:
        with writing(self.path, self.partial):
            if self.writer is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.writer = pq.ParquetWriter(self.partial, self.schema, compression=COMPRESSION)
            self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=self.schema))
        self.buffer = []


class PartWriter:
    """Writes one batch's rows as `<dir>/<table>/<name>.parquet` for each table, the batch's piece of the
    records manifest (`<dir>/_records/<name>.parquet`: which record is in which part), of the parts
    manifest (`<dir>/_parts/<name>.parquet`: each file's size and checksum) and its articles' story
    signatures (`<dir>/_signatures/<name>.parquet`, made here so that the run-level cluster step, which runs
    in one process after every batch, only looks them up), streaming."""

    def __init__(self, directory: Path, name: str) -> None:
        self.directory, self.name = directory, name
        self.parts = {
            table: PartFile(directory / table / f"{name}.parquet", schema, ROW_GROUP_ROWS[table])
            for table, schema in TABLES.items()
        }
        self.records = PartFile(directory / RECORD_PIECES / f"{name}.parquet", RECORDS, ROW_GROUP_ROWS[RECORD_PIECES])
        self.signatures = PartFile(
            directory / SIGNATURE_PIECES / f"{name}.parquet", SIGNATURES, ROW_GROUP_ROWS[SIGNATURE_PIECES]
        )

    def add(self, table: str, rows: list[Row]) -> None:
        self.parts[table].add(rows)
        if table in ROW_PER_RECORD:
            self.records.add([self._record(row["doc_id"], row["source"], row["raw_sha256"], self.name) for row in rows])

    def add_signature(self, row: Row) -> None:
        """An article's story signature (schema.signature_row)."""
        self.signatures.add([row])

    def add_unchanged(self, doc_id: str, source: str, raw_sha256: str | None) -> None:
        """A record an earlier run cleaned from the same bytes: its row stays in that run's part."""
        self.records.add([self._record(doc_id, source, raw_sha256, None)])

    def close(self) -> dict[str, int]:
        """Put the part files of the tables that got rows in place; return rows written per table."""
        for part in self.parts.values():
            part.close()
        infos = [part_info(part.path, table, part.rows) for table, part in self.parts.items() if part.writer]
        write_table(pa.Table.from_pylist(infos, schema=PARTS), self.directory / PART_PIECES / f"{self.name}.parquet")
        self.records.close()
        self.signatures.close()
        return {table: part.rows for table, part in self.parts.items()}

    @staticmethod
    def _record(doc_id: str, source: str, raw_sha256: str | None, part: str | None) -> Row:
        return {"doc_id": doc_id, "source": source, "raw_sha256": raw_sha256, "part": part}


def write_table(table: pa.Table, path: Path) -> None:
    """Write `table` to `path` atomically: a reader sees no file or the whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with writing(path, partial):
        pq.write_table(table, partial, compression=COMPRESSION)
        _sync(partial)
        os.replace(partial, path)


def write_batches(batches: Iterator[pa.RecordBatch], schema: pa.Schema, path: Path) -> int:
    """Write record batches to `path` atomically as they come (a merge of many parts holds one piece of
    one part at a time); returns the rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial, rows = path.with_name(f".{path.name}.partial"), 0
    with writing(path, partial), pq.ParquetWriter(partial, schema, compression=COMPRESSION) as writer:
        for piece in batches:
            writer.write_batch(piece)
            rows += piece.num_rows
    with writing(path, partial):
        _sync(partial)
        os.replace(partial, path)
    return rows


@contextmanager
def writing(path: Path, partial: Path) -> Iterator[None]:
    """Turn a failed write into an OSError that names the file (pyarrow's name none: "Error writing bytes
    to file ... No space left on device"), and delete the temporary file, so that a full disk leaves
    nothing behind that holds the space the next run needs."""
    try:
        yield
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        code = exc.errno or errno.EIO
        raise OSError(code, os.strerror(code), str(path)) from exc


def part_info(path: Path, table: str, rows: int) -> PartInfo:
    """A row of the parts manifest for a part file in place: what the next run checks it against."""
    info = os.stat(path)
    return {
        "table": table,
        "part": path.name.removesuffix(".parquet"),
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "sha256": file_sha256(path),
        "rows": rows,
    }


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read without following a symlink (1.7 GB/s on this machine)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _sync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def write_text(path: Path, text: str) -> None:
    """Write a text file atomically (a report, an explain page): a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with writing(path, partial):
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
