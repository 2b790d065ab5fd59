"""One-line social embeds: a line that is a whole embed ("A post shared by Name (@handle) on Jun 5, 2023",
TikTok's "@handle text ♬ sound", a bare post link), read into an Embed. Both paths read it: the text
path's embed rules and the HTML path's Instagram and TikTok blockquotes. The patterns are data
(`embed_lines.toml`): a new embed form is one line there."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import NamedTuple

from newsclean import dates
from newsclean.model import Embed
from newsclean.vocab import Role


class EmbedLine(NamedTuple):
    """What a one-line pattern read: the rule that names it (`embed.<table key>`), the Embed, the pattern."""

    rule: str
    embed: Embed
    pattern: str


@cache
def patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(rule name, embed kind, pattern) in file order; a key `x_link` is of kind x."""
    text = resources.files("newsclean.text").joinpath("embed_lines.toml").read_text("utf-8")
    table = tomllib.loads(text)
    return tuple((f"{Role.EMBED}.{key}", key.removesuffix("_link"), re.compile(str(p))) for key, p in table.items())


def rule_names() -> tuple[str, ...]:
    """The rule names one-line embeds are written under."""
    return tuple(rule for rule, _, _ in patterns())


@cache
def any_embed_line() -> re.Pattern[str]:
    """All patterns as one, their group names dropped: one test at a line's start tells whether any of
    them matches there, before each is tried for its groups."""
    return re.compile("|".join(f"(?:{_NAMED_GROUP.sub('(?:', p.pattern)})" for _, _, p in patterns()))


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def read_embed_line(line: str) -> EmbedLine | None:
    """The embed a whole line is, with the rule and pattern that read it, or None."""
    if any_embed_line().match(line) is None:
        return None
    for rule, kind, pattern in patterns():
        found = pattern.match(line)
        if found:
            return EmbedLine(rule, _embed(kind, found.groupdict()), pattern.pattern)
    return None


def _embed(kind: str, groups: dict[str, str | None]) -> Embed:
    when = dates.parse_date(date) if (date := groups.get("date")) else None
    link = groups.get("link")
    links = (link,) if link else ()
    return Embed(kind, groups.get("author"), groups.get("handle"), when, groups.get("text") or None, links)
