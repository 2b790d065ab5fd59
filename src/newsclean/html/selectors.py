"""The selector lists of selectors.toml, loaded once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newsclean.vocab import html_rule


@dataclass(frozen=True, slots=True)
class BlockRule:
    """Elements matched by `selector` are lifted (text kept as a field) or removed (text kept for audit)."""

    name: str  # <role>.html_<table>, the name that goes into segments.rule
    role: str
    action: str  # "lift" | "remove"
    selector: str  # the table's selectors joined into one selector group
    max_chars: int  # a larger block is not furniture, whatever its class says
    whole: bool  # take the outermost match whole, not the inner matches first
    parts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # each selector with the class/id words it needs

    def selectors_for(self, present: frozenset[str] | None) -> tuple[str, ...]:
        """The rule's selectors that can match on a page whose class and id values hold the words
        `present` (a CSS query costs time for every selector on every element: a page without the word a
        selector needs is not asked); all of them when `present` is None (the page could not tell)."""
        return tuple(sel for sel, words in self.parts if present is None or all(w in present for w in words))


# The words a selector needs in some class or id value: `.word`, `#word`, `[class*=word]` and the like,
# outside `:not(...)`. A selector without one (a bare tag) is always asked.
_NOT = re.compile(r":not\([^)]*\)")
_NEEDED = re.compile(r"""[.#]([\w-]+)|\[(?:class|id)[*^$~|]?=["']?([^"'\]]+)["']?\]""")


def needed_words(selector: str) -> tuple[str, ...]:
    return tuple(a or b for a, b in _NEEDED.findall(_NOT.sub("", selector)))


@cache
def all_needed_words() -> tuple[str, ...]:
    return tuple(sorted({w for rule in block_rules() for _, words in rule.parts for w in words}))


@cache
def _data() -> dict[str, dict[str, object]]:
    text = resources.files("newsclean.html").joinpath("selectors.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def block_rules() -> tuple[BlockRule, ...]:
    """The lift and remove rules, in file order (the order they are applied in)."""
    return tuple(
        BlockRule(
            html_rule(str(spec["role"]), table),
            str(spec["role"]),
            str(spec["action"]),
            ", ".join(spec["selectors"]),
            int(spec["max_chars"]),
            bool(spec.get("whole", False)),
            tuple((sel, needed_words(sel)) for sel in spec["selectors"]),
        )
        for table, spec in _data().items()
        if spec.get("action") in ("lift", "remove")
    )


@cache
def embed_selectors() -> dict[str, tuple[str, ...]]:
    """Embed kind -> its selectors; "iframe" takes its kind from the address."""
    spec = _data()["embed"]
    return {kind: tuple(sels) for kind, sels in spec.items() if isinstance(sels, list)}


@cache
def iframe_kinds() -> dict[str, tuple[str, ...]]:
    return {kind: tuple(words) for kind, words in _data()["iframe_kinds"].items()}
