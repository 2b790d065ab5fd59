# newsclean: `make run` cleans raw/ into clean/; `make test` runs the suite. Both set up .venv/ from the lock.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.9
SYNCED := $(VENV)/.synced
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: run test lint setup clean-output

setup: $(SYNCED)

$(SYNCED): pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv sync --frozen --inexact --python $(BIN)/python
	touch $@

run: $(SYNCED)
	$(BIN)/newsclean run raw clean

test: $(SYNCED)
	$(BIN)/ruff check src flows tests bench
	$(BIN)/pytest

lint: $(SYNCED)
	$(BIN)/ruff check src flows tests bench
	$(BIN)/ruff format --check src flows tests bench

clean-output:
	rm -rf clean
