"""Limits and options with their defaults, in one place. Every limit turns an oversized record into a
reject with a reason instead of a hang or an out-of-memory kill."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1 << 20
GiB = 1 << 30


@dataclass(frozen=True, slots=True)
class Limits:
    max_record_bytes: int = 16 * MiB  # raw bytes of one record (a file, a JSONL line, a WARC body)
    # Decompressed bytes of one gzip file, against gzip bombs. Records are streamed, so this bounds time, not
    # memory; it is high because a 1 GB .warc.gz of web pages inflates to several GB.
    max_decompressed_bytes: int = 8 * GiB
    max_lines: int = 50_000  # lines of one text record
    max_html_tags: int = 250_000  # start and end tags of one page (a large real page has tens of thousands)
    # Nesting depth of a page's tags as written (implicitly closed ones count as open). Real pages stay under
    # about 2,000 by this count; the parser's cost grows with the square of the depth.
    max_dom_depth: int = 5_000
    max_seconds: float | None = 30.0  # wall time to clean one record (the devset's slowest page takes ~1 s)
    max_fuzzy_chars: int = 2_000  # longer lines are compared exactly, not fuzzily (cost is quadratic)


DEFAULT_LIMITS = Limits()
