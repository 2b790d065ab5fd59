"""The deployment as its users meet it: served on a real Prefect server, on a schedule, with typed and
described parameters, and run with other parameters the way the UI's Run button does it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tests.conftest import RAW
from tests.services import Served, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

PARAMETERS = {
    "raw_dir",
    "out_dir",
    "force",
    "prune",
    "pattern",
    "workers",
    "engine",
    "dask_address",
    "limits",
    "lock_wait",
}


def test_the_deployment_has_its_hourly_schedule(served: Served) -> None:
    (schedule,) = served.deployment["schedules"]
    assert schedule["active"]
    assert schedule["schedule"]["cron"] == "0 * * * *"
    assert served.deployment["parameters"] == {"raw_dir": str(served.raw_dir), "out_dir": str(served.out_dir)}

    def scheduled() -> list[object]:
        body = {
            "deployments": {"id": {"any_": [served.deployment["id"]]}},
            "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
        }
        return served.post("/flow_runs/filter", body)

    runs = wait_for(scheduled, "the scheduler's runs of the deployment", 120)
    assert all(run["expected_start_time"].endswith((":00:00Z", ":00:00+00:00")) for run in runs), "on the hour"


def test_the_parameters_are_typed_and_described(served: Served) -> None:
    schema = served.deployment["parameter_openapi_schema"]
    properties = schema["properties"]
    assert set(properties) == PARAMETERS
    assert all(properties[name].get("description") for name in PARAMETERS), "every parameter is described"
    assert properties["force"]["type"] == "boolean"
    assert properties["workers"]["anyOf"][0]["type"] == "integer"
    engine = properties["engine"]
    engine = schema["definitions"][engine["$ref"].rsplit("/", 1)[-1]] if "$ref" in engine else engine
    assert engine.get("enum") == ["process", "dask"]


def test_a_run_with_other_parameters_completes_and_writes_parquet(served: Served, tmp_path: Path) -> None:
    raw, out = tmp_path / "other raw", tmp_path / "other out"
    (raw / "keep").mkdir(parents=True)
    for path in sorted(RAW.glob("*.txt"))[:3]:
        shutil.copy(path, raw / "keep" / path.name)
    shutil.copy(sorted(RAW.glob("*.txt"))[3], raw / "left-out.txt")
    parameters = {"raw_dir": str(raw), "out_dir": str(out), "pattern": "keep/*", "workers": 1}
    run = served.post(f"/deployments/{served.deployment['id']}/create_flow_run", {"parameters": parameters})
    finished = served.wait_for_run(run["id"])
    assert finished["state"]["type"] == "COMPLETED", (served.workdir / "serve.log").read_text()[-3000:]
    articles = ds.dataset(out / "articles", format="parquet").to_table(columns=["doc_id"])["doc_id"].to_pylist()
    assert sorted(articles) == sorted(f"keep/{p.stem}" for p in sorted(RAW.glob("*.txt"))[:3])
    if (served.out_dir / "articles").exists():  # written by the browser test or a scheduled run, not by this one
        theirs = ds.dataset(served.out_dir / "articles", format="parquet").to_table(columns=["doc_id"])
        assert not any(doc.startswith("keep/") for doc in theirs["doc_id"].to_pylist())


def test_a_run_whose_folders_leave_the_roots_fails_without_touching_them(served: Served, tmp_path: Path) -> None:
    outside = served.workdir.parent.parent / "outside-the-roots"
    parameters = {"out_dir": str(served.workdir / ".." / ".." / "outside-the-roots")}
    run = served.post(f"/deployments/{served.deployment['id']}/create_flow_run", {"parameters": parameters})
    finished = served.wait_for_run(run["id"])
    assert finished["state"]["type"] == "FAILED"
    assert "outside the allowed roots" in finished["state"]["message"]
    assert not outside.exists()
