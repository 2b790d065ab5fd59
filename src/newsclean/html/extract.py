"""Body text from the pruned page, by trafilatura (metadata comes from newsclean.html.metadata)."""

from __future__ import annotations

import re

import trafilatura

from newsclean.normalise import normalise_text

# trafilatura's fast mode skips its comparison with readability and jusText. Most pruned pages do not
# need it; a fast result holding less than this share of the page's text (or very little) is redone in
# full mode, where the comparison recovers what the fast mode missed.
FULL_MODE_BELOW_SHARE = 0.1
FULL_MODE_BELOW_CHARS = 300


# Loose text: a run of text (with its inline markup) right after the end of a block, e.g. an article
# written as text and <br>s after the <div> holding its lead photo. trafilatura drops a block's tail, so
# each such run gets a <p> of its own; the parser ends that paragraph where the next block starts or
# the container ends (the start tag is enough). The page is lexbor's serialisation: every end tag is there.
_LOOSE_TEXT = re.compile(
    r"(</(?:div|section|article|aside|header|footer|nav|figure|table|ul|ol|dl|blockquote|form|h[1-6]|p|pre)>)"
    r"(?=[ \t\r\n]*[^ \t\r\n<])"
)


def wrap_loose_text(html: str) -> str:
    """The page with every run of text that follows a block's end tag opened as a paragraph."""
    return _LOOSE_TEXT.sub(r"\1<p>", html)


def extract(html: str, url: str | None, page_chars: int) -> list[str]:
    """trafilatura over the pruned page: its text lines (paragraphs, headings, list items), normalised."""
    html = wrap_loose_text(html)
    text = _trafilatura(html, url, fast=True)
    if len(text) < max(FULL_MODE_BELOW_SHARE * page_chars, FULL_MODE_BELOW_CHARS):
        text = _trafilatura(html, url, fast=False)
    return [line for line in normalise_text(text).split("\n") if line]


def _trafilatura(html: str, url: str | None, *, fast: bool) -> str:
    found = trafilatura.bare_extraction(
        html, url=url, fast=fast, include_comments=False, include_tables=True, include_images=False
    )
    return (found.text or "") if found is not None else ""
