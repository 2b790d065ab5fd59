"""One run over an output folder, as steps an orchestrator calls: open the folder (lock, previous state,
plan), cut the files to read into batches, run the batches anywhere (`newsclean.batch.run_batch`), and
finish (carry old rows over, check the accounting, write the state, switch readers to the new snapshot).

    with open_update(raw, out, pattern=..., force=..., prune=...) as update:
        batches = update.batches(workers)
        report = <run every batch.run() on some task runner, merge the reports>
        update.finish(report)

A run that dies anywhere before `finish` has switched the `current` link leaves readers on the old state;
the next run deletes its leftovers and plans again from that state.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from newsclean.batch import run_batch
from newsclean.plan import Plan, plan_run
from newsclean.read import InputFile, discover
from newsclean.report import Report
from newsclean.settings import DEFAULT_LIMITS, Limits
from newsclean.write import dataset
from newsclean.write.accounting import check_accounting
from newsclean.write.carry import carry_over
from newsclean.write.clusters import update_clusters
from newsclean.write.state import SnapshotState, write_state

MAX_BATCH_FILES = 200
BATCHES_PER_WORKER = 4


@dataclass(frozen=True)
class Batch:
    """The unit of work a task runner runs: some files, the content hashes last run cleaned them from,
    and where to write. Small to send to another process or machine (paths, not contents)."""

    files: list[InputFile]
    known: dict[str, str]
    snapshot: Path
    name: str
    limits: Limits = DEFAULT_LIMITS

    def run(self) -> Report:
        return run_batch(self.files, self.snapshot, self.name, self.limits, self.known)


@dataclass
class Update:
    out_dir: Path
    previous: Path | None
    state: SnapshotState
    plan: Plan
    force: bool
    snapshot: Path | None = None
    limits: Limits = field(default=DEFAULT_LIMITS)

    @property
    def nothing_to_do(self) -> bool:
        """Nothing to read or drop, and tables that readers can already open: the current state stays."""
        return self.plan.nothing_to_do and self.previous is not None

    def batches(self, workers: int) -> list[Batch]:
        """Batches of the files to read, enough to keep `workers` busy; none when there is nothing to do."""
        if self.nothing_to_do:
            return []
        snapshot = self.snapshot = self.snapshot or dataset.new_snapshot(self.out_dir)
        return [
            Batch(files, self._known(files), snapshot, f"{snapshot.name}-{n:06d}", self.limits)
            for n, files in enumerate(cut(self.plan.to_read, workers))
        ]

    def _known(self, files: list[InputFile]) -> dict[str, str]:
        """The hashes last run cleaned these files' records from; none when everything is cleaned again
        (`force`, which a state from another pipeline fingerprint implies)."""
        return {} if self.force else self.state.hashes_of([f.relpath for f in files])

    def finish(self, report: Report) -> None:
        """Carry old rows over, check every record is accounted for, and switch readers to the new state.
        Does nothing when there was nothing to do (the current state stays)."""
        if self.snapshot is None:
            if not self.nothing_to_do:
                raise RuntimeError("finish() before batches(): there was work to do")
            return
        keep_only = self.plan.untouched if self.plan.prune else None
        manifest = carry_over(self.previous, self.state, self.snapshot, keep_only)
        report.clusters = update_clusters(self.previous, self.snapshot, manifest)  # run-level: needs every article
        check_accounting(self.snapshot, manifest, report)
        write_state(self.snapshot, self.plan.stamps, manifest)
        dataset.commit(self.out_dir, self.snapshot)


@contextmanager
def open_update(
    raw_dir: Path,
    out_dir: Path,
    *,
    pattern: str | None = None,
    force: bool = False,
    prune: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    lock_wait: float = 0.0,
) -> Iterator[Update]:
    """Hold OUT_DIR's lock (waiting up to `lock_wait` seconds for another run to finish with it), read
    its current state and plan the run over RAW_DIR."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with dataset.locked(out_dir, wait=lock_wait):
        previous = dataset.current_snapshot(out_dir)
        state = SnapshotState.load(previous)
        files = discover(raw_dir, exclude=out_dir)
        plan = plan_run(files, state, pattern=pattern, force=force or not state.current, prune=prune)
        yield Update(out_dir, previous, state, plan, force or not state.current, limits=limits)


def cut(files: list[InputFile], workers: int) -> list[list[InputFile]]:
    """Enough batches to keep every worker busy, none over MAX_BATCH_FILES files."""
    if not files:
        return []
    size = max(1, min(MAX_BATCH_FILES, math.ceil(len(files) / (workers * BATCHES_PER_WORKER))))
    return [files[i : i + size] for i in range(0, len(files), size)]
