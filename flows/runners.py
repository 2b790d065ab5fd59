"""The task runners a run can use: a local process pool, or Dask (a temporary local cluster, or an
existing one at `dask_address`)."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # Prefect is imported where a runner is made: the command checks addresses before it
    from prefect.task_runners import TaskRunner

Engine = Literal["process", "dask"]
ENGINES: tuple[str, ...] = ("process", "dask")


PARENT_POLL_S = 1.0
_watching_parent = threading.Event()


def end_with_parent() -> None:
    """In a worker process: exit once the process that started it is gone. A run killed with SIGKILL
    cannot stop its pool, and its workers would otherwise run on as orphans, cleaning batches for a run that
    will never commit them. Once per process (the pool's initializer, and each task again for Dask's
    workers); nothing in the run's own process."""
    if multiprocessing.parent_process() is None or _watching_parent.is_set():
        return
    _watching_parent.set()
    parent = os.getppid()
    threading.Thread(target=_exit_when_orphaned, args=(parent,), name="end-with-parent", daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def check_dask_address(engine: str, dask_address: str | None) -> None:
    """Raise ValueError for an address `distributed` cannot use (unknown scheme, no host), or one given
    to the process engine: found before the run starts, not when it first connects. Whether a scheduler
    answers there is for the run to find out."""
    if not dask_address:
        return
    if engine == "process":
        raise ValueError("dask_address is for engine=dask; the process engine runs on this machine only")
    from distributed.comm import registry
    from distributed.comm.addressing import parse_address

    try:
        scheme, location = parse_address(dask_address)
        registry.get_backend(scheme)
    except ValueError as exc:  # names the known schemes
        raise ValueError(f"dask_address {dask_address!r}: {exc}") from None
    if not location.split(":")[0].strip("[]"):
        raise ValueError(f"dask_address {dask_address!r} names no host")


def task_runner(engine: str, workers: int, dask_address: str | None) -> TaskRunner:
    check_dask_address(engine, dask_address)
    if engine == "process":
        from prefect.task_runners import ProcessPoolTaskRunner

        # The watch starts as each worker starts, not with its first task: a worker still importing when
        # the run was killed, that then found no task left, would otherwise wait on the pool's queue forever.
        return ProcessPoolTaskRunner(max_workers=workers, initializer=end_with_parent)
    if engine == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
        )
    raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
