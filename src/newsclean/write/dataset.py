"""The output folder as readers see it, switched from one run's state to the next in one step.

    OUT/articles  -> .newsclean/current/articles      (fixed symlinks, made once)
    OUT/segments  -> .newsclean/current/segments
    OUT/rejects   -> .newsclean/current/rejects
    OUT/.newsclean/current -> snapshots/<run id>      (replaced atomically by each run's commit)
    OUT/.newsclean/snapshots/<run id>/<table>/<part>.parquet
    OUT/.newsclean/history.json                       (the committed snapshots, and when each was replaced)

A run writes its parts into a new snapshot folder nobody reads yet; `commit` renames a new `current`
link over the old one (an atomic rename), so a reader resolves either the old or the new state, never a
mix, and a run that dies before its commit leaves the old state untouched.

Part files are never rewritten: a part is hard-linked, unchanged, into the next snapshot or replaced by a
file of another name. So a file name a reader listed holds the same bytes in every snapshot that has it,
and a reader that resolved `OUT/articles` once (`os.path.realpath`) reads one whole snapshot for as long as
that snapshot is kept: replaced snapshots are kept for `GRACE_SECONDS` after they were replaced, and the
`KEEP_REPLACED` most recent ones whatever their age. What runs that died before their commit left behind
is deleted when the next run starts, before it needs the space.

Nothing here follows a symlink it did not make: `check_layout` refuses an output folder whose
`.newsclean`, `snapshots`, `current` or snapshot folders are symlinks (one there would let a run write and
delete outside OUT_DIR), and deleting never follows one.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from newsclean.safepath import is_real_folder, remove_tree
from newsclean.write.lock import STATE_DIR, OutputFolderBusy, OutputFolderError, check_not_busy, locked
from newsclean.write.parts import write_table
from newsclean.write.schema import TABLES
from newsclean.write.state import write_json

__all__ = [
    "STATE_DIR",
    "OutputFolderBusy",
    "OutputFolderError",
    "check_layout",
    "check_not_busy",
    "check_table_links",
    "clear_leftovers",
    "commit",
    "current_snapshot",
    "locked",
    "new_snapshot",
]

SNAPSHOTS = "snapshots"
CURRENT = "current"
HISTORY = "history.json"
GRACE_SECONDS = 15 * 60.0  # a replaced snapshot stays this long for the readers still in it...
KEEP_REPLACED = 2  # ...and the most recent replaced ones stay whatever their age


@dataclass(frozen=True)
class Committed:
    """A snapshot that was `current` once: when it was replaced (None while it is current)."""

    name: str
    replaced: float | None = None


def check_layout(out_dir: Path) -> None:
    """Raise OutputFolderError, naming the path, where OUT_DIR's own folders are not what newsclean made:
    a symlink among `.newsclean`, `snapshots` and the snapshot folders, a `current` that leads anywhere
    but to a snapshot folder, table paths that are not newsclean's links. Run before anything is written."""
    state = out_dir / STATE_DIR
    for path in (state, state / SNAPSHOTS):
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            raise OutputFolderError(_refusal(path, "a folder"))
    if (state / SNAPSHOTS).is_dir():
        for path in (state / SNAPSHOTS).iterdir():
            if not is_real_folder(path):
                raise OutputFolderError(_refusal(path, "a snapshot folder"))
    _check_current(state)
    check_table_links(out_dir)


def _refusal(path: Path, what: str) -> str:
    found = f"a symlink to {os.readlink(path)}" if path.is_symlink() else "not " + what
    return (
        f"{path} is {found}: newsclean will not write or delete through it; move it away or choose another"
        " output folder"
    )


def _check_current(state: Path) -> None:
    link = state / CURRENT
    if not link.is_symlink():
        if link.exists():
            raise OutputFolderError(_refusal(link, "newsclean's link to a snapshot"))
        return
    target = Path(os.readlink(link))
    if len(target.parts) != 2 or target.parts[0] != SNAPSHOTS or target.name in (".", ".."):
        raise OutputFolderError(f"{link} leads to {target}, not to a snapshot folder of {state / SNAPSHOTS}")


def check_table_links(out_dir: Path) -> None:
    """Raise OutputFolderError when a table's place in OUT_DIR holds something that is not newsclean's
    link: a run checks this before it starts (newsclean.preflight), not only when it commits."""
    for table in TABLES:
        _check_table_link(out_dir, table)


def _check_table_link(out_dir: Path, table: str) -> None:
    path = out_dir / table
    if path.is_symlink() and Path(os.readlink(path)) == _table_target(table):
        return
    if path.exists() or path.is_symlink():
        raise OutputFolderError(
            f"{path} exists and is not newsclean's link to {_table_target(table)}: move it away or choose another"
            " output folder."
        )


def _table_target(table: str) -> Path:
    return Path(STATE_DIR) / CURRENT / table


def new_snapshot(out_dir: Path) -> Path:
    """A fresh, empty snapshot folder for this run's parts."""
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:8]
    snapshot = out_dir / STATE_DIR / SNAPSHOTS / run_id
    for table in TABLES:
        (snapshot / table).mkdir(parents=True)
    return snapshot


def current_snapshot(out_dir: Path) -> Path | None:
    """The snapshot readers see now (resolved), or None before the first commit or when it is gone."""
    state = out_dir / STATE_DIR
    _check_current(state)
    link = state / CURRENT
    if not link.is_symlink():
        return None
    folder = state / Path(os.readlink(link))
    return folder.resolve() if is_real_folder(folder) else None


def commit(out_dir: Path, snapshot: Path, grace: float = GRACE_SECONDS, keep: int = KEEP_REPLACED) -> list[str]:
    """Make `snapshot` what readers of OUT_DIR see, in one atomic step, then delete the replaced
    snapshots past their grace period. Returns what could not be deleted (for the run's warnings)."""
    _fill_empty_tables(snapshot)
    check_table_links(out_dir)
    state = out_dir / STATE_DIR
    previous = current_snapshot(out_dir)
    link = state / f".current-{uuid.uuid4().hex[:8]}"
    link.symlink_to(Path(SNAPSHOTS) / snapshot.name)
    os.replace(link, state / CURRENT)
    try:  # committed: what follows may fail (a full disk) without undoing it, and is retried next run
        for table in TABLES:
            if not (out_dir / table).is_symlink():
                (out_dir / table).symlink_to(_table_target(table), target_is_directory=True)
        history = _replaced(_read_history(state), previous.name if previous else None, snapshot.name)
        kept, dropped = _split_by_age(history, grace, keep, time.time())
        write_json(state / HISTORY, [vars(c) for c in kept])
    except OSError as exc:
        return [f"{exc.filename or state}: {exc.strerror or exc}"]
    return [problem for c in dropped for problem in remove_tree(state / SNAPSHOTS / c.name)]


def clear_leftovers(out_dir: Path) -> list[str]:
    """Delete what runs that died before their commit left: snapshot folders never committed (their
    `.partial` files included) and temporary links. Run at the start of a run, under the lock, so that the
    space they hold (a run that failed on a full disk) is free again before this run needs it. Returns
    what could not be deleted."""
    state = out_dir / STATE_DIR
    if not (state / SNAPSHOTS).is_dir():
        return []
    current = current_snapshot(out_dir)
    committed = {c.name for c in _read_history(state)} | ({current.name} if current else set())
    problems = []
    for path in (state / SNAPSHOTS).iterdir():
        if path.name not in committed:
            problems += remove_tree(path)
    for path in state.glob(".current-*"):
        problems += remove_tree(path)
    return problems


def discard(snapshot: Path) -> list[str]:
    """Delete a snapshot this run made and did not commit (it failed): its space is free again at once."""
    return remove_tree(snapshot)


def _fill_empty_tables(snapshot: Path) -> None:
    """Every table folder holds at least one file, so that `SELECT * FROM 'OUT/x/*.parquet'` works. The
    file's name is the snapshot's own, like every other part's: never the name of a file of another state."""
    for table, schema in TABLES.items():
        folder = snapshot / table
        if not any(folder.glob("*.parquet")):
            write_table(pa.Table.from_pylist([], schema=schema), folder / f"{snapshot.name}-empty.parquet")


def _read_history(state: Path) -> list[Committed]:
    """The committed snapshots, oldest first; empty when the file is missing or damaged (then only the
    current snapshot counts as committed, and the others are deleted as leftovers)."""
    try:
        fd = os.open(state / HISTORY, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            entries = json.loads(handle.read())
        return [Committed(str(e["name"]), None if e.get("replaced") is None else float(e["replaced"])) for e in entries]
    except (OSError, ValueError, TypeError, KeyError):
        return []


def _replaced(history: list[Committed], previous: str | None, new: str) -> list[Committed]:
    """The history once `new` replaced `previous`: the previous one's replacement time set to now."""
    now = time.time()
    entries = [c for c in history if c.name not in (previous, new)]
    if previous is not None:
        entries.append(Committed(previous, now))
    return [*entries, Committed(new)]


def _split_by_age(
    history: list[Committed], grace: float, keep: int, now: float
) -> tuple[list[Committed], list[Committed]]:
    """(kept, to delete): the current snapshot, the `keep` most recently replaced, and any replaced less
    than `grace` seconds ago are kept."""
    replaced = sorted((c for c in history if c.replaced is not None), key=lambda c: c.replaced or 0.0)
    recent = {c.name for c in replaced[len(replaced) - keep :]} if keep else set()
    kept = [c for c in history if c.replaced is None or c.name in recent or now - c.replaced < grace]
    return kept, [c for c in history if c not in kept]
