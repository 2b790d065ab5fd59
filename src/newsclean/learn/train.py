"""The one place newsclean's models are made: `python -m newsclean.learn.train TASK --data DIR --corpora A,B
--out FOLDER` reads the training tables bench/training_data.py wrote (one Parquet file per corpus: the task's
feature columns, `label`, `weight`, `page`), fits gradient-boosted trees with fixed parameters and seed (one
thread, deterministic: the same tables give the same file), and writes the model with its features,
thresholds and the corpora it learnt from (newsclean.learn.models). `make train` calls it for the shipped
models and for the leave-one-corpus-out models the quality benchmarks score with.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import lightgbm
import numpy as np
import pyarrow.parquet as pq

from newsclean.learn import models

PARAMETERS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 100,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": 1,
    "deterministic": True,
    "force_col_wise": True,
    "num_threads": 1,
    "verbose": -1,
}
ROUNDS = 200


@dataclass(frozen=True)
class Task:
    """What a model decides: its name, the features it reads, which are categories, its thresholds, and
    where it departs from the common PARAMETERS and ROUNDS."""

    name: str
    features: tuple[str, ...]
    categorical: tuple[str, ...]
    thresholds: dict[str, float] = field(default_factory=dict)
    parameters: dict[str, object] = field(default_factory=dict)
    rounds: int = ROUNDS
    table: str = ""  # the training tables it reads (<table>-<corpus>.parquet); default: its own name

    @property
    def tables(self) -> str:
        return self.table or self.name


def tasks() -> dict[str, Task]:
    """The tasks by name (imported here, not at the top: each path's features load its own modules)."""
    from newsclean.html.decide import QUICK_TASK as blocks_quick
    from newsclean.html.decide import TASK as blocks
    from newsclean.roles.layout import TASK as layout
    from newsclean.roles.model import TASK as lines

    return {task.name: task for task in (blocks, blocks_quick, lines, layout)}


def read_tables(folder: Path, corpora: Sequence[str], task: Task) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and weights of the named corpora's tables (FOLDER/<task's tables>-<corpus>.parquet)."""
    parts = [pq.read_table(folder / f"{task.tables}-{corpus}.parquet") for corpus in corpora]
    features = np.vstack([np.column_stack([t[n].to_numpy() for n in task.features]) for t in parts])
    labels = np.concatenate([t["label"].to_numpy() for t in parts])
    weights = np.concatenate([t["weight"].to_numpy() for t in parts])
    return features.astype(np.float32), labels.astype(np.float32), weights * (len(weights) / weights.sum())


def fit(task: Task, features: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> lightgbm.Booster:
    data = lightgbm.Dataset(
        features, labels, weight=weights, feature_name=list(task.features), categorical_feature=list(task.categorical)
    )
    return lightgbm.train(PARAMETERS | task.parameters, data, task.rounds)


def train(task: Task, data: Path, corpora: Sequence[str], out: Path) -> None:
    features, labels, weights = read_tables(data, corpora, task)
    booster = fit(task, features, labels, weights)
    info = {"trained_on": list(corpora), "rows": len(labels), "parameters": PARAMETERS | task.parameters}
    info["rounds"] = task.rounds
    models.save(out, task.name, booster, task.features, task.categorical, task.thresholds, info)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("task", choices=sorted(tasks()))
    parser.add_argument("--data", type=Path, required=True, help="folder of <task>-<corpus>.parquet tables")
    parser.add_argument("--corpora", required=True, help="comma-separated corpus names to learn from")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the model into")
    args = parser.parse_args(argv)
    corpora = [c for c in args.corpora.split(",") if c]
    train(tasks()[args.task], args.data, corpora, args.out)
    print(f"{args.task}: trained on {', '.join(corpora)} -> {args.out}")


if __name__ == "__main__":
    main()
