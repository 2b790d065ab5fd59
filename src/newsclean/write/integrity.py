"""The previous snapshot checked before a run builds on it: its state files and its part files.

Each part file's size, mtime and SHA-256 are in the snapshot's parts manifest (`_parts.parquet`), and the
state files' sizes and SHA-256 in `_state.json`. A run checks every part's size and mtime (a stat each)
and, when it is going to build a new snapshot, every part's checksum too (1.7 GB/s here): a part that is
missing, is not a regular file any more (a symlink put in its place is not followed), or does not match is
damaged, and the records it held are cleaned again from their inputs. A damaged state file is rebuilt
where the part files hold what it said (the records manifest, the parts manifest) or costs a re-read (the
file stamps), or a clean of every input (`_state.json`, which names the rules the rows were cleaned by).
Nothing here raises on damage: every finding is a sentence naming the file, for the run's report.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsclean.write import state as state_files
from newsclean.write.parts import file_sha256, part_info
from newsclean.write.schema import FILES, PARTS, RECORDS, ROW_PER_RECORD, TABLES
from newsclean.write.state import FILES_FILE, PARTS_FILE, RECORDS_FILE, STATE_FILE, SnapshotState, Stamp


class Damaged(Exception):
    """A file that is not what its manifest says; the message says how."""


@dataclass
class Checked:
    """The previous snapshot's state as far as it can be trusted, what is damaged and what was rebuilt."""

    state: SnapshotState
    damaged: dict[str, str] = field(default_factory=dict)  # part name -> why (a sentence naming the file)
    notes: list[str] = field(default_factory=list)  # state files rebuilt or given up on, one sentence each

    @property
    def repaired(self) -> bool:
        """Whether the run must write a new snapshot even with nothing to read (to leave the damage behind)."""
        return bool(self.damaged or self.notes)


def load_checked(snapshot: Path | None) -> Checked:
    """The state of `snapshot`, its state files and part files checked (part checksums only where the
    size or mtime moved: `verify_parts(full=True)` checks them all)."""
    if snapshot is None:
        return Checked(SnapshotState.empty())
    notes: list[str] = []
    meta = _read_meta(snapshot, notes)
    sums = meta.get("files", {}) if isinstance(meta.get("files"), dict) else {}
    stamps = _read_stamps(snapshot, sums.get(FILES_FILE), notes)
    parts = _read_parts(snapshot, sums.get(PARTS_FILE), notes)
    records = _read_records(snapshot, sums.get(RECORDS_FILE), parts, notes)
    current = meta.get("pipeline") == state_files.pipeline_fingerprint()  # looked up here: tests replace it
    checked = Checked(SnapshotState(stamps, records, current, parts), notes=notes)
    checked.damaged = verify_parts(snapshot, checked.state, full=False)
    return checked


def verify_parts(snapshot: Path, state: SnapshotState, *, full: bool) -> dict[str, str]:
    """part name -> why, for every part that is missing, not a regular file, of another size, changed
    (checksum) or holding another number of rows than the records manifest lists in it."""
    damaged: dict[str, str] = {}
    for row in state.parts.to_pylist():
        path = snapshot / row["table"] / f"{row['part']}.parquet"
        try:
            _check_part(path, row, full)
        except Damaged as exc:
            damaged.setdefault(row["part"], f"{_shown(snapshot, path)} {exc}")
    for part, why in _miscounted(state).items():
        damaged.setdefault(part, why)
    return damaged


def drop_damaged(state: SnapshotState, damaged: dict[str, str]) -> tuple[SnapshotState, pa.Table]:
    """The state without the records (and part files) of damaged parts, and those records: they are
    cleaned again from their inputs."""
    names = pa.array(list(damaged), pa.string())
    lost = pc.is_in(state.records["part"], value_set=names)
    parts = state.parts.filter(pc.invert(pc.is_in(state.parts["part"], value_set=names)))
    return replace(state, records=state.records.filter(pc.invert(lost)), parts=parts), state.records.filter(lost)


def _check_part(path: Path, row: dict[str, Any], full: bool) -> None:
    """Raise Damaged, saying how, unless the part file is a regular file matching its manifest row (its
    checksum is read only when `full` or when its mtime moved: a stat per part is all a no-op run costs)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise Damaged("is missing") from None
    except OSError as exc:
        raise Damaged(f"cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise Damaged("is not a regular file any more (a symlink is never followed)")
    if info.st_size != row["size"]:
        raise Damaged(f"is {info.st_size:,} bytes, not the {row['size']:,} it was written with")
    if (full or info.st_mtime_ns != row["mtime_ns"]) and file_sha256(path) != row["sha256"]:
        raise Damaged("does not match the checksum it was written with")


def _miscounted(state: SnapshotState) -> dict[str, str]:
    """Parts whose article and reject files hold another number of rows than the records manifest lists."""
    listed = _count_by_part(state.records["part"])
    written: dict[str, int] = {}
    for row in state.parts.to_pylist():
        if row["table"] in ROW_PER_RECORD:
            written[row["part"]] = written.get(row["part"], 0) + row["rows"]
    return {
        part: f"part {part} holds {written.get(part, 0):,} rows, but the records manifest lists {n:,} records in it"
        for part, n in listed.items()
        if written.get(part, 0) != n
    }


def _count_by_part(parts: pa.ChunkedArray) -> dict[str, int]:
    """How many records each part holds, by the records manifest."""
    counts = pc.value_counts(parts.drop_null()) if len(parts) else None
    if counts is None:
        return {}
    return dict(zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True))


# --- the state files ------------------------------------------------------------------------------------------


def _read_meta(snapshot: Path, notes: list[str]) -> dict[str, Any]:
    """`_state.json`: the pipeline fingerprint and the other state files' checksums ({} when damaged)."""
    path = snapshot / STATE_FILE
    try:
        meta = json.loads(_read_bytes(path))
        if not isinstance(meta, dict):
            raise ValueError("not a JSON object")
        return meta
    except (OSError, ValueError) as exc:
        notes.append(
            f"{_shown(snapshot, path)} is {_damage(exc)}: the rules its rows were cleaned by are unknown,"
            " so every input is cleaned again"
        )
        return {}


def _read_stamps(snapshot: Path, checksum: object, notes: list[str]) -> dict[str, Stamp]:
    """The file stamps; none when damaged (every file is read again, its unchanged records not cleaned)."""
    path = snapshot / FILES_FILE
    try:
        files = _read_table(path, FILES, checksum).to_pydict()
    except (OSError, ValueError, pa.ArrowException, Damaged) as exc:
        notes.append(f"{_shown(snapshot, path)} is {_damage(exc)}: every input file is read again (not cleaned again)")
        return {}
    return {p: tuple(s) for p, s in zip(files["relpath"], files["stamp"], strict=True)}  # type: ignore[misc]


def _read_parts(snapshot: Path, checksum: object, notes: list[str]) -> pa.Table:
    """The parts manifest, or, when it is damaged, one made from the part files as they are."""
    path = snapshot / PARTS_FILE
    try:
        return _read_table(path, PARTS, checksum)
    except (OSError, ValueError, pa.ArrowException, Damaged) as exc:
        notes.append(f"{_shown(snapshot, path)} is {_damage(exc)}: rebuilt from the part files")
        return _list_parts(snapshot)


def _read_records(snapshot: Path, checksum: object, parts: pa.Table, notes: list[str]) -> pa.Table:
    """The records manifest, or, when it is damaged, one rebuilt from the article and reject rows."""
    path = snapshot / RECORDS_FILE
    try:
        return _read_table(path, RECORDS, checksum)
    except (OSError, ValueError, pa.ArrowException, Damaged) as exc:
        notes.append(f"{_shown(snapshot, path)} is {_damage(exc)}: rebuilt from the part files")
        return _records_from_parts(snapshot, parts)


def _list_parts(snapshot: Path) -> pa.Table:
    """The parts manifest of a snapshot that lost it: every regular part file whose Parquet footer reads,
    taken as it is now (a file damaged inside its pages is found by the row counts, or not at all)."""
    rows = []
    for table in TABLES:
        for path in sorted((snapshot / table).glob("*.parquet")):
            if path.name.endswith("-empty.parquet") or not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            try:
                rows.append(part_info(path, table, _parquet_rows(path)))
            except (OSError, pa.ArrowException):
                continue
    return pa.Table.from_pylist(rows, schema=PARTS)


def _records_from_parts(snapshot: Path, parts: pa.Table) -> pa.Table:
    """The records manifest rebuilt from the article and reject rows themselves: each row's doc_id, source
    and raw_sha256 are columns of its table, and its part is its file's name."""
    pieces = [RECORDS.empty_table()]
    for row in parts.to_pylist():
        if row["table"] not in ROW_PER_RECORD:
            continue
        try:
            found = _read_table(
                snapshot / row["table"] / f"{row['part']}.parquet", None, row, ["doc_id", "source", "raw_sha256"]
            )
        except (OSError, ValueError, pa.ArrowException, Damaged):
            continue  # a damaged part: its records are lost with it, and the row counts say so
        pieces.append(found.append_column("part", pa.array([row["part"]] * found.num_rows, pa.string())).cast(RECORDS))
    return pa.concat_tables(pieces)


def _read_table(path: Path, schema: pa.Schema | None, checksum: object, columns: list[str] | None = None) -> pa.Table:
    """A Parquet file read without following a symlink, after its size and SHA-256 are checked against
    `checksum` ({"size", "sha256"}) when there is one."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        _check_sum(path, handle.fileno(), checksum)
        table = pq.ParquetFile(handle).read(columns=columns, use_threads=False)
    return table.cast(schema) if schema is not None else table


def _check_sum(path: Path, fd: int, checksum: object) -> None:
    if not isinstance(checksum, dict):
        return
    size = os.fstat(fd).st_size
    if size != checksum.get("size"):
        raise Damaged(f"{size:,} bytes, not the {checksum.get('size')!r} it was written with")
    if file_sha256(path) != checksum.get("sha256"):
        raise Damaged("changed since it was written (its checksum differs)")


def _parquet_rows(path: Path) -> int:
    """Rows of a Parquet file by its footer, read without following a symlink."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        return pq.ParquetFile(handle).metadata.num_rows


def _read_bytes(path: Path) -> bytes:
    """A small file's bytes, read without following a symlink."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def _damage(exc: BaseException) -> str:
    """How a state file is damaged, to follow "is": "missing", "damaged (reason)"."""
    if isinstance(exc, FileNotFoundError):
        return "missing"
    reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0][:200] or type(exc).__name__
    return f"damaged ({reason})"


def _shown(snapshot: Path, path: Path) -> str:
    """A file of a snapshot as the report names it: relative to the output folder."""
    return str(path.relative_to(snapshot.parent.parent.parent))
