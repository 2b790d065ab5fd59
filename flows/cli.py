"""`newsclean run RAW_DIR OUT_DIR [--workers N] [--engine process|dask] [--dask-address ADDR] [--force]`, as
parsed by newsclean.cli (which imports this module only for a run).

Runs the clean-news flow on Prefect's embedded API (no server needed) unless PREFECT_API_URL points at
one. Exit status 0 when every input record ended up in articles or rejects; 1 with a one-line reason
otherwise. Every argument is checked before Prefect starts (newsclean.preflight): a bad one costs a
fraction of a second, one line on stderr and nothing written; the traceback only with --log-level DEBUG.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from typing import TYPE_CHECKING

from .runners import check_dask_address

if TYPE_CHECKING:
    from newsclean.report import Report

# Set before Prefect is imported: there is no internet here, and a cold ephemeral server may be slow.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


REPORT_ROWS = 12
DEBUG = "DEBUG"


def preflight(args: argparse.Namespace) -> str | None:
    """The one-line reason the run cannot start, or None: every argument, the folders (and whether
    another run is writing OUT_DIR, unless told to wait for it), checked before Prefect starts."""
    from newsclean.preflight import check_run
    from newsclean.settings import allowed_roots
    from newsclean.write.dataset import OutputFolderError

    try:
        check_dask_address(_engine(args), args.dask_address)
        check_run(
            args.raw_dir,
            args.out_dir,
            limits=dict(args.limit) or None,
            workers=args.workers,
            lock_wait=args.lock_wait,
            roots=allowed_roots(),
            names=("RAW_DIR", "OUT_DIR"),
        )
    except (ValueError, OutputFolderError) as exc:
        if args.log_level == DEBUG:
            traceback.print_exc()
        return str(exc).splitlines()[0]
    return None


def run(args: argparse.Namespace) -> int:
    """The run command: check every argument, then run the flow on Prefect's embedded API (or the one
    PREFECT_API_URL names). Exit status 0, or 1 with a one-line reason on stderr."""
    problem = preflight(args)
    if problem:
        print(f"newsclean: {problem}", file=sys.stderr)
        return 1
    os.environ["PREFECT_LOGGING_LEVEL"] = args.log_level
    from .api import shared_api  # Prefect is imported only once the arguments are good

    engine = _engine(args)
    try:
        with shared_api(meanwhile=_import_flow):
            from .clean_news import clean_news

            if args.log_level != DEBUG:
                console_without_tracebacks()

            result = clean_news(
                raw_dir=args.raw_dir,
                out_dir=args.out_dir,
                force=args.force,
                prune=args.prune,
                pattern=args.pattern,
                workers=args.workers,
                engine=engine,
                dask_address=args.dask_address,
                limits=dict(args.limit) or None,
                lock_wait=args.lock_wait,
            )
    except Exception as exc:  # the one-line reason the contract asks for
        print(f"newsclean: run failed: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 1
    print(result["summary"])
    if not args.quiet:
        print_report(result["report"])
    return 0


def _engine(args: argparse.Namespace) -> str:
    return "dask" if args.dask_address else args.engine


def _import_flow() -> None:
    from . import clean_news  # noqa: F401  (seconds of imports, overlapped with the server's start)


def console_without_tracebacks() -> None:
    """Prefect logs a failed flow run's traceback to the console; the command's last line names the
    reason, and the traceback is for --log-level DEBUG (the run's logs in Prefect keep it)."""
    from prefect.logging.handlers import PrefectConsoleHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and handler.formatter is not None:
            handler.setFormatter(WithoutTraceback(handler.formatter))


class WithoutTraceback(logging.Formatter):
    """Another formatter's lines without the exception's traceback (the record is left as it was, for
    the other handlers, such as the one sending logs to Prefect's API)."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return self.inner.format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def print_report(report: Report) -> None:
    """The run report's sections as rich tables (the same figures as the run's Prefect artifacts)."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for title, items in report.sections():
        if items and title != "documents":
            table = Table(title=title, title_justify="left", show_header=False, box=None, pad_edge=False)
            table.add_column(style="cyan")
            table.add_column(justify="right")
            for name, value in items[:REPORT_ROWS]:
                table.add_row(name, value)
            if len(items) > REPORT_ROWS:
                table.add_row(f"... {len(items) - REPORT_ROWS} more in the run's artifact", "")
            console.print(table)
