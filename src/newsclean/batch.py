"""A batch: many input files read, cleaned and written as one part file per table. This is the unit of
work a task runner (process pool, Dask) runs; it returns only a small Report."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from newsclean.clean import clean_record
from newsclean.model import Article, RawRecord, Reject
from newsclean.read import InputFile, read_records
from newsclean.report import Report
from newsclean.settings import DEFAULT_LIMITS, Limits
from newsclean.write.parts import PartWriter
from newsclean.write.schema import article_row, reject_row, segment_rows


def run_batch(
    files: Iterable[InputFile],
    snapshot: Path,
    name: str,
    limits: Limits = DEFAULT_LIMITS,
    known: Mapping[str, str] | None = None,
) -> Report:
    """Clean `files` and write their rows as part `name` of `snapshot`. A record whose doc_id maps to its
    own raw_sha256 in `known` was cleaned by an earlier run: it is not cleaned again, only listed."""
    report = Report()
    writer = PartWriter(snapshot, name)
    processed_at = datetime.now(UTC)
    known = known or {}
    for item in files:
        for found in read_records(item, limits):
            if isinstance(found, RawRecord) and known.get(found.doc_id) == found.sha256:
                report.unchanged += 1
                writer.add_unchanged(found.doc_id, found.source, found.sha256)
                continue
            outcome = found if isinstance(found, Reject) else _timed_clean(found, limits, report)
            _record(outcome, writer, report, processed_at)
    writer.close()
    return report


def _timed_clean(record: RawRecord, limits: Limits, report: Report) -> Article | Reject:
    started = time.perf_counter()
    outcome = clean_record(record, limits)
    report.timed(time.perf_counter() - started, record.doc_id)
    return outcome


def _record(outcome: Article | Reject, writer: PartWriter, report: Report, processed_at: datetime) -> None:
    report.read += 1
    if isinstance(outcome, Reject):
        report.rejected += 1
        report.reasons[outcome.reason] += 1
        writer.add("rejects", [reject_row(outcome, processed_at)])
        return
    report.cleaned += 1
    report.roles.update(s.role for s in outcome.segments)
    report.rules.update(s.rule for s in outcome.segments)
    writer.add("articles", [article_row(outcome, processed_at)])
    writer.add("segments", segment_rows(outcome))
