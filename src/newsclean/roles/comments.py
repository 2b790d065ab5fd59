"""Reader comments and their forms.

A thread starts at a count header ("One comment", "12 Comments", "3 thoughts on ...") in the back half
of the document (or nearer the top with a comment author line just under it or an article's prose above
it), or, where none stands there, at the first of two or more comment author lines ("Trent writes", "Jane
Doe says:") that stand beside a timestamp or carry their own ("Chef Mark Garcia — July 17th, 2012, 6:18
pm"; five anywhere, from the first with an article's prose above it), or at the first of three or more
lines that end in "writes:" or "wrote:" (five, anywhere); every undecided line after it is a comment
(`comment.thread`), its chrome ("Liked by 6 people", "Reply") and author lines marked apart
(`comment.thread_chrome`, `comment.signature`) and left out of the `comments` field, as they are of the
HTML path's comment blocks (`comment_texts`). After a form's opening line ("Leave a Reply"), the short
lines that follow are the form's (`comment_form.block`).
"""

from __future__ import annotations

import re

from newsclean import dates
from newsclean.model import BODY, Segment
from newsclean.roles import phrases
from newsclean.roles.doc import Doc
from newsclean.text import features
from newsclean.vocab import Role, Rule

THREAD_STARTS_AFTER = 0.4  # a count header above this point of the text is a share bar's counter
FORM_LINE_WORDS = 8
SIGNED_COMMENTS = 2  # author lines beside a timestamp that open a thread where no count header does
SIGNED_ANYWHERE = 5  # that many open it above the back part, at the first with an article's prose above it
STORY_REACH = 8  # a count header with a story's dateline this close under it counts the story's comments
HEADER_REACH = 3  # a count header opens a thread near the top when an author line stands this close under it
PROSE_ABOVE = 10  # or when this many lines of prose stand above it: a long thread under a whole article
COUNTER_REACH = 5  # another count header this close above or under it: the counters of a list of stories, not a thread
_NONE = frozenset({"0", "no"})  # "0 Comments", "No comments": a header over no thread
SIGNATURE_MAX_CHARS = 90  # longer lines are never an author line (the pattern is not tried on them)
STAMP_NAME_WORDS = 3  # the most words of a name before an author line's own timestamp
NAME_MAX_CHARS = 40  # a name alone on its line over its timestamp
STAMP_TAIL_WORDS = 3  # the most words of chrome after it ("up reply actions")
_CLOCK = re.compile(r"\d{1,2}:\d\d")  # the time a stamped author line must hold
# A word of a name alone on its line: letters, an initial's full stop, a handle in brackets ("(@drbrake)");
# not a label's colon ("From:"), a question or an ellipsis ("Help...").
_NAME_WORD = re.compile(r"\(?@?[^\W\d_](?:[^\W\d]|['’.-](?=[^\W\d]))*\.?\)?")
WROTE_COMMENTS = 3  # author lines without a timestamp ("Makali wrote:") that open a thread: a news story's
# quotes end in "said:", not in these
WROTE_ANYWHERE = 5  # that many open it wherever the first stands: a forum's long thread under a short story

COMMENT_TEXT_RULES = frozenset({Rule.COMMENT_THREAD, Rule.COMMENT_HTML_COMMENT})
# The HTML path's blocks inside comment sections that its model would keep: their author lines, timestamps
# and chrome ("by Nico on Aug 8, 2012 7:53 PM PDT", "Reply") are left out. Not `comment.trafilatura`: its
# verdict maps trafilatura's comment text back onto blocks by their words, and a menu's "Home" matches.
COMMENT_BLOCK_RULES = frozenset({Rule.COMMENT_AFTER_ARTICLE, Rule.COMMENT_ADDED_IN_COMMENTS})


def comment_texts(segments: list[Segment]) -> list[str]:
    """The readers' comments of a document, for the `comments` field: a thread's comment lines, and the
    comment blocks of the HTML path that are a reader's words (not the author line, timestamp or chrome
    around them, which the text path names apart)."""
    return [
        s.text
        for s in segments
        if s.rule in COMMENT_TEXT_RULES or (s.rule in COMMENT_BLOCK_RULES and is_readers_words(s.text))
    ]


def is_readers_words(text: str) -> bool:
    """Whether a block of a comment section is what a reader wrote: not a timestamp, a count header, thread
    chrome, an author line, a short line holding a time of day (an author line with its stamp), or a lone
    unstopped word (the section's "Comments" heading)."""
    if len(text) > SIGNATURE_MAX_CHARS:
        return True
    named = (Rule.COMMENT_THREAD_CHROME, Rule.COMMENT_SIGNATURE, Rule.COMMENT_WROTE, Rule.COMMENT_THREAD_HEADER)
    rules = [phrases.rule_named("comments", name).matches for name in named]
    meta = (dates.is_date_line, dates.is_relative_date_line, *rules)
    heading = features.word_count(text) == 1 and not features.ends_sentence(text)
    return not heading and not any(test(text) for test in meta) and _CLOCK.search(text) is None


def mark_threads(doc: Doc) -> None:
    """The first count header in the back part of the text opens the thread, as does one nearer the top
    that a comment author line follows (a long thread under a short article) or a whole article's prose
    precedes (a long thread whose comments carry no timestamps); any other is a share bar's counter
    (chrome), as is one with a wire story's dateline just under it (Yahoo's "11 Comments" above "MOSCOW
    (AP) — ...", low on a whole page under its menus)."""
    header = phrases.rule_named("comments", Rule.COMMENT_THREAD_HEADER)
    prose: list[int] | None = None  # lines of prose above each segment: counted once, when first asked
    for seg in doc.undecided():
        if seg.decided or not header.matches(seg.text):
            continue
        if _story_below(doc, seg):
            seg.assign(Role.CHROME, Rule.CHROME_COMMENT_COUNT, matched=header.fired(seg.text))
        elif (
            doc.position(seg) >= THREAD_STARTS_AFTER
            or _signed_below(doc, seg)
            or _under_article(doc, seg, prose := prose or _prose_before(doc))
        ):
            seg.assign(Role.COMMENT, header.name, matched=header.fired(seg.text))
            _mark_thread_after(doc, seg)
        else:
            seg.assign(Role.CHROME, Rule.CHROME_COMMENT_COUNT, matched=header.fired(seg.text))


def mark_signed_threads(doc: Doc) -> None:
    """A thread no count header opened: two or more comment author lines ("Trent writes") in the back part
    of the text, each beside a timestamp (a line of an article that ends in "says:" stands beside none) or
    holding one after a name, or three or more lines that end in "writes:" or "wrote:" (Slashdot's "by
    garaged (579941) writes:"), open it at the first of them; five or more such lines open it wherever the
    first stands (Slashdot's threads begin a fifth of the way down its pages, under a one-paragraph story;
    no page of the other corpora holds three of them above their back part). Five or more author lines with
    a timestamp open it above the back part too, at the first with PROSE_ABOVE lines of prose above it
    (SB Nation prints its byline as its comments' author lines, "by baseballgirl on Aug 8, 2012 5:13 PM
    PDT"). Where both kinds would open one, the earlier opens it."""
    openers = [lines[0] for lines in (_signed_lines(doc), _wrote_lines(doc)) if lines]
    if not openers:
        return
    first = min(openers, key=lambda seg: seg.seq)
    signature = phrases.rule_named("comments", Rule.COMMENT_SIGNATURE)
    first.assign(Role.COMMENT, signature.name, matched=signature.fired(first.text) or first.text)
    _mark_thread_after(doc, first)


def _signed_lines(doc: Doc) -> list[Segment]:
    """The author lines beside or holding a timestamp that may open a thread: SIGNED_COMMENTS of them in
    the back part of the text, or, of SIGNED_ANYWHERE anywhere, those with PROSE_ABOVE lines of prose above
    them (an article's byline is shaped as one, with no prose above it)."""
    signature = phrases.rule_named("comments", Rule.COMMENT_SIGNATURE)
    signed = [seg for seg in doc.undecided() if _author_line(doc, seg, signature)]
    if len(signed) >= SIGNED_ANYWHERE:
        prose = _prose_before(doc)
        under_article = [seg for seg in signed if prose[seg.seq] >= PROSE_ABOVE]
        if under_article:
            return under_article
    back = [seg for seg in signed if doc.position(seg) >= THREAD_STARTS_AFTER]
    return back if len(back) >= SIGNED_COMMENTS else []


def _prose_before(doc: Doc) -> list[int]:
    """For each segment, how many lines of prose stand above it (undecided or body)."""
    counts, seen = [], 0
    for seg in doc.segments:
        counts.append(seen)
        seen += seg.role in (None, BODY) and features.is_prose(seg.text)
    return counts


def _wrote_lines(doc: Doc) -> list[Segment]:
    """The undecided lines that end in "writes:", "wrote:" or "said..." (an author line without a
    timestamp, the `[wrote]` table), if enough to open a thread: WROTE_ANYWHERE of them, or WROTE_COMMENTS
    in the back part of the text."""
    wrote = phrases.rule_named("comments", Rule.COMMENT_WROTE)
    lines = [seg for seg in doc.undecided() if len(seg.text) <= SIGNATURE_MAX_CHARS and wrote.matches(seg.text)]
    if len(lines) < WROTE_ANYWHERE:
        lines = [seg for seg in lines if doc.position(seg) >= THREAD_STARTS_AFTER]
    return lines if len(lines) >= WROTE_COMMENTS else []


def _story_below(doc: Doc, header: Segment) -> bool:
    """Whether a wire story's dateline ("MOSCOW (AP) — ...") stands in the few lines under a count header."""
    opening = phrases.rule_named("comments", Rule.COMMENT_STORY_OPENING)
    return any(opening.matches(seg.text) for seg in _around(doc, header, 0, STORY_REACH))


def _under_article(doc: Doc, header: Segment, prose_above: list[int]) -> bool:
    """Whether a count header stands under an article: PROSE_ABOVE lines of prose above it (`prose_above`:
    per segment), a count of one or more ("0 Comments" heads no thread), and no other count header just
    above or under it (a list of stories, each with its count, is no thread)."""
    if _counts_none(header.text):
        return False
    return prose_above[header.seq] >= PROSE_ABOVE and not _counter_near(doc, header)


def _counts_none(text: str) -> bool:
    """Whether a count header counts nothing ("0 Comments", "Comments (0)", "No comments")."""
    words = [word.strip("{}()[]+…. ") for word in text.lower().split()[:3]]
    return any(word in _NONE for word in words)


def _counter_near(doc: Doc, header: Segment) -> bool:
    """Whether another count header stands in the few lines above or under `header`."""
    rule = phrases.rule_named("comments", Rule.COMMENT_THREAD_HEADER)
    return any(rule.matches(seg.text) for seg in _around(doc, header, COUNTER_REACH, COUNTER_REACH))


def _signed_below(doc: Doc, header: Segment) -> bool:
    """Whether a comment author line beside a timestamp stands in the few lines under a count header."""
    signature = phrases.rule_named("comments", Rule.COMMENT_SIGNATURE)
    return any(_author_line(doc, seg, signature) for seg in _around(doc, header, 0, HEADER_REACH))


def _around(doc: Doc, seg: Segment, above: int, below: int) -> list[Segment]:
    """The `above` lines before `seg` and the `below` lines after it (not `seg` itself)."""
    return doc.segments[max(0, seg.seq - above) : seg.seq] + doc.segments[seg.seq + 1 : seg.seq + 1 + below]


def _author_line(doc: Doc, seg: Segment, signature: phrases.PhraseRule) -> bool:
    """A comment's author line: short, shaped as `signature` says ("Trent writes"), with a timestamp on the
    line above or below it; or a name with its own timestamp, or on the line under it."""
    if stamped(seg.text) or _named_over_stamp(doc, seg):
        return True
    if len(seg.text) > SIGNATURE_MAX_CHARS or not signature.matches(seg.text):
        return False
    return any(n is not None and dates.is_date_line(n.text) for n in (doc.before(seg), doc.after(seg)))


def _named_over_stamp(doc: Doc, seg: Segment) -> bool:
    """A name alone on its line ("Luke Fernandez", "David R Brake (@drbrake)": at most STAMP_NAME_WORDS words
    and a handle) over a date line that holds a time ("August 2nd, 2012 at 1:08 pm"): a comment's author line
    whose stamp the page printed below it. A headline over its date has more words as a rule ("Voters
    approve same-sex marriage")."""
    below = doc.after(seg)
    if below is None or len(seg.text) > NAME_MAX_CHARS or _CLOCK.search(below.text) is None:
        return False
    words = [word for word in seg.text.split() if not word.startswith("(")]  # a handle after the name
    if not 0 < len(words) <= STAMP_NAME_WORDS or not all(_NAME_WORD.fullmatch(word) for word in seg.text.split()):
        return False
    return dates.is_date_line(below.text) and not dates.is_date_line(seg.text)


def stamped(text: str) -> bool:
    """A comment's author line with its own timestamp: a name of a few words, then a date with a time
    ("Chef Mark Garcia — July 17th, 2012, 6:18 pm", "Shirley July 31, 2012 at 9:39 pm"). A name with a
    comma inside ("Aviva Shen, Think Progress, Aug 6, 2012 at 5:40 pm") is a source's, in a digest. A
    thread's chrome after a bar ("Danielle | November 9, 2012 1:46 AM | Reply") or after the time ("... at
    6:10 am. Reply #") is not part of the stamp, nor the words before the name ("by Eric Kennedy on
    November 9, 2010 at 6:10 am", "Posted by: Drew at November 10, 2012 6:00 PM", the comment's number in
    "1 Melinda October 22, 2012 at 1:57 pm")."""
    if len(text) > SIGNATURE_MAX_CHARS or _CLOCK.search(text) is None:
        return False
    words = _stamp_words(_without_chrome(text).split())
    lead = next((n for n, word in enumerate(words) if not _date_word(word) and not _comment_number(n, word)), 0)
    for cut in range(lead + 1, min(lead + STAMP_NAME_WORDS, len(words) - 1) + 1):
        name, stamp = words[lead:cut], " ".join(words[cut:]).lstrip("-–—|•·, ")
        if dates.is_date_line(name[-1]) or not dates.is_date_line(stamp):
            continue
        return all(_name_word(word) for word in name) and not any("," in word for word in name[:-1])
    return False


def _stamp_words(words: list[str]) -> list[str]:
    """The words up to the last one that may belong to a date ("am", "PDT", "2010"), dropping at most
    STAMP_TAIL_WORDS after it ("Reply #", "up reply actions")."""
    for drop in range(min(STAMP_TAIL_WORDS, len(words) - 1) + 1):
        last = words[len(words) - 1 - drop]
        if _date_word(last, trailing=".,:;") or any(c.isdigit() for c in last):
            return words[: len(words) - drop]
    return words


def _without_chrome(text: str) -> str:
    """The line without a last part, after a bar, that is a thread's chrome ("| Reply", "| Permalink")."""
    head, bar, last = text.rpartition("|")
    chrome = phrases.rule_named("comments", Rule.COMMENT_THREAD_CHROME)
    return head.rstrip() if bar and chrome.matches(last.strip()) else text


def _comment_number(index: int, word: str) -> bool:
    """A thread's number of the comment, first on its author line ("1 Melinda October 22, 2012 at 1:57 pm")."""
    return index == 0 and word.strip("#.").isdigit()


def _name_word(word: str) -> bool:
    """A word of a commenter's name or handle: letters, no digit, not a date's word ("on", "Posted")."""
    return not _date_word(word) and not any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


def _date_word(word: str, trailing: str = ",:") -> bool:
    """A word a date line is made of ("on", "Posted:", "PDT"), without the `trailing` marks around it."""
    return word.lower().strip(trailing) in dates.DATE_WORDS


def _mark_thread_after(doc: Doc, header: Segment) -> None:
    """Every undecided line below the header is the thread's: a date line is a comment's timestamp, a line
    of thread chrome or an author line is named by its phrase, and the rest are comments (their `matched`:
    the header)."""
    chrome = phrases.rule_named("comments", Rule.COMMENT_THREAD_CHROME)
    signature = phrases.rule_named("comments", Rule.COMMENT_SIGNATURE)
    for seg in doc.undecided(header.seq + 1):
        if dates.is_date_line(seg.text) or dates.is_relative_date_line(seg.text):
            seg.assign(Role.COMMENT, Rule.COMMENT_TIMESTAMP, matched=header.text)
        elif chrome.matches(seg.text):
            seg.assign(Role.COMMENT, chrome.name, matched=chrome.fired(seg.text))
        elif len(seg.text) <= SIGNATURE_MAX_CHARS and signature.matches(seg.text):
            seg.assign(Role.COMMENT, signature.name, matched=signature.fired(seg.text))
        elif stamped(seg.text):
            seg.assign(Role.COMMENT, signature.name, matched=seg.text)
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
