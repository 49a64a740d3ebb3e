# The README's two commands are `make demo` and `make test`; everything else is a helper.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DB ?= sqlite:///chronicle-demo.db

.PHONY: venv demo test test-core bench bench-e2e bench-hostile test-hostile bench-query clean browser fuzz load

# One virtual environment, pinned by constraints.txt so every machine tests the same versions.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

venv: $(STAMP)

demo: venv
	rm -f chronicle-demo.db chronicle-demo.db-wal chronicle-demo.db-shm
	CHRONICLE_DATABASE_URL=$(DEMO_DB) CHRONICLE_BROKER_URL= $(BIN)/chronicle ingest seeds/ --collection ukraine-strikes
	CHRONICLE_DATABASE_URL=$(DEMO_DB) $(BIN)/chronicle timeline --collection ukraine-strikes

test: venv browser
	$(BIN)/python -m pytest

# The page's browser tests drive Debian's chromium; install it when missing (they skip without it,
# and fail under CI=true).
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium is not installed at $(CHROMIUM): the browser tests will not run"

test-core: venv
	$(BIN)/python -m pytest tests/temporal -q

# Every fault scenario at full size; `make test` runs the same scenarios on 200 documents.
.PHONY: faults
FAULT_DOCS ?= 2000
faults: venv
	CHRONICLE_FAULT_DOCS=$(FAULT_DOCS) $(BIN)/python -m pytest tests/faults -v --durations=0

bench: venv
	$(BIN)/python benchmarks/temporal_speed.py

bench-e2e: venv
	$(BIN)/python benchmarks/end_to_end.py

# The API fuzzed with ten times the examples `make test` runs, from a fresh random seed.
fuzz: venv
	CHRONICLE_FUZZ_EXAMPLES=1200 CHRONICLE_FUZZ_RANDOM=1 $(BIN)/python -m pytest tests/api/test_fuzz.py -q

# 50 clients for 60 s against the API, a worker, Redis and PostgreSQL (figures in README, "Under load").
load: venv
	$(BIN)/python -m benchmarks.load

# Linearity of the worker's analysis on hostile inputs (about three minutes of CPU on one core).
bench-hostile: venv
	$(BIN)/python benchmarks/hostile.py

# The hostile end-to-end tests at full size: 10 MB documents, every input whole (`make test` runs them small).
test-hostile: venv
	CHRONICLE_HOSTILE_FULL=1 $(BIN)/python -m pytest tests/hostile -q

# Timeline query latency: 1,000,000 events in a fresh PostgreSQL database, 100,000 in SQLite.
bench-query: venv
	$(BIN)/python benchmarks/query_scale.py

clean:
	rm -rf $(VENV) .pytest_cache chronicle-demo.db*
