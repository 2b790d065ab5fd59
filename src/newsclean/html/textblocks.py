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
MAX_CHAIN = 6  # enclosing block elements a block remembers, innermost first


@dataclass(slots=True)
class TextBlock:
    text: str  # the run's text, white space collapsed (not yet normalised)
    tag: str  # the innermost block element holding it
    context: frozenset[str]  # the CONTEXT_TAGS around it
    named_at: tuple[int, ...]  # per class-word group: the depth of the nearest element naming it (-1: none)
    element_depth: int  # elements above it
    link_chars: int  # characters inside links
    bold_chars: int  # characters inside <strong> or <b>
    depth: int  # block elements above it
    chain: tuple[int, ...]  # ids of the enclosing block elements, innermost first: blocks sharing a container

    @property
    def class_distance(self) -> tuple[int, ...]:
        """Per class-word group: levels up to the nearest element naming it (ClassWords.FAR: none)."""
        return tuple(self.element_depth - d if d >= 0 else ClassWords.FAR for d in self.named_at)


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
    chain: tuple[int, ...]  # its own ident, then its enclosing blocks', innermost first


class _Walk:
    """The state of one walk: the open block elements, the text gathered since the last boundary. A step
    per node, kept cheap: a page has thousands of nodes and the walk runs on every page."""

    def __init__(self, words: ClassWords) -> None:
        self.words = words
        self.blocks: list[TextBlock] = []
        self.piece_places: list[tuple[int, int]] = []
        self.open: list[_Open] = [_Open("body", frozenset(), 0, (0,))]
        self.pieces: list[str] = []
        self.links = 0  # links open around the current node
        self.bold = 0  # bold elements open around it
        self.link_chars = 0  # characters of the current run inside links
        self.bold_chars = 0
        self.named_at = (-1,) * len(words.groups)
        self.depth = 0
        self.next_id = 1

    def flush(self) -> None:
        """End the current run of text as a block (if it holds any)."""
        text = " ".join("".join(self.pieces).split())
        self.pieces.clear()
        if text:
            top = self.open[-1]
            self.blocks.append(
                TextBlock(
                    text,
                    top.tag,
                    top.context,
                    self.named_at,
                    self.depth,
                    self.link_chars,
                    self.bold_chars,
                    len(self.open),
                    top.chain,
                )
            )
        self.link_chars = self.bold_chars = 0

    def text(self, value: str) -> None:
        """A text node's value joins the run (white space alone does not start one: the run's text is
        stripped, and most such nodes only indent the markup)."""
        if not self.pieces and value.isspace():
            return
        self.pieces.append(value)
        if self.links or self.bold:
            chars = len(value.strip())
            self.link_chars += chars if self.links else 0
            self.bold_chars += chars if self.bold else 0

    def pieces_stood_here(self, taken: list[int]) -> None:
        if self.pieces:
            self.flush()
        self.piece_places.extend((piece, len(self.blocks)) for piece in taken)

    def enter(self, tag: str, attributes: dict[str, str | None]) -> tuple[str, tuple[int, ...] | None]:
        """An element opens; returns what its end must undo: its tag, and the class depths it replaced."""
        self.depth += 1
        replaced = None
        if attributes and (named := self.words.groups_named(attributes)):
            replaced = self.named_at
            at = list(replaced)
            for group in named:
                at[group] = self.depth
            self.named_at = tuple(at)
        if tag in BLOCK_TAGS:
            self._open_block(tag)
        elif tag == "a":
            self.links += 1
        elif tag in BOLD_TAGS:
            self.bold += 1
        return tag, replaced

    def _open_block(self, tag: str) -> None:
        if self.pieces:
            self.flush()
        parent = self.open[-1]
        name = "h" if tag in HEADINGS else tag
        context = parent.context | {name} if name in CONTEXT_TAGS else parent.context
        self.open.append(_Open(tag, context, self.next_id, (self.next_id, *parent.chain[: MAX_CHAIN - 1])))
        self.next_id += 1

    def leave(self, tag: str, replaced: tuple[int, ...] | None) -> None:
        if tag in BLOCK_TAGS:
            if self.pieces:
                self.flush()
            self.open.pop()
        elif tag == "a":
            self.links -= 1
        elif tag in BOLD_TAGS:
            self.bold -= 1
        if replaced is not None:
            self.named_at = replaced
        self.depth -= 1


BOLD_TAGS = frozenset({"strong", "b"})
_END = object()  # on the walk's stack: the element below it ends here


def text_blocks(tree: LexborHTMLParser) -> PageText:
    """The page's text blocks in page order, and the places of the pieces taken off it."""
    body = tree.body
    if body is None:
        return PageText([], [])
    walk = _Walk(class_words())
    stack: list[object] = [body]
    while stack:
        item = stack.pop()
        if item is _END:
            walk.leave(*stack.pop())  # type: ignore[misc]
        else:
            _visit(item, walk, stack)  # type: ignore[arg-type]
    if walk.pieces:
        walk.flush()
    return PageText(walk.blocks, walk.piece_places)


def _visit(node: LexborNode, walk: _Walk, stack: list[object]) -> None:
    """A node's start: text is gathered; an element opens, and its end and children go on the stack."""
    tag = node.tag or ""
    if tag == "-text":
        if value := node.text_content:
            walk.text(value)
        return
    if tag in SKIP_TAGS or tag[:1] == "-":  # comments, doctypes
        return
    if tag in BREAK_TAGS:
        if walk.pieces:
            walk.flush()
        return
    attributes = node.attributes
    if attributes and (taken := dom.marked_pieces(attributes)):
        walk.pieces_stood_here(taken)
        return
    stack.append(walk.enter(tag, attributes))
    stack.append(_END)
    child = node.last_child
    while child is not None:
        stack.append(child)
        child = child.prev
