"""Incremental runs: only new or changed records are cleaned, a changed record replaces its row, gone
records are kept unless pruned, `force` cleans everything again. Library level (no Prefect): the same
open_update -> batches -> finish steps the flow runs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from newsclean.report import Report
from newsclean.update import open_update
from newsclean.write import state

STORY = "A Headline For Story {n}\n\nThe first paragraph of story {n} is here, and it says something.\n"


def update(raw: Path, out: Path, **options: object) -> Report:
    report = Report()
    with open_update(raw, out, **options) as run:  # type: ignore[arg-type]
        for batch in run.batches(workers=2):
            report.merge(batch.run())
        run.finish(report)
    return report


def rows(out: Path, table: str = "articles") -> dict[str, dict[str, object]]:
    found = ds.dataset(out / table, format="parquet").to_table().to_pylist()
    ids = [r["doc_id"] for r in found]
    assert len(ids) == len(set(ids)), "one row per doc_id"
    return {r["doc_id"]: r for r in found}


def all_doc_ids(out: Path) -> set[str]:
    articles, rejects = rows(out, "articles"), rows(out, "rejects")
    assert not set(articles) & set(rejects), "a doc_id is in articles or in rejects, not both"
    return set(articles) | set(rejects)


def segment_doc_ids(out: Path) -> set[str]:
    return set(ds.dataset(out / "segments", format="parquet").to_table(columns=["doc_id"])["doc_id"].to_pylist())


def jsonl(records: dict[str, str]) -> str:
    return "".join(json.dumps({"id": key, "text": text}) + "\n" for key, text in records.items())


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "news").mkdir(parents=True)
    for n in range(3):
        (raw / "news" / f"story {n}.txt").write_text(STORY.format(n=n))
    (raw / "feed.jsonl").write_text(jsonl({f"r{n}": STORY.format(n=10 + n) for n in range(3)}))
    (raw / "empty.txt").write_text("")
    return raw


def test_a_second_run_with_nothing_changed_cleans_nothing(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = update(raw, out)
    assert (first.read, first.cleaned, first.rejected) == (7, 6, 1)
    before = {t: rows(out, t) for t in ("articles", "rejects")}
    snapshot = (out / ".newsclean" / "current").resolve()
    second = update(raw, out)
    assert (second.read, second.unchanged) == (0, 0)  # not even read: every file's stat stamp is the same
    assert (out / ".newsclean" / "current").resolve() == snapshot, "nothing to do: the state stays as it was"
    assert {t: rows(out, t) for t in ("articles", "rejects")} == before


def test_touched_files_are_read_but_unchanged_records_are_not_cleaned_again(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    update(raw, out)
    before = rows(out)
    for path in raw.rglob("*.*"):
        path.write_bytes(path.read_bytes())  # same bytes, new mtime
    report = update(raw, out)
    assert (report.read, report.unchanged) == (0, 7)  # the empty file too: its reject carries over
    assert rows(out) == before, "carried rows are the old rows, processed_at included"
    assert segment_doc_ids(out) == set(before)


def test_a_changed_record_replaces_its_row_and_a_new_one_is_added(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    update(raw, out)
    old = rows(out)
    (raw / "news" / "story 1.txt").write_text(STORY.format(n=1).replace("something", "something new"))
    (raw / "news" / "story 9.txt").write_text(STORY.format(n=9))
    report = update(raw, out)
    assert (report.read, report.cleaned, report.unchanged) == (2, 2, 0)
    new = rows(out)
    assert set(new) == set(old) | {"news/story 9"}
    assert "something new" in str(new["news/story 1"]["body"])
    assert new["news/story 1"]["raw_sha256"] != old["news/story 1"]["raw_sha256"]
    assert new["news/story 0"] == old["news/story 0"]
    segments = ds.dataset(out / "segments", format="parquet").to_table().to_pylist()
    story_1 = [s["text"] for s in segments if s["doc_id"] == "news/story 1"]
    assert len(story_1) == 2 and "something new" in story_1[1], "the old segments went with the old row"


def test_one_changed_record_in_a_container_is_the_only_one_cleaned(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    update(raw, out)
    records = {f"r{n}": STORY.format(n=10 + n) for n in range(3)}
    records["r2"] = STORY.format(n=99)
    (raw / "feed.jsonl").write_text(jsonl(records))
    report = update(raw, out)
    assert (report.read, report.cleaned, report.unchanged) == (1, 1, 2)
    found = rows(out)
    assert "story 99" in str(found["feed#r2"]["body"])
    assert all_doc_ids(out) == {f"news/story {n}" for n in range(3)} | {"feed#r0", "feed#r1", "feed#r2", "empty"}
    assert segment_doc_ids(out) == set(found)


def test_gone_records_are_kept_unless_pruned(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    update(raw, out)
    (raw / "news" / "story 2.txt").unlink()
    (raw / "feed.jsonl").write_text(jsonl({"r0": STORY.format(n=10)}))  # r1 and r2 are gone from the feed
    report = update(raw, out)
    assert (report.read, report.unchanged) == (0, 1)
    assert {"news/story 2", "feed#r1", "feed#r2"} <= all_doc_ids(out)
    (raw / "feed.jsonl").write_text(jsonl({"r0": STORY.format(n=10)}) + "\n")  # touch it: read again
    report = update(raw, out, prune=True)
    assert all_doc_ids(out) == {"news/story 0", "news/story 1", "feed#r0", "empty"}
    assert segment_doc_ids(out) == {"news/story 0", "news/story 1", "feed#r0"}


def test_a_pattern_cleans_only_its_files_and_keeps_the_others_rows(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    update(raw, out)
    before = rows(out)
    for path in raw.rglob("*.*"):
        path.write_bytes(path.read_bytes())
    report = update(raw, out, pattern="news/*", force=True)
    assert (report.read, report.cleaned, report.unchanged) == (3, 3, 0)
    after = rows(out)
    assert set(after) == set(before)
    assert after["feed#r0"] == before["feed#r0"]
    assert after["news/story 0"]["processed_at"] > before["news/story 0"]["processed_at"]
    report = update(raw, out)  # the files outside the pattern kept their old stamps: they are read now
    assert (report.read, report.unchanged) == (0, 4)


def test_force_cleans_everything_again(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    update(raw, out)
    report = update(raw, out, force=True)
    assert (report.read, report.cleaned, report.unchanged) == (7, 6, 0)
    assert len(all_doc_ids(out)) == 7


def test_another_pipeline_fingerprint_cleans_everything_again(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    update(raw, out)
    monkeypatch.setattr(state, "pipeline_fingerprint", lambda: "another version")
    report = update(raw, out)
    assert (report.read, report.unchanged) == (7, 0)
    assert len(all_doc_ids(out)) == 7


def test_a_state_from_before_manifests_means_a_full_run(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    update(raw, out)
    current = (out / ".newsclean" / "current").resolve()
    for name in (state.STATE_FILE, state.FILES_FILE, state.RECORDS_FILE):
        (current / name).unlink()
    report = update(raw, out)
    assert (report.read, report.unchanged) == (7, 0)
    assert len(all_doc_ids(out)) == 7


def test_whole_old_parts_are_hard_linked_not_copied(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.rmtree(raw / "news")
    update(raw, out)
    (raw / "news.txt").write_text(STORY.format(n=5))
    update(raw, out)
    parts = [p for p in (out / "articles").iterdir() if os.stat(p).st_nlink == 2]
    assert len(parts) == 1, "the first run's part, shared by both snapshots"


def test_a_run_that_loses_a_record_fails_naming_it_and_commits_nothing(raw: Path, tmp_path: Path) -> None:
    """The accounting check: a row missing from the tables (a part file gone, say) stops the commit."""
    from newsclean.write.accounting import AccountingError

    out = tmp_path / "out"
    update(raw, out)
    before = all_doc_ids(out)
    (raw / "news" / "story 7.txt").write_text(STORY.format(n=7))
    report = Report()
    with open_update(raw, out) as run:
        for batch in run.batches(workers=1):
            report.merge(batch.run())
        assert run.snapshot is not None
        for part in (run.snapshot / "articles").glob("*.parquet"):
            part.unlink()  # the new row is lost
        with pytest.raises(AccountingError, match=r"missing: \['news/story 7'\]"):
            run.finish(report)
    assert all_doc_ids(out) == before, "readers still see the previous state"


def test_a_record_written_twice_fails_the_run(raw: Path, tmp_path: Path) -> None:
    from newsclean.write.accounting import AccountingError

    out = tmp_path / "out"
    report = Report()
    with open_update(raw, out) as run:
        for batch in run.batches(workers=1):
            report.merge(batch.run())
        assert run.snapshot is not None
        (part,) = (run.snapshot / "rejects").glob("*.parquet")
        shutil.copy(part, part.with_name("copy.parquet"))
        with pytest.raises(AccountingError, match=r"written twice: \['empty'\]"):
            run.finish(report)
