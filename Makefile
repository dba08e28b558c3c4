# The two commands of the README: `make run` and `make test`. Everything they need is
# installed here: Python packages into .venv from the pinned requirement files; for
# `make test` also the Node tools of package-lock.json into node_modules and, where the
# user may install Debian packages, the system tools its tests drive.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

# Test processes (pytest-xdist): one per core, at most 4 (each has its own database,
# live server and Chromium, and more would mostly wait on the database set-up).
# PYTEST_WORKERS=0 runs the suite in this process.
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$(( n > 4 ? 4 : n )))

# Debian packages the tests drive, as "command:package": Chromium for the browser tests
# (Playwright cannot download its own browser here), Java for the Nu Html Checker, npm
# for the Node tools, gettext's msgfmt for the catalogue check.
SYSTEM_TOOLS := chromium:chromium java:openjdk-17-jre-headless npm:npm msgfmt:gettext

.PHONY: run test install install-dev system-packages node-packages lint format migrations-check bench-registration bench bench-rush fault-pg-restart lighthouse clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

# Stamp files make the install steps run again only when a requirements file changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Only what is missing, only as root or with passwordless sudo (sudo -n never asks for a
# password), never interactively. Whatever cannot be installed is said here, and the
# tests that need it are reported as skipped, with the reason, at the end of the run.
system-packages:
	@missing=""; \
	for tool in $(SYSTEM_TOOLS); do \
	  command -v "$${tool%%:*}" >/dev/null 2>&1 || missing="$$missing $${tool#*:}"; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else echo "make test: not installed:$$missing (needs root or passwordless sudo); the tests that need them will be skipped"; exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then echo "make test: no apt-get to install$$missing; the tests that need them will be skipped"; exit 0; fi; \
	echo "make test: installing$$missing (apt-get)"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || \
	echo "make test: could not install$$missing; the tests that need them will be skipped"

# The Node tools (vnu-jar, lighthouse) pinned by package-lock.json. `npm ci` empties
# node_modules first, so the stamp goes with it and is written again once it succeeds;
# it runs again only when package.json or package-lock.json changes.
node_modules/.installed: package.json package-lock.json | system-packages
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "make test: npm is not installed; the HTML validity test will be skipped"; fi

node-packages: node_modules/.installed

## Serve the site with the demo edition on http://127.0.0.1:8000 (admin at /admin/), with
## the task worker that sends the e-mails (printed in this terminal) beside it.
# The worker runs in the background for as long as the server does: the trap stops it
# when runserver exits or Ctrl+C stops both.
run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) setup_roles
	$(MANAGE) load_demo --if-empty --with-admin
	$(MANAGE) load_demo_users
	@$(MANAGE) db_worker --queue-name "*" --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

## Run the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL), in
## PYTEST_WORKERS processes; PYTEST_ARGS adds pytest options.
# --dist loadfile: a worker runs whole files, so data a module builds once (the demo, a
# translated edition: module_database in conftest.py) is built once, not once per
# worker. (Not loadgroup: xdist 3.8.0 groups by rewriting item._nodeid, which pytest 9.2
# no longer reads, so its groups are ignored.) -rs lists each skipped test with its
# reason; conftest.py then counts them by reason.
test: install-dev system-packages node-packages
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -rs $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

migrations-check: install-dev
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

## Load test under gunicorn on PostgreSQL: pages cold and cached against a baseline view
## (portal/bench/pages.py; BENCH_DATABASE_URL, BENCH_PORT, BENCH_DURATION to override).
bench: install
	$(BIN)/python -m portal.bench.pages

## Registration under gunicorn + PostgreSQL: 8 clients, 300 registrations, then the truth.
bench-registration: install
	$(BIN)/python -m portal.bench.registration

## Readers of the open edition while clients register: quiet, rush, quiet again, then the
## truth (portal/bench/rush.py; BENCH_RUSH_DATABASE_URL, BENCH_REDIS_URL, BENCH_DURATION).
bench-rush: install
	$(BIN)/python -m portal.bench.rush

## Restart a private PostgreSQL cluster under load and check the site recovers.
fault-pg-restart: install
	$(BIN)/python -m portal.bench.fault_pg_restart

## Lighthouse 12.2.3 on the home, day, session and route pages (scripts/lighthouse.sh;
## installs it into node_modules; LIGHTHOUSE_PORT, LIGHTHOUSE_DATABASE_URL to override).
lighthouse: install
	bash scripts/lighthouse.sh

clean:
	rm -rf $(VENV) staticfiles media-test
