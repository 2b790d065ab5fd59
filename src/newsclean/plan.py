"""Plan an incremental run: which input files to read, and which of last run's rows to carry over.

A file is read again when it is new, when its stat stamp (size, mtime, ctime, inode) moved, or when
`force` is set. Inside a file that is read, a record whose content hash (raw_sha256) equals the one
last run cleaned is not cleaned again: its old row is carried over (the batch sees those hashes as
`known`). Files outside `pattern` are not read; their rows carry over unchanged.

Rows whose record is gone (its file was deleted, or a container no longer holds it) are kept by
default: nothing downstream loses data because a crawler rotated its folder. With `prune` they are
dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from newsclean import globs
from newsclean.read.discover import InputFile
from newsclean.write.state import SnapshotState, Stamp


@dataclass
class Plan:
    to_read: list[InputFile] = field(default_factory=list)  # new, changed or forced files in scope
    unchanged: list[str] = field(default_factory=list)  # relpaths in scope whose stamp did not move
    out_of_scope: list[str] = field(default_factory=list)  # present files that `pattern` leaves out
    gone: list[str] = field(default_factory=list)  # relpaths last run read that are no longer there
    stamps: dict[str, Stamp] = field(default_factory=dict)  # the stamps the next run compares against
    prune: bool = False

    @property
    def nothing_to_do(self) -> bool:
        return not self.to_read and not (self.prune and self.gone)

    @property
    def untouched(self) -> list[str]:
        """Present files this run does not read: with `prune`, only their old rows (and the rows of
        records read again) survive."""
        return self.unchanged + self.out_of_scope

    def describe(self) -> str:
        return (
            f"{len(self.to_read)} files to read, {len(self.unchanged)} unchanged, {len(self.out_of_scope)} outside"
            f" the pattern, {len(self.gone)} gone" + (" (their rows are dropped)" if self.prune and self.gone else "")
        )


def plan_run(
    files: Iterable[InputFile], state: SnapshotState, *, pattern: str | None, force: bool, prune: bool
) -> Plan:
    """Sort every input file under RAW_DIR (discovered without a pattern) into the plan's lists."""
    plan = Plan(prune=prune)
    present: set[str] = set()
    for item in files:
        present.add(item.relpath)
        old = state.stamps.get(item.relpath)
        if pattern and not globs.matches(item.relpath, pattern):
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
    plan.gone = sorted(set(state.stamps) - present)
    return plan
