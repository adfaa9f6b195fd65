# Newsroom: `make run` serves the demo, `make test` runs every check CI runs,
# `make bench` measures the pages against the Django floor, Wagtail and nginx.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Browser tests (tests/e2e) drive Debian's chromium through its chromedriver. Without
# them pytest skips those tests (its summary gives the reason) and `make test` says so.
E2E_CHROMIUM ?= /usr/bin/chromium
E2E_CHROMEDRIVER ?= /usr/bin/chromedriver
export E2E_CHROMIUM E2E_CHROMEDRIVER

# Python may keep compiled bytecode (__pycache__, git-ignored) even where the shell
# says not to: without it every pytest worker compiles and assertion-rewrites each
# test module again (collection: 10 s of CPU a worker instead of 5) and every
# manage.py the tests start compiles the project again (0.8 s instead of 0.55).
unexport PYTHONDONTWRITEBYTECODE

# The suite runs on the machine's cores (pytest-xdist), at most four: each worker
# has its own test database, media folder and Redis database (tests/conftest.py).
# PYTEST_WORKERS=0 runs it in this one process. Tests are handed out one by one,
# except a module marked xdist_group (its servers start once, on one worker).
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -gt 4 ] && n=4; echo $$n)
XDIST = -n $(PYTEST_WORKERS) --dist loadgroup

.PHONY: run test test-future print-workers e2e attack lint format install install-test bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(VENV)/.installed-base: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# axe-core and the Nu HTML Checker (vnu-jar, run with the machine's Java) for the
# browser tests' checks, from the npm registry
# (package.json, pinned by package-lock.json; .npmrc runs no install script).
# Without npm those checks are skipped.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --no-audit --no-fund --silent && touch $@; \
	else \
	  echo "== npm is missing: the axe-core checks in tests/e2e will be skipped"; \
	fi

# gunicorn (serve) runs the benchmarked servers; psycopg (postgres) the PostgreSQL ingest.
$(VENV)/.installed-bench: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[serve,postgres]'
	touch $@

install: $(VENV)/.installed-base
install-test: $(VENV)/.installed-test node_modules/.installed

run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo --site http://$(HOST):$(PORT)
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: install-test
	$(BIN)/ruff check .

test: install-test
	$(BIN)/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check --fail-level WARNING
	@if [ -x "$(E2E_CHROMIUM)" ] && [ -x "$(E2E_CHROMEDRIVER)" ]; then \
	  echo "== browser tests (tests/e2e): run in $(E2E_CHROMIUM), headless"; \
	else \
	  echo "== browser tests (tests/e2e): SKIPPED, $(E2E_CHROMIUM) or" \
	    "$(E2E_CHROMEDRIVER) is missing (apt-get install chromium chromium-driver;" \
	    ".ci/run installs them)"; \
	fi
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

# The suite, browser tests aside, with the machine's clock five years ahead: no test
# may read the calendar (tests pin "now", tests/conftest.py). Debian's faketime moves
# the clock of every process the tests start; tests/future/sitecustomize.py works
# around the one thing it breaks in Python (time.sleep). Tests marked real_clock are
# left out: they compare Python's time with file times, which faketime cannot move.
test-future: install-test
	@if command -v faketime >/dev/null; then \
	  echo "== the suite five years ahead (faketime -f +5y), browser tests aside"; \
	  PYTHONPATH="$(CURDIR)/tests/future" faketime -m --exclude-monotonic -f +5y \
	    $(BIN)/pytest $(XDIST) -m 'not e2e and not real_clock' $(PYTEST_ARGS); \
	else \
	  echo "== SKIPPED the suite five years ahead: faketime is missing" \
	    "(apt-get install faketime; .ci/run installs it)"; \
	fi

# How many workers `make test` runs pytest with (for .ci/run).
print-workers:
	@echo $(PYTEST_WORKERS)

# Only the browser tests; screenshots land in artifacts/e2e/.
e2e: install-test
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

# Benchmarks (bench/README.md): sets up wrk, nginx and a throwaway Wagtail under
# bench/.work/, prints one table. Takes about 10 minutes; stops every server it starts.
bench: $(VENV)/.installed-bench
	$(PY) bench/run.py

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# The outside attack (issue 18), repeated against gunicorn, nginx, Redis and, where it
# answers on 127.0.0.1:5432, PostgreSQL, all started on loopback by the tests.
attack: install-test
	$(BIN)/pytest -m attack tests/hostile/test_attack.py
