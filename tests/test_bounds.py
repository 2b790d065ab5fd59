"""Bounds on one record's cost: hostile markup is rejected before it is parsed, and a record that runs out
of time is rejected as too_slow, in the main thread or in a worker thread (as Dask runs batches)."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from newsclean.bounds import RecordTimeout, attribute_pairs, nesting_depth, time_limit
from newsclean.clean import clean_record
from newsclean.model import Article, Outcome, RawRecord, Reject
from newsclean.settings import DEFAULT_LIMITS, Limits

PARAGRAPH = "<p>The council voted on Tuesday to approve the new budget for the coming year.</p>"


def clean_page(html: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Outcome, float]:
    started = time.perf_counter()
    outcome = clean_record(RawRecord("page", "page.html", "html", html.encode(), payload="html"), limits)
    return outcome, time.perf_counter() - started


def test_nesting_depth_counts_what_is_written() -> None:
    assert nesting_depth("<html><body><div><p>a</p><br><img src=x><p>b</p></div></body></html>") == 4
    assert nesting_depth("<ul><li>one<li>two<li>three</ul>") == 4  # implicit closes count as open
    assert nesting_depth("plain text < 3 and > 2") == 0


def test_html_nested_100000_deep_is_rejected_at_once() -> None:
    html = "<html><body>" + "<div>" * 100_000 + PARAGRAPH + "</div>" * 100_000 + "</body></html>"
    outcome, seconds = clean_page(html)
    assert isinstance(outcome, Reject) and outcome.reason == "too_deep", outcome
    assert seconds < 5  # lexbor alone would take about 20 s


def test_html_with_a_million_tags_is_rejected_at_once() -> None:
    outcome, seconds = clean_page("<html><body>" + "<b>x</b>" * 1_000_000 + "</body></html>")
    assert isinstance(outcome, Reject) and outcome.reason == "too_many_tags", outcome
    assert seconds < 5


def test_a_deep_but_legal_page_is_cleaned() -> None:
    html = "<html><body>" + "<div>" * 100 + PARAGRAPH * 3 + "</div>" * 100 + "</body></html>"
    outcome, _ = clean_page(html)
    assert isinstance(outcome, Article) and "council voted" in outcome.body


def slow_page() -> str:
    """A legal page that takes seconds: tens of thousands of distinct paragraphs."""
    return "<html><body>" + "".join(f"<p>Paragraph {n} says {n * 7} things about item {n}.</p>" for n in range(40_000))


def test_a_record_that_runs_out_of_time_is_rejected_as_too_slow() -> None:
    outcome, seconds = clean_page(slow_page(), replace(DEFAULT_LIMITS, max_seconds=0.3))
    assert isinstance(outcome, Reject) and outcome.reason == "too_slow", outcome
    assert seconds < 10, "cut short, give or take one call into C code"


def test_the_time_limit_works_in_a_worker_thread() -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        outcome, _ = pool.submit(clean_page, slow_page(), replace(DEFAULT_LIMITS, max_seconds=0.3)).result()
    assert isinstance(outcome, Reject) and outcome.reason == "too_slow", outcome


def test_a_time_limit_that_is_not_reached_leaves_nothing_behind() -> None:
    for _ in range(200):
        with time_limit(0.001):
            pass  # the timer may fire as the block ends: its exception must be withdrawn
    time.sleep(0.05)
    with pytest.raises(RecordTimeout), time_limit(0.05):
        while True:
            time.sleep(0.001)


def test_attributes_are_counted_as_a_browser_reads_the_tags() -> None:
    """Quotes open a value only after `=`, a quoted `>` ends no tag, `<` inside a script opens none: the
    count cannot be dodged by a `>` in a value, nor inflated by the stray quotes real pages hold."""
    names = " ".join(f"b{n}" for n in range(40))
    assert attribute_pairs(f'<div a=">" {names}>') == (41 * 40 // 2, 41)
    assert attribute_pairs(f'<div a=b"c {names}>') == (41 * 40 // 2, 41)
    assert attribute_pairs(
        f'<a href="https://example.com/sharer/sharer.php?u=https://example.com/story&s="">{names}</a>'
    ) == (1, 2)
    script = "<script>if (a<b && c>d) { x = '<div " + names + ">' }</script><p>text</p>"
    assert attribute_pairs(script) == (0, 0)
    assert attribute_pairs(f"<!-- <div {names}> -->") == (0, 0)


def test_a_page_with_an_element_of_200000_attributes_is_rejected_at_once() -> None:
    attributes = " ".join(f"data-a{n}=x" for n in range(200_000))
    outcome, seconds = clean_page(f"<html><body><div {attributes}>{PARAGRAPH}</div></body></html>")
    assert isinstance(outcome, Reject) and outcome.reason == "too_many_attributes", outcome
    assert seconds < 30, "lexbor alone takes minutes over it"


@pytest.mark.parametrize("line", ['<a "' * 500_000, "<a='" * 500_000, '<a b="<a b="' * 200_000, "<" * 2_000_000])
def test_the_attribute_count_is_linear_on_adversarial_markup(line: str) -> None:
    started = time.perf_counter()
    attribute_pairs(line)
    assert time.perf_counter() - started < 10  # a backtracking scan would take hours


# A fresh process cleans one text and one page with a time limit shorter than loading the models, the language
# identifier and the HTML path takes (about half a second), and prints each outcome's type and reason.
FIRST_RECORDS = """
import sys
from dataclasses import replace
from newsclean.clean import clean_record
from newsclean.model import RawRecord
from newsclean.settings import DEFAULT_LIMITS
limits = replace(DEFAULT_LIMITS, max_seconds=float(sys.argv[1]))
text = b"Council approves plan\\nThe council approved the plan on Monday after a long debate in the chamber."
page = b"<html><body><p>The council approved the plan on Monday after a long debate in the chamber.</p></body></html>"
for record in (RawRecord("t", "t.txt", "txt", text), RawRecord("p", "p.html", "html", page, payload="html")):
    outcome = clean_record(record, limits)
    print(type(outcome).__name__, getattr(outcome, "reason", ""))
"""


def test_a_processs_first_records_are_not_cut_short_by_loading_the_models() -> None:
    """The loading is done before the time limit starts (newsclean.clean.warm_up): a worker's first record
    is judged by its own cost, as every other is."""
    found = subprocess.run(
        [sys.executable, "-c", FIRST_RECORDS, "0.25"], capture_output=True, text=True, timeout=120, check=True
    )
    assert found.stdout.split("\n")[:2] == ["Article ", "Article "], found.stdout + found.stderr
