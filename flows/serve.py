"""`make serve`: the clean-news flow as the deployment `clean-news/scheduled`, on a cron schedule.

    python -m flows.serve [--cron "0 * * * *"] [--timezone UTC] [--raw-dir raw] [--out-dir clean]
                          [--host 127.0.0.1] [--port 4200]

Uses the Prefect server at PREFECT_API_URL, or at http://HOST:PORT/api; when none answers there, starts
one (`prefect server start`, SQLite under PREFECT_HOME, UI at http://HOST:PORT, its pages asking the API at
that same address) and stops it on exit.
Then serves the deployment until interrupted: scheduled runs and runs started from the UI's "Run"
button (with any parameters) execute in this process's child processes. Every option also reads an
environment variable (NEWSCLEAN_CRON, NEWSCLEAN_TIMEZONE, NEWSCLEAN_RAW_DIR, NEWSCLEAN_OUT_DIR,
NEWSCLEAN_ROOTS, NEWSCLEAN_HOST, NEWSCLEAN_PORT). Folders given in the UI must resolve (symlinks and '..'
followed) under the roots, by default the folder `make serve` runs in.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

from .api import die_with_parent

DEPLOYMENT = "scheduled"
DEFAULT_CRON = "0 * * * *"  # hourly, on the hour
SERVER_START_TIMEOUT = 300.0  # a cold start takes ~10 s; minutes on a loaded machine
DEFAULT_PORT = 4200

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def build_parser() -> argparse.ArgumentParser:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m flows.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cron", default=env("NEWSCLEAN_CRON", DEFAULT_CRON), help="schedule (default hourly)")
    parser.add_argument("--timezone", default=env("NEWSCLEAN_TIMEZONE", "UTC"), help="the cron's time zone")
    parser.add_argument("--raw-dir", default=env("NEWSCLEAN_RAW_DIR", "raw"), help="the deployment's raw_dir")
    parser.add_argument("--out-dir", default=env("NEWSCLEAN_OUT_DIR", "clean"), help="the deployment's out_dir")
    parser.add_argument(
        "--roots",
        default=env("NEWSCLEAN_ROOTS", str(Path.cwd())),
        help="folders (':'-separated) that raw_dir and out_dir given in the UI must resolve under (default: here)",
    )
    parser.add_argument("--host", default=env("NEWSCLEAN_HOST", "127.0.0.1"), help="server address to start on")
    parser.add_argument(
        "--port", type=int, default=int(env("NEWSCLEAN_PORT", str(DEFAULT_PORT))), help="server port (UI and API)"
    )
    return parser


def api_is_up(api_url: str) -> bool:
    try:
        return httpx.get(f"{api_url}/health", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def prefect_server(host: str, port: int) -> Iterator[str]:
    """The API URL of a Prefect server: the configured or already running one, else one started here."""
    api_url = os.environ.get("PREFECT_API_URL") or f"http://{host}:{port}/api"
    if api_is_up(api_url):
        yield api_url
        return
    if os.environ.get("PREFECT_API_URL"):
        raise SystemExit(f"PREFECT_API_URL={api_url} does not answer; unset it to start a local server")
    prefect = shutil.which("prefect", path=str(Path(sys.executable).parent)) or "prefect"
    command = [prefect, "server", "start", "--host", host, "--port", str(port)]
    print(f"starting a Prefect server: UI at http://{host}:{port}", file=sys.stderr)
    env = server_env(host, port, api_url)
    server = subprocess.Popen(command, env=env, start_new_session=True, preexec_fn=die_with_parent)
    try:
        wait_until_up(api_url, server)
        yield api_url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def server_env(host: str, port: int, api_url: str) -> dict[str, str]:
    """The server's environment. `--port` only moves where it listens: the UI's pages learn the API's
    address from the server's settings (/ui-settings), which default to port 4200 or to a profile's
    PREFECT_API_URL, so that on another port the UI asked 4200 (another server's data, or none).
    PREFECT_UI_API_URL set by the user (a proxy in front) is kept."""
    env = {**os.environ, "PREFECT_SERVER_API_HOST": host, "PREFECT_SERVER_API_PORT": str(port)}
    env.setdefault("PREFECT_UI_API_URL", api_url)
    return env


def wait_until_up(api_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while not api_is_up(api_url):
        if server.poll() is not None:
            raise SystemExit(f"the Prefect server exited with status {server.returncode} before it answered")
        if time.monotonic() > deadline:
            raise SystemExit(f"the Prefect server did not answer at {api_url} within {SERVER_START_TIMEOUT:.0f} s")
        time.sleep(0.5)


def serve(args: argparse.Namespace) -> None:
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.deployments.runner import EntrypointType

    from .clean_news import clean_news

    clean_news.serve(
        name=DEPLOYMENT,
        schedules=[CronSchedule(cron=args.cron, timezone=args.timezone)],
        parameters={"raw_dir": str(Path(args.raw_dir).resolve()), "out_dir": str(Path(args.out_dir).resolve())},
        description=f"Cleans new and changed inputs of {args.raw_dir} into {args.out_dir}, on cron '{args.cron}'.",
        tags=["newsclean"],
        pause_on_shutdown=False,
        # by module name (flows.clean_news, or newsclean.flows.clean_news where a wheel installed it): the
        # flow's relative imports need its package, which loading the file by path would not give it
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # A SIGTERM (a service manager's stop) before Prefect's runner takes the signal over must still unwind
    # and stop the server started here; SIGKILL is what die_with_parent is for.
    signal.signal(signal.SIGTERM, _exit)
    os.environ["NEWSCLEAN_ROOTS"] = args.roots  # the served runs, child processes, check their folders against it
    with prefect_server(args.host, args.port) as api_url:
        os.environ["PREFECT_API_URL"] = api_url
        serve(args)
    return 0


def _exit(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    sys.exit(main())
