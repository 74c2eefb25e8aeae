# Birgemiz: `make run` serves the local demo, `make test` runs lint and the whole suite.
# Every target sets up what it needs (virtual environment, packages, translations) and is
# quick when that is already done: installs are keyed on the lock files' content.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
MANAGE := $(PY) manage.py
PORT ?= 8000
export PORT

# Debian packages: gettext compiles translations; Pango and the fonts (Cyrillic and Kazakh
# letters) let WeasyPrint render PDFs; chromium runs the browser tests.
RUN_PACKAGES := gettext python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-paratype fonts-dejavu-core
TEST_PACKAGES := $(RUN_PACKAGES) chromium

# make run / make dev are the local demo: DEBUG on (demo passwords printed) unless the caller
# sets DEBUG. Production runs with DEBUG off and SECRET_KEY set (see docs/deploy.md).
run dev demo: export DEBUG ?= true
# Commands outside pytest that only need importable settings (translations, static files).
TOOL_ENV := DEBUG=$${DEBUG:-true}

.PHONY: help venv install install-dev system-packages system-packages-test translations messages static migrate \
	demo run dev lint test test-sqlite test-postgres bench bench-events bench-proposals bench-votes clean

help:
	@echo "make run     set everything up and serve the demo at http://127.0.0.1:$(PORT) (+ task worker)"
	@echo "make dev     the same with Django's runserver (reloads on change) instead of gunicorn"
	@echo "make test    lint and the whole suite on SQLite, then on PostgreSQL if DATABASE_URL is set"
	@echo "make lint    ruff"
	@echo "make messages  update the translation catalogues (ru, kk, en) and compile them"
	@echo "make bench   load benchmark of the home and a region page (bench/pages.py)"
	@echo "make bench-votes  votes/s against gunicorn on PostgreSQL (bench/votes.py, needs DATABASE_URL; VOTES_ARGS=)"
	@echo "make bench-events  500 people at once for the last 100 places (bench/events.py, needs DATABASE_URL)"
	@echo "make bench-proposals  100,000 proposals and 1,000,000 supports (bench/proposals.py, needs DATABASE_URL)"
	@echo "make clean   remove the virtual environment, collected static files and caches"

$(PY):
	$(PYTHON) -m venv $(VENV)

venv: $(PY)

# Reinstall only when the lock file's content changed since the last install.
define install_lock
	@hash=$$(sha256sum $(1) | cut -c1-16); stamp=$(VENV)/.installed-$(notdir $(1)); \
	if [ "$$(cat $$stamp 2>/dev/null)" != "$$hash" ]; then \
		echo "Installing $(1)"; $(PIP) install --quiet --disable-pip-version-check -r $(1); \
		echo $$hash > $$stamp; \
	fi
endef

install: $(PY) system-packages
	$(call install_lock,requirements/base.txt)

install-dev: $(PY) system-packages-test
	$(call install_lock,requirements/dev.txt)

system-packages:
	@scripts/ensure-debian-packages $(RUN_PACKAGES)

system-packages-test:
	@scripts/ensure-debian-packages $(TEST_PACKAGES)

# compilemessages skips catalogues whose .mo is up to date (and fails when there is none at all).
translations: $(PY)
	@if [ -n "$$(find birgemiz -path '*/locale/*' -name '*.po' -print -quit)" ]; then \
		$(TOOL_ENV) $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0; \
	else echo "No translation catalogues (.po) to compile"; fi

# For translators: gather the messages of the code and templates into the catalogues, compile.
messages: install
	$(TOOL_ENV) $(MANAGE) makemessages -l ru -l kk -l en --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=bench
	@$(MAKE) --no-print-directory translations

# collectstatic compresses every file (tens of seconds), so it runs only when a static file,
# the installed packages or the settings changed since the last time.
STATIC_SOURCES := $(shell find birgemiz -path '*/static/*' -type f 2>/dev/null)
static: staticfiles/.collected
staticfiles/.collected: $(STATIC_SOURCES) requirements/base.txt birgemiz/settings.py | $(PY)
	@echo "Collecting static files"
	@$(TOOL_ENV) $(MANAGE) collectstatic --noinput -v 0
	@touch $@

migrate: $(PY)
	$(MANAGE) migrate --noinput -v 1

demo: install migrate
	$(MANAGE) demo

run: install translations static migrate
	$(MANAGE) demo
	@echo "Birgemiz at http://127.0.0.1:$(PORT)/  (Ctrl+C stops the server and the task worker)"
	scripts/serve gunicorn

dev: install translations migrate
	$(MANAGE) demo
	scripts/serve dev

lint: install-dev
	$(VENV)/bin/ruff check .

# SQLite first, with the default configuration (no DATABASE_URL, no REDIS_URL); then the
# same suite on PostgreSQL (and Redis when REDIS_URL is set) when DATABASE_URL is set.
test: install-dev translations lint
	@$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$${DATABASE_URL:-}" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "DATABASE_URL is not set: the PostgreSQL run is skipped"; fi

test-sqlite:
	@echo "== pytest on SQLite"
	@mkdir -p staticfiles  # whitenoise warns on every request when STATIC_ROOT does not exist
	env -u DATABASE_URL -u REDIS_URL $(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== pytest on $${DATABASE_URL%%://*} (REDIS_URL=$${REDIS_URL:-unset})"
	@mkdir -p staticfiles
	$(VENV)/bin/pytest $(PYTEST_ARGS)

BENCH_ARGS ?= --urls /ru/ /ru/regions/karaganda/ --concurrency 20 --duration 15 --workers 2
bench: install-dev translations static
	$(PY) bench/pages.py $(BENCH_ARGS)

# 500 people at once for the last 100 places of an event; needs DATABASE_URL (PostgreSQL).
bench-events: install-dev
	$(PY) bench/events.py

# Vote ingestion against gunicorn on PostgreSQL (DATABASE_URL), exactly-once checked at the end.
# 100,000 proposals and 1,000,000 supports (filled once), pages and 1,000 concurrent supports.
bench-proposals: install-dev
	$(PY) bench/proposals.py

VOTES_ARGS ?=
bench-votes: install-dev
	$(PY) bench/votes.py $(VOTES_ARGS)

clean:
	rm -rf $(VENV) staticfiles .ruff_cache .pytest_cache test-results
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
