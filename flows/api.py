"""One Prefect API for the whole run. With no PREFECT_API_URL set, Prefect starts a temporary
("ephemeral") server in each process that needs one; the process pool's workers would each start their
own (~8 s apiece). Starting it once here and exporting its URL lets the workers, spawned afterwards,
inherit it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager


@contextmanager
def shared_api(meanwhile: Callable[[], object] = lambda: None) -> Iterator[str | None]:
    """Yield the API URL in use, starting a temporary local server when none is configured. The server
    takes seconds to come up in its own process: `meanwhile` (imports, say) runs while it does."""
    if os.environ.get("PREFECT_API_URL"):
        meanwhile()
        yield os.environ["PREFECT_API_URL"]
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    with ThreadPoolExecutor(max_workers=1) as pool:
        starting = pool.submit(server.start)
        meanwhile()
        starting.result()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server.api_url
    finally:
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=5)  # the run's last log records, before their server goes
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()
