"""The accounting invariant: every record read ends in `articles` or in `rejects`, once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds

from newsclean.report import Report


class AccountingError(RuntimeError):
    """Records went missing or were written twice."""


def written_doc_ids(snapshot: Path) -> list[str]:
    ids: list[str] = []
    for table in ("articles", "rejects"):
        folder = snapshot / table
        if any(folder.glob("*.parquet")):
            ids += ds.dataset(folder, format="parquet").to_table(columns=["doc_id"]).column("doc_id").to_pylist()
    return ids


def check_accounting(snapshot: Path, report: Report) -> None:
    """Raise AccountingError naming the doc_ids that are missing from, or doubled in, the snapshot."""
    written = Counter(written_doc_ids(snapshot))
    expected = Counter(report.doc_ids)
    missing = sorted((expected - written).elements())
    doubled = sorted(doc for doc, n in written.items() if n > 1)
    if missing or doubled or report.read != sum(written.values()):
        raise AccountingError(
            f"{report.read} records read but {sum(written.values())} rows written"
            + (f"; missing: {missing[:20]}" if missing else "")
            + (f"; written twice: {doubled[:20]}" if doubled else "")
        )
