"""Shared fixtures: paths to the repository's sample input and to ../shared (seeds, gold, scorer)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
RAW = REPO / "raw"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds" / "gold").is_dir():
        pytest.skip("../shared (seeds and gold labels) is not beside this checkout")
    return SHARED
