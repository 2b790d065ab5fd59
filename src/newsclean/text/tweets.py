"""Tweet signatures: the "— Name (@handle) Month D, YYYY" line a tweet embed prints under its text, read
into an Embed. Both paths read it: the text path's embed rules and the HTML path's tweet blockquotes."""

from __future__ import annotations

import re
from datetime import date

from newsclean import dates
from newsclean.model import Embed

SIGNATURE_TAIL = 240  # the signature is looked for in the last characters of a line only
SIGNATURE = re.compile(
    r"(?:^|[—–―]|--?)\s*(?P<author>[^—–―()\n]{1,80}?)\s*\(@(?P<handle>\w{1,15})\)\s*"
    r"(?P<date>[^()\n]{3,40}?)\s*$"
)


def parse_signature(line: str) -> tuple[str, Embed] | None:
    """(text before the signature, Embed without text) for a tweet signature line, else None."""
    found = find_signature(line)
    if found is None:
        return None
    signature, when = found
    prefix = line[: signature.start()].strip()
    return prefix, Embed("tweet", signature["author"].strip(), signature["handle"], when)


def find_signature(line: str) -> tuple[re.Match[str], date] | None:
    """The "— Name (@handle) date" at the end of a line, with its date (one Twitter could have)."""
    if "(@" not in line:  # a quick test first: the signature holds one
        return None
    found = SIGNATURE.search(line, max(0, len(line) - SIGNATURE_TAIL))
    if not found:
        return None
    when = dates.parse_date(found["date"])
    return (found, when) if when is not None and when.year >= 2006 else None  # no tweets before Twitter
