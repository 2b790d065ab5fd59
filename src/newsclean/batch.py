"""A batch: many input files read, cleaned and written as one part file per table. This is the unit of
work a task runner (process pool, Dask) runs; it returns only a small Report."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsclean import stories
from newsclean.clean import clean_record, warm_up
from newsclean.model import Article, RawRecord, Reject
from newsclean.read import InputFile, read_records
from newsclean.report import Report
from newsclean.settings import DEFAULT_LIMITS, Limits
from newsclean.vocab import Reason
from newsclean.write.parts import PartWriter
from newsclean.write.schema import article_row, reject_row, segment_rows, signature_row


def run_batch(
    files: Iterable[InputFile],
    snapshot: Path,
    name: str,
    limits: Limits = DEFAULT_LIMITS,
    known: Mapping[str, str] | None = None,
    last: Mapping[str, Mapping[str, str | None]] | None = None,
) -> Report:
    """Clean `files` and write their rows as part `name` of `snapshot`. A record whose doc_id maps to its
    own raw_sha256 in `known` was cleaned by an earlier run: it is not cleaned again, only listed.
    `last` (source -> doc_id -> raw_sha256) names the rows the last run kept for each file: when a file
    cannot be read now, those rows stay as they are instead of turning into `unreadable` rejects."""
    report = Report()
    writer = PartWriter(snapshot, name)
    context = _Context(writer, report, datetime.now(UTC), limits, known or {})
    for item in files:
        _batch_file(item, context, (last or {}).get(item.relpath, {}))
    writer.close()
    return report


@dataclass(frozen=True)
class _Context:
    """What every file of a batch is cleaned with and written to."""

    writer: PartWriter
    report: Report
    processed_at: datetime
    limits: Limits
    known: Mapping[str, str]


def _batch_file(item: InputFile, ctx: _Context, previous: Mapping[str, str | None]) -> None:
    """One file's records into the part. A read that fails (the file moved away mid-run, an I/O error)
    keeps the last good rows of the records it did not reach, and the file is read again next run."""
    seen: set[str] = set()
    failed: Reject | None = None
    for found in read_records(item, ctx.limits):
        if isinstance(found, Reject) and found.reason == Reason.UNREADABLE and previous:
            failed = found  # no reject for it: the last good rows are kept below, and it is read again next run
            continue
        seen.add(found.doc_id)
        if isinstance(found, RawRecord) and ctx.known.get(found.doc_id) == found.sha256:
            ctx.report.unchanged += 1
            ctx.writer.add_unchanged(found.doc_id, found.source, found.sha256)
            continue
        outcome = found if isinstance(found, Reject) else _timed_clean(found, ctx.limits, ctx.report)
        _record(outcome, ctx.writer, ctx.report, ctx.processed_at)
    if failed is not None:
        _keep_last_rows(item, failed, {d: h for d, h in previous.items() if d not in seen}, ctx)


def _keep_last_rows(item: InputFile, failed: Reject, kept: Mapping[str, str | None], ctx: _Context) -> None:
    for doc_id, sha256 in kept.items():
        ctx.writer.add_unchanged(doc_id, item.relpath, sha256)
    ctx.report.unread.append(item.relpath)
    ctx.report.warn(
        f"{item.relpath} could not be read ({failed.detail.rstrip('.')}):"
        f" kept the {len(kept)} rows the last run wrote for it."
    )


def _timed_clean(record: RawRecord, limits: Limits, report: Report) -> Article | Reject:
    warm_up(record.payload)  # a worker's first record of a kind is timed without the loading
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
    writer.add_signature(signature_row(outcome.doc_id, stories.signature(outcome.body)))
