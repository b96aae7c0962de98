# Every routine job has a name here. The README's quick start uses `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The Spanish interface: the translations (.po) are kept in git, compiled (.mo) at set-up.
MESSAGES := locale/es/LC_MESSAGES/django

.PHONY: setup run test test-fast test-engine lint format bench load superuser jobs clean

# Two workers (this machine has two cores), each with its own test database and Chromium. Tests
# go out in the order pytest-django gives them (database tests before the live-server tests,
# whose flush empties the tables the data migrations filled), so not by file; and one at a time
# (--maxschedchunk=1): in larger chunks one worker took every browser test together and ran
# on for six minutes after the other had finished (the PostgreSQL pass took 892 s, not 832 s).
PYTEST := $(BIN)/pytest -n $(or $(TEST_WORKERS),2) --maxschedchunk=1
# Compiled modules (and pytest's rewritten test modules) are kept between runs, under the venv:
# where the environment says not to write them, each test process and each server a test starts
# compiled the project again (test-fast took 124 s instead of 106 s here).
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX ?= $(CURDIR)/$(VENV)/pycache

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(INSTALLED)

# compilemessages needs GNU gettext's msgfmt; Debian's gettext package has it.
$(MESSAGES).mo: $(MESSAGES).po $(INSTALLED)
	@command -v msgfmt >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gettext)
	$(BIN)/python manage.py compilemessages --ignore=.venv

setup: $(INSTALLED) $(MESSAGES).mo

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py publish_scheduled
	@echo
	@echo "  The site is at http://127.0.0.1:8000/"
	@echo "  Staff admin:   http://127.0.0.1:8000/admin/"
	@echo "  Create a staff account (in another terminal): make superuser"
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PYTEST)

# Everything but the browser and the slow tiers (servers, load, bench): for a quick check.
test-fast: setup
	$(PYTEST) -m "not browser and not slow"

# The tests whose result can depend on the database engine (those that use the database, outside
# the browser and slow tiers): CI runs them on SQLite after the whole suite on PostgreSQL.
test-engine: setup
	$(PYTEST) --engine-dependent

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Lighthouse comes from npm into var/lighthouse, once, at the version scripts/bench_first_screen.py
# names (the newest that runs on Debian's Node 20); it runs offline against Debian's Chromium.
LIGHTHOUSE_VERSION := 12.8.2

bench: setup
	@command -v wrk >/dev/null || (apt-get update && apt-get install -y --no-install-recommends wrk)
	@grep -qs '"version": "$(LIGHTHOUSE_VERSION)"' var/lighthouse/node_modules/lighthouse/package.json || npm install --prefix var/lighthouse --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)
	$(BIN)/python -m scripts.bench $(BENCH_ARGS)

# 50 visitors for 60 seconds under gunicorn on PostgreSQL (DATABASE_URL, else clinic_load on
# 127.0.0.1:5432); fails on any error. Shorter: make load LOAD_ARGS="--clients 10 --seconds 5"
load: setup
	$(BIN)/python -m scripts.loadtest $(LOAD_ARGS)

# The routine jobs cron runs every few minutes in production (README): publish what is due,
# send the day's review reminders, purge old requests and staff activity.
jobs: setup
	$(BIN)/python manage.py run_routine_jobs

# A first account: createsuperuser, then the one-time link where its second factor is set up.
superuser: setup
	@read -p "Username: " username && \
	$(BIN)/python manage.py createsuperuser --username "$$username" && \
	echo "Open this link to choose the second factor (it works once, for 72 hours):" && \
	$(BIN)/python manage.py staff_set_up_link "$$username"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-artifacts
