"""Column work both learned decisions share: the features of a row's neighbours (a block's on a page, a
line's in a text), named alike, computed with numpy over the whole document at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

MISSING = -1.0  # a neighbour before the first row or after the last


def neighbour_name(name: str, step: int) -> str:
    """The name of a neighbour's feature: prev_x, next_x, prev2_x..."""
    return f"{'prev' if step > 0 else 'next'}{abs(step) if abs(step) > 1 else ''}_{name}"


def neighbour_names(steps_by_name: Mapping[str, tuple[int, ...]]) -> tuple[str, ...]:
    return tuple(neighbour_name(name, step) for name, steps in steps_by_name.items() for step in steps)


def side_by_side(columns: Sequence[np.ndarray]) -> np.ndarray:
    """Equal-length columns as the columns of one matrix: np.column_stack's result, built as rows and
    transposed (a view), which costs half as much on a text's few hundred rows."""
    return np.array(columns).T


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
    """Every named neighbour column (`neighbour_names` order). The columns one step asks for (of one
    dtype) are shifted together as one matrix: a text's table is small, and numpy's cost per call, not
    per row, is what a column at a time spent."""
    asked: dict[tuple[int, np.dtype], list[str]] = {}
    for name, steps in steps_by_name.items():
        for step in steps:
            asked.setdefault((step, columns[name].dtype), []).append(name)
    found: dict[str, np.ndarray] = {}
    for (step, _), names in asked.items():
        moved = shift(side_by_side([columns[name] for name in names]), step)
        found |= {neighbour_name(name, step): moved[:, k] for k, name in enumerate(names)}
    return {name: found[name] for name in neighbour_names(steps_by_name)}


def window_means(
    columns: Mapping[str, np.ndarray], names: Sequence[str], widths: Mapping[str, int]
) -> dict[str, np.ndarray]:
    """`<kind>_<name>` for each kind of window in `widths` and each named column: the column's mean over
    each row's window of 2 * width + 1 rows (cut at the document's ends). One cumulative sum serves every
    column and width (computed a column and a width at a time, the windows cost a fifth of a text's table)."""
    n = len(columns[names[0]])
    stacked = side_by_side([columns[name] for name in names])
    padded = np.concatenate([np.zeros((1, len(names))), np.cumsum(stacked, axis=0, dtype=np.float64)])
    index = np.arange(n)
    out: dict[str, np.ndarray] = {}
    for kind, width in widths.items():
        low, high = np.maximum(index - width, 0), np.minimum(index + width + 1, n)
        means = ((padded[high] - padded[low]) / (high - low)[:, None]).astype(np.float32)
        out |= {f"{kind}_{name}": means[:, k] for k, name in enumerate(names)}
    return out
