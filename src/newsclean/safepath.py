"""Paths held inside their roots: the checks that keep a run from reading, writing or deleting anything
outside RAW_DIR and OUT_DIR through a symlink someone placed there.

A path is checked twice where it matters: before it is opened (its symlinks resolved, so that nothing
outside is even opened), and after (what the kernel opened, read back from /proc/self/fd), so that a link
swapped in between is caught too. Deleting never follows a symlink.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

_PROC_FD = Path("/proc/self/fd")


def is_under(path: str | Path, root: str | Path) -> bool:
    """Whether `path` is `root` or lies below it (both absolute and resolved; no file system access)."""
    path, root = os.fspath(path), os.fspath(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def opened_path(fd: int) -> str | None:
    """The path the kernel reached for an open file descriptor, or None where /proc cannot tell (not Linux)."""
    try:
        found = os.readlink(_PROC_FD / str(fd))
    except OSError:
        return None
    return found if found.startswith("/") else None


def symlink_on_the_way(path: Path, root: Path) -> Path | None:
    """The first symlink among `path` and its parents up to `root` (which is resolved already), or None.
    Missing parts are fine: they are made later as real folders."""
    for part in (path, *path.parents):
        if part == root or not is_under(part, root):
            return None
        if part.is_symlink():
            return part
    return None


def is_real_folder(path: Path) -> bool:
    """A folder itself, not a symlink to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def remove_tree(path: Path) -> list[str]:
    """Delete a folder and everything in it, never following a symlink: a symlink (at the top or inside)
    is removed as a link, its target untouched. Returns what could not be deleted, each with the reason
    (deleting what is left over is worth a warning, never a failed run)."""
    problems: list[str] = []
    try:
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            os.unlink(path)
            return problems
    except FileNotFoundError:
        return problems
    except OSError as exc:
        return [f"{path}: {exc.strerror or exc}"]
    # Python's rmtree works through folder descriptors opened with O_NOFOLLOW (the symlink-attack-resistant
    # version), and unlinks the symlinks it meets.
    shutil.rmtree(path, onerror=lambda _f, failed, info: problems.append(f"{failed}: {_reason(info[1])}"))
    return problems


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)
