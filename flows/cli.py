"""`newsclean run RAW_DIR OUT_DIR [--workers N] [--engine process|dask] [--dask-address ADDR] [--force]`

Runs the clean-news flow on Prefect's embedded API (no server needed) unless PREFECT_API_URL points at
one. Exit status 0 when every input record ended up in articles or rejects; 1 with a one-line reason
otherwise; 2 for a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

# Set before Prefect is imported: there is no internet here, and a cold ephemeral server may be slow.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsclean", description="Clean scraped news into Parquet.")
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
    run.add_argument("--force", action="store_true", help="reprocess every input")
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


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def check_folders(raw_dir: str, out_dir: str) -> str | None:
    """The one-line reason the run cannot start, or None."""
    raw, out = Path(raw_dir), Path(out_dir)
    if not raw.is_dir():
        return f"RAW_DIR {raw} is not a folder"
    if out.exists() and not out.is_dir():
        return f"OUT_DIR {out} exists and is not a folder"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    problem = check_folders(args.raw_dir, args.out_dir)
    if problem:
        print(f"newsclean: {problem}", file=sys.stderr)
        return 1
    os.environ["PREFECT_LOGGING_LEVEL"] = args.log_level
    from flows.api import shared_api  # Prefect is imported only once the arguments are good

    engine = "dask" if args.dask_address else args.engine
    try:
        with shared_api():
            from flows.clean_news import clean_news

            result = clean_news(
                raw_dir=args.raw_dir,
                out_dir=args.out_dir,
                force=args.force,
                pattern=args.pattern,
                workers=args.workers,
                engine=engine,
                dask_address=args.dask_address,
            )
    except Exception as exc:  # the one-line reason the contract asks for
        print(f"newsclean: run failed: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 1
    print(result["summary"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
