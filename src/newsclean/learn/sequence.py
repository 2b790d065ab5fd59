"""Column work both learned decisions share: the features of a row's neighbours (a block's on a page, a
line's in a text), named alike, computed with numpy over the whole document at once."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

MISSING = -1.0  # a neighbour before the first row or after the last


def neighbour_name(name: str, step: int) -> str:
    """The name of a neighbour's feature: prev_x, next_x, prev2_x..."""
    return f"{'prev' if step > 0 else 'next'}{abs(step) if abs(step) > 1 else ''}_{name}"


def neighbour_names(steps_by_name: Mapping[str, tuple[int, ...]]) -> tuple[str, ...]:
    return tuple(neighbour_name(name, step) for name, steps in steps_by_name.items() for step in steps)


def shift(column: np.ndarray, by: int, fill: float = MISSING) -> np.ndarray:
    """The column of the row `by` places before (negative: after) each row."""
    out = np.full_like(column, fill)
    if by > 0:
        out[by:] = column[:-by]
    elif by < 0:
        out[:by] = column[-by:]
    return out


def neighbours(
    columns: Mapping[str, np.ndarray], steps_by_name: Mapping[str, tuple[int, ...]]
) -> dict[str, np.ndarray]:
    """Every named neighbour column (`neighbour_names` order)."""
    return {
        neighbour_name(name, step): shift(columns[name], step)
        for name, steps in steps_by_name.items()
        for step in steps
    }


def window_mean(column: np.ndarray, width: int) -> np.ndarray:
    """The mean over each row's window of 2 * width + 1 rows (cut at the document's ends)."""
    padded = np.concatenate([[0.0], np.cumsum(column, dtype=np.float64)])
    n = len(column)
    index = np.arange(n)
    low, high = np.maximum(index - width, 0), np.minimum(index + width + 1, n)
    return ((padded[high] - padded[low]) / (high - low)).astype(np.float32)
