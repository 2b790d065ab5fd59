"""Part files: each batch writes one Parquet file per table, zstd-compressed, a row group at a time, under
a temporary name that is renamed into place only once it is whole."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.write.schema import RECORD_PIECES, RECORDS, ROW_PER_RECORD, TABLES, Row

COMPRESSION = "zstd"


# Rows a part file buffers before they go to disk as one row group: an article row holds its text twice
# (body and paragraphs), a segment row one line, a rejects or manifest row a few short strings. 500
# articles are ~4 MB of text, and a few times that as Python objects while they wait.
ROW_GROUP_ROWS = {"articles": 500, "segments": 5_000, "rejects": 5_000, RECORD_PIECES: 5_000}


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
        self.writer.close()
        with self.partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(self.partial, self.path)

    def _flush(self) -> None:
        if self.writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.writer = pq.ParquetWriter(self.partial, self.schema, compression=COMPRESSION)
        self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=self.schema))
        self.buffer = []


class PartWriter:
    """Writes one batch's rows as `<dir>/<table>/<name>.parquet` for each table, and the batch's piece of
    the records manifest (`<dir>/_records/<name>.parquet`: which record is in which part), streaming."""

    def __init__(self, directory: Path, name: str) -> None:
        self.name = name
        self.parts = {
            table: PartFile(directory / table / f"{name}.parquet", schema, ROW_GROUP_ROWS[table])
            for table, schema in TABLES.items()
        }
        self.records = PartFile(directory / RECORD_PIECES / f"{name}.parquet", RECORDS, ROW_GROUP_ROWS[RECORD_PIECES])

    def add(self, table: str, rows: list[Row]) -> None:
        self.parts[table].add(rows)
        if table in ROW_PER_RECORD:
            self.records.add([self._record(row["doc_id"], row["source"], row["raw_sha256"], self.name) for row in rows])

    def add_unchanged(self, doc_id: str, source: str, raw_sha256: str) -> None:
        """A record an earlier run cleaned from the same bytes: its row stays in that run's part."""
        self.records.add([self._record(doc_id, source, raw_sha256, None)])

    def close(self) -> dict[str, int]:
        """Put the part files of the tables that got rows in place; return rows written per table."""
        for part in (*self.parts.values(), self.records):
            part.close()
        return {table: part.rows for table, part in self.parts.items()}

    @staticmethod
    def _record(doc_id: str, source: str, raw_sha256: str | None, part: str | None) -> Row:
        return {"doc_id": doc_id, "source": source, "raw_sha256": raw_sha256, "part": part}


def write_table(table: pa.Table, path: Path) -> None:
    """Write `table` to `path` atomically: a reader sees no file or the whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    pq.write_table(table, partial, compression=COMPRESSION)
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, path)


def write_text(path: Path, text: str) -> None:
    """Write a text file atomically (a report, an explain page): a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
