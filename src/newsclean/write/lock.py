"""One run at a time per output folder: an flock on OUT_DIR/.newsclean/lock.

Light on purpose (no pyarrow, no Prefect): the command asks `check_not_busy` before it starts Prefect, so
that a second run on a folder another run is writing stops at once instead of after Prefect's start-up.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

STATE_DIR = ".newsclean"
LOCK_FILE = "lock"
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
    by kill -9, releases it. The lock file is never reached through a symlink (one placed there could
    point the truncation below at any file)."""
    state = out_dir / STATE_DIR
    if state.is_symlink():
        raise OutputFolderError(f"{state} is a symlink: newsclean will not write through it; remove it")
    state.mkdir(parents=True, exist_ok=True)
    fd = _open_lock(state / LOCK_FILE, os.O_RDWR | os.O_CREAT)
    with os.fdopen(fd, "r+") as handle:
        _acquire(handle.fileno(), out_dir, wait)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def check_not_busy(out_dir: Path) -> None:
    """Raise OutputFolderBusy when another run holds OUT_DIR's lock right now: the check a command makes
    before it starts any work (or Prefect). It creates nothing, and never opens the lock through a symlink
    (OutputFolderError); the run still takes the lock itself."""
    try:
        fd = _open_lock(out_dir / STATE_DIR / LOCK_FILE, os.O_RDONLY)
    except OutputFolderError:
        raise
    except OSError:
        return  # no lock file: no run has ever held it (one that cannot be read fails the run itself)
    with os.fdopen(fd, "r") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputFolderBusy(_busy_message(out_dir, handle.read().strip(), 0.0)) from None
        fcntl.flock(handle, fcntl.LOCK_UN)


def _open_lock(path: Path, flags: int) -> int:
    """The lock file's descriptor, never through a symlink (OutputFolderError naming it if one is there)."""
    try:
        return os.open(path, flags | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        if path.is_symlink():
            raise OutputFolderError(f"{path} is a symlink: newsclean will not write through it; remove it") from exc
        raise OSError(exc.errno, f"could not open the lock file: {exc.strerror}", str(path)) from exc


def _acquire(fd: int, out_dir: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
                raise OutputFolderBusy(_busy_message(out_dir, holder, wait)) from None
            time.sleep(LOCK_POLL_SECONDS)


def _busy_message(out_dir: Path, holder: str, wait: float) -> str:
    waited = f" (waited {wait:g} s)" if wait else ""
    return (
        f"{out_dir} is being written by another run ({holder or 'another process'}){waited}; try again when it is done"
    )
