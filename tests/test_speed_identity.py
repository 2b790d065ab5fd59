"""The speed-ups of the text path, and of the HTML path's extractor verdicts, give the same results as the
plain, line-by-line definitions."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.arrays import distinct, distinct_counts
from newsclean.html.evidence import GRAM, Extracted
from newsclean.normalise import _LINE_BREAKS, _settle_line, normalise_line, normalise_text
from newsclean.roles import phrases
from newsclean.roles.line_features import Words
from newsclean.roles.lines import line_rules
from newsclean.text.features import ends_sentence, fold, key, line_fold, line_key, word_count
from newsclean.text.stopwords import content_words, count_stopwords, spaceless_words, split_words, stopwords
from tests.conftest import RAW, examples

TRICKY = "aZ .,&;#\n\r\t\u00a0\u200b\u00ad\u2028\u0085\x0b\x1c\ufeffÂÃ€™©œ\u0301\u00e9eÅ"
KINDS = ("chrome", "promos", "related", "comments", "captions", "embeds")


def reference_normalise(text: str) -> str:
    return "\n".join(_settle_line(line) for line in _LINE_BREAKS.sub("\n", text).split("\n"))


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
                if rule.end_anchored and rule.tail_chars == phrases.TAIL_CHARS:  # a pattern without a longest match
                    whole = rule.regex.search(line, max(0, len(line) - phrases.TAIL_CHARS)) is not None
                assert rule.matches(line) == whole, (rule.name, line)


def reference_first_rule(rules: tuple[phrases.PhraseRule, ...], line: str) -> phrases.PhraseRule | None:
    """The plain definition: the first rule, in order, whose own test matches the line."""
    ends = ends_sentence(line)
    return next(
        (r for r in rules if not (r.unless_sentence and ends) and r.within_sentences(line) and r.matches(line)), None
    )


def _phrase_lines() -> list[str]:
    """Every phrase of the line rules, as written and lower-cased, with words before and after."""
    found = []
    for rule in line_rules().rules:
        if rule.match == "pattern":
            continue
        for phrase in rule.phrases:
            found += [
                phrase,
                phrase.lower(),
                f"{phrase} the council",
                f"Mr Li said {phrase}.",
                f"{phrase}x",
                f"_{phrase}",
            ]
    return found


PHRASE_LINES = [normalise_text(line) for line in _phrase_lines()]
line_pieces = st.one_of(
    st.sampled_from(PHRASE_LINES),
    st.sampled_from(LINES),
    st.text(alphabet=st.sampled_from(TRICKY + "PpSs:|©(cC)0123 "), max_size=30),
)
document_lines = st.lists(
    st.lists(line_pieces, min_size=1, max_size=3).map(lambda parts: " ".join(parts).strip()), min_size=1, max_size=12
)


@settings(max_examples=examples(600), deadline=None)
@given(document_lines)
def test_phrase_rules_on_a_document_give_each_line_its_first_matching_rule(lines: list[str]) -> None:
    lines = [line for line in (normalise_text(text) for text in lines) if line and "\n" not in line]
    rules = line_rules()
    found = rules.match_lines(lines)
    assert found == [reference_first_rule(rules.rules, line) for line in lines]


def test_every_phrase_is_found_by_the_fast_forms() -> None:
    rules = line_rules()
    found = rules.match_lines(PHRASE_LINES)
    assert found == [reference_first_rule(rules.rules, line) for line in PHRASE_LINES]
    assert sum(rule is not None for rule in found) > len(PHRASE_LINES) / 3  # the test sees matches


@settings(max_examples=examples(2000), deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY + "AbC’“”ﬁ½Ⅻ "), max_size=80))
def test_normalised_lines_fold_and_count_as_any_text_does(text: str) -> None:
    for line in normalise_text(text).split("\n"):
        assert line_fold(line) == fold(line)
        assert line_key(line) == key(line)
        assert word_count(line) == len(spaceless_words(line.split()))  # spaces, or pairs of Chinese characters


PATTERN_RULES = [rule for kind in KINDS for rule in phrases.load(kind) if rule.match == "pattern"]
mixed_case_line = st.one_of(
    st.sampled_from(LINES).map(lambda line: line.swapcase()),
    st.sampled_from(PHRASE_LINES + LINES).flatmap(
        lambda line: st.lists(st.booleans(), min_size=len(line), max_size=len(line)).map(
            lambda ups: "".join(c.upper() if up else c.lower() for c, up in zip(line, ups, strict=True))
        )
    ),
    st.text(alphabet=st.sampled_from("GgEeTtYyIiMmAaSsPpDdFfKkBb/|()©-: .,0123ſKİı"), max_size=40),
)


@settings(max_examples=examples(1500), deadline=None)
@given(mixed_case_line)
def test_pattern_groups_match_as_their_plain_alternation(line: str) -> None:
    lowered = line.lower() if line.isascii() else None  # what the rules hand over with an ASCII line
    for rule in PATTERN_RULES:
        for group in (rule.at_start, rule.anywhere):
            if group is not None:
                assert group.match_in(line, lowered) == (group.every.match(line) is not None), (rule.name, line)
                assert group.search_in(line, lowered) == (group.every.search(line) is not None), (rule.name, line)


def test_ascii_texts_hold_candidates_exactly_where_the_candidate_class_finds_one() -> None:
    from newsclean.normalise import _FTFY_CANDIDATES, _has_candidates

    for char in map(chr, range(0x80)):
        for text in (char, f"plain {char} text", f"{char}\n{char}"):
            assert _has_candidates(text) == (_FTFY_CANDIDATES.search(text) is not None), repr(char)


def test_ends_sentence_strips_closers_as_the_plain_loop_did() -> None:
    from itertools import product

    from newsclean.text.features import _CLOSER_CHARS, _SENTENCE_END

    def plain(text: str) -> bool:
        end = text.rstrip()
        while end and end[-1] in _CLOSER_CHARS:
            end = end[:-1]
        return bool(end) and end[-1] in _SENTENCE_END

    alphabet = "a.!?…\"'”’)] \t\u00a0*»"
    for size in range(1, 5):
        for chars in product(alphabet, repeat=size):
            assert ends_sentence("".join(chars)) == plain("".join(chars)), chars


def _badness_alphabet() -> list[str]:
    """Every character of ftfy's mojibake categories (ranges written "a-z" expanded), the Latin letters
    and some ASCII around them."""
    from ftfy.badness import MOJIBAKE_CATEGORIES

    chars = set("aZ .,?!") | {chr(c) for c in range(0x80, 0x250)}
    for category in MOJIBAKE_CATEGORIES.values():
        for found in re.finditer(r"(.)-(.)|(.)", category, re.DOTALL):
            start, end, single = found.groups()
            chars.update(map(chr, range(ord(start), ord(end) + 1)) if single is None else single)
    return sorted(chars)


BADNESS_ALPHABET = _badness_alphabet()


def test_the_mojibake_signs_pass_every_pair_of_characters_ftfy_calls_bad() -> None:
    from ftfy.badness import is_bad

    from newsclean.normalise import may_be_bad

    bad = 0
    for first in BADNESS_ALPHABET:
        for second in BADNESS_ALPHABET:
            pair = first + second
            if is_bad(pair):
                bad += 1
                assert may_be_bad(pair), pair
    assert bad > 1000  # the pairs hold plenty of mojibake


@settings(max_examples=examples(3000), deadline=None)
@given(st.text(alphabet=st.sampled_from(BADNESS_ALPHABET), min_size=1, max_size=8))
def test_the_mojibake_signs_pass_every_text_ftfy_calls_bad(text: str) -> None:
    from ftfy.badness import is_bad

    from newsclean.normalise import may_be_bad

    assert may_be_bad(text) == is_bad(text)


@settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY), max_size=60))
def test_normalise_line_equals_its_plain_definition(text: str) -> None:
    assert normalise_line(text) == _settle_line(text)


def test_a_full_memo_starts_again_without_losing_a_document_s_answers(monkeypatch) -> None:
    from newsclean.roles import phrases as phrases_module

    monkeypatch.setattr(phrases_module, "MEMO_LINES", 3)
    rules = phrases_module.RuleSet(line_rules().rules)
    first = ["Advertisement", "Share this article", "The council met on Monday."]
    assert rules.match_lines(first) == [reference_first_rule(rules.rules, line) for line in first]
    second = [*first, "Leave a Reply", "Back to top", "Residents welcomed the plan."]  # overfills the memo
    assert rules.match_lines(second) == [reference_first_rule(rules.rules, line) for line in second]


STOPWORD_ALPHABET = TRICKY + "the and of der die und le la é_9-'’ßü"


@settings(max_examples=examples(2000), deadline=None)
@given(st.text(alphabet=st.sampled_from(STOPWORD_ALPHABET), max_size=80))
def test_function_words_count_as_the_plain_word_pattern_finds_them(text: str) -> None:
    folded = line_fold(text)
    plain = sum(word in stopwords() for word in re.findall(r"\w+", folded))
    assert count_stopwords(folded) == plain


def test_function_words_are_counted_in_ascii_and_other_lines() -> None:
    assert count_stopwords("the cat_and the-dog, of 9 and") == 4  # "cat_and" is one word, "the-dog" two
    assert count_stopwords("über die straße und der weg") == 4


@settings(max_examples=examples(2000), deadline=None)
@given(st.text(alphabet=st.sampled_from(STOPWORD_ALPHABET), max_size=80))
def test_words_are_split_as_the_plain_word_pattern_splits_them(text: str) -> None:
    folded = line_fold(text)
    assert split_words(folded) == re.findall(r"\w+", folded)


@given(st.lists(st.integers(-3, 40), max_size=300))
def test_distinct_values_and_their_counts_are_numpy_s_unique(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    found, counts = distinct_counts(array)
    expected, expected_counts = np.unique(array, return_counts=True)
    assert distinct(array).tolist() == found.tolist() == expected.tolist()
    assert counts.tolist() == expected_counts.tolist()


@settings(max_examples=examples(1000), deadline=None)
@given(
    st.lists(st.sampled_from("a b c d e".split()), max_size=40),
    st.lists(st.sampled_from("a b c d e".split()), max_size=12),
)
def test_a_block_s_partial_share_is_the_plain_share_of_its_word_4_grams_the_text_holds(
    text: list[str], block: list[str]
) -> None:
    extracted = Extracted.of(" ".join(text))
    grams = [" ".join(block[i : i + GRAM]) for i in range(len(block) - GRAM + 1)]
    plain = sum(g in extracted.grams for g in grams) / len(grams) if grams else 0.0
    assert extracted.partial_share(" ".join(block)) == plain


def reference_cohesion(lines: list[str], inside: list[bool]) -> list[float]:
    """The plain definition: the share of a line's content words that another line inside uses."""
    words = [set(content_words(spaceless_words(split_words(line_fold(line))))) for line in lines]
    if not any(inside):
        return [-1.0] * len(lines)
    out = []
    for n, own in enumerate(words):
        others = set().union(*(w for m, w in enumerate(words) if inside[m] and m != n))
        out.append(len(own & others) / len(own) if own else -1.0)
    return out


LINE_WORDS = [
    "storm",
    "coast",
    "town",
    "the",
    "of",
    "2024",
    "ab",
    "Café",
    "menu",
    "news",
    "fled",
    "x",
    "寒流報到",
    "已將",
]


@settings(max_examples=examples(500), deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(LINE_WORDS), max_size=8).map(" ".join), min_size=1, max_size=12),
    st.data(),
)
def test_cohesion_is_the_plain_share_of_words_other_lines_inside_use(lines: list[str], data: st.DataObject) -> None:
    inside = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    rows = sorted(data.draw(st.sets(st.integers(0, len(lines) - 1), min_size=1)))
    found = Words.of([spaceless_words(split_words(line_fold(line))) for line in lines])
    assert found.cohesion(np.array(inside)).tolist() == pytest.approx(reference_cohesion(lines, inside))
    subset = found.of_rows(np.array(rows)).cohesion(np.array([inside[n] for n in rows]))
    assert subset.tolist() == pytest.approx(reference_cohesion([lines[n] for n in rows], [inside[n] for n in rows]))


def test_without_the_private_internals_every_trick_falls_back_to_the_plain_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """newsclean.text.internals is the one place that reads re's parser and ftfy's badness regex; without
    them (another Python, another ftfy) each trick gives way to the plain form: patterns searched over the
    whole line, every line through ftfy's badness check. The pattern rules then fire on the same lines."""
    from newsclean.roles import phrases
    from newsclean.text import internals

    assert internals.starts_at_line_start(r"^Photo: .+") and internals.ends_at_line_end(r"\(AP\)$")
    assert internals.longest_match(r"ab{2,5}") == 6 and internals.mojibake_signs() is not None
    kinds = ("captions", "chrome", "promos", "comments", "related", "embeds")
    patterns = [p for kind in kinds for rule in phrases.load(kind) if rule.match == "pattern" for p in rule.phrases]
    seed_lines = [line for path in sorted(RAW.glob("*.txt")) for line in path.read_text().splitlines() if line]
    lines = [*seed_lines, "Photo: Reuters", "Text and photos (AP)", "This sentence ends in AP."]

    def verdicts() -> list[list[bool]]:  # each pattern a rule of its own: the end-anchored ones cut lines
        rules = [phrases.compile_rule("x.y", "chrome", "pattern", [p]) for p in patterns]
        return [[rule.matches(line) for line in lines] for rule in rules]

    with_tricks = verdicts()
    assert any(phrases.compile_rule("x.y", "chrome", "pattern", [p]).end_anchored for p in patterns)
    monkeypatch.setattr(internals, "_parser", None)
    monkeypatch.setattr(internals, "BADNESS_RE", None)
    assert not internals.starts_at_line_start(r"^Photo: .+") and not internals.ends_at_line_end(r"\(AP\)$")
    assert internals.longest_match(r"ab{2,5}") is None and internals.mojibake_signs() is None
    assert not any(phrases.compile_rule("x.y", "chrome", "pattern", [p]).end_anchored for p in patterns)
    assert verdicts() == with_tricks
    assert any(map(any, with_tricks)), "some pattern fires on some line"
