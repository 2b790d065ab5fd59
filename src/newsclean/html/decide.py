"""The body model's decision on each text block of a page, with the rule that names it.

The model scores every block (newsclean.html.block_features); two thresholds turn scores into decisions:
a block trafilatura kept stays unless its score falls under `keep`, a block it left needs `add` (the
extractor's verdict is strong evidence, and taking text out costs less than putting furniture in). When
the model keeps less than `fallback_share` of the words trafilatura kept, and what trafilatura kept reads as
prose (blocks of some length, not a menu) or the model keeps nothing at all (a table of contents, a list
page: a reject would lose the record), the page is one the model misreads and trafilatura's own choice
stands (`body.extractor_fallback`). A dropped block is named by what
its enclosing elements' class words say it is (related, comment) or is chrome; one trafilatura read as a
reader comment is a comment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from newsclean.html.block_features import CATEGORICAL, FEATURES, PageBlocks, block_table
from newsclean.html.classwords import class_words
from newsclean.learn.models import BLOCKS, Model, load
from newsclean.learn.train import Task
from newsclean.vocab import Role, Rule

TASK = Task(BLOCKS, FEATURES, CATEGORICAL, {"keep": 0.3, "add": 0.5, "fallback_share": 0.3})
EXTRACTOR_KEPT = 0.5  # an extractor verdict at or over this: the extractor kept the block
FALLBACK_MIN_WORDS = 30  # under this many words kept by trafilatura, the fallback does not apply
# ... nor when trafilatura kept short blocks (fewer words a block than this): a menu it mistook for the article
FALLBACK_MIN_BLOCK_WORDS = 8
NAMING_DISTANCE = 3  # class words this many levels up or closer name a dropped block
_NAMED_ROLES = ((Role.COMMENT, Rule.COMMENT_MODEL, "comment"), (Role.RELATED, Rule.RELATED_MODEL, "related"))


@dataclass(frozen=True, slots=True)
class Decision:
    role: Role
    rule: str
    score: float


@cache
def body_model(folder: Path | None = None) -> Model:
    """The body model (shipped, or from `folder`), checked against the features this code computes."""
    return load(BLOCKS, folder).check(FEATURES)


def decide(page: PageBlocks, model: Model) -> list[Decision]:
    """A role and rule for every block of the page, in page order."""
    if not page.blocks:
        return []
    scores = model.scores(block_table(page))
    kept = _kept(page, scores, model.thresholds)
    if kept is None:
        return [_fallback(page, n, float(s)) for n, s in enumerate(scores)]
    return [_decision(page, n, bool(k), float(s)) for n, (k, s) in enumerate(zip(kept, scores, strict=True))]


def _kept(page: PageBlocks, scores: np.ndarray, thresholds: dict[str, float]) -> np.ndarray | None:
    """Which blocks the model keeps; None when it keeps too little of what trafilatura kept."""
    by_extractor = page.trafilatura >= EXTRACTOR_KEPT
    kept = np.where(by_extractor, scores >= thresholds["keep"], scores >= thresholds["add"])
    extractor_words = float(page.words[by_extractor].sum())
    too_little = page.words[kept].sum() < thresholds["fallback_share"] * extractor_words
    prose = extractor_words >= FALLBACK_MIN_BLOCK_WORDS * max(1, int(by_extractor.sum()))
    nothing = not kept.any()  # a page rejected for no text where trafilatura found some loses the record
    return None if too_little and (prose or nothing) and extractor_words >= FALLBACK_MIN_WORDS else kept


def _decision(page: PageBlocks, n: int, kept: bool, score: float) -> Decision:
    if kept:
        return Decision(Role.BODY, Rule.BODY_MODEL, score)
    if page.trafilatura_comments[n] >= EXTRACTOR_KEPT:
        return Decision(Role.COMMENT, Rule.COMMENT_TRAFILATURA, score)
    role, rule = _dropped_role(page.blocks[n].class_distance)
    return Decision(role, rule, score)


def _fallback(page: PageBlocks, n: int, score: float) -> Decision:
    if page.trafilatura[n] >= EXTRACTOR_KEPT:
        return Decision(Role.BODY, Rule.BODY_EXTRACTOR_FALLBACK, score)
    return _decision(page, n, False, score)


def _dropped_role(distances: Sequence[int]) -> tuple[Role, str]:
    groups = class_words().groups
    for role, rule, group in _NAMED_ROLES:
        if distances[groups.index(group)] <= NAMING_DISTANCE:
            return role, rule
    return Role.CHROME, Rule.CHROME_MODEL
