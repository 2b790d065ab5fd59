"""Date lines: a line that is nothing but a date ("Mar.3 - 2023 5:30 PM CET") is a `date` segment
whose value is the parsed UTC datetime (None for "3 hours ago")."""

from __future__ import annotations

from newsclean import dates
from newsclean.roles.doc import Doc
from newsclean.vocab import Role, Rule


def mark_date_lines(doc: Doc) -> None:
    """`matched`: the date as read, in UTC (ISO 8601), or "relative"/"unparsed" when there is none to read."""
    for seg in doc.undecided():
        if dates.is_date_line(seg.text):
            when = dates.parse_datetime(seg.text)
            seg.assign(Role.DATE, Rule.DATE_LINE, value=when, matched=when.isoformat() if when else "unparsed")
        elif dates.is_relative_date_line(seg.text):
            seg.assign(Role.DATE, Rule.DATE_RELATIVE, matched="relative")
