"""Lift and remove blocks by the selector rules of selectors.toml, in file order."""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean.html import dom
from newsclean.html.pieces import Piece
from newsclean.html.selectors import BlockRule, block_rules


def take_blocks(tree: LexborHTMLParser, page_chars: int) -> list[Piece]:
    """Apply every lift/remove rule; return one Piece per block taken, in rule then document order."""
    pieces: list[Piece] = []
    for rule in block_rules():
        pieces.extend(_take(tree, rule, page_chars))
    return pieces


def _take(tree: LexborHTMLParser, rule: BlockRule, page_chars: int) -> list[Piece]:
    """Inner matches first (see selectors.toml), or the outermost whole where the rule says so."""
    matches = tree.css(rule.selector)
    nodes = _outermost(matches) if rule.whole else matches[::-1]
    pieces = []
    for node in nodes:
        raw = dom.raw_text(node)
        if not dom.may_take(node, len(raw), page_chars, rule.max_chars):
            continue
        text = dom.one_line(raw)
        if text:
            pieces.append(Piece(rule.role, rule.name, text))
        node.decompose()
    return pieces if rule.whole else pieces[::-1]


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """The matches not inside another match, in document order."""
    ids = {node.mem_id for node in nodes}
    return [node for node in nodes if not any(parent.mem_id in ids for parent in _ancestors(node))]


def _ancestors(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent
