"""Limits and options with their defaults, in one place. Every limit turns an oversized record into a
reject with a reason instead of a hang or an out-of-memory kill. Also: the roots that folder parameters
coming from the UI must stay under."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

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
    # Pairs of attributes within one element, summed over the page's elements: the parsers compare each
    # attribute with the ones before it (one <div> with 200,000 attributes: 2e10 pairs, minutes in C code).
    # The devset's pages stay under 20,000; this limit costs the parsers about a tenth of a second.
    max_attribute_pairs: int = 10_000_000
    max_seconds: float | None = 30.0  # wall time to clean one record (the devset's slowest page takes ~1 s)
    max_fuzzy_chars: int = 2_000  # longer lines are compared exactly, not fuzzily (cost is quadratic)


DEFAULT_LIMITS = Limits()


def limits_with(overrides: Mapping[str, float | int | None] | None) -> Limits:
    """DEFAULT_LIMITS with some fields replaced, by name: {"max_seconds": 10}. Unknown names raise ValueError."""
    if not overrides:
        return DEFAULT_LIMITS
    names = {f.name: f.type for f in fields(Limits)}
    unknown = sorted(set(overrides) - set(names))
    if unknown:
        raise ValueError(f"unknown limit {', '.join(unknown)}; the limits are {', '.join(names)}")
    values = {name: _limit_value(name, value) for name, value in overrides.items()}
    return replace(DEFAULT_LIMITS, **values)


def _limit_value(name: str, value: float | int | None) -> float | int | None:
    """A limit's value checked: positive and finite, a whole number but for the time limit (None: none)."""
    if value is None and name == "max_seconds":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"limit {name} must be a positive number, not {value!r}")
    if name == "max_seconds":
        return float(value)
    if value != int(value):
        raise ValueError(f"limit {name} must be a whole number, not {value!r}")
    return int(value)


ROOTS_VARIABLE = "NEWSCLEAN_ROOTS"


class PathNotAllowed(ValueError):
    """A folder parameter that resolves outside the configured roots."""


def allowed_roots() -> list[Path] | None:
    """The folders runs may read and write under (NEWSCLEAN_ROOTS, separated by ':'); None: anywhere."""
    value = os.environ.get(ROOTS_VARIABLE, "")
    roots = [Path(part).expanduser().resolve() for part in value.split(os.pathsep) if part.strip()]
    return roots or None


def resolve_folder(path: str, what: str, roots: list[Path] | None) -> Path:
    """`path` made absolute with every symlink and '..' resolved, and checked to lie under one of `roots`."""
    resolved = Path(path).expanduser().resolve()
    if roots is not None and not any(resolved.is_relative_to(root) for root in roots):
        allowed = ", ".join(str(root) for root in roots)
        raise PathNotAllowed(f"{what} {resolved} is outside the allowed roots ({ROOTS_VARIABLE}={allowed})")
    return resolved
