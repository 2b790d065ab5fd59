"""Carry last run's rows into this run's snapshot: the rows of records that were not cleaned again.

Part files never change once written. A part whose rows all carry over is hard-linked into the new
snapshot under its own name (no copy, no rewrite); a part some of whose rows were replaced or pruned is
written anew, without them, under a new name (`<snapshot>-kept-NNNNNN`): the old name keeps meaning the
old bytes, in the old snapshot, for the readers still in it. A run that finds more than `MAX_SMALL_PARTS`
small parts merges them (`<snapshot>-merged-NNNNNN`), so that the number of files readers open stays
bounded however many runs came before. The merged records manifest says which part holds each doc_id,
and the parts manifest each part file's size and checksum. A snapshot never mixes schemas: a part
written under another schema (a column added since) is rewritten in the current one, never linked.
"""

from __future__ import annotations

import os
import shutil
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsclean.write.parts import ROW_GROUP_ROWS, PartInfo, part_info, write_batches
from newsclean.write.schema import PARTS, TABLES, conform
from newsclean.write.state import SnapshotState

MiB = 1 << 20
SMALL_PART_BYTES = 16 * MiB  # a part (its files of all tables) under this size is small...
MAX_SMALL_PARTS = 8  # ...and a run that carries more small parts than this merges them
MERGED_PART_BYTES = 64 * MiB  # into parts of about this size


@dataclass(frozen=True)
class Carried:
    """The rows a run carries over: their records (with the parts now holding them) and those parts' files."""

    records: pa.Table
    parts: pa.Table


def carry_over(
    previous: Path | None, state: SnapshotState, snapshot: Path, keep_only: list[str] | None, pieces: pa.Table
) -> Carried:
    """Bring the old rows that survive this run into `snapshot`; `pieces` are this run's records manifest
    pieces. An old row survives when this run did not write its doc_id again, or when the run found the
    record unchanged. `keep_only` (pruning) limits the first kind to old rows from these source files."""
    fresh = pieces.filter(pc.is_valid(pieces["part"]))
    old = state.records
    survives = pc.invert(pc.is_in(old["doc_id"], value_set=fresh["doc_id"]))
    if keep_only is not None:
        unchanged = pc.is_in(old["doc_id"], value_set=pieces.filter(pc.is_null(pieces["part"]))["doc_id"])
        kept_file = pc.is_in(old["source"], value_set=pa.array(keep_only, pa.string()))
        survives = pc.and_(survives, pc.or_(unchanged, kept_file))
    carried = old.filter(survives)
    if previous is None or not carried.num_rows:
        found = Carried(carried, PARTS.empty_table())
    else:
        found = _carry_parts(previous, snapshot, state, carried)
    return found if state.current else Carried(_stale(found.records), found.parts)


def _stale(carried: pa.Table) -> pa.Table:
    """Rows made under another pipeline fingerprint (outside the pattern, or from inputs that are gone)
    carry over, but without a content hash: when their input is read again they are cleaned again, not
    taken as up to date."""
    index = carried.schema.get_field_index("raw_sha256")
    return carried.set_column(index, "raw_sha256", pa.nulls(carried.num_rows, pa.string()))


def _carry_parts(previous: Path, snapshot: Path, state: SnapshotState, carried: pa.Table) -> Carried:
    rows_in = _counts(state.records)
    files = _files_by_part(state.parts)
    kept = _doc_ids_by_part(carried)
    small = [p for p in kept if sum(f["size"] for f in files[p]) < SMALL_PART_BYTES]
    merged = small if len(small) > MAX_SMALL_PARTS else []
    renamed: dict[str, str] = {}
    infos: list[PartInfo] = []
    for n, group in enumerate(_groups(merged, files)):
        new = f"{snapshot.name}-merged-{n:06d}"
        infos += _rewrite(previous, snapshot, group, new, files, _ids(kept, group))
        renamed.update(dict.fromkeys(group, new))
    for n, part in enumerate(p for p in kept if p not in renamed):
        whole = len(kept[part]) == rows_in[part]
        if whole and _current_schema(previous, files[part]):
            infos += _link_part(previous, snapshot, files[part])
            continue
        new = f"{snapshot.name}-kept-{n:06d}"
        if whole:  # only a schema changed: the files of the tables whose schema did not are linked, renamed
            infos += _renamed_part(previous, snapshot, files[part], new)
        else:
            infos += _rewrite(previous, snapshot, [part], new, files, _ids(kept, [part]))
        renamed[part] = new
    records = carried.set_column(
        carried.schema.get_field_index("part"),
        "part",
        pa.array([renamed.get(p, p) for p in carried["part"].to_pylist()], pa.string()),
    )
    return Carried(records, pa.Table.from_pylist(infos, schema=PARTS))


def _current_schema(previous: Path, files: list[PartInfo]) -> bool:
    """Whether every file of a part has its table's current schema (only then is it linked as it is)."""
    return all(_schema(previous / f["table"] / f"{f['part']}.parquet").equals(TABLES[f["table"]]) for f in files)


def _schema(path: Path) -> pa.Schema:
    """A Parquet file's Arrow schema, from its footer, read without following a symlink."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        return pq.ParquetFile(handle).schema_arrow


def _link_part(previous: Path, snapshot: Path, files: list[PartInfo]) -> list[PartInfo]:
    """The part's files, unchanged, under their own names: hard links (a copy where links are not possible)."""
    for info in files:
        name = f"{info['part']}.parquet"
        _link(previous / info["table"] / name, snapshot / info["table"] / name)
    return files


def _renamed_part(previous: Path, snapshot: Path, files: list[PartInfo], new: str) -> list[PartInfo]:
    """A whole part under a new name: each file in the current schema linked as it is, the others
    rewritten in it (a part's files share one name, and a rewritten file never keeps an old name)."""
    infos = []
    for info in files:
        source, target = (
            previous / info["table"] / f"{info['part']}.parquet",
            snapshot / info["table"] / f"{new}.parquet",
        )
        if _schema(source).equals(TABLES[info["table"]]):
            _link(source, target)
            infos.append({**info, "part": new})
        else:
            schema = TABLES[info["table"]]
            rows = write_batches(
                read_filtered([source], None, batch_rows=ROW_GROUP_ROWS[info["table"]], schema=schema), schema, target
            )
            infos.append(part_info(target, info["table"], rows))
    return infos


def _rewrite(
    previous: Path, snapshot: Path, parts: list[str], new: str, files: dict[str, list[PartInfo]], doc_ids: pa.Array
) -> list[PartInfo]:
    """The rows of `doc_ids` in `parts`, table by table, written as one new part `new` (streamed: one row
    group of one old file at a time)."""
    infos = []
    for table, schema in TABLES.items():
        sources = [previous / table / f"{f['part']}.parquet" for p in parts for f in files[p] if f["table"] == table]
        if not sources:
            continue
        target = snapshot / table / f"{new}.parquet"
        pieces = read_filtered(sources, doc_ids, batch_rows=ROW_GROUP_ROWS[table], schema=schema)
        rows = write_batches(pieces, schema, target)
        if rows:
            infos.append(part_info(target, table, rows))
        else:
            target.unlink()
    return infos


def read_filtered(
    sources: list[Path],
    doc_ids: pa.Array | None,
    *,
    keep: bool = True,
    batch_rows: int = 500,
    schema: pa.Schema | None = None,
    columns: list[str] | None = None,
) -> Iterator[pa.RecordBatch]:
    """The rows of `sources` whose doc_id is in `doc_ids` (or, `keep=False`, is not; all of them for None), a
    row group's worth at a time, read without following a symlink; in `schema` when one is given (a part of
    an older schema); only `columns` (doc_id among them) when given."""
    for path in sources:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            pieces = pq.ParquetFile(handle).iter_batches(batch_size=batch_rows, columns=columns, use_threads=False)
            for piece in pieces:
                if doc_ids is None:
                    kept = piece
                else:
                    found = pc.is_in(piece.column("doc_id"), value_set=doc_ids)
                    kept = piece.filter(found if keep else pc.invert(found))
                if not kept.num_rows:
                    continue
                if schema is not None and not kept.schema.equals(schema):
                    yield from conform(pa.Table.from_batches([kept]), schema, path).to_batches()
                else:
                    yield kept


def _groups(parts: list[str], files: dict[str, list[PartInfo]]) -> Iterator[list[str]]:
    """Small parts in groups of about MERGED_PART_BYTES."""
    group: list[str] = []
    size = 0
    for part in parts:
        group.append(part)
        size += sum(f["size"] for f in files[part])
        if size >= MERGED_PART_BYTES:
            yield group
            group, size = [], 0
    if group:
        yield group


def _counts(records: pa.Table) -> dict[str, int]:
    """Records per part: a part is carried whole (linked) when all of them survive."""
    counted = records.group_by("part").aggregate([("doc_id", "count")])
    return dict(zip(counted["part"].to_pylist(), counted["doc_id_count"].to_pylist(), strict=True))


def _files_by_part(parts: pa.Table) -> dict[str, list[PartInfo]]:
    found: dict[str, list[PartInfo]] = defaultdict(list)
    for row in parts.to_pylist():
        found[row["part"]].append(row)
    return found


def _doc_ids_by_part(records: pa.Table) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for part, doc_id in zip(records["part"].to_pylist(), records["doc_id"].to_pylist(), strict=True):
        found[part].append(doc_id)
    return found


def _ids(kept: dict[str, list[str]], parts: list[str]) -> pa.Array:
    """The surviving doc_ids of `parts`, as the filter of their rewrite."""
    return pa.array([d for p in parts for d in kept[p]], pa.string())


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target, follow_symlinks=False)
