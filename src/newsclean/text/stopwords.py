"""Function words of several languages (stopwords.toml): their share in a piece of text tells running
prose from labels, menus and headline lists."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

_WORD = re.compile(r"\w+")
# An ASCII byte that cannot be part of a word (\w: letters, digits, underscore) -> a space.
_NOT_WORD_BYTES = bytes(c if c < 128 and (chr(c).isalnum() or c == ord("_")) else ord(" ") for c in range(256))


@cache
def stopwords() -> frozenset[str]:
    """Every language's function words together (a page's language is not known when its blocks are
    weighed, and the lists barely overlap with content words)."""
    data = tomllib.loads(resources.files("newsclean.text").joinpath("stopwords.toml").read_text("utf-8"))
    return frozenset(word for words in data.values() for word in words.split())


def is_stopword(word: str) -> bool:
    """Whether a lower-case word is a function word of one of the listed languages."""
    return word in stopwords()


@cache
def _ascii_stopwords() -> frozenset[bytes]:
    return frozenset(word.encode() for word in stopwords() if word.isascii())


def count_stopwords(folded: str) -> int:
    """How many of a folded (lower-case) line's words (runs of \\w) are function words. An ASCII line is
    cut into words by a byte table, not the regular expression: a whole page's lines, counted for every
    line the line model reads, cost a third less (the same words: tests/test_speed_identity.py)."""
    if folded.isascii():
        return sum(map(_ascii_stopwords().__contains__, folded.encode().translate(_NOT_WORD_BYTES).split()))
    return sum(map(stopwords().__contains__, _WORD.findall(folded)))
