"""Prefect orchestration for newsclean: discover inputs, cut them into batches, run the batches on a task
runner, commit the output, report. All cleaning is in the `newsclean` library."""
