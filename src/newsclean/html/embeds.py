"""Social embeds in HTML: tweets, Instagram and TikTok blockquotes, Facebook posts, video and audio
iframes, each parsed into an Embed and removed from the page."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean import dates
from newsclean.html import dom
from newsclean.html.pieces import Piece
from newsclean.html.selectors import embed_selectors, iframe_kinds
from newsclean.model import Embed
from newsclean.text.embed_lines import read_embed_line
from newsclean.text.tweets import parse_signature
from newsclean.vocab import Role, html_rule

_HANDLE_IN_LINK = re.compile(r"/@([\w.]{2,30})(?:/|$)|(?:twitter|x)\.com/(\w{1,15})/status")


def take_embeds(tree: LexborHTMLParser, pieces: list[Piece]) -> None:
    """Parse every embed into a Piece (added to `pieces`), leaving its mark where it stood."""
    for kind, selectors in embed_selectors().items():
        for node in reversed(tree.css(", ".join(selectors))):  # inner matches before the blocks that hold them
            embed = _iframe(node) if kind == "iframe" else _blockquote(node, kind)
            text = (dom.text_of(node) or next(iter(embed.links), "")) if embed is not None else ""
            if embed is not None and text:  # an embed with neither text nor links carries nothing to keep
                matched = dom.matching_selector(node, selectors)
                dom.mark_taken(node, len(pieces))
                pieces.append(Piece(Role.EMBED, html_rule(Role.EMBED, embed.kind), text, embed, matched))
            else:
                node.decompose()


def _blockquote(node: LexborNode, kind: str) -> Embed:
    """A tweet's "— Name (@handle) date" follows its last paragraph; an Instagram post says "A post
    shared by Name (@handle) on date"; handles otherwise come from the post's address."""
    paragraphs = [dom.text_of(p) for p in node.css("p")]
    permalink = node.attributes.get("data-instgrm-permalink") or node.attributes.get("cite")
    links = tuple(dict.fromkeys(filter(None, [permalink, *(a.attributes.get("href") for a in node.css("a[href]"))])))
    whole = dom.text_of(node)
    tail = whole[whole.rfind(paragraphs[-1]) + len(paragraphs[-1]) :] if paragraphs else whole
    if kind == "tweet" and (signature := parse_signature(tail.strip())) is not None:
        _, found = signature
        return Embed(kind, found.author, found.handle, found.date, " ".join(paragraphs) or None, links)
    shared_by = next(((p, found.embed) for p in paragraphs if (found := read_embed_line(p)) is not None), None)
    if shared_by is not None:
        line, found = shared_by
        paragraphs.remove(line)
        return Embed(kind, found.author, found.handle, found.date, " ".join(paragraphs) or None, links)
    when = next((d for t in node.css("time") if (d := dates.parse_date(dom.text_of(t)))), None)
    handle = next((m[1] or m[2] for link in links if (m := _HANDLE_IN_LINK.search(link))), None)
    return Embed(kind, None, handle, when, " ".join(paragraphs) or whole or None, links)


def _iframe(node: LexborNode) -> Embed | None:
    src = node.attributes.get("src") or node.attributes.get("data-src") or ""
    for kind, words in iframe_kinds().items():
        if any(word in src for word in words):
            return Embed(kind, None, None, None, node.attributes.get("title") or None, (src,))
    return None
