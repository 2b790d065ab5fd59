"""The three tables as downstream tools read them: pyarrow, pandas, polars and DuckDB."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from newsclean.batch import run_batch
from newsclean.read import discover
from newsclean.write import dataset
from newsclean.write.schema import TABLES
from tests.conftest import RAW


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for path in RAW.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    (raw / "empty.txt").write_bytes(b"")
    out = tmp_path_factory.mktemp("out")
    snapshot = dataset.new_snapshot(out)
    report = run_batch(list(discover(raw)), snapshot, "part-000000")
    assert (report.read, report.cleaned, report.rejected) == (6, 5, 1)
    dataset.commit(out, snapshot)
    return out


def test_schemas_are_the_declared_ones(out: Path) -> None:
    for table, schema in TABLES.items():
        assert ds.dataset(out / table, format="parquet").schema == schema


def test_contract_types(out: Path) -> None:
    articles = TABLES["articles"]
    assert articles.field("published").type == pa.timestamp("us", tz="UTC")
    assert articles.field("paragraphs").type == pa.list_(pa.string())
    embed = articles.field("embeds").type.value_type
    assert {embed.field(i).name for i in range(embed.num_fields)} == {
        "kind",
        "author",
        "handle",
        "date",
        "text",
        "links",
    }
    assert embed.field("date").type == pa.date32()
    assert TABLES["segments"].field("duplicate_of").type == pa.int32()


def test_pandas_reads_every_table(out: Path) -> None:
    articles = pd.read_parquet(out / "articles")
    assert len(articles) == 5
    assert articles["word_count"].gt(100).all()
    assert str(articles["published"].dtype) == "datetime64[us, UTC]"
    assert len(pd.read_parquet(out / "rejects")) == 1


def test_polars_reads_every_table(out: Path) -> None:
    segments = pl.read_parquet(out / "segments" / "*.parquet")
    assert set(segments["role"].unique()) >= {"title", "body", "caption", "embed", "promo", "comment"}
    assert segments.filter(pl.col("kept"))["role"].unique().to_list() == ["body"]


def test_duckdb_reads_every_table(out: Path) -> None:
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT doc_id, embeds[1].handle FROM '{out}/articles/*.parquet' WHERE len(embeds) > 0"
    ).fetchall()
    assert rows == [("000_c44e98000ce81b88", "DefenceU")]
    reasons = con.execute(f"SELECT reason FROM '{out}/rejects/*.parquet'").fetchall()
    assert reasons == [("empty",)]
    seg_docs = con.execute(f"SELECT count(DISTINCT doc_id) FROM '{out}/segments/*.parquet'").fetchone()
    assert seg_docs == (5,)


def test_a_commit_replaces_the_state_and_keeps_replaced_snapshots_for_their_grace_period(tmp_path: Path) -> None:
    committed = []
    for files in (list(discover(RAW)), [], [], []):
        snapshot = dataset.new_snapshot(tmp_path)
        run_batch(files, snapshot, "part-000000")
        dataset.commit(tmp_path, snapshot, grace=3600, keep=1)
        committed.append(snapshot)
    assert dataset.current_snapshot(tmp_path) == committed[-1].resolve()
    assert all(s.exists() for s in committed), "replaced less than the grace period ago: kept for their readers"
    snapshot = dataset.new_snapshot(tmp_path)
    dataset.commit(tmp_path, snapshot, grace=0, keep=1)
    assert [s.exists() for s in committed] == [False, False, False, True], "past the grace: only the newest kept"
    assert pd.read_parquet(tmp_path / "articles").empty
    assert list(pd.read_parquet(tmp_path / "articles").columns) == TABLES["articles"].names


def test_an_uncommitted_snapshot_is_invisible(tmp_path: Path) -> None:
    snapshot = dataset.new_snapshot(tmp_path)
    run_batch(list(discover(RAW)), snapshot, "part-000000")
    assert not (tmp_path / "articles").exists()
    assert dataset.current_snapshot(tmp_path) is None


def test_a_second_run_on_a_locked_output_folder_stops_with_a_clear_message(tmp_path: Path) -> None:
    with dataset.locked(tmp_path):
        with pytest.raises(dataset.OutputFolderBusy) as caught, dataset.locked(tmp_path):
            pass
        assert f"pid {os.getpid()}" in str(caught.value)
    with dataset.locked(tmp_path):  # released: the next run goes ahead
        pass


def test_the_lock_of_a_killed_run_is_released(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from newsclean.write import dataset\n"
            f"with dataset.locked(Path({str(tmp_path)!r})):\n print('locked', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with pytest.raises(dataset.OutputFolderBusy), dataset.locked(tmp_path):
        pass
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    with dataset.locked(tmp_path):
        pass


def test_part_files_are_written_a_row_group_at_a_time(tmp_path: Path) -> None:
    """A batch's rows go to disk as row groups while it runs; the file appears only when it is whole."""
    from newsclean.write import parts

    part = parts.PartFile(tmp_path / "rejects" / "p.parquet", TABLES["rejects"], row_group_rows=100)
    row = {"doc_id": "d", "source": "d.txt", "reason": "empty", "detail": "x", "raw_sha256": None, "processed_at": None}
    largest = 0
    for n in range(1_050):
        part.add([{**row, "doc_id": f"d{n}"}])
        largest = max(largest, len(part.buffer))
    assert largest < 100, "never more than one row group held in memory"
    assert not part.path.exists() and part.partial.exists(), "readers see nothing until the part is whole"
    part.close()
    assert pq.ParquetFile(part.path).metadata.num_row_groups == 11
    assert pq.read_table(part.path).num_rows == 1_050 and not part.partial.exists()
