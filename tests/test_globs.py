"""`--pattern` globs: `*` stays within a name, `**` spans any number of folders, none included."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsclean.globs import matches
from newsclean.plan import plan_run
from newsclean.read import discover
from newsclean.write.state import SnapshotState

CASES = [
    ("2024/**/*.txt", "2024/a.txt", True),
    ("2024/**/*.txt", "2024/x/a.txt", True),
    ("2024/**/*.txt", "2024/x/y/a.txt", True),
    ("2024/**/*.txt", "2025/a.txt", False),
    ("2024/**/*.txt", "2024/a.html", False),
    ("**/*.txt", "a.txt", True),
    ("**/*.txt", "x/y/a.txt", True),
    ("news/**", "news/a.txt", True),
    ("news/**", "news/a/b.txt", True),
    ("news/", "news/a/b.txt", True),
    ("news/", "newsroom/a.txt", False),
    ("./news/*", "news/a.txt", True),
    ("a/**/**/b.txt", "a/b.txt", True),
    ("2024/*/*.txt", "2024/x/a.txt", True),
    ("2024/*/*.txt", "2024/x/y/a.txt", False),  # fnmatch's `*` crossed folders
    ("*.txt", "x/a.txt", False),
    ("*.txt", "a.txt", True),
    ("?.txt", "a.txt", True),
    ("?.txt", "ab.txt", False),
    ("a?b", "a/b", False),
    ("[ab].txt", "b.txt", True),
    ("[!ab].txt", "b.txt", False),
    ("[!ab].txt", "c.txt", True),
    ("[!]]x", "]x", False),
    ("[]]x", "]x", True),
    ("[a-c]x", "bx", True),
    ("a[/]b", "a/b", False),
    ("a[!x]b", "a/b", False),
    ("a[b", "a[b", True),
    ("a.b", "axb", False),
    ("(a)+", "(a)+", True),
]


@pytest.mark.parametrize(("pattern", "path", "expected"), CASES)
def test_glob(pattern: str, path: str, expected: bool) -> None:
    assert matches(path, pattern) is expected


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    for name in ("2024/a.txt", "2024/x/y/b.txt", "2024/x/c.html", "2025/d.txt", "e.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("A line of text.\n")
    return tmp_path


def test_the_ui_example_reads_files_at_every_depth_and_none_elsewhere(raw: Path) -> None:
    plan = plan_run(discover(raw), SnapshotState.empty(), pattern="2024/**/*.txt", force=False, prune=False)
    assert sorted(f.relpath for f in plan.to_read) == ["2024/a.txt", "2024/x/y/b.txt"]
    assert sorted(plan.out_of_scope) == ["2024/x/c.html", "2025/d.txt", "e.txt"]


def test_discover_takes_the_same_globs(raw: Path) -> None:
    assert sorted(f.relpath for f in discover(raw, pattern="**/*.txt")) == [
        "2024/a.txt",
        "2024/x/y/b.txt",
        "2025/d.txt",
        "e.txt",
    ]
