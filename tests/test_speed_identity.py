"""The speed-ups of the text path give the same results as the plain, line-by-line definitions."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.normalise import _LINE_BREAKS, normalise_line, normalise_text
from newsclean.roles import phrases
from tests.conftest import examples

TRICKY = "aZ .,&;#\n\r\t\u00a0\u200b\u00ad\u2028\u0085\x0b\x1c\ufeffÂÃ€™©œ\u0301\u00e9eÅ"
KINDS = ("chrome", "promos", "related", "comments", "captions", "embeds")


def reference_normalise(text: str) -> str:
    return "\n".join(normalise_line(line) for line in _LINE_BREAKS.sub("\n", text).split("\n"))


CASES = [
    "",
    "plain ascii\nline two",
    "  spaced \u00a0 out\u200b  \n\n\tTabbed\x0bline ",
    "Caf\u00c3\u00a9 mojibake\nand fine",
    "Fish &amp; chips&nbsp;now",
    "a\u00c2\u00a0b  \u00c2 c",
    "e\u0301 combining\ne\u0301",
    "line\u2028break\r\nand\rmore\x85end",
    "\ufeffBOM line\n\u00ad soft hyphen",
    "smart \u201cquotes\u201d \u2019 stay",
]


def test_normalise_text_equals_line_by_line_on_chosen_cases() -> None:
    for text in CASES:
        assert normalise_text(text) == reference_normalise(text), text


@settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY), max_size=60))
def test_normalise_text_equals_line_by_line(text: str) -> None:
    assert normalise_text(text) == reference_normalise(text)
    assert unicodedata.is_normalized("NFC", normalise_text(text))


LINES = [
    "Copyright 2024 Example News",
    "© Example News",
    "All rights reserved.",
    "5 min read",
    "Reading time: 4 minutes",
    "dpa/lnw",
    "Source: AP",
    "EXAMPLENEWS.COM",
    "The minister spoke (Photo: Jane Doe)",
    "Annual report (PDF, 2.4 MB)",
    "{{ title }}",
    "He said copyright 2024 is over",
    "12 Comments",
    "x" * 500 + " Getty Images",
]


def test_pattern_rules_match_as_their_whole_regex_searches() -> None:
    for kind in KINDS:
        for rule in phrases.load(kind):
            if rule.match != "pattern":
                continue
            assert rule.regex is not None
            for line in LINES:
                whole = rule.regex.search(line) is not None
                if rule.end_anchored:
                    whole = rule.regex.search(line, max(0, len(line) - phrases.TAIL_CHARS)) is not None
                assert rule.matches(line) == whole, (rule.name, line)
