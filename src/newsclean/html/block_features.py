"""The named features of a page's text blocks, the body model's inputs: a block's own shape (length, links,
punctuation, stop words), its place (tag, enclosing elements, class words, position), the extractors'
verdicts on it and on its container, and the same facts of its neighbours. `FEATURES` names the columns in
order; `block_table` computes them for one page, column by column (numpy over the page's blocks).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsclean.html.classwords import ClassWords, class_words
from newsclean.html.evidence import EXTRACTOR_KEPT, BlockFinder, Evidence, word_key
from newsclean.html.textblocks import CONTEXT_TAGS, TextBlock
from newsclean.learn import sequence
from newsclean.roles.lines import line_rules
from newsclean.roles.related import heading_rules
from newsclean.text.stopwords import stopwords
from newsclean.vocab import Role

TAGS = (
    "p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "blockquote", "pre", "section",
    "article", "header", "footer", "nav", "aside", "form", "figcaption", "figure", "body", "main", "table", "ul",
    "ol", "span",
)  # fmt: skip
PHRASE_ROLES = (Role.CHROME, Role.PROMO, Role.CAPTION, Role.COMMENT_FORM, Role.EMBED, Role.RELATED)
CONTEXTS = tuple(sorted(CONTEXT_TAGS))
CONTAINER_LEVELS = (1, 2, 3, 4)
WINDOW = 3  # blocks on each side that a window feature averages over
COMMENTS_LEAD_MIN_WORDS = 50  # fewer words read as comments are not taken for a mistaken article
CATEGORICAL = ("tag", "phrase_role", "prev_phrase_role", "next_phrase_role")
_SENTENCE_END = (".", "!", "?", "…", ":", '."', '?"', ".”", "?”", "!”", ".)", ".’")
_PUNCTUATION = str.maketrans("", "", ".,;:!?")
_DIGIT = re.compile(r"\d")
# A word starting with a capital (Latin, Greek, Cyrillic): a block's words stand one space apart.
_CAPITALISED = re.compile(r"(?:^| )[A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a9\u0410-\u042f]")


@dataclass
class PageBlocks:
    """A page's blocks with what every feature reads: word keys, word counts and extractor verdicts."""

    blocks: list[TextBlock]
    keys: list[str]
    words: np.ndarray
    trafilatura: np.ndarray
    trafilatura_comments: np.ndarray
    resiliparse: np.ndarray
    repeats: list[int]  # identical blocks before this one
    title_keys: frozenset[str]
    evidence: Evidence = field(repr=False)
    finder: BlockFinder = field(repr=False)
    own: dict[str, np.ndarray] | None = field(default=None, repr=False)  # block_table's, once computed

    @classmethod
    def of(cls, blocks: list[TextBlock], evidence: Evidence, titles: Sequence[str]) -> PageBlocks:
        keys = [word_key(b.text) for b in blocks]
        before: dict[str, int] = defaultdict(int)
        repeats = []
        for key in keys:
            repeats.append(before[key])
            before[key] += 1

        finder = BlockFinder(keys)
        return cls(
            blocks,
            keys,
            np.array([k.count(" ") + 1 if k else 0 for k in keys], dtype=np.float32),
            finder.verdicts(evidence.trafilatura, repeats),
            finder.verdicts(evidence.trafilatura_comments, repeats),
            finder.verdicts(evidence.resiliparse, repeats),
            repeats,
            frozenset(word_key(t) for t in titles if t),
            evidence,
            finder,
        )

    def ask_trafilatura(self, *, full: bool = False) -> None:
        """Fill in trafilatura's verdicts on these blocks (it runs now, unless it has run over the page in
        that mode; see Evidence.ask_trafilatura). Where what it read as reader comments stands before its
        main text, its comment finder took the article (an opinion column whose container a class word
        calls a comment): its main text is asked again without it."""
        self.evidence = self.evidence.ask_trafilatura(full=full)
        self._read_trafilatura()
        if self._comments_lead():
            self.evidence = self.evidence.without_comments()
            self._read_trafilatura()

    def _read_trafilatura(self) -> None:
        self.trafilatura = self.finder.verdicts(self.evidence.trafilatura, self.repeats)
        self.trafilatura_comments = self.finder.verdicts(self.evidence.trafilatura_comments, self.repeats)

    def _comments_lead(self) -> bool:
        """Whether the blocks only trafilatura's comments hold (COMMENTS_LEAD_MIN_WORDS words or more) stand,
        by the block holding the middle of their words, before the blocks only its main text holds (reader
        comments follow an article; the two texts share the blocks of a thread it read as both)."""
        said_main, said_comments = self.trafilatura >= EXTRACTOR_KEPT, self.trafilatura_comments >= EXTRACTOR_KEPT
        comments, main = said_comments & ~said_main, said_main & ~said_comments
        if self.words[comments].sum() < COMMENTS_LEAD_MIN_WORDS:
            return False
        return middle_block(self.words, comments) < middle_block(self.words, main)


def middle_block(words: np.ndarray, chosen: np.ndarray) -> int:
    """The index of the block holding the middle word of the chosen blocks (the page's length if none)."""
    counts = np.cumsum(np.where(chosen, words, 0.0))
    return int(np.searchsorted(counts, counts[-1] / 2)) if len(counts) and counts[-1] else len(words)


SHAPE = ("ends_sentence", "punctuation", "stopwords", "capitals", "digits", "word_length", "tag")
_TAG_INDEX = {tag: float(n) for n, tag in enumerate(TAGS)}


def _shape(block: TextBlock, key: str) -> tuple[float, ...]:
    """A block's own shape, in the order of SHAPE: whether it ends a sentence, punctuation marks per word,
    the share of function words and of capitalised words, digits per character, letters per word, its tag."""
    text = block.text
    words = key.split(" ") if key else []
    count = max(1, len(words))
    return (
        float(text.endswith(_SENTENCE_END)),
        (len(text) - len(text.translate(_PUNCTUATION))) / count,
        sum(map(stopwords().__contains__, words)) / count,
        len(_CAPITALISED.findall(text)) / max(1, text.count(" ") + 1),
        len(_DIGIT.findall(text)) / max(1, len(text)),
        (len(key) - len(words) + 1) / count if key else 0.0,
        _TAG_INDEX.get(block.tag, float(len(TAGS))),
    )


def _shape_columns(page: PageBlocks) -> dict[str, np.ndarray]:
    shapes = np.array([_shape(b, k) for b, k in zip(page.blocks, page.keys, strict=True)], np.float32)
    shapes = shapes.reshape(len(page.blocks), len(SHAPE))
    return {name: shapes[:, n] for n, name in enumerate(SHAPE)}


def _context_columns(page: PageBlocks) -> dict[str, np.ndarray]:
    flags = np.array([[c in b.context for c in CONTEXTS] for b in page.blocks], np.float32)
    flags = flags.reshape(len(page.blocks), len(CONTEXTS))
    return {f"in_{c}": flags[:, n] for n, c in enumerate(CONTEXTS)}


def _phrase_roles(page: PageBlocks) -> np.ndarray:
    """The role a phrase rule of the text path gives the block's text on its own (-1: none)."""
    found = line_rules().match_lines([b.text for b in page.blocks])
    roles = [PHRASE_ROLES.index(r.role) if r is not None and r.role in PHRASE_ROLES else -1 for r in found]
    return np.array(roles, dtype=np.float32)


def _related_headings(page: PageBlocks) -> np.ndarray:
    found = heading_rules().match_lines([b.text for b in page.blocks])
    return np.array([r is not None for r in found], dtype=np.float32)


def _extractor_span(verdicts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each block lies between the first and last block the extractor kept, and how many blocks away
    the nearest kept one is."""
    kept = np.flatnonzero(verdicts >= 0.5)
    n = len(verdicts)
    if not len(kept):
        return np.zeros(n, np.float32), np.full(n, 99.0, np.float32)
    index = np.arange(n)
    inside = (index >= kept[0]) & (index <= kept[-1])
    nearest = np.abs(index[:, None] - kept[None, :]).min(axis=1) if n * len(kept) < 250_000 else _nearest(index, kept)
    return inside.astype(np.float32), np.minimum(nearest, 99).astype(np.float32)


def _nearest(index: np.ndarray, kept: np.ndarray) -> np.ndarray:
    right = np.searchsorted(kept, index).clip(0, len(kept) - 1)
    left = (right - 1).clip(0, len(kept) - 1)
    return np.minimum(np.abs(kept[right] - index), np.abs(kept[left] - index))


def _container_columns(page: PageBlocks, chars: np.ndarray) -> dict[str, np.ndarray]:
    """Per enclosing level: the container's share of text the extractors kept, its size, links, blocks."""
    depth = max(CONTAINER_LEVELS) + 1
    chains = np.array([(b.chain + (-1,) * depth)[:depth] for b in page.blocks], dtype=np.int64).reshape(-1, depth)
    every = np.array([ident for b in page.blocks for ident in b.chain], dtype=np.int64)
    owner = np.repeat(np.arange(len(page.blocks)), [len(b.chain) for b in page.blocks])
    size = int(every.max()) + 1 if len(every) else 1
    links = np.array([b.link_chars for b in page.blocks], dtype=np.float64)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(every, weights=values[owner], minlength=size)

    sums = {
        "chars": total(chars.astype(np.float64)),
        "trafilatura": total(chars * page.trafilatura),
        "resiliparse": total(chars * page.resiliparse),
        "links": total(links),
        "blocks": np.bincount(every, minlength=size).astype(np.float64),
    }
    page_chars = max(1.0, float(chars.sum()))
    columns: dict[str, np.ndarray] = {}
    for level in CONTAINER_LEVELS:
        ids = chains[:, level]
        present = ids >= 0
        at = {name: np.where(present, values[np.maximum(ids, 0)], 0.0) for name, values in sums.items()}
        size_at = np.maximum(at["chars"], 1.0)
        columns[f"container{level}_trafilatura"] = np.where(present, at["trafilatura"] / size_at, -1.0)
        columns[f"container{level}_resiliparse"] = np.where(present, at["resiliparse"] / size_at, -1.0)
        columns[f"container{level}_log_chars"] = np.log1p(at["chars"])
        columns[f"container{level}_page_share"] = at["chars"] / page_chars
        columns[f"container{level}_link_density"] = np.where(present, at["links"] / size_at, -1.0)
        columns[f"container{level}_log_blocks"] = np.log1p(at["blocks"])
    return {name: values.astype(np.float32) for name, values in columns.items()}


def block_table(page: PageBlocks) -> dict[str, np.ndarray]:
    """Every feature of every block of the page, by name (the order of FEATURES)."""
    own = own_columns(page)
    chars = own["chars"]
    columns: dict[str, np.ndarray] = {
        "trafilatura": page.trafilatura,
        "resiliparse": page.resiliparse,
        "trafilatura_comments": page.trafilatura_comments,
        **own,
    }
    columns |= _container_columns(page, chars)
    columns |= _sequence_columns(columns, page)
    return {name: columns[name] for name in FEATURES}


def own_columns(page: PageBlocks) -> dict[str, np.ndarray]:
    """The columns of the blocks' own text and place, which no extractor's verdict changes (with "chars"):
    computed once a page, though the table is made twice where the quick model asks trafilatura."""
    if page.own is None:
        page.own = _own_columns(page)
    return page.own


def _own_columns(page: PageBlocks) -> dict[str, np.ndarray]:
    n = len(page.blocks)
    chars = np.array([len(b.text) for b in page.blocks], dtype=np.float32)
    columns: dict[str, np.ndarray] = {
        "chars": chars,
        "log_words": np.log1p(page.words),
        "log_chars": np.log1p(chars),
        "link_density": np.array([b.link_chars for b in page.blocks], np.float32) / np.maximum(chars, 1),
        "bold_density": np.array([b.bold_chars for b in page.blocks], np.float32) / np.maximum(chars, 1),
        "is_title": np.array([k in page.title_keys and bool(k) for k in page.keys], np.float32),
        "repeats": np.array(page.repeats, np.float32),
        "position": np.arange(n, dtype=np.float32) / max(1, n - 1),
        "char_position": (np.cumsum(chars) - chars) / max(1.0, float(chars.sum())),
        "depth": np.array([b.depth for b in page.blocks], np.float32),
        "phrase_role": _phrase_roles(page),
        "related_heading": _related_headings(page),
    }
    columns |= _shape_columns(page) | _context_columns(page)
    named_at = np.array([b.named_at for b in page.blocks], np.float32).reshape(n, -1)
    depth = np.array([b.element_depth for b in page.blocks], np.float32)[:, None]
    distances = np.where(named_at >= 0, depth - named_at, float(ClassWords.FAR))
    for index, group in enumerate(class_words().groups):
        columns[f"class_{group}"] = distances[:, index]
    return columns


def _sequence_columns(columns: dict[str, np.ndarray], page: PageBlocks) -> dict[str, np.ndarray]:
    """Neighbours' facts: the blocks before and after, the window around, the extractor's span."""
    inside, distance = _extractor_span(page.trafilatura)
    out = {"in_trafilatura_span": inside, "trafilatura_distance": distance}
    out.update(sequence.neighbours(columns, NEIGHBOURS))
    out.update(sequence.window_means(columns, WINDOWED, {"window": WINDOW}))
    n = len(page.blocks)
    kept_chars = float((page.trafilatura >= 0.5).sum())
    out["trafilatura_found_any"] = np.full(n, float(kept_chars > 0), np.float32)
    out["log_trafilatura_blocks"] = np.full(n, math.log1p(kept_chars), np.float32)
    out["log_blocks"] = np.full(n, math.log1p(n), np.float32)
    return out


NEIGHBOURS = {
    "trafilatura": (1, -1, 2, -2),
    "resiliparse": (1, -1),
    "log_words": (1, -1),
    "link_density": (1, -1),
    "ends_sentence": (1, -1),
    "phrase_role": (1, -1),
}
WINDOWED = ("trafilatura", "resiliparse", "link_density", "trafilatura_comments", "ends_sentence")


def _feature_names() -> tuple[str, ...]:
    own = (
        "trafilatura", "resiliparse", "trafilatura_comments", "log_words", "log_chars", "link_density",
        "bold_density", "punctuation", "ends_sentence", "stopwords", "capitals", "digits", "is_title", "repeats",
        "word_length", "position", "char_position", "depth", "tag", "phrase_role", "related_heading",
    )  # fmt: skip
    contexts = tuple(f"in_{c}" for c in CONTEXTS)
    groups = tuple(f"class_{g}" for g in class_words().groups)
    containers = tuple(
        f"container{level}_{what}"
        for level in CONTAINER_LEVELS
        for what in ("trafilatura", "resiliparse", "log_chars", "page_share", "link_density", "log_blocks")
    )
    neighbours = sequence.neighbour_names(NEIGHBOURS)
    windows = tuple(f"window_{name}" for name in WINDOWED)
    around = ("in_trafilatura_span", "trafilatura_distance", *neighbours, *windows)
    page_wide = ("trafilatura_found_any", "log_trafilatura_blocks", "log_blocks")
    return (*own, *contexts, *groups, *containers, *around, *page_wide)


FEATURES: tuple[str, ...] = _feature_names()
# The features that read trafilatura's verdicts (every such column names it), and the ones the quick model
# reads: everything else, known before trafilatura runs.
TRAFILATURA_FEATURES = tuple(name for name in FEATURES if "trafilatura" in name)
QUICK_FEATURES = tuple(name for name in FEATURES if name not in TRAFILATURA_FEATURES)
