"""Carry last run's rows into this run's snapshot: the rows of records that were not cleaned again.

Part files never change once written, so a part whose rows all carry over is hard-linked into the new
snapshot (no copy, no rewrite); a part some of whose rows were replaced or pruned is rewritten without
them. The merged records manifest says which part holds each doc_id.
"""

from __future__ import annotations

import os
import shutil
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from newsclean.write.parts import write_table
from newsclean.write.schema import RECORD_PIECES, TABLES, conform
from newsclean.write.state import SnapshotState, read_parquet, read_record_pieces, read_schema


def carry_over(previous: Path | None, state: SnapshotState, snapshot: Path, keep_only: list[str] | None) -> pa.Table:
    """Bring the old rows that survive this run into `snapshot` and return the merged records manifest.

    An old row survives when this run did not write its doc_id again, or when the run found the record
    unchanged. `keep_only` (pruning) limits the first kind to old rows from these source files."""
    pieces = read_record_pieces(snapshot)
    fresh = pieces.filter(pc.is_valid(pieces["part"]))
    old = state.records
    replaced = pc.is_in(old["doc_id"], value_set=fresh["doc_id"])
    survives = pc.invert(replaced)
    if keep_only is not None:
        unchanged = pc.is_in(old["doc_id"], value_set=pieces.filter(pc.is_null(pieces["part"]))["doc_id"])
        kept_file = pc.is_in(old["source"], value_set=pa.array(keep_only, pa.string()))
        survives = pc.and_(survives, pc.or_(unchanged, kept_file))
    carried = old.filter(survives)
    if previous is not None and carried.num_rows:
        _carry_parts(previous, snapshot, old, carried)
    shutil.rmtree(snapshot / RECORD_PIECES, ignore_errors=True)
    return pa.concat_tables([fresh, carried if state.current else _stale(carried)])


def _stale(carried: pa.Table) -> pa.Table:
    """Rows made under another pipeline fingerprint (outside the pattern, or from inputs that are gone)
    carry over, but without a content hash: when their input is read again they are cleaned again, not
    taken as up to date."""
    index = carried.schema.get_field_index("raw_sha256")
    return carried.set_column(index, "raw_sha256", pa.nulls(carried.num_rows, pa.string()))


def _carry_parts(previous: Path, snapshot: Path, old: pa.Table, carried: pa.Table) -> None:
    rows_in = _counts(old)
    for part, doc_ids in _doc_ids_by_part(carried).items():
        whole = len(doc_ids) == rows_in[part]
        for table, schema in TABLES.items():
            source, target = previous / table / f"{part}.parquet", snapshot / table / f"{part}.parquet"
            if not source.is_file():
                continue  # a part has no file for a table it got no rows in
            if whole and read_schema(source).equals(schema):
                _link(source, target)
            else:  # some rows go, or the part has another schema: a snapshot never mixes schemas
                _filtered_copy(source, target, doc_ids, schema)


def _counts(records: pa.Table) -> dict[str, int]:
    counted = records.group_by("part").aggregate([("doc_id", "count")])
    return dict(zip(counted["part"].to_pylist(), counted["doc_id_count"].to_pylist(), strict=True))


def _doc_ids_by_part(records: pa.Table) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for part, doc_id in zip(records["part"].to_pylist(), records["doc_id"].to_pylist(), strict=True):
        found[part].append(doc_id)
    return found


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def _filtered_copy(source: Path, target: Path, doc_ids: list[str], schema: pa.Schema) -> None:
    table = read_parquet(source)
    kept = table.filter(pc.is_in(table["doc_id"], value_set=pa.array(doc_ids, pa.string())))
    write_table(conform(kept, schema, source), target)
