"""The records that travel between the steps: raw input, segments, articles and rejects."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from newsclean import urls
from newsclean.vocab import Role

SourceFormat = Literal["txt", "html", "jsonl", "warc"]
Payload = Literal["text", "html"]

# Roles whose text is article body; everything else is lifted out or dropped.
BODY = Role.BODY


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One input record as read from disk, before any decoding."""

    doc_id: str
    source: str  # path relative to RAW_DIR
    source_format: SourceFormat
    data: bytes
    payload: Payload = "text"
    url: str | None = None
    declared_charset: str | None = None  # from an HTTP header or a container, when there is one
    sha256: str = field(init=False, repr=False)  # of `data`: hashed once, read by the batch and the row

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha256", hashlib.sha256(self.data).hexdigest())


@dataclass(slots=True)
class Segment:
    """One non-blank line (text path) or block (HTML path) with the role a named rule gave it."""

    seq: int
    text: str
    role: str | None = None
    rule: str | None = None
    duplicate_of: int | None = None
    value: object = None  # what the deciding rule read off the text: a date, a name, an Embed
    matched: str | None = None  # what fired: the phrase, pattern, CSS selector or model score

    @property
    def decided(self) -> bool:
        return self.role is not None

    @property
    def kept(self) -> bool:
        return self.role == BODY

    def assign(
        self,
        role: str,
        rule: str,
        *,
        duplicate_of: int | None = None,
        value: object = None,
        matched: str | None = None,
    ) -> None:
        """Give the segment its role and the rule that decided it, with what fired (`matched`: the phrase,
        pattern, CSS selector or model score)."""
        self.role, self.rule, self.matched = role, rule, matched
        if duplicate_of is not None:
            self.duplicate_of = duplicate_of
        if value is not None:
            self.value = value


@dataclass(frozen=True, slots=True)
class Embed:
    """A social media embed (tweet, Instagram post, YouTube video...) kept as a structured field."""

    kind: str
    author: str | None = None
    handle: str | None = None
    date: date | None = None
    text: str | None = None
    links: tuple[str, ...] = ()


@dataclass(slots=True)
class Article:
    """A cleaned document: the row of `articles`, with its segments for `segments`."""

    doc_id: str
    source: str
    source_format: SourceFormat
    raw_sha256: str
    url: str | None = None
    title: str | None = None
    section: str | None = None
    byline: str | None = None
    published: datetime | None = None
    lang: str | None = None  # ISO 639-1 code of the body's language
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    @property
    def domain(self) -> str | None:
        """The url's site, derived (never stored apart from the url it comes from)."""
        return urls.domain(self.url)


@dataclass(frozen=True, slots=True)
class Reject:
    """A record that could not be cleaned, with a short reason code and one readable sentence."""

    doc_id: str
    source: str
    reason: str
    detail: str
    raw_sha256: str | None = None


Outcome = Article | Reject
