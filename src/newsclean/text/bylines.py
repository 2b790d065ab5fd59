"""Byline parsing: the author name(s) of a "By ..." line, without the lead-in, a job title or a date printed
after the name. Both paths read bylines with it: the text path's header rules and the HTML path's metadata
(an author meta tag holds the same shapes)."""

from __future__ import annotations

import re

from newsclean import dates
from newsclean.text import features

BYLINE_MAX_WORDS = 12
BYLINE = re.compile(
    r"(?i)^(?:by|written by|words by|words|story by|text by|reporting by|reported by|posted by|"
    r"published by|authors?|reporters?|report by|von)\b\s*:?\s*(?P<name>.*)$"
)
DATE_TAIL_WORDS = 6  # the most words a date printed after a byline's name takes ("March 14, 2024 at 6:11 pm")
_BYLINE_TAIL = re.compile(r"\s+(?:[|•·]|-{1,2}|–|—)\s.*$")  # "Jane Doe | 12 Nov 2024", "Jane Doe - Reuters"
_JOB_TITLE = re.compile(
    r"(?i),\s*(?:[\w.'’-]+\s){0,3}(?:reporter|correspondent|editor|writer|staff|"
    r"contributor|journalist|columnist|producer)s?\b.*$"
)


def byline_name(text: str) -> str | None:
    """The author name(s) of a byline line, without "By"/"Written by", or None when it is not one."""
    found = BYLINE.match(text)
    if not found:
        return None
    name = _JOB_TITLE.sub("", _BYLINE_TAIL.sub("", found["name"])).strip(" ,:;")
    if not is_name_line(name.replace(",", " ")):
        name = _without_trailing_date(name)
    return name if name and is_name_line(name.replace(",", " ")) else None


def _without_trailing_date(text: str) -> str | None:
    """ "Jane Doe 14 March 2024" -> "Jane Doe": a byline printed with its date after the name. (Most
    texts that get here name no date at all: they are not handed to the date parser.)"""
    if not dates.may_name_a_date(text):
        return None
    words = text.split()
    for cut in range(max(1, len(words) - DATE_TAIL_WORDS), len(words)):
        if dates.parse_date(" ".join(words[cut:])) is not None:
            return " ".join(words[:cut]).strip(" ,:;|-–—")
    return None


_NAME_PARTICLES = frozenset({"and", "&", "de", "del", "da", "van", "von", "der", "den", "la", "le", "bin", "al"})


def is_name_line(text: str) -> bool:
    """Names: a few capitalised words, "and"/"&" and name particles between them."""
    words = text.split()
    return (
        1 <= len(words) <= BYLINE_MAX_WORDS
        and words[0][0].isupper()
        and not features.ends_sentence(text)
        and all(w[0].isupper() or w in _NAME_PARTICLES for w in words)
    )
