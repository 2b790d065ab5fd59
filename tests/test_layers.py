"""The package's layers, as its module-level imports draw them: `newsclean.text` (parsers both paths share)
knows nothing of roles, rules or pages; the role rules know nothing of HTML; and no module-level import
chain comes back to where it started (a cycle makes import order matter and a refactor break at import
time). Imports inside functions (a path loading its models or readers on first use) are not edges."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "newsclean"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in (SRC / PACKAGE).rglob("*.py")}


def imported(name: str) -> set[str]:
    """The package's modules that module `name` imports at module level."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
    return {m for m in found if m in MODULES and m != name}


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = parts[: len(parts) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


GRAPH = {name: imported(name) for name in MODULES}


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("newsclean.text", ("newsclean.roles", "newsclean.html", "newsclean.learn", "newsclean.read")),
        ("newsclean.roles", ("newsclean.html",)),
    ],
)
def test_a_lower_layer_imports_nothing_from_the_layers_above_it(layer: str, forbidden: tuple[str, ...]) -> None:
    reaching = {
        (name, target)
        for name, targets in GRAPH.items()
        if name == layer or name.startswith(f"{layer}.")
        for target in targets
        if any(target == f or target.startswith(f"{f}.") for f in forbidden)
    }
    assert not reaching


def test_the_html_path_reads_from_the_role_rules_only_their_passes_and_tables() -> None:
    """The HTML path runs the role passes over the blocks it kept and reads their phrase tables; a parser it
    needs belongs in newsclean.text."""
    allowed = {"newsclean.roles", "newsclean.roles.lines", "newsclean.roles.related"}
    html = (targets for name, targets in GRAPH.items() if name.startswith("newsclean.html"))
    reaching = {t for targets in html for t in targets if t.startswith("newsclean.roles")}
    assert reaching <= allowed


def test_no_module_level_import_cycle() -> None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> list[str] | None:
        state[name] = 1
        for target in sorted(GRAPH[name]):
            if state.get(target) == 1:
                return [*path, name, target]
            if target not in state and (cycle := visit(target, [*path, name])) is not None:
                return cycle
        state[name] = 2
        return None

    for name in sorted(GRAPH):
        if name not in state:
            assert visit(name, []) is None


def test_the_graph_sees_the_imports_it_checks() -> None:
    """The checks above read what they should: a known edge of each kind is in the graph."""
    assert "newsclean.text.bylines" in GRAPH["newsclean.html.metadata"]
    assert "newsclean.text.features" in GRAPH["newsclean.roles.header"]
    assert "newsclean.roles" in GRAPH["newsclean.html.pipeline"]
