"""Cheap, pattern-free facts about one line that several rules share."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newsclean.text.stopwords import is_spaceless, spaceless_word_count

# A sentence is over when the line ends in one of these, possibly followed by closing quotes/brackets.
_SENTENCE_END = frozenset(".!?…؟۔。！？।")
_CLOSER_CHARS = "\"'”’“‘„»«›‹)]*\u00a0 "
REFERENCE_MARKS = 5  # "[69] [70] [70]": the most reference marks looked past at a line's end
REFERENCE_MARK_CHARS = 20  # "[citation needed]" fits; a longer bracket is text
_WORD = re.compile(r"\w+")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’]?\s[\"'“‘]?[A-Z]")
_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/|t\.co/)\S+")


def word_count(line: str) -> int:
    """Words in a normalised line (a segment's text), whose words stand one plain space apart: as many as
    `len(line.split())`, without building the list; a run of a script written without spaces (Chinese,
    Japanese, Thai) counts as its pairs of characters, the usual stand-in for its words (a Chinese
    sentence is one space-separated run: counted as one word, a paragraph read as a label)."""
    if line.isascii() or not is_spaceless(line):
        return line.count(" ") + 1 if line else 0
    return spaceless_word_count(line.split())


PROSE_WORDS = 8  # a line of at least this many words that ends a sentence is prose


def is_prose(line: str) -> bool:
    """A line of prose: a sentence of PROSE_WORDS words or more (not a heading, a label or a name)."""
    return ends_sentence(line) and word_count(line) >= PROSE_WORDS


def ends_sentence(text: str) -> bool:
    """True when the line ends like a finished sentence: `.`, `!`, `?` or `…`, quotes allowed after, and the
    reference marks a wiki prints after the full stop ("... in 2006. [280]", "... planet." [69] [70]")."""
    end = text.rstrip()
    if end.endswith("]"):
        end = _without_reference_marks(end)
    return end.rstrip(_CLOSER_CHARS)[-1:] in _SENTENCE_END


def _without_reference_marks(text: str) -> str:
    """The line without the short bracketed marks at its end ("[280]", "[n 10]", "[citation needed]"); a
    long bracket ("[Editor's note: ...]") is the sentence's own and stays."""
    for _ in range(REFERENCE_MARKS):
        if not text.endswith("]"):
            break
        start = text.rfind("[", max(0, len(text) - REFERENCE_MARK_CHARS))
        if start < 0:
            break
        text = text[:start].rstrip()
    return text


_LIST_MARKER = re.compile(r"^(?:\d{1,3}[.)]|[•·▪◦‣∙*–—-]|\(?[a-z][.)])\s")


def starts_list_item(text: str) -> bool:
    """ "1. ...", "• ...", "- ...", "a) ...": a numbered or bulleted item (or numbered sub-heading)."""
    return _LIST_MARKER.match(text) is not None


def ends_with_colon(text: str) -> bool:
    return text.rstrip().endswith(":")


TRIM = " .,:;!?|•·»«›‹><-–—→←↑▶►*#\"'()[]"


def fold(text: str) -> str:
    """Case-folded, compatibility-normalised, straight quotes, single spaces."""
    if text.isascii():  # NFKC changes no ASCII text, casefold is lower, and the quotes are not ASCII
        return " ".join(text.lower().split())
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = folded.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(folded.split())


def key(text: str) -> str:
    """`fold` with punctuation, arrows and bullets trimmed at both ends: the form exact lists compare."""
    return fold(text).strip(TRIM)


@lru_cache(maxsize=8192)
def line_fold(line: str) -> str:
    """`fold` of a normalised line (a segment's text). Its words already stand one plain space apart, so
    an ASCII line folds to its lower case. (Cached: several passes ask for the same lines.)"""
    return line.lower() if line.isascii() else fold(line)


@lru_cache(maxsize=8192)
def line_key(line: str) -> str:
    """`key` of a normalised line. (Cached, as line_fold.)"""
    return line_fold(line).strip(TRIM)


def has_link(text: str) -> bool:
    return _LINK.search(text) is not None


def sentence_count(text: str) -> int:
    """Sentences in a line, roughly: a sentence end followed by a space and a capital starts another."""
    return 1 + len(_SENTENCE_BREAK.findall(text))


def links(text: str) -> list[str]:
    return _LINK.findall(text)


def alpha_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if not w.isdigit()]
