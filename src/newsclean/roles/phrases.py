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

from newsclean.roles.features import fold, key

_MATCH_KINDS = ("exact", "prefix", "contains", "pattern")


@dataclass(frozen=True, slots=True)
class PhraseRule:
    name: str
    role: str
    match: str
    phrases: tuple[str, ...]
    regex: re.Pattern[str] | None
    exact: frozenset[str]

    def matches(self, line: str) -> bool:
        if self.match == "exact":
            return key(line) in self.exact
        if self.match == "pattern":
            assert self.regex is not None
            return self.regex.search(line) is not None
        assert self.regex is not None
        return self.regex.search(key(line) if self.match == "prefix" else fold(line)) is not None


def compile_rule(name: str, role: str, match: str, phrases: Iterable[str]) -> PhraseRule:
    if match not in _MATCH_KINDS:
        raise ValueError(f"rule {name}: match must be one of {_MATCH_KINDS}, not {match!r}")
    items = tuple(phrases)
    regex: re.Pattern[str] | None = None
    if match == "pattern":
        regex = re.compile("|".join(_scoped(p) for p in items))
    elif match in ("prefix", "contains"):
        body = "|".join(_bounded(fold(p)) for p in sorted(items, key=len, reverse=True))
        regex = re.compile(f"^(?:{body})" if match == "prefix" else body)
    return PhraseRule(
        name, role, match, items, regex, frozenset(key(p) for p in items) if match == "exact" else frozenset()
    )


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
        compile_rule(f"{role}.{table}", role, spec.get("match", "exact"), spec["phrases"])
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
