"""The deployment as a person meets it in the Prefect UI: Debian's Chromium, headless, opens the deployment's
page on the Prefect server `make serve` started on a port other than 4200 (so the UI must ask the API
there), starts a run with "Run" -> "Quick run", follows the toast to the run's page and watches it until
its state badge says Completed. A screenshot of that page is kept in test-artifacts/ (and one of whatever
the page showed when the test failed). Then the run's Parquet is read from the deployment's own out_dir.

Needs /usr/bin/chromium (`make browser` installs it); without it the test skips, unless
NEWSCLEAN_REQUIRE_BROWSER is set (as CI does), in which case it fails. Playwright never downloads a browser
here: it drives the system's."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest
from playwright.sync_api import Page, Route, expect, sync_playwright

from tests.conftest import RAW, REPO
from tests.services import RETRY_CODES, Served

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
REQUIRED = bool(os.environ.get("NEWSCLEAN_REQUIRE_BROWSER"))
FINAL_STATE = re.compile(r"^\s*(Completed|Failed|Crashed|Cancelled)\s*$")
RUN_TIMEOUT_S = 600  # the serve process polls every ~10 s; the run itself takes ~20-60 s on 2 busy cores
RELOAD_EVERY_MS = 30_000  # the run page polls by itself; a reload now and then guards against a stalled poll
QUICK_RUN_ATTEMPTS = 4

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.timeout(900),
    pytest.mark.skipif(
        not CHROMIUM.exists() and not REQUIRED,
        reason=f"no {CHROMIUM}: `make browser` installs it (NEWSCLEAN_REQUIRE_BROWSER=1 fails instead of skipping)",
    ),
]


@pytest.fixture
def page() -> Iterator[Page]:
    """A page of a headless system Chromium."""
    if not CHROMIUM.exists():
        pytest.fail(f"NEWSCLEAN_REQUIRE_BROWSER is set but {CHROMIUM} is missing: run `make browser`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            opened = browser.new_page(viewport={"width": 1400, "height": 900})
            opened.set_default_timeout(60_000)
            yield opened
        finally:
            browser.close()


@pytest.fixture
def deployment_out_dir(served: Served) -> Iterator[Path]:
    """The deployment's own out_dir, emptied before (so that the run must write it, not find it up to date)
    and after (the other tests of the session server expect it untouched)."""
    shutil.rmtree(served.out_dir, ignore_errors=True)
    yield served.out_dir
    shutil.rmtree(served.out_dir, ignore_errors=True)


@contextmanager
def screenshot_on_failure(page: Page, name: str) -> Iterator[None]:
    try:
        yield
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / name, full_page=True)
        raise


def quick_run(page: Page, served: Served) -> dict[str, Any]:
    """On the deployment's page: "Run" -> "Quick run". Returns the flow run the UI created.

    The server answers 503 when its SQLite database was locked by a concurrent write (the scheduler, the
    serve process polling), and the UI, unlike Prefect's own client, does not retry: a person clicks again
    after a moment, and so does this, a few times (RETRY_CODES, as tests.services retries the API)."""
    page.goto(f"{served.ui_url}/deployments/deployment/{served.deployment['id']}")
    expect(page.locator(".page-heading")).to_contain_text(served.deployment["name"])
    for attempt in range(QUICK_RUN_ATTEMPTS):
        page.get_by_role("button", name="Run", exact=True).click()
        with page.expect_response(lambda response: response.url.endswith("/create_flow_run")) as created:
            page.get_by_text("Quick run", exact=True).click()
        if created.value.status not in RETRY_CODES:
            break
        page.keyboard.press("Escape")
        page.wait_for_timeout(2_000 * (attempt + 1))
    assert created.value.ok, created.value.text()
    run: dict[str, Any] = created.value.json()
    return run


def refuse_first_create(page: Page) -> list[int]:
    """The server answers the first create_flow_run with 503, as it does when its database is locked, so
    that every run of the test goes through quick_run's click-again path. Returns the refusals sent."""
    refused: list[int] = []

    def answer(route: Route) -> None:
        if refused:
            route.continue_()
            return
        refused.append(503)
        route.fulfill(status=503, json={"exception_message": "Service Unavailable"})

    page.route("**/create_flow_run", answer)
    return refused


def open_run_from_toast(page: Page, run: dict[str, Any]) -> None:
    """The toast says the run is scheduled to start now; its "View run" opens the run's page."""
    expect(page.get_by_text(f"{run['name']} scheduled to start").last).to_be_visible()
    # The UI mounts its toast container twice; the last copy is the one on top that takes the click.
    page.get_by_role("button", name="View run").last.click()
    page.wait_for_url(f"**/runs/flow-run/{run['id']}*")
    expect(page.locator(".page-heading")).to_contain_text(run["name"])


def final_state_shown(page: Page) -> str:
    """The state badge in the run page's heading, once it shows a final state."""
    badge = page.locator(".page-heading .state-badge").first
    for _ in range(RUN_TIMEOUT_S * 1000 // RELOAD_EVERY_MS):
        try:
            expect(badge).to_have_text(FINAL_STATE, timeout=RELOAD_EVERY_MS)
            return badge.inner_text().strip()
        except AssertionError:
            page.reload()
    raise TimeoutError(f"the run's page showed no final state within {RUN_TIMEOUT_S} s")


def article_ids(out_dir: Path) -> list[str]:
    table = ds.dataset(out_dir / "articles", format="parquet").to_table(columns=["doc_id"])
    return sorted(table["doc_id"].to_pylist())


def test_a_quick_run_from_the_ui_completes_and_updates_the_deployments_output(
    page: Page, served: Served, deployment_out_dir: Path
) -> None:
    assert not served.ui_url.endswith(":4200"), "the server runs on a port of its own, not Prefect's default"
    with screenshot_on_failure(page, "browser-quick-run-failed.png"):
        refused = refuse_first_create(page)
        run = quick_run(page, served)
        assert refused == [503], "the first click met a locked database, and the test clicked again"
        assert run["parameters"] == {"raw_dir": str(served.raw_dir), "out_dir": str(deployment_out_dir)}
        open_run_from_toast(page, run)
        state = final_state_shown(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "browser-quick-run.png", full_page=True)
        assert state == "Completed", (served.workdir / "serve.log").read_text()[-3000:]

    assert served.get(f"/flow_runs/{run['id']}")["state"]["type"] == "COMPLETED"
    seeds = sorted(path.stem for path in served.raw_dir.glob("*.txt"))
    assert seeds == sorted(path.stem for path in RAW.glob("*.txt")), "the deployment's raw_dir holds the seeds"
    assert article_ids(deployment_out_dir) == seeds
