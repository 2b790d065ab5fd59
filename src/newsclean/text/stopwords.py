"""Words of a line and the function words of several languages (stopwords.toml): the share of function
words tells running prose from labels, menus and headline lists; the rest, the content words, say what a
line is about (the line model's cohesion features)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources

_WORD = re.compile(r"\w+")
CONTENT_MIN_CHARS = 3
# Scripts written without spaces between words: kana, CJK ideographs, Thai.
_SPACELESS = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0e00-\u0e7f]")
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


def split_words(folded: str) -> list[str]:
    """A folded (lower-case) line's words: its runs of \\w. An ASCII line is cut by a byte table, not the
    regular expression (a whole page's lines, read for every line the line model reads, cost a third less;
    the same words: tests/test_speed_identity.py)."""
    if folded.isascii():
        return folded.encode().translate(_NOT_WORD_BYTES).decode().split()
    return _WORD.findall(folded)


def count_stopwords(folded: str) -> int:
    """How many of a folded (lower-case) line's words are function words."""
    return count_function_words(split_words(folded))


def count_function_words(words: list[str]) -> int:
    """How many of some words (lower case, as `split_words` cuts them) are function words."""
    return sum(map(stopwords().__contains__, words))


def content_words(words: Iterable[str]) -> list[str]:
    """Of some words (lower case), those that say what a line is about: not function words, not numbers,
    not one or two letters (but a pair of Chinese or Japanese characters, `spaceless_words`). Two lines of
    one story share them; a menu and the story do not."""
    return [
        w
        for w in set(words).difference(stopwords())
        if (len(w) >= CONTENT_MIN_CHARS or _SPACELESS.match(w)) and not w.isdigit()
    ]


def is_spaceless(text: str) -> bool:
    """Whether a text holds a script written without spaces between words."""
    return _SPACELESS.search(text) is not None


def spaceless_word_count(words: list[str]) -> int:
    """`len(spaceless_words(words))`, without making the pairs (a line of a million Chinese characters is
    one word to split, and its count is asked by many rules)."""
    return sum(len(word) - 1 if len(word) > 2 and _SPACELESS.search(word) else 1 for word in words)


def spaceless_words(words: list[str]) -> list[str]:
    """A line's words, with each run of a script written without spaces (Chinese, Japanese, Thai: one \\w run
    is a whole phrase) cut into its overlapping pairs of characters, the usual stand-in for its words."""
    if not any(map(_SPACELESS.search, words)):
        return words
    out: list[str] = []
    for word in words:
        if len(word) > 2 and _SPACELESS.search(word):
            out.extend(word[n : n + 2] for n in range(len(word) - 1))
        else:
            out.append(word)
    return out
