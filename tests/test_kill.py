"""kill -9 at any moment: readers see the old state or the new one, never a mix or a half-written file,
and the next run completes the work."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tests.conftest import RAW, REPO

UPDATE = """
import sys
from pathlib import Path
from newsclean.report import Report
from newsclean.update import open_update
report = Report()
with open_update(Path(sys.argv[1]), Path(sys.argv[2])) as run:
    for batch in run.batches(workers=8):
        report.merge(batch.run())
    run.finish(report)
"""
SEEDS = sorted(RAW.glob("*.txt"))
# Kills spread over twice the time an unkilled run takes (over 1.5 times, all ten came before the commit once
# on a loaded CI machine: a killed run can take half as long again as the unkilled one measured before it).
KILLS, KILL_SPAN = 12, 2.0
ORPHAN_MARGIN_S = 240  # how long a killed command's children may take to notice, on a loaded machine

pytestmark = pytest.mark.e2e


def write_corpus(raw: Path, version: int, size: int = 240) -> None:
    """`size` seed-like documents; each version changes every other one of them."""
    for n in range(size):
        text = SEEDS[n % len(SEEDS)].read_text()
        stamp = version if n % 2 else 0
        (raw / f"doc {n:04d}.txt").write_text(f"{text}\nEdition {stamp} of story {n}, with one more sentence.\n")


def state_of(out: Path) -> dict[str, str] | None:
    """doc_id -> raw_sha256 as a reader sees it now (None when no run has committed yet); reading must work."""
    if not (out / "articles").exists():
        return None
    tables = [
        ds.dataset(out / t, format="parquet").to_table(columns=["doc_id", "raw_sha256"])
        for t in ("articles", "rejects")
    ]
    ds.dataset(out / "segments", format="parquet").to_table()  # every part file whole
    found = {d: h for t in tables for d, h in zip(t["doc_id"].to_pylist(), t["raw_sha256"].to_pylist(), strict=True)}
    assert len(found) == sum(t.num_rows for t in tables), "one row per doc_id"
    return found


def finished_state(raw: Path, out: Path) -> tuple[dict[str, str], float]:
    """The state a run nobody kills leaves, and the seconds it took (on this machine, under its load now)."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", UPDATE, str(raw), str(out)], check=True, cwd=REPO, timeout=300)
    seconds = time.monotonic() - started
    state = state_of(out)
    assert state is not None
    return state, seconds


def test_kill_9_at_any_moment_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    raw, out, reference = tmp_path / "raw", tmp_path / "out", tmp_path / "reference"
    raw.mkdir()
    expected: dict[int, dict[str, str]] = {}
    took = []
    for version in (1, 2):  # the two states a reader may see, made by runs nobody killed
        write_corpus(raw, version)
        expected[version], seconds = finished_state(raw, reference / str(version))
        took.append(seconds)
    seen, outcomes = None, set()
    # From before the imports are done to well after the commit, in steps of the time a whole run takes on
    # this machine now (fixed delays of 0.2-3 s all came before the commit on a busy CI machine).
    delays = [KILL_SPAN * max(took) * n / KILLS for n in range(1, KILLS + 1)]
    for n, delay in enumerate(delays):
        target = 1 + n % 2
        write_corpus(raw, target)
        run = subprocess.Popen([sys.executable, "-c", UPDATE, str(raw), str(out)], cwd=REPO, start_new_session=True)
        time.sleep(delay)
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        now = state_of(out)
        assert now in (seen, expected[target]), f"killed after {delay:.1f} s: a mix of states"
        outcomes.add("new" if now == expected[target] else "old")
        seen = now
    assert outcomes == {"old", "new"}, "some kills came before the commit, some after"
    assert finished_state(raw, out)[0] == expected[1 + (len(delays) - 1) % 2], "the next run completes the work"
    committed = {entry["name"] for entry in json.loads((out / ".newsclean" / "history.json").read_text())}
    snapshots = {path.name for path in (out / ".newsclean" / "snapshots").iterdir()}
    assert snapshots <= committed, "the leftovers of killed runs are gone (committed ones stay for their grace period)"
    assert not list(out.rglob("*.partial")), "no half-written file is left"


def command_running_batches(tmp_path: Path) -> tuple[list[str], subprocess.Popen[bytes], Path]:
    """The real `newsclean run` over 600 documents with 2 workers, in a session of its own, once its first
    part file is on disk (its batches are running): the command, the process and the output folder."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    write_corpus(raw, 1, size=600)
    command = [str(Path(sys.executable).parent / "newsclean"), "run", str(raw), str(out), "--workers", "2", "--quiet"]
    run = subprocess.Popen(command, cwd=REPO, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    parts = out / ".newsclean" / "snapshots"
    deadline = time.monotonic() + 300
    while not any(parts.glob("*/articles/*.parquet")) and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    return command, run, out


@pytest.mark.timeout(600)
def test_killing_the_newsclean_command_mid_run(tmp_path: Path) -> None:
    """The real command (Prefect, its temporary server, the process pool) killed while batches run."""
    command, run, out = command_running_batches(tmp_path)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    assert state_of(out) is None, "killed before its commit: readers see no tables yet, not a partial set"
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "documents read 600, cleaned 600, rejected 0" in done.stdout
    assert len(state_of(out) or {}) == 600


def session_processes(session: int) -> list[str]:
    """Command lines of the live processes of one session (a command started with start_new_session)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":  # fields: state, ppid, pgrp, session
            found.append(cmdline)
    return found


@pytest.mark.timeout(600)
def test_killing_only_the_command_ends_its_server_and_workers(tmp_path: Path) -> None:
    """SIGKILL to the command alone (not its process group, as an OOM killer or `kill -9 PID` does): its
    temporary Prefect server and its pool's workers end too, instead of running on as orphans."""
    _command, run, _out = command_running_batches(tmp_path)
    assert len(session_processes(run.pid)) >= 3, "the command, its server and its workers were running"
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    # Waits on the condition: a worker still importing when its parent died (on a loaded machine that takes
    # tens of seconds) notices only once it runs, so the margin is for a busy machine, not an idle one.
    deadline = time.monotonic() + ORPHAN_MARGIN_S
    while session_processes(run.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = session_processes(run.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(run.pid, signal.SIGKILL)
    assert not left, f"processes outlived the killed command: {left}"
