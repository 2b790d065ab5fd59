"""What no rule claimed is article body."""

from __future__ import annotations

from newsclean.model import BODY
from newsclean.roles.doc import Doc


def mark_body(doc: Doc) -> None:
    for seg in doc.undecided():
        seg.assign(BODY, "body.default")
