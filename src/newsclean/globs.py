"""`--pattern` globs over paths relative to RAW_DIR, with the meaning shells and pathlib give them:

    *        any characters within one folder or file name (never a `/`)
    ?        one character of a name
    [abc]    one of these characters ([!abc]: none of them)
    **       as a whole path part: any number of folders, none included (`2024/**/*.txt` matches both
             `2024/a.txt` and `2024/x/y/a.txt`; `**/*.txt` every .txt file; `news/**` all under news/)

A pattern ending in `/` means everything under that folder. fnmatch, which this replaces, lets `*` cross
folders and cannot match zero folders with `**/`: `2024/**/*.txt` then missed the files right in 2024/.
"""

from __future__ import annotations

import re
from functools import cache

ANY_DEPTH = "**"


def matches(relpath: str, pattern: str) -> bool:
    """Whether a forward-slash path relative to RAW_DIR matches the glob `pattern`."""
    return compile_glob(pattern).fullmatch(relpath) is not None


@cache
def compile_glob(pattern: str) -> re.Pattern[str]:
    """The regular expression of a glob (cached: a run asks it once per input file)."""
    parts = _parts(pattern)
    pieces = []
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if part == ANY_DEPTH:
            pieces.append(".*" if last else "(?:.*/)?")
        else:
            pieces.append(_name(part) + ("" if last else "/"))
    return re.compile("".join(pieces), re.DOTALL)


def _parts(pattern: str) -> list[str]:
    """The pattern's path parts, `./` dropped, runs of `**` merged (they match what one does), and a
    trailing `/` read as `/**`."""
    text = pattern.removeprefix("./")
    if text.endswith("/"):
        text += ANY_DEPTH
    parts: list[str] = []
    for part in text.split("/"):
        if not (part == ANY_DEPTH and parts and parts[-1] == ANY_DEPTH):
            parts.append(part)
    return parts


def _name(part: str) -> str:
    """One path part: `*`, `?` and `[...]` stay inside the name, everything else is literal."""
    out, i = [], 0
    while i < len(part):
        char = part[i]
        if char == "*":
            while i + 1 < len(part) and part[i + 1] == "*":
                i += 1  # `a**b` inside a name is `a*b`
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (end := _class_end(part, i)) > 0:
            out.append(_char_class(part[i + 1 : end]))
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def _class_end(part: str, start: int) -> int:
    """Index of the `]` closing the class opened at `start` (a `]` right after `[` or `[!` is a member);
    -1 when it is not closed, and the `[` is then a literal."""
    i = start + 1
    if i < len(part) and part[i] == "!":
        i += 1
    if i < len(part) and part[i] == "]":
        i += 1
    return part.find("]", i)


def _char_class(body: str) -> str:
    """A [...] class as a regex class that never matches `/`."""
    negate = body.startswith("!")
    members = body[1:] if negate else body
    escaped = members.replace("\\", "\\\\").replace("^", "\\^").replace("[", "\\[").replace("]", "\\]")
    if negate:
        return f"[^/{escaped}]"
    return f"(?!/)[{escaped}]"
