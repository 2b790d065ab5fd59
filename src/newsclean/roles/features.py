"""Cheap, pattern-free facts about one line that several rules share."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A sentence is over when the line ends in one of these, possibly followed by closing quotes/brackets.
_SENTENCE_END = frozenset(".!?…؟۔。！？।")
_CLOSERS = frozenset("\"'”’“‘„»«›‹)]*\u00a0 ")
_WORD = re.compile(r"\w+")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’]?\s[\"'“‘]?[A-Z]")
_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/|t\.co/)\S+")


@lru_cache(maxsize=4096)
def word_count(text: str) -> int:
    """(Cached: the passes ask for the same lines' counts.)"""
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """True when the line ends like a finished sentence: `.`, `!`, `?` or `…`, quotes allowed after."""
    end = text.rstrip()
    while end and end[-1] in _CLOSERS:
        end = end[:-1]
    return bool(end) and end[-1] in _SENTENCE_END


_LIST_MARKER = re.compile(r"^(?:\d{1,3}[.)]|[•·▪◦‣∙*–—-]|\(?[a-z][.)])\s")


def starts_list_item(text: str) -> bool:
    """ "1. ...", "• ...", "- ...", "a) ...": a numbered or bulleted item (or numbered sub-heading)."""
    return _LIST_MARKER.match(text) is not None


def ends_with_colon(text: str) -> bool:
    return text.rstrip().endswith(":")


_TRIM = " .,:;!?|•·»«›‹><-–—→←↑▶►*#\"'()[]"


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Case-folded, compatibility-normalised, straight quotes, single spaces. (Cached: every phrase rule
    asks for the same lines.)"""
    if text.isascii():  # NFKC changes no ASCII text, casefold is lower, and the quotes are not ASCII
        return text.lower() if _plainly_spaced(text) else " ".join(text.lower().split())
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = folded.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(folded.split())


def _plainly_spaced(text: str) -> bool:
    """ASCII text whose words stand one plain space apart, as in normalised lines: splitting it on white
    space and joining it again changes nothing (the other ASCII white space is not printable)."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """`fold` with punctuation, arrows and bullets trimmed at both ends: the form exact lists compare."""
    return fold(text).strip(_TRIM)


def has_link(text: str) -> bool:
    return _LINK.search(text) is not None


def sentence_count(text: str) -> int:
    """Sentences in a line, roughly: a sentence end followed by a space and a capital starts another."""
    return 1 + len(_SENTENCE_BREAK.findall(text))


def links(text: str) -> list[str]:
    return _LINK.findall(text)


def alpha_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if not w.isdigit()]
