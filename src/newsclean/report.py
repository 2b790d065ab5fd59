"""What a batch (and, merged, a run) did: documents read, cleaned and rejected, segments per role and
per rule, rejects per reason, and the slowest documents."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

SLOWEST_KEPT = 10


@dataclass
class Report:
    read: int = 0
    cleaned: int = 0
    rejected: int = 0
    roles: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    slowest: list[tuple[float, str]] = field(default_factory=list)  # (seconds, doc_id), slowest first
    doc_ids: list[str] = field(default_factory=list)  # every doc_id written, for the accounting check

    def merge(self, other: Report) -> Report:
        self.read += other.read
        self.cleaned += other.cleaned
        self.rejected += other.rejected
        self.roles.update(other.roles)
        self.rules.update(other.rules)
        self.reasons.update(other.reasons)
        self.slowest = sorted([*self.slowest, *other.slowest], reverse=True)[:SLOWEST_KEPT]
        self.doc_ids.extend(other.doc_ids)
        return self

    def timed(self, seconds: float, doc_id: str) -> None:
        if len(self.slowest) < SLOWEST_KEPT or seconds > self.slowest[-1][0]:
            self.slowest = sorted([*self.slowest, (seconds, doc_id)], reverse=True)[:SLOWEST_KEPT]

    def summary(self) -> str:
        """The run's one line."""
        roles = ", ".join(f"{role} {n}" for role, n in self.roles.most_common())
        reasons = ", ".join(f"{reason} {n}" for reason, n in self.reasons.most_common())
        return (
            f"documents read {self.read}, cleaned {self.cleaned}, rejected {self.rejected}"
            + (f" ({reasons})" if reasons else "")
            + (f"; segments: {roles}" if roles else "")
        )
