"""Captions found by shape and by repetition (credits and "Pictured:" lines are phrase rules in
phrases/captions.toml).

- caption.printed_twice: an unstopped line of some length printed again right below itself (both
  copies are captions; the second links the first through duplicate_of), or a repeated caption;
- caption.repeats_body: a caption that repeats a body sentence, nearly word for word, without its full
  stop or with "(pictured)": the body keeps its sentence;
- caption.pictured: a line without a full stop that says "(pictured)";
- caption.above_credit: the line just above a credit line (the credit's own caption);
- caption.shape: a descriptive line without a full stop, standing between full-stopped paragraphs, that
  is neither a sub-heading (few words, or Title Case of ordinary words) nor a list item, nor someone's
  words (opening or closing on a quotation mark, or in the first or second person);
- duplicate.repeated_line: a full-stopped line printed a second time (a pull quote, a scraper's echo).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from rapidfuzz import fuzz, process

from newsclean.model import BODY, Segment
from newsclean.roles.doc import Doc
from newsclean.text import features
from newsclean.vocab import Role, Rule

CAPTION_MIN_WORDS = 8
CAPTION_MAX_WORDS = 60
CAPTION_MAX_SENTENCES = 2
REPEAT_MIN_WORDS = 5
PRINTED_TWICE_GAP = 1  # a caption's second print stands right below the first, or one line further
CAPTION_ABOVE_CREDIT_WORDS = 40
CREDIT_LINE_WORDS = 8
CREDIT_RULES = frozenset({Rule.CAPTION_CREDIT_PREFIX, Rule.CAPTION_AGENCY_CREDIT})
REPEAT_SIMILARITY = 85.0
LIST_ITEM_MAX_WORDS = 15
LIST_RUN = 3
HEADING_ORDINARY_SHARE = 0.5
_PICTURED = "(pictured)"
_OPENING_QUOTES, _CLOSING_QUOTES = '"“„«', '"”“»'
# First- and second-person words besides "I" ("us" is left out: "US" is a country, in lower case too).
_PERSONAL_WORDS = frozenset("me my mine we our ours you your yours".split())
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or over the to under up via vs with".split())
# Capitalised only because a headline capitalises every word.
_HEADLINE_WORDS = frozenset(
    "is are was were be been has have had do does did will would can could should may might must how why what "
    "when where who which this that these those its it's their his her our your my new more most all not no "
    "after before about than then just now here there".split()
)


def mark_repeated_lines(doc: Doc) -> None:
    """Before the header zone is drawn (it ends at the first sentence): a full-stopped line printed again
    is a duplicate, and a line printed again below a caption is that caption's second print."""
    for previous, seg in _repeated_pairs(doc):
        if seg.decided:
            continue
        if previous.role == Role.CAPTION:
            seg.assign(Role.CAPTION, Rule.CAPTION_PRINTED_TWICE, duplicate_of=previous.seq, matched=_at(previous))
        elif features.ends_sentence(seg.text):
            seg.assign(Role.DUPLICATE, Rule.DUPLICATE_REPEATED_LINE, duplicate_of=previous.seq, matched=_at(previous))


def _at(seg: Segment) -> str:
    """`matched` of a rule that read another segment: where it stands."""
    return f"seq {seg.seq}"


def mark_repeats(doc: Doc) -> None:
    for previous, seg in _repeated_pairs(doc):
        if not seg.decided or seg.role == Role.CAPTION:
            _mark_exact_repeat(seg, previous, _lines_between(doc, previous, seg))
    _mark_fuzzy_repeats(doc)


def _repeated_pairs(doc: Doc) -> list[tuple[Segment, Segment]]:
    """(earlier copy, later copy) of every line that is printed more than once, among the lines still
    undecided and the captions, in reading order of the later copy."""
    copies: dict[str, list[Segment]] = {}
    for seg in doc.segments:
        if not seg.decided or seg.role == Role.CAPTION:
            copies.setdefault(features.line_key(seg.text), []).append(seg)
    pairs = [pair for group in copies.values() for pair in pairwise(group)]
    return sorted(pairs, key=lambda pair: pair[1].seq)


def _lines_between(doc: Doc, first: Segment, last: Segment) -> int:
    """Lines between two segments that may be body (boilerplate between them does not count)."""
    return sum(s.role in (None, BODY) for s in doc.segments[first.seq + 1 : last.seq])


def _mark_exact_repeat(seg: Segment, seen: Segment, gap: int) -> None:
    """`seg` repeats `seen`, the copy before it, word for word (full stops aside), `gap` lines below."""
    if features.ends_sentence(seg.text):
        return  # mark_repeated_lines had its say on those
    if seen.role == Role.CAPTION:
        seg.assign(Role.CAPTION, Rule.CAPTION_PRINTED_TWICE, duplicate_of=seen.seq, matched=_at(seen))
    elif features.ends_sentence(seen.text):
        seg.assign(Role.CAPTION, Rule.CAPTION_REPEATS_BODY, duplicate_of=seen.seq, matched=_at(seen))
    elif gap <= PRINTED_TWICE_GAP and features.word_count(seg.text) >= REPEAT_MIN_WORDS:
        seen.assign(Role.CAPTION, Rule.CAPTION_PRINTED_TWICE, matched=_at(seg))
        seg.assign(Role.CAPTION, Rule.CAPTION_PRINTED_TWICE, duplicate_of=seen.seq, matched=_at(seen))
    # an unstopped line repeated further away is structure (table cells, a chorus): body


def _mark_fuzzy_repeats(doc: Doc) -> None:
    limit = doc.limits.max_fuzzy_chars
    candidates = [s for s in doc.undecided() if _is_repeat_candidate(s.text, limit)]
    sentences = [s for s in doc.undecided() if features.ends_sentence(s.text) and len(s.text) <= limit]
    if not candidates or not sentences:
        return
    choices = [_repeat_key(s.text) for s in sentences]
    for seg in candidates:
        found = process.extractOne(_repeat_key(seg.text), choices, scorer=fuzz.ratio, score_cutoff=REPEAT_SIMILARITY)
        if found is not None:
            original = sentences[found[2]]
            seg.assign(
                Role.CAPTION,
                Rule.CAPTION_REPEATS_BODY,
                duplicate_of=original.seq if original.seq < seg.seq else None,
                matched=f"{_at(original)}, similarity {found[1]:.0f}",
            )


def _is_repeat_candidate(text: str, max_chars: int) -> bool:
    """An unstopped line short enough to compare fuzzily (the cost is quadratic in its length)."""
    return not features.ends_sentence(text) and len(text) <= max_chars and features.word_count(text) >= REPEAT_MIN_WORDS


def _repeat_key(text: str) -> str:
    if "ictured)" not in text:
        return features.line_key(text)
    return features.key(text.replace("(pictured)", " ").replace("(Pictured)", " "))  # spacing changed: `key`


def mark_before_credits(doc: Doc) -> None:
    """A caption printed above its credit line ("... on Monday." then "Photograph: Jo Li/Reuters"). Only
    full-stopped lines: an unstopped caption is the shape rule's, and a headline must not be taken.
    The first line left in the body is never taken: a cleaned body must clean to itself."""
    first = next(doc.may_be_body(), None)
    for seg in doc.segments[1:]:
        if seg.rule not in CREDIT_RULES or features.word_count(seg.text) > CREDIT_LINE_WORDS:
            continue  # not a credit line of its own (a caption ending in its credit is caption enough)
        above = doc.before(seg)
        if (
            above is not None
            and not above.decided
            and above is not first
            and features.ends_sentence(above.text)
            and features.sentence_count(above.text) <= CAPTION_MAX_SENTENCES
            and features.word_count(above.text) <= CAPTION_ABOVE_CREDIT_WORDS
        ):
            above.assign(Role.CAPTION, Rule.CAPTION_ABOVE_CREDIT, matched=f"credit {seg.text}")


def mark_shapes(doc: Doc) -> None:
    for seg in doc.undecided(doc.header_end):
        if features.ends_sentence(seg.text):
            continue
        if _PICTURED in seg.text.casefold():
            seg.assign(Role.CAPTION, Rule.CAPTION_PICTURED, matched=_PICTURED)
        elif doc.is_prose and _is_caption_shaped(doc, seg):
            seg.assign(Role.CAPTION, Rule.CAPTION_SHAPE, matched=_shape(seg.text))


def _shape(text: str) -> str:
    """`matched` of a shape rule: what it read of the line."""
    return f"{features.word_count(text)} words, no full stop"


def _is_caption_shaped(doc: Doc, seg: Segment) -> bool:
    count = features.word_count(seg.text)
    return (
        CAPTION_MIN_WORDS <= count <= CAPTION_MAX_WORDS
        and not features.ends_with_colon(seg.text)
        and not features.starts_list_item(seg.text)
        and features.sentence_count(seg.text) <= CAPTION_MAX_SENTENCES
        and _ends_in_a_word(seg.text)
        and not features.has_link(seg.text)
        and not is_heading(doc, seg.text)
        and not _in_list(doc, seg)
        and not _wrapped(doc, seg)
        and not _quoted(seg.text)
        and not _personal(seg.text)
    )


def _quoted(text: str) -> bool:
    """A line that opens or closes on a quotation mark is someone's words (a pull quote, a reader's line),
    not a description of a picture."""
    return text[:1] in _OPENING_QUOTES or text[-1:] in _CLOSING_QUOTES


def _personal(text: str) -> bool:
    """A line in the first or second person ("I", "my", "we", "you") speaks to the reader; a caption
    describes a picture in the third person."""
    return any(w == "I" or (w.lower() in _PERSONAL_WORDS and not w.isupper()) for w in features.alpha_words(text))


def _wrapped(doc: Doc, seg: Segment) -> bool:
    """A sentence broken over lines (a hard-wrapped paragraph, a `<br>` inside one): the line starts in
    lower case, or the line after it does. A caption is a line of its own."""
    after = _neighbour(doc, seg, doc.after)
    return _starts_lower(seg.text) or (after is not None and _starts_lower(after.text))


def _starts_lower(text: str) -> bool:
    first = text.lstrip()[:1]
    return first.isalpha() and first.islower()


def _ends_in_a_word(text: str) -> bool:
    """Captions end on a word, a number or a bracket; a paragraph that ends on an emoji or a footnote
    mark is a paragraph whose full stop went missing."""
    last = text.rstrip()[-1:]
    return last.isalnum() or last in ")]\"'”’"


def is_heading(doc: Doc, text: str) -> bool:
    """Title Case of ordinary words ("Record Crowds at the Summer Fair"); a line of names
    ("Chancellor Jane Doe and Mayor John Roe of Leeds") is not a heading."""
    words = features.alpha_words(text)[1:]
    if any(w.islower() and w not in _SMALL_WORDS for w in words):
        return False
    capitalised = [w for w in words if w[0].isupper()]
    if not capitalised:
        return False
    ordinary = sum(w.lower() in doc.lowercase_words or w.lower() in _HEADLINE_WORDS for w in capitalised)
    return ordinary >= HEADING_ORDINARY_SHARE * len(capitalised)


def _in_list(doc: Doc, seg: Segment) -> bool:
    """A list item: introduced by a line ending in a colon, or one of a run of short unstopped lines
    (only lines that may stay in the body count: boilerplate between them is ignored)."""
    if features.word_count(seg.text) > LIST_ITEM_MAX_WORDS:
        return False
    previous = _neighbour(doc, seg, doc.before)
    if previous is not None and features.ends_with_colon(previous.text):
        return True
    run = 1
    for step in (doc.before, doc.after):
        other = _neighbour(doc, seg, step)
        while other is not None and _is_short_unstopped(other.text):
            run += 1
            other = _neighbour(doc, other, step)
    return run >= LIST_RUN


def _neighbour(doc: Doc, seg: Segment, step: Callable[[Segment], Segment | None]) -> Segment | None:
    """The nearest segment in `step`'s direction that is undecided or body."""
    other = step(seg)
    while other is not None and other.decided and other.role != BODY:
        other = step(other)
    return other


def _is_short_unstopped(text: str) -> bool:
    return features.word_count(text) <= LIST_ITEM_MAX_WORDS and not features.ends_sentence(text)
