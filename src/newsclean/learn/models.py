"""Load the models newsclean ships (or a folder of others) by name.

A model is two files in a folder: `<name>.lgb.txt`, LightGBM's own text format (no pickle: loading it runs
no code), and `<name>.json`, what it is: the features it reads, in order, which of them are categories, the
thresholds that turn its scores into decisions, and the corpora it was trained on. A model whose features
are not the ones the code computes today is refused with a reason (`make train` makes them agree again).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import lightgbm
import numpy as np

BLOCKS = "blocks"  # HTML path: is a page's text block article body? (newsclean.html.decide)
BLOCKS_QUICK = "blocks_quick"  # the same, before trafilatura runs: decides the pages it is sure of
LINES = "lines"  # text path: is a line of a text dump article body? (newsclean.roles.model)
LAYOUT = "layout"  # text path: is a text a whole-page dump rather than an article region? (newsclean.roles.layout)


class ModelMismatch(RuntimeError):
    """A model file that does not fit the code reading it."""


@dataclass(frozen=True)
class Model:
    name: str
    features: tuple[str, ...]
    categorical: tuple[str, ...]
    thresholds: Mapping[str, float]
    info: Mapping[str, Any]  # trained_on, parameters, sizes: what the JSON file says besides
    booster: lightgbm.Booster = field(repr=False)

    def scores(self, table: Mapping[str, np.ndarray]) -> np.ndarray:
        """The model's score (0..1) for every row of a table of named feature columns."""
        if not len(next(iter(table.values()), ())):
            return np.zeros(0)
        # The columns as the rows of one float32 array, handed over transposed: LightGBM reads a
        # column-major matrix as it is, where a row-major copy cost as much as the prediction.
        matrix = np.array([table[name] for name in self.features], dtype=np.float32).T
        return np.asarray(self.booster.predict(matrix, num_threads=1))

    def check(self, features: Sequence[str]) -> Model:
        """This model, if it reads exactly `features` (the code's own list); else ModelMismatch."""
        if tuple(features) != self.features:
            missing = sorted(set(features) ^ set(self.features))[:5]
            raise ModelMismatch(
                f"model {self.name!r} was trained on other features ({', '.join(missing)} differ): run `make train`"
            )
        return self


def shipped_folder() -> Path:
    return Path(str(resources.files("newsclean.learn").joinpath("models")))


@cache
def load(name: str, folder: Path | None = None) -> Model:
    """The model `name` from `folder` (default: the ones shipped in the package), loaded once per process."""
    folder = folder or shipped_folder()
    meta_path, model_path = folder / f"{name}.json", folder / f"{name}.lgb.txt"
    if not meta_path.is_file() or not model_path.is_file():
        raise ModelMismatch(f"no model {name!r} in {folder}: run `make train`")
    meta = json.loads(meta_path.read_text("utf-8"))
    booster = lightgbm.Booster(model_str=model_path.read_text("utf-8"))
    return Model(
        name,
        tuple(meta["features"]),
        tuple(meta.get("categorical", ())),
        dict(meta["thresholds"]),
        {k: v for k, v in meta.items() if k not in ("features", "categorical", "thresholds")},
        booster,
    )


def save(
    folder: Path,
    name: str,
    booster: lightgbm.Booster,
    features: Sequence[str],
    categorical: Sequence[str],
    thresholds: Mapping[str, float],
    info: Mapping[str, Any],
) -> None:
    """Write a model's two files (the JSON last: a folder holding it holds a whole model)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.lgb.txt").write_text(booster.model_to_string(), "utf-8")
    meta = {"name": name, "features": list(features), "categorical": list(categorical), "thresholds": dict(thresholds)}
    (folder / f"{name}.json").write_text(json.dumps(meta | dict(info), indent=1) + "\n", "utf-8")
