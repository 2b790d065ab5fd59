"""Related-article blocks: a heading ("Related Articles", "More from ...", "You may also like") and the
headline list under it, which ends at the first line that reads like body text."""

from __future__ import annotations

from functools import cache

from newsclean.model import Segment
from newsclean.roles import phrases
from newsclean.roles.doc import Doc
from newsclean.text import features
from newsclean.vocab import Role, Rule

MAX_HEADLINES = 15
MAX_HEADLINE_WORDS = 30
LIST_PASSES_OVER = frozenset({Role.DATE, Role.CHROME, Role.PROMO, Role.CAPTION})  # what may stand between headlines


LIST_HEADING_RULES = frozenset({Rule.CHROME_LIST_HEADING})  # chrome labels that open a headline box


@cache
def heading_rules() -> phrases.RuleSet:
    return phrases.RuleSet(phrases.load("related"))


def mark_related_blocks(doc: Doc) -> None:
    """Headings (of the tables that speak for the document's language) and the headline lists under them;
    a headline's `matched` is its heading."""
    undecided = list(doc.undecided())
    found = heading_rules().for_language(doc.lang).match_lines([seg.text for seg in undecided])
    headings = {seg.seq: rule for seg, rule in zip(undecided, found, strict=True)}
    for seg in doc.segments:
        if seg.rule in LIST_HEADING_RULES:
            _mark_headlines_after(doc, seg)
        elif not seg.decided and (rule := headings.get(seg.seq)) is not None:
            seg.assign(rule.role, rule.name, matched=rule.fired(seg.text))
            _mark_headlines_after(doc, seg)


def _mark_headlines_after(doc: Doc, heading: Segment) -> None:
    """The headlines under a heading, up to the first line that is not one; a comment thread's count header
    ("{ 18 comments… read them below or add one }") ends the list too: the thread under it is the readers'."""
    taken = 0
    thread = phrases.rule_named("comments", Rule.COMMENT_THREAD_HEADER)
    for seg in doc.segments[heading.seq + 1 :]:
        if seg.decided:
            if seg.role in LIST_PASSES_OVER:
                continue
            return
        if taken >= MAX_HEADLINES or not is_headline(seg.text) or thread.matches(seg.text):
            return
        seg.assign(Role.RELATED, Rule.RELATED_LIST, matched=heading.text)
        taken += 1


def is_headline(text: str) -> bool:
    """Headline-shaped: not a full-stopped sentence, not too long."""
    return features.word_count(text) <= MAX_HEADLINE_WORDS and not text.rstrip().endswith(".")
