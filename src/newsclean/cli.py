"""The `newsclean` command: `run` (the clean-news flow), `explain` (one document's cleaning), `report` (the
run's figures as an offline HTML page), and `--version`.

This module imports neither Prefect nor the flows: `explain`, `report` and `--version` never pay for them,
and `run` checks every argument (newsclean.preflight) before it imports the flow, lazily, from the
orchestration package: `newsclean.flows` in an installed wheel (the repository's top-level `flows/`, shipped
inside the package namespace), `flows` in a source checkout.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from newsclean import __version__

FLOWS_PACKAGES = ("newsclean.flows", "flows")  # as the wheel ships it; as a checkout holds it


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 1, like every other refusal."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"newsclean: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="newsclean", description="Clean scraped news into Parquet.")
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    _add_run(commands.add_parser("run", help="clean RAW_DIR into OUT_DIR (articles/, segments/, rejects/)"))
    _add_explain(commands.add_parser("explain", help="one document's lines with the role and rule of each"))
    _add_report(commands.add_parser("report", help="the output folder's figures as a self-contained HTML page"))
    return parser


def _add_run(run: argparse.ArgumentParser) -> None:
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


def _add_explain(explain: argparse.ArgumentParser) -> None:
    explain.add_argument("out_dir", metavar="OUT_DIR", help="an output folder of `newsclean run`")
    explain.add_argument("doc_id", metavar="DOC_ID", help="the document's doc_id")
    explain.add_argument("--html", type=Path, default=None, metavar="FILE", help="also write a self-contained page")


def _add_report(report: argparse.ArgumentParser) -> None:
    report.add_argument("out_dir", metavar="OUT_DIR", help="an output folder of `newsclean run`")
    report.add_argument("--html", type=Path, required=True, metavar="FILE", help="the page to write")
    report.add_argument(
        "--explain-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="write each document's explain page here, linked from the report (default: FILE's name + _explain)",
    )


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


def flows_module(name: str) -> ModuleType:
    """A module of the orchestration package (Prefect flows), imported only when a run needs it."""
    for package in FLOWS_PACKAGES:
        if importlib.util.find_spec(package) is not None:
            return importlib.import_module(f"{package}.{name}")
    raise ModuleNotFoundError("the flows package is missing: reinstall newsclean")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        status: int = flows_module("cli").run(args)
        return status
    if args.command == "explain":
        from newsclean.explain import explain_command

        return explain_command(Path(args.out_dir), args.doc_id, args.html)
    from newsclean.report_html import report_command

    return report_command(Path(args.out_dir), args.html, args.explain_dir)


if __name__ == "__main__":
    sys.exit(main())
