"""Date lines as news pages print them ("Mar.3 - 2023 5:30 PM CET", "Published 12 November 2024,
14:05 GMT", "2024-11-12T09:02:00+01:00", "Updated: Tuesday 12 Nov 2024") parsed to aware UTC datetimes.

A line counts as a date line only when every word in it is a date word (months, weekdays, am/pm, time
zones, "published", "updated"...) and it holds a year or a time: body sentences that mention a date
are never taken. Parsing is python-dateutil's, after the separators it dislikes are tidied.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

MAX_DATE_LINE = 80
MAX_DATE_TEXT = 200  # a meta tag's value or a line: longer is not a date

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
).split()
# Offsets in hours of the zone abbreviations news sites print. Ambiguous ones take their usual news sense.
TZ_OFFSETS: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "BST": 1,
    "IST": 5.5,
    "CET": 1,
    "CEST": 2,
    "MEZ": 1,
    "MESZ": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "SAST": 2,
    "CAT": 2,
    "EAT": 3,
    "WAT": 1,
    "GST": 4,
    "PKT": 5,
    "ICT": 7,
    "WIB": 7,
    "SGT": 8,
    "HKT": 8,
    "AWST": 8,
    "CST": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "ET": -5,
    "CT": -6,
    "MT": -7,
    "PT": -8,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "AST": -4,
    "ADT": -3,
    "NST": -3.5,
    "NDT": -2.5,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
    "ACST": 9.5,
    "ACDT": 10.5,
    "NZST": 12,
    "NZDT": 13,
    "WEST": 1,
}
# Zones printed without saying whether daylight saving is on: the local rules of the place decide.
TZ_REGIONS = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
    "UK": "Europe/London",
    "AET": "Australia/Sydney",
}
_TZINFOS: dict[str, int | tzinfo] = {
    name: int(hours * 3600) for name, hours in TZ_OFFSETS.items() if name not in TZ_REGIONS
}
_TZINFOS.update({name: ZoneInfo(region) for name, region in TZ_REGIONS.items()})
_FILLER = (
    "published updated posted first last modified on at of the date time am pm a p m "
    "st nd rd th h hrs uhr by edited created "
    # the same words in other languages news pages are written in (dateutil parses their numeric dates only)
    "aktualisiert veröffentlicht erstellt stand um publié mis à jour le publicado actualizado el"
).split()
_OTHER_MONTHS = (
    "januar februar märz mai juni juli oktober dezember janvier février mars avril juin juillet août "
    "septembre octobre novembre décembre enero febrero marzo abril mayo junio julio agosto septiembre "
    "octubre noviembre diciembre"
).split()
DATE_WORDS = frozenset(_MONTHS + _OTHER_MONTHS + _WEEKDAYS + _FILLER + [t.lower() for t in TZ_OFFSETS])
_RELATIVE_WORDS = frozenset(
    "ago minute minutes hour hours day days week weeks month months year years "
    "just now yesterday today an a one".split()
)

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2}[:.h]\d\d(?!\d)")
_PREFIX = re.compile(
    r"(?i)^\W*(?:(?:first |last )?(?:published|updated|posted|modified|edited|created)"
    r"(?: on| at| date)?|date)\W*"
)
_MONTH_DOT = re.compile(r"(?i)\b(" + "|".join(_MONTHS) + r")\.\s*")
_SEPARATOR_CHARS = "-–—|•·"  # with "at", what every _SEPARATORS match holds
_SEPARATORS = re.compile(r"\s[-–—|•·]\s|,\s*at\s|\sat\s|\s\|\s?|\s-\s?")
_PARTS = re.compile(r"\s\|\s|(?i:\s(?=(?:last )?(?:updated|modified)\b))")
_AM_PM = re.compile(r"(?i)\b([ap])\.m\.?")
_ORDINAL = re.compile(r"(?i)(?<=\d)(?:st|nd|rd|th)\b")
_DOTTED_TIME = re.compile(r"(?<![\d.])(\d{1,2})[.h](\d\d)(?![\d.])")
_ISO = re.compile(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?(?:Z|[+-]\d\d:?\d\d)?)?")


_DIGIT = re.compile(r"\d")  # every date line holds one: a year, a time or an ISO date


def is_date_line(line: str) -> bool:
    """True when the line is nothing but a date/time (optionally "Published"/"Updated" and a zone)."""
    if len(line) > MAX_DATE_LINE or _DIGIT.search(line) is None:
        return False
    if _ISO.fullmatch(_PREFIX.sub("", line.strip())):
        return True
    tokens = _TOKEN.findall(line)
    if not tokens:
        return False
    alpha = [t.lower() for t in tokens if not t.isdigit()]
    if any(t not in DATE_WORDS for t in alpha):
        return False
    has_month = any(t in _MONTHS or t in _OTHER_MONTHS for t in alpha)
    numeric = re.search(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", line) is not None
    return (has_month or numeric) and (_YEAR.search(line) is not None or _TIME.search(line) is not None)


_CALENDAR_WORDS = frozenset(_MONTHS + _OTHER_MONTHS + _WEEKDAYS)


def may_name_a_date(text: str) -> bool:
    """Whether a text could name a date at all: it holds a digit, or a month's or a weekday's name. A quick
    test before the parser, which costs a tenth of a millisecond a try."""
    return _DIGIT.search(text) is not None or any(t.lower() in _CALENDAR_WORDS for t in _TOKEN.findall(text))


def is_relative_date_line(line: str) -> bool:
    """ "Updated 3 hours ago", "2 days ago", "Published just now"."""
    if len(line) > MAX_DATE_LINE or "ago" not in line.lower():  # a quick test for the token "ago" first
        return False
    alpha = [t.lower() for t in _TOKEN.findall(line) if not t.isdigit()]
    return "ago" in alpha and all(t in _RELATIVE_WORDS or t in DATE_WORDS for t in alpha)


def parse_datetime(text: str) -> datetime | None:
    """An aware UTC datetime for a date line, or None. A time without a zone is taken as UTC. Of a line
    with two dates ("Published: ... | Updated: ..."), the first that parses. Texts longer than any date
    are not parsed (dateutil's parser takes seconds on a megabyte)."""
    if len(text) > MAX_DATE_TEXT:
        return None
    for part in _PARTS.split(text):
        parsed = _parse_part(part)
        if parsed is not None:
            return parsed
    return None


def _parse_part(text: str) -> datetime | None:
    cleaned = _tidy(text)
    if not cleaned:
        return None
    parsed = _parse(cleaned)
    if parsed is None or not 1900 <= parsed.year <= 2100:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_date(text: str) -> date | None:
    """The calendar date a text names ("November 11, 2024"), zone ignored."""
    if len(text) > MAX_DATE_TEXT:
        return None
    parsed = _parse(_tidy(text))
    return parsed.date() if parsed is not None else None


_DEFAULT = datetime(2000, 1, 1, tzinfo=None)


def _parse(cleaned: str) -> datetime | None:
    """dateutil's reading of a tidied date text (None where it finds none), the common shapes read
    directly (dateutil takes 50 us a date; those shapes are most of the dates news pages print)."""
    simple = parse_simple(cleaned)
    if simple is not NOT_SIMPLE:
        return simple  # type: ignore[return-value]
    try:
        return dateutil_parser.parse(cleaned, tzinfos=_TZINFOS, fuzzy=False, default=_DEFAULT)
    except (ValueError, OverflowError, TypeError):
        return None


NOT_SIMPLE = object()  # parse_simple's answer for a text it leaves to dateutil
_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAY_NAMES = frozenset(
    "mon monday tue tuesday wed wednesday thu thursday fri friday sat saturday sun sunday".split()
)
_CLOCK = re.compile(r"(\d{1,2}):(\d\d)(?::(\d\d))?")
# The shapes read directly, as one letter per word: Weekday, Month name, Day (1-2 digits), Year (4 digits),
# Time (H:MM[:SS]), Am/pm, Zone abbreviation (only after a time: dateutil reads no zone before one).
_SIMPLE_SHAPES = re.compile(r"W?(?:MDY|DMY)(?:TA?Z?)?|TA?Z?W?(?:MDY|DMY)")


def parse_simple(cleaned: str) -> datetime | object | None:
    """A tidied date text of the common shapes (_SIMPLE_SHAPES: "Tuesday 12 Nov 2024 14:05 GMT", "3:03 ET
    November 11 2019"), as dateutil reads it: a datetime, or None where the date does not exist. NOT_SIMPLE
    for any other text. tests/test_dates.py holds it to dateutil's answers."""
    words = cleaned.split(" ")
    if not 3 <= len(words) <= 7:
        return NOT_SIMPLE
    shape = "".join(map(_word_kind, words))
    if not _SIMPLE_SHAPES.fullmatch(shape):
        return NOT_SIMPLE
    values = dict(zip(shape, words, strict=True))
    hour, minute, second = _clock(values.get("T"), values.get("A"))
    if hour is None:
        return NOT_SIMPLE
    zone = _zone(values.get("Z"))
    try:
        return datetime(
            int(values["Y"]), _MONTH_NUMBERS[values["M"].lower()], int(values["D"]), hour, minute, second, tzinfo=zone
        )
    except ValueError:
        return None


def _word_kind(word: str) -> str:
    lowered = word.lower()
    if lowered in _MONTH_NUMBERS:
        return "M"
    if word.isdigit() and word.isascii():  # a year from 1000 (dateutil reads "0099" as 1999)
        return {1: "D", 2: "D", 4: "Y" if word[0] != "0" else "?"}.get(len(word), "?")
    if _CLOCK.fullmatch(word):
        return "T"
    if lowered in ("am", "pm"):
        return "A"
    if lowered in _WEEKDAY_NAMES:
        return "W"
    return "Z" if word in _TZINFOS else "?"


def _clock(time: str | None, am_pm: str | None) -> tuple[int | None, int, int]:
    """(hour, minute, second) of a clock time; hour None for one dateutil must read (13:05 pm)."""
    if time is None:
        return 0, 0, 0
    found = _CLOCK.fullmatch(time)
    assert found is not None
    hour, minute, second = int(found[1]), int(found[2]), int(found[3] or 0)
    if am_pm is not None:
        if not 1 <= hour <= 12:
            return None, 0, 0
        hour = hour % 12 + (12 if am_pm.lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None, 0, 0
    return hour, minute, second


def _zone(name: str | None) -> tzinfo | None:
    found = _TZINFOS.get(name) if name else None
    return timezone(timedelta(seconds=found)) if isinstance(found, int) else found


def _tidy(text: str) -> str:
    """The date text as dateutil reads it best. Each substitution is tried only where the characters it
    needs are there (a quick `in` first: most date texts need few of them)."""
    text = _PREFIX.sub("", text.strip())
    if "." in text:
        text = _MONTH_DOT.sub(r"\1 ", _AM_PM.sub(r"\1m", text))
    if any(suffix in text.casefold() for suffix in ("st", "nd", "rd", "th")):  # casefold: "ſ" is an "s" to (?i)
        text = _ORDINAL.sub("", text)
    if "." in text or "h" in text:
        text = _DOTTED_TIME.sub(r"\1:\2", text)
    if "at" in text or any(char in text for char in _SEPARATOR_CHARS):
        text = _SEPARATORS.sub(" ", text)
    return " ".join(text.replace(",", " ").split())
