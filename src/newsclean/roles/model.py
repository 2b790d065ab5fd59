"""The line model: what no named rule claimed of a text's lines is body or not, by a model that reads each
line with its neighbours (newsclean.roles.line_features): a run of short unstopped lines is a menu, the
article is a contiguous block of sentences, a run of headline-shaped lines after it is a list of other
stories. It runs last, after every named rule (phrase lists, embeds, related blocks, comments, dates,
bylines, the header zone, caption shapes), and reads the lines they left in the body (on a whole page, the
standfirst the header rules kept too); its decisions carry their own rule names, `body.model` and
`chrome.model`, with the model's score as what fired.

The caption shapes (descriptive unstopped lines between paragraphs) run in the same pass, over what it kept,
as they would over a cleaned body. When the model keeps none of the lines left to it, the rules' verdict
stands (`body.default`): a short note or a list is not a page's furniture because nothing around it reads
as an article.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np

from newsclean.learn.models import LAYOUT, LINES, Model, load
from newsclean.learn.train import Task
from newsclean.model import Segment
from newsclean.roles.captions import mark_shapes
from newsclean.roles.doc import Doc
from newsclean.roles.layout import FEATURES as LAYOUT_FEATURES
from newsclean.roles.layout import layout_row
from newsclean.roles.line_features import CATEGORICAL, FEATURES, Lines, line_table
from newsclean.vocab import Role, Rule

# A quarter of the blocks model's trees at four times its learning rate: every line of a text is scored (two
# or three times, to the fixpoint). 50 trees score as 100 did (LOCO, both renderings, within 0.002) at 4%
# more of the text path's speed.
TASK = Task(LINES, FEATURES, CATEGORICAL, {"body": 0.5}, parameters={"learning_rate": 0.2}, rounds=50)
GUARD_BEFORE, GUARD_AFTER = 0, 2  # lines before / after the main block of sentences whose sentences stay
LAYOUT_MATCHED = "layout "  # `matched` of a line left undecided on article text: this, then the layout score


@cache
def line_model(folder: Path | None = None) -> Model:
    """The line model (shipped, or from `folder`), checked against the features this code computes."""
    return load(LINES, folder).check(FEATURES)


@cache
def layout_model(folder: Path | None = None) -> Model:
    """The layout model (shipped, or from `folder`), checked against the features this code computes."""
    return load(LAYOUT, folder).check(LAYOUT_FEATURES)


def whole_page(doc: Doc, lines: Lines, rows: np.ndarray, folder: Path | None) -> bool:
    """Whether the layout model reads the text as a whole-page dump (from `rows` of `lines`: the lines the
    rules left); if not, those lines are article text (`body.article_text`, the layout score as what fired)
    and the model does not read them."""
    model = layout_model(folder)
    score = float(model.scores(layout_row(lines, len(doc.segments), rows))[0])
    if score >= model.thresholds["page"]:
        return True
    for seg in body_view(doc):
        seg.matched = f"{LAYOUT_MATCHED}{score:.3f}"
    return False


def release_standfirst(doc: Doc) -> None:
    """On a whole page, hand the standfirst back to the model: between a page's first headline and its
    first paragraph stand its menus, teasers and other stories' headlines as often as a standfirst (on the
    whole-page renderings of Dragnet's pages 78% of the words the header rules kept as standfirst are not
    article text)."""
    for seg in doc.segments:
        if seg.rule == Rule.BODY_STANDFIRST:
            seg.role = seg.rule = seg.matched = None


def body_view(doc: Doc) -> list[Segment]:
    """The lines no rule has claimed: the text the model reads and decides. What the rules took out is not
    there, as it is not in a cleaned body, nor (on article text) is a standfirst the header rules kept
    (cleaned again, a body gives it up as its title)."""
    return [seg for seg in doc.segments if seg.role is None]


def guarded(table: dict[str, np.ndarray]) -> np.ndarray:
    """Lines the model does not take out: sentences in the text's main block of sentences, or just after it
    (the article's last lines: "Reporting by ...", a closing one-liner)."""
    return (table["ends_sentence"] > 0) & (table["main_before"] <= GUARD_BEFORE) & (table["main_after"] <= GUARD_AFTER)


def decide(doc: Doc, model: Model, lines: Lines, row_of: np.ndarray, first: bool = True) -> bool:
    """Take out (`chrome.model`) the lines no rule claimed that the model reads as not body; those it keeps
    stay undecided, their score noted, for the caption shapes and then `mark_kept_lines`. `lines` holds
    the shape of the lines the rules left (computed once), `row_of` each segment's row in it.

    The model reads the text as it stands and drops what scores under the threshold; then reads what is
    left the same way, until it drops nothing more: so that cleaning the cleaned body again finds nothing
    left to drop (the text path is idempotent). Returns False when it kept nothing on its `first` reading
    and left every line to the rules (body.default)."""
    alive = np.array([seg.seq for seg in body_view(doc)], dtype=np.int64)
    if not len(alive):
        return True
    threshold = model.thresholds["body"]
    while True:
        table = lines.table(row_of[alive])
        found = model.scores(table)
        drop = (found < threshold) & ~guarded(table)
        if first and drop.all():  # nothing reads as an article: the rules' verdict stands (body.default)
            return False
        for seq, score, out in zip(alive.tolist(), found.tolist(), drop.tolist(), strict=True):
            if out:
                doc.segments[seq].assign(Role.CHROME, Rule.CHROME_MODEL, matched=f"{score:.3f}")
            else:
                doc.segments[seq].matched = f"{score:.3f}"
        if not drop.any() or drop.all():
            return True
        alive = alive[~drop]
        first = False


def mark_kept_lines(doc: Doc) -> None:
    """What the model kept and no shape rule took is body by the model (its score as what fired); what it
    was not asked about (it kept nothing) is body by default."""
    for seg in doc.undecided():
        if seg.matched is None:
            seg.assign(Role.BODY, Rule.BODY_DEFAULT)
        elif seg.matched.startswith(LAYOUT_MATCHED):
            seg.assign(Role.BODY, Rule.BODY_ARTICLE_TEXT, matched=seg.matched)
        else:
            seg.assign(Role.BODY, Rule.BODY_MODEL, matched=seg.matched)


@cache
def model_lines_pass(folder: Path | None = None) -> Callable[[Doc], None]:
    """The role pass that decides the rest with the line model from `folder` (default: the shipped one)."""

    def mark_model_lines(doc: Doc) -> None:
        """The model's reading, then the caption shapes over what it kept (as over a cleaned body), again
        while the shapes take lines out: the text left is one the model and the shapes agree on."""
        model, first = line_model(folder), True
        left = [seg.seq for seg in body_view(doc)]
        if not left:
            return
        # The shape of every line the model may read (the standfirst too, on a whole page), computed once.
        readable = [seg.seq for seg in doc.segments if seg.role is None or seg.rule == Rule.BODY_STANDFIRST]
        lines = Lines.of([doc.segments[seq].text for seq in readable])
        row_of = np.full(len(doc.segments), -1, dtype=np.int64)
        row_of[readable] = np.arange(len(readable))
        if not whole_page(doc, lines, row_of[left], folder):
            mark_shapes(doc)
            return
        release_standfirst(doc)
        while decide(doc, model, lines, row_of, first):
            undecided = sum(seg.role is None for seg in doc.segments)
            mark_shapes(doc)
            if sum(seg.role is None for seg in doc.segments) == undecided:
                return
            first = False
        mark_shapes(doc)

    return mark_model_lines


mark_model_lines = model_lines_pass(None)


def undecided_table(text: str, whole_page: bool = False) -> tuple[dict[str, np.ndarray], list[str]] | None:
    """For training: a raw text's features of the lines the rules leave to the model, and those lines (the
    same normalisation, segmentation and passes as the cleaning; on a `whole_page`, the standfirst too), or
    None when the rules decide every line."""
    texts, _ = _undecided(text, whole_page)
    return (line_table(texts), texts) if texts else None


def layout_table(text: str) -> dict[str, np.ndarray] | None:
    """For training: a raw text's one-row layout features, or None when the rules decide every line (the
    layout model is not asked then)."""
    texts, total = _undecided(text)
    return layout_row(Lines.of(texts), total) if texts else None


def _undecided(text: str, whole_page: bool = False) -> tuple[list[str], int]:
    """The lines of a raw text the rules leave to the model (the same normalisation, segmentation and passes
    as the cleaning), and how many lines it has."""
    from newsclean.normalise import normalise_text
    from newsclean.roles import RULE_PASSES, assign_roles
    from newsclean.segment import segment_lines

    doc = assign_roles(segment_lines(normalise_text(text)), RULE_PASSES)
    if whole_page:
        release_standfirst(doc)
    return [seg.text for seg in body_view(doc)], len(doc.segments)
