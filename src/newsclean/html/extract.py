"""Body text from the pruned page, by trafilatura (metadata comes from newsclean.html.metadata)."""

from __future__ import annotations

import trafilatura

from newsclean.normalise import normalise_text


def extract(html: str, url: str | None) -> list[str]:
    """trafilatura over the pruned page: its text lines (paragraphs, headings, list items), normalised."""
    found = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=True, include_images=False, with_metadata=False
    )
    if found is None:
        return []
    return [line for line in normalise_text(found.text or "").split("\n") if line]
