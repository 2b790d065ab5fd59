"""What other extractors say about a page's blocks: resiliparse's main-content text and, when the quick
model is unsure of the page, trafilatura's main text (and the reader comments it tells apart), each run over
the pruned page, mapped back onto the text blocks. Their verdicts are features of the body models, not
the decision: the models weigh them with the block's own shape and place.

A block's verdict is 1.0 when its words stand in the extractor's text (an n-th copy of a repeated block only
when the text holds it n times: a page that prints its article twice is extracted once), else the share of
its word 4-grams found there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

import ahocorasick_rs
import numpy as np
import trafilatura
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from newsclean.text.stopwords import spaceless_words

_WORD = re.compile(r"\w+")
GRAM = 4
FULL_MODE_BELOW_SHARE = 0.1  # trafilatura's fast mode keeping less than this share of the page's text...
FULL_MODE_BELOW_CHARS = 300  # ... or fewer characters than this is asked again in full mode
# ... or less than this share of what resiliparse finds: fast mode took one section of a long document
FULL_MODE_BELOW_SECOND = 0.4
FAST, FULL = "fast", "full"  # trafilatura's modes
PARTIAL_MIN_WORDS = 8  # a shorter block is in the extractor's text whole, or not at all
EXTRACTOR_KEPT = 0.5  # a verdict at or over this: the extractor kept the block


def word_key(text: str) -> str:
    """The text's words, lower case, one space apart: the form blocks and extracted texts are compared in. A
    run of Chinese, Japanese or Thai (one \\w run is a whole phrase or sentence) counts as its pairs of
    characters, so that such a block has words to count and 4-grams to find like any other."""
    if text.isascii():
        return " ".join(_WORD.findall(text.lower()))
    return " ".join(spaceless_words(_WORD.findall(unicodedata.normalize("NFKC", text).lower())))


@dataclass
class Extracted:
    """One extractor's text over a page, in word_key form (with a space at each end: whole words match)."""

    key: str
    chars: int = 0  # the length of the text as the extractor gave it
    _grams: set[str] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, text: str) -> Extracted:
        key = word_key(text)
        return cls(f" {key} " if key else "", len(text))

    def __bool__(self) -> bool:
        return bool(self.key)

    def partial_share(self, block_key: str) -> float:
        """The share of a block's word 4-grams the text holds (for a block it does not hold whole)."""
        words = block_key.split(" ")
        if len(words) < GRAM:
            return 0.0
        grams = map(" ".join, zip(*(words[k:] for k in range(GRAM)), strict=False))  # the runs of GRAM words
        return sum(map(self.grams.__contains__, grams)) / (len(words) - GRAM + 1)

    @property
    def grams(self) -> set[str]:
        if self._grams is None:
            words = self.key.split()
            self._grams = {" ".join(words[i : i + GRAM]) for i in range(len(words) - GRAM + 1)}
        return self._grams


class BlockFinder:
    """A page's block keys in one Aho-Corasick automaton: each extractor's text is scanned once for all of
    them (a substring search per block and extractor cost more than the rest of the features)."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.unique = list(dict.fromkeys(k for k in keys if k))
        self._index = {k: n for n, k in enumerate(self.unique)}
        patterns = [f" {k} " for k in self.unique]
        self._automaton = ahocorasick_rs.AhoCorasick(patterns) if patterns else None

    def verdicts(self, extracted: Extracted, repeats: list[int]) -> np.ndarray:
        """Each block's verdict (see the module's docstring), given how many identical blocks precede it."""
        counts = self._counts(extracted.key)
        out = np.zeros(len(self.keys), dtype=np.float32)
        for n, (key, before) in enumerate(zip(self.keys, repeats, strict=True)):
            found = counts[self._index[key]] if key else 0
            if found:
                out[n] = 1.0 if found > before else 0.0
            elif key.count(" ") + 1 >= PARTIAL_MIN_WORDS and extracted:
                out[n] = extracted.partial_share(key)
        return out

    def _counts(self, text: str) -> list[int]:
        counts = [0] * len(self.unique)
        if self._automaton is None or not text:
            return counts
        for index, _start, _end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            counts[index] += 1
        return counts


@dataclass(frozen=True)
class Evidence:
    """The extractors' texts over one pruned page. trafilatura, the costly one (about half of a page's
    time), is asked only when `ask_trafilatura` is called: until then its texts are empty."""

    html: str = field(repr=False)  # the pruned page as the extractors read it (loose text opened)
    url: str | None
    page_chars: int
    resiliparse: Extracted
    trafilatura: Extracted = field(default_factory=lambda: Extracted(""))
    trafilatura_comments: Extracted = field(default_factory=lambda: Extracted(""))
    trafilatura_mode: str = ""  # the mode trafilatura ran in (FAST, FULL), or "": not asked yet

    @property
    def asked_trafilatura(self) -> bool:
        return bool(self.trafilatura_mode)

    def ask_trafilatura(self, *, full: bool = False) -> Evidence:
        """This evidence with trafilatura's texts: its fast mode, and its full mode (its comparison with its
        own fallbacks) where `full` is asked for, or where the fast one keeps little of the page's text (a
        page whose article sits in table cells) or far less than resiliparse (fast mode took one section of
        a long document)."""
        if self.trafilatura_mode == FULL or (self.trafilatura_mode == FAST and not full):
            return self
        mode = FULL if full else FAST
        text, comments = _trafilatura(self.html, self.url, fast=mode == FAST)
        if mode == FAST and self._thin(text):
            mode = FULL
            text, comments = _trafilatura(self.html, self.url, fast=False)
        found = {"trafilatura": Extracted.of(text), "trafilatura_comments": Extracted.of(comments)}
        return replace(self, **found, trafilatura_mode=mode)

    def without_comments(self) -> Evidence:
        """This evidence with trafilatura's main text asked again, in the same mode, without its comment
        finder (which takes what it reads as comments out of the page before the main text is chosen)."""
        text, _ = _trafilatura(self.html, self.url, fast=self.trafilatura_mode == FAST, comments=False)
        return replace(self, trafilatura=Extracted.of(text), trafilatura_comments=Extracted(""))

    def _thin(self, fast_text: str) -> bool:
        """Whether fast mode's text is too little to trust: under a share of the page, a floor, or a share of
        what resiliparse found."""
        least = max(FULL_MODE_BELOW_SHARE * self.page_chars, FULL_MODE_BELOW_CHARS)
        return len(fast_text) < max(least, FULL_MODE_BELOW_SECOND * self.resiliparse.chars)


# Loose text: a run of text (with its inline markup) right after the end of a block, e.g. an article
# written as text and <br>s after the <div> holding its lead photo. trafilatura drops a block's tail, so
# each such run gets a <p> of its own; the parser ends that paragraph where the next block starts or
# the container ends (the start tag is enough). The page is lexbor's serialisation: every end tag is there.
_LOOSE_TEXT = re.compile(
    r"(</(?:div|section|article|aside|header|footer|nav|figure|table|ul|ol|dl|blockquote|form|h[1-6]|p|pre)>)"
    r"(?=[ \t\r\n]*[^ \t\r\n<])"
)


def wrap_loose_text(html: str) -> str:
    """The page with every run of text that follows a block's end tag opened as a paragraph."""
    return _LOOSE_TEXT.sub(r"\1<p>", html)


def gather(pruned_html: str, url: str | None, page_chars: int) -> Evidence:
    """resiliparse's text over the pruned page (trafilatura is asked later, where the quick model is unsure).
    Loose text is opened as paragraphs first: trafilatura drops a block's tail."""
    pruned_html = wrap_loose_text(pruned_html)
    return Evidence(pruned_html, url, page_chars, Extracted.of(_resiliparse(pruned_html)))


def _trafilatura(html: str, url: str | None, *, fast: bool, comments: bool = True) -> tuple[str, str]:
    found = trafilatura.bare_extraction(
        html, url=url, fast=fast, include_comments=comments, include_tables=True, include_images=False
    )
    if found is None:
        return "", ""
    return found.text or "", found.comments or ""


def _resiliparse(html: str) -> str:
    return extract_plain_text(HTMLTree.parse(html), main_content=True, alt_texts=False)
