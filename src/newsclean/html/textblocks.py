"""A page as text blocks: the runs of text between block-level tags, in page order, each with what its
place in the page says about it (its tag, the notable elements around it, the class and id words of its
ancestors, its links). The blocks are the units the body model decides on (newsclean.html.decide).

One walk over the parsed page, with an explicit stack (no recursion: pages may nest thousands deep).
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean.html import dom
from newsclean.html.classwords import ClassWords, class_words

# Tags that end the run of text before them and start a new one.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul legend caption".split()
)
BREAK_TAGS = frozenset({"br", "hr"})  # a line break is a block boundary too: old pages write paragraphs so
# Elements whose text is never page text a reader sees as prose.
SKIP_TAGS = frozenset(
    "script style head title template svg math select option textarea button iframe object embed canvas video "
    "audio map input".split()
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Block ancestors worth naming: a feature each (a heading counts as "h").
CONTEXT_TAGS = frozenset("li table h nav header footer aside form article main blockquote figure".split())
INLINE_KINDS = {"a": 0, "strong": 1, "b": 1}  # links, bold text: their characters are counted per block
MAX_CHAIN = 6  # enclosing block elements a block remembers, innermost first


@dataclass(slots=True)
class TextBlock:
    text: str  # the run's text, white space collapsed (not yet normalised)
    tag: str  # the innermost block element holding it
    context: frozenset[str]  # the CONTEXT_TAGS around it
    class_distance: tuple[int, ...]  # per class-word group: levels up to the nearest element naming it
    link_chars: int  # characters inside links
    bold_chars: int  # characters inside <strong> or <b>
    depth: int  # block elements above it
    chain: tuple[int, ...]  # ids of the enclosing block elements, innermost first: blocks sharing a container


@dataclass(slots=True)
class PageText:
    """A page's text blocks, and where the pieces taken off it stood: (piece index, blocks before it)."""

    blocks: list[TextBlock]
    piece_places: list[tuple[int, int]]


@dataclass(slots=True)
class _Open:
    """A block element being walked."""

    tag: str
    context: frozenset[str]
    ident: int


class _Walk:
    """The state of one walk: the open block elements, the text gathered since the last boundary."""

    def __init__(self, words: ClassWords) -> None:
        self.words = words
        self.blocks: list[TextBlock] = []
        self.piece_places: list[tuple[int, int]] = []
        self.open: list[_Open] = [_Open("body", frozenset(), 0)]
        self.pieces: list[str] = []
        self.inline = [0, 0]  # open links, open bold elements
        self.counted = [0, 0]  # characters of the current run inside them
        self.seen_depths: list[list[int]] = [[] for _ in words.groups]  # per group: depths naming it
        self.depth = 0
        self.next_id = 1

    def flush(self) -> None:
        """End the current run of text as a block (if it holds any)."""
        if not self.pieces:
            return
        text = " ".join("".join(self.pieces).split())
        self.pieces.clear()
        if text:
            self.blocks.append(self._block(text))
        self.counted = [0, 0]

    def _block(self, text: str) -> TextBlock:
        top = self.open[-1]
        distance = tuple(self.depth - seen[-1] if seen else ClassWords.FAR for seen in self.seen_depths)
        chain = tuple(o.ident for o in reversed(self.open[-MAX_CHAIN:]))
        links, bold = self.counted
        return TextBlock(text, top.tag, top.context, distance, links, bold, len(self.open), chain)

    def pieces_stood_here(self, pieces: list[int]) -> None:
        self.flush()
        self.piece_places.extend((piece, len(self.blocks)) for piece in pieces)

    def text(self, value: str) -> None:
        self.pieces.append(value)
        if self.inline[0] or self.inline[1]:
            chars = len(value.strip())
            self.counted[0] += chars if self.inline[0] else 0
            self.counted[1] += chars if self.inline[1] else 0

    def enter(self, tag: str, attributes: dict[str, str | None]) -> tuple[str, ...]:
        """An element opens; returns the class-word groups it names (to be closed on exit)."""
        self.depth += 1
        named = self.words.groups_named(attributes)
        for group in named:
            self.seen_depths[group].append(self.depth)
        if tag in BLOCK_TAGS:
            self.flush()
            name = "h" if tag in HEADINGS else tag
            context = self.open[-1].context | {name} if name in CONTEXT_TAGS else self.open[-1].context
            self.open.append(_Open(tag, context, self.next_id))
            self.next_id += 1
        elif tag in INLINE_KINDS:
            self.inline[INLINE_KINDS[tag]] += 1
        return named

    def leave(self, tag: str, named: tuple[int, ...]) -> None:
        if tag in BLOCK_TAGS:
            self.flush()
            self.open.pop()
        elif tag in INLINE_KINDS:
            self.inline[INLINE_KINDS[tag]] -= 1
        for group in named:
            self.seen_depths[group].pop()
        self.depth -= 1


def text_blocks(tree: LexborHTMLParser) -> PageText:
    """The page's text blocks in page order, and the places of the pieces taken off it."""
    body = tree.body
    if body is None:
        return PageText([], [])
    walk = _Walk(class_words())
    stack: list[tuple[LexborNode, tuple[int, ...] | None]] = [(body, None)]
    while stack:
        node, named = stack.pop()
        if named is not None:  # the element's end
            walk.leave(node.tag or "", named)
        else:
            _visit(node, walk, stack)
    walk.flush()
    return PageText(walk.blocks, walk.piece_places)


def _visit(node: LexborNode, walk: _Walk, stack: list[tuple[LexborNode, tuple[int, ...] | None]]) -> None:
    """A node's start: text is gathered; an element opens and its children are stacked before its end."""
    tag = node.tag or ""
    if tag == "-text":
        if value := node.text_content:
            walk.text(value)
        return
    if tag in SKIP_TAGS or tag.startswith("-"):  # comments, doctypes
        return
    if tag in BREAK_TAGS:
        walk.flush()
        return
    attributes = node.attributes
    if taken := dom.marked_pieces(attributes):
        walk.pieces_stood_here(taken)
        return
    stack.append((node, walk.enter(tag, attributes)))
    child = node.last_child
    while child is not None:
        stack.append((child, None))
        child = child.prev
