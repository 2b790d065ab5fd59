"""Real services for the tests that need them, started from what the set-up installs, on 127.0.0.1, and
stopped afterwards: `make serve`'s process serving the clean-news deployment on the Prefect server it
starts (its own PREFECT_HOME and SQLite database)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from flows.api import die_with_parent
from tests.conftest import RAW, REPO

BIN = Path(sys.executable).parent
DEPLOYMENT = "clean-news/scheduled"


# What prefect.client.base.PrefectHttpxAsyncClient retries, and about as often (PREFECT_CLIENT_MAX_RETRIES).
RETRY_CODES = {429, 502, 503}
RETRIES = 6


def retry_after(response: httpx.Response, attempt: int) -> float:
    """The server's Retry-After in seconds when it sends a number, else an exponential back-off."""
    try:
        return min(float(response.headers.get("retry-after", "")), 10.0)
    except ValueError:
        return min(0.5 * 2**attempt, 10.0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(
    check: Callable[[], Any], what: str, timeout: float, process: subprocess.Popen[bytes] | None = None
) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with status {process.returncode}")
        try:
            found = check()
        except httpx.HTTPError:
            found = None
        if found:
            return found
        time.sleep(0.5)
    raise TimeoutError(f"{what}: not within {timeout:.0f} s")


@contextmanager
def process(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A process in its own session (so that its children stop with it), output to `log`. It also ends
    with the test session when that is killed (pytest-timeout ends it without teardown): a served
    deployment left running would load the machine for every later run."""
    with log.open("wb") as out:
        started = subprocess.Popen(
            command,
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        try:
            yield started
        finally:
            if started.poll() is None:
                os.killpg(started.pid, signal.SIGTERM)
                try:
                    started.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(started.pid, signal.SIGKILL)
                    started.wait()


@dataclass
class Served:
    """A Prefect server with the clean-news deployment served on it."""

    api_url: str
    ui_url: str
    env: dict[str, str]
    raw_dir: Path
    out_dir: Path
    deployment: dict[str, Any]
    workdir: Path

    def get(self, path: str) -> Any:
        return self.request("GET", path)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.request("POST", path, body)

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """One API call, retried on the answers Prefect's own client retries: the server answers 503 while
        its SQLite database is locked by a concurrent write (the scheduler, a run's state changes) and
        expects the client to come back, with a Retry-After header or not."""
        for attempt in range(RETRIES + 1):
            response = httpx.request(method, f"{self.api_url}{path}", json=body, timeout=10)
            if response.status_code not in RETRY_CODES or attempt == RETRIES:
                break
            time.sleep(retry_after(response, attempt))
        response.raise_for_status()
        return response.json()

    def wait_for_run(self, flow_run_id: str, timeout: float = 300) -> dict[str, Any]:
        def final() -> dict[str, Any] | None:
            run = self.get(f"/flow_runs/{flow_run_id}")
            return run if run["state"]["type"] in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"} else None

        run: dict[str, Any] = wait_for(final, f"flow run {flow_run_id}", timeout)
        return run


@contextmanager
def served_deployment(workdir: Path) -> Iterator[Served]:
    """`python -m flows.serve` (what `make serve` runs) on a free loopback port, given the way a user gives
    it (NEWSCLEAN_PORT) and with no PREFECT_API_URL: it starts its own `prefect server start` there, so
    that the UI and the API are on a port other than Prefect's default 4200, and the UI must be pointed at
    it. Stopping the serve process stops its server."""
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    home = workdir / "prefect-home"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_UI_API_URL")},
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "INFO",
        "NEWSCLEAN_PORT": str(port),
        "NEWSCLEAN_ROOTS": str(workdir.parent),  # the test session's temporary folders
    }
    raw_dir, out_dir = workdir / "raw", workdir / "clean"
    raw_dir.mkdir(parents=True)
    for path in RAW.glob("*.txt"):
        shutil.copy(path, raw_dir / path.name)
    serve_command = [sys.executable, "-m", "flows.serve", "--raw-dir", str(raw_dir), "--out-dir", str(out_dir)]
    with process(serve_command, env, workdir / "serve.log") as serving:
        wait_for(lambda: httpx.get(f"{api_url}/health", timeout=2).status_code == 200, "prefect server", 300, serving)

        def deployment() -> dict[str, Any] | None:
            response = httpx.get(f"{api_url}/deployments/name/{DEPLOYMENT}", timeout=5)
            return response.json() if response.status_code == 200 else None

        found = wait_for(deployment, "the served deployment", 180, serving)
        yield Served(
            api_url, f"http://127.0.0.1:{port}", {**env, "PREFECT_API_URL": api_url}, raw_dir, out_dir, found, workdir
        )
