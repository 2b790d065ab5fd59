"""A run's parameters checked before any work starts: the command line checks them before Prefect starts
(one line on stderr, exit 1), the flow before it opens the output folder (a run started from the UI fails
with the same sentence). Nothing here leaves anything behind.

Folders: RAW_DIR must be a readable folder. OUT_DIR must be a folder or creatable as one, writable, not
RAW_DIR itself nor inside it (the tables and `.newsclean/` would land among the inputs, and every run
would walk them). RAW_DIR may lie inside OUT_DIR (`run data/raw data` keeps inputs and tables side by
side, neither inside the other: a run walks only RAW_DIR), but not inside newsclean's own part of it
(`OUT_DIR/articles`, `OUT_DIR/.newsclean`...: its output read back as input).
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from newsclean.settings import Limits, limits_with, resolve_folder
from newsclean.write import dataset
from newsclean.write.schema import TABLES

OWN_ENTRIES = (*TABLES, dataset.STATE_DIR)  # what newsclean writes directly in OUT_DIR


class RunRefused(ValueError):
    """A parameter a run cannot start with; the message is one sentence naming it."""


@dataclass(frozen=True)
class RunSettings:
    """The checked parameters, as the run uses them."""

    raw: Path
    out: Path
    limits: Limits


def check_run(
    raw_dir: str | Path,
    out_dir: str | Path,
    *,
    limits: Mapping[str, float | int | None] | None = None,
    workers: int | None = None,
    lock_wait: float = 0.0,
    roots: list[Path] | None = None,
    names: tuple[str, str] = ("raw_dir", "out_dir"),
) -> RunSettings:
    """Every check a run can make before it starts. Raises RunRefused (or PathNotAllowed, a ValueError
    too) for a bad parameter, OutputFolderError when OUT_DIR holds what newsclean will not write over or
    (with no `lock_wait`) another run is writing it."""
    raw_name, out_name = names
    raw = resolve_folder(str(raw_dir), raw_name, roots)
    out = resolve_folder(str(out_dir), out_name, roots)
    check_raw(raw, raw_name)
    check_out(out, raw, out_name, raw_name)
    bounds = _limits(limits)
    if workers is not None and workers < 1:
        raise RunRefused(f"workers must be 1 or more, not {workers}")
    if not math.isfinite(lock_wait) or lock_wait < 0:
        raise RunRefused(f"lock_wait must be 0 or more seconds, not {lock_wait:g}")
    if out.is_dir():
        dataset.check_layout(out)  # the table links, and no symlink where newsclean writes or deletes
        if lock_wait == 0:
            dataset.check_not_busy(out)
    return RunSettings(raw, out, bounds)


def _limits(overrides: Mapping[str, float | int | None] | None) -> Limits:
    try:
        return limits_with(overrides)
    except ValueError as exc:
        raise RunRefused(str(exc)) from None


def check_raw(raw: Path, name: str = "raw_dir") -> None:
    if not raw.is_dir():
        raise RunRefused(f"{name} {raw} is not a folder")
    if not os.access(raw, os.R_OK | os.X_OK):
        raise RunRefused(f"{name} {raw} cannot be read (permission denied)")


def check_out(out: Path, raw: Path, name: str = "out_dir", raw_name: str = "raw_dir") -> None:
    """OUT_DIR (resolved) can be made and written, and keeps apart from RAW_DIR (resolved)."""
    if out == raw:
        raise RunRefused(f"{name} {out} is {raw_name} itself: choose an output folder outside the inputs")
    if out.is_relative_to(raw):
        raise RunRefused(f"{name} {out} is inside {raw_name} {raw}: choose an output folder outside the inputs")
    if any(raw.is_relative_to(out / entry) for entry in OWN_ENTRIES):
        raise RunRefused(f"{raw_name} {raw} is inside the tables newsclean writes in {name} {out}")
    if out.exists() and not out.is_dir():
        raise RunRefused(f"{name} {out} exists and is not a folder")
    existing = _nearest_existing(out)
    if not existing.is_dir():
        raise RunRefused(f"{name} {out} cannot be made: {existing} is a file, not a folder")
    if not can_write(existing):
        where = "" if existing == out else f" (nothing can be made in {existing})"
        raise RunRefused(f"{name} {out} cannot be written{where}: permission denied or a read-only file system")


def can_write(folder: Path) -> bool:
    """Whether a file can be made in `folder`, found out by making one: an unnamed temporary file (Linux's
    O_TMPFILE), which leaves nothing behind. Permission bits would not do: root passes them, and a
    read-only bind mount or a kernel file system (/sys) refuses anyway."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _nearest_existing(path: Path) -> Path:
    """`path` or its nearest ancestor that exists (the folder a run would create OUT_DIR in)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path
