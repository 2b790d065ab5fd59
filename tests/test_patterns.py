"""No rule's regular expression may backtrack for long on a hostile line: every pattern is fed long runs
of the characters it matches, and 1 MB lines, with a generous bound (seconds, not milliseconds)."""

from __future__ import annotations

import time

import pytest

from newsclean.clean import clean_text
from newsclean.dates import is_date_line, parse_datetime
from newsclean.model import Article
from newsclean.roles import phrases
from newsclean.text.embed_lines import read_embed_line
from newsclean.text.features import ends_sentence, links, sentence_count, starts_list_item
from newsclean.text.tweets import parse_signature

BOUND_SECONDS = 3.0
MB = 1 << 20
KINDS = ("chrome", "promos", "related", "comments", "captions", "embeds")

HOSTILE = {
    "letters": "a" * MB,
    "capitals": "A" * MB,
    "spaces": "a " * (MB // 2),
    "words": "Word " * (MB // 5),
    "dashes": "-" * MB,
    "dots": "." * MB,
    "digits": "1" * MB,
    "handles": "(@" * (MB // 2),
    "slashes": "Ab/" * (MB // 3),
    "credit_tail": "x" * MB + " Getty Images",
    "name_agency": "Jane Doe/" * (MB // 9),
    "copyright": "©" + " a" * (MB // 2),
    "dates": "November 11, 2024 " * (MB // 18),
    "links": "https://t.co/" + "a" * MB,
    "emoji_quotes": "“😀" * (MB // 2),
}


def timed(function: object, line: str) -> float:
    started = time.perf_counter()
    function(line)  # type: ignore[operator]
    return time.perf_counter() - started


@pytest.mark.parametrize("kind", KINDS)
def test_phrase_rules_take_bounded_time_on_hostile_lines(kind: str) -> None:
    for rule in phrases.load(kind):
        for name, line in HOSTILE.items():
            assert timed(rule.matches, line) < BOUND_SECONDS, (rule.name, name)


@pytest.mark.parametrize(
    "function",
    [
        parse_signature,
        read_embed_line,
        is_date_line,
        parse_datetime,
        ends_sentence,
        links,
        sentence_count,
        starts_list_item,
    ],
)
def test_other_patterns_take_bounded_time_on_hostile_lines(function: object) -> None:
    for name, line in HOSTILE.items():
        assert timed(function, line) < BOUND_SECONDS, name


def test_a_whole_document_of_one_megabyte_lines_is_cleaned_in_bounded_time() -> None:
    text = "\n".join(["A Headline Over Long Lines", *HOSTILE.values(), "The last line is a sentence."])
    started = time.perf_counter()
    outcome = clean_text(text)
    assert time.perf_counter() - started < 20 * BOUND_SECONDS
    assert isinstance(outcome, Article)
    assert outcome.paragraphs[-1] == "The last line is a sentence."
