"""Shared fixtures: paths to the repository's sample input and to ../shared (seeds, gold, scorer)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.services import Served

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
RAW = REPO / "raw"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds" / "gold").is_dir():
        pytest.skip("../shared (seeds and gold labels) is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A real Prefect server on a free loopback port with the clean-news deployment served on it."""
    from tests.services import served_deployment

    with served_deployment(tmp_path_factory.mktemp("served")) as found:
        yield found
