"""Step 6, write: the three Parquet tables (schema.py), their part files (parts.py) and the snapshot
that makes a run's output visible to readers all at once (dataset.py)."""
