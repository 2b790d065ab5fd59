"""numpy forms the hot paths need where numpy's own general ones are slow on their inputs.

`np.unique` on integers hashes and then sorts what it found (numpy 2.3 on): on the few thousand integers of a
text's words or a candidate list it takes about four times as long as a sort and a comparison of neighbours,
which is all a sorted set needs. tests/test_speed_identity.py holds each form to numpy's own.
"""

from __future__ import annotations

import numpy as np


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: np.unique(values)."""
    ordered = np.sort(values)
    return ordered[_starts(ordered)]


def distinct_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, sorted, and how often each occurs: np.unique(values, return_counts=True)."""
    ordered = np.sort(values)
    starts = np.flatnonzero(_starts(ordered))
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


def _starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values in a sorted array begins."""
    starts = np.empty(len(ordered), dtype=bool)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    return starts
