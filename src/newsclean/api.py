"""The Python API: clean one page or one text held in memory, without files, Prefect or a run.

    import newsclean

    article = newsclean.clean_html(html, url="https://example.org/news/1")
    article.title, article.body, article.captions, article.lang
    [(s.role, s.rule, s.matched, s.text) for s in article.segments]

Both return the `Article` a run would write as a row of `articles` (its `segments` the rows of `segments`),
and raise `Rejected` (with the `rejects` table's reason and detail) for an input a run would reject.
"""

from __future__ import annotations

import hashlib

from newsclean.clean import clean_record
from newsclean.model import Article, RawRecord, Reject
from newsclean.settings import DEFAULT_LIMITS, Limits


class Rejected(ValueError):
    """The input cannot be cleaned: `reason` is the `rejects` table's short code, `detail` its sentence."""

    def __init__(self, reject: Reject) -> None:
        super().__init__(f"{reject.reason}: {reject.detail}")
        self.reason = reject.reason
        self.detail = reject.detail


def clean_html(html: str | bytes, url: str | None = None, *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """The article of one HTML page. `url`, the page's address, resolves relative links and names the
    article's `url` and `domain` (else the page's canonical link does). Bytes are decoded as a run decodes
    them (byte-order mark, declared charset, UTF-8, detection)."""
    data = html.encode("utf-8") if isinstance(html, str) else html
    return _cleaned(RawRecord(_doc_id(data), "", "html", data, payload="html", url=url), limits)


def clean_text(text: str | bytes, *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """The article of one text already pulled off a page, one block per line (as a `.txt` input)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return _cleaned(RawRecord(_doc_id(data), "", "txt", data), limits)


def _doc_id(data: bytes) -> str:
    """A document held in memory has no path: its doc_id is the start of its content hash."""
    return hashlib.sha256(data).hexdigest()[:16]


def _cleaned(record: RawRecord, limits: Limits) -> Article:
    outcome = clean_record(record, limits)
    if isinstance(outcome, Reject):
        raise Rejected(outcome)
    return outcome
