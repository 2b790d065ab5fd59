"""Step 5, assemble: segments with roles become the article's fields."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from newsclean.model import BODY, Article, Embed, RawRecord, Segment
from newsclean.roles.comments import comment_texts
from newsclean.text import features
from newsclean.urls import absolute_url
from newsclean.vocab import Role

T = TypeVar("T")


def assemble(record: RawRecord, segments: list[Segment], lang: str | None = None) -> Article:
    """The article's fields from its decided segments; `lang` is the document's language, told by the role
    passes (newsclean.roles.doc.Doc.lang)."""
    return Article(
        doc_id=record.doc_id,
        source=record.source,
        source_format=record.source_format,
        raw_sha256=record.sha256,
        url=absolute_url([record.url]),
        title=_first_text(segments, Role.TITLE),
        section=_first_text(segments, Role.SECTION),
        byline=_first_value(segments, Role.BYLINE, str),
        published=_first_value(segments, Role.DATE, datetime),
        lang=lang,
        paragraphs=[s.text for s in segments if s.role == BODY],
        captions=unique_captions(segments),
        embeds=[s.value for s in segments if isinstance(s.value, Embed)],
        comments=comment_texts(segments),
        segments=segments,
    )


def unique_captions(segments: list[Segment]) -> list[str]:
    """Caption texts in order of first appearance, each once (compared case- and punctuation-blind)."""
    seen: set[str] = set()
    captions = []
    for seg in segments:
        if seg.role == Role.CAPTION and (k := features.line_key(seg.text)) not in seen:
            seen.add(k)
            captions.append(seg.text)
    return captions


def _first_text(segments: list[Segment], role: str) -> str | None:
    return next((s.text for s in segments if s.role == role), None)


def _first_value(segments: list[Segment], role: str, kind: type[T]) -> T | None:
    return next((s.value for s in segments if s.role == role and isinstance(s.value, kind)), None)
