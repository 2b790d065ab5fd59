"""What a snapshot remembers of the run that made it, so that the next run cleans only what changed.

    snapshots/<run id>/_state.json      the pipeline fingerprint that cleaned these rows
    snapshots/<run id>/_files.parquet   each input file's stat stamp when it was read (relpath, stamp)
    snapshots/<run id>/_records.parquet each row's doc_id, source file, raw_sha256 and the part file holding it
    snapshots/<run id>/_parts.parquet   each part file's size, mtime and SHA-256 (newsclean.write.integrity)

`_state.json` is written last and holds the size and SHA-256 of the other three, so that a damaged state
file is told from a whole one.

Readers never see these: the table links point at the snapshot's `articles/`, `segments/` and `rejects/`.
A batch writes its own piece of the records manifest under `_records/`; the commit merges the pieces.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsclean import __version__
from newsclean.write.parts import file_sha256, write_table
from newsclean.write.schema import FILES, PART_PIECES, PARTS, RECORD_PIECES, RECORDS, TABLES

STATE_FILE = "_state.json"
FILES_FILE = "_files.parquet"
RECORDS_FILE = "_records.parquet"
PARTS_FILE = "_parts.parquet"

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode: a file is re-read when any of them moves


PACKAGE = Path(__file__).resolve().parents[1]  # src/newsclean, or the installed package's folder
SKIPPED_DIRS = frozenset({"__pycache__"})


def pipeline_fingerprint() -> str:
    """Everything that shapes a row: newsclean's version, the output tables' schemas, and every file of
    the package (its code, rule tables and model files). Rows cleaned under another fingerprint are cleaned
    again, so a changed rule, column or model never leaves rows made the old way looking current."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(package_digest().encode())
    for name, schema in TABLES.items():  # read at call time: cheap, and what the writers use now
        digest.update(f"{name}\n{schema}\n".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"


@cache
def package_digest() -> str:
    """The package's files, hashed once per process (some 60 small files: about a millisecond)."""
    return source_digest(PACKAGE)


def source_digest(root: Path) -> str:
    """A digest of every file under `root` with its relative path; bytecode caches and hidden files,
    which do not shape a row, are left out."""
    digest = hashlib.sha256()
    for path in sorted(_package_files(root)):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _package_files(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and not name.endswith((".pyc", ".pyo")):
                yield Path(folder) / name


@dataclass(frozen=True)
class SnapshotState:
    """The previous run's memory: file stamps and the records and parts manifests (empty when there is none;
    newsclean.write.integrity reads them, checked).
    `current` is False when its rows were cleaned under another pipeline fingerprint: then every file in
    scope is cleaned again, but rows that are not re-cleaned (outside the pattern, gone) still carry over."""

    stamps: dict[str, Stamp]
    records: pa.Table
    current: bool = True
    parts: pa.Table = field(default_factory=PARTS.empty_table)  # the part files the records are in (schema.PARTS)

    @classmethod
    def empty(cls) -> SnapshotState:
        return cls({}, RECORDS.empty_table())

    def hashes_of(self, sources: list[str]) -> dict[str, str]:
        """doc_id -> raw_sha256 of the records that came from `sources`."""
        rows = self.records.filter(pc.is_in(self.records["source"], pa.array(sources, pa.string())))
        return {d: h for d, h in zip(rows["doc_id"].to_pylist(), rows["raw_sha256"].to_pylist(), strict=True) if h}


def write_state(snapshot: Path, stamps: dict[str, Stamp], records: pa.Table, parts: pa.Table | None = None) -> None:
    """Write a snapshot's state files (the records and parts manifests already merged), `_state.json` last."""
    files = pa.table({"relpath": list(stamps), "stamp": [list(s) for s in stamps.values()]}, schema=FILES)
    write_table(files, snapshot / FILES_FILE)
    write_table(records.cast(RECORDS), snapshot / RECORDS_FILE)
    write_table((parts if parts is not None else PARTS.empty_table()).cast(PARTS), snapshot / PARTS_FILE)
    checks = {name: _checksum(snapshot / name) for name in (FILES_FILE, RECORDS_FILE, PARTS_FILE)}
    write_json(snapshot / STATE_FILE, {"pipeline": pipeline_fingerprint(), "files": checks})


def write_json(path: Path, value: object) -> None:
    """A small JSON file written atomically (a reader sees the old file or the new one); its temporary file
    is made anew, so that a symlink left in its place is replaced, never written through."""
    partial = path.with_name(f".{path.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "w") as handle:
        handle.write(json.dumps(value, indent=1))
    os.replace(partial, path)


def _checksum(path: Path) -> dict[str, object]:
    return {"size": path.stat().st_size, "sha256": file_sha256(path)}


def read_record_pieces(snapshot: Path) -> pa.Table:
    """The records manifest pieces the batches of this run wrote."""
    pieces = sorted((snapshot / RECORD_PIECES).glob("*.parquet"))
    return pa.concat_tables([RECORDS.empty_table(), *(read_parquet(path).cast(RECORDS) for path in pieces)])


def read_schema(path: Path) -> pa.Schema:
    """A Parquet file's Arrow schema, from its footer alone."""
    return pq.ParquetFile(path).schema_arrow


def read_part_pieces(snapshot: Path) -> pa.Table:
    """The parts manifest pieces the batches of this run wrote: their part files' sizes and checksums."""
    pieces = sorted((snapshot / PART_PIECES).glob("*.parquet"))
    return pa.concat_tables([PARTS.empty_table(), *(read_parquet(path).cast(PARTS) for path in pieces)])


def read_parquet(path: Path, columns: list[str] | None = None) -> pa.Table:
    """One Parquet file. (pq.read_table would go through pyarrow.dataset, which imports pandas: some 50 MB
    in every worker process.)"""
    return pq.ParquetFile(path).read(columns=columns, use_threads=False)
