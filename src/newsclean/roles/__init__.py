"""Step 4, assign roles: passes over a document's segments, each giving undecided segments a role and
the name of the rule that decided it. The order is the order of confidence: phrase lists first, then
structure (embeds, related blocks, comment threads, the header zone), then shape, then the line model
(newsclean.roles.model) over what they leave when the layout model reads the text as a whole page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsclean.model import Segment
from newsclean.roles.body import mark_body, mark_model_body
from newsclean.roles.captions import mark_before_credits, mark_repeated_lines, mark_repeats, mark_shapes
from newsclean.roles.comments import mark_form_blocks, mark_signed_threads, mark_threads
from newsclean.roles.dates import mark_date_lines
from newsclean.roles.doc import Doc
from newsclean.roles.embeds import mark_embeds
from newsclean.roles.header import mark_bylines, mark_header
from newsclean.roles.lines import mark_phrase_lines
from newsclean.roles.related import mark_related_blocks
from newsclean.settings import DEFAULT_LIMITS, Limits
from newsclean.vocab import Rule

Pass = Callable[[Doc], None]

# The named rules, in order (the line model, where it runs, decides what they leave).
RULE_PASSES: tuple[Pass, ...] = (
    mark_phrase_lines,
    mark_embeds,
    mark_related_blocks,
    mark_threads,
    mark_signed_threads,
    mark_form_blocks,
    mark_date_lines,
    mark_before_credits,
    mark_repeated_lines,
    mark_bylines,
    mark_header,
    mark_repeats,
)
# The rules alone, what the text path did before the line model (bench/text_quality.py measures against it):
# descriptive unstopped lines between paragraphs are captions; the rest is body.
RULES_ALONE: tuple[Pass, ...] = (*RULE_PASSES, mark_shapes, mark_body)


def line_model_passes(model_folder: Path | None = None) -> tuple[Pass, ...]:
    """The rules, then the layout model and, on a whole-page dump, the line model (both from `model_folder`,
    default: the shipped ones) over what they leave; on article text the caption shapes and body as in
    RULES_ALONE (README, "The text path's line model")."""
    from newsclean.roles.model import mark_kept_lines, model_lines_pass

    return (*RULE_PASSES, model_lines_pass(model_folder), mark_kept_lines)


PASSES: tuple[Pass, ...] = line_model_passes()


# Over the blocks the body model kept from a page: the page's metadata gives title and section, so no header
# zone; no rule that reads a missing full stop as a sign (headings and list items lack them by nature), nor
# the caption-above-credit guess (credits were lifted off the page already); repeated blocks are the model's
# to weigh (a page may repeat a paragraph on purpose), and what no rule claims is body by the model.
HTML_PASSES: tuple[Pass, ...] = (
    *(p for p in RULE_PASSES if p not in (mark_header, mark_before_credits, mark_repeated_lines)),
    mark_model_body,
)


def assign_roles(
    segments: list[Segment],
    passes: tuple[Pass, ...] = PASSES,
    limits: Limits = DEFAULT_LIMITS,
    kept_rule: str = Rule.BODY_MODEL,
) -> Doc:
    """Give every segment a role and a rule; returns the Doc the passes worked on, which carries the run's
    `limits` to the rules that read them (and, on a page, `kept_rule`: which body model kept its blocks)."""
    doc = Doc(segments, limits=limits, kept_rule=kept_rule)
    for step in passes:
        step(doc)
    return doc


__all__ = ["HTML_PASSES", "PASSES", "RULES_ALONE", "RULE_PASSES", "Doc", "assign_roles", "line_model_passes"]
