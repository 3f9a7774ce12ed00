# `make run`: set up and serve the portal on http://127.0.0.1:$(PORT) with demo data.
# `make test`: set up (browser included) and run every test; `make check`: everything but the browser tests.
PORT ?= 5000
BASE_URL ?= http://127.0.0.1:$(PORT)
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test check setup browser db clean bench

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

# Debian's Chromium for the browser tests and PostgreSQL for the throwaway server of tests/test_postgres.py.
browser:
	@command -v chromium >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium postgresql; }

test: setup browser
	$(PY) -m pytest

check: setup browser
	$(PY) -m pytest -m "not e2e" -q

bench: setup
	$(PY) scripts/bench.py

clean:
	rm -rf $(VENV) instance/portal.sqlite
