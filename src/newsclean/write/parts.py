"""Part files: each batch writes one Parquet file per table, zstd-compressed, under a temporary name
that is renamed into place only once it is whole."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsclean.write.schema import TABLES, Row

COMPRESSION = "zstd"


class PartWriter:
    """Collects one batch's rows and writes `<dir>/<table>/<name>.parquet` for each table."""

    def __init__(self, directory: Path, name: str) -> None:
        self.directory = directory
        self.name = name
        self.rows: dict[str, list[Row]] = {table: [] for table in TABLES}

    def add(self, table: str, rows: list[Row]) -> None:
        self.rows[table].extend(rows)

    def close(self) -> dict[str, int]:
        """Write the part files of the tables that got rows; return rows written per table."""
        for table, schema in TABLES.items():
            if self.rows[table]:
                write_table(
                    pa.Table.from_pylist(self.rows[table], schema=schema),
                    self.directory / table / f"{self.name}.parquet",
                )
        return {table: len(rows) for table, rows in self.rows.items()}


def write_table(table: pa.Table, path: Path) -> None:
    """Write `table` to `path` atomically: a reader sees no file or the whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    pq.write_table(table, partial, compression=COMPRESSION)
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, path)
