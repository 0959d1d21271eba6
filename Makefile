# The two commands of the README's quick start: `make serve` and `make test`.
# Each sets up what it needs first (a virtual environment in .venv; for tests, Chromium).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test lint setup browser a11y golden bench screenshots

serve: $(VENV)/.installed
	$(BIN)/morgue serve

test: $(VENV)/.installed browser a11y
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

# axe-core (from npm, pinned by tests/a11y/package-lock.json) for the accessibility pass of the
# browser tests; `npm ci` installs exactly the locked version and runs no install scripts.
a11y: tests/a11y/node_modules/axe-core/axe.min.js

tests/a11y/node_modules/axe-core/axe.min.js: tests/a11y/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's npm for the accessibility tests"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	cd tests/a11y && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error </dev/null
	touch $@

# Screenshots of every kind of page at desktop and phone widths, into bench/out/screenshots/.
screenshots: $(VENV)/.installed browser
	$(BIN)/python bench/screenshots.py

golden: $(VENV)/.installed
	$(BIN)/python -m tests.golden --refresh

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py --stories 1000
