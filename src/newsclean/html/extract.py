"""Body text from the pruned page, by trafilatura (metadata comes from newsclean.html.metadata)."""

from __future__ import annotations

import trafilatura

from newsclean.normalise import normalise_text

# trafilatura's fast mode skips its comparison with readability and jusText. Most pruned pages do not
# need it; a fast result holding less than this share of the page's text (or very little) is redone in
# full mode, where the comparison recovers what the fast mode missed.
FULL_MODE_BELOW_SHARE = 0.1
FULL_MODE_BELOW_CHARS = 300


def extract(html: str, url: str | None, page_chars: int) -> list[str]:
    """trafilatura over the pruned page: its text lines (paragraphs, headings, list items), normalised."""
    text = _trafilatura(html, url, fast=True)
    if len(text) < max(FULL_MODE_BELOW_SHARE * page_chars, FULL_MODE_BELOW_CHARS):
        text = _trafilatura(html, url, fast=False)
    return [line for line in normalise_text(text).split("\n") if line]


def _trafilatura(html: str, url: str | None, *, fast: bool) -> str:
    found = trafilatura.bare_extraction(
        html, url=url, fast=fast, include_comments=False, include_tables=True, include_images=False
    )
    return (found.text or "") if found is not None else ""
