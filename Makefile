# Trust Console. `make run` serves the console; `make test` runs every test.
# Both create .venv and install requirements.txt on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test chromium check clean bench serve

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ensure_demo_admin
	@echo "Trust Console: http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed chromium
	$(PY) -m pytest $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium; install it where we can.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| echo "Browser tests will be skipped: installing chromium with apt-get failed."; \
	else \
		echo "Browser tests will be skipped: /usr/bin/chromium is missing and installing it needs root and apt-get."; \
	fi

# Production serving: gunicorn, WhiteNoise for static files, DEBUG=0 (needs SECRET_KEY, ALLOWED_HOSTS
# and CONSOLE_ENCRYPTION_KEY; see README). WORKERS processes share state only through the database.
WORKERS ?= 2
serve: $(VENV)/.installed
	DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 $(PY) manage.py migrate --noinput
	DEBUG=0 $(VENV)/bin/gunicorn admin_console.wsgi:application --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

check: $(VENV)/.installed
	$(PY) manage.py check

clean:
	rm -rf $(VENV) test-output

# Speed and query figures (ratios against a baseline in the same process); see benchmarks/run.py.
bench: $(VENV)/.installed
	$(PY) benchmarks/run.py
