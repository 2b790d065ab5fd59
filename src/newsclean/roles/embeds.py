"""Social embeds: a tweet's text lines plus its "— Name (@handle) Month D, YYYY" line become one
`Embed` (kept on the signature segment's value); one-line forms (Instagram's "A post shared by",
TikTok's "♬" line, bare post links) become an embed each."""

from __future__ import annotations

import re
from functools import cache

from newsclean import dates
from newsclean.model import Embed, Segment
from newsclean.roles import phrases
from newsclean.roles.doc import Doc
from newsclean.text import features
from newsclean.text.tweets import find_signature
from newsclean.vocab import Role, Rule

TWEET_CHARS = 280
LINK_CHARS = 23  # a link counts this much towards a tweet's length, whatever it prints


@cache
def _one_line_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(rule name, embed kind, pattern): the `one_line` table of embeds.toml; `x_link` is of kind x."""
    table = phrases.read_file("embeds")["one_line"]
    assert isinstance(table, dict)
    return tuple((f"embed.{name}", name.removesuffix("_link"), re.compile(str(p))) for name, p in table.items())


def mark_embeds(doc: Doc) -> None:
    one_line = _any_one_line()
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
    found = _match_one_line(seg.text)
    if found is None:
        return False
    rule, embed, pattern = found
    seg.assign(Role.EMBED, rule, value=embed, matched=pattern)
    return True


def parse_one_line(line: str) -> Embed | None:
    """The Embed of a one-line embed form ("A post shared by Name (@handle) on Jun 5, 2023"), or None."""
    found = _match_one_line(line)
    return found[1] if found else None


@cache
def _any_one_line() -> re.Pattern[str]:
    """All one-line patterns as one, their group names dropped: one test at the line's start tells
    whether any of them matches there."""
    return re.compile("|".join(f"(?:{_NAMED_GROUP.sub('(?:', p.pattern)})" for _, _, p in _one_line_patterns()))


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _match_one_line(line: str) -> tuple[str, Embed, str] | None:
    """(rule name, Embed, the pattern that matched) of a one-line embed form."""
    if _any_one_line().match(line) is None:
        return None
    for rule, kind, pattern in _one_line_patterns():
        found = pattern.match(line)
        if found:
            groups = found.groupdict()
            when = dates.parse_date(groups["date"]) if groups.get("date") else None
            link = groups.get("link")
            embed = Embed(
                kind,
                groups.get("author"),
                groups.get("handle"),
                when,
                groups.get("text") or None,
                (link,) if link else (),
            )
            return rule, embed, pattern.pattern
    return None
