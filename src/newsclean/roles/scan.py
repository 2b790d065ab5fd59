"""Fast forms of the phrase rules' tests, each giving exactly the answer of the plain one (a regex per rule
and line), at a fraction of the cost: the per-call and per-alternative costs of those regexes were most
of the text path's time.

- `PrefixIndex`: the `prefix` phrases of many rules, looked up by the key's first characters instead of one
  alternation of every phrase tried at the line's start;
- `LiteralFinder`: the lines of a document that hold one of a `contains` rule's phrases, found by one
  Aho-Corasick pass (ahocorasick-rs) over the document's folded lines for every rule at once, instead of a
  substring test per phrase and line; only those lines are matched against the rule.

tests/test_speed_identity.py checks both against the plain tests.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate

import ahocorasick_rs


def is_word_char(text: str, index: int) -> bool:
    """Whether `text[index]` exists and is a `\\w` character (alphanumeric or `_`)."""
    char = text[index : index + 1]
    return char.isalnum() or char == "_"


class PrefixIndex:
    """Which of several rules' prefix phrases a line (its key) starts with: the first rule, in order, with
    a phrase that the key starts with, followed by a non-word character where the phrase ends in an
    alphanumeric one. Phrases are indexed by their first INDEX_CHARS characters (a slice and a dictionary
    lookup per key); the few shorter ones are tried on every key."""

    INDEX_CHARS = 3

    def __init__(self, rules: Iterable[tuple[int, Iterable[str]]]) -> None:
        self.by_start: dict[str, list[tuple[int, str]]] = {}
        self.unindexed: list[tuple[int, str]] = []
        for index, phrases in rules:
            for phrase in phrases:
                if len(phrase) >= self.INDEX_CHARS:  # a key starting with the phrase starts as it does
                    self.by_start.setdefault(phrase[: self.INDEX_CHARS], []).append((index, phrase))
                else:
                    self.unindexed.append((index, phrase))
        self.empty = not self.by_start and not self.unindexed

    def first_rule(self, key: str, none: int) -> int:
        """The index of the first rule with a phrase `key` starts with; `none` when there is none."""
        best = none
        for entries in (self.by_start.get(key[: self.INDEX_CHARS], ()), self.unindexed):
            for index, phrase in entries:
                if index < best and key.startswith(phrase) and not _runs_on(key, phrase):
                    best = index
        return best


def _runs_on(key: str, phrase: str) -> bool:
    """A phrase ending in an alphanumeric character matches whole words only: the key must not go on
    with a word character right after it."""
    return phrase[-1:].isalnum() and is_word_char(key, len(phrase))


class LiteralFinder:
    """Every phrase of several `contains` rules (folded) in one Aho-Corasick automaton."""

    def __init__(self, rules: Iterable[tuple[int, Iterable[str]]]) -> None:
        owners: dict[str, set[int]] = {}
        for index, phrases in rules:
            for phrase in phrases:
                owners.setdefault(phrase, set()).add(index)
        phrases = list(owners)
        self.owners = [frozenset(owners[phrase]) for phrase in phrases]  # by the automaton's phrase index
        self.automaton = ahocorasick_rs.AhoCorasick(phrases, matchkind=_EVERY_MATCH) if phrases else None

    def candidates(self, folded_lines: Sequence[str]) -> dict[int, set[int]]:
        """rule index -> the numbers of the lines holding one of its phrases."""
        found: dict[int, set[int]] = {}
        if self.automaton is None:
            return found
        text = "\n".join(folded_lines)
        starts = list(accumulate((len(line) + 1 for line in folded_lines[:-1]), initial=0))
        for phrase, start, _end in self.automaton.find_matches_as_indexes(text, overlapping=True):
            line = bisect_right(starts, start) - 1
            for index in self.owners[phrase]:
                found.setdefault(index, set()).add(line)
        return found


# Every occurrence of every phrase, overlapping ones included (the classic automaton's answer); the
# indexes it reports count characters, not bytes.
_EVERY_MATCH = ahocorasick_rs.MatchKind.Standard


_ESCAPE = re.compile(r"\\.")
_UPPER = re.compile(r"[A-Z]")


class PatternGroup:
    """Patterns tried together, as one alternation. On an ASCII line, the patterns that ignore case and
    are written in lower case (`(?i)...`) run without the flag over the lowered line: sre's
    case-insensitive matching costs twice to four times as much, and on ASCII text the two agree (no
    ASCII letter has another case variant than its other case, and lowering keeps every position)."""

    def __init__(self, patterns: Sequence[str]) -> None:
        lowered = [p[4:] for p in patterns if _lower_case_insensitive(p)]
        rest = [p for p in patterns if not _lower_case_insensitive(p)]
        self.every = _alternation(patterns)
        self.lowered = _alternation(lowered) if lowered else None
        self.rest = _alternation(rest) if rest else None

    def match_in(self, line: str, lowered: str | None) -> bool:
        """Whether one of the patterns matches at the line's start, given the line's lower case when it is
        ASCII (None when it is not)."""
        if lowered is None:
            return self.every.match(line) is not None
        return (self.lowered is not None and self.lowered.match(lowered) is not None) or (
            self.rest is not None and self.rest.match(line) is not None
        )

    def search_in(self, line: str, lowered: str | None, start: int = 0) -> bool:
        """Whether one of the patterns matches from `start` on (lookbehinds still see what stands before),
        given the line's lower case as `match_in` does."""
        if lowered is None:
            return self.every.search(line, start) is not None
        return (self.lowered is not None and self.lowered.search(lowered, start) is not None) or (
            self.rest is not None and self.rest.search(line, start) is not None
        )


def _lower_case_insensitive(pattern: str) -> bool:
    """A pattern that ignores case (a leading `(?i)`) and holds no upper-case letter outside escapes."""
    return pattern.startswith("(?i)") and _UPPER.search(_ESCAPE.sub("", pattern[4:])) is None


def _alternation(patterns: Sequence[str]) -> re.Pattern[str]:
    """The patterns as one regex, each a group of its own (a leading `(?i)` scoped to it)."""
    return re.compile("|".join(f"(?i:{p[4:]})" if p.startswith("(?i)") else f"(?:{p})" for p in patterns))
