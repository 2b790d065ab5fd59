"""The body models' decision on each text block of a page, with the rule that names it.

The quick model reads the blocks before trafilatura runs (every feature but the ones that read its
verdicts) and decides the pages it is sure of (`body.quick_model`, `chrome.quick_model`...): trafilatura
costs about half of a page's time. On the others trafilatura is asked and the body model decides.

The model scores every block (newsclean.html.block_features); two thresholds turn scores into decisions:
a block trafilatura kept stays unless its score falls under `keep`, a block it left needs `add` (the
extractor's verdict is strong evidence, and taking text out costs less than putting furniture in). When
the model keeps less than `fallback_share` of the words trafilatura kept, and what trafilatura kept reads as
prose (blocks of some length, not a menu) or as a table of data (cells with few links: the model, which
learnt from articles, reads short cells as menus), or the model keeps nothing at all (a table of contents, a
list page: a reject would lose the record), the page is one the model misreads and trafilatura's own choice
stands (`body.extractor_fallback`), as it does wherever what trafilatura kept is a table of data in short
cells, whatever the model keeps. Where the model keeps under a tenth of the page over trafilatura's fast
mode, or fast mode kept no prose (a list of short lines), its full mode is asked and the model decides
again. A dropped block is named by what its enclosing elements' class words say it is (related, comment) or
is chrome; one trafilatura read as a reader comment is a comment. A block the model would add (trafilatura
left it) inside an element whose class words say comments is a comment (`comment.added_in_comments`), and the
quick model does not decide a page where it keeps such a block: trafilatura, which tells comments apart, is
asked. Where trafilatura's comment finder missed a thread and kept it, the kept blocks in comment sections
that follow an article kept outside them are comments too (`comment.after_article`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from newsclean.html.block_features import (
    CATEGORICAL,
    FEATURES,
    QUICK_FEATURES,
    PageBlocks,
    block_table,
    middle_block,
    own_columns,
)
from newsclean.html.classwords import class_words
from newsclean.html.evidence import EXTRACTOR_KEPT, FAST
from newsclean.learn.models import BLOCKS, BLOCKS_QUICK, Model, load
from newsclean.learn.train import Task
from newsclean.text import features
from newsclean.vocab import Role, Rule

TASK = Task(BLOCKS, FEATURES, CATEGORICAL, {"keep": 0.3, "add": 0.5, "fallback_share": 0.3})
# The quick model reads the blocks before trafilatura runs; it decides a page alone when no more than
# `unsure_share` of the page's words lie in blocks it scores between `unsure_low` and `unsure_high`, and no
# more than `unsure_kept_share` of the words it keeps (a short body on a long page: a lyrics page's lines).
QUICK_TASK = Task(
    BLOCKS_QUICK,
    QUICK_FEATURES,
    CATEGORICAL,
    {"keep": 0.5, "unsure_low": 0.2, "unsure_high": 0.8, "unsure_share": 0.05, "unsure_kept_share": 0.5},
    table=BLOCKS,
)
# Where the body model keeps less than this share of the page's words over trafilatura's fast mode, its full
# mode is asked and the model decides again (fast mode can miss an article that its fallbacks find).
FULL_MODE_KEPT_SHARE = 0.1
FALLBACK_MIN_WORDS = 30  # under this many words kept by trafilatura, the fallback does not apply
# ... nor when trafilatura kept short blocks (fewer words a block than this): a menu it mistook for the article
FALLBACK_MIN_BLOCK_WORDS = 8
TABLE_SHARE = 0.8  # the fallback applies too where this share of the words trafilatura kept is table cells...
TABLE_MAX_LINK_SHARE = 0.2  # ... few of them link text: a table of data, not a menu laid out in a table
NAMING_DISTANCE = 3  # class words this many levels up or closer name a dropped block
# Prose (words of full-stopped blocks) kept outside comment sections that makes an article the kept comment
# sections follow
ARTICLE_BEFORE_COMMENTS_WORDS = 50
_NAMED_ROLES = ((Role.COMMENT, "comment"), (Role.RELATED, "related"))


@dataclass(frozen=True, slots=True)
class Decision:
    role: Role
    rule: str
    score: float


@dataclass(frozen=True, slots=True)
class PageDecision:
    """Every block's decision, in page order, and the rule of the blocks kept (which model decided)."""

    decisions: list[Decision]
    kept_rule: Rule


@dataclass(frozen=True)
class BodyModels:
    """The quick model, which reads no trafilatura verdict, and the body model, which does."""

    quick: Model
    full: Model


@cache
def body_models(folder: Path | None = None) -> BodyModels:
    """The body models (shipped, or from `folder`), checked against the features this code computes."""
    return BodyModels(load(BLOCKS_QUICK, folder).check(QUICK_FEATURES), load(BLOCKS, folder).check(FEATURES))


def decide_page(page: PageBlocks, models: BodyModels) -> PageDecision:
    """A role and rule for every block, in page order: the quick model's where it is sure of the page, else
    the body model's with trafilatura asked (its verdicts are then on `page`)."""
    if (quick := decide_quick(page, models.quick)) is not None:
        return PageDecision(quick, Rule.BODY_QUICK_MODEL)
    page.ask_trafilatura()
    decisions = decide(page, models.full)
    if page.evidence.trafilatura_mode == FAST and _doubt_fast_mode(page, decisions):
        page.ask_trafilatura(full=True)
        decisions = decide(page, models.full)
    return PageDecision(decisions, Rule.BODY_MODEL)


def _doubt_fast_mode(page: PageBlocks, decisions: list[Decision]) -> bool:
    """Whether trafilatura's fast mode may have chosen the wrong part of the page, which its full mode (its
    comparison with its own fallbacks) may mend: the model keeps under FULL_MODE_KEPT_SHARE of the page's
    words, or what fast mode kept is no prose (a list of short lines: a schedule, a menu, an archive)."""
    kept = np.array([d.role == Role.BODY for d in decisions], dtype=bool)
    if float(page.words[kept].sum()) < FULL_MODE_KEPT_SHARE * float(page.words.sum()):
        return True
    by_extractor = page.trafilatura >= EXTRACTOR_KEPT
    return bool(by_extractor.any()) and not _prose(page, by_extractor)


def _prose(page: PageBlocks, chosen: np.ndarray) -> bool:
    """Whether the chosen blocks read as prose: FALLBACK_MIN_BLOCK_WORDS words a block or more, on average."""
    return float(page.words[chosen].sum()) >= FALLBACK_MIN_BLOCK_WORDS * max(1, int(chosen.sum()))


def decide_quick(page: PageBlocks, model: Model) -> list[Decision] | None:
    """The quick model's decisions, or None when it is unsure of the page, keeps none of it, or keeps a block
    inside a comment section (whether it is the article or a reader's comment is trafilatura's to say)."""
    if not page.blocks:
        return []
    scores = model.scores(block_table(page))
    kept = scores >= model.thresholds["keep"]
    if not kept.any() or not _sure(page, scores, kept, model.thresholds) or _in_comments(page)[kept].any():
        return None
    return [_quick_decision(page, bool(k), float(s), n) for n, (k, s) in enumerate(zip(kept, scores, strict=True))]


def _sure(page: PageBlocks, scores: np.ndarray, kept: np.ndarray, limits: Mapping[str, float]) -> bool:
    """Whether the quick model is sure of the page: few of its words, and few of the words it keeps, lie in
    blocks it scores between `unsure_low` and `unsure_high` (the page's share alone lets a short body that
    the model barely keeps pass on a page of long menus)."""
    unsure = (scores > limits["unsure_low"]) & (scores < limits["unsure_high"])
    words = page.words
    if words[unsure].sum() > limits["unsure_share"] * words.sum():
        return False
    return bool(words[unsure & kept].sum() <= limits["unsure_kept_share"] * words[kept].sum())


def _quick_decision(page: PageBlocks, kept: bool, score: float, n: int) -> Decision:
    if kept:
        return Decision(Role.BODY, Rule.BODY_QUICK_MODEL, score)
    return _dropped(page, n, score, QUICK_DROPS)


def decide(page: PageBlocks, model: Model) -> list[Decision]:
    """The body model's role and rule for every block of the page, in page order."""
    if not page.blocks:
        return []
    scores = model.scores(block_table(page))
    kept = _kept(page, scores, model.thresholds)
    if kept is None:
        return [_fallback(page, n, float(s)) for n, s in enumerate(scores)]
    return [
        Decision(Role.COMMENT, rule, float(s)) if rule else _decision(page, n, bool(k), float(s))
        for n, (k, s, rule) in enumerate(zip(kept, scores, _comment_rules(page, kept), strict=True))
    ]


def _comment_rules(page: PageBlocks, kept: np.ndarray) -> list[Rule | None]:
    """For each block, the rule that makes a block the model keeps a reader comment (None: it does not)."""
    added, after = _added_in_comments(page, kept), _after_article(page, kept)
    return [
        Rule.COMMENT_ADDED_IN_COMMENTS if a else Rule.COMMENT_AFTER_ARTICLE if f else None
        for a, f in zip(added, after, strict=True)
    ]


def _added_in_comments(page: PageBlocks, kept: np.ndarray) -> np.ndarray:
    """The blocks the model would add (trafilatura left them) that stand inside an element whose class words
    say comments: reader comments are not body by the contract, though Dragnet's gold keeps them on some
    pages, which taught the model to add a comment that reads like prose."""
    return kept & _in_comments(page) & (page.trafilatura < EXTRACTOR_KEPT)


def _after_article(page: PageBlocks, kept: np.ndarray) -> np.ndarray:
    """The kept blocks inside elements whose class words say comments, where they follow (by the block
    holding the middle of their words) an article of some length kept outside them: a thread under its
    article, which trafilatura's comment finder missed. An article is prose (`features.is_prose`): where
    what is kept outside is short or no prose (an open thread; an article in a container named
    "commentary"; a sidebar's headlines over a thread whose story the model missed) nothing is taken: no
    container holding the main text is removed."""
    inside = kept & _in_comments(page)
    if not inside.any():
        return inside
    outside = kept & ~inside
    prose_words = sum(page.words[n] for n in np.flatnonzero(outside) if features.is_prose(page.blocks[n].text))
    if prose_words < ARTICLE_BEFORE_COMMENTS_WORDS:
        return np.zeros_like(kept)
    follows = middle_block(page.words, inside) > middle_block(page.words, outside)
    return inside if follows else np.zeros_like(kept)


def _in_comments(page: PageBlocks) -> np.ndarray:
    """The blocks inside an element whose class words say comments (NAMING_DISTANCE levels up or closer)."""
    return own_columns(page)["class_comment"] <= NAMING_DISTANCE


def _kept(page: PageBlocks, scores: np.ndarray, thresholds: dict[str, float]) -> np.ndarray | None:
    """Which blocks the model keeps; None when it keeps too little of what trafilatura kept, or when that
    is a table of data in short cells (the model, which learnt from articles, reads them as menus)."""
    by_extractor = page.trafilatura >= EXTRACTOR_KEPT
    kept = np.where(by_extractor, scores >= thresholds["keep"], scores >= thresholds["add"])
    extractor_words = float(page.words[by_extractor].sum())
    if extractor_words < FALLBACK_MIN_WORDS:
        return kept
    too_little = page.words[kept].sum() < thresholds["fallback_share"] * extractor_words
    prose, table = _prose(page, by_extractor), _data_table(page, by_extractor, extractor_words)
    nothing = not kept.any()  # a page rejected for no text where trafilatura found some loses the record
    return None if (too_little and (prose or table or nothing)) or (table and not prose) else kept


def _data_table(page: PageBlocks, by_extractor: np.ndarray, extractor_words: float) -> bool:
    """Whether what trafilatura kept is a table of data: table cells, few of them links."""
    own = own_columns(page)
    in_table = (own["in_table"] > 0) & by_extractor
    chars = own["chars"].astype(np.float64)
    links = chars * own["link_density"]
    table_words = float(page.words[in_table].sum())
    link_share = links[by_extractor].sum() / max(1.0, chars[by_extractor].sum())
    return bool(table_words >= TABLE_SHARE * extractor_words and link_share < TABLE_MAX_LINK_SHARE)


def _decision(page: PageBlocks, n: int, kept: bool, score: float) -> Decision:
    if kept:
        return Decision(Role.BODY, Rule.BODY_MODEL, score)
    if page.trafilatura_comments[n] >= EXTRACTOR_KEPT:
        return Decision(Role.COMMENT, Rule.COMMENT_TRAFILATURA, score)
    return _dropped(page, n, score, FULL_DROPS)


def _dropped(page: PageBlocks, n: int, score: float, rules: dict[Role, Rule]) -> Decision:
    """A dropped block's decision: its role by its enclosing class words, named by the model's rule for it."""
    role = _dropped_role(page.blocks[n].class_distance)
    return Decision(role, rules[role], score)


def _fallback(page: PageBlocks, n: int, score: float) -> Decision:
    if page.trafilatura[n] >= EXTRACTOR_KEPT:
        return Decision(Role.BODY, Rule.BODY_EXTRACTOR_FALLBACK, score)
    return _decision(page, n, False, score)


FULL_DROPS = {Role.COMMENT: Rule.COMMENT_MODEL, Role.RELATED: Rule.RELATED_MODEL, Role.CHROME: Rule.CHROME_MODEL}
QUICK_DROPS = {
    Role.COMMENT: Rule.COMMENT_QUICK_MODEL,
    Role.RELATED: Rule.RELATED_QUICK_MODEL,
    Role.CHROME: Rule.CHROME_QUICK_MODEL,
}


def _dropped_role(distances: Sequence[int]) -> Role:
    """What a dropped block is: what the class words of its enclosing elements say (comment, related), else
    page chrome."""
    groups = class_words().groups
    for role, group in _NAMED_ROLES:
        if distances[groups.index(group)] <= NAMING_DISTANCE:
            return role
    return Role.CHROME
