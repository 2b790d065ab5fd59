"""Social embeds: a tweet's text lines plus its "— Name (@handle) Month D, YYYY" line become one
`Embed` (kept on the signature segment's value); one-line forms (Instagram's "A post shared by",
TikTok's "♬" line, bare post links) become an embed each."""

from __future__ import annotations

from newsclean.model import Embed, Segment
from newsclean.roles.doc import Doc
from newsclean.text import features
from newsclean.text.embed_lines import any_embed_line, read_embed_line
from newsclean.text.tweets import find_signature
from newsclean.vocab import Role, Rule

TWEET_CHARS = 280
LINK_CHARS = 23  # a link counts this much towards a tweet's length, whatever it prints


def mark_embeds(doc: Doc) -> None:
    one_line = any_embed_line()
    for seg in doc.undecided():
        if seg.decided:  # an earlier tweet took it as its text
            continue
        if one_line.match(seg.text) is not None and _mark_one_line(seg):
            continue
        if "(@" in seg.text:  # the signature's quick test, before the call
            _mark_tweet(doc, seg)


def _mark_tweet(doc: Doc, seg: Segment) -> bool:
    """A signature line and the text lines above it; `matched` is the signature as read."""
    found = find_signature(seg.text)
    if found is None:
        return False
    signature, when = found
    prefix = seg.text[: signature.start()].strip()
    text_segments = [] if prefix else _tweet_text_before(doc, seg)
    for part in text_segments:
        part.assign(Role.EMBED, Rule.EMBED_TWEET_TEXT, matched=f"signature at seq {seg.seq}")
    text = " ".join([*(s.text for s in text_segments), prefix]).strip()
    found_links = tuple(features.links(text))
    for link in found_links:
        text = text.replace(link, " ")
    author, handle = signature["author"].strip(), signature["handle"]
    embed = Embed("tweet", author, handle, when, " ".join(text.split()) or None, found_links)
    seg.assign(Role.EMBED, Rule.EMBED_TWEET, value=embed, matched=signature[0].strip(" —–―-"))
    return True


def _tweet_text_before(doc: Doc, signature: Segment) -> list[Segment]:
    """The lines above a signature that fit in one tweet, nearest first taken, in reading order."""
    taken: list[Segment] = []
    budget = TWEET_CHARS
    seg = doc.before(signature)
    while seg is not None and not seg.decided and not features.ends_with_colon(seg.text):
        cost = _tweet_length(seg.text)
        if taken and cost > budget:
            break
        taken.append(seg)
        budget -= cost
        seg = doc.before(seg)
    return taken[::-1]


def _tweet_length(text: str) -> int:
    found = features.links(text)
    return len(text) - sum(len(link) for link in found) + LINK_CHARS * len(found)


def _mark_one_line(seg: Segment) -> bool:
    found = read_embed_line(seg.text)
    if found is None:
        return False
    seg.assign(Role.EMBED, found.rule, value=found.embed, matched=found.pattern)
    return True
