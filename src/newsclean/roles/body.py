"""What no rule claimed is article body."""

from __future__ import annotations

from newsclean.model import BODY
from newsclean.roles.doc import Doc
from newsclean.vocab import Rule


def mark_body(doc: Doc) -> None:
    for seg in doc.undecided():
        seg.assign(BODY, Rule.BODY_DEFAULT)


def mark_model_body(doc: Doc) -> None:
    """What no line rule claimed of the blocks a body model kept is body, by that model's decision (the
    document's `kept_rule`; its score stays as what fired)."""
    for seg in doc.undecided():
        seg.assign(BODY, doc.kept_rule, matched=seg.matched)
