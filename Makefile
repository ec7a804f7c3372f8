# Every target sets itself up first: python3 and make are all a machine needs.
# start.py does the set-up, opening and checking (the same code as `python start.py` on Windows);
# a stamp file per dependency set means a second run reinstalls nothing unless requirements*.txt
# or pyproject.toml changed.

SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8888
BROWSER_BIN ?= /usr/bin/chromium
SERVE  := --host $(HOST) --port $(PORT)
WHEELHOUSE ?= wheelhouse

.PHONY: help setup lab app check wheelhouse test test-fast test-notebooks notebooks validate browser bench lock clean

help:
	@echo "make lab        open the course in JupyterLab (sets everything up on first run)"
	@echo "make app        open the course as an app in Voila (code hidden)"
	@echo "make check      check this computer can run the course: one line per check, then a verdict"
	@echo "make setup      set up only: .venv with the pinned packages"
	@echo "make wheelhouse download every package for Windows, macOS and Linux into ./wheelhouse (WHEELHOUSE=DIR)"
	@echo "make test       run every test: unit, content, notebooks (nbval), browser"
	@echo "make test-fast  run the unit tests only"
	@echo "make test-notebooks  check the notebooks only (nbval)"
	@echo "make notebooks  re-run every notebook in an empty progress store and save the outputs"
	@echo "make validate   check the course content in data/"
	@echo "make bench      run the benchmarks"

# start.py checks the Python version first, makes .venv, installs the pinned set and writes the stamp.
$(VENV)/.runtime: requirements.txt pyproject.toml
	$(PYTHON) start.py setup

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(PYTHON) start.py setup --tests

setup: $(VENV)/.runtime

# JupyterLab on notebook 00, or the app view (Voilà, the course's template); a free port from PORT on.
lab:
	$(PYTHON) start.py lab $(SERVE)

app:
	$(PYTHON) start.py app $(SERVE)

check:
	$(PYTHON) start.py check $(SERVE)

wheelhouse:
	$(PYTHON) start.py wheelhouse $(WHEELHOUSE)

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
	$(PY) -m pytest -m "not browser and not hub and not slow" tests

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
