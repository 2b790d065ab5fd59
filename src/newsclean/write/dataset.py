"""The output folder as readers see it, switched from one run's state to the next in one step.

    OUT/articles  -> .newsclean/current/articles      (fixed symlinks, made once)
    OUT/segments  -> .newsclean/current/segments
    OUT/rejects   -> .newsclean/current/rejects
    OUT/.newsclean/current -> snapshots/<run id>      (replaced atomically by each run's commit)
    OUT/.newsclean/snapshots/<run id>/<table>/part-*.parquet

A run writes its parts into a new snapshot folder nobody reads yet; `commit` renames a new `current`
link over the old one (an atomic rename), so a reader resolves either the old or the new state, never a
mix, and a run that dies before its commit leaves the old state untouched. The previous snapshot is
kept for readers that are still in the middle of it; older ones, and the leftovers of runs that died
before their commit, are deleted.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pyarrow as pa

from newsclean.write.parts import write_table
from newsclean.write.schema import TABLES

STATE_DIR = ".newsclean"
LOCK_POLL_SECONDS = 0.5


class OutputFolderError(RuntimeError):
    """The output folder is in a state newsclean will not write over."""


class OutputFolderBusy(OutputFolderError):
    """Another run holds the output folder's lock."""


@contextmanager
def locked(out_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold OUT_DIR's lock for a run. A second run on the same folder waits up to `wait` seconds for the
    first to finish, then stops with the first one's pid and start time, instead of writing beside it (or
    deleting its unfinished snapshot). The lock is the operating system's (flock): a run that dies, even
    by kill -9, releases it."""
    state = out_dir / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    with (state / "lock").open("a+") as handle:
        _acquire(handle, out_dir, wait)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _acquire(handle: IO[str], out_dir: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise _busy(out_dir, handle, wait) from None
            time.sleep(LOCK_POLL_SECONDS)


def _busy(out_dir: Path, handle: IO[str], wait: float) -> OutputFolderBusy:
    handle.seek(0)
    holder = handle.read().strip() or "another process"
    waited = f" (waited {wait:g} s)" if wait else ""
    return OutputFolderBusy(f"{out_dir} is being written by another run ({holder}){waited}; try again when it is done")


def check_not_busy(out_dir: Path) -> None:
    """Raise OutputFolderBusy when another run holds OUT_DIR's lock right now: the check a command makes
    before it starts any work (or Prefect). It creates nothing; the run still takes the lock itself."""
    try:
        handle = (out_dir / STATE_DIR / "lock").open()
    except OSError:
        return  # no lock file: no run has ever held it (one that cannot be read fails the run itself)
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _busy(out_dir, handle, 0.0) from None
        fcntl.flock(handle, fcntl.LOCK_UN)


def new_snapshot(out_dir: Path) -> Path:
    """A fresh, empty snapshot folder for this run's parts."""
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:8]
    snapshot = out_dir / STATE_DIR / "snapshots" / run_id
    for table in TABLES:
        (snapshot / table).mkdir(parents=True)
    return snapshot


def commit(out_dir: Path, snapshot: Path) -> None:
    """Make `snapshot` what readers of OUT_DIR see, in one atomic step."""
    _fill_empty_tables(snapshot)
    _ensure_table_links(out_dir)
    state = out_dir / STATE_DIR
    previous = current_snapshot(out_dir)
    link = state / f".current-{uuid.uuid4().hex[:8]}"
    link.symlink_to(Path("snapshots") / snapshot.name)
    os.replace(link, state / "current")
    keep = {snapshot.name} | ({previous.name} if previous else set())
    _drop_snapshots_but(state / "snapshots", keep)


def current_snapshot(out_dir: Path) -> Path | None:
    link = out_dir / STATE_DIR / "current"
    return link.resolve() if link.is_symlink() else None


def _fill_empty_tables(snapshot: Path) -> None:
    """Every table folder holds at least one file, so that `SELECT * FROM 'OUT/x/*.parquet'` works."""
    for table, schema in TABLES.items():
        folder = snapshot / table
        if not any(folder.glob("*.parquet")):
            write_table(pa.Table.from_pylist([], schema=schema), folder / "part-empty.parquet")


def _ensure_table_links(out_dir: Path) -> None:
    check_table_links(out_dir)
    for table in TABLES:
        path = out_dir / table
        if not path.is_symlink():
            path.symlink_to(_link_target(table), target_is_directory=True)


def check_table_links(out_dir: Path) -> None:
    """Raise OutputFolderError when a table's place in OUT_DIR holds something that is not newsclean's
    link: a run checks this before it starts, not only when it commits."""
    for table in TABLES:
        path, target = out_dir / table, _link_target(table)
        if path.is_symlink() and Path(os.readlink(path)) == target:
            continue
        if path.exists() or path.is_symlink():
            raise OutputFolderError(
                f"{path} exists and is not newsclean's link to {target}: move it away or choose another output folder."
            )


def _link_target(table: str) -> Path:
    return Path(STATE_DIR) / "current" / table


def _drop_snapshots_but(snapshots: Path, keep: set[str]) -> None:
    """Delete every snapshot but the new one and the one readers may still be reading; this also
    clears what runs that died before their commit left behind."""
    for path in snapshots.iterdir():
        if path.is_dir() and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
