"""Phrase lists as data: one TOML file per kind of thing (chrome, promos, comments...), each table a
named rule. Loading compiles every list once into a matcher.

A table looks like

    [read_more]                 # rule name: <file>.<table>, e.g. promo.read_more
    role = "promo"              # optional; defaults to the file's top-level `role`
    match = "prefix"            # exact | prefix | contains | pattern
    phrases = ["READ MORE", "Read more:"]

`exact`, `prefix` and `contains` compare case-insensitively on `features.key(line)` (punctuation and
bullets trimmed at the ends); `pattern` entries are regular expressions searched in the raw line and
must not be able to backtrack (no nested quantifiers): tests/test_patterns.py feeds them hostile lines.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from re import _constants, _parser  # type: ignore[attr-defined]

from newsclean.roles.features import fold, key

_MATCH_KINDS = ("exact", "prefix", "contains", "pattern")
TAIL_CHARS = 400  # end-anchored patterns (credits, footers) never need to see more of a line than this


@dataclass(frozen=True, slots=True)
class PhraseRule:
    name: str
    role: str
    match: str
    phrases: tuple[str, ...]
    regex: re.Pattern[str] | None
    exact: frozenset[str]
    unless_sentence: bool = False  # the rule does not speak for a line that ends a sentence
    end_anchored: bool = False  # every pattern ends in `$` and matches fewer than TAIL_CHARS characters
    literals: tuple[str, ...] = ()  # `contains`: the folded phrases, for a quick substring test first
    # `pattern`: the patterns that start with `^` (tried at the line's start only: a search would try them
    # at every position) and the others (searched), each as one alternation; `regex` holds them all.
    at_start: re.Pattern[str] | None = None
    anywhere: re.Pattern[str] | None = None

    def matches(self, line: str) -> bool:
        if self.match == "exact":
            return key(line) in self.exact
        assert self.regex is not None
        if self.match == "pattern":  # end-anchored patterns only look at the line's end (lookbehinds see more)
            if self.at_start is not None and self.at_start.match(line) is not None:
                return True
            if self.anywhere is None:
                return False
            return self.anywhere.search(line, max(0, len(line) - TAIL_CHARS) if self.end_anchored else 0) is not None
        if self.match == "contains":
            folded = fold(line)
            return any(p in folded for p in self.literals) and self.regex.search(folded) is not None
        return self.regex.search(key(line)) is not None


def compile_rule(name: str, role: str, match: str, phrases: Iterable[str], unless_sentence: bool = False) -> PhraseRule:
    if match not in _MATCH_KINDS:
        raise ValueError(f"rule {name}: match must be one of {_MATCH_KINDS}, not {match!r}")
    items = tuple(phrases)
    regex: re.Pattern[str] | None = None
    at_start: re.Pattern[str] | None = None
    anywhere: re.Pattern[str] | None = None
    if match == "pattern":
        regex = re.compile("|".join(_scoped(p) for p in items))
        starting = [p for p in items if _starts_at_line_start(p)]
        others = [p for p in items if not _starts_at_line_start(p)]
        at_start = re.compile("|".join(_scoped(p) for p in starting)) if starting else None
        anywhere = re.compile("|".join(_scoped(p) for p in others)) if others else None
    elif match in ("prefix", "contains"):
        body = "|".join(_bounded(fold(p)) for p in sorted(items, key=len, reverse=True))
        regex = re.compile(f"^(?:{body})" if match == "prefix" else body)
    exact = frozenset(key(p) for p in items) if match == "exact" else frozenset()
    end_anchored = match == "pattern" and all(p.endswith("$") and not p.lstrip("(?i)").startswith("^") for p in items)
    literals = tuple(fold(p) for p in items) if match == "contains" else ()
    return PhraseRule(
        name, role, match, items, regex, exact, unless_sentence, end_anchored, literals, at_start, anywhere
    )


def _starts_at_line_start(pattern: str) -> bool:
    """Whether every match of the pattern starts at the line's start: its first top-level element is `^`
    (a top-level `|` would parse as one branch, not as `^`). `match` then finds what `search` finds."""
    parsed = _parser.parse(pattern)
    return len(parsed.data) > 0 and parsed.data[0] == (_constants.AT, _constants.AT_BEGINNING)


def _scoped(pattern: str) -> str:
    """A pattern as one alternative: a leading `(?i)` becomes a scoped `(?i:...)` group."""
    if pattern.startswith("(?i)"):
        return f"(?i:{pattern[4:]})"
    return f"(?:{pattern})"


def _bounded(phrase: str) -> str:
    """A literal phrase that matches whole words only where it starts or ends with a word character."""
    before = r"(?<!\w)" if phrase[:1].isalnum() else ""
    after = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return f"{before}{re.escape(phrase)}{after}"


@cache
def read_file(kind: str) -> dict[str, object]:
    """The parsed `phrases/<kind>.toml`."""
    text = resources.files("newsclean.roles").joinpath("phrases").joinpath(f"{kind}.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def load(kind: str) -> tuple[PhraseRule, ...]:
    """The phrase rules of `phrases/<kind>.toml` (tables with `phrases`), in file order, each named
    `<role>.<table>`."""
    data = read_file(kind)
    default_role = str(data.get("role", kind))
    tables = (
        (table, spec, spec.get("role", default_role))
        for table, spec in data.items()
        if isinstance(spec, dict) and "phrases" in spec
    )
    return tuple(
        compile_rule(
            f"{role}.{table}", role, spec.get("match", "exact"), spec["phrases"], bool(spec.get("unless_sentence"))
        )
        for table, spec, role in tables
    )


def first_match(rules: Iterable[PhraseRule], line: str) -> PhraseRule | None:
    return next((rule for rule in rules if rule.matches(line)), None)


def rule_named(kind: str, name: str) -> PhraseRule:
    """One rule of `phrases/<kind>.toml` by its full name, for passes that apply it in context."""
    for rule in load(kind):
        if rule.name == name:
            return rule
    raise KeyError(f"{kind}: no rule {name}")


class RuleSet:
    """Rules matched together, in order: the first rule that matches a line wins. Exact rules are one
    dictionary lookup and prefix rules one anchored alternation (tried in rule order); only `contains`
    and `pattern` rules are searched one by one."""

    def __init__(self, rules: Iterable[PhraseRule]) -> None:
        self.rules = tuple(rules)
        self._exact: dict[str, int] = {}
        for index, rule in enumerate(self.rules):
            for phrase in rule.exact:
                self._exact.setdefault(phrase, index)
        prefixes = [(i, r) for i, r in enumerate(self.rules) if r.match == "prefix"]
        alternatives = "|".join(f"(?P<r{i}>{r.regex.pattern[1:]})" for i, r in prefixes if r.regex is not None)
        self._prefix = re.compile(f"^(?:{alternatives})") if prefixes else None
        self._searched = tuple(i for i, r in enumerate(self.rules) if r.match in ("contains", "pattern"))

    def first_match(self, line: str, ends_sentence: bool) -> PhraseRule | None:
        rules = self.rules
        line_key = key(line)
        best = self._exact.get(line_key, len(rules))
        if self._prefix is not None and (found := self._prefix.search(line_key)) and found.lastgroup:
            best = min(best, int(found.lastgroup[1:]))
        for index in self._searched:
            if index >= best:
                break
            rule = rules[index]
            if not (rule.unless_sentence and ends_sentence) and rule.matches(line):
                return rule
        return rules[best] if best < len(rules) else None
