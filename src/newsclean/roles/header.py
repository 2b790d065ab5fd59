"""The header zone: the lines above the first body paragraph. There the first headline-shaped line is
the title, a "By ..."/"Written by ..." line the byline, and a short label the section."""

from __future__ import annotations

from newsclean.model import BODY, Segment
from newsclean.roles.captions import CAPTION_MAX_SENTENCES
from newsclean.roles.doc import Doc
from newsclean.text import features
from newsclean.text.bylines import BYLINE, byline_name, is_name_line
from newsclean.vocab import Role, Rule

BODY_PARAGRAPH_WORDS = 3
TITLE_WORDS = (3, 40)
SECTION_MAX_WORDS = 4
SECTION_MAX_CHARS = 40
HEADER_CAPTION_WORDS = 7
TITLE_CONFIRMING_ROLES = frozenset({Role.BYLINE, Role.DATE})


def find_header_end(doc: Doc) -> int:
    """The seq of the first paragraph: the first undecided line that ends a sentence. A text without
    one has no header zone (0): it is not prose, and a headline there could not be told from body."""
    for seg in doc.undecided():
        if features.ends_sentence(seg.text) and features.word_count(seg.text) >= BODY_PARAGRAPH_WORDS:
            return seg.seq
    return 0


def mark_bylines(doc: Doc) -> None:
    """Byline lines, wherever they stand: below a standfirst, or an author line at the end. A line that
    is nothing but "By" and capitalised names is never body."""
    for seg in doc.undecided():
        if not seg.decided:  # a lead-in "By" line takes the name line after it
            _mark_byline(doc, seg)


def mark_header(doc: Doc) -> None:
    doc.header_end = find_header_end(doc)
    title: Segment | None = None
    have_section = False
    for seg in doc.undecided(0, doc.header_end):
        if title is None and _is_title(doc, seg):
            seg.assign(Role.TITLE, Rule.TITLE_FIRST_HEADLINE, matched=_above_first_paragraph(doc))
            title = seg
        elif title is not None and features.line_key(seg.text) == features.line_key(title.text):
            seg.assign(Role.TITLE, Rule.TITLE_REPEATED, duplicate_of=title.seq, matched=f"seq {title.seq}")
        elif _is_label(seg.text):
            role, rule = (Role.CHROME, Rule.CHROME_HEADER_LABEL) if have_section else (Role.SECTION, Rule.SECTION_LABEL)
            seg.assign(role, rule, matched=_above_first_paragraph(doc))
            have_section = True
    if title is not None:
        _mark_header_leftovers(doc, title)


def _above_first_paragraph(doc: Doc) -> str:
    """`matched` of the header zone's rules: the zone they read, which ends at the first paragraph."""
    return f"above the first paragraph (seq {doc.header_end})"


def _mark_header_leftovers(doc: Doc, title: Segment) -> None:
    """Unstopped lines between the title and the first paragraph. A short one is page furniture; a
    longer one printed twice is a caption; otherwise, above the byline or date it is the standfirst
    (body), below them a lead picture's caption. A line of more sentences than a caption holds is a
    paragraph whose last full stop went missing (a forum post's question, a press release): it is left to
    the rules after the header zone."""
    zone = doc.segments[title.seq + 1 : doc.header_end]
    first_copy: dict[str, Segment] = {}
    metadata_seen = False
    for seg in zone:
        metadata_seen = metadata_seen or seg.role in TITLE_CONFIRMING_ROLES
        if seg.decided or features.ends_sentence(seg.text) or features.sentence_count(seg.text) > CAPTION_MAX_SENTENCES:
            continue
        first = first_copy.setdefault(features.line_key(seg.text), seg)
        if features.word_count(seg.text) < HEADER_CAPTION_WORDS:
            seg.assign(Role.CHROME, Rule.CHROME_HEADER_LINE, matched=f"{features.word_count(seg.text)} words")
        elif first is not seg:
            first.assign(Role.CAPTION, Rule.CAPTION_PRINTED_TWICE, matched=f"seq {seg.seq}")
            seg.assign(Role.CAPTION, Rule.CAPTION_PRINTED_TWICE, duplicate_of=first.seq, matched=f"seq {first.seq}")
        elif metadata_seen:
            seg.assign(Role.CAPTION, Rule.CAPTION_HEADER_SHAPE, matched="below the byline or date")
        else:
            seg.assign(BODY, Rule.BODY_STANDFIRST, matched=f"below the title (seq {title.seq})")


def _mark_byline(doc: Doc, seg: Segment) -> bool:
    if features.line_key(seg.text) in {"by", "written by", "words by", "author", "authors"}:
        name_seg = doc.next_undecided(seg)
        if name_seg is not None and is_name_line(name_seg.text) and features.word_count(name_seg.text) >= 2:
            seg.assign(Role.BYLINE, Rule.BYLINE_LEAD_IN, matched=seg.text)
            name_seg.assign(Role.BYLINE, Rule.BYLINE_NAME_AFTER_LEAD_IN, value=name_seg.text, matched=seg.text)
            return True
        return False
    found = BYLINE.match(seg.text)
    name = byline_name(seg.text)
    if found is None or name is None:
        return False
    seg.assign(Role.BYLINE, Rule.BYLINE_BY_LINE, value=name, matched=seg.text[: found.start("name")].strip())
    return True


def _is_title(doc: Doc, seg: Segment) -> bool:
    """Headline-shaped: a few words without a closing full stop. A headline that asks or exclaims ("?",
    "!") is taken only where header metadata (byline, date, section) follows it: a body paragraph can
    end like that too."""
    low, high = TITLE_WORDS
    if not low <= len(features.alpha_words(seg.text)) <= high or features.sentence_count(seg.text) > 1:
        return False
    if features.ends_with_colon(seg.text):
        return False
    if not features.ends_sentence(seg.text):
        return True
    following = doc.after(seg)
    return (
        seg.text.rstrip().endswith(("?", "!"))
        and following is not None
        and (following.role in TITLE_CONFIRMING_ROLES or (not following.decided and _is_label(following.text)))
    )


def _is_label(text: str) -> bool:
    """A short label: a section name ("News", "Australia"), a breadcrumb; no digits, no colon."""
    return (
        features.word_count(text) <= SECTION_MAX_WORDS
        and len(text) <= SECTION_MAX_CHARS
        and text[:1].isupper()
        and not any(c.isdigit() or c == ":" for c in text)
        and not features.ends_sentence(text)
    )
