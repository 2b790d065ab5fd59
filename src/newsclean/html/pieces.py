"""What the HTML path takes off a page before extraction: each piece becomes a segment."""

from __future__ import annotations

from dataclasses import dataclass

from newsclean.model import Embed


@dataclass(frozen=True, slots=True)
class Piece:
    role: str
    rule: str
    text: str
    value: Embed | None = None
    matched: str | None = None  # the CSS selector that took it off the page
