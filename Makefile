# The two commands of the README's quick start: `make serve` and `make test`.
# Each sets up what it needs first (a virtual environment in .venv; for tests, Chromium).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test lint setup browser golden bench

serve: $(VENV)/.installed
	$(BIN)/morgue serve

test: $(VENV)/.installed browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The browser tests drive Debian's Chromium; nothing downloads a browser of its own.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

golden: $(VENV)/.installed
	$(BIN)/python -m tests.golden --refresh

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py --stories 1000
