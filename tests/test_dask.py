"""Scale-out on Dask: a real distributed LocalCluster with 2 worker processes runs the flow's batches
(`--dask-address`), and the output equals the process engine's."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from distributed import Client, LocalCluster

from tests.conftest import RAW, REPO

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

NEWSCLEAN = Path(sys.executable).parent / "newsclean"
VOLATILE = {"processed_at"}  # the only column that may differ between two runs over the same input


def run(raw: Path, out: Path, *options: str) -> None:
    command = [str(NEWSCLEAN), "run", str(raw), str(out), "--quiet", *options]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert "documents read 31, cleaned 30, rejected 1" in done.stdout


def tables(out: Path) -> dict[str, list[dict[str, object]]]:
    found = {}
    for name, key in (("articles", ("doc_id",)), ("segments", ("doc_id", "seq")), ("rejects", ("doc_id",))):
        rows = ds.dataset(out / name, format="parquet").to_table().to_pylist()
        rows = [{k: v for k, v in row.items() if k not in VOLATILE} for row in rows]
        found[name] = sorted(rows, key=lambda row: tuple(str(row[k]) for k in key))
    return found


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for n in range(6):  # 30 seed documents in 6 folders: enough batches for both workers
        folder = raw / f"site {n}"
        folder.mkdir()
        for path in RAW.glob("*.txt"):
            shutil.copy(path, folder / path.name)
    (raw / "empty.txt").write_text("")
    return raw


@pytest.fixture(scope="module")
def by_processes(raw: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    out = tmp_path_factory.mktemp("process")
    run(raw, out, "--engine", "process", "--workers", "2")
    return tables(out)


def test_a_dask_cluster_gives_the_process_engines_output(
    raw: Path, tmp_path: Path, by_processes: dict[str, list[dict[str, object]]]
) -> None:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        run(raw, tmp_path / "dask", "--dask-address", cluster.scheduler_address)
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert len(executed) == 2 and sum(executed.values()) >= 2, f"the cluster's workers ran the batches: {executed}"
    assert tables(tmp_path / "dask") == by_processes


def test_engine_dask_without_an_address_starts_a_temporary_cluster(
    raw: Path, tmp_path: Path, by_processes: dict[str, list[dict[str, object]]]
) -> None:
    run(raw, tmp_path / "dask", "--engine", "dask", "--workers", "2")
    assert tables(tmp_path / "dask") == by_processes
