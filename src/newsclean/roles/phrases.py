r"""Phrase lists as data: one TOML file per kind of thing (chrome, promos, comments...), each table a
named rule. Loading compiles every list once into a matcher.

A table looks like

    [read_more]                 # rule name: <file>.<table>, e.g. promo.read_more
    role = "promo"              # optional; defaults to the file's top-level `role`
    match = "prefix"            # exact | prefix | contains | pattern
    phrases = ["READ MORE", "Read more:"]
    languages = ["en"]          # optional: applied only to documents in these languages (ISO 639-1) or
                                # of unknown language; without it, to every document

`exact`, `prefix` and `contains` compare case-insensitively on `features.key(line)` (punctuation and
bullets trimmed at the ends); `pattern` entries are regular expressions searched in the raw line and
must not be able to backtrack (no nested quantifiers): tests/test_patterns.py feeds them hostile lines.
Lines are normalised, so no two white-space characters stand together: `\s?` matches what `\s*` would,
and keeps the longest match bounded. A pattern ending in `$` is then searched over the line's last
characters only, as many as its longest match spans.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from newsclean.roles import scan
from newsclean.text.features import TRIM, ends_sentence, fold, key, line_fold, sentence_count
from newsclean.text.internals import ends_at_line_end, longest_match, starts_at_line_start
from newsclean.vocab import table_rule

_MATCH_KINDS = ("exact", "prefix", "contains", "pattern")
# A RuleSet remembers the first matching rule of this many lines at most, of those no longer than
# MEMO_CHARS: the furniture that pages of one site repeat is short; long lines are body, rarely repeated.
MEMO_LINES = 50_000
MEMO_CHARS = 200
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
    max_sentences: int | None = None  # ... nor for a line of more sentences (a paragraph, not a caption)
    end_anchored: bool = False  # every pattern not anchored at the start ends in `$`
    literals: tuple[str, ...] = ()  # `contains`: the folded phrases, for a quick substring test first
    # `pattern`: the patterns that start with `^` (tried at the line's start only: a search would try them
    # at every position) and the others (searched), each as one alternation; `regex` holds them all.
    at_start: scan.PatternGroup | None = None
    anywhere: scan.PatternGroup | None = None
    # end-anchored: the longest match of those patterns (at most TAIL_CHARS): only the line's last characters
    # are searched
    tail_chars: int = TAIL_CHARS
    languages: frozenset[str] = frozenset()  # ISO 639-1 codes the rule speaks for; empty: every language
    # what fired on the lines this rule matched (short lines only), remembered: pages of one site repeat it
    fired_memo: dict[str, str | None] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def matches(self, line: str) -> bool:
        if self.match == "exact":
            return key(line) in self.exact
        assert self.regex is not None
        if self.match == "pattern":
            return self.matches_pattern(line, line.lower() if line.isascii() else None)
        if self.match == "contains":
            return self.holds(fold(line))
        return self.regex.search(key(line)) is not None

    def holds(self, folded: str) -> bool:
        """`contains`: whether the folded line holds one of the phrases as whole words."""
        assert self.regex is not None
        return any(p in folded for p in self.literals) and self.regex.search(folded) is not None

    def matches_pattern(self, line: str, lowered: str | None) -> bool:
        """`pattern`: whether one of the patterns matches, given the line's lower case when it is ASCII
        (None when it is not). Those anchored at the line's start are tried there; end-anchored ones are
        searched over the line's end only (their lookbehinds still see the characters before it)."""
        if self.at_start is not None and self.at_start.match_in(line, lowered):
            return True
        return self.anywhere is not None and self.anywhere.search_in(line, lowered, self.search_start(line))

    def search_start(self, line: str) -> int:
        """Where the search for the patterns not anchored at the start begins."""
        return max(0, len(line) - self.tail_chars) if self.end_anchored else 0

    def within_sentences(self, line: str) -> bool:
        """Whether the line holds no more sentences than the rule speaks for (asked of the lines it
        matched only: counting every line's sentences cost more than the rules)."""
        return self.max_sentences is None or sentence_count(line) <= self.max_sentences

    def applies_to(self, lang: str | None) -> bool:
        """Whether the rule speaks for a document in `lang`: a rule without `languages` speaks for every
        document, one with them for documents in those languages and those whose language is unknown."""
        return not self.languages or lang is None or lang in self.languages

    def fired(self, line: str) -> str | None:
        """What of the rule matched `line` (the phrase as written in its table, or the pattern), for
        `segments.matched`. Asked only for lines the rule did match, so the fast matching stays as it is;
        the answers for short lines are remembered."""
        memo = self.fired_memo
        if line in memo:
            return memo[line]
        found = _fired(self, line)
        if len(line) <= MEMO_CHARS:
            if len(memo) >= MEMO_LINES:
                memo.clear()
            memo[line] = found
        return found


def _fired(rule: PhraseRule, line: str) -> str | None:
    """The first phrase or pattern of `rule` that matches `line` on its own, by the rule's own test."""
    if rule.match == "exact":
        return next((p for p in rule.phrases if key(p) == key(line)), None)
    if rule.match == "pattern":
        return next((p for p in rule.phrases if _pattern_fires(p, line)), None)
    text = fold(line) if rule.match == "contains" else key(line)
    prefix = "^" if rule.match == "prefix" else ""
    return next((p for p in _longest_first(rule.phrases) if re.search(prefix + _bounded(fold(p)), text)), None)


def _pattern_fires(pattern: str, line: str) -> bool:
    """One pattern searched as its rule searches it: an end-anchored one over the line's end only."""
    regex, tail = _single_pattern(pattern)
    return regex.search(line, max(0, len(line) - tail) if tail else 0) is not None


@cache
def _single_pattern(pattern: str) -> tuple[re.Pattern[str], int | None]:
    """A pattern compiled alone, with how many of a line's last characters it is searched over (None: the
    whole line; only a pattern that ends at the line's end, and does not start at its start, is cut)."""
    if not starts_at_line_start(pattern) and ends_at_line_end(pattern):
        return re.compile(pattern), _tail_chars(pattern)
    return re.compile(pattern), None


def _longest_first(items: tuple[str, ...]) -> list[str]:
    """Phrases longest first, as a rule's alternation tries them: the longest phrase that matches fired."""
    return sorted(items, key=len, reverse=True)


def compile_rule(
    name: str,
    role: str,
    match: str,
    phrases: Iterable[str],
    unless_sentence: bool = False,
    languages: Iterable[str] = (),
    max_sentences: int | None = None,
) -> PhraseRule:
    if match not in _MATCH_KINDS:
        raise ValueError(f"rule {name}: match must be one of {_MATCH_KINDS}, not {match!r}")
    if max_sentences is not None and (
        match not in ("contains", "pattern") or not isinstance(max_sentences, int) or max_sentences < 1
    ):
        raise ValueError(f"rule {name}: max_sentences is a positive number, for contains and pattern rules")
    items = tuple(phrases)
    common = {"unless_sentence": unless_sentence, "languages": frozenset(languages), "max_sentences": max_sentences}
    if match == "pattern":
        return PhraseRule(name, role, match, items, **common, **_pattern_parts(items))
    if match == "exact":
        return PhraseRule(name, role, match, items, None, frozenset(key(p) for p in items), **common)
    body = "|".join(_bounded(fold(p)) for p in sorted(items, key=len, reverse=True))
    regex = re.compile(f"^(?:{body})" if match == "prefix" else body)
    literals = tuple(fold(p) for p in items) if match == "contains" else ()
    return PhraseRule(name, role, match, items, regex, frozenset(), literals=literals, **common)


def _pattern_parts(patterns: tuple[str, ...]) -> dict[str, Any]:
    """A pattern rule's compiled forms: all patterns as one regex, those anchored at the line's start
    (tried there only), the others (searched; when all end in `$`, only over the line's last characters
    that the longest match can span)."""
    starting = [p for p in patterns if starts_at_line_start(p)]
    others = [p for p in patterns if not starts_at_line_start(p)]
    end_anchored = bool(others) and all(ends_at_line_end(p) for p in others)
    return {
        "regex": re.compile("|".join(_scoped(p) for p in patterns)),
        "exact": frozenset(),
        "at_start": scan.PatternGroup(starting) if starting else None,
        "anywhere": scan.PatternGroup(others) if others else None,
        "end_anchored": end_anchored,
        "tail_chars": max(map(_tail_chars, others)) if end_anchored else TAIL_CHARS,
    }


def _tail_chars(pattern: str) -> int:
    """How many of a line's last characters an end-anchored pattern is searched over: its longest match,
    at most TAIL_CHARS (also when that is unknown)."""
    return min(TAIL_CHARS, longest_match(pattern) or TAIL_CHARS)


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
            table_rule(role, table),
            role,
            spec.get("match", "exact"),
            spec["phrases"],
            bool(spec.get("unless_sentence")),
            _languages(table, spec),
            spec.get("max_sentences"),
        )
        for table, spec, role in tables
    )


def _languages(table: str, spec: dict[str, Any]) -> tuple[str, ...]:
    """A table's `languages` (ISO 639-1 codes, lower case): the documents it speaks for."""
    found = spec.get("languages", [])
    if not isinstance(found, list) or not all(isinstance(c, str) and len(c) == 2 and c.islower() for c in found):
        raise ValueError(f'table {table}: languages must be a list of ISO 639-1 codes, such as ["de"]')
    return tuple(found)


def rule_named(kind: str, name: str) -> PhraseRule:
    """One rule of `phrases/<kind>.toml` by its full name, for passes that apply it in context."""
    for rule in load(kind):
        if rule.name == name:
            return rule
    raise KeyError(f"{kind}: no rule {name}")


class RuleSet:
    """Rules matched together, in order: the first rule that matches a line wins. Exact rules are one
    dictionary lookup and prefix rules one index lookup (newsclean.roles.scan.PrefixIndex); `pattern` rules
    are searched one by one, `contains` rules only on the lines that hold one of their phrases
    (newsclean.roles.scan.LiteralFinder)."""

    def __init__(self, rules: Iterable[PhraseRule]) -> None:
        self.rules = tuple(rules)
        self._exact: dict[str, int] = {}
        for index, rule in enumerate(self.rules):
            for phrase in rule.exact:
                self._exact.setdefault(phrase, index)
        self._prefix = scan.PrefixIndex(
            (i, [fold(p) for p in r.phrases]) for i, r in enumerate(self.rules) if r.match == "prefix"
        )
        self._searched = tuple(i for i, r in enumerate(self.rules) if r.match in ("contains", "pattern"))
        self._literals = scan.LiteralFinder((i, r.literals) for i, r in enumerate(self.rules) if r.match == "contains")
        self._memo: dict[str, int] = {}
        # every searched rule's patterns anchored at the line's start, as one: a line none of them starts is
        # not asked each rule's
        starting = [r.at_start.every.pattern for i in self._searched if (r := self.rules[i]).at_start is not None]
        self._any_start = re.compile("|".join(f"(?:{p})" for p in starting)) if starting else None
        self._any_unless_sentence = any(self.rules[i].unless_sentence for i in self._searched)
        self._answers = (*self.rules, None)  # by rule index; len(rules) stands for no rule
        self._by_language: dict[str | None, RuleSet] = {}

    def for_language(self, lang: str | None) -> RuleSet:
        """The rules that speak for a document in `lang` (all of them when its language is unknown), as a
        RuleSet of their own, made once per language (each with its fast forms and memo)."""
        if lang is None or all(rule.applies_to(lang) for rule in self.rules):
            return self
        if lang not in self._by_language:
            kept = [rule for rule in self.rules if rule.applies_to(lang)]
            same = next((s for s in self._by_language.values() if s.rules == tuple(kept)), None)
            self._by_language[lang] = same or RuleSet(kept)
        return self._by_language[lang]

    def match_lines(self, lines: Sequence[str]) -> list[PhraseRule | None]:
        """The first matching rule of each normalised line of one document. A line's answer depends on its
        text alone: the answers for short lines are remembered (MEMO_LINES, MEMO_CHARS), since pages of one
        site repeat their furniture."""
        memo = self._memo
        new = [line for line in dict.fromkeys(lines) if line not in memo]
        found = dict(zip(new, self._first_rules(new), strict=True)) if new else {}
        answers = [self._answers[found[line] if line in found else memo[line]] for line in lines]
        if len(memo) + len(found) > MEMO_LINES:  # full: start again (after this document's answers are read)
            memo.clear()
        memo.update((line, index) for line, index in found.items() if len(line) <= MEMO_CHARS)
        return answers

    def _first_rules(self, lines: Sequence[str]) -> list[int]:
        """The index of each line's first matching rule; len(rules) for a line no rule matches."""
        none = len(self.rules)
        view = _LineView.of(lines, self._any_unless_sentence, self._any_start)
        keys = [f.strip(TRIM) for f in view.folded]
        exact = self._exact
        if self._prefix.empty:
            best = [exact.get(k, none) for k in keys]
        else:
            best = [self._prefix.first_rule(k, exact.get(k, none)) for k in keys]
        holding = self._literals.candidates(view.folded)
        for index in self._searched:
            rule = self.rules[index]
            if rule.match == "contains":
                _first_contains(index, rule, view, sorted(holding.get(index, ())), best)
            else:
                _first_pattern(index, rule, view, best)
        return best


@dataclass(frozen=True, slots=True)
class _LineView:
    """What a RuleSet's rules read of one document's lines, each computed once: the folded line, its lower
    case when it is ASCII (else None), whether it ends a sentence and whether some rule's start-anchored
    pattern matches at its start (None where no rule asks)."""

    lines: Sequence[str]
    folded: list[str]
    lowered: list[str | None]
    ends: list[bool] | None
    starts: list[bool] | None

    @classmethod
    def of(cls, lines: Sequence[str], ends_asked: bool, any_start: re.Pattern[str] | None) -> _LineView:
        folded = [line_fold(line) for line in lines]
        return cls(
            lines,
            folded,
            [f if line.isascii() else None for line, f in zip(lines, folded, strict=True)],  # fold is lower
            [ends_sentence(line) for line in lines] if ends_asked else None,
            [any_start.match(line) is not None for line in lines] if any_start is not None else None,
        )


def _first_contains(index: int, rule: PhraseRule, view: _LineView, numbers: Iterable[int], best: list[int]) -> None:
    """A `contains` rule over the lines holding one of its phrases: the first match so far where it holds."""
    skip = view.ends if rule.unless_sentence else None
    for n in numbers:
        line = view.lines[n]
        if index < best[n] and not (skip and skip[n]) and rule.holds(view.folded[n]) and rule.within_sentences(line):
            best[n] = index


def _first_pattern(index: int, rule: PhraseRule, view: _LineView, best: list[int]) -> None:
    """A `pattern` rule over every line no earlier rule took: PhraseRule.matches_pattern, with the lower
    case and the test of every rule's start-anchored patterns computed once per line."""
    skip = view.ends if rule.unless_sentence else None
    at_start = rule.at_start if view.starts is not None else None
    anywhere = rule.anywhere
    for n, line in enumerate(view.lines):
        if index >= best[n] or (skip and skip[n]):
            continue
        lowered = view.lowered[n]
        if (
            (at_start is not None and view.starts[n] and at_start.match_in(line, lowered))  # type: ignore[index]
            or (anywhere is not None and anywhere.search_in(line, lowered, rule.search_start(line)))
        ) and rule.within_sentences(line):
            best[n] = index
