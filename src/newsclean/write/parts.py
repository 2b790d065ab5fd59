"""Part files: each batch writes one Parquet file per table, zstd-compressed, under a temporary name
that is renamed into place only once it is whole."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.write.schema import RECORD_PIECES, RECORDS, ROW_PER_RECORD, TABLES, Row

COMPRESSION = "zstd"


class PartWriter:
    """Collects one batch's rows and writes `<dir>/<table>/<name>.parquet` for each table, and the batch's
    piece of the records manifest (`<dir>/_records/<name>.parquet`: which record is in which part)."""

    def __init__(self, directory: Path, name: str) -> None:
        self.directory = directory
        self.name = name
        self.rows: dict[str, list[Row]] = {table: [] for table in TABLES}
        self.records: list[Row] = []

    def add(self, table: str, rows: list[Row]) -> None:
        self.rows[table].extend(rows)
        if table in ROW_PER_RECORD:
            self.records += [self._record(row["doc_id"], row["source"], row["raw_sha256"], self.name) for row in rows]

    def add_unchanged(self, doc_id: str, source: str, raw_sha256: str) -> None:
        """A record an earlier run cleaned from the same bytes: its row stays in that run's part."""
        self.records.append(self._record(doc_id, source, raw_sha256, None))

    def close(self) -> dict[str, int]:
        """Write the part files of the tables that got rows; return rows written per table."""
        for table, schema in TABLES.items():
            if self.rows[table]:
                write_table(
                    pa.Table.from_pylist(self.rows[table], schema=schema),
                    self.directory / table / f"{self.name}.parquet",
                )
        if self.records:
            write_table(
                pa.Table.from_pylist(self.records, schema=RECORDS),
                self.directory / RECORD_PIECES / f"{self.name}.parquet",
            )
        return {table: len(rows) for table, rows in self.rows.items()}

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
