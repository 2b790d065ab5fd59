"""Learned decisions, kept as plain as rules: a model is a named file with the names of the features it reads
and the thresholds that turn its scores into decisions. `models` loads them; `train` is the one place that
makes them (`make train`)."""
