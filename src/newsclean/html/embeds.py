"""Social embeds in HTML: tweets, Instagram and TikTok blockquotes, Facebook posts, video and audio
iframes, each parsed into an Embed and removed from the page."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean import dates
from newsclean.html import dom
from newsclean.html.pieces import Piece
from newsclean.html.selectors import embed_selectors, iframe_kinds
from newsclean.model import Embed
from newsclean.roles.embeds import parse_signature


def take_embeds(tree: LexborHTMLParser) -> list[Piece]:
    pieces = []
    for kind, selector in embed_selectors().items():
        for node in reversed(tree.css(selector)):  # inner matches before the blocks that hold them
            embed = _iframe(node) if kind == "iframe" else _blockquote(node, kind)
            if embed is not None:
                pieces.append(Piece("embed", f"embed.html_{embed.kind}", dom.text_of(node) or embed.links[0], embed))
            node.decompose()
    return pieces


def _blockquote(node: LexborNode, kind: str) -> Embed:
    paragraphs = [dom.text_of(p) for p in node.css("p")]
    links = tuple(dict.fromkeys(href for a in node.css("a[href]") if (href := a.attributes.get("href"))))
    lines = dom.lines_of(node)
    signature = parse_signature(lines[-1]) if kind == "tweet" and lines else None
    if signature is not None:
        _, found = signature
        return Embed(kind, found.author, found.handle, found.date, " ".join(paragraphs) or None, links)
    permalink = node.attributes.get("data-instgrm-permalink") or node.attributes.get("cite")
    when = next((d for t in node.css("time") if (d := dates.parse_date(dom.text_of(t)))), None)
    return Embed(
        kind,
        None,
        None,
        when,
        " ".join(paragraphs) or dom.text_of(node) or None,
        tuple(dict.fromkeys([*filter(None, [permalink]), *links])),
    )


def _iframe(node: LexborNode) -> Embed | None:
    src = node.attributes.get("src") or node.attributes.get("data-src") or ""
    for kind, words in iframe_kinds().items():
        if any(word in src for word in words):
            return Embed(kind, None, None, None, node.attributes.get("title") or None, (src,))
    return None
