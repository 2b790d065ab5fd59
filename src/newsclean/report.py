"""What a batch (and, merged, a run) did: documents read (cleaned or rejected), found unchanged, segments
per role and per rule, rejects per reason, and the slowest documents."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

SLOWEST_KEPT = 10
WARNINGS_KEPT = 200  # a run that warns about every file of a large folder names the first 200, and counts all


@dataclass
class Report:
    read: int = 0
    cleaned: int = 0
    rejected: int = 0
    unchanged: int = 0  # records found with the bytes an earlier run cleaned: not cleaned again
    roles: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    slowest: list[tuple[float, str]] = field(default_factory=list)  # (seconds, doc_id), slowest first
    # What the run could not do as asked and how it made up for it (a folder it could not list, a file it
    # could not read, a damaged part file it repaired): one sentence each, naming the path.
    warnings: list[str] = field(default_factory=list)
    warned: int = 0  # warnings in all, those past WARNINGS_KEPT included
    unread: list[str] = field(default_factory=list)  # input files whose read failed: read again next run
    clusters: Any = None  # the run-level story clusters step's counts (newsclean.write.clusters.ClusterCounts)

    def merge(self, other: Report) -> Report:
        self.read += other.read
        self.cleaned += other.cleaned
        self.rejected += other.rejected
        self.unchanged += other.unchanged
        self.roles.update(other.roles)
        self.rules.update(other.rules)
        self.reasons.update(other.reasons)
        self.slowest = sorted([*self.slowest, *other.slowest], reverse=True)[:SLOWEST_KEPT]
        self.warnings = (self.warnings + other.warnings)[:WARNINGS_KEPT]
        self.warned += other.warned
        self.unread += other.unread
        return self

    def warn(self, sentence: str) -> None:
        """Record one warning (the run goes on: it made up for what went wrong, and says so)."""
        self.warned += 1
        if len(self.warnings) < WARNINGS_KEPT:
            self.warnings.append(sentence)

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
            + (f", unchanged {self.unchanged}" if self.unchanged else "")
            + (f"; segments: {roles}" if roles else "")
            + (f"; {self.warned} warning{'s' * (self.warned != 1)} (see the report)" if self.warned else "")
        )

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The run report as (title, [(name, value)...]) sections: what the CLI prints and the flow publishes."""
        documents = [("read", self.read), ("cleaned", self.cleaned)]
        documents += [("rejected", self.rejected), ("unchanged", self.unchanged)]
        return [
            ("documents", [(name, str(n)) for name, n in documents]),
            ("rejects by reason", [(name, str(n)) for name, n in self.reasons.most_common()]),
            ("segments by role", [(name, str(n)) for name, n in self.roles.most_common()]),
            ("segments by rule", [(name, str(n)) for name, n in self.rules.most_common()]),
            ("slowest documents", [(doc_id, f"{seconds * 1000:.0f} ms") for seconds, doc_id in self.slowest]),
            ("warnings", [(f"{n}", sentence) for n, sentence in enumerate(self.warnings, 1)]),
            ("story clusters", [(name, str(n)) for name, n in (self.clusters.items() if self.clusters else [])]),
        ]
