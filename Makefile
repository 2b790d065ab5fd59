# newsclean: `make run` cleans raw/ into clean/; `make serve` serves it as a scheduled Prefect deployment;
# `make test` runs the suite. All set up .venv/ from the lock.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV_VERSION := 0.13.9
SYNCED := $(VENV)/.synced
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

# `make serve CRON="*/15 * * * *"`: the schedule of the served deployment (default hourly).
CRON ?= 0 * * * *
# `make serve PORT=4300`: the port of the Prefect server (UI and API) it starts; else NEWSCLEAN_PORT, else 4200.
# Not taken from the environment: a PORT set there for something else must not move the server.
PORT =

.PHONY: run serve test test-fast lint train setup clean-output browser

setup: $(SYNCED)

# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (as on these machines) nothing caches bytecode, and
# every start of Prefect would compile its thousands of modules again (a no-op `make run`: 16 s -> 12 s).
$(SYNCED): pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv sync --frozen --inexact --compile-bytecode --python $(BIN)/python
	touch $@

run: $(SYNCED)
	$(BIN)/newsclean run raw clean

serve: $(SYNCED)
	$(BIN)/python -m flows.serve --cron "$(CRON)" --raw-dir raw --out-dir clean $(if $(PORT),--port $(PORT))

test: $(SYNCED)
	$(BIN)/ruff check src flows tests bench
	$(BIN)/pytest

# The unit and property tests only: the end-to-end ones (marker e2e) start real commands and services.
test-fast: $(SYNCED)
	$(BIN)/ruff check src flows tests bench
	$(BIN)/pytest -m "not e2e"

lint: $(SYNCED)
	$(BIN)/ruff check src flows tests bench
	$(BIN)/ruff format --check src flows tests bench

# The system Chromium that tests/test_browser.py drives (Playwright never downloads one). Needs root.
browser:
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver)

# The shipped models, trained reproducibly (fixed parameters, seed, one thread) from the corpora whose
# licences allow it (Dragnet: CC BY 4.0, Readability: Apache-2.0), and the leave-one-corpus-out models that
# bench/quality.py scores with (each trained on the other corpora, for measurement only). Needs ../shared.
TRAINING := bench/data/training
SHIPPED_CORPORA := dragnet,readability
CORPORA := dragnet cleanportaleval readability cleaneval
# The blocks model (HTML path) learns from the pages' blocks (bench/training_data.py); the lines model (text
# path) and the layout model (text path: whole page or article region?) from the pages rendered to whole-page
# and article-region text (bench/text_training_data.py, cached in bench/data/text).
train: $(SYNCED)
	$(BIN)/python bench/training_data.py --out $(TRAINING)
	$(BIN)/python bench/text_training_data.py tables --out $(TRAINING)
	for task in blocks blocks_quick lines layout; do \
	  $(BIN)/python -m newsclean.learn.train $$task --data $(TRAINING) --corpora $(SHIPPED_CORPORA) --out src/newsclean/learn/models || exit 1; \
	  for held in $(CORPORA); do \
	    others=$$(echo $(CORPORA) | tr ' ' '\n' | grep -vx $$held | paste -sd, -); \
	    $(BIN)/python -m newsclean.learn.train $$task --data $(TRAINING) --corpora $$others --out bench/out/models/loco-$$held || exit 1; \
	  done; \
	done

clean-output:
	rm -rf clean
