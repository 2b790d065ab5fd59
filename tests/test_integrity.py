"""Nothing outside the roots, nothing torn, nothing silently lost (issue 14): each case as a hostile user or a
crashing machine would bring it about, at library level (the open_update -> batches -> finish steps the flow
runs) unless it is about the command itself.

- symlinks: a file link out of RAW_DIR is a reject and nothing outside is opened; symlinks in the output
  folder stop the run before anything is written or deleted through them; deleting never follows one;
- readers: one that resolved the tables once reads one whole snapshot across 10 commits; one that listed
  through the links gets the snapshot it listed or an error, never a mix;
- damage: each damaged or missing part or state file is named in the report and repaired by the next run,
  with the right totals and no --force; --force recovers from anything; no file of an older snapshot changes;
- bounds: the 200,000-attribute page is rejected in a fraction of the time limit;
- names: an invalid UTF-8 file name and a doc_id claimed twice are rejects per record, the run completes;
- unreadable folders, over-long paths and failed reads are reported and lose no row, --prune or not;
- a full disk fails the run naming the file, leaves nothing behind, and the next run succeeds;
- parts are merged as they accumulate; the busy check answers before Prefect starts; Prefect's database is
  bounded.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from newsclean.report import Report
from newsclean.settings import DEFAULT_LIMITS
from newsclean.update import open_update
from newsclean.write import carry, dataset, state
from newsclean.write.lock import OutputFolderError
from tests.conftest import REPO

NEWSCLEAN = Path(sys.executable).parent / "newsclean"
STORY = "A Headline For Story {n}\n\nThe first paragraph of story {n} is here, and it says something about {n}.\n"

State = dict[str, str]  # doc_id -> raw_sha256, as a reader sees the tables


def update(raw: Path, out: Path, **options: object) -> Report:
    report = Report()
    with open_update(raw, out, **options) as run:  # type: ignore[arg-type]
        for batch in run.batches(workers=2):
            report.merge(batch.run())
        run.finish(report)
    return report


def tables_of(folder: Path) -> State:
    """doc_id -> raw_sha256 of the articles and rejects under `folder` (OUT, or a resolved snapshot), each
    doc_id once, and the segments readable."""
    found: State = {}
    for name in ("articles", "rejects"):
        table = ds.dataset(folder / name, format="parquet").to_table(columns=["doc_id", "raw_sha256"])
        for doc_id, sha in zip(table["doc_id"].to_pylist(), table["raw_sha256"].to_pylist(), strict=True):
            assert doc_id not in found, f"{doc_id} twice"
            found[doc_id] = sha
    ds.dataset(folder / "segments", format="parquet").to_table()
    return found


def reasons(out: Path) -> dict[str, str]:
    table = ds.dataset(out / "rejects", format="parquet").to_table(columns=["doc_id", "reason"])
    return dict(zip(table["doc_id"].to_pylist(), table["reason"].to_pylist(), strict=True))


def bodies(out: Path) -> dict[str, str]:
    table = ds.dataset(out / "articles", format="parquet").to_table(columns=["doc_id", "body"])
    return dict(zip(table["doc_id"].to_pylist(), table["body"].to_pylist(), strict=True))


def write_stories(raw: Path, count: int, version: int = 0, prefix: str = "story") -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (raw / f"{prefix} {n:04d}.txt").write_text(STORY.format(n=f"{n} v{version}"))


def current(out: Path) -> Path:
    found = dataset.current_snapshot(out)
    assert found is not None
    return found


def part_files(out: Path, table: str = "articles") -> list[Path]:
    return sorted((current(out) / table).glob("*.parquet"))


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` by its SHA-256: to show nothing there changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside RAW_DIR and OUT_DIR holding a secret and a folder of files."""
    folder = tmp_path / "outside"
    (folder / "keep").mkdir(parents=True)
    (folder / "secret.txt").write_text("root:x:0:0:The Secret Line Nobody May Read.\n")
    for n in range(3):
        (folder / "keep" / f"file{n}.txt").write_text(f"keep me {n}\n")
    return folder


# --- symlinks ------------------------------------------------------------------------------------------------


def recorded_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path opened through os.open from now on (the readers open inputs through it)."""
    opened: list[str] = []
    real_open = os.open

    def recording(path: object, *args: object, **kwargs: object) -> int:
        opened.append(os.fspath(path))  # type: ignore[arg-type]
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", recording)
    return opened


def test_a_file_symlink_out_of_raw_is_rejected_and_nothing_outside_is_opened(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw / "real", 2)
    (raw / "passwd.txt").symlink_to(outside / "secret.txt")
    (raw / "inside.txt").symlink_to(raw / "real" / "story 0000.txt")  # a link that stays in RAW_DIR is read
    (raw / "linked-folder").symlink_to(outside / "keep", target_is_directory=True)  # never walked
    before = tree_digest(outside)
    opened = recorded_opens(monkeypatch)
    report = update(raw, out)
    monkeypatch.undo()
    assert reasons(out) == {"passwd": "outside_roots"}
    assert "outside RAW_DIR" in str(ds.dataset(out / "rejects").to_table()["detail"][0])
    assert set(bodies(out)) == {"real/story 0000", "real/story 0001", "inside"}
    assert "Secret Line" not in json.dumps(bodies(out)), "no text from outside RAW_DIR"
    assert not [p for p in opened if p.startswith(str(outside))], "nothing outside RAW_DIR was even opened"
    assert tree_digest(outside) == before
    assert (report.read, report.rejected) == (4, 1)


def test_a_folder_swapped_for_a_symlink_after_the_check_is_caught_at_open(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race a check before the open alone would lose: the link appears between the check and the open.
    What was opened is read back from the kernel, and refused."""
    from newsclean.read import streams

    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "a").mkdir(parents=True)
    (raw / "a" / "secret.txt").write_text(STORY.format(n=1))
    (outside / "secret.txt").write_text(STORY.format(n="from outside"))
    real_realpath = os.path.realpath

    def check_then_swap(path: object, *args: object, **kwargs: object) -> str:
        found = real_realpath(path, *args, **kwargs)  # type: ignore[call-overload]
        if str(path).endswith("a/secret.txt") and not (raw / "a").is_symlink():
            shutil.rmtree(raw / "a")
            (raw / "a").symlink_to(outside, target_is_directory=True)
        return found

    monkeypatch.setattr(streams.os.path, "realpath", check_then_swap)
    update(raw, out)
    monkeypatch.undo()
    assert reasons(out) == {"a/secret": "outside_roots"}
    assert bodies(out) == {}


@pytest.mark.parametrize("where", [".newsclean", ".newsclean/snapshots", ".newsclean/snapshots/evil"])
def test_a_symlink_in_the_output_folder_stops_the_run_before_it_writes_or_deletes(
    tmp_path: Path, outside: Path, where: str
) -> None:
    """The issue's case: OUT/.newsclean/snapshots -> elsewhere made a run write its snapshot there and then
    delete every other folder there. Now the run stops with the path named, and nothing there changes."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 3)
    update(raw, out)
    link = out / where
    if link.exists():
        shutil.move(link, tmp_path / "moved")
    link.symlink_to(outside, target_is_directory=True)
    before = tree_digest(outside)
    write_stories(raw, 4, version=1)
    with pytest.raises(OutputFolderError, match=f"{link}.* symlink"):
        update(raw, out)
    assert tree_digest(outside) == before and sorted(os.listdir(outside)) == ["keep", "secret.txt"]


def test_a_current_link_leading_outside_and_a_symlinked_lock_are_refused(tmp_path: Path, outside: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 2)
    update(raw, out)
    lock, link = out / ".newsclean" / "lock", out / ".newsclean" / "current"
    lock.unlink()
    lock.symlink_to(outside / "secret.txt")
    before = tree_digest(outside)
    with pytest.raises(OutputFolderError, match="lock is a symlink"):
        update(raw, out)
    assert tree_digest(outside) == before, "the lock's truncation did not reach through the link"
    lock.unlink()
    link.unlink()
    link.symlink_to(outside)
    with pytest.raises(OutputFolderError, match="not to a snapshot folder"):
        update(raw, out)
    assert tree_digest(outside) == before


def test_deleting_a_leftover_never_follows_a_symlink_in_it(tmp_path: Path, outside: Path) -> None:
    """What a dead run left is deleted at the next start; a symlink inside it is removed as a link."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 2)
    update(raw, out)
    leftover = out / ".newsclean" / "snapshots" / "20000101T000000000000Z-deadbeef"
    (leftover / "articles").mkdir(parents=True)
    (leftover / "articles" / "keep").symlink_to(outside / "keep", target_is_directory=True)
    (leftover / "articles" / "secret.parquet").symlink_to(outside / "secret.txt")
    (leftover / "articles" / ".part.parquet.partial").write_bytes(b"half")
    before = tree_digest(outside)
    write_stories(raw, 3, version=1)
    update(raw, out)
    assert not leftover.exists()
    assert tree_digest(outside) == before


def test_a_part_replaced_by_a_symlink_is_not_read_but_repaired(tmp_path: Path, outside: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 6)
    update(raw, out)
    expected = tables_of(out)
    victim = part_files(out)[0]
    shutil.copy(victim, outside / "copy.parquet")
    victim.unlink()
    victim.symlink_to(outside / "copy.parquet")
    report = update(raw, out)
    assert any(victim.name in w and "not a regular file" in w for w in report.warnings), report.warnings
    assert tables_of(out).keys() == expected.keys()
    assert not any(p.is_symlink() for p in current(out).rglob("*.parquet"))


# --- readers across commits ------------------------------------------------------------------------------------


def change_some(raw: Path, rng: random.Random, round_: int) -> None:
    """Change a few stories (their parts are rewritten under new names), add one, drop one."""
    stories = sorted(raw.glob("*.txt"))
    for path in rng.sample(stories, 3):
        path.write_text(STORY.format(n=f"{path.stem} round {round_}"))
    (raw / f"new {round_:02d}.txt").write_text(STORY.format(n=f"new {round_}"))
    rng.choice(stories).unlink()


def test_a_reader_holding_a_listing_across_10_commits_gets_one_whole_snapshot(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 40)
    update(raw, out)
    rng = random.Random(14)
    pinned = Path(os.path.realpath(out / "articles")).parent  # resolved once: the snapshot itself
    first = tables_of(pinned)
    held = ds.dataset(pinned / "articles", format="parquet")  # a listing made before the commits
    states, seen_errors = [first], 0
    for round_ in range(10):
        listed = {t: ds.dataset(out / t, format="parquet") for t in ("articles", "rejects")}  # through the links
        listed_state = tables_of(out)
        change_some(raw, rng, round_)
        update(raw, out, prune=True)
        states.append(tables_of(out))
        assert states[-1] != states[-2], "every round commits a new state"
        table = held.to_table(columns=["doc_id", "raw_sha256"])
        assert dict(zip(table["doc_id"].to_pylist(), table["raw_sha256"].to_pylist(), strict=True)) == {
            d: h for d, h in first.items() if h
        }, "the held listing reads the first snapshot, whole"
        assert tables_of(pinned) == first
        try:  # listed through OUT/articles before the commit, read after it: that snapshot whole, or an error
            rows = [listed[t].to_table(columns=["doc_id", "raw_sha256"]) for t in ("articles", "rejects")]
            got = {
                d: h for r in rows for d, h in zip(r["doc_id"].to_pylist(), r["raw_sha256"].to_pylist(), strict=True)
            }
            assert got == listed_state, "never a mix of two snapshots"
        except (OSError, pa.ArrowInvalid):
            seen_errors += 1
    con = duckdb.connect()
    count = con.execute(f"SELECT count(*) FROM '{pinned}/articles/*.parquet'").fetchone()
    assert count == (len(first),)
    assert seen_errors > 0, "the rounds rewrote parts that stale listings named"


def test_a_reader_in_a_loop_sees_only_whole_committed_states(tmp_path: Path) -> None:
    """A reader that resolves the link and reads, again and again, while 10 commits happen beside it."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 40)
    update(raw, out)
    committed = [tables_of(out)]
    seen: list[State] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.append(tables_of(Path(os.path.realpath(out / "articles")).parent))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        rng = random.Random(7)
        for round_ in range(10):
            change_some(raw, rng, round_)
            update(raw, out, prune=True)
            committed.append(tables_of(out))
    finally:
        stop.set()
        reader.join()
    assert seen and all(state in committed for state in seen)


# --- damage, detected, named and repaired ---------------------------------------------------------------------


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, State]:
    """RAW with 30 stories, 2 empty files and a JSONL feed, OUT after one run, and the state a reader sees."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 30)
    (raw / "empty-1.txt").write_bytes(b"")
    (raw / "empty-2.txt").write_bytes(b"")
    (raw / "feed.jsonl").write_text(
        "".join(json.dumps({"id": f"f{n}", "text": STORY.format(n=f"feed {n}")}) + "\n" for n in range(5))
    )
    update(raw, out)
    return raw, out, tables_of(out)


def older_snapshots_digest(out: Path) -> dict[str, str]:
    folder = out / ".newsclean" / "snapshots"
    return {k: v for k, v in tree_digest(folder).items() if not k.startswith(current(out).name)}


def repaired(raw: Path, out: Path, expected: State, named: str, **options: object) -> Report:
    """The next run repairs the damage without --force, names it, and leaves the expected rows; the run
    after that has nothing to do; files shared with older snapshots are not changed by the repair."""
    report = update(raw, out, **options)
    assert any(named in w for w in report.warnings), (named, report.warnings)
    assert tables_of(out) == expected
    assert update(raw, out).read == 0, "repaired for good: the run after has nothing to clean"
    return report


def test_a_deleted_articles_part_is_named_and_its_records_cleaned_again(built: tuple[Path, Path, State]) -> None:
    raw, out, expected = built
    victim = part_files(out)[0]
    held = sum(ds.dataset(p).count_rows() for p in current(out).glob(f"*/{victim.name}") if "segments" not in str(p))
    victim.unlink()
    report = repaired(raw, out, expected, f"{victim.name} is missing")
    assert report.read == held, "only the records of the part (its articles and rejects) are cleaned again"


def test_a_truncated_segments_part_is_caught_and_the_older_snapshot_is_not_touched(
    built: tuple[Path, Path, State],
) -> None:
    raw, out, expected = built
    (raw / "story 0000.txt").write_text(STORY.format(n="changed"))
    update(raw, out)  # a second snapshot: the first one's whole parts are shared with it (hard links)
    expected = tables_of(out)
    victim = next(p for p in part_files(out, "segments") if os.stat(p).st_nlink == 2)
    with victim.open("r+b") as handle:
        handle.truncate(victim.stat().st_size // 2)
    older = older_snapshots_digest(out)
    repaired(raw, out, expected, f"{victim.name} is")
    after = older_snapshots_digest(out)
    assert {k: v for k, v in after.items() if k in older} == {k: v for k, v in older.items() if k in after}


def test_a_flipped_byte_of_the_same_size_and_mtime_is_caught_by_its_checksum(built: tuple[Path, Path, State]) -> None:
    raw, out, expected = built
    victim = part_files(out, "segments")[1]
    info = victim.stat()
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    os.utime(victim, ns=(info.st_atime_ns, info.st_mtime_ns))
    (raw / "story 0001.txt").write_text(STORY.format(n="one more change"))  # a run with something to write
    report = update(raw, out)
    assert any(victim.name in w and "checksum" in w for w in report.warnings), report.warnings
    assert tables_of(out).keys() == expected.keys()
    assert update(raw, out).read == 0


@pytest.mark.parametrize(
    ("name", "damage", "named"),
    [
        (state.STATE_FILE, lambda p: p.write_text("{not json"), "_state.json is damaged"),
        (state.RECORDS_FILE, lambda p: p.write_bytes(p.read_bytes()[:100]), "_records.parquet is damaged"),
        (state.RECORDS_FILE, lambda p: p.unlink(), "_records.parquet is missing"),
        (state.FILES_FILE, lambda p: p.write_bytes(b"PAR1 garbage"), "_files.parquet is damaged"),
        (state.PARTS_FILE, lambda p: p.unlink(), "_parts.parquet is missing"),
    ],
    ids=["state-json", "records-truncated", "records-deleted", "files-garbage", "parts-deleted"],
)
def test_a_damaged_state_file_is_named_and_rebuilt_keeping_the_rows_of_gone_inputs(
    built: tuple[Path, Path, State], name: str, damage: Callable[[Path], object], named: str
) -> None:
    """Deleting `_records.parquet` used to drop the rows of inputs that are gone: the manifest is now
    rebuilt from the part files, so those rows stay too."""
    raw, out, expected = built
    (raw / "story 0029.txt").unlink()  # gone: its row is kept (no --prune)
    damage(current(out) / name)
    repaired(raw, out, expected, named)


def test_force_recovers_from_every_state_file_and_a_part_destroyed(built: tuple[Path, Path, State]) -> None:
    raw, out, expected = built
    snapshot = current(out)
    for name in (state.STATE_FILE, state.RECORDS_FILE, state.FILES_FILE, state.PARTS_FILE):
        (snapshot / name).write_bytes(b"\x00garbage")
    part_files(out)[0].unlink()
    report = update(raw, out, force=True)
    assert report.read == len(expected) and report.warned >= 4
    assert tables_of(out) == expected


# --- bounds that hold in C -----------------------------------------------------------------------------------------


def test_the_200000_attribute_page_is_rejected_within_the_time_limit(tmp_path: Path) -> None:
    """One <div> with 200,000 attributes (2.2 MB) held a worker 288 s against max_seconds=30: no time limit
    can cut one call into lexbor short. The attributes are counted before parsing."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    attributes = " ".join(f"data-a{n}=x" for n in range(200_000))
    (raw / "bomb.html").write_text(f"<html><body><div {attributes}><p>{STORY.format(n=1)}</p></div></body></html>")
    (raw / "fine.html").write_text(
        f"<html><body><div class='a' id='b' data-x='y'><p>{STORY.format(n=2)}</p></div></body></html>"
    )
    started = time.monotonic()
    update(raw, out)
    assert time.monotonic() - started < (DEFAULT_LIMITS.max_seconds or 30)
    assert reasons(out) == {"bomb": "too_many_attributes"}
    assert "200,000 attributes" in str(ds.dataset(out / "rejects").to_table()["detail"][0])
    assert "fine" in bodies(out)


# --- odd names and collisions --------------------------------------------------------------------------------------


def test_an_invalid_utf8_file_name_gets_a_stable_escaped_doc_id(tmp_path: Path) -> None:
    """`bad\xff.txt` stopped every run (UnicodeEncodeError: surrogates not allowed)."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 1)
    with open(os.path.join(os.fsencode(raw), b"bad\xff name.txt"), "w") as handle:
        handle.write(STORY.format(n="with a bad name"))
    report = update(raw, out)
    assert (report.read, report.cleaned) == (2, 2)
    assert "with a bad name" in bodies(out)["bad\\xff name"]
    assert "bad\\xff name.txt" in ds.dataset(out / "articles").to_table()["source"].to_pylist()
    assert update(raw, out).read == 0, "the same doc_id, run after run"
    (raw / "bad\\xff name.txt").write_text(STORY.format(n="literal"))  # a name that escapes to the same text
    report = update(raw, tmp_path / "fresh")
    assert report.reasons["duplicate_id"] == 1 and len(tables_of(tmp_path / "fresh")) == 3, "a reject, no failure"


def test_a_doc_id_claimed_twice_gives_the_second_a_reject_naming_the_first(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "hash#1.txt").write_text(STORY.format(n="from the text file"))
    (raw / "hash.jsonl").write_text(json.dumps({"text": STORY.format(n="from the feed")}) + "\n")
    report = update(raw, out)
    assert (report.read, report.cleaned, report.rejected) == (2, 1, 1)
    assert "from the text file" in bodies(out)["hash#1"]
    assert reasons(out) == {"hash.jsonl#1": "duplicate_id"}
    detail = str(ds.dataset(out / "rejects").to_table()["detail"][0])
    assert "hash#1" in detail and "hash#1.txt" in detail
    (raw / "hash.jsonl").write_text(json.dumps({"text": STORY.format(n="from the feed")}) + "\n\n")
    assert update(raw, out).read == 1 and reasons(out) == {"hash.jsonl#1": "duplicate_id"}, "settled the same way"


def test_a_newcomer_claiming_an_id_loses_it_to_the_record_that_holds_it(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "hash.jsonl").write_text(json.dumps({"text": STORY.format(n="from the feed")}) + "\n")
    update(raw, out)
    (raw / "hash#1.txt").write_text(STORY.format(n="from the text file"))
    report = update(raw, out)
    assert (report.read, report.rejected, report.reasons["duplicate_id"]) == (1, 1, 1)
    assert "from the feed" in bodies(out)["hash#1"]
    assert reasons(out) == {"hash#1.txt": "duplicate_id"}
    assert "hash.jsonl" in str(ds.dataset(out / "rejects").to_table()["detail"][0])


# --- unreadable folders, over-long paths, failed reads -------------------------------------------------------------


@contextlib.contextmanager
def unreadable_folder(folder: Path) -> Iterator[None]:
    """Listing `folder` fails as it would for another user after chmod 000 (the tests run as root, whom
    permissions do not stop): os.scandir raises EACCES for it."""
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == str(folder):  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", str(folder))
        return real_scandir(path)  # type: ignore[arg-type]

    os.scandir = scandir  # type: ignore[assignment]
    try:
        yield
    finally:
        os.scandir = real_scandir


def test_an_unreadable_folder_is_reported_and_its_rows_kept_through_prune(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw / "locked", 3)
    write_stories(raw / "open", 2)
    update(raw, out)
    expected = tables_of(out)
    (raw / "open" / "story 0000.txt").unlink()  # really gone: pruned
    del expected["open/story 0000"]
    with unreadable_folder(raw / "locked"):
        report = update(raw, out, prune=True)
    assert any("folder locked" in w and "Permission denied" in w for w in report.warnings), report.warnings
    assert tables_of(out) == expected, "the unreadable folder's rows are kept, --prune or not"


def test_a_path_over_the_system_limit_is_reported(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 1)
    fd = os.open(raw, os.O_RDONLY)
    depth = 0
    try:
        while len(str(raw)) + depth * 201 < 4200:  # past PATH_MAX (4096), made one folder at a time
            os.mkdir("d" * 200, dir_fd=fd)
            inner = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd, depth = inner, depth + 1
        with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w") as handle:
            handle.write(STORY.format(n="deep"))
    finally:
        os.close(fd)
    report = update(raw, out)
    assert any("File name too long" in w for w in report.warnings), report.warnings
    assert set(bodies(out)) == {"story 0000"}


def test_a_failed_read_keeps_the_last_good_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 3)
    (raw / "feed.jsonl").write_text(
        "".join(json.dumps({"id": f"f{n}", "text": STORY.format(n=n)}) + "\n" for n in range(3))
    )
    update(raw, out)
    before = ds.dataset(out / "articles").to_table().to_pylist()
    for name in ("story 0001.txt", "feed.jsonl"):
        (raw / name).write_text((raw / name).read_text() + "\n")  # touched: read again
    real_open = os.open

    def failing(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if os.fspath(path).endswith(("story 0001.txt", "feed.jsonl")):  # type: ignore[arg-type]
            raise OSError(errno.EIO, "Input/output error")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", failing)
    report = update(raw, out)
    monkeypatch.undo()
    assert sum("could not be read" in w for w in report.warnings) == 2, report.warnings
    assert ds.dataset(out / "articles").to_table().to_pylist() == before, "the last good rows, as they were"
    assert reasons(out) == {}
    again = update(raw, out)
    assert (again.read, again.unchanged) == (1, 3), "both read again next run (their stamps were not recorded)"


def test_an_input_moved_away_mid_run_keeps_its_row(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 4)
    update(raw, out)
    expected = tables_of(out)
    for path in raw.glob("*.txt"):
        path.write_text(path.read_text() + "\n")
    report = Report()
    with open_update(raw, out) as run:
        batches = run.batches(workers=1)
        (raw / "story 0002.txt").rename(tmp_path / "moved.txt")  # after discovery, before the batch reads it
        for batch in batches:
            report.merge(batch.run())
        run.finish(report)
    assert tables_of(out).keys() == expected.keys() and reasons(out) == {}
    assert any("story 0002.txt could not be read" in w for w in report.warnings)


# --- a full disk -------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Callable[[str], None]]:
    """`folder` on a tmpfs of `size` (root may mount one); yields a function that resizes it. Skips when
    mounting is not permitted (the simulated ENOSPC test below covers that case)."""
    folder.mkdir(parents=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")

    def resize(new: str) -> None:
        subprocess.run(["mount", "-o", f"remount,size={new}", str(folder)], check=True)

    try:
        yield resize
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def big_stories(raw: Path, count: int) -> None:
    """Stories of random words: their Parquet does not compress below a few MB in all."""
    rng = random.Random(3)
    raw.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        lines = [" ".join("".join(rng.choices("abcdefghij", k=7)) for _ in range(12)) + "." for _ in range(40)]
        (raw / f"big {n:04d}.txt").write_text(f"Headline {n}\n\n" + "\n\n".join(lines) + "\n")


def assert_nothing_half_written(out: Path) -> None:
    assert not list(out.rglob("*.partial")), "no temporary file holds the space"
    committed = {c["name"] for c in json.loads((out / ".newsclean" / "history.json").read_text())}
    assert {p.name for p in (out / ".newsclean" / "snapshots").iterdir()} <= committed, "no unfinished snapshot"


def test_a_full_disk_fails_naming_the_file_and_the_next_run_succeeds(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "disk" / "out"
    write_stories(raw, 5)
    with small_disk(tmp_path / "disk", "2m") as resize:
        update(raw, out)
        big_stories(raw, 600)
        with pytest.raises(OSError, match="No space left on device") as failure:
            update(raw, out)
        assert str(out) in str(failure.value), "the error names the file"
        assert_nothing_half_written(out)
        assert len(tables_of(out)) == 5, "readers still see the last state"
        resize("64m")  # space is back
        report = update(raw, out)
        assert (report.read, report.cleaned) == (600, 600)
        assert len(tables_of(out)) == 605


def test_a_dead_runs_leftovers_are_cleared_before_the_next_run_needs_their_space(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "disk" / "out"
    big_stories(raw, 40)
    with small_disk(tmp_path / "disk", "6m"):
        update(raw, out)
        leftover = out / ".newsclean" / "snapshots" / "20000101T000000000000Z-deadbeef" / "articles"
        leftover.mkdir(parents=True)
        free = shutil.disk_usage(out).free
        (leftover / ".part.parquet.partial").write_bytes(os.urandom(free - 64 * 1024))  # the disk is full
        big_stories(raw, 80)
        report = update(raw, out)
        assert report.read == 40
        assert_nothing_half_written(out)


def test_a_simulated_full_disk_fails_naming_the_file_and_the_next_run_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as on a tmpfs, where none can be mounted: ENOSPC raised by the Parquet writer itself."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 20)
    real_write = pq.ParquetWriter.write_table
    calls = {"n": 0}

    def full(self: pq.ParquetWriter, *args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] > 3:
            raise OSError(errno.ENOSPC, "Error writing bytes to file. Detail: [errno 28] No space left on device")
        real_write(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetWriter, "write_table", full)
    with pytest.raises(OSError, match="No space left on device") as failure:
        update(raw, out)
    assert str(out) in str(failure.value)
    monkeypatch.undo()
    assert not (out / ".newsclean" / "current").exists()
    assert not list(out.rglob("*.partial")) and not list((out / ".newsclean" / "snapshots").iterdir())
    assert update(raw, out).cleaned == 20


# --- parts merged as they accumulate -------------------------------------------------------------------------------


def test_a_run_that_finds_many_small_parts_merges_them(tmp_path: Path) -> None:
    """12 runs over 1,000 documents, each changing 20 of them: the parts stay few (30 before merging)."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 1000)
    update(raw, out)
    rng = random.Random(12)
    counts = []
    for round_ in range(12):
        for path in rng.sample(sorted(raw.glob("*.txt")), 20):
            path.write_text(STORY.format(n=f"{path.stem} round {round_}"))
        update(raw, out)
        counts.append(len(part_files(out)))
    assert len(tables_of(out)) == 1000
    assert max(counts) <= carry.MAX_SMALL_PARTS + 8 + 1, counts  # merged + this run's 8 batches
    assert any("-merged-" in p.name for p in part_files(out)), "some were merged"


# --- the command: the busy check before Prefect, and Prefect's database bounded -----------------------------------


@pytest.mark.e2e
def test_a_busy_output_folder_is_reported_before_prefect_starts(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 1)
    script = (
        "import sys\nfrom newsclean.cli import main\n"
        f"code = main(['run', {str(raw)!r}, {str(out)!r}])\n"
        "print(code, 'prefect' in sys.modules)"
    )
    with dataset.locked(out):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.stdout.split() == ["1", "False"], (done.stdout, done.stderr)
    assert "is being written by another run" in done.stderr and f"pid {os.getpid()}" in done.stderr


@pytest.mark.e2e
def test_prefects_database_keeps_no_events_and_drops_old_runs(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_stories(raw, 2)
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "NEWSCLEAN_PREFECT_HISTORY_DAYS": "0"}
    env.pop("PREFECT_API_URL", None)
    for _ in range(2):
        done = subprocess.run(
            [str(NEWSCLEAN), "run", str(raw), str(out), "--quiet"],
            env=env,
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
    with contextlib.closing(sqlite3.connect(tmp_path / "prefect" / "prefect.db")) as db:
        counts = {
            t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("events", "flow_run", "task_run", "artifact")
        }
    assert counts == {"events": 0, "flow_run": 0, "task_run": 0, "artifact": 0}, counts
