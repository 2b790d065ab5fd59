from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newsclean import dates
from newsclean.dates import is_date_line, parse_date, parse_datetime


@pytest.mark.parametrize(
    ("line", "utc"),
    [
        ("Nov.12 - 2024 9:02 AM CET", datetime(2024, 11, 12, 8, 2, tzinfo=UTC)),
        ("Published 12 March 2023, 14:05 GMT", datetime(2023, 3, 12, 14, 5, tzinfo=UTC)),
        ("2023-03-14T09:30:00+02:00", datetime(2023, 3, 14, 7, 30, tzinfo=UTC)),
        ("March 14, 2023 5:30 PM EDT", datetime(2023, 3, 14, 21, 30, tzinfo=UTC)),
        ("Mon 13 Mar 2023 18.30 GMT", datetime(2023, 3, 13, 18, 30, tzinfo=UTC)),
        ("Posted on March 3rd, 2023 at 5:30 pm EST", datetime(2023, 3, 3, 22, 30, tzinfo=UTC)),
        ("Updated: Tuesday 14 Mar 2023", datetime(2023, 3, 14, tzinfo=UTC)),
        ("14 March 2023 • 9:02pm AEDT", datetime(2023, 3, 14, 10, 2, tzinfo=UTC)),
    ],
)
def test_date_lines_parse_to_utc(line: str, utc: datetime) -> None:
    assert is_date_line(line)
    assert parse_datetime(line) == utc


@pytest.mark.parametrize(
    "line",
    [
        "The war began on 24 February 2022.",
        "Mayor says March 2023 budget will pass",
        "November",
        "By Jane Doe, March 3, 2023 and other things that are not dates at all",
    ],
)
def test_sentences_mentioning_dates_are_not_date_lines(line: str) -> None:
    assert not is_date_line(line)


def test_parse_date_reads_the_calendar_day() -> None:
    assert parse_date("November 11, 2024") == date(2024, 11, 11)


# --- the fast reading of common shapes gives dateutil's answer -----------------------------------------------

from dateutil import parser as dateutil_parser  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from newsclean.dates import _DEFAULT, _TZINFOS, NOT_SIMPLE, parse_simple  # noqa: E402
from tests.conftest import examples  # noqa: E402

MONTH_WORDS = "Jan January feb FEBRUARY Mar March Apr April May Jun June Jul July Aug August Sep Sept September".split()
date_word = st.one_of(
    st.sampled_from(MONTH_WORDS + "Oct October Nov November Dec December".split()),
    st.sampled_from("Mon Monday tue Tuesday Wed Thursday Fri Sat Sunday".split()),
    st.integers(0, 40).map(str),
    st.sampled_from(["00", "07", "012", "1999", "2024", "2100", "0099", "20245"]),
    st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 25), st.integers(0, 61)),
    st.builds(lambda h, m, s: f"{h}:{m:02d}:{s:02d}", st.integers(0, 24), st.integers(0, 59), st.integers(0, 61)),
    st.sampled_from(["am", "pm", "AM", "PM", "a", "p"]),
    st.sampled_from([*_TZINFOS, "et", "Zulu", "XYZ"]),
)


def dateutil_reading(text: str) -> datetime | None:
    try:
        return dateutil_parser.parse(text, tzinfos=_TZINFOS, fuzzy=False, default=_DEFAULT)
    except (ValueError, OverflowError, TypeError):
        return None


def same_reading(ours: datetime | None, theirs: datetime | None) -> bool:
    if ours is None or theirs is None:
        return ours is theirs
    if (ours.tzinfo is None) != (theirs.tzinfo is None):
        return False
    return (
        ours == theirs
        and ours.utcoffset() == theirs.utcoffset()
        and ours.replace(tzinfo=None) == theirs.replace(tzinfo=None)
    )


@settings(max_examples=examples(3000), deadline=None)
@given(st.lists(date_word, min_size=3, max_size=7))
def test_the_simple_shapes_read_as_dateutil_reads_them(words: list[str]) -> None:
    text = " ".join(words)
    ours = parse_simple(text)
    if ours is not NOT_SIMPLE:
        assert same_reading(ours, dateutil_reading(text)), (text, ours, dateutil_reading(text))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "3:03 ET November 11 2019",
        "July 14 2024 9:15 pm",
        "12 March 2024 14:05 GMT",
        "Tuesday 12 Nov 2024",
        "12:30 am June 3 2020",
        "June 3 2020 5:30 PM CET",
        "November 31 2024",
        "March 8 2026 2:30 ET",
    ],
)
def test_common_date_shapes_are_read_without_dateutil(text: str) -> None:
    ours = parse_simple(text)
    assert ours is not NOT_SIMPLE
    assert same_reading(ours, dateutil_reading(text))  # type: ignore[arg-type]


shaped = st.builds(
    lambda weekday, day_first, month, day, year, clock, am_pm, zone, clock_first: " ".join(
        part
        for part in (
            *((clock, am_pm, zone) if clock_first else ()),
            weekday,
            *((day, month) if day_first else (month, day)),
            year,
            *(() if clock_first else (clock, am_pm, zone)),
        )
        if part
    ),
    st.sampled_from(["", "Monday", "tue", "Sat"]),
    st.booleans(),
    st.sampled_from(MONTH_WORDS),
    st.integers(0, 32).map(str),
    st.sampled_from(["1999", "2024", "2023", "2100", "1900", "0001"]),
    st.one_of(st.just(""), st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 24), st.integers(0, 60))),
    st.sampled_from(["", "", "am", "pm", "PM"]),
    st.sampled_from(["", "", *_TZINFOS]),
    st.booleans(),
)


@settings(max_examples=examples(3000), deadline=None)
@given(shaped)
def test_dates_built_in_the_simple_shapes_read_as_dateutil_reads_them(text: str) -> None:
    ours = parse_simple(text)
    if ours is not NOT_SIMPLE:
        assert same_reading(ours, dateutil_reading(text)), (text, ours, dateutil_reading(text))  # type: ignore[arg-type]


def reference_tidy(text: str) -> str:
    """_tidy's plain definition: every substitution, always."""
    from newsclean import dates

    text = dates._PREFIX.sub("", text.strip())
    text = dates._AM_PM.sub(r"\1m", text)
    text = dates._MONTH_DOT.sub(r"\1 ", text)
    text = dates._ORDINAL.sub("", text)
    text = dates._DOTTED_TIME.sub(r"\1:\2", text)
    text = dates._SEPARATORS.sub(" ", text)
    return " ".join(text.replace(",", " ").split())


@settings(max_examples=examples(3000), deadline=None)
@given(
    st.lists(
        st.one_of(
            date_word,
            st.sampled_from(["Published", "updated:", "at", "-", "–", "|", "•", "a.m.", "P.M", "Nov.", "3rd", "21ST"]),
            st.sampled_from(["5ſt", "9.30", "9h30", "12.5.2024", ",", "  "]),
        ),
        max_size=8,
    ).map(" ".join)
)
def test_tidy_tries_a_substitution_only_where_it_can_change_the_text(text: str) -> None:
    from newsclean.dates import _tidy

    assert _tidy(text) == reference_tidy(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 March", True),
        ("Sunday", True),
        ("am 3. Mai", True),
        ("Mai", True),
        ("the Foreign Desk", False),
        ("", False),
    ],
)
def test_may_name_a_date_is_false_only_where_the_parser_finds_none(text: str, expected: bool) -> None:
    assert dates.may_name_a_date(text) is expected
    if not expected:
        assert dates.parse_date(text) is None
