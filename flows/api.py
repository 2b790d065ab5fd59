"""One Prefect API for the whole run. With no PREFECT_API_URL set, Prefect starts a temporary
("ephemeral") server in each process that needs one; the process pool's workers would each start their
own (~8 s apiece). Starting it once here and exporting its URL lets the workers, spawned afterwards,
inherit it.

The server is the one Prefect's own `SubprocessASGIServer` runs (uvicorn over
`prefect.server.api.server:create_app`, UI off, ephemeral mode), but launched without importing
`prefect.server` here first: that import alone costs this process ~4 s, all of it before the server's own
process could even begin to start. Launched at once, the server comes up while this process imports the
flow."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

STARTUP_TIMEOUT_S = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120"))
STOP_TIMEOUT_S = 5.0
# Prefect's database (PREFECT_HOME/prefect.db) keeps every run: its flow run, a task run and three states per
# batch, its two report artifacts, and the events of all of them (about 250 KB a run). The temporary API
# stores no events (nothing reads them without a server), and each run deletes the runs (with their task
# runs, states and artifacts) that ended more than this many days ago: the database stops growing.
HISTORY_DAYS = float(os.environ.get("NEWSCLEAN_PREFECT_HISTORY_DAYS", "30"))
PRUNE_AT_MOST = 50  # old runs deleted per run: a backlog goes over the next runs, a run never waits on it
API_LIMIT = 200  # the most rows the API returns for one filter


@contextmanager
def shared_api(meanwhile: Callable[[], object] = lambda: None) -> Iterator[str | None]:
    """Yield the API URL in use, starting a temporary local server when none is configured. The server
    takes seconds to come up in its own process: `meanwhile` (imports, say) runs while it does."""
    if os.environ.get("PREFECT_API_URL"):
        meanwhile()
        yield os.environ["PREFECT_API_URL"]
        return
    with _loopback_socket() as listener:  # bound here and handed over: no other process can take the port
        api_url = f"http://127.0.0.1:{listener.getsockname()[1]}/api"
        server = _launch(listener)
    os.environ["PREFECT_API_URL"] = api_url  # before Prefect reads its settings (at its import)
    try:
        meanwhile()
        _wait_healthy(server, api_url)
        yield api_url
    finally:
        _drain_logs()
        prune_history(api_url, HISTORY_DAYS)
        os.environ.pop("PREFECT_API_URL", None)
        _stop(server)


def prune_history(api_url: str, days: float) -> int:
    """Delete the flow runs that ended more than `days` ago, their task runs and states (deleted with them)
    and their artifacts; return how many runs. Never fails the run: a server that does not answer keeps
    its history until the next run."""
    import httpx

    cutoff = (datetime.now(UTC) - timedelta(days=days)).isoformat()
    try:
        with httpx.Client(base_url=api_url, timeout=10.0) as client:
            query = {"flow_runs": {"end_time": {"before_": cutoff}}, "limit": PRUNE_AT_MOST}
            old = [run["id"] for run in _answer(client.post("/flow_runs/filter", json=query))]
            query = {"artifacts": {"flow_run_id": {"any_": old}}, "limit": API_LIMIT}
            while old and (artifacts := _answer(client.post("/artifacts/filter", json=query))):
                for artifact in artifacts:
                    client.delete(f"/artifacts/{artifact['id']}").raise_for_status()
            for run in old:
                client.delete(f"/flow_runs/{run}").raise_for_status()
            return len(old)
    except (httpx.HTTPError, ValueError):
        return 0


def _answer(response: httpx.Response) -> list[dict[str, str]]:
    response.raise_for_status()
    return response.json()


def _loopback_socket() -> socket.socket:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    return listener


def _launch(listener: socket.socket) -> subprocess.Popen[bytes]:
    fd = listener.fileno()
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(_prefect_parent()),
            "--factory",
            "prefect.server.api.server:create_app",
            "--fd",
            str(fd),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ],
        env={
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",  # see HISTORY_DAYS
        },
        pass_fds=(fd,),
        preexec_fn=die_with_parent,
    )


def _prefect_parent() -> Path:
    spec = find_spec("prefect")
    if spec is None or spec.origin is None:
        raise RuntimeError("prefect is not installed")
    return Path(spec.origin).parent.parent


def die_with_parent() -> None:
    """In a server's process, before it starts: end with the process that started it (the run, `make
    serve`), even one killed by SIGKILL."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _wait_healthy(server: subprocess.Popen[bytes], api_url: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while server.poll() is None and time.monotonic() < deadline:
        if _answers(f"{api_url}/health"):
            return
        time.sleep(0.1)
    if server.poll() is None:
        _stop(server)
        raise RuntimeError(f"the temporary Prefect server did not answer within {STARTUP_TIMEOUT_S:g} s")
    raise RuntimeError(f"the temporary Prefect server exited on start with status {server.returncode}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _drain_logs() -> None:
    """The run's last log records go to the API before their server does."""
    if "prefect.logging.handlers" in sys.modules:
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=5)


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
