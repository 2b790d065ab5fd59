"""Lift and remove blocks by the selector rules of selectors.toml, in file order."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

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
    pieces = []
    for node in reversed(tree.css(rule.selector)):  # inner matches before the blocks that hold them
        if not dom.may_take(node, page_chars, rule.max_chars):
            continue
        text = dom.text_of(node)
        if text:
            pieces.append(Piece(rule.role, rule.name, text))
        node.decompose()
    return pieces[::-1]
