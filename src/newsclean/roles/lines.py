"""Line rules: phrase lists that decide a line on its own text, whatever stands around it."""

from __future__ import annotations

from functools import cache

from newsclean.roles import phrases
from newsclean.roles.doc import Doc
from newsclean.roles.phrases import RuleSet
from newsclean.vocab import Rule


@cache
def line_rules() -> RuleSet:
    return RuleSet(
        (
            phrases.rule_named("comments", Rule.COMMENT_FORM_FORM_LINE),
            phrases.rule_named("comments", Rule.COMMENT_FORM_FORM_FIELD),
            *phrases.load("chrome"),
            *phrases.load("promos"),
            *phrases.load("captions"),
            phrases.rule_named("embeds", Rule.EMBED_LABEL),
        )
    )


def mark_phrase_lines(doc: Doc) -> None:
    """The first rule, of those that speak for the document's language, that matches each undecided line;
    the phrase or pattern that fired goes with it."""
    segments = list(doc.undecided())
    found = line_rules().for_language(doc.lang).match_lines([seg.text for seg in segments])
    for seg, rule in zip(segments, found, strict=True):
        if rule is not None:
            seg.assign(rule.role, rule.name, matched=rule.fired(seg.text))
