"""The vocabulary (roles, reject reasons, rule names) is one list in newsclean.vocab: code names its values
by constant, every rule name starts with its role, and everything the pipeline writes is in the list."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from newsclean.clean import clean_text
from newsclean.html.selectors import block_rules
from newsclean.model import Article
from newsclean.roles import phrases
from newsclean.text import embed_lines
from newsclean.vocab import Reason, Role, Rule, role_of
from tests.conftest import RAW, REPO

SRC = REPO / "src" / "newsclean"
PHRASE_FILES = sorted(p.stem for p in (SRC / "roles" / "phrases").glob("*.toml"))
ROLE_WORDS = "|".join(sorted(Role, key=len, reverse=True))
RULE_LITERAL = re.compile(rf"^(?:{ROLE_WORDS})\.[a-z_]+$")


def table_rule_names() -> set[str]:
    names = {rule.name for kind in PHRASE_FILES for rule in phrases.load(kind)}
    return names | {rule.name for rule in block_rules()} | set(embed_lines.rule_names())


def test_every_rule_name_starts_with_a_role() -> None:
    for name in [*Rule, *table_rule_names()]:
        assert role_of(name) in set(Role), name
    assert all(rule.role == role_of(rule) for rule in Rule)


def test_the_table_rules_that_code_asks_for_by_name_exist() -> None:
    asked = {rule for rule in Rule if "." in rule and rule in table_rule_names()}
    assert Rule.CAPTION_AGENCY_CREDIT in asked and Rule.COMMENT_FORM_FORM_LINE in asked
    assert table_rule_names() >= {Rule.COMMENT_THREAD_HEADER, Rule.COMMENT_THREAD_CHROME, Rule.CHROME_LIST_HEADING}


def test_phrase_rule_roles_agree_with_their_names() -> None:
    for kind in PHRASE_FILES:
        for rule in phrases.load(kind):
            assert rule.role == role_of(rule.name), rule.name


def string_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def call_arguments(path: Path) -> list[tuple[int, str, str]]:
    """(line, called name, string) for every string literal passed to a call."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((arg.lineno, name, arg.value))
    return found


@pytest.mark.parametrize("path", sorted(p for p in SRC.rglob("*.py") if p.name != "vocab.py"), ids=str)
def test_code_names_rules_and_reasons_by_constant(path: Path) -> None:
    """No rule name anywhere, and no reject reason handed to a call (a reject, an error), as a bare string."""
    reasons = {str(r) for r in Reason}
    for lineno, text in string_literals(path):
        assert not RULE_LITERAL.match(text), f"{path.name}:{lineno}: rule {text!r} as a bare string; use vocab.Rule"
    for lineno, name, text in call_arguments(path):
        assert text not in reasons, f"{path.name}:{lineno}: reason {text!r} given to {name}(); use vocab.Reason"


def test_the_readme_documents_every_reject_reason() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert [r for r in Reason if f"`{r}`" not in readme] == []


@pytest.mark.parametrize("seed", sorted(RAW.glob("*.txt")), ids=lambda p: p.stem)
def test_what_cleaning_writes_is_in_the_vocabulary(seed: Path) -> None:
    outcome = clean_text(seed.read_text("utf-8"))
    assert isinstance(outcome, Article)
    known = {str(r) for r in Rule} | table_rule_names()
    for seg in outcome.segments:
        assert seg.role in set(Role) and seg.rule is not None
        assert role_of(seg.rule) == seg.role, (seg.rule, seg.role)
        assert seg.rule in known, seg.rule
