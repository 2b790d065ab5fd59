"""Step 2, normalise: ftfy repairs, odd spaces to plain spaces, collapsed runs of white space, NFC.

The contract's normal form: mojibake, HTML entities and control characters fixed by ftfy; no-break
and other odd spaces become plain spaces; runs of white space inside a line collapse to one; NFC.
Curly quotes and dashes stay as they are.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

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


def normalise_text(text: str) -> str:
    """Normalise a whole text; lines are kept (line breaks become `\\n`), each line tidied."""
    fixed = ftfy.fix_text(text, _FTFY)
    return "\n".join(normalise_line(line, fixed=True) for line in fixed.split("\n"))


def normalise_line(line: str, *, fixed: bool = False) -> str:
    """Normalise one line; `fixed` says ftfy has already run over it."""
    if not fixed:
        line = ftfy.fix_text(line, _FTFY)
    spaced = _tidy_spaces(line)
    if spaced != line:  # ftfy reads a line whole: with its spaces changed it may read it anew ("Â" + space)
        spaced = _tidy_spaces(ftfy.fix_text(spaced, _FTFY))
    return unicodedata.normalize("NFC", spaced)


def _tidy_spaces(line: str) -> str:
    return _SPACE_RUN.sub(" ", line.translate(_ODD_SPACES)).strip()
