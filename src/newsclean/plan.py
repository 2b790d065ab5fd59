"""Plan an incremental run: which input files to read, and which of last run's rows to carry over.

A file is read again when it is new, when its stat stamp (size, mtime, ctime, inode) moved, or when
`force` is set. Inside a file that is read, a record whose content hash (raw_sha256) equals the one
last run cleaned is not cleaned again: its old row is carried over (the batch sees those hashes as
`known`). Files outside `pattern` are not read; their rows carry over unchanged.

Rows whose record is gone (its file was deleted, or a container no longer holds it) are kept by
default: nothing downstream loses data because a crawler rotated its folder. With `prune` they are
dropped. A file under a folder the walk could not list is not gone: it is `unreached`, and its rows stay,
`prune` or not. A file in `must_read` (it held records of a damaged part file) is read whatever its stamp
and the pattern say.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow.compute as pc

from newsclean import globs
from newsclean.read.discover import InputFile, Unreadable
from newsclean.write.state import SnapshotState, Stamp


@dataclass
class Plan:
    to_read: list[InputFile] = field(default_factory=list)  # new, changed or forced files in scope
    unchanged: list[str] = field(default_factory=list)  # relpaths in scope whose stamp did not move
    out_of_scope: list[str] = field(default_factory=list)  # present files that `pattern` leaves out
    gone: list[str] = field(default_factory=list)  # relpaths last run read that are no longer there
    unreached: list[str] = field(default_factory=list)  # relpaths last run read, in folders that cannot be listed
    unreadable: list[Unreadable] = field(default_factory=list)  # the folders the walk could not list
    stamps: dict[str, Stamp] = field(default_factory=dict)  # the stamps the next run compares against
    prune: bool = False

    @property
    def nothing_to_do(self) -> bool:
        return not self.to_read and not (self.prune and self.gone)

    @property
    def untouched(self) -> list[str]:
        """Present files this run does not read: with `prune`, only their old rows (and the rows of
        records read again) survive."""
        return self.unchanged + self.out_of_scope + self.unreached

    def describe(self) -> str:
        return (
            f"{len(self.to_read)} files to read, {len(self.unchanged)} unchanged, {len(self.out_of_scope)} outside"
            f" the pattern, {len(self.gone)} gone"
            + (" (their rows are dropped)" if self.prune and self.gone else "")
            + (f", {len(self.unreadable)} folders not readable" if self.unreadable else "")
        )


def plan_run(
    files: Iterable[InputFile],
    state: SnapshotState,
    *,
    pattern: str | None,
    force: bool,
    prune: bool,
    unreadable: list[Unreadable] | None = None,
    must_read: frozenset[str] = frozenset(),
) -> Plan:
    """Sort every input file under RAW_DIR (discovered without a pattern) into the plan's lists.
    `unreadable` is filled by the walk that yields `files`: it is complete once they are all taken."""
    plan = Plan(prune=prune)
    present: set[str] = set()
    for item in files:
        present.add(item.relpath)
        old = state.stamps.get(item.relpath)
        if item.relpath in must_read:
            plan.to_read.append(item)
            if item.stamp is not None:
                plan.stamps[item.relpath] = item.stamp
        elif pattern and not globs.matches(item.relpath, pattern):
            plan.out_of_scope.append(item.relpath)
            if old is not None and state.current:
                # Not read now: its old stamp still describes its rows. Rows made under another pipeline
                # fingerprint lose their stamp, so that the file is read once the pattern takes it in.
                plan.stamps[item.relpath] = old
        elif not force and item.stamp is not None and item.stamp == old:
            plan.unchanged.append(item.relpath)
            plan.stamps[item.relpath] = old
        else:
            plan.to_read.append(item)
            if item.stamp is not None:
                plan.stamps[item.relpath] = item.stamp
    plan.unreadable = list(unreadable or [])
    _sort_out_missing(plan, state, present)
    return plan


def _sort_out_missing(plan: Plan, state: SnapshotState, present: set[str]) -> None:
    """Files the last run knew that this walk did not meet: unreached (under a folder that cannot be
    listed: their stamps stay) or gone."""
    known = set(state.stamps) | set(pc.unique(state.records["source"]).to_pylist())
    missing = known - present
    folders = [u.relpath for u in plan.unreadable]
    plan.unreached = sorted(p for p in missing if any(_under(p, folder) for folder in folders))
    for relpath in plan.unreached:
        if relpath in state.stamps:
            plan.stamps[relpath] = state.stamps[relpath]
    plan.gone = sorted(missing - set(plan.unreached))


def _under(relpath: str, folder: str) -> bool:
    return not folder or relpath.startswith(folder + "/")
