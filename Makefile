# `make run`: set up and serve the portal on http://127.0.0.1:$(PORT) with demo data.
# `make test`: set up (browser included) and run every test; `make check`: everything but the browser tests.
PORT ?= 5000
BASE_URL ?= http://127.0.0.1:$(PORT)
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
LIGHTHOUSE := .cache/lighthouse/node_modules/.bin/lighthouse
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test check setup browser services db clean bench serve

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['test']))" > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(VENV)/requirements.txt
	touch $@

setup: $(VENV)/.installed

db: setup
	PORTAL_ENV=development $(FLASK) db upgrade
	PORTAL_ENV=development $(FLASK) seed-demo

run: db
	PORTAL_ENV=development BASE_URL=$(BASE_URL) $(FLASK) run --host 127.0.0.1 --port $(PORT) --no-reload

# Debian's Chromium for the browser tests, PostgreSQL and Redis for the throwaway servers the tests start
# (tests/test_postgres.py, tests/scale/).
browser:
	@command -v chromium >/dev/null && command -v redis-server >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium postgresql redis-server; }

# The services of several machines, for `make serve` and `make bench` (wrk: the load generator of the bench).
services:
	@command -v redis-server >/dev/null && command -v wrk >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql redis-server wrk; }

test: setup browser
	$(PY) -m pytest

check: setup browser
	$(PY) -m pytest -m "not e2e" -q

bench: setup services browser $(LIGHTHOUSE)
	$(PY) scripts/bench.py

# Lighthouse 12 for the bench's mobile audit of the public pages (13 wants a newer Node than Debian's)
$(LIGHTHOUSE):
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }
	npm install --prefix .cache/lighthouse --silent --no-audit --no-fund lighthouse@12.8.2

# The production configuration on one machine: gunicorn (WORKERS processes), PostgreSQL kept in instance/postgres,
# a throwaway Redis; see "Varias máquinas" in the README.
WORKERS ?= 4
serve: setup services
	WORKERS=$(WORKERS) PORT=$(PORT) $(PY) scripts/serve.py

clean:
	rm -rf $(VENV) instance/portal.sqlite
