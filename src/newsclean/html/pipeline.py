"""One HTML record: parse once, read the metadata, take off the structures that name themselves (embeds,
captions, comments, forms), cut the rest into text blocks, ask the extractors, let the body model decide
each block, run the text path's line rules over the kept ones, assemble."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsclean.assemble import assemble
from newsclean.html import dom
from newsclean.html.block_features import PageBlocks
from newsclean.html.decide import BodyModels, Decision, body_models, decide_page
from newsclean.html.embeds import take_embeds
from newsclean.html.evidence import gather
from newsclean.html.lifts import take_lifts
from newsclean.html.metadata import PageMetadata, htmldate_search, read_metadata
from newsclean.html.pieces import Piece
from newsclean.html.textblocks import PageText, text_blocks
from newsclean.model import BODY, Article, RawRecord, Segment
from newsclean.normalise import normalise_line, normalise_text
from newsclean.roles import HTML_PASSES, assign_roles
from newsclean.settings import DEFAULT_LIMITS, Limits
from newsclean.text import features
from newsclean.urls import absolute_url, wayback_original
from newsclean.vocab import Role, Rule

LONG_BLOCK_WORDS = 40
CAPTION_PAGE_MIN_WORDS = 15  # captions holding fewer words than this are never a page's text...
CAPTION_PAGE_MAX_BODY_WORDS = 100  # ... nor when the body holds this many words

# Blocks the body model decided (kept or dropped) that the headline or a caption printed again may claim.
_MODEL_RULES = frozenset(
    {Rule.BODY_MODEL, Rule.BODY_QUICK_MODEL, Rule.BODY_EXTRACTOR_FALLBACK, Rule.CHROME_MODEL, Rule.CHROME_QUICK_MODEL}
)
_KEPT_RULES = frozenset({Rule.BODY_MODEL, Rule.BODY_QUICK_MODEL})  # kept blocks, left to the line rules


@dataclass
class PreparedPage:
    """A page up to the body model's decision: what the training data and the cleaning share."""

    metadata: PageMetadata
    pieces: list[Piece]
    text: PageText
    blocks: PageBlocks


def prepare_page(html: str, url: str | None) -> PreparedPage:
    """Parse, read metadata, take off embeds and the structures the selectors name, cut into text blocks,
    gather the cheap extractor's evidence (trafilatura's is asked when the body model needs it)."""
    tree = dom.parse(html)
    dom.drop_code(tree)
    metadata = read_metadata(tree)
    page_chars = dom.page_text_length(tree)
    pieces: list[Piece] = []
    take_embeds(tree, pieces)
    dom.drop_inert(tree)
    take_lifts(tree, page_chars, pieces, html)
    titles = [metadata.title or "", dom.text_of(heading) if (heading := tree.css_first("h1")) else ""]
    text = text_blocks(tree)
    evidence = gather(tree.html or "", url, page_chars)
    return PreparedPage(metadata, pieces, text, PageBlocks.of(text.blocks, evidence, titles))


def clean_html(
    record: RawRecord, html: str, limits: Limits = DEFAULT_LIMITS, model_folder: Path | None = None
) -> Article:
    """The article of one decoded page (its body may be empty: the caller rejects that); `limits` are the
    run's, handed on to the role passes; `model_folder` holds another body model than the shipped one."""
    page = prepare_page(html, record.url)
    segments, lang = page_segments(page, body_models(model_folder), limits)
    return _article(record, page.metadata, segments, html, lang)


def page_segments(
    page: PreparedPage, models: BodyModels, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[Segment], str | None]:
    """The page's segments with their roles (the body models' decisions, then the line rules over the kept
    blocks), and the language the role passes read."""
    decided = decide_page(page.blocks, models)
    segments = _segments(page, decided.decisions)
    _keep_long_blocks(segments, decided.kept_rule)
    doc = assign_roles(segments, HTML_PASSES, limits, decided.kept_rule)
    _mark_title_echoes(segments, page.metadata.title)
    _mark_caption_echoes(segments, page.pieces)
    _mark_caption_page(segments)
    return segments, doc.lang


def _keep_long_blocks(segments: list[Segment], kept_rule: Rule) -> None:
    """A kept block of LONG_BLOCK_WORDS words or more is body (by the model that kept it): the line rules,
    made for lines, would read a paragraph that opens with "Filed under:" or holds a credit as that line."""
    for seg in segments:
        if seg.role is None and features.word_count(seg.text) >= LONG_BLOCK_WORDS:
            seg.assign(Role.BODY, kept_rule, matched=seg.matched)


def _mark_caption_page(segments: list[Segment]) -> None:
    """On a photo page the captions are the text: when the lifted captions hold more words than the body,
    and the body is short, they are the body (a gallery's page would otherwise have none)."""
    body = sum(features.word_count(s.text) for s in segments if s.role == BODY)
    captions = [s for s in segments if s.rule == Rule.CAPTION_HTML_CAPTION]
    words = sum(features.word_count(s.text) for s in captions)
    if words >= CAPTION_PAGE_MIN_WORDS and body < CAPTION_PAGE_MAX_BODY_WORDS and words > body:
        for seg in captions:
            seg.assign(Role.BODY, Rule.BODY_CAPTION_PAGE, matched=seg.matched)


def _segments(page: PreparedPage, decisions: list[Decision]) -> list[Segment]:
    """The page's blocks and taken pieces as segments, in page order. A kept block is left undecided for the
    line rules (it becomes body.model unless one claims it); a piece whose place was lost comes last."""
    places: dict[int, list[int]] = {}
    for piece, blocks_before in page.text.piece_places:
        places.setdefault(blocks_before, []).append(piece)
    ordered: list[Segment] = []
    texts = _normalised([block.text for block in page.text.blocks])
    for n, (text, decision) in enumerate(zip(texts, decisions, strict=True)):
        _add_pieces(ordered, page.pieces, places.pop(n, []))
        _add_block(ordered, text, decision)
    _add_pieces(ordered, page.pieces, [p for pieces in places.values() for p in pieces])
    placed = {p for p, _ in page.text.piece_places}
    _add_pieces(ordered, page.pieces, [n for n in range(len(page.pieces)) if n not in placed])
    return ordered


def _normalised(texts: list[str]) -> list[str]:
    """The blocks' texts normalised, in one pass over the page (a block's text holds no line break)."""
    lines = normalise_text("\n".join(texts)).split("\n")
    return lines if len(lines) == len(texts) else [normalise_line(t) for t in texts]


def _add_block(segments: list[Segment], text: str, decision: Decision) -> None:
    if not text:
        return
    segment = Segment(len(segments), text, matched=f"{decision.score:.3f}")
    if decision.role != BODY or decision.rule not in _KEPT_RULES:
        segment.assign(decision.role, decision.rule, matched=segment.matched)
    segments.append(segment)


def _add_pieces(segments: list[Segment], pieces: list[Piece], indices: list[int]) -> None:
    for n in indices:
        piece = pieces[n]
        segments.append(
            Segment(len(segments), piece.text, piece.role, piece.rule, value=piece.value, matched=piece.matched)
        )


def _mark_title_echoes(segments: list[Segment], title: str | None) -> None:
    """A body line that repeats the page's headline (from its metadata) is the headline printed again."""
    if not title:
        return
    headline = features.key(title)
    for seg in segments:
        if seg.rule in _MODEL_RULES and features.line_key(seg.text) == headline:
            seg.assign(Role.TITLE, Rule.TITLE_HTML_HEADLINE, matched=title)


def _mark_caption_echoes(segments: list[Segment], pieces: list[Piece]) -> None:
    """A body line that repeats a lifted caption is that caption printed again."""
    captions = {features.key(p.text): p.text for p in pieces if p.role == Role.CAPTION}
    for seg in segments:
        if seg.role == BODY and (caption := captions.get(features.line_key(seg.text))) is not None:
            seg.assign(Role.CAPTION, Rule.CAPTION_HTML_ECHO, matched=caption)


def _article(
    record: RawRecord, metadata: PageMetadata, segments: list[Segment], html: str, lang: str | None
) -> Article:
    """The text path's assembly, then the page's own metadata where it has some."""
    article = assemble(record, segments, lang)
    article.title = metadata.title or article.title
    article.byline = metadata.byline or article.byline
    article.published = metadata.published or article.published or htmldate_search(html)
    article.section = metadata.section or article.section
    article.url = absolute_url([record.url, metadata.url, wayback_original(html)])
    return article
