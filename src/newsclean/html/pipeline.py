"""One HTML record: decode, parse once, lift and prune, extract, second line of defence, assemble."""

from __future__ import annotations

from newsclean.assemble import assemble
from newsclean.html import dom
from newsclean.html.blocks import take_blocks
from newsclean.html.embeds import take_embeds
from newsclean.html.extract import extract
from newsclean.html.metadata import PageMetadata, htmldate_search, read_metadata
from newsclean.html.pieces import Piece
from newsclean.model import BODY, Article, RawRecord, Segment
from newsclean.roles import HTML_PASSES, assign_roles, features
from newsclean.segment import segment_lines
from newsclean.settings import DEFAULT_LIMITS, Limits
from newsclean.urls import absolute_url
from newsclean.vocab import Role, Rule


def clean_html(record: RawRecord, html: str, limits: Limits = DEFAULT_LIMITS) -> Article:
    """The article of one decoded page (its body may be empty: the caller rejects that); `limits` are the
    run's, handed on to the role passes."""
    tree = dom.parse(html)
    dom.drop_code(tree)
    metadata = read_metadata(tree)
    page_chars = dom.page_text_length(tree)
    pieces = take_embeds(tree)
    dom.drop_inert(tree)
    pieces += take_blocks(tree, page_chars, html)
    lines = extract(tree.html or "", record.url, page_chars)
    if not lines:  # pruning can leave trafilatura nothing it trusts: fall back on the whole page
        lines = extract(html, record.url, page_chars)
    segments = segment_lines("\n".join(lines))
    assign_roles(segments, HTML_PASSES, limits)
    _mark_title_echoes(segments, metadata.title)
    _mark_caption_echoes(segments, pieces)
    segments += _piece_segments(pieces, start=len(segments))
    return _article(record, metadata, segments, html)


def _mark_title_echoes(segments: list[Segment], title: str | None) -> None:
    """A body line that repeats the page's headline (from its metadata) is the headline printed again."""
    if not title:
        return
    headline = features.key(title)
    for seg in segments:
        if seg.role == BODY and features.line_key(seg.text) == headline:
            seg.assign(Role.TITLE, Rule.TITLE_HTML_HEADLINE)


def _mark_caption_echoes(segments: list[Segment], pieces: list[Piece]) -> None:
    """A body line that repeats a lifted caption is that caption printed again."""
    captions = {features.key(p.text) for p in pieces if p.role == Role.CAPTION}
    for seg in segments:
        if seg.role == BODY and features.line_key(seg.text) in captions:
            seg.assign(Role.CAPTION, Rule.CAPTION_HTML_ECHO)


def _piece_segments(pieces: list[Piece], start: int) -> list[Segment]:
    return [Segment(start + n, p.text, p.role, p.rule, value=p.value) for n, p in enumerate(pieces)]


def _article(record: RawRecord, metadata: PageMetadata, segments: list[Segment], html: str) -> Article:
    """The text path's assembly, then the page's own metadata where it has some."""
    article = assemble(record, segments)
    article.title = metadata.title or article.title
    article.byline = metadata.byline or article.byline
    article.published = metadata.published or article.published or htmldate_search(html)
    article.section = metadata.section or article.section
    article.url = absolute_url([record.url, metadata.url])
    return article
