"""The deployment as its users meet it: served on a real Prefect server, on a schedule, with typed and
described parameters, and run with other parameters the way the UI's Run button does it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pyarrow.dataset as ds
import pytest

from tests.conftest import RAW, REPO
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
    "html_report",
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


def test_a_run_with_bad_parameters_fails_before_any_work(served: Served, tmp_path: Path) -> None:
    """What the UI's Custom run meets: the flow's first step checks the parameters, as the command does."""
    out = tmp_path / "out"
    cases = [
        ({"out_dir": str(out), "limits": {"max_foo": 3}}, "unknown limit max_foo"),
        ({"out_dir": str(served.raw_dir / "out")}, "is inside raw_dir"),
    ]
    for parameters, reason in cases:
        run = served.post(f"/deployments/{served.deployment['id']}/create_flow_run", {"parameters": parameters})
        finished = served.wait_for_run(run["id"])
        assert finished["state"]["type"] == "FAILED"
        assert reason in finished["state"]["message"]
    assert not out.exists() and not (served.raw_dir / "out").exists()


def test_the_ui_asks_the_api_on_the_port_the_server_was_started_on(served: Served) -> None:
    """The UI's pages read the API's address from /ui-settings; on a port other than 4200 it used to say
    4200 (another server's data, or none)."""
    assert not served.ui_url.endswith(":4200")
    settings = httpx.get(f"{served.ui_url}/ui-settings", timeout=10).json()
    assert settings["api_url"] == served.api_url


def test_make_serve_passes_its_port() -> None:
    def dry_run(*extra: str, **env: str) -> str:
        command = ["make", "-n", "serve", *extra]
        found = subprocess.run(command, cwd=REPO, env={**os.environ, **env}, capture_output=True, text=True)
        assert found.returncode == 0, found.stderr
        return found.stdout

    assert "--port 4321" in dry_run("PORT=4321")
    assert "--port" not in dry_run(), "no PORT: NEWSCLEAN_PORT or 4200, read by flows.serve"
    assert "--port" not in dry_run(PORT="8080"), "a PORT in the environment is someone else's"
