"""The `clean-news` flow: raw_dir -> out_dir, batches of files on a process pool or Dask.

No `from __future__ import annotations` here: a served deployment loads this file by path, and Prefect
builds its parameter model from the real annotation objects (string ones would name a module it lacks)."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress

from newsclean.preflight import check_run
from newsclean.report import Report
from newsclean.report_html import render
from newsclean.settings import allowed_roots
from newsclean.update import Batch, open_update

from .runners import Engine, default_workers, end_with_parent, task_runner

REPORT_PAGE = Path("report") / "index.html"  # in out_dir


@task(name="clean-batch", retries=0, cache_policy=NO_CACHE, persist_result=False)
def clean_batch(batch: Batch) -> Report:
    """One batch on a worker. Not cached and its result not persisted: the output is the part files, and
    nothing is ever read back (or unpickled) from Prefect's result storage."""
    end_with_parent()
    return batch.run()


@flow(name="clean-news", log_prints=False, validate_parameters=True)
def clean_news(
    raw_dir: str = "raw",
    out_dir: str = "clean",
    force: bool = False,
    prune: bool = False,
    pattern: str | None = None,
    workers: int | None = None,
    engine: Engine = "process",
    dask_address: str | None = None,
    limits: dict[str, float] | None = None,
    lock_wait: float = 600.0,
    html_report: bool = True,
) -> dict[str, Any]:
    """Clean the new and changed inputs under raw_dir into the articles, segments and rejects tables
    under out_dir.

    Args:
        raw_dir: folder of raw inputs (.txt, .html[.gz], .jsonl[.gz], .warc[.gz]), searched recursively.
        out_dir: output folder; readers see a run's tables only once it has committed them, all at once.
        force: clean every input again, even those unchanged since the last run.
        prune: drop the rows of records whose input file (or container record) is gone from raw_dir;
            by default they are kept.
        pattern: only inputs whose path relative to raw_dir matches this glob (e.g. "2024/**/*.txt");
            the rows of the others are kept as they are.
        workers: worker processes (default: one per core).
        engine: "process" (a local process pool) or "dask" (prefect-dask's DaskTaskRunner).
        dask_address: with engine="dask", the scheduler of an existing cluster (tcp://host:8786).
        limits: overrides of the per-record limits by name, e.g. {"max_seconds": 10, "max_record_bytes":
            1000000}; the others keep their defaults (see the README).
        lock_wait: seconds to wait for another run that is writing out_dir (a scheduled run, say) before
            giving up; 0 gives up at once.
        html_report: write out_dir/report/index.html (charts and every document's explain page, offline)
            when the run changed the tables, and publish its address as the link artifact clean-news-report-html.
    """
    # Every parameter checked before any work (the command line made the same checks before Prefect started).
    run = check_run(raw_dir, out_dir, limits=limits, workers=workers, lock_wait=lock_wait, roots=allowed_roots())
    logger = get_run_logger()
    workers = workers or default_workers()
    runner = task_runner(engine, workers, dask_address)  # not started yet: a bad engine or address fails here
    options = {"pattern": pattern, "force": force, "prune": prune, "limits": run.limits, "lock_wait": lock_wait}
    with open_update(run.raw, run.out, **options) as update:
        logger.info("%s", update.plan.describe())
        batches = update.batches(workers)
        report = Report()
        if batches:
            logger.info("%d batches on %s with %d workers", len(batches), engine, workers)
            report = run_batches(batches, runner)
        update.finish(report)
        # still holding out_dir's lock: the report reads one state of the three tables
        page = write_report(run.out, changed=update.snapshot is not None) if html_report else None
    summary = f"{update.plan.describe()}; {report.summary()}"
    logger.info(summary)
    publish(report, summary, page)
    return {"summary": summary, "report": report, "html_report": str(page) if page else None}


def write_report(out_dir: Path, changed: bool) -> Path:
    """The folder's HTML report, written again when the run changed the tables (or it is missing)."""
    page = out_dir / REPORT_PAGE
    if changed or not page.is_file():
        render(out_dir, page, page.with_name(f"{page.stem}_explain"))
    return page


def run_batches(batches: list[Batch], runner: Any) -> Report:
    report = Report()
    with runner, progress_bar(sum(len(b.files) for b in batches)) as advance:
        futures = [runner.submit(clean_batch, {"batch": batch}) for batch in batches]
        sizes = {future: len(batch.files) for future, batch in zip(futures, batches, strict=True)}
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


def publish(report: Report, summary: str, page: Path | None = None) -> None:
    """The run report as artifacts: a table (one row per count, easy to query through the API), a
    Markdown page with one table per section (what the UI shows best), and the HTML report's address."""
    rows = [
        {"section": title, "name": name, "value": value} for title, items in report.sections() for name, value in items
    ]
    create_table_artifact(key="clean-news-summary", table=rows, description=summary)
    markdown = report_markdown(report, summary, page)
    create_markdown_artifact(key="clean-news-report", markdown=markdown, description=summary)
    if page is not None:
        create_link_artifact(
            key="clean-news-report-html", link=page.resolve().as_uri(), link_text=str(page), description=summary
        )


def report_markdown(report: Report, summary: str, page: Path | None = None) -> str:
    lines = [f"# clean-news\n\n{summary}\n"]
    if page is not None:
        lines.append(f"The report with charts and every document's explain page: [{page}]({page.resolve().as_uri()})\n")
    for title, items in report.sections():
        if items:
            lines += [f"## {title}\n", "| name | value |", "|---|---:|"]
            lines += [f"| `{name}` | {value} |" for name, value in items]
            lines.append("")
    return "\n".join(lines)
