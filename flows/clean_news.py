"""The `clean-news` flow: raw_dir -> out_dir, batches of files on a process pool or Dask."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.futures import as_completed
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress

from flows.runners import Engine, default_workers, task_runner
from newsclean.batch import run_batch
from newsclean.read import InputFile, discover
from newsclean.report import Report
from newsclean.write import dataset
from newsclean.write.accounting import check_accounting

MAX_BATCH_FILES = 200
BATCHES_PER_WORKER = 4


@task(name="clean-batch", retries=0)
def clean_batch(files: list[InputFile], snapshot: str, name: str) -> Report:
    return run_batch(files, Path(snapshot), name)


@flow(name="clean-news", log_prints=False, validate_parameters=True)
def clean_news(
    raw_dir: str = "raw",
    out_dir: str = "clean",
    force: bool = False,
    pattern: str | None = None,
    workers: int | None = None,
    engine: Engine = "process",
    dask_address: str | None = None,
) -> dict[str, Any]:
    """Clean every input under raw_dir into the articles, segments and rejects tables under out_dir.

    Args:
        raw_dir: folder of raw inputs (.txt, .html[.gz], .jsonl[.gz], .warc[.gz]), searched recursively.
        out_dir: output folder; readers see the new tables only once the run has committed them.
        force: reprocess every input, even those whose output is up to date.
        pattern: only inputs whose path relative to raw_dir matches this glob (e.g. "2024/**/*.txt").
        workers: worker processes (default: one per core).
        engine: "process" (a local process pool) or "dask" (prefect-dask's DaskTaskRunner).
        dask_address: with engine="dask", the scheduler of an existing cluster (tcp://host:8786).
    """
    logger = get_run_logger()
    raw, out = Path(raw_dir).resolve(), Path(out_dir).resolve()
    if not raw.is_dir():
        raise FileNotFoundError(f"raw_dir {raw} is not a folder")
    files = list(discover(raw, pattern, exclude=out))
    workers = workers or default_workers()
    batches = cut_batches(files, workers)
    logger.info("%d input files in %d batches on %s with %d workers", len(files), len(batches), engine, workers)
    out.mkdir(parents=True, exist_ok=True)
    with dataset.locked(out):
        snapshot = dataset.new_snapshot(out)
        report = run_batches(batches, snapshot, task_runner(engine, workers, dask_address))
        check_accounting(snapshot, report)
        dataset.commit(out, snapshot)
    logger.info(report.summary())
    publish(report)
    return {"summary": report.summary(), **{k: v for k, v in asdict(report).items() if k != "doc_ids"}}


def cut_batches(files: list[InputFile], workers: int) -> list[list[InputFile]]:
    """Enough batches to keep every worker busy, none over MAX_BATCH_FILES files."""
    if not files:
        return []
    size = max(1, min(MAX_BATCH_FILES, math.ceil(len(files) / (workers * BATCHES_PER_WORKER))))
    return [files[i : i + size] for i in range(0, len(files), size)]


def run_batches(batches: list[list[InputFile]], snapshot: Path, runner: Any) -> Report:
    report = Report()
    with runner, progress_bar(sum(len(b) for b in batches)) as advance:
        futures = [
            runner.submit(clean_batch, {"files": batch, "snapshot": str(snapshot), "name": f"part-{n:06d}"})
            for n, batch in enumerate(batches)
        ]
        sizes = {future: len(batch) for future, batch in zip(futures, batches, strict=True)}
        for future in as_completed(futures):
            report.merge(future.result())
            advance(sizes[future])
    return report


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[int], None]]:
    """A rich progress bar over input files on an interactive terminal; silent otherwise (logs, CI)."""
    if not sys.stderr.isatty() or total == 0:
        yield lambda _n: None
        return
    columns = (*Progress.get_default_columns(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task_id = progress.add_task("cleaning", total=total)
        yield lambda n: progress.advance(task_id, n)


def publish(report: Report) -> None:
    rows = [
        {"measure": "documents", "name": name, "count": n}
        for name, n in (("read", report.read), ("cleaned", report.cleaned), ("rejected", report.rejected))
    ]
    rows += [{"measure": "reject reason", "name": r, "count": n} for r, n in report.reasons.most_common()]
    rows += [{"measure": "segments by role", "name": r, "count": n} for r, n in report.roles.most_common()]
    rows += [{"measure": "segments by rule", "name": r, "count": n} for r, n in report.rules.most_common()]
    create_table_artifact(key="clean-news-summary", table=rows, description=report.summary())
