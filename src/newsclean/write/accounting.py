"""The accounting invariant: every record ends in `articles` or in `rejects`, once, and the records
manifest (which the next run trusts) says exactly what the tables hold."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from newsclean.report import Report
from newsclean.write.schema import ROW_PER_RECORD
from newsclean.write.state import read_parquet


class AccountingError(RuntimeError):
    """Records went missing or were written twice."""


def written_doc_ids(snapshot: Path) -> pa.ChunkedArray:
    chunks = [
        read_parquet(path, ["doc_id"]).column("doc_id")
        for table in ROW_PER_RECORD
        for path in sorted((snapshot / table).glob("*.parquet"))
    ]
    return pa.chunked_array([c for chunked in chunks for c in chunked.chunks], type=pa.string())


def check_accounting(snapshot: Path, manifest: pa.Table, report: Report, fresh_parts: set[str]) -> None:
    """Raise AccountingError naming the doc_ids missing from, or doubled in, the snapshot. The manifest
    lists this run's records (in `fresh_parts`, the parts its batches wrote) and the old rows carried over.
    Counted as Arrow columns: as Python strings, the ids of a large run cost hundreds of MB."""
    listed = manifest["doc_id"]
    written = written_doc_ids(snapshot)
    missing = _sorted(listed.filter(pc.invert(pc.is_in(listed, value_set=written))))
    unlisted = _sorted(written.filter(pc.invert(pc.is_in(written, value_set=listed))))
    counts = pc.value_counts(pa.chunked_array([*listed.chunks, *written.chunks], type=pa.string()))
    doubled = _sorted(counts.field("values").filter(pc.greater(counts.field("counts"), 2)))
    this_run = pc.sum(pc.is_in(manifest["part"], value_set=pa.array(sorted(fresh_parts), pa.string()))).as_py() or 0
    if missing or unlisted or doubled or this_run != report.read:
        raise AccountingError(
            f"{report.read} records cleaned or rejected, {report.unchanged} unchanged, {manifest.num_rows} in the"
            f" manifest ({this_run} in this run's parts) but {len(written)} rows written"
            + (f"; missing: {missing[:20]}" if missing else "")
            + (f"; not in the manifest: {unlisted[:20]}" if unlisted else "")
            + (f"; written twice: {doubled[:20]}" if doubled else "")
        )


def _sorted(ids: pa.Array | pa.ChunkedArray, limit: int = 20) -> list[str]:
    """The first `limit` ids in sorted order (a message names no more; only a failing run gets here)."""
    return sorted(ids.to_pylist())[:limit]
