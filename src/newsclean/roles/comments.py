"""Reader comments and their forms.

A thread starts at a count header ("One comment", "12 Comments", "3 thoughts on ...") in the back half
of the document; every undecided line after it is a comment (`comment.thread`), its chrome ("Liked by 6
people", "Reply") marked apart (`comment.thread_chrome`) and left out of the `comments` field. After a
form's opening line ("Leave a Reply"), the short lines that follow are the form's (`comment_form.block`).
"""

from __future__ import annotations

from newsclean import dates
from newsclean.model import Segment
from newsclean.roles import phrases
from newsclean.roles.doc import Doc
from newsclean.text import features
from newsclean.vocab import Role, Rule

THREAD_STARTS_AFTER = 0.4  # a count header above this point of the text is a share bar's counter
FORM_LINE_WORDS = 8

COMMENT_TEXT_RULES = frozenset({Rule.COMMENT_THREAD, Rule.COMMENT_HTML_COMMENT})


def mark_threads(doc: Doc) -> None:
    """The first count header in the back part of the text opens the thread; one nearer the top is a
    share bar's counter (chrome)."""
    header = phrases.rule_named("comments", Rule.COMMENT_THREAD_HEADER)
    for seg in doc.undecided():
        if seg.decided or not header.matches(seg.text):
            continue
        if doc.position(seg) >= THREAD_STARTS_AFTER:
            seg.assign(Role.COMMENT, header.name, matched=header.fired(seg.text))
            _mark_thread_after(doc, seg)
        else:
            seg.assign(Role.CHROME, Rule.CHROME_COMMENT_COUNT, matched=header.fired(seg.text))


def _mark_thread_after(doc: Doc, header: Segment) -> None:
    """Every undecided line below the header is the thread's: a date line is a comment's timestamp, a line
    of thread chrome is named by its phrase, and the rest are comments (their `matched`: the header)."""
    chrome = phrases.rule_named("comments", Rule.COMMENT_THREAD_CHROME)
    for seg in doc.undecided(header.seq + 1):
        if dates.is_date_line(seg.text) or dates.is_relative_date_line(seg.text):
            seg.assign(Role.COMMENT, Rule.COMMENT_TIMESTAMP, matched=header.text)
        elif chrome.matches(seg.text):
            seg.assign(Role.COMMENT, chrome.name, matched=chrome.fired(seg.text))
        else:
            seg.assign(Role.COMMENT, Rule.COMMENT_THREAD, matched=header.text)


def mark_form_blocks(doc: Doc) -> None:
    """Short lines after a comment form's first line belong to the form (their `matched`: that line)."""
    form: Segment | None = None
    for seg in doc.segments:
        if seg.role == Role.COMMENT_FORM:
            form = form or seg
        elif form is not None and not seg.decided:
            if features.word_count(seg.text) > FORM_LINE_WORDS or features.ends_sentence(seg.text):
                form = None
            else:
                seg.assign(Role.COMMENT_FORM, Rule.COMMENT_FORM_BLOCK, matched=form.text)
