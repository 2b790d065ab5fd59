"""The one place newsclean reads private internals: the parser of `re` (re._parser, re._constants) and the
badness regex of ftfy (ftfy.badness.BADNESS_RE). Both serve speed tricks only, and each function here has a
plain fallback, taken when the internals are missing or shaped otherwise (another Python, another ftfy):
the caller then does the plain, slower thing and gets the same answer.

- `starts_at_line_start` / `ends_at_line_end` / `longest_match`: a phrase pattern anchored at the line's
  start is tried there only, one anchored at its end is searched over the line's last characters only
  (fallback: searched over the whole line);
- `mojibake_signs`: characters that every match of ftfy's badness regex holds one of, so that a line with
  none of them skips the regex (fallback: every line goes through the regex).
"""

from __future__ import annotations

import re
from typing import Any

try:
    from re import _constants, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python without them
    _constants = _parser = None

try:
    from ftfy.badness import BADNESS_RE
except ImportError:  # pragma: no cover - an ftfy without it
    BADNESS_RE = None

# What a parse that does not look as expected raises; the fallback is taken then.
_SHAPE_ERRORS = (AttributeError, IndexError, KeyError, TypeError, ValueError, re.error)


def _parsed(pattern: str, flags: int = 0) -> Any | None:
    """re's parse of the pattern (a list of (op, value) items), or None without the parser."""
    if _parser is None:
        return None
    try:
        return _parser.parse(pattern, flags)
    except _SHAPE_ERRORS:
        return None


def starts_at_line_start(pattern: str) -> bool:
    """Whether every match of the pattern starts at the line's start: its first top-level element is `^`
    (a top-level `|` parses as one branch, not as `^`). Fallback: False (the pattern is searched)."""
    return _top_level_item(pattern, 0, "AT_BEGINNING")


def ends_at_line_end(pattern: str) -> bool:
    """Whether every match of the pattern ends at the line's end: its last top-level element is `$`.
    Fallback: False (the pattern is searched over the whole line)."""
    return _top_level_item(pattern, -1, "AT_END")


def _top_level_item(pattern: str, index: int, anchor: str) -> bool:
    """Whether the pattern's top-level item at `index` is the anchor `anchor` (False when unknown)."""
    parsed = _parsed(pattern)
    try:
        return (
            parsed is not None
            and len(parsed.data) > 0
            and parsed.data[index] == (_constants.AT, getattr(_constants, anchor))
        )
    except _SHAPE_ERRORS:
        return False


def longest_match(pattern: str) -> int | None:
    """The most characters a match of the pattern can span (huge for an unbounded repeat); None unknown."""
    parsed = _parsed(pattern)
    try:
        return int(parsed.getwidth()[1]) if parsed is not None else None
    except _SHAPE_ERRORS:
        return None


def mojibake_signs() -> re.Pattern[str] | None:
    """A character class that every match of ftfy's badness regex holds a character of: from each of its
    alternatives, the rarest set of characters that a match consumes one of. A line with none of them
    cannot be bad, and the class is one fast scan where the badness regex tries 37 alternatives at every
    position. None when some alternative has no such set, or the internals are not there: every line is
    then checked."""
    if BADNESS_RE is None:
        return None
    parsed = _parsed(BADNESS_RE.pattern, BADNESS_RE.flags)
    try:
        return _signs(parsed) if parsed is not None else None
    except _SHAPE_ERRORS:
        return None


def _signs(parsed: Any) -> re.Pattern[str] | None:
    is_branch = len(parsed.data) == 1 and parsed.data[0][0] is _constants.BRANCH
    alternatives = parsed.data[0][1][1] if is_branch else [parsed]
    chosen: set[str] = set()
    for alternative in alternatives:
        sets = [chars for op, value in alternative.data if (chars := _required_chars(op, value)) is not None]
        if not sets:
            return None
        chosen |= min(sets, key=lambda chars: sum(map(_text_frequency, chars)))
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chosen)) + "]")


def _required_chars(op: object, value: Any) -> frozenset[str] | None:
    """The characters one parsed regex item consumes exactly one of, in every match; None when it is not
    such an item (optional, a category, a group)."""
    sre = _constants
    if op is sre.LITERAL:
        return frozenset(chr(value))
    if op is sre.IN:
        chars: set[str] = set()
        for item, arg in value:
            if item is sre.LITERAL:
                chars.add(chr(arg))
            elif item is sre.RANGE:
                chars.update(map(chr, range(arg[0], arg[1] + 1)))
            else:
                return None
        return frozenset(chars)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and value[0] >= 1 and len(value[2].data) == 1:
        return _required_chars(*value[2].data[0])
    return None


def _text_frequency(char: str) -> int:
    """How common a character is in text, roughly: ASCII, then lower-case Latin letters and curly
    punctuation, then the rest."""
    if char.isascii():
        return 1000
    if char in "’‘“”–—…\xa0" or (char.isalpha() and char.islower() and char < "\u0250"):
        return 100
    return 1
