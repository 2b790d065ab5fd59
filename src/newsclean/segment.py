"""Step 3, segment: a normalised text becomes its non-blank lines, numbered from 0."""

from __future__ import annotations

from newsclean.model import Segment


def segment_lines(text: str) -> list[Segment]:
    """One Segment per non-blank line of a normalised text (lines are already stripped)."""
    return [Segment(seq, line) for seq, line in enumerate(line for line in text.split("\n") if line)]
