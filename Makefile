# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test install install-dev lint format clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/hotline run --port $(PORT)

# The tests that read the clock (marked `dated`) run again as if today were a year ahead and the
# next nights the Brussels clocks go forward and back (HOTLINE_TEST_NOW, see tests/clock.py).
TEST_DATES ?= +1y spring-forward fall-back

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)
	for when in $(TEST_DATES); do \
	  HOTLINE_TEST_NOW=$$when $(BIN)/python -m pytest -n 2 --dist loadgroup -q -m "dated and not slow" \
	    $(PYTEST_ARGS) || exit 1; \
	done

# Benchmarks (not tests): every bench/*.py; results in BENCHMARKS.md. The webhook one needs wrk.
bench: install
	$(BIN)/python -m bench

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .cache test-output
