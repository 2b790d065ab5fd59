"""Step 2, normalise: ftfy repairs, odd spaces to plain spaces, collapsed runs of white space, NFC.

The contract's normal form: mojibake, HTML entities and control characters fixed by ftfy; no-break
and other odd spaces become plain spaces; runs of white space inside a line collapse to one; NFC.
Curly quotes and dashes stay as they are.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy
from ftfy.badness import is_bad

from newsclean.text.internals import mojibake_signs

_FTFY = ftfy.TextFixerConfig(
    unescape_html=True,
    uncurl_quotes=False,
    fix_line_breaks=True,
    normalization="NFC",
    explain=False,
)

# Every Unicode space separator but the plain space, plus the tab and the zero-width characters that
# scrapers leave inside words. Each becomes one plain space (zero-width ones vanish).
_ODD_SPACES = {
    ord(c): " "
    for c in "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u202f\u205f\u3000\u000b\u000c\u0085"
}
_ODD_SPACES.update({ord(c): None for c in "\u200b\u2060\ufeff\u00ad"})
_SPACE_RUN = re.compile(r" {2,}")
# `str.translate(_ODD_SPACES)` done as a test and a replace per character: translate leaves its fast path at
# the first non-ASCII character and then looks every character up in the table, and a regex character
# class is tried at every position, while `in` and `replace` of one character are fast scans.
_ASCII_ODD_SPACES = tuple((chr(c), to) for c, to in _ODD_SPACES.items() if c < 0x80)
_ALL_ODD_SPACES = tuple((chr(c), to or "") for c, to in _ODD_SPACES.items())


# What ftfy could change in a line, short of mojibake: entities, control and format characters, C1
# controls, surrogates, ligatures, full-width forms, the replacement character. A line with none of these
# that ftfy's own badness check passes is left as it is by ftfy: skipping ftfy there is a pure speed-up.
_FTFY_CANDIDATES = re.compile(
    "[&\x00-\x08\x0b-\x1f\x7f-\x9f\u0132\u0133\u0149\u01c4-\u01cc\u01f1-\u01f3\u206a-\u206f\ud800-\udfff"
    "\ufb00-\ufb4f\ufeff\uff01-\uffef\ufff9-\ufffd\U000e0000-\U000e007f]"
)
# C0 and C1 control characters (not tab or line breaks) never belong in text; ftfy keeps some, and its
# mojibake repair can even produce one ("Ā¯" -> U+009D).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")  # \x0b, \x0c, \x85 are spaces or breaks
_MAX_ROUNDS = 4
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")
_LINE_BREAK_CHARS = ("\r", "\u2028", "\u2029", "\x85")  # a quick test first: `in` per character is faster


def normalise_text(text: str) -> str:
    """Normalise a whole text; lines are kept (every kind of line break becomes `\\n`), each line tidied.

    The same as `normalise_line` on every line, done for the whole text at once where that gives the same
    result: when ftfy changes no line, spaces are tidied in one pass and NFC applied once (neither crosses
    a line break), and only lines whose spaces changed are shown to ftfy again."""
    if any(char in text for char in _LINE_BREAK_CHARS):
        text = _LINE_BREAKS.sub("\n", text)
    lines = text.split("\n")
    candidates = _has_candidates(text)  # control characters are candidates too
    if (candidates and _CONTROLS.search(text)) or _ftfy_changes_a_line(text, lines, candidates):
        # a control character must go, or ftfy changes a line (and may split it): line by line
        return "\n".join(_settle_line(line) for line in lines)
    tidied = _spaces(text).split("\n")
    out = [
        spaced if spaced == line or _fix(spaced) is spaced else _settle_line(line)
        for line, spaced in zip(lines, [t.strip() for t in tidied], strict=True)
    ]
    joined = "\n".join(out)
    if joined.isascii() or unicodedata.is_normalized("NFC", joined):
        return joined
    # NFC composes characters (Z + U+0301 -> Ź) that ftfy may then read as mojibake: those lines line by line
    return "\n".join(
        kept if unicodedata.is_normalized("NFC", kept) else _settle_line(line)
        for line, kept in zip(lines, out, strict=True)
    )


# The ASCII candidates: "&" and the controls. An ASCII text is checked for them as bytes, in one pass.
_ASCII_CANDIDATES = bytes([ord("&"), *range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


def _has_candidates(text: str) -> bool:
    """Whether the text holds a character ftfy could change short of mojibake (_FTFY_CANDIDATES)."""
    if text.isascii():  # a character class scanned over a text costs ten times a bytes translation
        return len(text.encode("ascii").translate(None, _ASCII_CANDIDATES)) != len(text)
    return _FTFY_CANDIDATES.search(text) is not None


def _ftfy_changes_a_line(text: str, lines: list[str], candidates: bool) -> bool:
    """Whether `_fix` changes one of the text's lines. With no candidate character anywhere in the text, only
    a non-ASCII line that ftfy's badness check flags can change (as `_fix` reads it)."""
    if candidates:
        return [_fix(line) for line in lines] != lines
    return not text.isascii() and any(
        not line.isascii() and may_be_bad(line) and ftfy.fix_text(line, _FTFY) != line for line in lines
    )


def normalise_line(line: str) -> str:
    """One line in the normal form. A line without line breaks takes normalise_text's whole-text path,
    which gives the same result and skips ftfy where it has nothing to fix."""
    if "\n" in line or any(char in line for char in _LINE_BREAK_CHARS):
        return _settle_line(line)
    return normalise_text(line)


def _settle_line(line: str) -> str:
    """ftfy, spaces, NFC, repeated until the line is stable (at most a few rounds): ftfy reads a line whole,
    so a line whose spaces changed, or that lost a control character or an unassigned code point its own
    repair made ("Ā¯" -> U+009D, "×Ľ" -> U+05FC), may read anew, and cleaning a cleaned text again must
    change nothing."""
    for _ in range(_MAX_ROUNDS):
        tidied = unicodedata.normalize("NFC", _tidy_spaces(_drop_unassigned(_drop_controls(_fix(line)))))
        if tidied == line:
            break
        line = tidied
    return line


_MOJIBAKE_SIGNS = mojibake_signs()


def may_be_bad(line: str) -> bool:
    """ftfy's `is_bad`, its badness regex run only on lines holding a sign of mojibake."""
    return (_MOJIBAKE_SIGNS is None or _MOJIBAKE_SIGNS.search(line) is not None) and is_bad(line)


def _drop_unassigned(line: str) -> str:
    if line.isprintable():
        return line
    return "".join(c for c in line if unicodedata.category(c) != "Cn")


def _drop_controls(text: str) -> str:
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text


def _fix(line: str) -> str:
    """ftfy's fixes, run only where ftfy could find something to fix."""
    if line.isascii() and "&" not in line and not _FTFY_CANDIDATES.search(line):
        return line
    if _FTFY_CANDIDATES.search(line) or may_be_bad(line):
        return ftfy.fix_text(line, _FTFY)
    return line


def _tidy_spaces(line: str) -> str:
    return _spaces(line).strip()


def _spaces(text: str) -> str:
    """Odd spaces to plain spaces, zero-width characters dropped, runs of spaces collapsed (lines kept)."""
    for char, to in _ASCII_ODD_SPACES if text.isascii() else _ALL_ODD_SPACES:
        if char in text:
            text = text.replace(char, to)
    return _SPACE_RUN.sub(" ", text) if "  " in text else text
