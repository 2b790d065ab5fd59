"""Small helpers over selectolax's lexbor tree."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean.normalise import normalise_line

# An element holding more than this share of the page's text is the article (or its frame), whatever
# its class says: it is never lifted or removed.
MAX_BLOCK_SHARE = 0.4
MIN_BLOCK_ALLOWANCE = 300  # characters any block may hold, however short the page
_NEVER_REMOVED = frozenset({"html", "body", "main", "article", "head"})


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def drop_code(tree: LexborHTMLParser) -> None:
    """Scripts and styles hold no article text (JSON-LD stays: it carries metadata). <noscript> and
    <template> stay too: some pages keep their article there, and trafilatura reads it."""
    for node in tree.css('script:not([type="application/ld+json"]), style'):
        node.decompose()


def text_of(node: LexborNode) -> str:
    """The element's text on one line, normalised: the source's own line breaks are spaces."""
    return one_line(raw_text(node))


def one_line(raw: str) -> str:
    """Raw element text normalised onto one line (the source's line breaks are spaces)."""
    return normalise_line(raw.replace("\n", " "))


def page_text_length(tree: LexborHTMLParser) -> int:
    body = tree.body
    return len(body.text(separator=" ", strip=True) or "") if body is not None else 0


# Elements that hold no page text (drawings, images, media and their sources, frames, plugins, inputs, links
# to style sheets, meta tags and the JSON-LD scripts, once the metadata is read; a ruby annotation's reading
# aid, the furigana printed over Japanese text, and its fallback parentheses) and that trafilatura drops or
# strips unconditionally: taken out before any query and extraction, so that the trees the selectors query
# and trafilatura walks are smaller (iframes are read as embeds first).
INERT_TAGS = (
    "svg", "img", "picture", "iframe", "frame", "object", "embed", "applet", "canvas", "map", "video", "audio",
    "source", "track", "input", "link", "meta", "script", "rt", "rp",
)  # fmt: skip
# The mark of a piece taken off the page stays (an iframe's mark is where its embed stood).
INERT = ", ".join(f"{tag}:not([data-newsclean-pieces])" for tag in INERT_TAGS)


def drop_inert(tree: LexborHTMLParser) -> None:
    for node in tree.css(INERT)[::-1]:  # inner ones first: a parent's removal frees its children
        node.decompose()


def raw_text(node: LexborNode) -> str:
    return node.text(separator=" ", strip=True) or ""


PIECE_MARK = "data-newsclean-pieces"  # on an emptied element: the pieces taken from there, in page order


def mark_taken(node: LexborNode, index: int) -> None:
    """Empty an element that was taken off the page as piece `index`, leaving a mark where it stood so that
    its segment keeps its place in page order (and the marks of pieces taken from inside it stay with it)."""
    inner = [mark.attributes.get(PIECE_MARK) or "" for mark in node.css(f"[{PIECE_MARK}]")]
    node.inner_html = ""
    node.attrs[PIECE_MARK] = " ".join([str(index), *inner]).strip()  # its own text (a heading) came first


def marked_pieces(attributes: dict[str, str | None]) -> list[int]:
    """The pieces an element's mark names (none when it has no mark)."""
    value = attributes.get(PIECE_MARK)
    return [int(n) for n in value.split()] if value else []


def matching_selector(node: LexborNode, selectors: tuple[str, ...]) -> str | None:
    """The first of `selectors` that the element itself matches (for `segments.matched`). A query from an
    element finds the element first when it matches (document order), and sees its ancestors for
    combinators, so each try walks the element's own subtree at most."""
    for selector in selectors:
        first = node.css_first(selector)
        if first is not None and first.mem_id == node.mem_id:
            return selector
    return None


def may_take(node: LexborNode, chars: int, page_chars: int, max_chars: int) -> bool:
    """Whether a block of `chars` characters may be lifted or removed: not the page's frame, its headline,
    most of its text, or more text than blocks of its kind hold."""
    if chars > min(max_chars, max(MAX_BLOCK_SHARE * page_chars, MIN_BLOCK_ALLOWANCE)) or node.tag in _NEVER_REMOVED:
        return False
    return node.css_first("h1") is None
