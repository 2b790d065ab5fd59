"""The HTML report and an explain page as a person opens them: headless Chromium (Debian's, driven by
Playwright) with the network off and every request that is not a local file refused. The report's charts
must draw (plotly's own SVG, from the script inlined in the page), its links must open explain pages, and
an explain page must show its lines with their role colours. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect, sync_playwright

from newsclean import cli, explain
from tests.conftest import RAW
from tests.test_browser import ARTIFACTS, CHROMIUM, REQUIRED, screenshot_on_failure
from tests.test_incremental import update

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.timeout(600),
    pytest.mark.skipif(not CHROMIUM.exists() and not REQUIRED, reason=f"no {CHROMIUM}: `make browser` installs it"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for path in RAW.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    (raw / "empty.txt").write_bytes(b"")
    out = raw.parent / f"{raw.name}-out"
    update(raw, out)
    page = out.parent / f"{out.name}-report" / "index.html"
    assert cli.main(["report", str(out), "--html", str(page)]) == 0
    return page


@pytest.fixture
def offline_page() -> Iterator[tuple[Page, list[str]]]:
    """A page of an offline browser; the list collects every request that was not a local file."""
    if not CHROMIUM.exists():
        pytest.fail(f"NEWSCLEAN_REQUIRE_BROWSER is set but {CHROMIUM} is missing: run `make browser`")
    refused: list[str] = []

    def refuse(route: Route) -> None:
        refused.append(route.request.url)
        route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
            context.route(lambda url: not url.startswith(("file:", "data:", "blob:", "about:")), refuse)
            page = context.new_page()
            page.set_default_timeout(60_000)
            yield page, refused
        finally:
            browser.close()


def test_the_report_draws_its_charts_offline_and_links_to_explain_pages(
    report: Path, offline_page: tuple[Page, list[str]]
) -> None:
    page, refused = offline_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with screenshot_on_failure(page, "report-failed.png"):
        page.goto(report.as_uri())
        expect(page.locator("section.chart")).to_have_count(7)
        expect(page.locator("section.chart .main-svg").first).to_be_visible()
        assert page.locator("section.chart .js-plotly-plot").count() == 7
        assert page.locator("section.chart .bars path, section.chart .bars rect").count() > 10  # bars drawn
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "report.png", full_page=True)
        page.get_by_role("link", name="003_21f0040f89a799a4").click()
        expect(page.locator("h1")).to_have_text("003_21f0040f89a799a4")
    assert not errors and not refused, (errors, refused)


def test_an_explain_page_shows_each_line_in_its_role_colour(report: Path, offline_page: tuple[Page, list[str]]) -> None:
    page, refused = offline_page
    target = report.parent / "index_explain" / explain_name("003_21f0040f89a799a4")
    with screenshot_on_failure(page, "explain-failed.png"):
        page.goto(target.as_uri())
        form = page.locator('.segment[data-role="comment_form"]')
        expect(form.first).to_be_visible()
        assert form.count() >= 8
        assert "Leave a Reply" in form.all_inner_texts()[0] or any("Leave a Reply" in t for t in form.all_inner_texts())
        colour = form.first.evaluate("node => getComputedStyle(node).borderLeftColor")
        assert colour == _rgb(explain.colour("comment_form"))
        removed = page.locator(".segment.removed .text").first
        assert "line-through" in removed.evaluate("node => getComputedStyle(node).textDecorationLine")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "explain-003.png", full_page=True)
    assert not refused, refused


def explain_name(doc_id: str) -> str:
    from newsclean.report_html import page_name

    return page_name(doc_id)


def _rgb(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"
