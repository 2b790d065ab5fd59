"""The accounting invariant: every record ends in `articles` or in `rejects`, once, and the records
manifest (which the next run trusts) says exactly what the tables hold."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa

from newsclean.report import Report
from newsclean.write.schema import ROW_PER_RECORD
from newsclean.write.state import read_parquet


class AccountingError(RuntimeError):
    """Records went missing or were written twice."""


def written_doc_ids(snapshot: Path) -> list[str]:
    ids: list[str] = []
    for table in ROW_PER_RECORD:
        for path in sorted((snapshot / table).glob("*.parquet")):
            ids += read_parquet(path, ["doc_id"]).column("doc_id").to_pylist()
    return ids


def check_accounting(snapshot: Path, manifest: pa.Table, report: Report) -> None:
    """Raise AccountingError naming the doc_ids missing from, or doubled in, the snapshot. The manifest
    lists this run's records (in parts named after the snapshot) and the old rows carried over."""
    listed = Counter(manifest["doc_id"].to_pylist())
    written = Counter(written_doc_ids(snapshot))
    missing = sorted((listed - written).elements())
    unlisted = sorted((written - listed).elements())
    doubled = sorted(doc for doc, n in (written + listed).items() if n > 2)
    this_run = sum(1 for part in manifest["part"].to_pylist() if part.startswith(f"{snapshot.name}-"))
    if missing or unlisted or doubled or this_run != report.read:
        raise AccountingError(
            f"{report.read} records cleaned or rejected, {report.unchanged} unchanged, {manifest.num_rows} in the"
            f" manifest ({this_run} in this run's parts) but {sum(written.values())} rows written"
            + (f"; missing: {missing[:20]}" if missing else "")
            + (f"; not in the manifest: {unlisted[:20]}" if unlisted else "")
            + (f"; written twice: {doubled[:20]}" if doubled else "")
        )
