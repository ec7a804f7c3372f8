# Every target sets itself up first: python3 and make are all a machine needs.
# A stamp file per dependency set means a second run reinstalls nothing unless
# requirements*.txt or pyproject.toml changed.

SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8888
BROWSER_BIN ?= /usr/bin/chromium
START  := notebooks/00_start_here.ipynb
# Jupyter refuses to run as root unless told it may (containers, CI machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help lab app test test-fast test-notebooks notebooks validate browser bench lock clean

help:
	@echo "make lab        open the course in JupyterLab (sets everything up on first run)"
	@echo "make app        open the course as an app in Voila (code hidden)"
	@echo "make test       run every test: unit, content, notebooks (nbval), browser"
	@echo "make test-fast  run the unit tests only"
	@echo "make test-notebooks  check the notebooks only (nbval)"
	@echo "make notebooks  re-run every notebook in an empty progress store and save the outputs"
	@echo "make validate   check the course content in data/"
	@echo "make bench      run the benchmarks"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

lab: $(VENV)/.runtime
	@if [ -z "$$DISPLAY" ]; then echo "No display here: open the URL printed below in a browser."; fi
	$(VENV)/bin/jupyter lab --ip $(HOST) --port $(PORT) $(ROOT_FLAG) \
	  $$( [ -z "$$DISPLAY" ] && echo --no-browser ) $(START)

# The course's Voilà template (share/jupyter/voila/templates/course): text and widgets in one column.
app: $(VENV)/.runtime
	JUPYTER_PATH="$(CURDIR)/share/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH}" \
	$(VENV)/bin/voila --no-browser --Voila.ip=$(HOST) --port $(PORT) --template=course \
	  --VoilaConfiguration.file_allowlist="['.*\.(png|jpg|gif|svg|ics|html|md|json)']" notebooks/

# Debian's Chromium for the browser tests; never `playwright install` (it downloads a browser).
browser:
	@if [ -x "$(BROWSER_BIN)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's Chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "Chromium is not installed: browser tests will be skipped (enable them with: sudo apt-get install chromium)"; \
	fi

test: $(VENV)/.test browser
	$(PY) -m course_lib validate
	$(PY) -m course_lib lint
	$(PY) -m pytest

test-fast: $(VENV)/.test
	$(PY) -m pytest -m "not browser and not hub" tests

# nbval alone. Hypothesis's pytest plugin imports all of Hypothesis at the end of every run,
# and no notebook uses it. benchmarks/bench_nbval.py times this same command.
test-notebooks: $(VENV)/.test
	$(PY) -m pytest -p no:hypothesispytest notebooks

notebooks: $(VENV)/.runtime
	$(PY) -m course_lib build-notebooks

validate: $(VENV)/.runtime
	$(PY) -m course_lib validate

bench: $(VENV)/.test
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# Re-pin after changing dependencies in pyproject.toml (needs the network to PyPI).
lock:
	rm -rf /tmp/course-lock && $(PYTHON) -m venv /tmp/course-lock
	/tmp/course-lock/bin/pip install --quiet . && /tmp/course-lock/bin/pip uninstall --quiet -y course_lib
	/tmp/course-lock/bin/pip freeze --exclude-editable > /tmp/course-lock/runtime.txt
	/tmp/course-lock/bin/pip install --quiet ".[test]" && /tmp/course-lock/bin/pip uninstall --quiet -y course_lib
	/tmp/course-lock/bin/pip freeze --exclude-editable > /tmp/course-lock/all.txt
	{ sed -n '1,2p' requirements.txt; cat /tmp/course-lock/runtime.txt; } > requirements.txt.new && mv requirements.txt.new requirements.txt
	{ sed -n '1,3p' requirements-test.txt; comm -13 <(sort /tmp/course-lock/runtime.txt) <(sort /tmp/course-lock/all.txt); } > requirements-test.txt.new && mv requirements-test.txt.new requirements-test.txt

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts .cache
