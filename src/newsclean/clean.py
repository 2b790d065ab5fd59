"""The pipeline for one record: decode -> normalise -> segment -> assign roles -> assemble.

`clean_record` never raises: whatever goes wrong becomes a Reject with a reason and a sentence.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from functools import cache
from pathlib import Path

from newsclean.assemble import assemble
from newsclean.bounds import OverLimit, RecordTimeout, check_markup, time_limit
from newsclean.model import Article, Outcome, Payload, RawRecord, Reject
from newsclean.normalise import normalise_text
from newsclean.read.decode import DecodeError, decode_bytes, meta_charset
from newsclean.roles import assign_roles
from newsclean.segment import segment_lines
from newsclean.settings import DEFAULT_LIMITS, Limits
from newsclean.vocab import Reason


def clean_record(record: RawRecord, limits: Limits = DEFAULT_LIMITS, model_folder: Path | None = None) -> Outcome:
    """The record's article, or its reject. `model_folder` holds other models than the shipped ones (the
    quality benchmarks' leave-one-corpus-out models)."""
    warm_up(record.payload, model_folder)
    try:
        with time_limit(limits.max_seconds):
            return _clean(record, limits, model_folder)
    except RecordTimeout:
        return _reject(record, Reason.TOO_SLOW, f"Cleaning took longer than the limit of {limits.max_seconds:g} s.")
    except (DecodeError, OverLimit) as exc:
        return _reject(record, exc.reason, exc.detail)
    except Exception as exc:  # a bug must cost one record, not the run: report it as a reject
        return _reject(record, Reason.INTERNAL_ERROR, f"Cleaning failed with {type(exc).__name__}: {exc}"[:500])


# What a process cleans once per kind of record before its first one (warm_up): a headline, sentences enough for
# the language identifier, a credit line.
_WARM_UP_LINES = (
    "Council approves the riverside plan",
    "The council approved the plan on Monday after a long debate in the chamber.",
    "Residents who had opposed it said they would consider an appeal next month.",
    "Photo: Jo Li/Reuters",
)


@cache
def warm_up(payload: Payload = "text", model_folder: Path | None = None) -> None:
    """Load what cleaning loads on first use (the models, the language identifier, the rule tables; for HTML,
    the HTML path and its libraries: about half a second in all) by cleaning a small document of the kind
    once per process, outside any time limit: a worker's first record is then neither timed with the
    loading (the run report's slowest documents) nor cut short by it (`max_seconds`). A failure here is
    left for the records themselves to report."""
    if payload == "html":
        page = "<html><body>" + "".join(f"<p>{line}</p>" for line in _WARM_UP_LINES) + "</body></html>"
        record = RawRecord("warm-up", "warm-up.html", "html", page.encode("utf-8"), payload="html")
    else:
        record = RawRecord("warm-up", "warm-up.txt", "txt", "\n".join(_WARM_UP_LINES).encode("utf-8"))
    with contextlib.suppress(Exception):
        _clean(record, DEFAULT_LIMITS, model_folder)


def clean_text(text: str, doc_id: str = "text", source: str = "") -> Outcome:
    """Clean a text that is already in memory (tests, notebooks)."""
    record = RawRecord(doc_id, source or f"{doc_id}.txt", "txt", text.encode("utf-8"))
    return clean_record(record)


def _clean(record: RawRecord, limits: Limits, model_folder: Path | None) -> Outcome:
    if not record.data:
        return _reject(record, Reason.EMPTY, "The record has no bytes.")
    declared = record.declared_charset or (meta_charset(record.data) if record.payload == "html" else None)
    text = decode_bytes(record.data, declared)
    if not text.strip():
        return _reject(record, Reason.EMPTY, "The record holds only white space.")
    if text.count("\n") >= limits.max_lines:
        return _reject(record, Reason.TOO_MANY_LINES, f"The text has more than {limits.max_lines:,} lines.")
    if record.payload == "html":
        check_markup(text, limits)
    if record.payload == "html":
        article = _clean_page(record, text, limits, model_folder)
    else:
        article = _clean_lines(record, text, limits)
    if not article.paragraphs:
        return _reject(record, Reason.NO_TEXT, _no_text_detail(article))
    return article


def _clean_page(record: RawRecord, text: str, limits: Limits, model_folder: Path | None) -> Article:
    """The HTML path, imported on a process's first page: trafilatura, lxml and htmldate cost a worker
    of a text-only run 40 MB it never uses."""
    from newsclean.html import clean_html

    return clean_html(record, text, limits, model_folder)


def _clean_lines(record: RawRecord, text: str, limits: Limits) -> Article:
    segments = segment_lines(normalise_text(text))
    doc = assign_roles(segments, limits=limits)
    return assemble(record, segments, doc.lang)


def _no_text_detail(article: Article) -> str:
    roles = Counter(s.role for s in article.segments)
    found = ", ".join(f"{n} {role}" for role, n in roles.most_common()) or "nothing"
    return f"No line was judged to be article body (found: {found})."


def _reject(record: RawRecord, reason: str, detail: str) -> Reject:
    return Reject(record.doc_id, record.source, reason, detail, record.sha256)
