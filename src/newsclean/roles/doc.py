"""The document the role passes work on: its segments and the document-wide facts rules consult."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from newsclean import lang as language
from newsclean.model import BODY, Segment
from newsclean.settings import DEFAULT_LIMITS, Limits
from newsclean.text import features
from newsclean.vocab import Rule

# Under this share of long lines ending a sentence, a text is not punctuated prose and the rules that
# read a missing full stop as a sign (captions, headlines) stand down.
PROSE_SHARE = 0.6
LONG_LINE_WORDS = 12


@dataclass
class Doc:
    segments: list[Segment]
    header_end: int = 0  # seq of the first body paragraph; lines before it are the header zone
    limits: Limits = DEFAULT_LIMITS  # the run's limits, carried with the document: rules never read a global
    kept_rule: str = Rule.BODY_MODEL  # HTML path: the rule of the model that kept the blocks the rules leave

    def undecided(self, start: int = 0, stop: int | None = None) -> Iterator[Segment]:
        return (s for s in self.segments[start:stop] if s.role is None)  # `not s.decided`, without the call

    def before(self, seg: Segment) -> Segment | None:
        return self.segments[seg.seq - 1] if seg.seq > 0 else None

    def after(self, seg: Segment) -> Segment | None:
        return self.segments[seg.seq + 1] if seg.seq + 1 < len(self.segments) else None

    def next_undecided(self, seg: Segment) -> Segment | None:
        return next(self.undecided(seg.seq + 1), None)

    def may_be_body(self) -> Iterator[Segment]:
        """Segments no rule has taken out of the body (yet)."""
        return (s for s in self.segments if s.role in (None, BODY))

    @cached_property
    def lang(self) -> str | None:
        """The document's language (ISO 639-1), or None when it cannot be told. Read when a pass first asks
        (the phrase lines, before any text-path line is decided), from the lines that may be body: on a page,
        the blocks the body model kept."""
        return language.detect(s.text for s in self.may_be_body())

    @cached_property
    def is_prose(self) -> bool:
        """Whether the lines that may be body are punctuated prose. Read once, after the phrase and
        structure passes, so that boilerplate does not sway it (and a cleaned body answers alike)."""
        long_lines = [s.text for s in self.may_be_body() if features.word_count(s.text) >= LONG_LINE_WORDS]
        if not long_lines:
            return False
        return sum(features.ends_sentence(t) for t in long_lines) >= PROSE_SHARE * len(long_lines)

    @cached_property
    def lowercase_words(self) -> frozenset[str]:
        """Words written in lower case in the full-stopped lines that may be body: ordinary words, not
        names. (Only full-stopped lines: no later rule takes those out of the body.)"""
        return frozenset(
            w
            for s in self.may_be_body()
            if features.ends_sentence(s.text)
            for w in features.alpha_words(s.text)
            if w.islower()
        )

    @cached_property
    def char_offsets(self) -> list[int]:
        """Characters before each segment: where in the document a segment stands."""
        offsets, total = [], 0
        for seg in self.segments:
            offsets.append(total)
            total += len(seg.text) + 1
        offsets.append(total)
        return offsets

    def position(self, seg: Segment) -> float:
        """0.0 at the start of the document, 1.0 at its end."""
        total = self.char_offsets[-1] or 1
        return self.char_offsets[seg.seq] / total
