"""The header zone: the lines above the first body paragraph. There the first headline-shaped line is
the title, a "By ..."/"Written by ..." line the byline, and a short label the section."""

from __future__ import annotations

import re

from newsclean.model import Segment
from newsclean.roles import features
from newsclean.roles.doc import Doc

HEADER_MAX_LINES = 12
BODY_PARAGRAPH_WORDS = 8
TITLE_WORDS = (3, 40)
SECTION_MAX_WORDS = 4
SECTION_MAX_CHARS = 40
BYLINE_MAX_WORDS = 12

_BYLINE = re.compile(
    r"(?i)^(?:by|written by|words by|words|story by|text by|reporting by|reported by|posted by|"
    r"published by|authors?|reporters?|report by|von)\b\s*:?\s*(?P<name>.*)$"
)
_BYLINE_TAIL = re.compile(r"\s+(?:[|•·]|-{1,2}|–|—)\s.*$")  # "Jane Doe | 12 Nov 2024", "Jane Doe - Reuters"
_JOB_TITLE = re.compile(r"(?i),\s*(?:[\w.'’-]+\s){0,3}(?:reporter|correspondent|editor|writer|staff|"
                        r"contributor|journalist|columnist|producer)s?\b.*$")


def find_header_end(doc: Doc) -> int:
    """The seq of the first body paragraph (an undecided, full-stopped line of some length)."""
    for seg in doc.undecided(0, HEADER_MAX_LINES):
        if features.ends_sentence(seg.text) and features.word_count(seg.text) >= BODY_PARAGRAPH_WORDS:
            return seg.seq
    return min(len(doc.segments), HEADER_MAX_LINES)


def mark_header(doc: Doc) -> None:
    doc.header_end = find_header_end(doc)
    have_title = have_section = False
    for seg in doc.undecided(0, doc.header_end):
        if _mark_byline(doc, seg):
            continue
        if not have_title and _is_title(seg.text):
            seg.assign("title", "title.first_headline")
            have_title = True
        elif _is_label(seg.text):
            seg.assign(*(("chrome", "chrome.header_label") if have_section else ("section", "section.label")))
            have_section = True


def byline_name(text: str) -> str | None:
    """The author name(s) of a byline line, without "By"/"Written by", or None when it is not one."""
    found = _BYLINE.match(text)
    if not found:
        return None
    name = _JOB_TITLE.sub("", _BYLINE_TAIL.sub("", found["name"])).strip(" ,:;")
    if not name or not name[0].isupper() or features.word_count(name) > BYLINE_MAX_WORDS:
        return None
    return name


def _mark_byline(doc: Doc, seg: Segment) -> bool:
    if features.key(seg.text) in {"by", "written by", "words by", "author", "authors"}:
        name_seg = doc.after(seg)
        if name_seg is not None and not name_seg.decided and _is_name_line(name_seg.text):
            seg.assign("byline", "byline.lead_in")
            name_seg.assign("byline", "byline.name_after_lead_in", value=name_seg.text)
            return True
        return False
    name = byline_name(seg.text)
    if name is None:
        return False
    seg.assign("byline", "byline.by_line", value=name)
    return True


def _is_name_line(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= BYLINE_MAX_WORDS and all(w[0].isupper() or w in {"and", "&", "de", "van", "von"}
                                                       for w in words)


def _is_title(text: str) -> bool:
    low, high = TITLE_WORDS
    return low <= features.word_count(text) <= high and not text.rstrip().endswith(".")


def _is_label(text: str) -> bool:
    return (features.word_count(text) <= SECTION_MAX_WORDS and len(text) <= SECTION_MAX_CHARS
            and text[:1].isupper() and not any(c.isdigit() for c in text) and not features.ends_sentence(text))
