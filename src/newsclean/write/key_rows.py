"""Rows by 64-bit key, in little memory: the story-cluster index's lookups from a band key or a story key to
the indexed articles holding it.

A Python dict of lists costs about 200 bytes a (key, row) pair, and the index holds some 80 pairs an article
(32 band keys, about 50 story keys): 1.6 GB for 100,000 articles. Here the pairs live in two sorted numpy
arrays (12 bytes a pair) and a dict of the pairs added since the last merge, merged in when it holds
MERGE_AT of them: lookups see both, rows come out in the order they were added.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

MERGE_AT = 1 << 18  # pairs the dict of recent additions holds before they are merged into the arrays


class KeyRows:
    """A multimap from int64 keys to int32 rows (rows added in ascending order)."""

    def __init__(self, merge_at: int = MERGE_AT) -> None:
        self.keys = np.zeros(0, np.int64)
        self.rows = np.zeros(0, np.int32)
        self.recent: defaultdict[int, list[int]] = defaultdict(list)
        self.pending = 0
        self.merge_at = merge_at

    def add(self, keys: np.ndarray, row: int) -> None:
        """`row` holds each of `keys` (no key twice)."""
        for key in keys.tolist():
            self.recent[key].append(row)
        self.pending += len(keys)
        if self.pending >= self.merge_at:
            self.merge()

    def load(self, keys: np.ndarray, rows: np.ndarray) -> None:
        """Many pairs at once (an index read back): one sort, not a merge every MERGE_AT pairs, whose
        sorts of the whole arrays made reading 100,000 articles' 8 million pairs take 20 s."""
        self.merge()
        keys = np.concatenate([self.keys, keys.astype(np.int64, copy=False)])
        rows = np.concatenate([self.rows, rows.astype(np.int32, copy=False)])
        order = np.lexsort((rows, keys))
        self.keys, self.rows = keys[order], rows[order]

    def merge(self) -> None:
        """Move the recent pairs into the sorted arrays (by key, then row)."""
        counts = [len(rows) for rows in self.recent.values()]
        keys = np.concatenate([self.keys, np.repeat(np.fromiter(self.recent, np.int64, len(counts)), counts)])
        added = np.fromiter((row for rows in self.recent.values() for row in rows), np.int32, self.pending)
        rows = np.concatenate([self.rows, added])
        order = np.lexsort((rows, keys))
        self.keys, self.rows = keys[order], rows[order]
        self.recent.clear()
        self.pending = 0

    def holders(self, keys: np.ndarray, fewer_than: int | None = None) -> list[np.ndarray]:
        """For each key, the rows holding it, ascending; with `fewer_than`, only the keys held by fewer rows
        than that (a key many rows hold is not looked at row by row)."""
        starts = np.searchsorted(self.keys, keys, "left")
        ends = np.searchsorted(self.keys, keys, "right")
        found = []
        for key, start, end in zip(keys.tolist(), starts.tolist(), ends.tolist(), strict=True):
            recent = self.recent.get(key, ())
            if fewer_than is not None and end - start + len(recent) >= fewer_than:
                continue
            merged = self.rows[start:end]
            found.append(np.concatenate([merged, np.array(recent, np.int32)]) if recent else merged)
        return found
