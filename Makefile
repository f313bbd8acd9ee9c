# Entraide — the two commands are `make run` and `make test`; both install what is missing.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements-dev.lock
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist); CI has two cores. PYTEST_WORKERS=0 runs in this process.
PYTEST_WORKERS ?= 2
APT_PACKAGES := chromium chromium-driver libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext poppler-utils postgresql-client

.PHONY: backup restore run test install system-deps python-deps messages migrate demo worker beat lint check-deploy clean bench bench-deps load

run: install migrate demo ## Install, migrate, load the demo network and serve on http://127.0.0.1:8000
	@echo ""
	@echo "Entraide is served on http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install ## Install what is missing and run the whole test suite
	@status=0; $(BIN)/python -m pytest --ds=tests.settings -n $(PYTEST_WORKERS) $(PYTEST_ARGS) || status=$$?; \
	if [ $$status = 5 ]; then echo "pytest collected no test (exit code 5): the suite is missing or mis-configured." >&2; fi; \
	exit $$status

install: system-deps python-deps messages

# Debian packages: Chromium for the browser tests, WeasyPrint's libraries, gettext.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python $(LOCK) pyproject.toml
	$(BIN)/python -m pip install --quiet -r $(LOCK) 2> >(grep -v "^WARNING: Location" >&2)
	$(BIN)/python -m pip install --quiet --no-deps -e . 2> >(grep -v "^WARNING: Location" >&2)
	$(BIN)/python -m pip check
	@touch $(STAMP)

python-deps: $(STAMP)

messages: $(STAMP)
	@mkdir -p var
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

migrate: install
	$(BIN)/python manage.py migrate --noinput -v 0

demo: migrate
	$(BIN)/python manage.py load_demo

worker: install ## Celery worker (needs REDIS_URL)
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run a worker."; exit 1; }
	$(BIN)/celery -A entraide worker --loglevel=INFO

beat: install ## Celery beat with the schedules stored by django-celery-beat (needs REDIS_URL)
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run beat."; exit 1; }
	$(BIN)/celery -A entraide beat --loglevel=INFO

# Benchmark (bench/run.py; README "Speed"): BENCH_SCALE=1, BENCH_DURATION=10 seconds per run
# (BENCH_DURATION=2 for a smoke test), BENCH_DB=entraide_benchdata on local PostgreSQL.
bench: install bench-deps ## Build the bench history once, load every page beside a bare view, write bench/RESULTS.md
	$(BIN)/python bench/run.py

# Meeting-day load (bench/load.py, bench/locustfile.py; README "Speed"): LOAD_USERS=50,
# LOAD_DURATION=300 seconds, LOAD_DB=entraide_load_bench, LOAD_PORT=8290, LOAD_REDIS_URL db 10.
load: install ## 50 members sign in and use the next meeting for 5 minutes (locust); writes bench/RESULTS.md
	$(BIN)/python bench/load.py

# wrk, the load generator; without it bench/run.py falls back to a slower Python one.
bench-deps:
	@dpkg-query -W -f='$${Status}' wrk 2>/dev/null | grep -q "install ok installed" || { \
	  echo "Installing Debian packages: wrk"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  ( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null ) \
	  || echo "wrk could not be installed: the benchmark uses its Python load generator."; \
	}

# Backup and restore (README, "Backup and restore"): one archive with the database, the media
# folder and a manifest. BACKUP_DIR=var/backups, BACKUP_KEEP=0 (keep all).
BACKUP_DIR ?= var/backups
BACKUP_KEEP ?= 0
backup: install ## Write var/backups/entraide-backup-<date>.tar.gz (database + media + manifest)
	$(BIN)/python manage.py backup --output "$(BACKUP_DIR)" --keep $(BACKUP_KEEP)

restore: install ## Replace the database and media with FILE=<archive>, then migrate
	@test -n "$(FILE)" || { echo "Say which archive: make restore FILE=var/backups/entraide-backup-….tar.gz"; exit 1; }
	$(BIN)/python manage.py restore "$(FILE)" $(RESTORE_ARGS)

lint: install
	$(BIN)/python -m ruff check .

check-deploy: install
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=entraide.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var test-artifacts
