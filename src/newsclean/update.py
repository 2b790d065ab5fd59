"""One run over an output folder, as steps an orchestrator calls: open the folder (lock, previous state
checked, plan), cut the files to read into batches, run the batches anywhere (`newsclean.batch.run_batch`),
and finish (settle doc_ids claimed twice, carry old rows over, check the accounting, write the state,
switch readers to the new snapshot).

    with open_update(raw, out, pattern=..., force=..., prune=...) as update:
        batches = update.batches(workers)
        report = <run every batch.run() on some task runner, merge the reports>
        update.finish(report)

A run that fails anywhere before `finish` has switched the `current` link leaves readers on the old state
and deletes its own unfinished snapshot; one killed outright leaves it to the next run, which deletes it
before it starts. A damaged part or state file of the previous snapshot is named in the run's warnings
and repaired: the records it held are cleaned again from their inputs (newsclean.write.integrity).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from newsclean.batch import run_batch
from newsclean.plan import Plan, plan_run
from newsclean.read import InputFile, discover
from newsclean.read.discover import Unreadable
from newsclean.report import Report
from newsclean.safepath import remove_tree
from newsclean.settings import DEFAULT_LIMITS, Limits
from newsclean.write import dataset, integrity
from newsclean.write.accounting import check_accounting
from newsclean.write.carry import carry_over
from newsclean.write.clusters import renamed_parts, update_clusters
from newsclean.write.collisions import settle_duplicates
from newsclean.write.schema import PART_PIECES, RECORD_PIECES, SIGNATURE_PIECES
from newsclean.write.state import SnapshotState, read_part_pieces, read_record_pieces, write_state

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
    last: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)  # kept when a file cannot be read

    def run(self) -> Report:
        return run_batch(self.files, self.snapshot, self.name, self.limits, self.known, self.last)


@dataclass
class Update:
    out_dir: Path
    previous: Path | None
    state: SnapshotState
    plan: Plan
    force: bool
    snapshot: Path | None = None
    limits: Limits = field(default=DEFAULT_LIMITS)
    notes: Report = field(default_factory=Report)  # warnings found while opening: the run's report gets them
    repair: bool = False  # the previous snapshot is damaged: a new one is written even with nothing to read

    @property
    def nothing_to_do(self) -> bool:
        """Nothing to read, drop or repair, and tables that readers can already open: the current state stays."""
        return self.plan.nothing_to_do and self.previous is not None and not self.repair

    def batches(self, workers: int) -> list[Batch]:
        """Batches of the files to read, enough to keep `workers` busy; none when there is nothing to do."""
        if self.nothing_to_do:
            return []
        snapshot = self.snapshot = self.snapshot or dataset.new_snapshot(self.out_dir)
        return [
            Batch(files, self._known(files), snapshot, f"{snapshot.name}-{n:06d}", self.limits, self._last(files))
            for n, files in enumerate(cut(self.plan.to_read, workers))
        ]

    def _known(self, files: list[InputFile]) -> dict[str, str]:
        """The hashes last run cleaned these files' records from; none when everything is cleaned again
        (`force`, which a state from another pipeline fingerprint implies)."""
        return {} if self.force else self.state.hashes_of([f.relpath for f in files])

    def _last(self, files: list[InputFile]) -> dict[str, dict[str, str | None]]:
        """source -> doc_id -> raw_sha256 of the rows the last run kept for these files, `force` or not (None
        for a row made under older rules: kept as it is when its file cannot be read)."""
        rows = self.state.records.filter(
            pc.is_in(self.state.records["source"], pa.array([f.relpath for f in files], pa.string()))
        )
        found: dict[str, dict[str, str | None]] = {}
        for doc_id, source, sha256 in zip(
            *(rows[c].to_pylist() for c in ("doc_id", "source", "raw_sha256")), strict=True
        ):
            found.setdefault(source, {})[doc_id] = sha256
        return found

    def finish(self, report: Report) -> None:
        """Settle doc_ids claimed twice, carry old rows over, check every record is accounted for, and
        switch readers to the new state. Does nothing when there was nothing to do (the current state stays).
        The warnings found on the way go into `report`."""
        report.merge(self.notes)
        self.notes = Report()
        if self.snapshot is None:
            if not self.nothing_to_do:
                raise RuntimeError("finish() before batches(): there was work to do")
            return
        pieces, parts = settle_duplicates(
            self.snapshot,
            read_record_pieces(self.snapshot),
            read_part_pieces(self.snapshot),
            self.state,
            self.plan.untouched,
            report,
        )
        keep_only = self.plan.untouched if self.plan.prune else None
        carried = carry_over(self.previous, self.state, self.snapshot, keep_only, pieces)
        fresh = pieces.filter(pc.is_valid(pieces["part"]))
        # story clusters need every article of the snapshot (run-level), and rename the parts they rewrite
        clustering = update_clusters(self.previous, self.snapshot, set(fresh["doc_id"].to_pylist()))
        report.clusters = clustering.counts
        manifest, all_parts = renamed_parts(
            self.snapshot,
            pa.concat_tables([fresh, carried.records]),
            pa.concat_tables([parts, carried.parts]),
            clustering.renamed,
        )
        fresh_parts = {clustering.renamed.get(p, p) for p in pc.unique(fresh["part"]).to_pylist()}
        check_accounting(self.snapshot, manifest, report, fresh_parts)
        unread = set(report.unread)
        stamps = {path: stamp for path, stamp in self.plan.stamps.items() if path not in unread}
        write_state(self.snapshot, stamps, manifest, all_parts)
        for pieces_folder in (RECORD_PIECES, PART_PIECES, SIGNATURE_PIECES):
            remove_tree(self.snapshot / pieces_folder)
        problems = dataset.commit(self.out_dir, self.snapshot)  # raises only before readers are switched to it
        self.snapshot = None  # readers' state now: never discarded
        for problem in problems:
            report.warn(f"after the commit, could not tidy the output folder: {problem}")

    def discard(self) -> None:
        """Delete this run's unfinished snapshot (the run failed): nothing of it stays to hold space."""
        if self.snapshot is not None:
            dataset.discard(self.snapshot)
            self.snapshot = None


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
    """Hold OUT_DIR's lock (waiting up to `lock_wait` seconds for another run to finish with it), check
    the output folder and its current state, and plan the run over RAW_DIR."""
    out_dir = Path(os.path.realpath(out_dir))
    if out_dir.exists():
        dataset.check_layout(out_dir)  # before the lock: nothing is created through a symlink
    out_dir.mkdir(parents=True, exist_ok=True)
    with dataset.locked(out_dir, wait=lock_wait):
        dataset.check_layout(out_dir)
        update = _open(raw_dir, out_dir, pattern=pattern, force=force, prune=prune, limits=limits)
        try:
            yield update
        except BaseException:
            update.discard()
            raise


def _open(raw_dir: Path, out_dir: Path, *, pattern: str | None, force: bool, prune: bool, limits: Limits) -> Update:
    """The previous state, checked and repaired, and the plan of the run."""
    notes = Report()
    for problem in dataset.clear_leftovers(out_dir):
        notes.warn(f"could not delete what a failed run left: {problem}")
    previous = dataset.current_snapshot(out_dir)
    if previous is None and (out_dir / dataset.STATE_DIR / "current").is_symlink():
        notes.warn(
            f"the snapshot {os.readlink(out_dir / dataset.STATE_DIR / 'current')} that readers saw is missing:"
            " every input is cleaned again, and the rows of inputs that are gone are lost"
        )
    checked = integrity.load_checked(previous)
    state, lost, plan = _planned(raw_dir, out_dir, checked, pattern, force, prune)
    if previous is not None and (not plan.nothing_to_do or checked.repaired):
        found = integrity.verify_parts(previous, checked.state, full=True)  # every checksum, once per new snapshot
        if set(found) - set(checked.damaged):
            checked.damaged = found | checked.damaged
            state, lost, plan = _planned(raw_dir, out_dir, checked, pattern, force, prune)
    _note(notes, checked, lost, plan)
    force = force or not state.current
    return Update(out_dir, previous, state, plan, force, limits=limits, notes=notes, repair=checked.repaired)


def _planned(
    raw_dir: Path, out_dir: Path, checked: integrity.Checked, pattern: str | None, force: bool, prune: bool
) -> tuple[SnapshotState, pa.Table, Plan]:
    """The state without the records of damaged parts (those records, `lost`, are read again from their
    inputs whatever the stamps and the pattern say) and the plan over RAW_DIR."""
    state, lost = integrity.drop_damaged(checked.state, checked.damaged)
    unreadable: list[Unreadable] = []
    files = discover(raw_dir, exclude=out_dir, unreadable=unreadable)
    must_read = frozenset(pc.unique(lost["source"]).to_pylist())
    plan = plan_run(
        files,
        state,
        pattern=pattern,
        force=force or not state.current,
        prune=prune,
        unreadable=unreadable,
        must_read=must_read,
    )
    return state, lost, plan


def _note(notes: Report, checked: integrity.Checked, lost: pa.Table, plan: Plan) -> None:
    """The run's warnings about the previous snapshot and the folders it could not list."""
    for sentence in checked.notes:
        notes.warn(sentence)
    reading = {item.relpath for item in plan.to_read}
    for part, why in sorted(checked.damaged.items()):
        held = lost.filter(pc.equal(lost["part"], part))
        gone = sorted(
            d for d, s in zip(held["doc_id"].to_pylist(), held["source"].to_pylist(), strict=True) if s not in reading
        )
        notes.warn(
            f"{why}: its {held.num_rows} records are cleaned again from their inputs"
            + (f"; {len(gone)} cannot be, their inputs are gone ({', '.join(gone[:5])}...)" if gone else "")
        )
    for folder in plan.unreadable:
        notes.warn(
            f"folder {folder.relpath or '.'} of RAW_DIR could not be listed ({folder.error}): the rows of its files"
            " are kept as they were, --prune or not"
        )


def cut(files: list[InputFile], workers: int) -> list[list[InputFile]]:
    """Enough batches to keep every worker busy, none over MAX_BATCH_FILES files."""
    if not files:
        return []
    size = max(1, min(MAX_BATCH_FILES, math.ceil(len(files) / (workers * BATCHES_PER_WORKER))))
    return [files[i : i + size] for i in range(0, len(files), size)]
