"""The class-word groups of class_words.toml: what an element's class and id values say it is."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

import ahocorasick_rs


class ClassWords:
    """Finds the groups an element's class and id values name, with one Aho-Corasick pass over them."""

    FAR = 99  # the distance of a group no enclosing element names

    def __init__(self, groups: dict[str, list[str]]) -> None:
        self.groups = tuple(groups)
        self._words = [(word, n) for n, words in enumerate(groups.values()) for word in words]
        self._finder = ahocorasick_rs.AhoCorasick(
            [word for word, _ in self._words], matchkind=ahocorasick_rs.MatchKind.Standard
        )
        self._cache: dict[str, tuple[int, ...]] = {}

    def groups_named(self, attributes: dict[str, str | None]) -> tuple[int, ...]:
        """Indices of the groups that the element's class and id values name (none for most elements)."""
        value = " ".join(filter(None, (attributes.get("class"), attributes.get("id"))))
        if not value:
            return ()
        found = self._cache.get(value)
        if found is None:
            hits = self._finder.find_matches_as_indexes(value.lower(), overlapping=True)
            found = tuple(sorted({self._words[index][1] for index, _, _ in hits}))
            if len(self._cache) < 20_000:  # a page's class values repeat; pages of one site share them
                self._cache[value] = found
        return found


@cache
def class_words() -> ClassWords:
    text = resources.files("newsclean.html").joinpath("class_words.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return ClassWords({name: list(table["words"]) for name, table in data.items()})
