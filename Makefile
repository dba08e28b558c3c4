# The two commands of the README: `make run` and `make test`. Everything they need is
# installed here, into .venv, from the pinned requirement files.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test install install-dev lint format migrations-check bench-registration bench fault-pg-restart lighthouse clean

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

## Serve the site with the demo edition on http://127.0.0.1:8000 (admin at /admin/).
run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) setup_roles
	$(MANAGE) load_demo --if-empty --with-admin
	$(MANAGE) load_demo_users
	$(MANAGE) runserver 127.0.0.1:$(PORT)

## Run the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL).
test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

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

## Restart a private PostgreSQL cluster under load and check the site recovers.
fault-pg-restart: install
	$(BIN)/python -m portal.bench.fault_pg_restart

## Lighthouse 12.2.3 on the home, day, session and route pages (scripts/lighthouse.sh;
## installs it into node_modules; LIGHTHOUSE_PORT, LIGHTHOUSE_DATABASE_URL to override).
lighthouse: install
	bash scripts/lighthouse.sh

clean:
	rm -rf $(VENV) staticfiles media-test
