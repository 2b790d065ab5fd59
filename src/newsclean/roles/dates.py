"""Date lines: a line that is nothing but a date ("Mar.3 - 2023 5:30 PM CET") is a `date` segment
whose value is the parsed UTC datetime (None for "3 hours ago")."""

from __future__ import annotations

from newsclean import dates
from newsclean.roles.doc import Doc
from newsclean.vocab import Role, Rule


def mark_date_lines(doc: Doc) -> None:
    for seg in doc.undecided():
        if dates.is_date_line(seg.text):
            seg.assign(Role.DATE, Rule.DATE_LINE, value=dates.parse_datetime(seg.text))
        elif dates.is_relative_date_line(seg.text):
            seg.assign(Role.DATE, Rule.DATE_RELATIVE)
