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
    max_fuzzy_chars: int = 2_000  # longer lines are compared exactly, not fuzzily (cost is quadratic)


DEFAULT_LIMITS = Limits()
