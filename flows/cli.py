"""`newsclean run RAW_DIR OUT_DIR [--workers N] [--engine process|dask] [--dask-address ADDR] [--force]`

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
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from newsclean.report import Report

# Set before Prefect is imported: there is no internet here, and a cold ephemeral server may be slow.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


REPORT_ROWS = 12
DEBUG = "DEBUG"


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 1, like every other refusal."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"newsclean: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="newsclean", description="Clean scraped news into Parquet.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="clean RAW_DIR into OUT_DIR (articles/, segments/, rejects/)")
    run.add_argument("raw_dir", metavar="RAW_DIR", help="folder of raw inputs, searched recursively")
    run.add_argument("out_dir", metavar="OUT_DIR", help="output folder")
    run.add_argument("--workers", type=_positive, default=None, help="worker processes (default: one per core)")
    run.add_argument(
        "--engine",
        choices=("process", "dask"),
        default="process",
        help="process pool on this machine (default) or Dask",
    )
    run.add_argument(
        "--dask-address",
        default=None,
        metavar="ADDR",
        help="scheduler of an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (implies --engine dask)",
    )
    run.add_argument("--force", action="store_true", help="clean every input again, even unchanged ones")
    run.add_argument(
        "--prune",
        action="store_true",
        help="drop the rows of records whose input is gone from RAW_DIR (kept by default)",
    )
    run.add_argument("--quiet", action="store_true", help="print only the one-line summary")
    run.add_argument(
        "--lock-wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long for another run writing OUT_DIR to finish (default: stop at once)",
    )
    run.add_argument(
        "--limit",
        action="append",
        default=[],
        type=_limit,
        metavar="NAME=VALUE",
        help="override a per-record limit, e.g. --limit max_seconds=10 (repeatable; see the README)",
    )
    run.add_argument(
        "--pattern", default=None, metavar="GLOB", help="only inputs whose path relative to RAW_DIR matches this glob"
    )
    run.add_argument(
        "--log-level",
        default="WARNING",
        choices=("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
        help="Prefect's console log level (default WARNING)",
    )
    return parser


def _limit(text: str) -> tuple[str, float | int]:
    """NAME=NUMBER; the name and the number's range are checked with the other arguments (preflight)."""
    name, _, value = text.partition("=")
    for kind in (int, float):
        try:
            return name.strip(), kind(value)
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"expected NAME=NUMBER, not {text!r}")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def preflight(args: argparse.Namespace) -> str | None:
    """The one-line reason the run cannot start, or None: every argument, the folders (and whether
    another run is writing OUT_DIR, unless told to wait for it), checked before Prefect starts."""
    from flows.runners import check_dask_address
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    problem = preflight(args)
    if problem:
        print(f"newsclean: {problem}", file=sys.stderr)
        return 1
    os.environ["PREFECT_LOGGING_LEVEL"] = args.log_level
    from flows.api import shared_api  # Prefect is imported only once the arguments are good

    engine = _engine(args)
    try:
        with shared_api(meanwhile=_import_flow):
            from flows.clean_news import clean_news

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
    import flows.clean_news  # noqa: F401  (seconds of imports, overlapped with the server's start)


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


if __name__ == "__main__":
    sys.exit(main())
