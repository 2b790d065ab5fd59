"""Shared fixtures: paths to the repository's sample input and to ../shared (seeds, gold, scorer)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from tests.services import Served

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

# Hypothesis profiles, chosen by HYPOTHESIS_PROFILE. "dev" (the default) draws new examples every run and
# remembers failing ones in .hypothesis/; "ci" (.ci/run) draws the same examples on every run of the same
# code, so that a run in CI tests what passed here, and never waits minutes on shrinking a rare find.
# Each property's own `max_examples` is multiplied by NEWSCLEAN_EXAMPLES_FACTOR (a long hunt: 10).
settings.register_profile("dev")
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def examples(count: int) -> int:
    """A property's number of examples, scaled by NEWSCLEAN_EXAMPLES_FACTOR."""
    return max(1, round(count * float(os.environ.get("NEWSCLEAN_EXAMPLES_FACTOR", "1"))))


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
