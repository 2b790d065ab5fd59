"""Function words of several languages (stopwords.toml): their share in a piece of text tells running
prose from labels, menus and headline lists."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def stopwords() -> frozenset[str]:
    """Every language's function words together (a page's language is not known when its blocks are
    weighed, and the lists barely overlap with content words)."""
    data = tomllib.loads(resources.files("newsclean.text").joinpath("stopwords.toml").read_text("utf-8"))
    return frozenset(word for words in data.values() for word in words.split())


def is_stopword(word: str) -> bool:
    """Whether a lower-case word is a function word of one of the listed languages."""
    return word in stopwords()
