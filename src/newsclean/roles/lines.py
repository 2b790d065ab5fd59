"""Line rules: phrase lists that decide a line on its own text, whatever stands around it."""

from __future__ import annotations

from newsclean.roles import features, phrases
from newsclean.roles.doc import Doc
from newsclean.roles.phrases import PhraseRule

# Credit patterns only speak for lines that do not end a sentence ("... he told Reuters." is body).
_UNLESS_SENTENCE = frozenset({"caption.agency_credit"})


def _line_rules() -> tuple[PhraseRule, ...]:
    return (
        phrases.rule_named("comments", "comment_form.form_line"),
        phrases.rule_named("comments", "comment_form.form_field"),
        *phrases.load("chrome"),
        *phrases.load("promos"),
        *phrases.load("captions"),
        phrases.rule_named("embeds", "embed.label"),
    )


def mark_phrase_lines(doc: Doc) -> None:
    rules = _line_rules()
    for seg in doc.undecided():
        for rule in rules:
            if rule.name in _UNLESS_SENTENCE and features.ends_sentence(seg.text):
                continue
            if rule.matches(seg.text):
                seg.assign(rule.role, rule.name)
                break
