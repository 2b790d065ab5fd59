"""Lift and remove the page structures that the selector rules of selectors.toml name (captions, reader
comments and their forms, form controls), in file order. Each taken element leaves a mark where it stood
(newsclean.html.dom.mark_taken), so that its segment keeps its place in page order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import ahocorasick_rs
from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean.html import dom
from newsclean.html.pieces import Piece
from newsclean.html.selectors import BlockRule, all_needed_words, block_rules

# The page's class and id values, read off its source, tell which selectors are worth a query. Two
# case-sensitive patterns with a literal start are fast to scan for; a page that writes its attribute
# names in capitals (lexbor reads them as lower case) is asked every selector.
_CLASS_VALUES = re.compile(r"""class\s*=\s*["']?([^"'>]*)""")
_ID_VALUES = re.compile(r"""id\s*=\s*["']?([^"'>]*)""")


def words_present(html: str) -> frozenset[str] | None:
    """The selector words found in the page's class and id values; None when the source cannot tell."""
    if " CLASS=" in html or " ID=" in html:
        return None
    names = "\n".join({*_CLASS_VALUES.findall(html), *_ID_VALUES.findall(html)})
    return frozenset(_word_finder().find_matches_as_strings(names, overlapping=True))


@cache
def _word_finder() -> ahocorasick_rs.AhoCorasick:
    """Every selector word in one Aho-Corasick automaton: one pass over the page's names finds them all
    (a substring test per word cost a third of a millisecond a page), overlapping ones included."""
    return ahocorasick_rs.AhoCorasick(all_needed_words(), matchkind=ahocorasick_rs.MatchKind.Standard)


def take_lifts(tree: LexborHTMLParser, page_chars: int, pieces: list[Piece], html: str | None = None) -> None:
    """Apply every lift/remove rule, adding one Piece per element taken to `pieces` (in rule order; the
    marks keep page order). `html`, the page's source, lets a rule skip the selectors whose class or id words
    it lacks."""
    present = words_present(html) if html is not None else None
    for rule in block_rules():
        selectors = rule.selectors_for(present)
        if selectors:
            _take(tree, rule, page_chars, selectors, pieces)


def _take(
    tree: LexborHTMLParser, rule: BlockRule, page_chars: int, selectors: tuple[str, ...], pieces: list[Piece]
) -> None:
    """Inner matches first (see selectors.toml), or the outermost whole where the rule says so. One query
    for the rule's whole selector group; which selector matched is asked of the taken elements only."""
    matches = _once(tree.css(", ".join(selectors)))
    for node in _outermost(matches) if rule.whole else matches[::-1]:
        raw = dom.raw_text(node)
        if not dom.may_take(node, len(raw), page_chars, rule.max_chars):
            continue
        text = dom.one_line(raw)
        if text:
            matched = dom.matching_selector(node, selectors)
            dom.mark_taken(node, len(pieces))
            pieces.append(Piece(rule.role, rule.name, text, matched=matched))
        elif not node.attributes.get(dom.PIECE_MARK):  # an emptied element keeps the marks of what it held
            node.decompose()


def _once(nodes: list[LexborNode]) -> list[LexborNode]:
    """Each element once: lexbor lists an element once per selector of a group that it matches."""
    seen: set[int] = set()
    return [node for node in nodes if not (node.mem_id in seen or seen.add(node.mem_id))]


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """The matches not inside another match, in document order."""
    ids = {node.mem_id for node in nodes}
    return [node for node in nodes if not any(parent.mem_id in ids for parent in _ancestors(node))]


def _ancestors(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent
