# Two commands matter: `make run` and `make test`. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: install run serve test lint db db-stop demo clean-db browser bench loadtest backup restore

install: $(VENV)/.installed db
	$(PY) manage.py migrate --noinput -v 0

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

db:
	@if [ -z "$$DATABASE_URL" ]; then portal/ops/embedded_pg.sh start; else echo "using DATABASE_URL"; fi

db-stop:
	@portal/ops/embedded_pg.sh stop

# The search index is derived: re-sync whatever a crash or a restore left behind before serving.
demo: install
	$(PY) manage.py loaddemo
	$(PY) manage.py search_index --check -v 0

run: demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production: gunicorn with DEBUG off, hashed and compressed static files, WEB_CONCURRENCY workers.
# With no environment set it serves the embedded cluster (with the demo articles) on loopback;
# a deployment sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and friends (README, "Production").
# Every step under the production settings (the demo then creates no admin/admin user).
serve: export DJANGO_SETTINGS_MODULE := portal.settings.prod
serve: install
	@if [ -z "$$DATABASE_URL" ]; then $(PY) manage.py loaddemo; fi
	$(PY) manage.py search_index --check -v 0
	$(PY) manage.py check --deploy --fail-level ERROR
	$(PY) manage.py collectstatic --noinput -v 0
	exec $(VENV)/bin/gunicorn -c portal/ops/gunicorn.conf.py --bind $${SERVE_HOST:-127.0.0.1}:$(PORT) portal.wsgi

# A consistent dump of the whole archive (pg_dump custom format) into var/backups/.
backup: install
	$(PY) manage.py backup

# Restores a dump made by `make backup` into an empty database: make restore BACKUP=path. Migrates
# after, not before: a dump taken before a newer migration is then brought up to date.
restore: $(VENV)/.installed db
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<file>.dump"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)"
	$(PY) manage.py migrate --noinput -v 0

# mypy with django-stubs over articles, portal and policy; strict on articles.korean, .ingest and
# .search (pyproject.toml, [tool.mypy]).
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# The browser tests drive Debian's headless Chromium; fonts-nanum so Korean renders as readers see it.
# Installed with apt when missing (root only); in CI (CI=true) a missing browser fails the tests.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-nanum >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -q chromium fonts-nanum >/dev/null \
	      || { apt-get update -q >/dev/null && apt-get install -y -q chromium fonts-nanum >/dev/null; }; \
	  else echo "chromium or fonts-nanum missing: apt-get install chromium fonts-nanum to run the browser tests"; fi; \
	fi

# pytest-xdist: one worker per core (the suite is about 1,300 tests, most of them on the database).
test: install lint browser
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.test $(VENV)/bin/pytest -n auto

# Benchmarks (not part of `make test`): BENCH_SIZES="10000 100000" by default; results in bench/.
bench: install
	$(PY) -m pip install -q -e '.[dev,bench]'
	bash bench/run.sh

# The load test of bench/RESULTS.md (not part of `make test`): locust against `make serve`'s
# server on loopback, on an archive of LOADTEST_ARTICLES synthetic articles, for a bounded time.
loadtest: install
	$(PY) -m pip install -q -e '.[dev,load]'
	bash bench/loadtest/run.sh

clean-db: db-stop
	rm -rf var/pg var/run
