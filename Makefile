# Two commands matter: `make run` and `make test`. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: install run test lint db db-stop demo clean-db

install: $(VENV)/.installed db
	$(PY) manage.py migrate --noinput -v 0

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

db:
	@if [ -z "$$DATABASE_URL" ]; then portal/embedded_pg.sh start; else echo "using DATABASE_URL"; fi

db-stop:
	@portal/embedded_pg.sh stop

demo: install
	$(PY) manage.py loaddemo

run: demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install lint
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.test $(VENV)/bin/pytest

clean-db: db-stop
	rm -rf var/pg var/run
