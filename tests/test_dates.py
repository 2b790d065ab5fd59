from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

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
