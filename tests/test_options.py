"""The run's options reach every step that reads them: they travel with the record and the document
(`clean_record(record, limits)` -> `assign_roles(..., limits)` -> `Doc.limits`), never through a global."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow.dataset as ds

from newsclean.clean import clean_record
from newsclean.model import Article, RawRecord
from newsclean.report import Report
from newsclean.settings import limits_with
from newsclean.update import open_update
from newsclean.vocab import Rule

SRC = Path(__file__).resolve().parents[1] / "src" / "newsclean"

# The fourth line repeats the second nearly word for word, without its full stop: a caption that repeats
# a body sentence, found by fuzzy comparison, which max_fuzzy_chars bounds.
LINES = [
    "The mayor opened the new bridge over the river on Monday morning with a short speech to the crowd.",
    "Hundreds of residents walked across it in the first hour, and many said they had waited a long time.",
    "The mayor opens the new bridge over the river on Monday morning with a short speech to the crowd",
    "The council said the bridge cost less than planned and was finished two weeks early this spring.",
    "Traffic on the old crossing is expected to fall by half now that the new one is open to all.",
]
TEXT = "Bridge opens after two years of work\n\n" + "\n".join(LINES) + "\n"
PARAGRAPHS = "".join(f"<p>{line}</p>" for line in LINES)
PAGE = (
    f"<html><head><title>Bridge</title></head><body><article><h1>Bridge opens</h1>{PARAGRAPHS}</article></body></html>"
)
REPEAT = LINES[2]


def rule_of_repeat(record: RawRecord, overrides: dict[str, float] | None) -> str | None:
    article = clean_record(record, limits_with(overrides))
    assert isinstance(article, Article), article
    (seg,) = [s for s in article.segments if s.text == REPEAT]
    return seg.rule


def test_max_fuzzy_chars_reaches_the_text_paths_caption_rule() -> None:
    record = RawRecord("d", "d.txt", "txt", TEXT.encode())
    assert rule_of_repeat(record, None) == Rule.CAPTION_REPEATS_BODY
    assert rule_of_repeat(record, {"max_fuzzy_chars": 10}) != Rule.CAPTION_REPEATS_BODY


def test_max_fuzzy_chars_reaches_the_html_paths_caption_rule() -> None:
    record = RawRecord("d", "d.html", "html", PAGE.encode(), payload="html")
    assert rule_of_repeat(record, None) == Rule.CAPTION_REPEATS_BODY
    assert rule_of_repeat(record, {"max_fuzzy_chars": 10}) != Rule.CAPTION_REPEATS_BODY


def repeat_rules(out: Path) -> list[str]:
    segments = ds.dataset(out / "segments", format="parquet").to_table().to_pylist()
    return [s["rule"] for s in segments if s["text"] == REPEAT]


def test_a_runs_limits_reach_the_rules_in_its_batches(tmp_path: Path) -> None:
    """The whole chain a run takes: open_update -> Batch -> run_batch -> clean_record -> the roles."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "bridge.txt").write_text(TEXT)
    for out, overrides, expected in (("default", None, True), ("limited", {"max_fuzzy_chars": 10}, False)):
        report = Report()
        with open_update(raw, tmp_path / out, limits=limits_with(overrides)) as run:
            for batch in run.batches(workers=1):
                report.merge(batch.run())
            run.finish(report)
        assert (repeat_rules(tmp_path / out) == [Rule.CAPTION_REPEATS_BODY]) is expected


def test_no_step_reads_a_limit_from_the_global_defaults() -> None:
    """DEFAULT_LIMITS may be a parameter's default, never read field by field inside a step."""
    readers = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"DEFAULT_LIMITS\.\w", line)
    ]
    assert not readers
